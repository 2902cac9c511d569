"""The exceptions kgost raises: one ``KgostError`` base and a few subclasses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kgost._public import public

__all__ = [
    "KgostError",
    "InputError",
    "ParseError",
    "QueryError",
    "QuerySyntaxError",
    "ParameterError",
    "UnknownQueryError",
    "EntityNotFoundError",
    "AmbiguousEntityError",
    "ExportError",
    "MissingExtraError",
]


@public
class KgostError(Exception):
    """Base class of every error kgost raises on purpose.

    The command line prints these as ``Type: message`` on stderr, never as a traceback, and
    exits with :attr:`exit_code`. Catch ``KgostError`` for any of them, or a subclass for one
    kind of problem.

    Examples
    --------
    >>> import kgost
    >>> try:
    ...     kgost.load().resolve("Chanyol")
    ... except kgost.KgostError as exc:  # here an EntityNotFoundError
    ...     print(type(exc).__name__, exc.candidates)
    EntityNotFoundError ['Chanyeol', 'Cha Eunwoo']
    """

    exit_code: int = 2


@public
class InputError(KgostError):
    """A file or value given to kgost cannot be used (missing, unreadable, unknown format)."""


@public
class ParseError(InputError):
    """An RDF file is malformed; ``path``, ``line`` and ``column`` say where (1-based)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        where = self.path or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
        self.reason = message


@public
class QueryError(KgostError):
    """A SPARQL query cannot be run."""


@public
class QuerySyntaxError(QueryError):
    """A SPARQL query does not parse; ``line`` and ``column`` say where (1-based)."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        super().__init__(message)


@public
class ParameterError(QueryError):
    """A named query's parameter is missing, unknown or of the wrong type."""


@public
class UnknownQueryError(QueryError):
    """No named query has the given name."""


@public
class EntityNotFoundError(KgostError):
    """No entity matches a name; ``candidates`` holds the closest labels."""

    def __init__(self, message: str, *, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)


@public
class AmbiguousEntityError(EntityNotFoundError):
    """More than one entity matches a name; ``candidates`` lists them."""


@public
class ExportError(KgostError):
    """A graph cannot be written in the requested form."""


@public
class MissingExtraError(KgostError):
    """An optional dependency is not installed; the message gives the ``pip install`` line."""
