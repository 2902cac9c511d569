"""Output (issue 8, items 7, 9, 12): write-protected files, stale temporary files, full or closed stdout."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef

import kgost
from kgost import InputError
from kgost.cli._main import main
from kgost.readwrite._io import write_atomic
from kgost.readwrite._overwrite import temp_prefix

ENGINES = ("rdflib", "oxigraph")
SMALL = "@prefix e: <https://example.org/> .\ne:a e:b e:c .\n"


def _read_only(path: Path, text: str = "keep me\n") -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o444)
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_cli_refuses_to_replace_a_read_only_file(tmp_path: Path, small: Path, capsys: pytest.CaptureFixture[str], engine: str) -> None:
    target = _read_only(tmp_path / "out.trig")
    base = ["--no-bundled", "--data", str(small), "--engine", engine, "-o", str(target)]
    for command in (["export", *base], ["stats", *base]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err == f"InputError: cannot write {str(target)!r}: it is read-only (mode 0444); make it writable (chmod u+w) or replace it anyway with --force (force=True in Python)\n"
        assert target.read_text(encoding="utf-8") == "keep me\n"
    assert main(["export", *base, "--force"]) == 0
    written = rdflib.Dataset().parse(target, format="trig")  # the file's own prefix e: is kept
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/b"), URIRef("https://example.org/c")) in {
        q[:3] for q in written.quads((None, None, None, None))}
    assert target.stat().st_mode & 0o777 == 0o444  # replaced, its mode kept


def test_a_symlink_to_a_read_only_file_is_refused_too(tmp_path: Path, small: Path) -> None:
    target = _read_only(tmp_path / "real.nq")
    link = tmp_path / "link.nq"
    link.symlink_to(target)
    with pytest.raises(InputError, match="read-only"):
        kgost.load(small, bundled=False).export(output=link)
    assert target.read_text(encoding="utf-8") == "keep me\n" and link.is_symlink()


def test_python_api_refuses_unless_force(tmp_path: Path, small: Path) -> None:
    kg = kgost.load(small, bundled=False)
    target = _read_only(tmp_path / "out.nq")
    with pytest.raises(InputError, match="read-only"):
        kgost.export(kg, output=target)
    with pytest.raises(InputError, match="read-only"):
        kg.export(format="nquads", output=target)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    text = kg.export(output=target, force=True)
    assert target.read_text(encoding="utf-8") == text
    drawing = _read_only(tmp_path / "net.graphml")
    with pytest.raises(InputError, match="read-only"):
        kgost.write_network(kg.network(), drawing)
    kgost.write_network(kg.network(), drawing, force=True)
    assert drawing.read_text(encoding="utf-8").startswith("<?xml")


def test_writable_files_are_replaced_as_before(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_of_dead_writers_are_removed_and_no_others(tmp_path: Path) -> None:
    target = tmp_path / "out.nq"
    host = temp_prefix(target).split(".")[-2].rsplit("-", 1)[0]
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = tmp_path / f".out.nq.{host}-{_dead_pid()}.abcd_123.tmp"
        kept = [
            tmp_path / f".out.nq.{host}-{live.pid}.abcd_123.tmp",  # a live writer's
            tmp_path / f".out.nq.{host}-{os.getpid()}.abcd_123.tmp",  # this process's (another thread)
            tmp_path / f".out.nq.other-host-{_dead_pid()}.abcd_123.tmp",  # another host's: cannot tell
            tmp_path / ".out.nq.abcd_123.tmp",  # a name kgost does not write any more
            tmp_path / f".other.nq.{host}-{_dead_pid()}.abcd_123.tmp",  # another target's
            tmp_path / f".out.nq.{host}-{_dead_pid()}.abcd_123.tmp.bak",  # not kgost's form
        ]
        for path in (dead, *kept):
            path.write_text("partial", encoding="utf-8")
        write_atomic(target, b"done\n")
        assert not dead.exists()
        assert all(path.exists() for path in kept)
        assert target.read_bytes() == b"done\n"
    finally:
        live.kill()
        live.wait()


_KILLED_WRITER = """
import os, sys, time
import kgost.readwrite._io
def stall(src, dst):  # the temporary file is complete; stop before the rename
    print("written", flush=True)
    time.sleep(60)
os.replace = stall
kgost.readwrite._io.write_atomic(sys.argv[1], b"x" * 100000)
"""


def test_a_writer_killed_mid_write_leaves_a_temp_file_that_the_next_write_removes(tmp_path: Path) -> None:
    target = tmp_path / "out.trig"
    target.write_text("old\n", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "written\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    [left] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left.name.startswith(f".out.trig.") and f"-{child.pid}." in left.name
    assert target.read_text(encoding="utf-8") == "old\n"  # the kill left the old file whole
    write_atomic(target, b"new\n")  # the next write clears it away
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.trig"]
    assert target.read_text(encoding="utf-8") == "new\n"


def test_temp_names_say_whose_they_are(tmp_path: Path) -> None:
    prefix = temp_prefix(tmp_path / "x.ttl")
    assert prefix.startswith(".x.ttl.") and prefix.endswith(f"-{os.getpid()}.")
    host = prefix[len(".x.ttl.") : -len(f"-{os.getpid()}.")]
    assert host and "." not in host and host[:5] == socket.gethostname()[:5].replace(".", "-").replace("_", "-")


def _kgost(shell: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``kgost ARGS`` through ``sh -c SHELL`` (``$@`` is the command) and capture stderr."""
    command = [sys.executable, "-m", "kgost", *args]
    return subprocess.run(["sh", "-c", shell, "sh", *command], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_on_a_full_device_is_a_one_line_error(small: Path) -> None:
    done = _kgost('"$@" > /dev/full', "export", "--no-bundled", "--data", str(small))
    assert done.returncode == 2
    assert done.stderr == "InputError: cannot write to standard output: No space left on device; give a file with -o FILE\n"


def test_closed_stdout_is_a_one_line_error(small: Path, tmp_path: Path) -> None:
    done = _kgost('"$@" >&-', "export", "--no-bundled", "--data", str(small))
    assert done.returncode == 2
    assert done.stderr == "InputError: cannot write to standard output: it is closed; give a file with -o FILE\n"
    out = tmp_path / "out.trig"
    done = _kgost('"$@" >&-', "export", "--no-bundled", "--data", str(small), "-o", str(out))  # -o needs no stdout
    assert (done.returncode, done.stderr) == (0, "") and out.stat().st_size > 0


def test_a_reader_that_stops_early_gets_no_noise() -> None:
    done = _kgost('"$@" | head -1; echo "$?"', "export", "--format", "nquads")  # nquads: more than a pipe holds
    assert done.stderr == "" and done.stdout.startswith("<") and done.stdout.count("\n") == 2
