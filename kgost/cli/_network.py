"""Network subcommands: connect, shared-members, central, network."""

from __future__ import annotations

import argparse
import json
import sys

from kgost.cli._main import add_command, emit, load_graph
from kgost._errors import InputError

__all__ = ["register"]

_VIEWS = ("artist", "full", "people", "songs")
_FORMATS = ("graphml", "gexf", "json", "png", "svg", "html")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the network subcommands to the ``kgost`` parser."""
    p = add_command(subparsers, "connect", _connect, "explain the shortest connections between two entities")
    p.add_argument("source", help="a name (any label), compact IRI or IRI, e.g. Chanyeol")
    p.add_argument("target", help="another one, e.g. 'Song Joongki'")
    p.add_argument("--max", type=int, default=10, metavar="N", help="show at most N paths (default: 10)")
    p.add_argument("--view", choices=("artist", "full"), default="artist",
                   help="artist: people, groups, songs, series (default); full: every entity")
    p.add_argument("--quotes", action="store_true", help="quote the sentence behind each step")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    p = add_command(subparsers, "shared-members", _shared_members,
                 "list groups and sub-units with overlapping members and the songs they link")
    p.add_argument("--group", metavar="NAME", help="only this group, e.g. EXO")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    p = add_command(subparsers, "central", _central, "rank the most connected entities (degree and betweenness)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many entities (default: 10)")
    p.add_argument("--by", choices=("degree", "betweenness"), default="degree", help="ranking (default: degree)")
    p.add_argument("--view", choices=_VIEWS, default="artist", help="which network view (default: artist)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    p = add_command(subparsers, "network", _network,
                 "export a network view as GraphML, GEXF or node-link JSON, draw it as PNG or SVG, "
                 "or as one interactive HTML page")
    p.add_argument("--view", choices=_VIEWS, default="artist",
                   help="artist (default): people, groups, songs, series; full: typed multigraph of the RDF; "
                        "people: person-person projection; songs: song-song projection")
    p.add_argument("--format", choices=_FORMATS, help="output format (default: from -o's extension, else graphml)")
    p.add_argument("--around", metavar="NAME", help="only the entity NAME and its neighbourhood")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="hops around --around (default: 1)")
    drawing = p.add_argument_group("drawing (png, svg; needs pip install 'kgost[viz]', in a clone pip install -e '.[viz]')")
    drawing.add_argument("--seed", type=_seed, default=7, help="layout seed, 0 to 4294967295 (default: 7)")
    drawing.add_argument("--dpi", type=int, default=100, help="PNG resolution (default: 100)")
    drawing.add_argument("--title", help="title above the drawing (png, svg) or of the page (html)")
    labels = drawing.add_mutually_exclusive_group()
    labels.add_argument("--edge-labels", dest="edge_labels", action="store_true", default=None,
                        help="write relations on edges (default: only for up to 30 edges)")
    labels.add_argument("--no-edge-labels", dest="edge_labels", action="store_false")


def _connect(args: argparse.Namespace) -> int:
    found = load_graph(args).connect(args.source, args.target, max_paths=args.max, view=args.view)
    emit(args, found.to_json() if args.format == "json" else found.describe(quotes=args.quotes))
    return 0 if found.connected else 1


def _shared_members(args: argparse.Namespace) -> int:
    found = load_graph(args).shared_members(group=args.group)
    emit(args, found.to_json() if args.format == "json" else str(found))
    return 0


def _central(args: argparse.Namespace) -> int:
    ranked = load_graph(args).central(view=args.view, top=args.top, by=args.by)
    if args.format == "json":
        emit(args, json.dumps([json.loads(c.to_json()) for c in ranked], ensure_ascii=False, indent=2))
    else:
        width = len(str(len(ranked)))
        lines = [f"Most connected entities of the {args.view} view, by {args.by}:"]
        lines += [f"{i:>{width}}. {c.sentence}" for i, c in enumerate(ranked, start=1)]
        emit(args, "\n".join(lines))
    return 0


def _network(args: argparse.Namespace) -> int:
    from kgost.networks._io import NETWORK_FORMATS, export_network

    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        fmt = next((name for name, exts in NETWORK_FORMATS.items() if suffix in exts), "graphml")
    if args.around is None and args.depth != 1:
        raise InputError("--depth only applies with --around NAME")
    if fmt in ("png", "svg") and args.output is None and sys.stdout is not None and sys.stdout.isatty():
        raise InputError(f"{fmt} is not for a terminal; write it to a file with -o FILE.{fmt}")
    graph = load_graph(args).network(view=args.view, around=args.around, depth=args.depth)
    if args.format is None and args.output is None and sys.stdout.isatty():  # not XML on a terminal
        emit(args, _summary(args, graph))
        return 0
    options = {"seed": args.seed, "dpi": args.dpi, "title": args.title, "edge_labels": args.edge_labels}
    drawn = fmt in ("png", "svg")
    if fmt == "html" and (args.seed != 7 or args.dpi != 100 or args.edge_labels is not None):
        raise InputError("--seed, --dpi and --edge-labels only apply to png and svg; html takes --title only")
    if not drawn and fmt != "html" and (args.seed != 7 or args.dpi != 100 or args.title or args.edge_labels is not None):
        raise InputError(f"--seed, --dpi, --title and --edge-labels only apply to png and svg, not {fmt}")
    title = {"title": args.title} if fmt == "html" and args.title else {}
    emit(args, export_network(graph, format=fmt, **(options if drawn else title)))
    if args.output is not None:
        print(f"wrote the {args.view} view ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges) "
              f"as {fmt} to {args.output}", file=sys.stderr)
    return 0


def _summary(args: argparse.Namespace, graph) -> str:  # type: ignore[no-untyped-def]
    """What ``kgost network`` would write, and how to write it, for a terminal."""
    from collections import Counter

    kinds = Counter(str(data.get("kind", "other")) for _, data in graph.nodes(data=True))
    held = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0])))
    around = f" around {args.around}" if args.around else ""
    return (
        f"The {args.view} view{around} has {graph.number_of_nodes()} nodes ({held}) and {graph.number_of_edges()} edges.\n"
        f"Write it to a file: kgost network --view {args.view} -o {args.view}.graphml (or .gexf, .json, .png, .svg, .html);\n"
        "or pipe it (kgost network | less) or give --format to print it here."
    )


def _seed(text: str) -> int:
    """An argparse type: a layout seed numpy accepts."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= seed < 2**32:
        raise argparse.ArgumentTypeError(f"{seed} is not between 0 and 4294967295")
    return seed
