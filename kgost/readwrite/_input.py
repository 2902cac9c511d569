"""Reading untrusted input: regular files only, a size limit, no XML entities, N-Triples in linear time."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any
from xml.parsers import expat

from kgost._errors import InputError, LimitError, ParseError
from kgost._limits import DEFAULT_MAX_INPUT_SIZE

__all__ = ["read_input", "open_regular", "read_stdin", "check_max_size", "refuse_xml_entities", "whole_lines", "file_paths"]

_KINDS = {stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device", stat.S_ISFIFO: "a named pipe (FIFO)",
          stat.S_ISSOCK: "a socket"}
_EOL = re.compile(r"\r\n|\r|\n")


def read_input(path: str | Path, *, max_size: int = DEFAULT_MAX_INPUT_SIZE) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    Anything else is refused before it is read: a device such as ``/dev/zero`` never ends, a
    named pipe with no writer never starts (the file is opened without blocking, so even a file
    swapped for a pipe after the check cannot hang), a socket is not a file.

    Parameters
    ----------
    path
        The file.
    max_size
        The most bytes to read (default :data:`kgost._limits.DEFAULT_MAX_INPUT_SIZE`, 256 MiB).

    Returns
    -------
    bytes

    Raises
    ------
    InputError
        The file is missing, a folder, not a regular file, or unreadable.
    LimitError
        The file is larger than ``max_size``.

    Examples
    --------
    >>> read_input("/dev/zero")
    Traceback (most recent call last):
    ...
    kgost.InputError: cannot read '/dev/zero': it is a character device, not a regular file; kgost reads files only (or - for stdin where a command says so), as a device or pipe may never end or never start; save the data in a file first
    """
    check_max_size(max_size)
    name = str(path)
    fd = open_regular(path)
    try:
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as exc:
        raise InputError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_size:
        raise _too_large(name, max_size)
    return data


def open_regular(path: str | Path) -> int:
    """A file descriptor open for reading on ``path``, with the checks of :func:`read_input`
    (opened without blocking, then refused unless a regular file); the caller closes it."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"no such file: {name!r}") from None
    except IsADirectoryError:
        raise InputError(f"{name!r} is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {name[:80]!r}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise InputError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return fd
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise InputError(f"{name!r} is a folder, not a file")
    kind = next((text for test, text in _KINDS.items() if test(mode)), "not a plain file")
    raise InputError(
        f"cannot read {name!r}: it is {kind}, not a regular file; kgost reads files only (or - for stdin"
        " where a command says so), as a device or pipe may never end or never start; save the data in a file first"
    )


def read_stdin(*, max_size: int = DEFAULT_MAX_INPUT_SIZE) -> bytes:
    """The bytes of standard input, at most ``max_size`` of them (else a ``LimitError``)."""
    check_max_size(max_size)
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(max_size + 1) if stream is not None else sys.stdin.read(max_size + 1).encode("utf-8")
    if len(data) > max_size:
        raise _too_large("<stdin>", max_size)
    return bytes(data)


def check_max_size(max_size: int) -> None:
    """Refuse a size limit that is not a positive whole number of bytes."""
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size <= 0:
        raise InputError(f"the input size limit must be a positive number of bytes, not {max_size!r}")


def refuse_xml_entities(text: str, *, path: str | Path) -> None:
    """Refuse an XML document whose DTD declares entities, naming the file, line and entity.

    rdflib's RDF/XML parser replaces an external entity (``<!ENTITY x SYSTEM "file:///etc/passwd">``)
    by empty text and loads the file as if nothing happened, and nested entities ("billion
    laughs") expand to gigabytes; RDF/XML needs neither. Only the prologue is read: the check
    stops at the root element.

    Examples
    --------
    >>> refuse_xml_entities('<!DOCTYPE r [\\n<!ENTITY a "ha">\\n]><r>&a;</r>', path="in.rdf")
    Traceback (most recent call last):
    ...
    kgost.ParseError: in.rdf:2: the DTD declares the entity 'a'; kgost refuses XML entity declarations (an external entity can read files or the network, nested ones can expand to gigabytes): write the text out in the file instead
    """
    parser = expat.ParserCreate()

    def entity(name: str, *_: object) -> None:
        raise ParseError(
            f"the DTD declares the entity {name!r}; kgost refuses XML entity declarations (an external entity"
            " can read files or the network, nested ones can expand to gigabytes): write the text out in the file instead",
            path=path, line=parser.CurrentLineNumber,  # expat's column here is the declaration's end
        )

    def root(*_: object) -> None:
        raise _PrologueRead

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        parser.Parse(text.encode("utf-8"), True)
    except (_PrologueRead, expat.ExpatError):  # malformed XML is for the RDF/XML parser to report
        pass
    except LookupError as exc:  # the XML declaration names an encoding no codec has (rdflib's parser raises it too)
        raise ParseError(
            f"the XML declaration names an {exc}; kgost reads RDF/XML as UTF-8: declare encoding=\"UTF-8\""
            " or leave the encoding out", path=path, line=parser.CurrentLineNumber,
        ) from None


def whole_lines(text: str) -> io.TextIOBase:
    """``text`` as a stream whose ``read(n)`` returns at least ``n`` characters, ending at a line end.

    rdflib's N-Triples and N-Quads parsers read 2 KiB at a time and, while a line is not
    complete, match a regular expression against the whole growing buffer: quadratic in the
    length of a line (a literal of 1 MB took 5 s to 20 s, 4 MB over a minute). Given whole lines,
    each line is matched once. Hand-written as rdflib has no other reading mode.

    Examples
    --------
    >>> stream = whole_lines("a\\r\\nbb\\ncc")
    >>> stream.read(1), stream.read(1), stream.read(1), stream.read(1)
    ('a\\r\\n', 'bb\\n', 'cc', '')
    """
    return _WholeLines(text)


class _WholeLines(io.TextIOBase):
    def __init__(self, text: str) -> None:
        super().__init__()
        self._text, self._position = text, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        start, text = self._position, self._text
        if size is None or size < 0:
            end = len(text)
        else:
            found = _EOL.search(text, start + max(size, 1) - 1)
            end = found.end() if found else len(text)
        self._position = end
        return text[start:end]


class _PrologueRead(Exception):
    """The root element is reached: the DTD, if any, is behind."""


def _too_large(name: str, max_size: int) -> LimitError:
    return LimitError(
        f"{name!r} is larger than {max_size} bytes (the input size limit); to read it anyway give a larger"
        " limit: --max-input-size SIZE (e.g. 2G), or max_input_size= in Python"
    )


def file_paths(paths: tuple[Any, ...]) -> tuple[Path, ...]:
    """Paths given one by one or in lists, as ``Path`` objects; anything else is an InputError."""
    found: list[Path] = []
    for item in paths:
        if isinstance(item, (list, tuple)):
            found.extend(file_paths(tuple(item)))
        elif isinstance(item, (str, os.PathLike)):
            if not os.fspath(item):
                raise InputError("empty file name: give the path of an RDF file")
            found.append(Path(item))
        else:
            raise InputError(f"a file path (str or os.PathLike) is needed, not {type(item).__name__}: {item!r}")
    return tuple(found)
