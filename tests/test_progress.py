"""Progress on stderr: shown on a terminal for steps of more than a second, silent otherwise."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
import time

from kgost._progress import Progress

# `kgost stats` with a load made slow (1.6 s more), in a process of its own
_SLOW_STATS = """
import sys, time
import kgost._graph
real = kgost._graph.load
def slow(*args, **kwargs):
    time.sleep(1.6)
    return real(*args, **kwargs)
kgost._graph.load = slow
from kgost.cli._main import main
sys.exit(main(sys.argv[1:]))
"""


def _in_a_terminal(argv: list[str]) -> tuple[int, str]:
    """Run ``argv`` with a pseudo-terminal as stdin, stdout and stderr; its status and output."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


def test_a_slow_load_shows_progress_on_a_terminal() -> None:
    status, output = _in_a_terminal([sys.executable, "-c", _SLOW_STATS, "stats"])
    assert status == 0, output
    assert "loading [00:01]" in output
    assert "triples:" in output


def test_quiet_shows_nothing_on_a_terminal() -> None:
    status, output = _in_a_terminal([sys.executable, "-c", _SLOW_STATS, "stats", "--quiet"])
    assert status == 0, output
    assert "loading" not in output and "triples:" in output


def test_nothing_when_stderr_is_not_a_terminal() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _SLOW_STATS, "stats"], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "triples:" in done.stdout


def test_a_step_is_shown_only_after_its_delay() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(stream=stream, delay=0.3)
    assert progress.enabled
    with progress.step("quick"):
        pass
    assert stream.getvalue() == ""
    with progress.step("counting", unit="songs") as step:
        time.sleep(0.9)
        step.update(42)
    assert "\rcounting: 42 songs [00:00, " in stream.getvalue()
    assert stream.getvalue().endswith("\r")  # the line is cleared at the end
    silent = Terminal()
    with Progress(stream=silent, enabled=False, delay=0).step("never") as step:
        time.sleep(0.2)
        step.update(1)
    assert silent.getvalue() == ""
