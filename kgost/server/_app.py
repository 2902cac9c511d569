"""The Starlette application: routes, error statuses, CORS and one JSON access-log line per request."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kgost._errors import (
    AmbiguousEntityError, EntityNotFoundError, ExportError, InputError, KgostError, LimitError, QueryError,
    UnknownQueryError,
)
from kgost.querying._named import named_queries
from kgost.server import _api, _linked, _queries, _sparql
from kgost.server._pages import home_page
from kgost.server._settings import ServerSettings
from kgost.server._warm import WarmGraph
from kgost.server._work import Runner

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from kgost._graphlike import GraphLike

__all__ = ["make_app", "status_of", "ACCESS_LOG", "STATIC"]

#: The logger of the access log: one JSON object per request (``kgost serve`` prints it on stderr).
ACCESS_LOG = "kgost.server.access"
#: The folder of the files served at ``/static/`` (the web page's, written at package time).
STATIC = Path(__file__).parent / "static"

_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def make_app(kg: GraphLike, settings: ServerSettings | None = None, *, store: str | None = None, warm: bool = True) -> Starlette:
    """The ASGI application serving ``kg`` (which it only reads).

    Parameters
    ----------
    kg
        The knowledge graph (``kgost.load(...)``).
    settings
        Limits and CORS (:class:`ServerSettings`); default: the defaults.
    store
        What to call the store in ``/health`` (default: the settings' store spec).
    warm
        Build the network views and the lookup's tables once now (:class:`WarmGraph`), so pages,
        connections and network views do not build them for every request; ``False`` starts faster.

    Returns
    -------
    starlette.applications.Starlette
        Run it with any ASGI server (``kgost serve`` uses uvicorn), or test it with Starlette's
        ``TestClient``.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> app = make_app(kg, ServerSettings(timeout=5), warm=False)
    >>> app.state.quads == len(kg), [route.path for route in app.routes][:3]
    (True, ['/', '/health', '/sparql'])
    """
    settings = settings or ServerSettings()
    middleware = [Middleware(_AccessLog)]
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=[settings.cors], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"]))
    routes = [
        Route("/", _home),
        Route("/health", _health),
        Route("/sparql", _sparql.sparql_endpoint, methods=["GET", "POST"]),
        Route("/queries", _queries.list_queries),
        Route("/queries/{name}", _queries.run_query),
        Route("/api/search", _api.search),
        Route("/api/connect", _api.connect),
        Route("/api/network", _api.network),
        Route("/id/{path:path}", _linked.entity),
        Route("/ontology", _linked.ontology),
        Mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: _http_error, KgostError: _kgost_error})
    app.state.kg = kg
    app.state.settings = settings
    app.state.runner = Runner(WarmGraph(kg).warm() if warm else kg, settings)
    app.state.store = store or settings.store
    app.state.graphs = [(str(g), int(n)) for g, n in kg.sparql_raw(_GRAPHS).rows]
    app.state.triples = int(kg.sparql_raw(_TRIPLES).rows[0][0])
    app.state.quads = sum(n for _, n in app.state.graphs)
    app.state.static_links = [name for name in ("kgost.css", "entity.js") if (STATIC / name).is_file()]
    return app


def status_of(error: KgostError) -> int:
    """The HTTP status of a kgost error: 503 past a limit, 404 for an unknown name, 400 for a bad
    query or input, 406 for a result that cannot take the format asked, else 500.

    Examples
    --------
    >>> status_of(LimitError("slow")), status_of(QueryError("FROM refused")), status_of(UnknownQueryError("x"))
    (503, 400, 404)
    """
    for kind, status in ((LimitError, 503), (UnknownQueryError, 404), (AmbiguousEntityError, 400),
                         (EntityNotFoundError, 404), (QueryError, 400), (InputError, 400), (ExportError, 406)):
        if isinstance(error, kind):
            return status
    return 500


# ---- handlers ------------------------------------------------------------------------------


async def _home(request: Request) -> Response:
    index = STATIC / "index.html"
    if index.is_file():
        return FileResponse(index, media_type="text/html; charset=utf-8")
    listed = [(q.name, q.summary) for q in named_queries()]
    return HTMLResponse(home_page(listed, static=request.app.state.static_links))


async def _health(request: Request) -> JSONResponse:
    state = request.app.state
    return JSONResponse({"status": "ok", "store": state.store, "quads": state.quads, "triples": state.triples,
                         "graphs": len(state.graphs)})


async def _kgost_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KgostError)
    return _error(request, status_of(exc), f"{type(exc).__name__}: {exc}", exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(request, exc.status_code, str(exc.detail), None, headers=exc.headers)


def _error(request: Request, status: int, message: str, exc: KgostError | None, *, headers: Any = None) -> Response:
    """The error as JSON ``{error, type, line, column}`` on ``/api/`` and for clients that ask for
    JSON only, else as plain text (what SPARQL clients show)."""
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", "1")
    path, accept = request.url.path, request.headers.get("accept", "")
    if path.startswith("/api/") or path == "/queries" or accept.split(";")[0].strip() == "application/json":
        data: dict[str, Any] = {"error": message, "status": status}
        if exc is not None:
            data["type"] = type(exc).__name__
            for name in ("line", "column", "candidates"):
                if getattr(exc, name, None) is not None:
                    data[name] = getattr(exc, name)
        return JSONResponse(data, status_code=status, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


class _AccessLog:
    """ASGI middleware: one JSON line per request on the ``kgost.server.access`` logger (method,
    path, status, bytes, milliseconds, client). Pure ASGI, so streamed responses stay streamed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = logging.getLogger(ACCESS_LOG)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        seen = {"status": 500, "bytes": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if self.log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                self.log.info(json.dumps({
                    "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "method": scope["method"],
                    "path": scope["path"], "query": len(scope.get("query_string", b"")), "status": seen["status"],
                    "bytes": seen["bytes"], "ms": round((time.perf_counter() - start) * 1000, 1),
                    "client": f"{client[0]}:{client[1]}" if client else None,
                }))
