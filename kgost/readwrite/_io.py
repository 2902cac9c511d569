"""Reading RDF files with clear errors, and writing files atomically."""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import xml.sax
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO
from pathlib import Path

import rdflib
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.notation3 import BadSyntax

from kgost._errors import InputError, ParseError
from kgost.readwrite._collect import Collector
from kgost.readwrite._input import read_input, refuse_xml_entities, whole_lines
from kgost._limits import DEFAULT_MAX_INPUT_SIZE
from kgost.readwrite._locate import line_column, n3_failure
from kgost.readwrite._overwrite import check_replaceable, remove_stale_temps, temp_prefix
from kgost._logs import quiet_rdflib
from kgost._types import Quad

__all__ = ["RDF_FORMATS", "guess_format", "read_rdf", "read_rdf_text", "file_graph_iri", "check_output", "write_atomic", "atomic_output"]

#: Input formats kgost reads: name -> (rdflib parser name, file extensions).
RDF_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "turtle": ("turtle", (".ttl",)),
    "trig": ("trig", (".trig",)),
    "nt": ("nt", (".nt",)),
    "nquads": ("nquads", (".nq", ".nquads")),
    "jsonld": ("json-ld", (".jsonld", ".json")),
    "rdfxml": ("xml", (".rdf", ".owl", ".xml")),
    "n3": ("n3", (".n3",)),
}

_ALIASES = {"ttl": "turtle", "ntriples": "nt", "nq": "nquads", "json-ld": "jsonld", "xml": "rdfxml", "rdf": "rdfxml"}


def guess_format(path: str | Path, *, format: str | None = None) -> str:
    """Return kgost's format name for ``path``: ``format`` if given, else from the extension.

    Examples
    --------
    >>> guess_format("songs.ttl")
    'turtle'
    >>> guess_format("dump.data", format="nq")
    'nquads'
    >>> guess_format("notes.txt")
    Traceback (most recent call last):
    ...
    kgost.InputError: cannot tell the RDF format of 'notes.txt' from its extension; name the file with one of .ttl, .trig, .nt, .nq, .nquads, .jsonld, .json, .rdf, .owl, .xml, .n3, or give its format (--data-format, or format= in Python), one of: turtle, trig, nt, nquads, jsonld, rdfxml, n3
    """
    allowed = ", ".join(RDF_FORMATS)
    if format is not None:
        if not isinstance(format, str):
            raise InputError(f"the RDF format is a name, one of: {allowed}; not {format!r}")
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in RDF_FORMATS:
            raise InputError(f"unknown RDF format {format!r}; use one of: {allowed}")
        return name
    suffix = Path(path).suffix.lower()
    for name, (_, extensions) in RDF_FORMATS.items():
        if suffix in extensions:
            return name
    extensions = ", ".join(ext for _, exts in RDF_FORMATS.values() for ext in exts)
    raise InputError(
        f"cannot tell the RDF format of {str(path)!r} from its extension; name the file with one of {extensions},"
        f" or give its format (--data-format, or format= in Python), one of: {allowed}"
    )


def file_graph_iri(path: str | Path) -> rdflib.URIRef:
    """The named graph that holds the triples of a user file: the file's ``file://`` IRI."""
    return rdflib.URIRef(Path(os.path.abspath(path)).as_uri())  # keep symlinks: the path the user gave


def read_rdf(
    path: str | Path,
    *,
    format: str | None = None,
    graph: rdflib.URIRef | None = None,
    max_size: int = DEFAULT_MAX_INPUT_SIZE,
) -> list[Quad]:
    """Parse one RDF file completely and return its quads; raise a ``ParseError`` naming the place.

    Triples in the file's default graph go to ``graph`` (default: the file's own ``file://`` IRI),
    so every fact remembers where it came from. Nothing is returned unless the whole file parses.
    Only regular files of at most ``max_size`` bytes are read, and RDF/XML with entity
    declarations is refused (see :mod:`kgost.readwrite._input`).
    """
    path, name, text = read_rdf_text(path, format=format, max_size=max_size)
    target = graph if graph is not None else file_graph_iri(path)
    if name == "jsonld":  # JSON-LD 1.1 by pyld: strict, and it never fetches a remote context
        from kgost.readwrite._jsonld import read_jsonld

        with quiet_rdflib():
            found = read_jsonld(text, path=path)
        quads = [(s, p, o, target if g is None else g) for s, p, o, g in found]
        return _rdf_terms_only(quads, path=path, text=text)  # type: ignore[arg-type]
    collector = Collector() if name != "n3" else None
    dataset = rdflib.Dataset(store=collector) if collector is not None else rdflib.Dataset()
    # N-Triples and N-Quads as whole lines: rdflib's own reading is quadratic in a line's length
    source = {"source": whole_lines(text)} if name in ("nt", "nquads") else {"data": text}
    try:
        with quiet_rdflib():  # kgost reports ill-typed literals and bad IRIs itself
            dataset.parse(**source, format=RDF_FORMATS[name][0], publicID=path.resolve().as_uri())
    except Exception as exc:  # every parser raises its own kind; all become ParseError
        raise _parse_error(exc, path=path, text=text, format=name) from None
    found = collector.quads() if collector is not None else dataset.quads((None, None, None, None))
    return _rdf_terms_only(list(_relabel_default(found, target)), path=path, text=text)


