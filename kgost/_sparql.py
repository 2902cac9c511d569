"""Parsing SPARQL safely: syntax errors with line and column, and no query that loads outside data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.plugins.sparql.parserutils import CompValue

from kgost._errors import QueryError, QuerySyntaxError

__all__ = ["star_order", "parse_query", "check_query", "query_kind", "translate_query"]

_KINDS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


def parse_query(sparql: str, *, source: str | None = None) -> ParseResults:
    """Parse a SPARQL query and refuse anything that could read outside the graph.

    This is the one gate every kgost query passes (the rdflib store calls it, and so do
    ``kg.sparql`` and named queries). It refuses:

    * updates of any kind (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...),
    * a dataset clause (``FROM <...>``, ``FROM NAMED <...>``), which rdflib would fetch,
    * ``SERVICE`` patterns, which rdflib would send over the network.

    The check looks at the parsed query, so comments and strings cannot hide or fake a keyword.

    Parameters
    ----------
    sparql
        The query text.
    source
        What to call the query in messages (a named query's name and file).

    Returns
    -------
    pyparsing.ParseResults
        rdflib's parse tree (``[prologue, query]``), ready for ``translateQuery``.

    Raises
    ------
    QuerySyntaxError
        The text does not parse; ``line`` and ``column`` (1-based) say where.
    QueryError
        The query is an update, has a dataset clause or a ``SERVICE`` pattern.

    Examples
    --------
    >>> query_kind(parse_query("ASK { ?s ?p ?o }"))
    'ask'
    >>> parse_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    kgost._errors.QueryError: FROM <file:///etc/passwd> is refused: kgost queries read only the loaded graph (use GRAPH <iri> { ... } to pick a named graph)
    >>> parse_query("SELECT ?s WHERE {\\n?s ?p\\n}")
    Traceback (most recent call last):
    ...
    kgost._errors.QuerySyntaxError: SPARQL syntax error at line 2, column 1: Expected SelectQuery, found '?'
      ?s ?p
      ^
    """
    where = f"{source}: " if source else ""
    if not isinstance(sparql, str):
        raise QueryError(f"{where}a SPARQL query must be text, got {type(sparql).__name__}")
    if not re.sub(r"(?m)#.*$", "", sparql).strip():
        raise QuerySyntaxError(f"{where}the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        parsed = parseQuery(sparql)
    except ParseException as exc:
        if _is_update(sparql):
            raise QueryError(
                f"{where}SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: kgost runs read-only queries"
            ) from None
        raise _syntax_error(exc, sparql, where) from None
    except Exception as exc:  # rdflib raises other errors for e.g. bad escapes in IRIs
        raise QuerySyntaxError(f"{where}SPARQL syntax error: {exc}") from None
    check_query(parsed, source=source)
    return parsed


def star_order(parsed: ParseResults, sparql: str, variables: tuple[str, ...]) -> tuple[str, ...]:
    """For ``SELECT *``, order the columns by first appearance in the query text (engines give
    set order, which changes from run to run); other projections keep their order.

    Examples
    --------
    >>> q = "SELECT * WHERE { ?s ?p ?o }"
    >>> star_order(parse_query(q), q, ("o", "p", "s"))
    ('s', 'p', 'o')
    """
    if parsed[1].name != "SelectQuery" or "projection" in parsed[1]:
        return variables
    first = {}
    for match in re.finditer(r"[?$]([A-Za-z0-9_\u00b7-\uffff]+)", sparql):
        first.setdefault(match.group(1), match.start())
    return tuple(sorted(variables, key=lambda v: (first.get(v, len(sparql)), v)))


def translate_query(parsed: ParseResults, sparql: str, *, prefixes: dict[str, str]) -> Query:
    """rdflib's algebra of a parsed query, with ``prefixes`` predeclared; an undeclared prefix is a
    ``QuerySyntaxError`` at its first use."""
    try:
        return translateQuery(parsed, initNs=prefixes)
    except Exception as exc:
        match = re.match(r"Unknown namespace prefix : (\S*)", str(exc))
        if match is None:
            raise QuerySyntaxError(f"SPARQL error: {exc}") from None
        prefix = match.group(1)
        for number, line in enumerate(sparql.splitlines(), start=1):
            use = re.search(rf"(?<![\w:<#]){re.escape(prefix)}:", line.split("#", 1)[0])
            if use:
                return _raise(f"SPARQL syntax error at line {number}, column {use.start() + 1}: "
                              f"unknown prefix '{prefix}:'; declare it with PREFIX", number, use.start() + 1)
        raise QuerySyntaxError(f"SPARQL syntax error: unknown prefix '{prefix}:'; declare it with PREFIX") from None


def check_query(parsed: ParseResults, *, source: str | None = None) -> None:
    """Raise ``QueryError`` if a parsed query has a dataset clause or a ``SERVICE`` pattern."""
    where = f"{source}: " if source else ""
    query = parsed[1]
    # CompValue.get returns the key itself for a missing key: test membership with ``in``.
    for clause in query["datasetClause"] if "datasetClause" in query else ():
        if "named" in clause:
            what = f"FROM NAMED <{clause['named']}>"
        else:
            what = f"FROM <{clause['default']}>"
        raise QueryError(
            f"{where}{what} is refused: kgost queries read only the loaded graph "
            "(use GRAPH <iri> { ... } to pick a named graph)"
        )
    for node in _walk(query):
        if node.name == "ServiceGraphPattern":
            raise QueryError(f"{where}SERVICE <{node['term']}> is refused: kgost queries never go to the network")


def query_kind(parsed: ParseResults) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``."""
    return _KINDS[parsed[1].name]


def _raise(message: str, line: int, column: int) -> Query:
    raise QuerySyntaxError(message, line=line, column=column)


def _walk(node: Any) -> Iterator[CompValue]:
    """Every ``CompValue`` in a parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _walk(value)


def _is_update(sparql: str) -> bool:
    try:
        parseUpdate(sparql)
    except Exception:
        return False
    return True


def _syntax_error(exc: ParseException, sparql: str, where: str) -> QuerySyntaxError:
    line, column = exc.lineno, exc.col
    lines = sparql.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = f"\n  {text}\n  {' ' * (column - 1)}^" if text.strip() else ""
    return QuerySyntaxError(
        f"{where}SPARQL syntax error at line {line}, column {column}: {exc.msg}{_found(exc)}{pointer}",
        line=line,
        column=column,
    )


def _found(exc: ParseException) -> str:
    text = str(exc)
    start = text.find(", found ")
    end = text.find("  (at char")
    return text[start:end] if start != -1 and end > start else ""
