"""Running SPARQL: any query with ``sparql()``, and the named queries of ``queries/*.rq`` with ``query()``."""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from kgost.querying._bindings import BAD_IRI_CHARS, IRI_RULE, binding_terms, check_bindings
from kgost._errors import (
    AmbiguousEntityError,
    EntityNotFoundError,
    InputError,
    ParameterError,
    ParseError,
    QueryError,
    QuerySyntaxError,
    UnknownQueryError,
)
from kgost._lookup import Entity, normalize_name, resolve_iri
from kgost._namespace import KGOST, expand_iri, graph_prefixes
from kgost._public import public
from kgost._resources import queries_dir
from kgost._terms import warn_unknown_terms
from kgost.querying._results import QueryResult, to_python
from kgost._types import Term

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["sparql", "query", "named_queries", "named_query", "NamedQuery", "QueryParameter", "PARAMETER_TYPES"]

#: Parameter types a named query may declare: what a value must be (a plain, xsd:integer, xsd:boolean or
#: xsd:date literal, an IRI, or an entity's IRI found by kgost.resolve; ``entity(Class)``: of that class).
PARAMETER_TYPES = {
    "str": "text",
    "int": "a whole number",
    "bool": "true or false (also yes/no, 1/0)",
    "date": "a date written YYYY-MM-DD",
    "iri": "an IRI, full or compact (person:chanyeol)",
    "entity": "the name, compact IRI or IRI of an entity",
}



