"""Running the server's work bounded: each query in a forked worker with a time, memory and row limit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import anyio
import anyio.to_thread

from kgost._errors import LimitError
from kgost._limits import run_bounded
from kgost.querying._named import named_query
from kgost.server._settings import ServerSettings
from kgost.stores._base import RawResult

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["Runner", "run_sparql", "run_named"]

T = TypeVar("T")


class Runner:
    """Runs work for requests: in a thread of the server (so the event loop keeps serving), inside
    :func:`kgost._limits.run_bounded` (a forked worker killed at the time limit, so a slow query
    stops and takes nothing with it), at most ``settings.concurrency`` at once.

    Examples
    --------
    >>> import kgost
    >>> runner = Runner(kgost.load(), ServerSettings(timeout=5))
    >>> anyio.run(runner.run, lambda kg: len(kg) > 0, "the count")
    True
    """

    def __init__(self, kg: GraphLike, settings: ServerSettings) -> None:
        self.kg = kg
        self.settings = settings
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[[GraphLike], T], what: str) -> T:
        """``work(kg)`` run bounded; its exceptions (``LimitError`` past a limit) come back as raised."""
        if self._limiter is None:  # made in the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self.settings.concurrency)
        call = functools.partial(
            run_bounded, lambda: work(self.kg), timeout=self.settings.timeout,
            max_memory=self.settings.max_memory, what=what,
        )
        return await anyio.to_thread.run_sync(call, limiter=self._limiter)


def run_sparql(text: str, max_rows: int) -> Callable[[GraphLike], RawResult]:
    """The work of a ``/sparql`` request: run ``text`` through kgost's gate on the graph, and stop
    past ``max_rows`` (checked in the worker, so a huge result never reaches the server)."""

    def work(kg: GraphLike) -> RawResult:
        return within_rows(kg.sparql_raw(text), max_rows)

    return work


def run_named(name: str, params: dict[str, str], max_rows: int) -> Callable[[GraphLike], RawResult]:
    """The work of a ``/queries/NAME`` request: the named query with its parameters (converted as
    the command line converts them: names, compact IRIs and IRIs resolve)."""

    def work(kg: GraphLike) -> RawResult:
        result = named_query(name).run(kg, **params)
        raw = RawResult(result.kind, result.variables, result.terms, result.boolean, result.graph)  # type: ignore[arg-type]
        return within_rows(raw, max_rows)

    return work


def within_rows(raw: RawResult, max_rows: int) -> RawResult:
    """``raw`` if it holds at most ``max_rows`` rows (or triples), else a ``LimitError``."""
    size = len(raw.graph) if raw.kind == "graph" and raw.graph is not None else len(raw.rows)
    if size > max_rows:
        what = "triples" if raw.kind == "graph" else "rows"
        raise LimitError(
            f"the query gave {size} {what}, more than the server's limit of {max_rows} (--max-rows);"
            " ask for less (LIMIT, a narrower pattern)"
        )
    return raw


