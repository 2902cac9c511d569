"""Growing the graph from the command line: ``kgost add`` (entry files) and ``kgost extract`` (drafts)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kgost.cli._main import emit, file_path
from kgost._errors import InputError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``add`` and ``extract`` to the ``kgost`` parser."""
    help = "add YAML or CSV entries to a store: validated, all or nothing"
    p = subparsers.add_parser("add", help=help, description=help[0].upper() + help[1:] + ".")
    p.set_defaults(handler=_add)
    p.add_argument("files", nargs="+", metavar="FILE", type=file_path, help="entry files (.yaml, .yml, .csv)")
    p.add_argument("--store", metavar="SPEC", help="the store to add to: oxigraph:PATH (on disk, created with the bundled article if new), oxigraph, or memory (the default: kept for this run only)")
    p.add_argument("--dry-run", action="store_true", help="print what would be added (TriG) and the validation report; write nothing")
    p.add_argument("--no-bundled", action="store_true", help="a new store starts empty instead of holding the bundled article")

    help = "draft entries (YAML) from the text of a 'top N OSTs' article, for a person to review"
    p = subparsers.add_parser("extract", help=help, description=help[0].upper() + help[1:] + ".")
    p.set_defaults(handler=_extract)
    p.add_argument("article", metavar="ARTICLE", type=file_path, help="the article as plain text")
    p.add_argument("-o", "--output", metavar="FILE", type=file_path, help="write the draft to FILE (atomically) instead of stdout")


def _add(args: argparse.Namespace) -> int:
    from kgost._graph import KnowledgeGraph, load

    spec = args.store or "memory"
    path = spec[len("oxigraph:"):] if spec.startswith("oxigraph:") else None
    if path is not None:
        # An on-disk store is only read (read-only) until the addition is known to be valid, so a
        # refused addition leaves its files byte-identical; a new one is created only then.
        from kgost.stores._oxigraph import OxigraphStore

        exists = Path(path).exists()
        kg = KnowledgeGraph(store=OxigraphStore(path=path, read_only=True)) if exists else load(bundled=not args.no_bundled, store="oxigraph")
        addition = kg.add_entries(args.files, dry_run=True)
        if not args.dry_run and (addition.quads or not exists):
            quads = addition.quads if exists else [*kg.store.quads(), *addition.quads]
            del kg  # release the read-only view before opening the store for writing
            with OxigraphStore(path=path) as store:
                store.add(quads)
    else:
        from kgost.stores._registry import make_store

        kg = KnowledgeGraph(store=make_store(spec))
        if not args.no_bundled and not kg.sparql_raw("ASK { GRAPH ?g { ?s ?p ?o } }").boolean:
            kg = load(store=kg.store)
        addition = kg.add_entries(args.files, dry_run=args.dry_run)
    if args.dry_run:
        emit(args, (addition.to_trig() or "# nothing to add\n") + "\n" + str(addition.report) + "\n" + str(addition))
    else:
        addition.dry_run = False
        print(addition)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from kgost.entries._extract import draft_yaml, extract

    if not args.article.is_file():
        raise InputError(f"no such file: {str(args.article)!r}")
    draft = extract(args.article)
    emit(args, draft_yaml(draft))
    if args.output is not None:
        reviews = sum(1 for _ in _marks(draft))
        print(f"wrote {args.output}: {len(draft['entries'])} entries, {reviews} marked for review", file=sys.stderr)
    return 0


def _marks(value: object):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        if "review" in value:
            yield value["review"]
        for sub in value.values():
            yield from _marks(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _marks(sub)
