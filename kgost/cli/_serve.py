"""The ``kgost serve`` subcommand: a read-only SPARQL endpoint, entity pages and a web page (``kgost[server]``)."""

from __future__ import annotations

import argparse

from kgost.cli._main import add_graph_options, seconds

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kgost serve`` to the ``kgost`` parser."""
    from kgost.server._settings import DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    about = "serve the graph over HTTP: a SPARQL 1.1 endpoint, entity pages and a web page (read-only)"
    p = subparsers.add_parser("serve", help=about, description=about[0].upper() + about[1:] + ".",
                              epilog="needs pip install 'kgost[server]' (in a clone: pip install -e '.[server]')")
    p.set_defaults(handler=_serve, reads_graph=True)
    add_graph_options(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_count(0), default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=_count(1), default=1, metavar="N", help="server processes (default: 1)")
    p.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"stop a query past this much processor time (or 3 times as much wall-clock time), answering 503"
                        f" (default: {DEFAULT_TIMEOUT:g})")
    p.add_argument("--max-rows", type=_count(1), default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"stop a query that gives more rows (or triples), answering 503 (default: {DEFAULT_MAX_ROWS})")
    p.add_argument("--max-query-length", type=_count(1), default=DEFAULT_MAX_QUERY_LENGTH, metavar="N",
                   help=f"refuse longer queries, 414 or 413 (default: {DEFAULT_MAX_QUERY_LENGTH} characters)")
    p.add_argument("--cache", type=_count(0), default=256, metavar="N",
                   help="answers each server process keeps, the graph being read-only (default: 256; 0: none)")
    p.add_argument("--cors", metavar="ORIGIN", help="let pages from ORIGIN (or * for any) call the server (default: none)")


def _serve(args: argparse.Namespace) -> int:
    from kgost.server._serve import serve
    from kgost.server._settings import ServerSettings

    settings = ServerSettings(
        store=args.store, data=tuple(str(d) for d in args.data), data_format=args.data_format,
        no_bundled=args.no_bundled, max_input_size=args.max_input_size, timeout=args.timeout,
        max_rows=args.max_rows, max_query_length=args.max_query_length, cors=args.cors, cache=args.cache,
    )
    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0


def _count(least: int):  # type: ignore[no-untyped-def]
    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < least:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, {least} or more")
        return int(text)

    return parse
