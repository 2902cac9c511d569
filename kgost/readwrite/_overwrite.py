"""Replacing an output file safely: write-protected files, and kgost's own stale temporary files."""

from __future__ import annotations

import os
import re
import socket
import stat
from pathlib import Path

from kgost._errors import InputError

__all__ = ["check_replaceable", "temp_prefix", "remove_stale_temps"]


def check_replaceable(path: Path, *, force: bool = False) -> None:
    """Refuse to replace a write-protected file, as a shell redirect (``> FILE``) would.

    An atomic write renames a new file over the old one, which needs only the folder's
    permission; so the file's own is checked here. A file is write-protected when this process
    may not write it, or when its mode lets no one write it (``chmod 444``: root may write any
    file, so for root this is the only sign). ``force`` replaces it all the same.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kept.ttl"
    >>> _ = path.write_text("# kept"); path.chmod(0o444)
    >>> check_replaceable(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgost.InputError: cannot write '...kept.ttl': it is read-only (mode 0444); make it writable (chmod u+w) or replace it anyway with --force (force=True in Python)
    >>> check_replaceable(path, force=True)
    """
    if force:
        return
    try:
        info = path.stat()
    except OSError:  # no file yet (or none that can be read): nothing to protect
        return
    if not stat.S_ISREG(info.st_mode):
        return
    if not os.access(path, os.W_OK) or not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(
            f"cannot write {str(path)!r}: it is read-only (mode {info.st_mode & 0o7777:04o}); make it writable"
            " (chmod u+w) or replace it anyway with --force (force=True in Python)"
        )


def temp_prefix(path: Path) -> str:
    """The name prefix of kgost's temporary file for ``path``: ``.NAME.HOST-PID.``; the host and
    process say whose it is, so a later write can tell a stale one from a live writer's."""
    return f".{path.name}.{_HOST}-{os.getpid()}."


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files that kgost writes beside ``path`` (``.NAME.HOST-PID.xxxx.tmp``) and
    that were left by a process of this host that no longer exists (killed mid-write); return them.

    Only names of exactly that form are touched; a file of another host, of a live process
    (another writer at work, or this process's other threads) or of any other form is left alone.
    Nothing is raised: a file that cannot be removed stays.
    """
    pattern = re.compile(re.escape(f".{path.name}.{_HOST}-") + r"(\d+)\.[a-z0-9_]+\.tmp")
    removed = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or _alive(int(match.group(1))):
            continue
        stale = path.parent / name
        try:
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()
                removed.append(stale)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill(pid, 0) would end the process
        return True
    try:
        os.kill(pid, 0)  # signal 0: no signal sent, only the check that the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # exists under another user (or cannot be told): not ours to judge
    return True


_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:64] or "host"
