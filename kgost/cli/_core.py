"""Core subcommands: overview, validate, stats, sources."""

from __future__ import annotations

import argparse

from kgost.cli._main import add_command, add_limit_options, emit, file_path, load_graph, progress

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the core subcommands to the ``kgost`` parser."""
    add_command(subparsers, "overview", _overview, "load and validate the graph; print what it holds and headline connections")

    p = add_command(subparsers, "validate", _validate, "validate the graph (and FILES) against the SHACL shapes")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate together with the bundled data")
    p.add_argument("--alone", action="store_true", help="validate FILES with the ontology only, not the bundled data")
    p.add_argument("--shapes", metavar="FILE", type=file_path, help="use these SHACL shapes (any RDF format) instead of kgost's")
    p.add_argument(
        "--validator", choices=("auto", "sparql", "pyshacl"), default="auto",
        help="sparql: the shapes as SPARQL queries on the store; pyshacl: the reference validator; "
        "auto (default): sparql when the store and shapes allow it, else pyshacl, saying so",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    add_limit_options(p)

    p = add_command(subparsers, "stats", _stats, "count entities per class, triples and sources")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    p = add_command(subparsers, "sources", _sources, "show the article sentences a fact comes from")
    p.add_argument("subject", help='a name, compact IRI or IRI, e.g. Orbit, "Stay with Me", person:chanyeol')
    p.add_argument("predicate", nargs="?", help="a kgost term (memberOf, releaseDate) or an IRI or compact IRI")
    p.add_argument("object", nargs="?", help="literal text, a name, or an IRI or compact IRI")


def _overview(args: argparse.Namespace) -> int:
    from kgost._overview import overview

    result = overview(load_graph(args))
    emit(args, str(result))
    return 0 if result.report.conforms else 1


def _validate(args: argparse.Namespace) -> int:
    from kgost.cli._main import open_store
    from kgost._graph import load

    files = [*args.files, *args.data]
    args.data = files  # FILEs, like --data, are not written into a persistent store
    with progress(args).step("loading"):
        kg = load(
            *files, bundled=False if args.no_bundled or args.alone else None, store=open_store(args), format=args.data_format,
            max_input_size=args.max_input_size,
        )
    if args.alone:
        from kgost.readwrite._bundled import ontology_quads

        kg.store.add(ontology_quads())
    with progress(args).step("validating"):
        report = kg.validate(shapes=args.shapes, engine=args.validator, timeout=args.timeout, max_memory=args.max_memory)
    emit(args, report.to_json() if args.format == "json" else str(report))
    return 0 if report.conforms else 1


def _stats(args: argparse.Namespace) -> int:
    result = load_graph(args).stats()
    emit(args, result.to_json() if args.format == "json" else str(result))
    return 0


def _sources(args: argparse.Namespace) -> int:
    found = load_graph(args).sources(args.subject, args.predicate, args.object)
    emit(args, "\n".join(str(s) for s in found) if found else "no facts match")
    return 0 if found else 1
