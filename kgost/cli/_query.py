"""Query subcommands: queries, query, sparql, find."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kgost.cli._main import add_command, add_limit_options, add_output_option, emit, load_graph
from kgost._errors import ExportError, InputError, ParameterError, QueryError, QuerySyntaxError
from kgost._limits import run_bounded

if TYPE_CHECKING:
    from kgost.querying._results import QueryResult

__all__ = ["register"]

_FORMATS = ("table", "md", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld")
# The format an -o file's extension names, for SELECT/ASK results and for graphs (CONSTRUCT,
# DESCRIBE); another extension (or none) gives the default, table or turtle.
_TABLE_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml",
                     ".md": "md", ".markdown": "md", ".txt": "table"}
_GRAPH_EXTENSIONS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld"}
_EXIT_STATUS = (
    "exit status: 0 the query ran (a SELECT with no rows too), 1 an ASK query's answer is false, "
    "2 bad input (unknown query or parameter, syntax error, unknown entity)"
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the query subcommands to the ``kgost`` parser."""
    p = subparsers.add_parser(
        "queries", help="list the named queries with their summaries and parameters",
        description="List the named queries (queries/*.rq) with their summaries and parameters.",
    )
    p.set_defaults(handler=_queries)
    p.add_argument("--format", choices=("text", "json"), default=None, help="output format (default: from -o's extension, else text)")
    add_output_option(p)

    p = add_command(subparsers, "query", _query, "run a named query, e.g. `kgost query songs-by-group-members -p group=EXO`")
    p.add_argument("name", nargs="?", help="the query's name (see `kgost queries`); hyphens or underscores;"
                   " without it, the list of named queries")
    _add_result_options(p)
    p.epilog = _EXIT_STATUS + "."
    p.set_defaults(usage=p.format_usage)

    p = add_command(subparsers, "sparql", _sparql, "run any read-only SPARQL query: its text, a FILE, or - for stdin")
    p.add_argument("file", metavar="QUERY|FILE|-",
                   help="the query itself (e.g. 'SELECT ?s WHERE { ?s a kgost:Song }'), a file holding it, or - to read stdin")
    _add_result_options(p, params=False)
    p.epilog = (_EXIT_STATUS.replace("unknown query or parameter", "unreadable file") + ". "
                "kgost's terms (a kgost: term the ontology does not define gets a warning with the closest"
                " one): `kgost query ontology-terms`.")

    p = add_command(subparsers, "find", _find, "find entities by any of their names (case, space and hyphen do not matter)")
    p.add_argument("name", help='a name, e.g. "cha eun-woo", or a compact IRI, IRI or <IRI>')
    p.add_argument("--format", choices=("text", "json"), default=None, help="output format (default: from -o's extension, else text)")
    p.epilog = ("exit status: 0 entities found, 2 no entity has the name (the error lists the closest names) or "
                "bad input.")


def _add_result_options(parser: argparse.ArgumentParser, *, params: bool = True) -> None:
    if params:
        parser.add_argument(
            "-p", "--param", metavar="KEY=VALUE", action="append", default=[],
            help="a parameter of the query (repeatable); see `kgost queries` for each query's parameters",
        )
    parser.add_argument(
        "--format", choices=_FORMATS, default=None,
        help="table (default), md, csv, tsv, json (SPARQL JSON), xml (SPARQL XML); "
        "CONSTRUCT/DESCRIBE results: turtle (default), nt, jsonld; without --format, from the -o "
        "extension (.csv .tsv .json .xml .md .txt; .ttl .nt .jsonld)",
    )
    add_limit_options(parser)
    parser.add_argument("--width", type=int, default=60, metavar="N",
                        help="table: cut values longer than N characters with … (default: 60; 0: no limit)")
    parser.add_argument("--compact", action="store_true", help="csv, json: IRIs as compact IRIs (person:chen), as the table shows them")