def sparql(kg: GraphLike, text: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
    """Run any read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph.

    Parameters
    ----------
    kg, text
        The knowledge graph and the query; kgost's prefixes (:data:`kgost.PREFIXES`) are predeclared.
    bindings
        Values for variables, bound as RDF terms (never pasted into the text): rdflib terms as they are,
        Python ``str``, ``int``, ``float``, ``bool`` and ``date`` as literals (an IRI: a ``URIRef``).

    Returns
    -------
    QueryResult
        Rows of Python values (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE).

    Raises
    ------
    QuerySyntaxError
        The text does not parse (``line`` and ``column`` say where).
    ParameterError, QueryError
        A binding names no variable of the query or is not a value, or the query is refused
        (``FROM``, ``FROM NAMED``, ``SERVICE`` and updates are).

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> kg.sparql("SELECT ?name WHERE { ?p kgost:memberOf group:exo-cbx ; kgost:name ?name } ORDER BY ?name").column("name")
    ['Baekhyun', 'Chen', 'Xiumin']
    >>> kg.sparql("SELECT ?s WHERE { ?s kgost:name ?n }", bindings={"n": "Chanyeol"})[0].s
    rdflib.term.URIRef('https://w3id.org/kgost/id/person/chanyeol')
    """
    terms = binding_terms(bindings)
    if terms:
        check_bindings(text, terms)
    warn_unknown_terms(kg, text)  # kgost:titel: an UnknownTermWarning naming kgost:title
    return QueryResult(kg.sparql_raw(text, bindings=terms), prefixes=graph_prefixes(kg))


def query(kg: GraphLike, name: str, /, **params: Any) -> QueryResult:
    """Run the named query ``name`` (``queries/<name>.rq``) with its parameters.

    Parameters
    ----------
    kg, name
        The knowledge graph; the query's name, with hyphens or underscores (see :func:`named_queries`).
    **params
        Values of the declared parameters (Python values or command-line text); ``None``: the default.

    Returns
    -------
    QueryResult

    Raises
    ------
    UnknownQueryError
        No query has this name; the message lists the closest names.
    ParameterError, EntityNotFoundError, AmbiguousEntityError
        A parameter is unknown, missing or not of its type, or an ``entity`` names none or several.

    Examples
    --------
    >>> import kgost
    >>> sorted({row.title for row in kgost.load().query("songs-by-group-members", group="EXO")})
    ['Everytime', 'For You', 'Stay with Me']
    """
    return named_query(name).run(kg, **params)


def named_queries(*, folder: str | Path | None = None) -> list[NamedQuery]:
    """The named queries of ``folder`` (kgost's bundled ``queries/`` by default), by name.

    Parameters
    ----------
    folder
        A folder of ``*.rq`` files with kgost headers.

    Returns
    -------
    list of NamedQuery

    Raises
    ------
    InputError, ParseError
        ``folder`` is not a folder; a query's header is malformed (the message says where).

    Examples
    --------
    >>> {q.name: q for q in named_queries()}["songs-by-group-members"].summary
    'Songs performed by members of a group, directly or through a sub-unit'
    """
    if folder is None:
        path = queries_dir()  # an absolute path to a folder
    else:
        path = Path(folder)
        if not path.is_dir():
            raise InputError(f"no such folder of queries: {str(path)!r}")
        path = path.resolve()
    # os.scandir, not Path.glob: this runs on every kgost.query() (the queries are read again when a file changes)
    with os.scandir(path) as entries:
        stamp = sorted((e.name, e.stat().st_mtime_ns) for e in entries if os.path.normcase(e.name).endswith(".rq"))
    return list(_load_folder(path, tuple(stamp)))


def named_query(name: str, *, folder: str | Path | None = None) -> NamedQuery:
    """The named query called ``name`` (hyphens and underscores are the same).

    Parameters
    ----------
    name, folder
        The query's name (a trailing ``.rq`` is ignored), and where to look (see :func:`named_queries`).

    Returns
    -------
    NamedQuery

    Raises
    ------
    UnknownQueryError
        No query has this name; the message lists the closest names.

    Examples
    --------
    >>> named_query("is-membr")
    Traceback (most recent call last):
    ...
    kgost.UnknownQueryError: no named query 'is-membr'; did you mean: is-member?
    """
    queries = {q.name: q for q in named_queries(folder=folder)}
    key = str(name).strip().lower().replace("_", "-")
    if key.endswith(".rq"):
        key = key[:-3]
    if key in queries:
        return queries[key]
    close = difflib.get_close_matches(key, list(queries), n=3, cutoff=0.6)
    hint = f"did you mean: {', '.join(close)}?" if close else f"known queries: {', '.join(queries)}"
    raise UnknownQueryError(f"no named query {name!r}; {hint}")


@public
@dataclass(frozen=True)
class QueryParameter:
    """A parameter a named query declares in its header: ``name: type [= default]  -- help``.

    Examples
    --------
    >>> person = named_query("is-member").params[0]
    >>> str(person), person.required
    ('person: entity(Person)  -- the person: a name, compact IRI or IRI', True)
    >>> person.accepts
    'the name, compact IRI or IRI of a Person (entity(Person))'
    """

    name: str
    type: str
    default: Any = None
    required: bool = True
    help: str = ""
    #: For ``entity(Class)``: the kgost class (local name) the entity must have.
    kind: str | None = None

    def __str__(self) -> str:
        type_ = f"{self.type}({self.kind})" if self.kind else self.type
        if self.required:
            head = f"{self.name}: {type_}"
        elif self.default is None:
            head = f"{self.name}: {type_}?"
        else:
            head = f"{self.name}: {type_} = {_show(self.default)}"
        return f"{head}  -- {self.help}" if self.help else head

    def to_term(self, value: Any, kg: GraphLike | None = None, *, query: str = "") -> Term:
        """The RDF term ``value`` becomes (a Python value of the type, or text as typed on a
        command line); an ``entity`` needs ``kg`` to look the name up."""
        where = f"query {query!r}, parameter {self.name!r}" if query else f"parameter {self.name!r}"
        try:
            return _convert(self.type, value, kg, kind=self.kind)
        except (EntityNotFoundError, AmbiguousEntityError) as exc:
            raise type(exc)(f"{where}: {exc}", candidates=exc.candidates) from None
        except (InputError, ValueError, TypeError) as exc:
            reason = f" ({exc})" if str(exc) else ""
            raise ParameterError(f"{where} must be {self.accepts}; got {value!r}{reason}") from None

    @property
    def accepts(self) -> str:
        """What a value must be, in words, with the declared type: ``a whole number (int)``."""
        if self.type == "entity" and self.kind:
            article = "an" if self.kind[0] in "AEIOU" else "a"
            return f"the name, compact IRI or IRI of {article} {self.kind} (entity({self.kind}))"
        return f"{PARAMETER_TYPES[self.type]} ({self.type})"


@public
@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query file with a header: name, summary, parameters and tags.

    Examples
    --------
    >>> import kgost
    >>> q = kgost.named_query("is_member")
    >>> q.name, q.kind, bool(q.run(kgost.load(), person="Chen", group="EXO-CBX"))
    ('is-member', 'ask', True)
    """

    name: str
    path: Path
    summary: str
    text: str
    params: tuple[QueryParameter, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""
    kind: str = field(default="select")

    def __str__(self) -> str:
        params = ", ".join(str(p).split("  -- ")[0] for p in self.params)
        return f"{self.name}({params}): {self.summary}"

    def bindings(self, kg: GraphLike | None = None, **params: Any) -> dict[str, Term]:
        """Check ``params`` against the header and turn them into RDF terms (defaults filled in); ``None``
        is the same as leaving a parameter out: its default, unbound if optional (``type?``), else an error."""
        declared = {p.name: p for p in self.params}
        unknown = [k for k in params if k not in declared]
        if unknown:
            allowed = ", ".join(declared) if declared else "none"
            raise ParameterError(f"query {self.name!r} has no parameter {unknown[0]!r}; its parameters: {allowed}")
        terms: dict[str, Term] = {}
        for param in self.params:
            value = params.get(param.name)
            if value is None:
                value = param.default
            if value is None:
                if param.required:
                    hint = f" ({param.help})" if param.help else ""
                    raise ParameterError(f"query {self.name!r} needs the parameter {param.name!r} of type {param.type}{hint}")
                continue
            terms[param.name] = param.to_term(value, kg, query=self.name)
        return terms

    def run(self, kg: GraphLike, **params: Any) -> QueryResult:
        """Run the query on ``kg`` with ``params`` bound as RDF terms (see :func:`kgost.query`)."""
        terms = self.bindings(kg, **params)
        try:
            return QueryResult(kg.sparql_raw(self.text, bindings=terms), prefixes=graph_prefixes(kg))
        except QuerySyntaxError as exc:
            raise QuerySyntaxError(f"query {self.name!r} ({self.path}): {exc}", line=exc.line, column=exc.column) from None
        except QueryError as exc:
            raise type(exc)(f"query {self.name!r} ({self.path}): {exc}") from None


# ---- loading ------------------------------------------------------------------------------

_HEADER = re.compile(r"#\+\s*(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"#\+\s+-\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)(?:\((?P<kind>[A-Za-z]+)\))?(?P<optional>\?)?"
    r"\s*(?:=\s*(?P<default>\"(?:[^\"\\]|\\.)*\"|[^\s\"]+))?\s*(?:(?:--|\u2014)\s*(?P<help>.*))?$"
)


@functools.lru_cache(maxsize=16)
def _load_folder(folder: Path, stamp: tuple[tuple[str, int], ...]) -> tuple[NamedQuery, ...]:
    queries = [_load_file(folder / name) for name, _ in stamp]
    seen: dict[str, Path] = {}
    for q in queries:
        if q.name in seen:
            raise ParseError(f"query name {q.name!r} is also used by {seen[q.name].name}", path=q.path, line=1)
        seen[q.name] = q.path
    return tuple(sorted(queries, key=lambda q: q.name))


def _load_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8-sig")  # a byte order mark is not part of the query
    fields: dict[str, str] = {}
    params: list[QueryParameter] = []
    in_params = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break  # the header ends at the first line of SPARQL
            continue
        if not stripped.startswith("#+"):
            continue  # an ordinary comment
        if re.match(r"#\+\s+-", stripped):
            match = _PARAM.match(stripped)
            if not in_params or match is None:
                raise ParseError(
                    "malformed parameter; after '#+ params:' write '#+   - name: type = default  -- help' "
                    f"with a type among {', '.join(PARAMETER_TYPES)}",
                    path=path,
                    line=number,
                )
            params.append(_parameter(match, path, number))
            continue
        header = _HEADER.match(stripped)
        if header is None or header["key"] not in ("summary", "description", "params", "tags"):
            raise ParseError(
                "malformed header line; expected '#+ summary: ...', '#+ description: ...', '#+ params:' "
                "(then '#+   - name: type = default  -- help' lines) or '#+ tags: ...'",
                path=path,
                line=number,
            )
        key, value = header["key"], header["value"].strip()
        if key in fields:
            raise ParseError(f"'{key}' is given twice", path=path, line=number)
        fields[key] = value
        in_params = key == "params"
        if in_params and value:
            raise ParseError("write each parameter on its own '#+   - name: type' line after '#+ params:'", path=path, line=number)
    if not fields.get("summary"):
        raise ParseError("the header has no '#+ summary: ...' line", path=path, line=1)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for param in params:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise ParseError(f"parameter {param.name!r} is not a variable of the query (?{param.name})", path=path, line=1)
    kind = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
    return NamedQuery(
        name=path.stem.lower().replace("_", "-"),
        path=path,
        summary=fields["summary"],
        text=text,
        params=tuple(params),
        tags=tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip()),
        description=fields.get("description", ""),
        kind=kind.group(1).lower() if kind else "select",
    )


def _parameter(match: re.Match[str], path: Path, number: int) -> QueryParameter:
    name, type_, raw = match["name"], match["type"], match["default"]
    if type_ not in PARAMETER_TYPES:
        raise ParseError(f"unknown parameter type {type_!r}; use one of: {', '.join(PARAMETER_TYPES)}", path=path, line=number)
    if raw is not None and match["optional"]:
        raise ParseError(f"parameter {name!r} has a default, so it cannot also be optional ('?')", path=path, line=number)
    default: Any = None
    if raw is not None:
        text = _unquote(raw) if raw.startswith('"') else raw
        try:
            default = text if type_ in ("str", "entity") else to_python(_convert(type_, text, None))
        except (InputError, ValueError, TypeError) as exc:
            reason = f" ({exc})" if str(exc) else ""
            raise ParseError(
                f"default {raw} of parameter {name!r} is not {PARAMETER_TYPES[type_]} ({type_}){reason}", path=path, line=number
            ) from None
    required = raw is None and not match["optional"]
    kind = match["kind"]
    if kind is not None and (type_ != "entity" or kind not in KGOST.__annotations__ or not kind[0].isupper()):
        raise ParseError(f"'{type_}({kind})': only entity takes a class, and it must be a kgost class", path=path, line=number)
    return QueryParameter(name, type_, default, required, (match["help"] or "").strip(), kind)


def _unquote(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


# ---- values -------------------------------------------------------------------------------


def _convert(type_: str, value: Any, kg: GraphLike | None, *, kind: str | None = None) -> Term:
    """Turn a Python value (or command-line text) into the RDF term of a parameter type."""
    if type_ == "str":
        if not isinstance(value, str):
            raise TypeError(_a(value))
        return Literal(str(value))
    if type_ == "int":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(_a(value))
        if isinstance(value, str) and not re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
            raise ValueError("")
        return Literal(int(value))
    if type_ == "bool":
        if isinstance(value, bool):
            return Literal(value)
        words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
        if isinstance(value, str) and value.strip().lower() in words:
            return Literal(words[value.strip().lower()])
        raise ValueError("" if isinstance(value, str) else _a(value))
    if type_ == "date":
        if isinstance(value, datetime.datetime):
            raise TypeError("a datetime; pass value.date()")
        if isinstance(value, datetime.date):
            return Literal(value)
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            try:
                return Literal(datetime.date.fromisoformat(value.strip()))
            except ValueError as exc:
                raise ValueError(str(exc)) from None
        raise ValueError("" if isinstance(value, str) else _a(value))
    if isinstance(value, Entity) and type_ in ("iri", "entity"):
        value = value.iri  # what kg.resolve()/kg.find() return
    if type_ == "iri":
        if not isinstance(value, str):
            raise TypeError(_a(value))
        try:
            iri = expand_iri(value, prefixes=graph_prefixes(kg) if kg is not None else None)
        except InputError:
            raise ValueError("neither a full IRI nor a compact IRI with a kgost prefix (or one the graph's files declare)") from None
        if BAD_IRI_CHARS.search(str(iri)):
            raise ValueError(IRI_RULE)
        return iri
    if type_ == "entity":
        if isinstance(value, URIRef):
            return value
        if not isinstance(value, str):
            raise TypeError(_a(value))
        if not normalize_name(value):
            raise ValueError("an empty name")
        if kg is None:
            raise ValueError("an entity parameter needs a graph to look the name up in")
        try:
            return resolve_iri(kg, value, kind=kind)
        except (EntityNotFoundError, AmbiguousEntityError):
            raise
        except InputError:  # e.g. <...> that is not an IRI
            raise ValueError("not a valid IRI") from None
    raise ValueError(f"unknown parameter type {type_!r}")


def _a(value: Any) -> str:
    """``a bool``, ``an int``: what a value of the wrong type is."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"
