"""Parsing SPARQL safely: syntax errors with line and column, and no query that loads outside data."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.term import Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import Query as _QUERY_GRAMMAR
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.plugins.sparql.parserutils import CompValue

from kgost._errors import QueryError, QuerySyntaxError
from kgost.querying._values import _TOKEN

__all__ = ["parse_query", "checked_query", "canonical_text", "check_query", "query_kind", "translate_query", "query_variables", "engine_error"]

#: ``\\uXXXX`` and ``\\UXXXXXXXX``: SPARQL 1.1 section 19.2 codepoint escapes, expanded before parsing.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: XSD cast functions (SPARQL 1.1 section 17.5), the only IRI-named functions every engine has.
_CASTS = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in
          ("string", "boolean", "integer", "decimal", "float", "double", "dateTime")}

_KINDS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


def parse_query(sparql: str, *, source: str | None = None, canonical: bool = False) -> ParseResults:
    """Parse a SPARQL query and refuse anything that could read outside the graph.

    This is the one gate every kgost query passes (the rdflib store calls it, and so do
    ``kg.sparql`` and named queries). It refuses:

    * updates of any kind (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...),
    * a dataset clause (``FROM <...>``, ``FROM NAMED <...>``), which rdflib would fetch,
    * ``SERVICE`` patterns, which rdflib would send over the network;

    and, so that every engine gives the same answer, a ``SELECT`` that SPARQL 1.1 forbids but
    rdflib would run: a grouped query (``GROUP BY`` or an aggregate) projecting a variable that is
    neither grouped nor aggregated, ``SELECT *`` with ``GROUP BY``, or a column named twice.

    The check looks at the parsed query, so comments and strings cannot hide or fake a keyword.

    Parameters
    ----------
    sparql
        The query text.
    source
        What to call the query in messages (a named query's name and file).
    canonical
        ``sparql`` is :func:`canonical_text` already: its codepoint escapes are not expanded a
        second time (``"\\\\u0041"`` is a backslash and ``u0041`` to the engine that runs it).

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
    kgost.QueryError: FROM <file:///etc/passwd> is refused: kgost queries read only the loaded graph (use GRAPH <iri> { ... } to pick a named graph)
    >>> parse_query("SELECT ?s WHERE {\\n?s ?p\\n}")
    Traceback (most recent call last):
    ...
    kgost.QuerySyntaxError: SPARQL syntax error at line 2, column 1: Expected SelectQuery, found '?'
      ?s ?p
      ^
    """
    where = f"{source}: " if source else ""
    if not isinstance(sparql, str):
        raise QueryError(f"{where}a SPARQL query must be text, got {type(sparql).__name__}")
    if not canonical:
        sparql = canonical_text(sparql, source=source)
    if not re.sub(r"(?m)#.*$", "", sparql).strip():
        raise QuerySyntaxError(f"{where}the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        # The grammar itself, not parseQuery: that would expand \\u escapes a second time.
        parsed = _QUERY_GRAMMAR.parse_string(sparql, parse_all=True)
    except ParseException as exc:
        if _is_update(sparql):
            raise QueryError(
                f"{where}SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: kgost runs read-only queries"
            ) from None
        raise _syntax_error(exc, sparql, where) from None
    except Exception as exc:  # rdflib raises other errors for e.g. bad escapes in IRIs
        raise QuerySyntaxError(f"{where}SPARQL syntax error: {exc}") from None
    check_query(parsed, source=source)
    _check_projections(parsed, sparql, where)
    return parsed


def checked_query(sparql: str, *, source: str | None = None) -> tuple[str, ParseResults]:
    r"""The text an engine must run, and its parse, once :func:`parse_query` has let it through.

    The text is :func:`canonical_text` of ``sparql``: what the gate parsed is exactly what the
    engine runs, so no difference between two SPARQL lexers (where a comment ends, whether
    ``\u`` escapes count outside strings) can hide a keyword from the gate.

    Examples
    --------
    >>> checked_query(r"ASK {\u0020?s ?p ?o }" + "\r\n")[0]
    'ASK { ?s ?p ?o }\n'
    """
    if not isinstance(sparql, str):
        return sparql, parse_query(sparql, source=source)  # a QueryError naming what was given
    return _checked(sparql, source)


def checked_with_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    r""":func:`kgost.querying._values.with_values` of a text :func:`checked_query` let through,
    checked by reading the ``VALUES`` block alone, not by parsing the whole text again.

    The block must be one ``VALUES`` row of IRIs and ``"..."`` literals exactly as the SPARQL 1.1
    grammar spells them (:data:`_VALUES_ROW`: ``VAR1``, ``IRIREF``, ``STRING_LITERAL2`` with
    ``ECHAR`` escapes, ``LANGTAG``, a datatype IRI), with no codepoint escape the gate would
    expand. That shows its tokens all end inside it, so the gated text around it reads as the gate
    read it, and that it holds nothing the gate refuses. A block that is not so (an escape
    :func:`kgost.querying._values.sparql_term` writes for a control character) is parsed as a
    query of its own, ``SELECT * WHERE { VALUES ... }``, as before (milliseconds; a long named
    query takes rdflib a third of a second, for every new value), and if it is not canonical
    text, the whole text is checked.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> checked_with_values("SELECT ?s WHERE { ?s ?p ?o }\n", {"o": URIRef("urn:x")})
    'SELECT ?s WHERE { VALUES (?o) { (<urn:x>) } ?s ?p ?o }\n'
    """
    from kgost.querying._values import with_values

    text = with_values(sparql, bindings)
    block = with_values("SELECT * WHERE { }", bindings)
    if _VALUES_ROW.fullmatch(block, len("SELECT * WHERE {"), len(block) - len(" }")) and not _CODEPOINT.search(block) \
            and not _SURROGATE.search(block):
        return text
    if checked_query(block)[0] != block:
        return checked_query(text)[0]
    return text


_IRIREF = r'<[^\x00-\x20<>"{}|^`\\]*>'
_TERM = rf'(?:{_IRIREF}|"(?:[^"\\\n\r]|\\[tbnrf"\'\\])*"(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^{_IRIREF})?)'
#: One row of a ``VALUES`` block as :func:`kgost.querying._values.with_values` writes it, in the
#: SPARQL 1.1 grammar's terminals (section 19.8): the block :func:`checked_with_values` needs no parse for.
_VALUES_ROW = re.compile(rf" VALUES \(\?[A-Za-z_][A-Za-z0-9_]*(?: \?[A-Za-z_][A-Za-z0-9_]*)*\) \{{ \({_TERM}(?: {_TERM})*\) \}}")


@functools.lru_cache(maxsize=512)
def _checked(sparql: str, source: str | None) -> tuple[str, ParseResults]:
    """:func:`checked_query`, once per distinct text: parsing is the slow part of a small query
    (rdflib's pyparsing grammar: 10 ms to 0.5 s). The parse is shared: read it, never change it
    (``translateQuery`` does: the rdflib store parses its own, once, see ``RdflibStore``).
    Refusals are exceptions, which ``lru_cache`` does not keep: a refused text is checked again."""
    text = canonical_text(sparql, source=source)
    return text, parse_query(text, source=source, canonical=True)


def canonical_text(sparql: str, *, source: str | None = None) -> str:
    r"""``sparql`` with its codepoint escapes expanded and its line ends made ``\n``.

    SPARQL 1.1 (section 19.2) expands ``\uXXXX`` and ``\UXXXXXXXX`` anywhere in a query
    before parsing; rdflib does, Oxigraph only inside strings and IRIs. A comment ends at CR or
    LF (the grammar's EOL); rdflib ends it at LF only. Both engines read the result the same
    way. A CR inside a long string becomes LF, as when a query file is read as text. Hand-written
    because neither rdflib nor pyoxigraph exposes its preprocessing.

    Raises
    ------
    QuerySyntaxError
        An escape spells a surrogate or a code point past U+10FFFF.

    Examples
    --------
    >>> canonical_text(r'SELECT * WHERE { # note\u000D?s ?p "caf\u00e9" }')
    'SELECT * WHERE { # note\n?s ?p "café" }'
    """
    where = f"{source}: " if source else ""

    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            line = sparql.count("\n", 0, match.start()) + 1
            raise QuerySyntaxError(f"{where}SPARQL syntax error at line {line}: {match.group()} is not a Unicode character", line=line)
        return chr(code)

    text = _CODEPOINT.sub(expand, sparql) if "\\" in sparql else sparql
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):
        raise QuerySyntaxError(f"{where}the query holds a lone surrogate, which is not Unicode text")
    return text


def query_variables(parsed: ParseResults) -> set[str]:
    """The names of every variable a parsed query mentions (pattern, projection, VALUES, ...).

    Examples
    --------
    >>> sorted(query_variables(parse_query("SELECT ?s WHERE { ?s ?p $o }")))
    ['o', 'p', 's']
    """
    return {str(v) for v in _walk_all(parsed[1]) if isinstance(v, Variable)}


def engine_error(engine: str, message: str, *, shift: tuple[int, int, int] | None = None) -> QuerySyntaxError:
    """A one-line ``QuerySyntaxError`` from an engine's own parser message: its line and column,
    and the gist (the engine's prose reason, or a few of the tokens it expected).

    ``shift`` is ``(line, column, length)`` of text kgost inserted (a VALUES block); a position
    after it on that line is moved back so it points into the query as written.

    Examples
    --------
    >>> print(engine_error("Oxigraph", 'error at 1:46: expected one of The SELECT contains a variable that is unbound, [_]'))
    the Oxigraph engine rejects the query at line 1, column 46: The SELECT contains a variable that is unbound
    """
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if match is None:
        return QuerySyntaxError(f"the {engine} engine rejects the query: {' '.join(message.split())[:200]}")
    line, column, rest = int(match[1]), int(match[2]), " ".join(match[3].split())
    if shift is not None and line == shift[0] and column > shift[1]:
        column = max(shift[1], column - shift[2])
    expected = re.match(r"expected one of (.*)", rest)
    if expected:
        items = [i.strip() for i in re.split(r", (?=[\"A-Z\[]|[A-Za-z])", expected[1])]
        prose = [i for i in items if " " in i and i[:1].isupper() and not i.startswith("[")]
        if prose:
            rest = "; ".join(prose)
        else:
            tokens = [i for i in items if not i.startswith("[")]
            rest = "expected one of " + ", ".join(tokens[:8]) + (", ..." if len(tokens) > 8 else "")
    return QuerySyntaxError(f"the {engine} engine rejects the query at line {line}, column {column}: {rest}", line=line, column=column)


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
        if node.name == "Function" and _function_iri(node["iri"], parsed[0]) not in _CASTS:
            raise QueryError(
                f"{where}unknown function {_show_function(node['iri'])}: kgost engines have the SPARQL 1.1 "
                "built-ins and the casts xsd:string, xsd:integer, xsd:decimal, xsd:float, xsd:double, "
                "xsd:boolean, xsd:dateTime"
            )
        if node.name == "ServiceGraphPattern":
            term = node["term"]
            shown = f"?{term}" if isinstance(term, Variable) else f"<{term}>"
            raise QueryError(f"{where}SERVICE {shown} is refused: kgost queries never go to the network")


def _function_iri(iri: Any, prologue: Any) -> str:
    """The full IRI of a function name: an IRI, or a prefixed name with the query's or kgost's prefixes."""
    if isinstance(iri, CompValue) and iri.name == "pname":
        from kgost._namespace import PREFIXES

        declared = {str(d["prefix"]) if "prefix" in d else "": str(d["iri"]) for d in _walk(prologue) if d.name == "PrefixDecl"}
        prefix = str(iri["prefix"]) if "prefix" in iri else ""
        namespace = declared.get(prefix, PREFIXES.get(prefix, f"{prefix}:"))
        return namespace + (str(iri["localname"]) if "localname" in iri else "")
    return str(iri)


def _show_function(iri: Any) -> str:
    if isinstance(iri, CompValue) and iri.name == "pname":
        return f"{iri['prefix'] if 'prefix' in iri else ''}:{iri['localname'] if 'localname' in iri else ''}"
    return f"<{iri}>"


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


def _walk_all(node: Any) -> Iterator[Any]:
    """Every node and leaf (variables, terms) of a parse tree, depth first."""
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk_all(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _walk_all(value)


# Expression nodes that wrap a single sub-expression when the text has no operator.
_WRAPPERS = {"ConditionalOrExpression", "ConditionalAndExpression", "RelationalExpression",
             "AdditiveExpression", "MultiplicativeExpression", "UnaryExpression"}


def _bare(node: Any) -> Any:
    """``(?s)`` parses as a chain of one-operand expressions; the variable inside, or the node."""
    while isinstance(node, CompValue) and node.name in _WRAPPERS and set(node) == {"expr"}:
        node = node["expr"]
    return node


def _free_variables(node: Any) -> Iterator[Variable]:
    """Variables of an expression outside aggregates and EXISTS patterns."""
    if isinstance(node, Variable):
        yield node
    elif isinstance(node, CompValue):
        if node.name.startswith("Aggregate_") or node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return
        for value in node.values():
            yield from _free_variables(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _free_variables(value)


def _check_projections(parsed: ParseResults, sparql: str, where: str) -> None:
    """Refuse the SELECTs SPARQL 1.1 forbids (section 11.4, 18.2.4): a grouped query projecting a
    variable that is neither grouped nor aggregated, ``SELECT *`` with ``GROUP BY``, or one column
    name twice. rdflib runs them (with arbitrary values); Oxigraph refuses them."""
    for node in _walk(parsed[1]):
        if node.name not in ("SelectQuery", "SubSelect"):
            continue
        projection = node["projection"] if "projection" in node else None
        grouped = "groupby" in node or any(
            isinstance(n, CompValue) and n.name.startswith("Aggregate_")
            for item in projection or () if "expr" in item for n in _walk(item["expr"])
        )
        if projection is None:
            if "groupby" in node:
                raise QuerySyntaxError(f"{where}SPARQL error: SELECT * cannot be used with GROUP BY; name the grouped variables")
            continue
        keys: set[str] = set()
        for condition in node["groupby"]["condition"] if "groupby" in node else ():
            if isinstance(condition, CompValue) and condition.name == "GroupAs":
                if "var" in condition:
                    keys.add(str(condition["var"]))
                condition = _bare(condition["expr"])
            if isinstance(condition, Variable):
                keys.add(str(condition))
        named: set[str] = set()
        for index, item in enumerate(projection):
            name = str(item["var"] if "var" in item else item["evar"])
            if name in named:
                raise _located(f"{where}SPARQL error", f"?{name} is a column of the SELECT twice; give each column one name",
                               sparql, name, occurrence=2)
            if grouped:
                free = [item["var"]] if "var" in item else list(_free_variables(item["expr"]))
                for var in free:
                    if str(var) not in keys:  # not even an earlier alias: Oxigraph refuses that too
                        raise _located(
                            f"{where}SPARQL error",
                            f"?{var} is selected but neither grouped nor aggregated; add it to GROUP BY "
                            f"or use an aggregate such as SAMPLE(?{var})",
                            sparql, str(var), occurrence=1 + sum(v == var for v in _walk_all(projection[:index])),
                        )
            named.add(name)


def _located(head: str, message: str, sparql: str, variable: str, *, occurrence: int = 1) -> QuerySyntaxError:
    """The error at the first (or ``occurrence``-th) use of ``?variable`` in a SELECT clause of the
    text, if found."""
    in_select = False
    seen = 0
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and text.upper() == "SELECT":
            in_select = True
        elif in_select and (kind == "open" or (kind == "word" and text.upper() == "WHERE")):
            in_select = False
        elif in_select and kind == "var" and text[1:] == variable and (seen := seen + 1) == occurrence:
            line = sparql.count("\n", 0, match.start()) + 1
            column = match.start() - (sparql.rfind("\n", 0, match.start()) + 1) + 1
            return QuerySyntaxError(f"{head} at line {line}, column {column}: {message}", line=line, column=column)
    return QuerySyntaxError(f"{head}: {message}")


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
