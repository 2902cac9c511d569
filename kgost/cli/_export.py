"""Interchange subcommands: export (every format, provenance kept) and load (read and report)."""

from __future__ import annotations

import argparse

from kgost.cli._main import add_command, add_input_size_option, add_limit_options, emit, file_path, load_graph, progress

__all__ = ["register"]

_FORMATS = ("trig", "nquads", "jsonld", "turtle", "nt", "rdfxml")  # kgost.readwrite._export.EXPORT_FORMATS
_INPUT_FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld", "rdfxml", "n3")  # kgost.readwrite._io.RDF_FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``export`` and ``load`` subcommands to the ``kgost`` parser."""
    p = add_command(subparsers, "export", _export, "write the whole graph, provenance included, as RDF")
    p.add_argument(
        "--format",
        choices=_FORMATS,
        help="trig, nquads, jsonld keep the named graphs (provenance); turtle, nt, rdfxml need --graph"
        " (default: from the -o extension, else trig)",
    )
    p.add_argument(
        "--graph",
        metavar="union|IRI",
        help="'union': all graphs merged into one, provenance left out; an IRI or compact IRI (s:e01-2): that graph only",
    )
    p.add_argument("--profile", choices=("kgost", "schema"), default="kgost", help="kgost terms (default) or the schema.org view")
    p.add_argument("--frame", metavar="NAME", help="JSON-LD only: nest the output with a bundled frame (songs)")
    p.add_argument("--canonical", action="store_true", help="nt/nquads only: canonical form (RDFC-1.0), for hashing")
    add_limit_options(p)

    p = subparsers.add_parser(
        "load",
        help="parse RDF files in any format kgost reads and report what they hold",
        description="Parse RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) and report their"
        " quads and graphs; exit 2 with file:line:column on the first malformed file.",
    )
    p.set_defaults(handler=_load)
    p.add_argument("files", nargs="+", metavar="FILE", type=file_path, help="RDF files")
    p.add_argument(
        "--format", "--data-format", dest="format", choices=_INPUT_FORMATS, help="format of every FILE (default: from each extension)"
    )
    add_input_size_option(p)


def _export(args: argparse.Namespace) -> int:
    from kgost.readwrite._export import export

    kg = load_graph(args)
    with progress(args).step(f"exporting {args.format or 'trig'}"):
        text = export(
            kg,
            format=args.format,
            graph=args.graph,
            profile=args.profile,
            frame=args.frame,
            canonical=args.canonical,
            output=args.output,
            timeout=args.timeout,
            max_memory=args.max_memory,
            force=args.force,
        )
    if args.output is None:
        emit(args, text)
    return 0


def _load(args: argparse.Namespace) -> int:
    from kgost.readwrite._io import guess_format, read_rdf

    lines = []
    total: set = set()
    for path in args.files:
        quads = read_rdf(path, format=args.format, max_size=args.max_input_size)
        graphs = {q[3] for q in quads}
        triples = {q[:3] for q in quads}
        total.update(quads)
        name = guess_format(path, format=args.format)
        lines.append(
            f"{path}: {_count(len(quads), 'quad')} ({_count(len(triples), 'distinct triple')}) in {_count(len(graphs), 'graph')} [{name}]"
        )
    if len(args.files) > 1:
        lines.append(f"total: {_count(len(total), 'quad')} in {_count(len({q[3] for q in total}), 'graph')}")
    emit(args, "\n".join(lines))
    return 0


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