def read_rdf_text(path: str | Path, *, format: str | None = None, max_size: int = DEFAULT_MAX_INPUT_SIZE) -> tuple[Path, str, str]:
    """The checks every RDF file passes before a parser sees it: a regular file (not a folder, a
    device or a pipe) of at most ``max_size`` bytes, in a format kgost reads, of UTF-8 text (a
    byte-order mark dropped), RDF/XML without entity declarations. Returns the path, kgost's
    format name and the text."""
    if not str(path):
        raise InputError("empty file name: give the path of an RDF file")
    path = Path(path)
    try:
        path.exists()
    except OSError as exc:  # e.g. a name too long
        raise InputError(f"cannot read {str(path)[:80]!r}: {exc.strerror}") from None
    if path.is_dir():
        raise InputError(f"{str(path)!r} is a folder, not an RDF file")
    name = guess_format(path, format=format)
    if not path.exists():
        raise InputError(f"no such file: {str(path)!r}")
    raw = read_input(path, max_size=max_size)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is not content
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError("not valid UTF-8 text", path=path, line=line) from None
    if name == "rdfxml":
        refuse_xml_entities(text, path=path)
    return path, name, text


def check_output(path: str | Path, *, force: bool = False) -> Path:
    """Check that ``path`` names a file that can be written (not empty, not a folder, in a folder
    that exists, not write-protected unless ``force``) before any work is done; return it as a
    ``Path``."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"a file path (str or os.PathLike) is needed to write, not {path!r}")
    if not str(path):
        raise InputError("cannot write to an empty file name")
    path = Path(path)
    folder = path.parent
    try:
        path.exists()
    except OSError as exc:  # e.g. a name too long
        raise InputError(f"cannot write {str(path)[:80]!r}: {exc.strerror}") from None
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise InputError(f"cannot write {str(path)!r}: folder {str(folder)!r} {what}")
    if path.is_dir():
        raise InputError(f"cannot write {str(path)!r}: it is a folder; give a file name")
    check_replaceable(Path(os.path.realpath(path)) if path.is_symlink() else path, force=force)
    return path


def write_atomic(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so a failure leaves any
    existing file untouched (see :func:`atomic_output`, which this writes through)."""
    with atomic_output(path, force=force) as handle:
        handle.write(data)


