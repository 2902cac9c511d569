"""Where in the text rdflib's Turtle/TriG/N3 parser failed, for the errors it raises without a place."""

from __future__ import annotations

import re
from types import TracebackType

__all__ = ["n3_failure", "line_column"]

_QUOTES = "\"'"


def n3_failure(exc: BaseException) -> tuple[str, int, str] | None:
    """For an error of rdflib's Turtle/TriG/N3 parser that is not its own ``BadSyntax``, return
    ``(text, offset, reason)``: the parsed text, the character offset where it failed and what went
    wrong in words; ``None`` when the error did not come from inside that parser.

    rdflib's N3-family parser raises a bare ``IndexError`` when a statement runs off the end of the
    text (``e:a e:b e:c`` with no final dot) or a datatype is missing, and an ``AssertionError``
    for a string that never closes at the end of the text; neither carries a position. Its methods
    all take the text as ``argstr`` and the position as ``i``, so the innermost of its frames on the
    traceback says where it stood. Neither rdflib nor pyoxigraph offers that position otherwise
    (pyoxigraph's own Turtle parser does, but kgost parses every engine's input with rdflib, so
    both engines read the same statements); hence this walk.

    Examples
    --------
    >>> import rdflib
    >>> try:
    ...     rdflib.Graph().parse(data="@prefix e: <https://e.org/> .\\ne:a e:b e:c", format="turtle")
    ... except IndexError as exc:
    ...     text, offset, why = n3_failure(exc)
    >>> line_column(text, offset), why
    ((2, 9), "the file ends inside this statement (is a final '.', a closing quote or a bracket missing?)")
    """
    from rdflib.plugins.parsers.notation3 import SinkParser

    found: tuple[str, int, dict[str, object]] | None = None
    frame: TracebackType | None = exc.__traceback__
    while frame is not None:
        values = frame.tb_frame.f_locals
        text, offset = values.get("argstr"), values.get("i", values.get("j"))
        if isinstance(values.get("self"), SinkParser) and isinstance(text, str) and isinstance(offset, int):
            found = (text, offset, dict(values)) if offset >= 0 else (text, found[1] if found else 0, dict(values))
        frame = frame.tb_next
    if found is None:
        return None
    text, offset, values = found
    offset = min(offset, len(text))
    while offset < len(text) and text[offset].isspace() and text[offset:].strip():
        offset += 1  # rdflib's positions stand before the blanks it has yet to skip
    if isinstance(exc, AssertionError) or (isinstance(exc, AttributeError) and "start" in str(exc)):
        while offset > 0 and text[offset - 1] in _QUOTES:  # point at the opening quote
            offset -= 1
        return text, offset, "unterminated string: no closing quote before the end of the file"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return text, offset, (
            "an integer with more digits than Python converts (4300); write it as a typed string,"
            ' "123..."^^xsd:integer, which kgost keeps as it is'
        )
    ends = any(isinstance(v, int) and not isinstance(v, bool) and v >= len(text) for v in values.values())
    if isinstance(exc, IndexError) and (ends or _rest_is_blank(text, offset)):
        return text, offset, "the file ends inside this statement (is a final '.', a closing quote or a bracket missing?)"
    return text, offset, "a term is missing or malformed here"


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset into ``text``."""
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


def _rest_is_blank(text: str, offset: int) -> bool:
    """Nothing but the token at ``offset``, blanks and comments until the end of the text."""
    rest = re.sub(r"#[^\n]*", "", text[offset:]).split(maxsplit=1)
    return len(rest) <= 1
