"""Starting the server: load the graph, build the app and run it with uvicorn, in one or several processes."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from kgost._errors import InputError, MissingExtraError
from kgost.server._settings import ServerSettings

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from kgost._graphlike import GraphLike

__all__ = ["serve", "create_app", "load_graph", "log_config"]

# The settings handed to worker processes (uvicorn starts each from an import string).
_SETTINGS_VARIABLE = "KGOST_SERVE_SETTINGS"


def serve(settings: ServerSettings, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the graph ``settings`` describes on ``host:port`` until interrupted (Ctrl-C, SIGTERM).

    Parameters
    ----------
    settings
        The graph to load and the limits (:class:`ServerSettings`).
    host, port
        Where to listen; ``127.0.0.1`` (this machine only) unless told otherwise.
    workers
        Server processes; each loads the graph (an ``oxigraph:PATH`` store is shared, read-only).

    Raises
    ------
    MissingExtraError
        Starlette or uvicorn is not installed (``pip install 'kgost[server]'``).
    InputError, ParseError
        The store or data cannot be loaded.
    """
    uvicorn = _uvicorn()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers must be a whole number, 1 or more, not {workers!r}")
    options: dict[str, Any] = dict(host=host, port=port, log_config=log_config(), access_log=False,
                                   h11_max_incomplete_event_size=settings.max_body, server_header=False,
                                   timeout_keep_alive=30)
    if workers == 1:
        app = create_app(settings)  # load errors show before the server starts
        _announce(host, port, settings, app.state.quads)
        uvicorn.run(app, **options)
        return
    load_graph(settings).close()  # the same check, once, before the workers start
    os.environ[_SETTINGS_VARIABLE] = settings.to_json()
    _announce(host, port, settings, None)
    uvicorn.run(f"{__name__}:create_app", factory=True, workers=workers, **options)


def create_app(settings: ServerSettings | None = None) -> Starlette:
    """Load the graph and build the app (what each worker process runs; the settings come from
    :func:`serve` through the environment when not given)."""
    from kgost.server._app import make_app

    if settings is None:
        settings = ServerSettings.from_json(os.environ[_SETTINGS_VARIABLE])
    return make_app(load_graph(settings), settings)


def load_graph(settings: ServerSettings) -> GraphLike:
    """The graph of ``settings``: a persistent or remote store opened read-only; ``data`` files only
    for an in-memory store (they would be written into a persistent one for good)."""
    from kgost import load
    from kgost.stores._registry import make_store

    store = make_store(settings.store, read_only=True)
    if settings.data and store.capabilities.persistent:
        store.close()
        raise InputError(f"--data would add files to the store {settings.store} for good; load them with:"
                         f" kgost store load --store {settings.store} FILE...")
    return load(*settings.data, bundled=False if settings.no_bundled else None, store=store,
                format=settings.data_format, max_input_size=settings.max_input_size)


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration: its own messages as usual, and the access log
    (``kgost.server.access``, one JSON object a line) on stderr; the root logger is left alone."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s", "use_colors": None},
            "json": {"format": "%(message)s"},
        },
        "handlers": {
            "default": {"formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
            "access": {"formatter": "json", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "kgost.server.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def _uvicorn() -> Any:
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise MissingExtraError.needs("kgost serve", "starlette and uvicorn", "server") from None
    return uvicorn


def _announce(host: str, port: int, settings: ServerSettings, quads: int | None) -> None:
    shown = f"[{host}]" if ":" in host else host
    holding = f", {quads} quads" if quads is not None else ""
    print(f"kgost serve: http://{shown}:{port}/ ({settings.store}{holding}; time limit {settings.timeout:g} s,"
          f" row limit {settings.max_rows}); Ctrl-C to stop", file=sys.stderr, flush=True)
