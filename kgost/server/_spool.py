"""Where a worker writes a result: an unnamed temporary file the server then sends in chunks."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Spool", "Written", "Answer", "READ_CHUNK"]

#: Bytes read from a spool per chunk of a response.
READ_CHUNK = 256 * 1024


@dataclass(frozen=True)
class Written:
    """What a worker wrote to its spool: the kind of result, the format chosen and the rows (or
    triples) written."""

    kind: str
    format: str
    rows: int


class Spool:
    """An unnamed temporary file (``tempfile.TemporaryFile``: unlinked at once, so nothing is left
    on disk even if the server dies) that a forked worker writes a result to and the server reads
    back in chunks.

    A file rather than a pipe: the worker writes the whole result before the server sends the
    status line, so the status is always right (a time, memory or row limit hit, or an engine
    error, half-way through a result is a 503 or 400, never a 200 with a cut-off body), while
    neither process holds the result in memory; a pipe would need the server to read and hold
    everything the worker writes before it knows the outcome, or to send 200 before it knows.
    The disk holds at most one result of ``--max-rows`` rows per running query. The worker
    inherits the descriptor at the fork; the server reads with ``os.pread`` (no shared offset),
    and the file is closed when the last answer reading it is gone.

    Examples
    --------
    >>> spool = Spool()
    >>> with spool.writer() as out:
    ...     _ = out.write(b"hello " * 3)
    >>> spool.size(), b"".join(spool.chunks(size=4))
    (18, b'hello hello hello ')
    >>> spool.read_all()
    b'hello hello hello '
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="kgost-result-")
        self.fd = self._file.fileno()

    def writer(self):  # type: ignore[no-untyped-def]
        """A buffered binary file writing at the end of the spool (in the worker; close it to flush)."""
        return os.fdopen(os.dup(self.fd), "wb", buffering=READ_CHUNK)

    def size(self) -> int:
        """Bytes written so far."""
        return os.fstat(self.fd).st_size

    def chunks(self, *, size: int = READ_CHUNK) -> Iterator[bytes]:
        """The content, ``size`` bytes at a time."""
        offset = 0
        while data := os.pread(self.fd, size, offset):
            offset += len(data)
            yield data

    def read_all(self) -> bytes:
        """The whole content (for small results only) and the spool closed."""
        try:
            return b"".join(self.chunks())
        finally:
            self.close()

    def close(self) -> None:
        """Release the file (its disk space with it, once no worker still holds it)."""
        self._file.close()

    def __del__(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class Answer:
    """A result as the server sends it: what was written, its size in bytes, and the bytes (a
    small result, kept in memory) or the spool holding them."""

    written: Written
    size: int
    data: bytes | None = None
    spool: Spool | None = None

    def chunks(self) -> Iterator[bytes]:
        """The result, a chunk at a time (read from the spool in the thread that iterates)."""
        if self.data is not None:
            yield self.data
        elif self.spool is not None:
            yield from self.spool.chunks()
