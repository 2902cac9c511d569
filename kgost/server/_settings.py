"""What a ``kgost serve`` server is told: where its graph comes from and the limits it keeps."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from kgost._errors import InputError
from kgost._limits import DEFAULT_MAX_INPUT_SIZE, check_limits

__all__ = ["ServerSettings", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_MAX_QUERY_LENGTH"]

#: Seconds a query may take before it is stopped (503).
DEFAULT_TIMEOUT = 10.0
#: Rows (or triples of a graph result) a query may give before it is stopped (503).
DEFAULT_MAX_ROWS = 10_000
#: Characters a query may have (414 for GET, 413 for POST beyond it).
DEFAULT_MAX_QUERY_LENGTH = 16_384


@dataclass(frozen=True)
class ServerSettings:
    """The settings of one server: the graph to load and the limits every request keeps.

    Parameters
    ----------
    store
        A store spec (``memory``, ``oxigraph:PATH``, ``sparql:URL``); a persistent or remote store
        is opened read-only.
    data
        RDF files to add to an in-memory store.
    data_format, no_bundled, max_input_size
        As the graph options of the command line.
    timeout
        Seconds of processor time a query, page or API call may use; past it the work is stopped
        (503); its wall-clock time is bounded at three times as much.
    max_rows
        Rows of a SELECT result (triples of a CONSTRUCT/DESCRIBE one) a query may give (503 past it).
    max_memory
        Bytes of memory a query may allocate (503 past it).
    max_query_length
        Characters of a query text (GET: 414 past it; POST: 413).
    cors
        An origin allowed to call the server from a browser (``*`` for any); ``None``: no CORS headers.
    concurrency
        Queries one server process runs at once (default: the number of CPUs); more wait their turn.
    cache
        Answers one server process keeps (small ones, least recently used dropped first; the graph
        does not change while served); 0: none.

    Examples
    --------
    >>> ServerSettings(timeout=2).timeout
    2
    >>> ServerSettings(max_rows=0)
    Traceback (most recent call last):
    ...
    kgost.InputError: max_rows must be a whole number, 1 or more, not 0
    """

    store: str = "memory"
    data: tuple[str, ...] = ()
    data_format: str | None = None
    no_bundled: bool = False
    max_input_size: int = DEFAULT_MAX_INPUT_SIZE
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_memory: int = 2 * 1024**3
    max_query_length: int = DEFAULT_MAX_QUERY_LENGTH
    cors: str | None = None
    concurrency: int = field(default_factory=lambda: os.cpu_count() or 1)
    cache: int = 256

    def __post_init__(self) -> None:
        check_limits(timeout=self.timeout, max_memory=self.max_memory)
        for name in ("max_rows", "max_query_length", "concurrency", "cache"):
            value, least = getattr(self, name), 0 if name == "cache" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise InputError(f"{name} must be a whole number, {least} or more, not {value!r}")

    @property
    def max_body(self) -> int:
        """Bytes of a request body: a query URL-encoded (each character up to 3 bytes) and a little more."""
        return 3 * 4 * self.max_query_length + 4096

    def to_json(self) -> str:
        """The settings as JSON (handed to worker processes)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        """The settings :meth:`to_json` wrote."""
        data = json.loads(text)
        data["data"] = tuple(data.get("data", ()))
        return cls(**data)
