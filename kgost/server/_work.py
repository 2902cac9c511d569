"""Running the server's work bounded: each query in a forked worker with a time, memory and row limit."""

from __future__ import annotations

import asyncio
import collections
import functools
import math
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

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

# The wall-clock bound of a worker, in multiples of the time limit (which counts processor time).
_WALL_FACTOR = 3
# Answers larger than this (rows, triples) are not kept.
_KEPT_ROWS = 2000


class Runner:
    """Runs work for requests: in a thread of the server (so the event loop keeps serving), inside
    :func:`kgost._limits.run_bounded` (a forked worker, so a slow query stops and takes nothing
    with it), at most ``settings.concurrency`` at once.

    The time limit counts the processor time the worker uses (``RLIMIT_CPU``), so a busy machine
    does not stop work that would finish in time on a quiet one; the wall-clock time is bounded
    too, at :data:`_WALL_FACTOR` times the limit, in case the worker waits rather than works.

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
        self._kept: collections.OrderedDict[Hashable, Any] = collections.OrderedDict()
        self._running: dict[Hashable, asyncio.Future[Any]] = {}

    async def run(self, work: Callable[[GraphLike], T], what: str, *, key: Hashable | None = None) -> T:
        """``work(kg)`` run bounded; its exceptions (``LimitError`` past a limit) come back as raised.

        With a ``key`` (what the work is, e.g. ``("sparql", text)``), a small answer is kept (the
        graph never changes while it is served) and the same work is answered from memory next
        time: at most ``settings.cache`` answers, the least recently used dropped first; errors
        are never kept, so a query past a limit is run, and stopped, every time. Requests for the
        same work while it runs share its one run (and its answer or error).
        """
        if key is None:
            return await self._run(work, what)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]  # type: ignore[no-any-return]
        running = self._running.get(key)
        if running is not None:  # the same work is under way for another request: share its answer
            return await asyncio.shield(running)  # type: ignore[no-any-return]
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            answer = await self._run(work, what)
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when no one else waited
            raise
        except BaseException:  # cancelled: those waiting are cancelled too
            future.cancel()
            raise
        finally:
            del self._running[key]
        future.set_result(answer)
        if self.settings.cache and _size(answer) <= _KEPT_ROWS:
            self._kept[key] = answer
            while len(self._kept) > self.settings.cache:
                self._kept.popitem(last=False)
        return answer

    async def _run(self, work: Callable[[GraphLike], T], what: str) -> T:
        if self._limiter is None:  # made in the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self.settings.concurrency)
        seconds = self.settings.timeout
        call = functools.partial(
            run_bounded, lambda: _within_cpu(lambda: work(self.kg), seconds, what),
            timeout=seconds * _WALL_FACTOR, max_memory=self.settings.max_memory, what=what,
        )
        try:
            return await anyio.to_thread.run_sync(call, limiter=self._limiter)
        except LimitError as exc:
            if f"took longer than {seconds * _WALL_FACTOR:g} s (the time limit)" not in str(exc):
                raise  # the processor-time, row or memory limit, as it said
            raise LimitError(
                f"{what} took longer than {seconds * _WALL_FACTOR:g} s of wall-clock time ({_WALL_FACTOR} times the"
                f" time limit of {seconds:g} s of processor time: the machine is busy, or the work waits); ask for less,"
                " or try again later"
            ) from None


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


def _within_cpu(call: Callable[[], T], seconds: float, what: str) -> T:
    """In the forked worker: ``call()`` with ``seconds`` of processor time, past which it stops
    with a ``LimitError`` (``SIGXCPU``; a worker stuck in C code is killed a few seconds later).
    The worker's processor time starts at zero (fork resets it), and the limit is its own."""
    import resource
    import signal

    def stop(*_: object) -> None:
        raise LimitError(f"{what} took longer than {seconds:g} s (the time limit, in processor time); ask for less")

    signal.signal(signal.SIGXCPU, stop)
    used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    limit = math.ceil(used + seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5))
    return call()


def _size(answer: object) -> int:
    """Rows or triples of an answer (its items for other answers), to keep only small ones."""
    if isinstance(answer, RawResult):
        return len(answer.graph) if answer.graph is not None else len(answer.rows)
    try:
        return len(answer)  # type: ignore[arg-type]
    except TypeError:
        return 0


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


