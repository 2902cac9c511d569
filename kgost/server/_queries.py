"""Named queries over HTTP: ``/queries`` lists them, ``/queries/NAME?param=value`` runs one."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kgost.querying._named import named_queries, named_query
from kgost.server._sparql import answer
from kgost.server._work import named_work

__all__ = ["list_queries", "run_query"]


async def list_queries(request: Request) -> JSONResponse:
    """``/queries``: ``[{name, summary, kind, params: [{name, type, kind, required, default, help}], sparql}]``."""
    data = [
        {"name": q.name, "summary": q.summary, "kind": q.kind,
         "params": [{"name": p.name, "type": p.type, "kind": p.kind, "required": p.required,
                     "default": None if p.default is None else str(p.default), "help": p.help} for p in q.params],
         "sparql": q.text, "path": f"/queries/{q.name}"}
        for q in named_queries()
    ]
    return JSONResponse(data)


async def run_query(request: Request) -> Response:
    """``/queries/NAME?param=value``: the named query with its parameters (as ``kgost query NAME
    --param param=value`` takes them: names, compact IRIs and IRIs resolve), the result negotiated
    as on ``/sparql`` (``format=`` too)."""
    query = named_query(request.path_params["name"])  # UnknownQueryError (404) lists the closest names
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key == "format":
            continue
        if key in params:
            raise HTTPException(400, f"query {query.name!r}: parameter {key!r} is given twice; give it once")
        params[key] = value
    settings = request.app.state.settings
    written = await request.app.state.runner.write(
        named_work(query.name, params, settings.max_rows), f"the query {query.name!r}",
        key=("named", query.name, tuple(sorted(params.items()))),
        accept=request.headers.get("accept"), override=request.query_params.get("format"))
    return answer(written, request.query_params.get("format"))
