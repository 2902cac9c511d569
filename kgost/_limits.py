"""Bounded work: run a call with a time and memory limit in a forked worker, and read limit options."""

from __future__ import annotations

import faulthandler
import os
import pickle
import re
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from kgost._errors import InputError, KgostError, LimitError

__all__ = ["run_bounded", "check_limits", "parse_size", "DEFAULT_MAX_INPUT_SIZE"]

T = TypeVar("T")

#: The largest input file (or stdin) kgost reads unless told otherwise: 256 MiB.
DEFAULT_MAX_INPUT_SIZE = 256 * 1024 * 1024

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_POLL = 0.05  # seconds between checks that the worker is still alive


def run_bounded(
    work: Callable[[], T], *, timeout: float | None = None, max_memory: int | None = None, what: str = "the work"
) -> T:
    """Run ``work()`` and return its result; with a limit, in a forked worker process that is
    killed when it passes the limit.

    Without limits ``work`` runs in the calling thread, at no cost. With ``timeout`` or
    ``max_memory`` it runs in a child made by ``os.fork()`` (POSIX): the child sees the caller's
    data as it is (nothing is copied up front), sets ``RLIMIT_AS`` on itself only, and sends the
    result (or the exception) back pickled through a pipe; the parent kills it at the deadline.
    A process, not a thread or a signal, because neither can stop C code (Python's ``re``
    engine, expat, Oxigraph's Rust evaluation) and a thread cannot be killed; nothing changes
    in the calling process, so threads of a server can each run bounded calls (the result comes
    back length-prefixed, so a pipe end inherited by a sibling worker cannot stall it). The child
    holds only the calling thread: a lock another thread held at the fork stays held there, so a
    server should always give a ``timeout``, which ends such a worker too. Forking costs little
    next to the work (see ``benchmarks/bench_limits.py``). Changes ``work`` makes to data in the
    child are lost: bound only work that reads.

    Parameters
    ----------
    work
        A callable without arguments (a ``lambda`` that closes over its inputs).
    timeout
        Seconds of wall time the work may take (``None``: no limit).
    max_memory
        Bytes of memory the work may allocate beyond what the process holds when it starts
        (``None``: no limit).
    what
        What the work is, for the error message (``"the query"``).

    Returns
    -------
    The value ``work()`` returns (it must pickle when a limit is given).

    Raises
    ------
    LimitError
        The work took longer than ``timeout`` or needed more than ``max_memory``.
    InputError
        A limit is not a positive number.
    KgostError
        Whatever ``work`` raised, re-raised in the caller.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> run_bounded(lambda: len(kg), timeout=30) == len(kg)
    True
    >>> import time
    >>> run_bounded(lambda: time.sleep(5), timeout=0.2, what="the nap")
    Traceback (most recent call last):
    ...
    kgost.LimitError: the nap took longer than 0.2 s (the time limit); give a larger timeout (--timeout SECONDS), or ask for less
    """
    check_limits(timeout=timeout, max_memory=max_memory)
    if timeout is None and max_memory is None:
        return work()
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        raise LimitError("time and memory limits need a POSIX system (os.fork); leave out timeout and max_memory")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns
        os.close(read_end)
        _worker(work, write_end, max_memory)
    os.close(write_end)
    try:
        status, payload = _wait(pid, read_end, timeout, what)
    finally:
        os.close(read_end)
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if status == "died" and max_memory is None:
        raise KgostError(f"{what} stopped: the worker process running it died")
    if status in ("memory", "died"):
        raise LimitError(
            f"{what} needed more than {_show_size(max_memory)} of memory (the memory limit);"
            " give a larger limit (--max-memory SIZE), or ask for less"
        )
    raise payload


def check_limits(*, timeout: float | None = None, max_memory: int | None = None) -> None:
    """Refuse a limit that is not a positive number, naming it.

    Examples
    --------
    >>> check_limits(timeout=-1)
    Traceback (most recent call last):
    ...
    kgost.InputError: timeout must be a positive number of seconds, not -1
    """
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 1e9):
        raise InputError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if max_memory is not None and (isinstance(max_memory, bool) or not isinstance(max_memory, int) or max_memory <= 0):
        raise InputError(f"max_memory must be a positive number of bytes, not {max_memory!r}")


def parse_size(text: str) -> int:
    """A size written as bytes or with a unit (``512K``, ``64M``, ``2G``, ``1.5GiB``), in bytes.

    Examples
    --------
    >>> parse_size("64M"), parse_size("1000")
    (67108864, 1000)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    kgost.InputError: 'lots' is not a size; write bytes or a number with K, M, G or T (e.g. 64M)
    """
    match = _SIZE.match(text)
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()]) if match else 0
    if size <= 0:
        raise InputError(f"{text!r} is not a size; write bytes or a number with K, M, G or T (e.g. 64M)")
    return size


def _worker(work: Callable[[], Any], out: int, max_memory: int | None) -> None:
    """The child: run the work under the memory limit, send the outcome, exit without cleanup."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the child's own handlers; the caller's are untouched
        if max_memory is not None:
            import resource

            # Running out is reported as a LimitError: Rust's allocation-failure report (Oxigraph
            # aborts) and generators dying of MemoryError while unwinding would only be noise.
            sys.unraisablehook = lambda _: None
            faulthandler.disable()
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 2)

            limit = _address_space() + max_memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            outcome: tuple[str, Any] = ("ok", work())
        except Exception as exc:  # re-raised in the caller as it would have seen it
            outcome = ("memory", None) if max_memory is not None and _out_of_memory(exc) else ("error", exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", None))
        except Exception as exc:
            error = KgostError(f"the result cannot be sent back from the worker process: {type(exc).__name__}: {exc}")
            data = pickle.dumps(("error", error))
        view = memoryview(struct.pack("!Q", len(data)) + data)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _wait(pid: int, fd: int, timeout: float | None, what: str) -> tuple[str, Any]:
    """The parent: read the length-prefixed outcome; kill the child at the deadline."""
    deadline = None if timeout is None else time.monotonic() + timeout
    data = bytearray()
    exited = False
    try:
        while len(data) < 8 or len(data) < 8 + struct.unpack("!Q", bytes(data[:8]))[0]:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise LimitError(
                    f"{what} took longer than {timeout:g} s (the time limit); give a larger timeout"
                    " (--timeout SECONDS), or ask for less"
                )
            wait = 0 if exited else _POLL if left is None else min(_POLL, left)
            ready, _, _ = select.select([fd], [], [], wait)
            chunk = os.read(fd, 1 << 20) if ready else b""
            if chunk:
                data += chunk
            elif exited or ready:  # nothing more will come
                return ("died", None)
            else:
                exited = os.waitpid(pid, os.WNOHANG) != (0, 0)  # then drain what it wrote
        return pickle.loads(memoryview(data)[8:])  # type: ignore[no-any-return]
    finally:
        if not exited:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # pragma: no cover - already gone
                pass
            os.waitpid(pid, 0)


def _out_of_memory(exc: BaseException | None) -> bool:
    """True when ``exc`` is, or was raised while handling, a ``MemoryError`` (engines wrap it)."""
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _address_space() -> int:
    """The size of this process's address space now, in bytes (Linux; elsewhere 0)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - not Linux
        return 0


def _show_size(size: int | None) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size is not None and size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"
