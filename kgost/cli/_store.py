"""``kgost store init|load|info|drop``: manage a persistent store (Oxigraph on disk, a SPARQL server)."""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import asdict

from kgost.cli._main import add_store_option, emit, file_path
from kgost._errors import InputError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kgost store`` and its subcommands to the ``kgost`` parser."""
    parser = subparsers.add_parser(
        "store", help="manage a persistent store: init, load, info, drop",
        description="Manage a persistent store (--store oxigraph:PATH or sparql:URL).",
    )
    commands = parser.add_subparsers(title="store commands", metavar="ACTION", required=True)
    p = commands.add_parser("init", help="create the store (if needed) with the bundled ontology and data")
    p.set_defaults(handler=_init)
    add_store_option(p)
    p = commands.add_parser("load", help="add RDF files to the store, all or nothing")
    p.set_defaults(handler=_load)
    add_store_option(p)
    p.add_argument("files", nargs="+", metavar="FILE", type=file_path, help="RDF files (format from the extension)")
    p.add_argument("--data-format", metavar="FORMAT", help="format of the files, when their extensions do not tell")
    p = commands.add_parser("info", help="what the store holds and can do")
    p.set_defaults(handler=_info)
    add_store_option(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p = commands.add_parser("drop", help="remove every quad (and an oxigraph:PATH store's folder)")
    p.set_defaults(handler=_drop)
    add_store_option(p)


def _open(args: argparse.Namespace, *, read_only: bool):  # type: ignore[no-untyped-def]
    from kgost.stores._registry import make_store

    store = make_store(args.store, read_only=read_only)
    if not store.capabilities.persistent:
        store.close()
        raise InputError(
            f"the {args.store} store lives only in this process; give a persistent one: --store oxigraph:PATH or --store sparql:URL"
        )
    return store


def _init(args: argparse.Namespace) -> int:
    from kgost._graph import KnowledgeGraph, holds_bundled
    from kgost.readwrite._bundled import bundled_quads

    with KnowledgeGraph(store=_open(args, read_only=False)) as kg:
        if holds_bundled(kg):
            emit(args, f"{args.store} already holds the bundled ontology and data: {len(kg)} quads")
            return 0
        added = kg.store.add(bundled_quads())
        emit(args, f"{args.store}: added the bundled ontology and data ({added} quads); it holds {len(kg)} quads")
    return 0


def _load(args: argparse.Namespace) -> int:
    from kgost._graph import KnowledgeGraph

    with KnowledgeGraph(store=_open(args, read_only=False)) as kg:
        added = kg.add(*args.files, format=args.data_format)
        emit(args, f"{args.store}: added {added} quads from {len(args.files)} file(s); it holds {len(kg)} quads")
    return 0


def _info(args: argparse.Namespace) -> int:
    from kgost._graph import KnowledgeGraph, holds_bundled

    with KnowledgeGraph(store=_open(args, read_only=True)) as kg:
        (graphs,) = kg.sparql_raw("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]
        info = {
            "store": args.store,
            "engine": kg.store.name,
            "quads": len(kg),
            "graphs": int(graphs or 0),  # type: ignore[call-overload]
            "bundled": holds_bundled(kg),
            "capabilities": asdict(kg.store.capabilities),
        }
    if args.format == "json":
        emit(args, json.dumps(info, indent=2))
        return 0
    yes = {True: "yes", False: "no"}
    caps = info["capabilities"]
    lines = [
        f"store: {info['store']} ({info['engine']} engine)",
        f"holds: {info['quads']} quads in {info['graphs']} named graphs",
        f"bundled ontology and data: {yes[info['bundled']]}",
        f"default graph is the union of the named graphs: {yes[caps['union_default_graph']]}"
        + ("" if caps["set_union"] else " (a triple in several graphs is matched once per graph: oxigraph#1919)"),
        f"persistent: {yes[caps['persistent']]}; remote: {yes[caps['remote']]}; one add is one transaction: {yes[caps['transactions']]}",
        f"blank nodes: {'kept' if caps['blank_nodes'] else 'skolemised (.well-known/genid IRIs)'}",
    ]
    emit(args, "\n".join(lines))
    return 0


def _drop(args: argparse.Namespace) -> int:
    store = _open(args, read_only=False)
    with store:
        store.clear()
    from kgost.stores._oxigraph import OxigraphStore

    path = store.path if isinstance(store, OxigraphStore) else None
    if path is not None:
        shutil.rmtree(path)  # _open checked that it is an Oxigraph store folder
        emit(args, f"{args.store}: removed the store and its folder {path}")
    else:
        emit(args, f"{args.store}: removed every quad")
    return 0
