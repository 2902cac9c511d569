"""Progress on stderr for work that takes more than a second, held in an object (no global state)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["Progress"]


class Progress:
    """Shows what a long step is doing on a terminal, through ``tqdm``; silent otherwise.

    A step (:meth:`step`) shows nothing for its first ``delay`` seconds, so quick work prints
    nothing; then a line with its description, its count (when it counts) and the time spent,
    refreshed twice a second, erased when the step ends. Nothing is shown when ``enabled`` is
    false, or (by default) when ``stream`` is not a terminal (a pipe, a file, a test's capture).
    Each object keeps its own state, so threads and servers may hold one each.

    Parameters
    ----------
    enabled
        ``False``: never show anything (``--quiet``); ``True``: always; ``None`` (default): only
        when ``stream`` is a terminal.
    stream
        Where to write (default: ``sys.stderr`` as it is when the object is made).
    delay
        Seconds a step runs before it is shown.

    Examples
    --------
    >>> import io
    >>> progress = Progress(stream=io.StringIO())  # not a terminal: silent
    >>> progress.enabled
    False
    >>> with progress.step("loading") as step:
    ...     step.update(10)
    """

    def __init__(self, *, enabled: bool | None = None, stream: IO[str] | None = None, delay: float = 1.0) -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = _is_terminal(self.stream)
        self.enabled = bool(enabled)
        self.delay = delay

    @contextmanager
    def step(self, description: str, *, total: int | None = None, unit: str | None = None) -> Iterator[_Step]:
        """A step of work: ``update(n)`` on what it yields counts ``n`` more ``unit`` done (a step
        without a unit shows only the time it has taken)."""
        if not self.enabled:
            yield _Step(None)
            return
        from tqdm import tqdm

        if unit is None:
            shape = "{desc} [{elapsed}]"
        elif total is None:
            shape = "{desc}: {n_fmt} " + unit + " [{elapsed}, {rate_fmt}]"
        else:
            shape = None  # tqdm's bar
        bar = tqdm(
            total=total, desc=description, unit=unit or "it", file=self.stream, delay=self.delay,
            leave=False, mininterval=0.5, bar_format=shape, ncols=None if _columns(self.stream) else 80,
        )
        ticker = _Ticker(bar, self.delay)
        ticker.start()
        try:
            yield _Step(bar)
        finally:
            ticker.stop()
            if ticker.shown:
                bar.clear()  # the line goes: what the command prints next starts clean
            bar.close()


class _Step:
    """What :meth:`Progress.step` yields: counts units done (nothing when progress is silent)."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)


class _Ticker(threading.Thread):
    """Refreshes a bar twice a second while a step runs in one call that cannot report (a parse,
    a validation): tqdm only redraws when it is updated, so an opaque step would otherwise show
    nothing. Hand-written: tqdm's own monitor thread only adjusts ``miniters``, it does not redraw."""

    def __init__(self, bar: Any, delay: float) -> None:
        super().__init__(daemon=True, name="kgost-progress")
        self._bar, self._delay = bar, delay
        self._done = threading.Event()
        self.shown = False

    def run(self) -> None:
        if self._done.wait(self._delay):
            return  # done before it was worth showing
        self.shown = True
        while True:
            self._bar.refresh()
            if self._done.wait(0.5):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


def _columns(stream: IO[str]) -> int:
    """The terminal's width (0 when it does not say, as a new pseudo-terminal does not)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
