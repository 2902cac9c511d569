"""A remote SPARQL 1.1 Protocol endpoint as a kgost store (``sparql:URL``), over plain HTTP(S)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import rdflib
from rdflib import BNode, Literal, URIRef

from kgost._errors import InputError, QueryError
from kgost._namespace import PREFIXES, bind_prefixes
from kgost.readwrite._nquads import nt_term
from kgost.querying._gate import checked_with_values
from kgost.querying._shape import checked_shape, star_order
from kgost.stores._base import RawResult, StoreBase, StoreCapabilities, skolemise, unskolemise
from kgost._types import Quad, Term
from kgost._public import public

__all__ = ["SparqlStore", "UNION_HELP"]

#: How to make a server's default graph the union of its named graphs, for messages and the README.
UNION_HELP = (
    "start Oxigraph with `oxigraph serve --union-default-graph`, set `tdb2:unionDefaultGraph true` on a"
    " Fuseki TDB2 dataset, start QLever with its default (every graph is in the default graph),"
    " use GraphDB's default (its default graph is the union), or Virtuoso's default /sparql endpoint"
)

_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


@public
class SparqlStore(StoreBase):
    """Any SPARQL 1.1 Protocol endpoint (Oxigraph, Fuseki, QLever, GraphDB, Virtuoso, ...) as a store.

    Queries go to ``url`` by the protocol (HTTP POST); writes go as SPARQL Update to
    ``update_url`` when the server allows them. kgost reads what the server holds and does not
    push its bundled data there unless asked (``kgost.load(store=..., bundled=True)`` or
    ``kgost store init``). The server's default graph must be the union of its named graphs:
    opening the store checks a sample triple and says how to set that up if it is not. Blank
    nodes that kgost writes are skolemised (see :attr:`StoreCapabilities.blank_nodes`), so they
    can be found again; the server's own blank nodes cannot be bound in a later query.

    Parameters
    ----------
    url
        The query endpoint, e.g. ``http://127.0.0.1:7878/query``.
    update_url
        The update endpoint. Default: ``.../update`` for a URL ending in ``/query`` (Oxigraph,
        Fuseki), ``.../statements`` for a GraphDB repository, else ``url`` itself.
    read_only
        Never write (``add``, ``remove`` and ``clear`` raise ``InputError``).
    timeout
        Seconds to wait for the server.

    Raises
    ------
    InputError
        The URL is not ``http(s)://``, the server cannot be reached, or its default graph is
        not the union of its named graphs.

    Examples
    --------
    >>> SparqlStore("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    kgost.InputError: sparql: needs an http:// or https:// URL of a SPARQL endpoint, not 'ftp://example.org/sparql'
    """

    name = "sparql"

    def __init__(self, url: str, *, update_url: str | None = None, read_only: bool = False, timeout: float = 60) -> None:
        self.url = _check_url(url)
        self.update_url = _check_url(update_url) if update_url else _update_url(self.url)
        self.timeout = timeout
        self._union_seen = False
        self.capabilities = StoreCapabilities(
            writable=not read_only, persistent=True, remote=True, transactions=True, blank_nodes=False, checks_queries=True,
            set_union=False,  # unknown: Oxigraph 0.5.13 serve repeats (oxigraph#1919); kgost queries use DISTINCT
            compiled_queries=True,
        )
        self._check_union()

    @classmethod
    def from_spec(cls, argument: str | None, *, read_only: bool = False) -> SparqlStore:
        """The store of the spec ``sparql:URL``."""
        if not argument:
            raise InputError("sparql: needs the URL of a SPARQL endpoint, e.g. sparql:http://127.0.0.1:7878/query")
        return cls(argument, read_only=read_only)

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a read-only query on the server; see :meth:`kgost.Store.query`."""
        sparql, shape = checked_shape(sparql)  # refuse updates, FROM and SERVICE before the server sees them
        kind = shape.kind
        text = _prologue() + (checked_with_values(sparql, {k: skolemise(v) for k, v in bindings.items()}) if bindings else sparql)
        if kind in ("construct", "describe"):
            body = self._post(self.url, {"query": text}, accept=_TRIPLES)
            graph = bind_prefixes(rdflib.Graph())
            try:
                graph.parse(data=body.decode("utf-8"), format="nt")
            except Exception as exc:
                raise QueryError(f"the SPARQL server at {self.url} sent triples kgost cannot read: {exc}") from None
            result = bind_prefixes(rdflib.Graph())
            for triple in graph:
                result.add(tuple(unskolemise(t) for t in triple))  # type: ignore[arg-type]
            return RawResult("graph", graph=result)
        answer = self._results(text)
        if kind == "ask":
            return RawResult("ask", boolean=bool(answer.get("boolean")))
        variables = star_order(shape, sparql, tuple(answer.get("head", {}).get("vars", ())))
        rows = [
            tuple(_term(solution[v]) if v in solution else None for v in variables)
            for solution in answer.get("results", {}).get("bindings", ())
        ]
        return RawResult("select", variables=variables, rows=rows)

    def add(self, quads: Iterable[Quad]) -> int:
        """Add quads with one SPARQL ``INSERT DATA`` request (one transaction on the server)."""
        return self._update("INSERT", quads)

    def remove(self, quads: Iterable[Quad]) -> int:
        """Remove quads with one SPARQL ``DELETE DATA`` request."""
        return self._update("DELETE", quads)

    def clear(self) -> None:
        """Remove every graph on the server (``CLEAR ALL``)."""
        self._check_writable("clear the store")
        self._post(self.update_url, {"update": "CLEAR ALL"}, accept="*/*")

    def quads(self) -> Iterator[Quad]:
        """Every quad in the server's named graphs."""
        answer = self._results("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for solution in answer.get("results", {}).get("bindings", ()):
            yield tuple(_term(solution[v]) for v in ("s", "p", "o", "g"))  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<SparqlStore {self.url}>"

    def _update(self, verb: str, quads: Iterable[Quad]) -> int:
        self._check_writable(f"{verb.lower()} quads")
        by_graph: dict[Term, list[str]] = {}
        count = 0
        for s, p, o, g in quads:
            by_graph.setdefault(g, []).append(" ".join(nt_term(skolemise(t)) for t in (s, p, o)) + " .")
            count += 1
        if not by_graph:
            return 0
        blocks = "\n".join(f"GRAPH {nt_term(skolemise(g))} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        self._post(self.update_url, {"update": f"{verb} DATA {{\n{blocks}\n}}"}, accept="*/*")
        if verb == "INSERT" and not self._union_seen:
            self._check_union()
        return count

    def _check_union(self) -> None:
        """Check that a triple of a named graph is in the default graph (the union), if the server has one."""
        probe = self._results(
            "SELECT ?g ?s ?p ?o ?inDefault WHERE { { SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 }"
            " BIND(EXISTS { ?s ?p ?o } AS ?inDefault) }"
        )
        rows = probe.get("results", {}).get("bindings", [])
        if not rows:
            return  # an empty server: nothing tells yet; the first add checks again
        self._union_seen = True
        flag = rows[0].get("inDefault", {}).get("value")
        if flag not in ("true", "1"):
            graph = rows[0]["g"]["value"]
            raise InputError(
                f"the SPARQL server at {self.url} does not show the triples of its named graphs (e.g. <{graph}>)"
                f" in its default graph, and kgost's queries read the default graph as their union: {UNION_HELP}"
            )

    def _results(self, text: str) -> dict[str, Any]:
        body = self._post(self.url, {"query": text}, accept=_RESULTS)
        try:
            return json.loads(body)  # type: ignore[no-any-return]
        except ValueError as exc:
            raise QueryError(f"the SPARQL server at {self.url} did not answer with SPARQL JSON results: {exc}") from None

    def _post(self, url: str, form: dict[str, str], *, accept: str) -> bytes:
        data = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(
            url, data=data, method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        try:
            with _opener(url).open(request, timeout=self.timeout) as response:
                return response.read()  # type: ignore[no-any-return]
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            if "update" in form:
                raise InputError(f"the SPARQL server at {url} refuses the update (HTTP {exc.code}): {detail}") from None
            raise QueryError(f"the SPARQL server at {url} refuses the query (HTTP {exc.code}): {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"cannot reach the SPARQL server at {url}: {reason}") from None


def _prologue() -> str:
    """kgost's prefixes, declared for the server (a query may declare them again, which SPARQL allows)."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def _term(node: dict[str, Any]) -> Term:
    """An RDF term of SPARQL 1.1 Query Results JSON as an rdflib term."""
    kind, value = node.get("type"), node.get("value", "")
    if kind == "uri":
        return unskolemise(URIRef(value))
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: Virtuoso's older name
        if "xml:lang" in node:
            return Literal(value, lang=node["xml:lang"])
        datatype = node.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise QueryError(f"unknown RDF term in the server's answer: {node!r}")


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"sparql: needs an http:// or https:// URL of a SPARQL endpoint, not {url!r}")
    return url


def _update_url(url: str) -> str:
    """The usual update endpoint beside a query endpoint."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path
    if path.endswith("/query"):
        path = path[: -len("query")] + "update"
    elif path.rstrip("/").split("/")[-2:-1] == ["repositories"]:  # GraphDB, RDF4J
        path = path.rstrip("/") + "/statements"
    return urllib.parse.urlunsplit(parts._replace(path=path))


def _opener(url: str) -> urllib.request.OpenerDirector:
    """A URL opener; no proxy for this machine's own addresses (a proxy set for the outside must not catch them)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()
