"""Query results: rows of Python values, an ASK answer or a graph, whatever the engine."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgost.querying import _writers as writers
from kgost._errors import ExportError, MissingExtraError
from kgost._namespace import PREFIXES, compactor
from kgost._public import public
from kgost.stores._base import RawResult
from kgost._types import Term

__all__ = ["QueryResult", "Row", "row_class", "to_python", "RESULT_FORMATS", "GRAPH_FORMATS"]

#: Formats of SELECT and ASK results (``QueryResult.serialize``).
RESULT_FORMATS = ("table", "md", "csv", "tsv", "json", "xml")
#: Formats of CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "jsonld": "jsonld", "json-ld": "jsonld"}

_YEAR = re.compile(r"-?\d{4,}")
# read once: an attribute of rdflib's XSD namespace is a slow lookup, and to_python runs per value
_XSD_STRING, _XSD_GYEAR = XSD.string, XSD.gYear


def to_python(term: Term | None) -> Any:
    """The Python value of an RDF term, as query rows hold it.

    ============================  ========================================================
    RDF term                      Python value
    ============================  ========================================================
    IRI, blank node               the ``URIRef`` / ``BNode`` itself (both are ``str``)
    ``xsd:string``, language tag  ``str``
    ``xsd:integer`` and kin       ``int``
    ``xsd:decimal``               ``decimal.Decimal``
    ``xsd:double``/``float``      ``float``
    ``xsd:boolean``               ``bool``
    ``xsd:date``/``dateTime``     ``datetime.date`` / ``datetime.datetime``
    ``xsd:gYear``                 ``int`` (``"2016"`` -> ``2016``; with a time zone: ``str``)
    anything else, ill-typed      ``str`` (the lexical form)
    unbound                       ``None``
    ============================  ========================================================

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import XSD
    >>> to_python(Literal("2016", datatype=XSD.gYear)), to_python(Literal("2016-12-03", datatype=XSD.date))
    (2016, datetime.date(2016, 12, 3))
    >>> to_python(Literal("Hi", lang="en")), to_python(URIRef("urn:x"))
    ('Hi', rdflib.term.URIRef('urn:x'))
    """
    kind = type(term)  # exact types first: isinstance against rdflib's classes is slow, per value
    if term is None or kind is URIRef or kind is BNode or (kind is not Literal and isinstance(term, (URIRef, BNode))):
        return term
    if kind is not Literal and not isinstance(term, Literal):
        return str(term)
    if term.language is not None or term.datatype is None or term.datatype == _XSD_STRING:
        return str(term)
    if term.datatype == _XSD_GYEAR:
        return int(term) if _YEAR.fullmatch(str(term)) else str(term)
    if term.ill_typed:
        return str(term)
    value = term.toPython()
    if isinstance(value, Literal):  # a datatype rdflib does not know
        return str(term)
    if isinstance(value, (bool, int, float, str, datetime.date, datetime.time, datetime.timedelta)):
        return value
    if type(value).__name__ == "Decimal":
        return value
    return str(term)


@public
class Row(tuple):  # type: ignore[type-arg]
    """One solution of a SELECT query: a tuple of Python values that also answers to names.

    ``row.name`` and ``row["name"]`` give a variable's value; for variables called like tuple
    methods (``count``, ``index``) only ``row["index"]`` works.

    A row is an instance of a subclass of ``Row`` made once per list of variables, which holds
    them: a row carries no dictionary of its own, so a result of 400,000 rows is made in C and is
    400,000 objects for the cycle collector to walk, not 800,000.

    Examples
    --------
    >>> import kgost
    >>> row = kgost.load().query("ranked-list")[0]
    >>> row.position, row["title"], row.asdict()["performerName"]
    (1, 'Christmas Tree', 'V')
    >>> isinstance(row, Row), type(row).__name__, Row(("x",), ("v",)).v
    (True, 'Row', 'x')
    """

    __slots__ = ()
    _variables: tuple[str, ...]  # a class attribute of each row's class

    def __new__(cls, values: Sequence[Any], variables: tuple[str, ...]) -> Row:
        return tuple.__new__(row_class(tuple(variables)), values)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (a bounded query sends its rows back so)
        return (Row, (tuple(self), self._variables))

    @overload
    def __getitem__(self, key: int) -> Any: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, key: str) -> Any: ...

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._variables.index(key))
            except ValueError:
                raise KeyError(f"no column {key!r}; columns: {', '.join(self._variables)}") from None
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def asdict(self) -> dict[str, Any]:
        """The row as ``{variable: value}``."""
        return dict(zip(self._variables, self))


@functools.lru_cache(maxsize=1024)
def row_class(variables: tuple[str, ...]) -> type[Row]:
    """The class of the rows with these variables: ``row_class(variables)(values)`` makes one in C.

    Examples
    --------
    >>> row = row_class(("a", "b"))([1, 2])
    >>> row.b, row == (1, 2), row_class(("a", "b")) is type(row)
    (2, True, True)
    """
    namespace = {"__slots__": (), "_variables": variables, "__new__": tuple.__new__, "__module__": Row.__module__,
                 "__qualname__": Row.__qualname__, "__doc__": Row.__doc__}
    return type(Row.__name__, (Row,), namespace)


@public
class QueryResult:
    """The answer to a SPARQL query: ``kind`` is ``select``, ``ask`` or ``graph``.

    * SELECT: iterate over :class:`Row` objects (Python values, see :func:`to_python`);
      :attr:`variables` names the columns and :attr:`terms` keeps the RDF terms.
    * ASK: :attr:`boolean` (and ``bool(result)``).
    * CONSTRUCT/DESCRIBE: :attr:`graph`, an ``rdflib.Graph`` with kgost's prefixes bound.

    Every kind serializes with :meth:`serialize` (or the ``to_*`` methods): SELECT and ASK to
    ``table``, ``md``, ``csv``, ``tsv``, ``json`` (W3C SPARQL JSON) and ``xml`` (W3C SPARQL
    XML); graphs to ``turtle``, ``nt`` and ``jsonld``.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> result = kg.sparql("SELECT ?title ?date WHERE { ?s kgost:title ?title ; kgost:releaseDate ?date } ORDER BY ?date")
    >>> result.variables, len(result)
    (('title', 'date'), 2)
    >>> result[0]
    ('Stay with Me', datetime.date(2016, 12, 3))
    >>> result.to_csv().splitlines()
    ['title,date', 'Stay with Me,2016-12-03', 'Orbit,2020-04-19']
    >>> bool(kg.sparql("ASK { person:chanyeol kgost:memberOf group:exo }"))
    True
    """

    def __init__(self, raw: RawResult, *, prefixes: Mapping[str, str] | None = None) -> None:
        self.kind: str = raw.kind
        #: The prefixes IRIs are shown with (tables, Markdown, ``compact`` CSV, JSON and data
        #: frames): the graph's (:func:`kgost._namespace.graph_prefixes`), else kgost's.
        self.prefixes: Mapping[str, str] = PREFIXES if prefixes is None else prefixes
        self.variables: tuple[str, ...] = tuple(raw.variables)
        self.boolean: bool | None = raw.boolean
        self.graph: rdflib.Graph | None = raw.graph
        values = getattr(raw, "values", None)  # Python values a store made itself (Oxigraph's EngineSelect)
        make = row_class(self.variables)
        if values is None:
            self._terms: list[tuple[Term | None, ...]] | None = list(raw.rows)
            self._raw: RawResult | None = None
            self._rows = [make([to_python(t) for t in row]) for row in self._terms]
        else:
            self._terms, self._raw = None, raw  # the terms are made when asked
            self._rows = values if all(type(row) is make for row in values[:1]) else list(map(make, values))

    @property
    def terms(self) -> list[tuple[Term | None, ...]]:
        """The rows as RDF terms (``None`` where a variable is unbound)."""
        if self._terms is None:
            self._terms = list(self._raw.rows)  # type: ignore[union-attr]
            self._raw = None
        return self._terms

    def __getstate__(self) -> dict[str, Any]:  # pickles with its terms (a bounded query sends it back)
        self.terms  # noqa: B018 - makes them
        return self.__dict__

    # ---- rows ------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph or ())
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._rows[index]

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return len(self) > 0

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<QueryResult ask: {self.boolean}>"
        if self.kind == "graph":
            return f"<QueryResult graph: {len(self)} triples>"
        return f"<QueryResult select: {len(self)} rows of {', '.join(self.variables)}>"

    def __str__(self) -> str:
        return self.serialize("turtle" if self.kind == "graph" else "table")

    @property
    def rows(self) -> list[Row]:
        """The rows (SELECT), as a list."""
        return list(self._rows)

    def column(self, name: str) -> list[Any]:
        """The values of one variable, in row order.

        Parameters
        ----------
        name
            A variable of the query, without ``?``.

        Returns
        -------
        list
            Python values (``None`` where unbound).

        Raises
        ------
        KeyError
            The query has no such variable; the message lists its variables.

        Examples
        --------
        >>> import kgost
        >>> kgost.load().query("group-members", group="EXO-CBX").column("name")
        ['Baekhyun', 'Chen', 'Xiumin']
        """
        if name not in self.variables:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.variables)}")
        index = self.variables.index(name)
        return [row[index] for row in self._rows]

    # ---- conversions -----------------------------------------------------------------------
    def serialize(self, format: str = "table", *, width: int = 60, compact: bool = False) -> str:
        """The result as text.

        Parameters
        ----------
        format
            ``table``, ``md``, ``csv``, ``tsv``, ``json``, ``xml`` (SELECT, ASK) or ``turtle``,
            ``nt``, ``jsonld`` (CONSTRUCT, DESCRIBE).
        width
            ``table`` only: cut longer values to this many characters with "…" (the footer says
            how many were cut); 0 for no limit.
        compact
            ``csv`` and ``json`` only: IRIs as compact IRIs (``person:chen``) instead of full ones.

        Returns
        -------
        str

        Raises
        ------
        ExportError
            The result cannot be written in ``format``.

        Examples
        --------
        >>> import kgost
        >>> result = kgost.load().sparql("SELECT ?name WHERE { person:chen kgost:name ?name }")
        >>> print(result.serialize("md"), end="")
        | name |
        | --- |
        | Chen |
        """
        if self.kind == "graph":
            if format not in GRAPH_FORMATS:
                raise ExportError(
                    f"a graph result cannot be written as {format!r}; use one of: {', '.join(GRAPH_FORMATS)}"
                )
            return _serialize_graph(self.graph, GRAPH_FORMATS[format])
        writer = {
            "table": writers.write_table,
            "md": writers.write_markdown,
            "markdown": writers.write_markdown,
            "csv": writers.write_csv,
            "tsv": writers.write_tsv,
            "json": writers.write_json,
            "xml": writers.write_xml,
        }.get(format)
        if writer is None:
            raise ExportError(f"a {self.kind} result cannot be written as {format!r}; use one of: {', '.join(RESULT_FORMATS)}")
        if format == "table":
            return writers.write_table(self, max_width=width)
        if compact and format in ("csv", "json"):
            return writer(self, compact=True)  # type: ignore[call-arg]
        return writer(self)

    def to_csv(self, *, compact: bool = False) -> str:
        """W3C SPARQL 1.1 CSV: lexical forms only, CRLF line ends; ``compact``: compact IRIs."""
        return self.serialize("csv", compact=compact)

    def to_tsv(self) -> str:
        """W3C SPARQL 1.1 TSV: terms in SPARQL syntax."""
        return self.serialize("tsv")

    def to_json(self, *, compact: bool = False) -> str:
        """W3C SPARQL 1.1 Query Results JSON; ``compact``: IRI values as compact IRIs."""
        return self.serialize("json", compact=compact)

    def to_xml(self) -> str:
        """W3C SPARQL Query Results XML."""
        return self.serialize("xml")

    def to_markdown(self) -> str:
        """A Markdown (GitHub) table; IRIs shortened with kgost's prefixes."""
        return self.serialize("md")

    def to_table(self, *, width: int = 60) -> str:
        """An aligned plain-text table for the terminal; IRIs shortened with kgost's prefixes,
        values longer than ``width`` cut with "…" (the footer says so); 0 for no limit."""
        return self.serialize("table", width=width)

    def to_dataframe(self, *, compact: bool = False) -> Any:
        """A ``pandas.DataFrame`` with one column per variable, holding the Python values.

        Parameters
        ----------
        compact
            IRIs as compact IRIs (``"person:chen"``, plain ``str``), as the command line shows
            them, instead of full ``URIRef`` values.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        MissingExtraError
            pandas is not installed (``pip install 'kgost[pandas]'``).
        ExportError
            The result is not a SELECT result.

        Examples
        --------
        >>> import kgost
        >>> frame = kgost.load().query("group-members", group="EXO-CBX").to_dataframe(compact=True)
        >>> list(frame["member"])
        ['person:baekhyun', 'person:chen', 'person:xiumin']
        """
        try:
            import pandas
        except ImportError:
            raise MissingExtraError.needs("QueryResult.to_dataframe", "pandas", "pandas") from None
        if self.kind != "select":
            raise ExportError(f"only SELECT results become data frames, this is a {self.kind} result")
        shorten = compactor(self.prefixes)
        rows = [tuple(shorten(str(v)) if compact and isinstance(v, URIRef) else v for v in row) for row in self._rows]
        return pandas.DataFrame(rows, columns=list(self.variables))


def _serialize_graph(graph: rdflib.Graph | None, format: str) -> str:
    """The export module's deterministic writers (sorted, kgost prefixes and JSON-LD context)."""
    from kgost.readwrite._export import serialize_graph

    return serialize_graph(graph if graph is not None else rdflib.Graph(), format=format)
