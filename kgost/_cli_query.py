"""Query subcommands: queries, query, sparql, find."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kgost._cli import add_command, add_output_option, emit, load_graph
from kgost._errors import EntityNotFoundError, InputError, ParameterError, QueryError, QuerySyntaxError

__all__ = ["register"]

_FORMATS = ("table", "md", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the query subcommands to the ``kgost`` parser."""
    p = subparsers.add_parser(
        "queries", help="list the named queries with their summaries and parameters",
        description="List the named queries (queries/*.rq) with their summaries and parameters.",
    )
    p.set_defaults(handler=_queries)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_output_option(p)

    p = add_command(subparsers, "query", _query, "run a named query, e.g. `kgost query songs-by-group-members -p group=EXO`")
    p.add_argument("name", help="the query's name (see `kgost queries`); hyphens or underscores")
    _add_result_options(p)

    p = add_command(subparsers, "sparql", _sparql, "run any read-only SPARQL query from FILE (or - for stdin)")
    p.add_argument("file", metavar="FILE", help="a file holding the query, or - to read it from stdin")
    _add_result_options(p, params=False)

    p = add_command(subparsers, "find", _find, "find entities by any of their names (case, space and hyphen do not matter)")
    p.add_argument("name", help='a name, e.g. "cha eun-woo"')
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def _add_result_options(parser: argparse.ArgumentParser, *, params: bool = True) -> None:
    if params:
        parser.add_argument(
            "-p", "--param", metavar="KEY=VALUE", action="append", default=[],
            help="a parameter of the query (repeatable); see `kgost queries` for each query's parameters",
        )
    parser.add_argument(
        "--format", choices=_FORMATS, default=None,
        help="table (default), md, csv, tsv, json (SPARQL JSON), xml (SPARQL XML); "
        "CONSTRUCT/DESCRIBE results: turtle (default), nt, jsonld",
    )


def _queries(args: argparse.Namespace) -> int:
    from kgost._query import named_queries

    queries = named_queries()
    if args.format == "json":
        data = [
            {
                "name": q.name,
                "summary": q.summary,
                "kind": q.kind,
                "file": q.path.name,
                "tags": list(q.tags),
                "params": [
                    {"name": p.name, "type": p.type, "kind": p.kind, "required": p.required, "default": _jsonable(p.default), "help": p.help}
                    for p in q.params
                ],
            }
            for q in queries
        ]
        emit(args, json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    lines = []
    for q in queries:
        lines.append(f"{q.name}  ({q.kind})")
        lines.append(f"    {q.summary}")
        lines += [f"    --param {p}" for p in q.params]
    emit(args, "\n".join(lines))
    return 0


def _query(args: argparse.Namespace) -> int:
    from kgost._query import named_query

    query = named_query(args.name)  # before loading: a typo fails fast
    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param {item!r}: write KEY=VALUE, e.g. --param group=EXO")
        params[key.strip()] = value
    result = query.run(load_graph(args), **params)
    emit(args, result.serialize(_format(args, result.kind)))
    return 0


def _sparql(args: argparse.Namespace) -> int:
    source = "<stdin>" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no such file: {args.file!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query {source!r}: {exc}") from None
    kg = load_graph(args)
    try:
        result = kg.sparql(text)
    except QuerySyntaxError as exc:
        raise QuerySyntaxError(f"{source}: {exc}", line=exc.line, column=exc.column) from None
    except QueryError as exc:
        raise type(exc)(f"{source}: {exc}") from None
    emit(args, result.serialize(_format(args, result.kind)))
    return 0


def _find(args: argparse.Namespace) -> int:
    kg = load_graph(args)
    found = kg.find(args.name)
    if not found:
        kg.resolve(args.name)  # raises EntityNotFoundError with the closest names
        raise EntityNotFoundError(f"no entity is named {args.name!r}")
    if args.format == "json":
        data = [{"iri": str(e.iri), "label": e.label, "kind": e.kind, "types": e.types, "matched": e.matched} for e in found]
        emit(args, json.dumps(data, indent=2, ensure_ascii=False))
    else:
        emit(args, "\n".join(str(e) + (f"  [matched {e.matched!r}]" if e.matched != e.label else "") for e in found))
    return 0


def _format(args: argparse.Namespace, kind: str) -> str:
    if args.format is None:
        return "turtle" if kind == "graph" else "table"
    return str(args.format)


def _jsonable(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)
