"""The ``kgost`` command line: subcommands wired in one place, errors as ``Type: message``."""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from kgost._errors import InputError, KgostError, KgostWarning
from kgost._limits import DEFAULT_MAX_INPUT_SIZE

__all__ = ["main", "build_parser"]

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kgost`` command; return its exit status.

    Exit status: 0 success, 1 a negative answer (the data does not conform, an ASK query is
    false, two entities are not connected, no fact matches), 2 bad input or usage (including a
    name that denotes no entity); errors are printed on stderr as ``Type: message``.
    """
    if list(sys.argv[1:] if argv is None else argv)[:1] == ["--version"]:  # before building the parser
        from kgost._version import __version__

        print(f"kgost {__version__}")
        raise SystemExit(0)  # as argparse's version action exits
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:  # bare `kgost`: the help, as git and pip show it
        parser.print_help()
        return 0
    _merge_graph_options(parser, args)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", KgostWarning)
            status = int(args.handler(args))
        for warning in caught:  # one line each, as errors are; other warnings as Python shows them
            if issubclass(warning.category, KgostWarning):
                print(f"{warning.category.__name__}: {warning.message}", file=sys.stderr)
            else:
                warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
        return status
    except KgostError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `kgost export | head`: the reader has all it wants
        _discard_stdout()
        return 0
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    from kgost._version import __version__
    from kgost.cli import _core as _cli_core, _query as _cli_query, _network as _cli_network, _export as _cli_export, _store as _cli_store, _grow as _cli_grow, _serve as _cli_serve
    from kgost.cli import _generate as _cli_generate

    parser = _Parser(
        prog="kgost",
        description="kgost: the K-drama OST knowledge graph. Load, validate, query, connect and export it.",
    )
    parser.add_argument("--version", action="version", version=f"kgost {__version__}")
    add_graph_options(parser, before_command=True)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    # Every topic registers its subcommands here, in the order `kgost --help` lists them.
    for topic in (_cli_core, _cli_query, _cli_network, _cli_export, _cli_store, _cli_grow, _cli_generate, _cli_serve):
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
    parser.set_defaults(handler=handler, reads_graph=True)
    add_graph_options(parser)
    add_output_option(parser)
    return parser


def add_graph_options(parser: argparse.ArgumentParser, *, before_command: bool = False) -> None:
    """Options shared by every command that reads the graph, defined once: after the command
    (``kgost overview --engine oxigraph``) and, with ``before_command``, before it
    (``kgost --engine oxigraph overview``), under the ``GRAPH_OPTIONS`` dests prefixed ``global_``.
    Given in both places, the command's own value wins (``--data`` files add up)."""
    group = parser.add_argument_group("graph options (before or after the command)")
    prefix = "global_" if before_command else ""
    for flags, options in _GRAPH_OPTIONS:
        dest = prefix + flags[0].lstrip("-").replace("-", "_")
        # The defaults live on the main parser only, so a subcommand's unset option leaves the
        # value given before the command alone.
        default = options.get("default") if before_command else argparse.SUPPRESS
        group.add_argument(*flags, dest=dest, **{**options, "default": default})


def _merge_graph_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Give each graph option its value, from after the command, else from before it."""
    reads_graph = vars(args).pop("reads_graph", False)
    for (flags, options), dest in zip(_GRAPH_OPTIONS, _graph_dests()):
        before = vars(args).pop("global_" + dest)
        if not reads_graph:
            if before != options.get("default"):
                parser.error(f"{'/'.join(flags)} applies to commands that read the graph, not this one")
            continue
        if dest == "data":
            setattr(args, dest, before + vars(args).get(dest, []))
        elif dest not in vars(args):
            setattr(args, dest, before)


def _graph_dests() -> list[str]:
    return [flags[0].lstrip("-").replace("-", "_") for flags, _ in _GRAPH_OPTIONS]


def add_store_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--store SPEC`` (alias ``--engine``): the store a command that manages stores works on."""
    flags, options = _STORE_OPTION
    parser.add_argument(*flags, dest="store", **options)


def open_store(args: argparse.Namespace, *, read_only: bool = True):  # type: ignore[no-untyped-def]
    """The store ``--store`` names; a persistent or remote one is opened read-only unless asked,
    and ``--data`` is refused there (it would write the files into it for good)."""
    from kgost.stores._registry import make_store

    store = make_store(args.store, read_only=read_only)
    if getattr(args, "data", None) and store.capabilities.persistent:
        store.close()
        raise InputError(
            f"--data would add files to the store {args.store} for good; load them with:"
            f" kgost store load --store {args.store} FILE..."
        )
    return store