def _queries(args: argparse.Namespace) -> int:
    from kgost.querying._named import named_queries

    queries = named_queries()
    if _text_or_json(args) == "json":
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
        emit(args, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return 0
    if getattr(args, "brief", False):
        width = max(len(q.name) for q in queries)
        emit(args, "".join(f"  {q.name:<{width}}  {q.summary}\n" for q in queries))
        return 0
    lines = []
    for q in queries:
        lines.append(f"{q.name}  ({q.kind})")
        lines.append(f"    {q.summary}")
        lines += [f"    --param {p}" for p in q.params]
    emit(args, "\n".join(lines) + "\n")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kgost.querying._named import named_query

    if args.name is None:  # `kgost query` alone: how to use it, and what there is to run
        sys.stdout.write(args.usage())
        print("Give the name of one of these named queries (details: kgost queries):")
        return _queries(argparse.Namespace(format="text", output=None, brief=True))
    query = named_query(args.name)  # before loading: a typo fails fast
    params: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param {item!r}: write KEY=VALUE, e.g. --param group=EXO")
        key = key.strip()
        if key in params:
            raise ParameterError(
                f"query {query.name!r}: parameter {key!r} is given twice ({params[key]!r}, then {value!r}); give it once"
            )
        params[key] = value
    kg = load_graph(args)
    result = run_bounded(
        lambda: query.run(kg, **params), timeout=args.timeout, max_memory=args.max_memory, what=f"the query {query.name!r}"
    )
    emit(args, result.serialize(_format(args, result.kind), width=args.width, compact=args.compact))
    return _status(result)


def _sparql(args: argparse.Namespace) -> int:
    if _is_query_text(args.file):
        source, text = "<query>", args.file
    else:
        source = "<stdin>" if args.file == "-" else args.file
        text = _read_query(args.file, source, max_size=args.max_input_size)
    kg = load_graph(args)
    try:
        result = kg.sparql(text, timeout=args.timeout, max_memory=args.max_memory)
    except QuerySyntaxError as exc:
        raise QuerySyntaxError(f"{source}: {exc}", line=exc.line, column=exc.column) from None
    except QueryError as exc:
        raise type(exc)(f"{source}: {exc}") from None
    emit(args, result.serialize(_format(args, result.kind), width=args.width, compact=args.compact))
    return _status(result)


def _is_query_text(argument: str) -> bool:
    """Whether the argument of ``kgost sparql`` is the query itself rather than a file name: it is
    not an existing file, and it holds a brace or starts with a SPARQL keyword or a comment."""
    if argument == "-" or Path(argument).is_file():
        return False
    return "{" in argument or _QUERY_START.match(argument) is not None


_QUERY_START = re.compile(r"\s*(#|(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b)", re.IGNORECASE)


def _read_query(file: str, source: str, *, max_size: int) -> str:
    """The text of a query file (or stdin for ``-``), without a byte order mark."""
    from kgost.readwrite._input import read_input, read_stdin

    if not file.strip():
        raise InputError("the query file name is empty; give a file holding a SPARQL query, or - to read stdin")
    if file != "-" and os.path.isdir(file):
        raise InputError(f"{file!r} is a folder; give a file holding a SPARQL query")
    raw = read_stdin(max_size=max_size) if file == "-" else read_input(file, max_size=max_size)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        where = "from stdin" if file == "-" else repr(source)
        raise InputError(f"cannot read the query {where}: it is not UTF-8 text (byte {exc.start})") from None


def _status(result: QueryResult) -> int:
    """1 for an ASK query whose answer is false (a negative answer, like `kgost validate`), else 0."""
    return 1 if result.kind == "ask" and not result.boolean else 0


def _find(args: argparse.Namespace) -> int:
    found = load_graph(args).find(args.name)  # EntityNotFoundError (exit 2) lists the closest names
    if _text_or_json(args) == "json":
        data = [{"iri": str(e.iri), "label": e.label, "kind": e.kind, "types": e.types, "matched": e.matched} for e in found]
        emit(args, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        emit(args, "".join(str(e) + (f"  [matched {e.matched!r}]" if e.matched != e.label else "") + "\n" for e in found))
    return 0


def _format(args: argparse.Namespace, kind: str) -> str:
    """--format if given, else the format the -o file's extension names, else table or turtle."""
    if args.format is not None:
        return str(args.format)
    default = "turtle" if kind == "graph" else "table"
    if args.output is None:
        return default
    suffix = args.output.suffix.lower()
    own, other = (_GRAPH_EXTENSIONS, _TABLE_EXTENSIONS) if kind == "graph" else (_TABLE_EXTENSIONS, _GRAPH_EXTENSIONS)
    if suffix in own:
        return own[suffix]
    if suffix in other:
        what = "a CONSTRUCT/DESCRIBE (graph)" if kind == "graph" else f"an {kind.upper()}" if kind == "ask" else f"a {kind.upper()}"
        allowed = ", ".join(own)
        raise ExportError(
            f"-o {str(args.output)!r}: {what} result cannot be written as {other[suffix]} (the format of a {suffix} file); "
            f"use one of {allowed}, or give --format"
        )
    return default


def _text_or_json(args: argparse.Namespace) -> str:
    """--format (text or json) if given, else json for an -o file ending in .json, else text."""
    if args.format is not None:
        return str(args.format)
    return "json" if args.output is not None and args.output.suffix.lower() == ".json" else "text"


def _jsonable(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)
