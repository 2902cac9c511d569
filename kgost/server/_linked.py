"""Linked data: every entity IRI ``https://w3id.org/kgost/id/...`` served at ``/id/...``, and ``/ontology``."""

from __future__ import annotations

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kgost._namespace import KGOST_ID
from kgost.server._entities import entity_view, ontology_quads
from kgost.server._negotiate import GRAPH_FORMATS, choose, media_type
from kgost.server._pages import entity_page, ontology_page
from kgost.server._stream import write_quads

__all__ = ["entity", "ontology", "LINKED_FORMATS"]

#: What an entity or the ontology is served as: HTML for browsers first, then the RDF formats.
LINKED_FORMATS = ("html", *GRAPH_FORMATS)


async def entity(request: Request) -> Response:
    """``/id/PATH``: the entity ``https://w3id.org/kgost/id/PATH`` as HTML (for browsers, and ``*/*``)
    or Turtle, N-Triples, JSON-LD, TriG, N-Quads, RDF/XML (its statements, each in its named graph
    where the format keeps graphs); 404 when no statement names it."""
    iri = KGOST_ID[request.path_params["path"]]
    format = choose(request.headers.get("accept"), LINKED_FORMATS, override=request.query_params.get("format"))
    view = await request.app.state.runner.run(entity_view(iri, page=format == "html"), "the entity page",
                                                  key=("entity", str(iri), format == "html"))
    if view is None:
        raise HTTPException(404, f"no statement of the graph names {iri}")
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    # written in a thread: the event loop keeps serving meanwhile
    if format == "html":
        page = await anyio.to_thread.run_sync(lambda: entity_page(view, static=request.app.state.static_links))
        return HTMLResponse(page, headers=headers)
    text = await anyio.to_thread.run_sync(write_quads, view.quads, format)
    return Response(text, media_type=media_type(format), headers=headers)


async def ontology(request: Request) -> Response:
    """``/ontology``: the ontology's statements, as a table of its terms (HTML) or in an RDF format."""
    format = choose(request.headers.get("accept"), LINKED_FORMATS, override=request.query_params.get("format"))
    quads = await request.app.state.runner.run(ontology_quads, "the ontology", key=("ontology",))
    if format == "html":
        page = await anyio.to_thread.run_sync(lambda: ontology_page(quads, static=request.app.state.static_links))
        return HTMLResponse(page, headers={"Vary": "Accept"})
    text = await anyio.to_thread.run_sync(write_quads, quads, format)
    return Response(text, media_type=media_type(format), headers={"Vary": "Accept"})
