"""Running the server's work bounded: each query in a forked worker with a time, memory and row limit."""

from __future__ import annotations

import asyncio
import collections
import functools
import math
from collections.abc import Awaitable, Callable, Hashable
from typing import IO, TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

from kgost._errors import KgostError, LimitError, QueryError, QuerySyntaxError
from kgost._limits import run_bounded
from kgost._logs import quiet_rdflib
from kgost.querying._shape import checked_shape
from kgost.querying._named import named_query
from kgost.server._negotiate import GRAPH_FORMATS, RESULT_FORMATS, choose
from kgost.server._settings import ServerSettings
from kgost.server._spool import Answer, Spool, Written
from kgost.server._stream import write_result
from kgost.stores._lazy import Dataset, LazyResult

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike
    from kgost._types import Term

__all__ = ["Runner", "Writer", "sparql_work", "named_work", "lazy_query", "result_format"]

#: The work of a result request, run in a worker: ``work(kg, out, choose)`` writes the result to
#: ``out`` in the format ``choose(kind)`` names, and says what it wrote.
Writer = Callable[["GraphLike", IO[bytes], Callable[[str], str]], Written]

T = TypeVar("T")

# The wall-clock bound of a worker, in multiples of the time limit (which counts processor time).
_WALL_FACTOR = 3
# Answers larger than this (bytes) are not kept; results larger are sent from their spool.
_KEPT_BYTES = 128 * 1024
# Other answers (of pages and the API) with more items than this are not kept.
_KEPT_ITEMS = 2000


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
    >>> ask = functools.partial(runner.write, sparql_work("ASK { ?s ?p ?o }", 10), "the query", key="ask",
    ...                         accept="application/sparql-results+xml", override=None)
    >>> answer = anyio.run(ask)
    >>> answer.written, b"".join(answer.chunks()).count(b"<boolean>true</boolean>")
    (Written(kind='ask', format='xml', rows=0), 1)
    """

    def __init__(self, kg: GraphLike, settings: ServerSettings) -> None:
        self.kg = kg
        self.settings = settings
        self._limiter: anyio.CapacityLimiter | None = None
        self._kept: collections.OrderedDict[Hashable, Any] = collections.OrderedDict()
        self._running: dict[Hashable, asyncio.Future[Any]] = {}
        self._kinds: dict[Hashable, str] = {}  # the kind of each result kept (to negotiate before a run)

    async def run(self, work: Callable[[GraphLike], T], what: str, *, key: Hashable | None = None) -> T:
        """``work(kg)`` run bounded; its exceptions (``LimitError`` past a limit) come back as raised.

        With a ``key`` (what the work is, e.g. ``("search", text)``), a small answer is kept (the
        graph never changes while it is served) and the same work is answered from memory next
        time: at most ``settings.cache`` answers, the least recently used dropped first; errors
        are never kept, so work past a limit is run, and stopped, every time. Requests for the
        same work while it runs share its one run (and its answer or error).
        """
        if key is None:
            return await self._run(work, what)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]  # type: ignore[no-any-return]
        answer = await self._once(key, lambda: self._run(work, what))
        if _size(answer) <= _KEPT_ITEMS:
            self._keep(key, answer)
        return answer

    async def write(self, work: Writer, what: str, *, key: Hashable, accept: str | None, override: str | None) -> Answer:
        """A result written by ``work`` in a bounded worker (as :meth:`run`) to a :class:`Spool`,
        in the format negotiated from ``accept`` and ``override`` (``format=``) once the worker
        knows the kind of result; the answer is sent from the spool, or from memory when small.

        Small answers (up to 128 KiB) are kept per ``key`` and format, as :meth:`run` keeps
        answers; requests for the same result and format while it is written share the one run.
        """
        kind = self._kinds.get(key)
        if kind is not None:
            found = self._kept.get((key, result_format(kind, accept, override)))
            if found is not None:
                self._kept.move_to_end((key, found.written.format))
                return found  # type: ignore[no-any-return]
        answer = await self._once(("write", key, accept, override), lambda: self._write(work, what, accept, override))
        if answer.data is not None:
            self._kinds[key] = answer.written.kind
            self._keep((key, answer.written.format), answer)
            while len(self._kinds) > max(self.settings.cache, 1):
                self._kinds.pop(next(iter(self._kinds)))
        return answer

    async def _write(self, work: Writer, what: str, accept: str | None, override: str | None) -> Answer:
        spool = Spool()

        def in_worker(kg: GraphLike) -> Written:
            try:
                with spool.writer() as out, quiet_rdflib():
                    return work(kg, out, functools.partial(result_format, accept=accept, override=override))
            except OSError as exc:  # the temporary folder is full, or gone
                raise KgostError(f"{what}: the result cannot be written to the temporary folder: {exc}") from None

        try:
            written = await self._run(in_worker, what)
            size = spool.size()
            if size <= _KEPT_BYTES:
                return Answer(written, size, data=await anyio.to_thread.run_sync(spool.read_all))
        except BaseException:
            spool.close()
            raise
        return Answer(written, size, spool=spool)

    async def _once(self, key: Hashable, make: Callable[[], Awaitable[Any]]) -> Any:
        """``make()`` awaited, shared by the requests that ask for the same ``key`` while it runs."""
        running = self._running.get(key)
        if running is not None:  # the same work is under way for another request: share its answer
            return await asyncio.shield(running)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            answer = await make()
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
        return answer

    def _keep(self, key: Hashable, answer: Any) -> None:
        if self.settings.cache:
            self._kept[key] = answer
            while len(self._kept) > self.settings.cache:
                self._kept.popitem(last=False)

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


def sparql_work(text: str, max_rows: int, *, dataset: Dataset | None = None) -> Writer:
    """The work of a ``/sparql`` request: run ``text`` through kgost's gate on the graph (on
    ``dataset``, picked from its named graphs, when given) and write its rows as the engine gives
    them, stopping past ``max_rows`` (counted in the worker as it writes, so a huge result is
    never built, and never reaches the server)."""

    def work(kg: GraphLike, out: IO[bytes], choose: Callable[[str], str]) -> Written:
        result = lazy_query(kg, text, dataset=dataset)
        format = choose(result.kind)
        return Written(result.kind, format, write_result(result, format, out, max_rows=max_rows))

    return work


def named_work(name: str, params: dict[str, str], max_rows: int) -> Writer:
    """The work of a ``/queries/NAME`` request: the named query with its parameters (converted as
    the command line converts them: names, compact IRIs and IRIs resolve), written as
    :func:`sparql_work` writes."""

    def work(kg: GraphLike, out: IO[bytes], choose: Callable[[str], str]) -> Written:
        query = named_query(name)
        try:
            result = lazy_query(kg, query.text, bindings=query.bindings(kg, **params))
        except QuerySyntaxError as exc:
            raise QuerySyntaxError(f"query {name!r} ({query.path}): {exc}", line=exc.line, column=exc.column) from None
        except QueryError as exc:
            raise type(exc)(f"query {name!r} ({query.path}): {exc}") from None
        format = choose(result.kind)
        rows = write_result(result, format, out, max_rows=max_rows, what=f"the query {name!r}")
        return Written(result.kind, format, rows)

    return work


def lazy_query(kg: GraphLike, text: str, *, bindings: dict[str, Term] | None = None, dataset: Dataset | None = None) -> LazyResult:
    """``text`` run on the graph's store, its answer read as the engine produces it (the store's
    ``query_lazy``; a whole answer for a store without one), after kgost's gate as
    ``KnowledgeGraph.sparql_raw`` runs it; on ``dataset`` when given (only stores with
    ``query_lazy`` take one)."""
    store = kg.store
    lazy = getattr(store, "query_lazy", None)
    if lazy is None:
        if dataset is not None:
            raise QueryError(f"the {store.name} store cannot pick a dataset (default-graph-uri, named-graph-uri);"
                             " use GRAPH <iri> { ... } in the query")
        return kg.sparql_raw(text, bindings=bindings).lazy()
    if not store.capabilities.checks_queries:
        text, _ = checked_shape(text)
    if dataset is None:
        return lazy(text, bindings=bindings)  # type: ignore[no-any-return]
    return lazy(text, bindings=bindings, dataset=dataset)  # type: ignore[no-any-return]


def result_format(kind: str, accept: str | None, override: str | None) -> str:
    """The format a result of ``kind`` takes for a request's ``Accept`` and ``format=`` (406 or 400
    as :func:`kgost.server._negotiate.choose` says).

    Examples
    --------
    >>> result_format("ask", "text/csv, application/sparql-results+xml;q=0.5", None)
    'xml'
    """
    offers = GRAPH_FORMATS if kind == "graph" else ("json", "xml") if kind == "ask" else RESULT_FORMATS
    return choose(accept, offers, override=override)


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
    """The items of an answer, to keep only small ones."""
    try:
        return len(answer)  # type: ignore[arg-type]
    except TypeError:
        return 0
