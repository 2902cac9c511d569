"""The ``kgost`` command line: subcommands wired in one place, errors as ``Type: message``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from kgost._errors import InputError, KgostError
from kgost._store import ENGINES

__all__ = ["main", "build_parser"]

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kgost`` command; return its exit status.

    Exit status: 0 success, 1 a negative answer (the data does not conform, an ASK query is
    false, two entities are not connected, no fact matches), 2 bad input or usage (including a
    name that denotes no entity); errors are printed on stderr as ``Type: message``.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KgostError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `kgost export | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    from kgost import __version__
    from kgost import _cli_core, _cli_query, _cli_network, _cli_export, _cli_grow

    parser = _Parser(
        prog="kgost",
        description="kgost: the K-drama OST knowledge graph. Load, validate, query, connect and export it.",
    )
    parser.add_argument("--version", action="version", version=f"kgost {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    # Every topic registers its subcommands here, in the order `kgost --help` lists them.
    for topic in (_cli_core, _cli_query, _cli_network, _cli_export, _cli_grow):
        topic.register(subparsers)
    return parser


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``UsageError: message`` line (exit 2), like kgost's own."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"UsageError: {self.prog}: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


def add_command(subparsers, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    """Add a subcommand that reads the graph: its handler, the graph options and ``-o``."""
    parser = subparsers.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
    parser.set_defaults(handler=handler)
    add_graph_options(parser)
    add_output_option(parser)
    return parser


def add_graph_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads the graph."""
    group = parser.add_argument_group("graph")
    group.add_argument(
        "--data",
        metavar="FILE",
        action="append",
        default=[],
        type=file_path,
        help="also load this RDF file (repeatable; format from the extension)",
    )
    group.add_argument(
        "--data-format",
        metavar="FORMAT",
        help="format of the files given, when their extensions do not tell (turtle, trig, nt, nquads, jsonld, rdfxml, n3)",
    )
    group.add_argument("--no-bundled", action="store_true", help="leave out the bundled ontology and article data")
    group.add_argument(
        "--engine", choices=ENGINES, default="rdflib", help="storage engine (default: rdflib; oxigraph needs kgost[oxigraph])"
    )


def load_graph(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Load the graph the shared graph options describe."""
    from kgost._graph import load

    if args.data_format and not args.data:
        raise InputError("--data-format applies to --data files, and none is given")
    return load(*args.data, bundled=not args.no_bundled, store=args.engine, format=args.data_format)


def file_path(text: str) -> Path:
    """An argparse type: a file path, never empty (``Path("")`` would quietly mean the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("empty file name")
    return Path(text)


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o/--output FILE``: write there (atomically) instead of stdout."""
    parser.add_argument("-o", "--output", metavar="FILE", type=file_path, help="write to FILE (atomically) instead of stdout")


def emit(args: argparse.Namespace, content: str | bytes) -> None:
    """Print ``content`` on stdout, or write it atomically to ``args.output``."""
    from kgost._io import write_atomic

    data = content.encode("utf-8") if isinstance(content, str) else content
    output = getattr(args, "output", None)
    if output is not None:
        write_atomic(output, data)
        return
    if isinstance(content, str):
        sys.stdout.write(content if content.endswith("\n") or not content else content + "\n")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    sys.stdout.flush()
