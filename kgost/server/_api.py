"""The JSON API for the web page: entity search, the connection finder and network views (Cytoscape.js JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from kgost._errors import EntityNotFoundError
from kgost._namespace import expand_iri
from kgost.server._entities import page_of

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["search", "connect", "network", "search_work", "connect_work", "network_work"]

_MAX_LIMIT = 100


async def search(request: Request) -> JSONResponse:
    """``/api/search?q=TEXT&limit=N``: ``[{iri, label, kind, page}]``, exact matches first, then
    labels containing the text (kgost's lookup); no match is an empty list."""
    text = _required(request, "q")
    limit = _number(request, "limit", default=10, most=_MAX_LIMIT)
    found = await request.app.state.runner.run(search_work(text, limit), "the search", key=("search", text, limit))
    return JSONResponse(found)


async def connect(request: Request) -> JSONResponse:
    """``/api/connect?a=NAME&b=NAME&max_paths=N&view=artist|full``: the shortest connections, explained."""
    a, b = _required(request, "a"), _required(request, "b")
    max_paths = _number(request, "max_paths", default=10, most=_MAX_LIMIT)
    view = request.query_params.get("view", "artist")
    found = await request.app.state.runner.run(connect_work(a, b, max_paths, view), "the connection search",
                                                   key=("connect", a, b, max_paths, view))
    return JSONResponse(found)


async def network(request: Request) -> JSONResponse:
    """``/api/network?view=artist|full|people|songs&around=NAME&depth=N``: the view as Cytoscape.js
    elements (``{elements: {nodes: [{data}], edges: [{data}]}}``)."""
    view = request.query_params.get("view", "artist")
    around = request.query_params.get("around") or None
    depth = _number(request, "depth", default=1, most=10, least=0)
    found = await request.app.state.runner.run(network_work(view, around, depth), "the network view",
                                                   key=("network", view, around, depth))
    return JSONResponse(found)


def search_work(text: str, limit: int):  # type: ignore[no-untyped-def]
    """The work of a search: exact label matches, then labels containing ``text``; an IRI: its entity."""
    from kgost._lookup import _looks_like_iri, _query, find, normalize_name

    def work(kg: GraphLike) -> list[dict[str, Any]]:
        try:
            if _looks_like_iri(text):
                entities = find(kg, text, limit=limit)
            elif not normalize_name(text):
                return []
            else:
                exact, contained = _query(kg, text)
                entities = list({e.iri: e for e in exact + contained}.values())[:limit]
        except EntityNotFoundError:
            return []
        return [{"iri": str(e.iri), "label": e.label, "kind": e.kind, "page": page_of(str(e.iri)), "matched": e.matched}
                for e in entities]

    return work


def connect_work(a: str, b: str, max_paths: int, view: str):  # type: ignore[no-untyped-def]
    """The work of a connection search, as JSON data: each path's explanation, nodes and edges."""
    from kgost.networks._connect import connect

    def work(kg: GraphLike) -> dict[str, Any]:
        found = connect(kg, a, b, max_paths=max_paths, view=view)
        paths = []
        for path in found.paths:
            nodes = [{"iri": str(expand_iri(n)), "label": label, "page": page_of(str(expand_iri(n)))}
                     for n, label in zip(path.nodes, path.labels)]
            edges = [{"source": str(expand_iri(h.source)), "target": str(expand_iri(h.target)), "label": h.relation,
                      "text": h.text, "forward": h.forward, "graph": h.graph, "sentence": h.sentence,
                      "inferred": h.inferred, "reason": h.reason} for h in path.hops]
            paths.append({"explanation": path.explanation, "nodes": nodes, "edges": edges})
        return {"source": {"iri": str(expand_iri(found.source_iri)), "label": found.source},
                "target": {"iri": str(expand_iri(found.target_iri)), "label": found.target},
                "view": found.view, "connected": found.connected, "length": found.length, "total": found.total,
                "description": found.describe(), "paths": paths}

    return work


def network_work(view: str, around: str | None, depth: int):  # type: ignore[no-untyped-def]
    """The work of a network view, as Cytoscape.js elements (:func:`kgost.networks._cytoscape.cytoscape_json`,
    the converter of ``kgost network --format html``, with each node's page on this server)."""
    from kgost.networks._cytoscape import cytoscape_json
    from kgost.networks._views import network

    def work(kg: GraphLike) -> dict[str, Any]:
        graph = network(kg, view=view, around=around, depth=depth)
        elements = cytoscape_json(graph, page=page_of)["elements"]
        return {"view": view, "around": graph.graph.get("around"), "elements": elements}

    return work


def _required(request: Request, name: str) -> str:
    value = request.query_params.get(name)
    if value is None or not value.strip():
        raise HTTPException(400, f"give the parameter {name}=...")
    return value


def _number(request: Request, name: str, *, default: int, most: int, least: int = 1) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not text.strip().isdigit() or not least <= int(text) <= most:
        raise HTTPException(400, f"{name} must be a whole number from {least} to {most}, not {text!r}")
    return int(text)