def load_graph(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Load the graph the shared graph options describe."""
    from kgost._graph import load

    if args.data_format and not args.data:
        raise InputError("--data-format applies to --data files, and none is given")
    with progress(args).step(_loading(args.data)):
        return load(
            *args.data, bundled=False if args.no_bundled else None, store=open_store(args), format=args.data_format,
            max_input_size=args.max_input_size,
        )


def progress(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The command's progress display on stderr: silent with ``--quiet`` or when stderr is not a
    terminal (made once per command and kept on ``args``, never in a global)."""
    from kgost._progress import Progress

    if getattr(args, "progress", None) is None:
        args.progress = Progress(enabled=False if getattr(args, "quiet", False) else None)
    return args.progress


def _loading(paths: Sequence[Path]) -> str:
    names = ", ".join(Path(p).name for p in paths[:3]) + (", ..." if len(paths) > 3 else "")
    return f"loading {names}" if paths else "loading"


def add_input_size_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--max-input-size SIZE``: the largest input file kgost reads (for commands that read files
    but not the graph; the graph options hold the same option)."""
    flags, options = _INPUT_SIZE_OPTION
    parser.add_argument(*flags, **options)


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """``--timeout SECONDS`` and ``--max-memory SIZE``: bounds on the command's work (LimitError, exit 2)."""
    group = parser.add_argument_group("limits")
    group.add_argument(
        "--timeout", metavar="SECONDS", type=seconds,
        help="stop with LimitError (exit 2) when the work takes longer than this (default: no limit)",
    )
    group.add_argument(
        "--max-memory", metavar="SIZE", type=size,
        help="stop with LimitError (exit 2) when the work needs more memory than SIZE (e.g. 1G; default: no limit)",
    )


def size(text: str) -> int:
    """An argparse type: a size in bytes, or with a unit (``64M``)."""
    from kgost._limits import parse_size

    try:
        return parse_size(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 1e9:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def file_path(text: str) -> Path:
    """An argparse type: a file path, never empty (``Path("")`` would quietly mean the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("empty file name")
    return Path(text)


#: ``--store SPEC`` (alias ``--engine``): one spec string names the store, on every command.
_STORE_OPTION: tuple[tuple[str, ...], dict[str, Any]] = (
    ("--store", "--engine"),
    dict(metavar="SPEC", default="memory",
         help="the store: memory (default), oxigraph, oxigraph:PATH (on disk), sparql:URL (a SPARQL endpoint)"),
)
#: ``--max-input-size SIZE``: the largest input file kgost reads.
_INPUT_SIZE_OPTION: tuple[tuple[str, ...], dict[str, Any]] = (
    ("--max-input-size",),
    dict(metavar="SIZE", type=size, default=DEFAULT_MAX_INPUT_SIZE,
         help="refuse input files larger than SIZE (bytes, or with K, M, G; default: 256M)"),
)
_GRAPH_OPTIONS: list[tuple[tuple[str, ...], dict[str, Any]]] = [
    (("--data",), dict(metavar="FILE", action="append", default=[], type=file_path,
                       help="also load this RDF file (repeatable; format from the extension)")),
    (("--data-format",), dict(metavar="FORMAT", default=None,
                              help="format of the files given, when their extensions do not tell"
                                   " (turtle, trig, nt, nquads, jsonld, rdfxml, n3)")),
    (("--no-bundled",), dict(action="store_true", default=False, help="leave out the bundled ontology and article data")),
    _INPUT_SIZE_OPTION,
    _STORE_OPTION,
    (("--quiet", "-q"), dict(action="store_true", default=False,
                             help="no progress on stderr (shown only on a terminal, for steps of more than a second)")),
]


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o/--output FILE``: write there (atomically) instead of stdout."""
    parser.add_argument("-o", "--output", metavar="FILE", type=file_path, help="write to FILE (atomically) instead of stdout")
    parser.add_argument("--force", action="store_true", help="with -o: replace FILE even if it is write-protected")


def emit(args: argparse.Namespace, content: str | bytes) -> None:
    """Print ``content`` on stdout, or write it atomically to ``args.output``."""
    from kgost.readwrite._io import write_atomic

    data = content.encode("utf-8") if isinstance(content, str) else content
    output = getattr(args, "output", None)
    if output is not None:
        write_atomic(output, data, force=getattr(args, "force", False))
        return
    stdout = sys.stdout
    try:
        if stdout is None:  # started with standard output closed (`kgost export >&-`)
            raise OSError(errno.EBADF, "it is closed")
        if isinstance(content, str):
            stdout.write(content if content.endswith("\n") or not content else content + "\n")
        else:
            stdout.flush()
            stdout.buffer.write(data)
        stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # e.g. `kgost export > /dev/full`
        _discard_stdout()
        raise InputError(f"cannot write to standard output: {exc.strerror or exc}; give a file with -o FILE") from None


def _discard_stdout() -> None:
    """Point standard output at the null device, so the output Python still holds in its buffer
    is not written again (and fails again, with a traceback) when the process exits."""
    stdout = sys.stdout
    if stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (a test's capture)
        pass
