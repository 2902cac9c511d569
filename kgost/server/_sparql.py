"""The SPARQL 1.1 Protocol endpoint ``/sparql``: queries by GET and POST, results negotiated, a service description."""

from __future__ import annotations

import urllib.parse

from rdflib import RDF, BNode, Literal, Namespace, URIRef
from rdflib.namespace import VOID, XSD
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kgost._errors import InputError
from kgost._namespace import expand_iri
from kgost.server._negotiate import GRAPH_FORMATS, choose, media_type
from kgost.server._spool import Answer
from kgost.server._stream import write_quads
from kgost.server._work import sparql_work
from kgost.stores._lazy import Dataset

__all__ = ["sparql_endpoint", "read_form", "answer", "SD"]

#: The SPARQL 1.1 Service Description vocabulary.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")


async def sparql_endpoint(request: Request) -> Response:
    """``/sparql``: GET ``?query=``, POST a form (``query=``) or ``application/sparql-query``.

    Updates (``update=``, ``application/sparql-update``) get 403: the endpoint is read-only.
    ``default-graph-uri`` and ``named-graph-uri`` (each repeatable) make the query's dataset of
    the store's own named graphs as the protocol says (never fetched; a graph the store does not
    hold is empty); without them the default graph is the union of the named graphs. Without a
    query: the service description.
    """
    settings = request.app.state.settings
    params = dict(request.query_params.multi_items())
    fields: list[tuple[str, str]] = list(request.query_params.multi_items())
    query: str | None
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise HTTPException(403, "SPARQL Update is refused: this endpoint is read-only")
        body = await read_body(request, settings.max_body)
        if content_type == "application/x-www-form-urlencoded":
            fields += read_form(body)
        elif content_type == "application/sparql-query":
            fields.append(("query", _text(body)))
        else:
            raise HTTPException(415, f"POST a query as application/x-www-form-urlencoded (query=...) or"
                                     f" application/sparql-query, not {content_type or 'a body without a Content-Type'}")
        params = dict(fields)
    names = [k for k, _ in fields]
    if "update" in names:
        raise HTTPException(403, "SPARQL Update is refused: this endpoint is read-only")
    dataset = _dataset(fields)
    if names.count("query") > 1:
        raise HTTPException(400, "give one query parameter, not several")
    query = params.get("query")
    if query is None:
        if request.method == "POST":
            raise HTTPException(400, "no query: give query=... (or POST application/sparql-query)")
        return _service_description(request, params.get("format"))
    if len(query) > settings.max_query_length:
        status = 414 if request.method == "GET" else 413
        raise HTTPException(status, f"the query has {len(query)} characters, more than the server's limit of"
                                    f" {settings.max_query_length} (--max-query-length)")
    written = await request.app.state.runner.write(sparql_work(query, settings.max_rows, dataset=dataset), "the query",
                                                   key=("sparql", query, dataset),
                                                   accept=request.headers.get("accept"), override=params.get("format"))
    return answer(written, params.get("format"))


def answer(written: Answer, override: str | None) -> Response:
    """A result the worker wrote (in the format the request negotiated), sent a chunk at a time
    from memory or from its spool (read in a thread), with the right media type; a download
    (``format=``) as an attachment."""
    format = written.written.format
    headers = {"Vary": "Accept"}
    if override:
        extension = {"jsonld": "jsonld", "turtle": "ttl", "rdfxml": "rdf", "nquads": "nq"}.get(format, format)
        headers["Content-Disposition"] = f'attachment; filename="result.{extension}"'
    return StreamingResponse(written.chunks(), media_type=media_type(format), headers=headers)


def _dataset(fields: list[tuple[str, str]]) -> Dataset | None:
    """The dataset ``default-graph-uri`` and ``named-graph-uri`` give (IRIs or kgost's compact
    IRIs; 400 for anything else), or ``None`` when neither is given."""
    picked: dict[str, list[URIRef]] = {"default-graph-uri": [], "named-graph-uri": []}
    for name, value in fields:
        if name in picked:
            try:
                picked[name].append(expand_iri(value.strip()))
            except InputError as exc:
                raise HTTPException(400, f"{name}: {exc}") from None
    if not picked["default-graph-uri"] and not picked["named-graph-uri"]:
        return None
    return tuple(dict.fromkeys(picked["default-graph-uri"])), tuple(dict.fromkeys(picked["named-graph-uri"]))


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it passes ``limit`` bytes (the declared length first)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the request body has {declared} bytes, more than the server's limit of {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the request body is larger than the server's limit of {limit} bytes")
    return bytes(body)


def read_form(body: bytes) -> list[tuple[str, str]]:
    """The fields of a URL-encoded form body, or 400."""
    try:
        return urllib.parse.parse_qsl(_text(body), keep_blank_values=True, strict_parsing=False)
    except ValueError as exc:
        raise HTTPException(400, f"the form is malformed: {exc}") from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"the request body is not UTF-8 text (byte {exc.start})") from None


def _service_description(request: Request, override: str | None) -> Response:
    """The SPARQL 1.1 Service Description of the endpoint: what it speaks and the dataset it serves."""
    endpoint = URIRef(str(request.url.replace(query="", fragment="")))
    graphs: list[tuple[str, int]] = request.app.state.graphs
    quads = [(endpoint, RDF.type, SD.Service), (endpoint, SD.endpoint, endpoint),
             (endpoint, SD.supportedLanguage, SD.SPARQL11Query), (endpoint, SD.feature, SD.UnionDefaultGraph)]
    quads += [(endpoint, SD.resultFormat, _FORMATS[name]) for name in _FORMAT_IRIS]
    dataset, default = BNode("dataset"), BNode("default")
    quads += [(endpoint, SD.defaultDataset, dataset), (dataset, RDF.type, SD.Dataset),
              (dataset, SD.defaultGraph, default), (default, RDF.type, SD.Graph),
              (default, VOID.triples, Literal(request.app.state.triples, datatype=XSD.integer))]
    for number, (iri, size) in enumerate(graphs):
        named, graph = BNode(f"named{number}"), BNode(f"graph{number}")
        quads += [(dataset, SD.namedGraph, named), (named, RDF.type, SD.NamedGraph), (named, SD.name, URIRef(iri)),
                  (named, SD.graph, graph), (graph, RDF.type, SD.Graph),
                  (graph, VOID.triples, Literal(size, datatype=XSD.integer))]
    format = choose(request.headers.get("accept"), GRAPH_FORMATS, override=override)
    text = write_quads(((s, p, o, None) for s, p, o in quads), format)
    return Response(text, media_type=media_type(format), headers={"Vary": "Accept"})