@contextmanager
def atomic_output(path: str | Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: a temporary file beside it, renamed over it when
    the block ends, removed if the block fails, so a failure leaves any existing file untouched;
    for output written piece by piece (``kgost generate``) as well as all at once.

    A write-protected file (``chmod 444``) is refused unless ``force``, as a shell redirect would
    refuse it; temporary files left beside ``path`` by a kgost process that was killed mid-write
    are removed first.

    A symbolic link is followed (its target is replaced, the link stays); a device or pipe such as
    ``/dev/stdout`` is written to directly, as a rename would replace it by a plain file."""
    path = check_output(path, force=force)
    if path.is_symlink():
        path = check_output(os.path.realpath(path), force=force)
    if path.exists() and not path.is_file():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # a pipe nobody reads: ENXIO, not a hang
            os.set_blocking(fd, True)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                raise InputError(f"cannot write {str(path)!r}: it is a named pipe (FIFO) that no process reads") from None
            raise InputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
        try:
            with open(fd, "wb") as handle:
                yield handle
        except OSError as exc:
            raise InputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
        return
    folder = path.parent
    remove_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write {str(path)!r}: {exc.strerror}") from None
    try:
        # mkstemp makes the file owner-only; give it the mode a plain open() would (or the old file's)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    """The process umask, read without setting it (``os.umask`` can only set it, and setting it
    even for an instant changes the mode of files other threads create meanwhile): Linux shows it
    in /proc/self/status; elsewhere the usual 022 is assumed."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _relabel_default(quads: Iterable[Any], target: rdflib.URIRef) -> Iterator[Quad]:
    """The quads, those of the default graph moved to ``target``; the others as they are (the
    same tuples: the graph names are looked up by hash, not compared one by one)."""
    for quad in quads:
        if quad[3] is None or quad[3] in _DEFAULT_GRAPH:
            quad = (*quad[:3], target)
        yield quad


_DEFAULT_GRAPH = frozenset({DATASET_DEFAULT_GRAPH_ID})


def _rdf_terms_only(quads: list[Quad], *, path: Path, text: str) -> list[Quad]:
    """Refuse what RDF 1.1 cannot hold, which rdflib's N3 and Turtle parsers let through: N3
    formulas (``{ ... }``) and variables (``?x``, ``@forAll``) as terms, literals as subjects,
    predicates or graph names. No engine could store them, and no RDF format write them back.

    Whether a term may take its role depends on its class only, so the classes met in each role
    are checked (a set of a few kinds, made in one pass); the quads are read one by one only to
    name the first bad term.
    """
    kinds = {(type(s), type(p), type(o), type(g)) for s, p, o, g in quads}
    if all(_rdf_kind(kind, role) for classes in kinds for role, kind in zip(_ROLES, classes)):
        return quads
    for quad in quads:
        for role, term in zip(_ROLES, quad):
            if _rdf_kind(type(term), role):
                continue
            if isinstance(term, rdflib.Variable):
                what, needles = f"the variable {term.n3()}", [f"{term.n3()}", "@forAll"]
            elif isinstance(term, rdflib.Literal):
                what, needles = f"the literal {term.n3()[:80]}", [f'"{term}"', f"'{term}'"]
            elif isinstance(term, rdflib.Graph):
                what, needles = "an N3 formula { ... }", ["{"]
            else:
                what, needles = f"the blank node {term.n3()}" if isinstance(term, rdflib.BNode) else repr(term)[:80], []
            found = next((i for i in map(text.find, needles) if i >= 0), -1)
            if isinstance(term, rdflib.Literal) and found < 0:  # a bare number or boolean: as a token
                token = re.search(r"(?<![^\s(\[,;])" + re.escape(str(term)) + r"(?=[\s)\],;.]|$)", text)
                found = token.start() if token else -1
            line, column = line_column(text, found) if found >= 0 else (None, None)
            raise ParseError(
                f"{what} as {role} is not RDF 1.1, which kgost reads: a subject is an IRI or a blank node, a"
                " predicate an IRI; N3 formulas, variables and rules are not RDF",
                path=path,
                line=line,
                column=column,
            )
    return quads


_ROLES = ("subject", "predicate", "object", "graph name")


def _rdf_kind(kind: type, role: str) -> bool:
    """Whether a term of class ``kind`` may be the ``role`` of an RDF 1.1 quad."""
    if issubclass(kind, (rdflib.URIRef, rdflib.BNode)):
        return not (role == "predicate" and issubclass(kind, rdflib.BNode))
    return role == "object" and issubclass(kind, rdflib.Literal)


def _parse_error(exc: Exception, *, path: Path, text: str, format: str) -> ParseError:
    if isinstance(exc, BadSyntax):
        # exc.lines is counted after look-ahead; the offset into the parsed text is exact (a
        # character offset: rdflib keeps the text as UTF-8 bytes, so decode before counting).
        source, offset = getattr(exc, "_str", b""), getattr(exc, "_i", None)
        if isinstance(source, bytes) and isinstance(offset, int) and offset >= 0:
            line, column = line_column(source.decode("utf-8", "replace"), offset)
        else:
            line, column = exc.lines + 1, None
        return ParseError(f"bad {format} syntax: {exc._why}", path=path, line=line, column=column)
    failure = n3_failure(exc) if format in ("turtle", "trig", "n3") else None
    if failure is not None:  # rdflib's N3-family parser failed without saying where
        source_text, offset, why = failure
        line, column = line_column(source_text, offset)
        return ParseError(f"bad {format} syntax: {why}", path=path, line=line, column=column)
    if isinstance(exc, json.JSONDecodeError):
        return ParseError(f"bad JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno)
    if isinstance(exc, xml.sax.SAXParseException):
        return ParseError(
            f"bad RDF/XML: {exc.getMessage()}", path=path, line=exc.getLineNumber(), column=exc.getColumnNumber() + 1
        )
    if isinstance(exc, ParserError) and format in ("nt", "nquads"):
        line = _first_bad_line(text, format)
        return ParseError(f"bad {format} syntax: {_one_line(str(exc))}", path=path, line=line)
    reason = _one_line(str(exc)) or type(exc).__name__
    located = re.match(r"^\S*?:(\d+):(\d+): (.*)$", reason, re.S)  # rdflib's RDF/XML: "None:4:1: why"
    if located:
        line, column, why = int(located.group(1)), int(located.group(2)), located.group(3)
        return ParseError(f"bad {format}: {why}", path=path, line=line, column=column + 1)
    return ParseError(f"cannot parse as {format}: {reason}", path=path)


def _one_line(message: str) -> str:
    """A parser's message on one line (rdflib's N-Quads parser puts the bad line on a second one)."""
    return " ".join(part.strip() for part in message.strip().splitlines() if part.strip())


def _first_bad_line(text: str, format: str) -> int | None:
    """Line-based formats: find the first line that does not parse on its own."""
    parser = RDF_FORMATS[format][0]
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rdflib.Dataset().parse(source=whole_lines(line + "\n"), format=parser)
        except Exception:
            return number
    return None
