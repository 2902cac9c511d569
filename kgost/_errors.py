"""The exceptions kgost raises: one ``KgostError`` base and a few subclasses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    "LimitError",
    "EntryError",
    "KgostWarning",
    "ProvenanceLeftOutWarning",
    "UnknownTermWarning",
    "ValidatorFallbackWarning",
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

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle with the attributes (path, line, candidates...), which keyword-only arguments
        # would lose: a bounded call sends its error back from a worker process this way.
        return (_rebuild, (type(self), self.args, self.__dict__))


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
class LimitError(KgostError):
    """A limit was passed: input size, time or memory.

    An input file larger than the size limit (``max_input_size=``, ``--max-input-size``), or work
    longer than ``timeout=`` (``--timeout``) or larger than ``max_memory=`` (``--max-memory``).
    """


@public
class MissingExtraError(KgostError):
    """An optional dependency is not installed; the message gives the ``pip install`` line."""

    @classmethod
    def needs(cls, what: str, package: str, extra: str) -> MissingExtraError:
        """The error for ``what`` needing ``package``, with the install line for an installed kgost
        and the one for a clone of the repository (where ``kgost[extra]`` names no package).

        Examples
        --------
        >>> print(MissingExtraError.needs("drawing networks", "matplotlib", "viz"))
        drawing networks needs matplotlib: pip install 'kgost[viz]' (in a clone of kgost: pip install -e '.[viz]')
        """
        return cls(f"{what} needs {package}: pip install 'kgost[{extra}]' (in a clone of kgost: pip install -e '.[{extra}]')")


@public
class KgostWarning(UserWarning):
    """Base class of the warnings kgost gives: the work is done, but something may not be what
    you meant. The command line prints them as ``Type: message`` on stderr and carries on.

    Examples
    --------
    >>> import warnings, kgost
    >>> kg = kgost.load()
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always", kgost.KgostWarning)
    ...     rows = kg.sparql("SELECT ?t WHERE { ?s kgost:titel ?t }")
    >>> [w.category.__name__ for w in caught if issubclass(w.category, kgost.KgostWarning)]
    ['UnknownTermWarning']
    """


@public
class ProvenanceLeftOutWarning(KgostWarning):
    """An export to a triples-only format (Turtle, N-Triples, RDF/XML) wrote the union of all
    graphs and left out the named graphs that hold the provenance."""


@public
class UnknownTermWarning(KgostWarning):
    """A query names a ``kgost:`` term the ontology does not define (most likely a typo)."""


@public
class ValidatorFallbackWarning(KgostWarning):
    """:func:`kgost.validate` asked to choose (``engine="auto"``) validated with pyshacl, because
    the shapes use a constraint component (named, with its shape) that the SPARQL validator does
    not run."""

def _rebuild(cls: type[KgostError], args: tuple[Any, ...], state: dict[str, Any]) -> KgostError:
    """A pickled ``KgostError`` again, with its message and attributes as they were."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


@public
class EntryError(InputError):
    """Entries cannot be added; ``problems`` lists every problem with its line or row.

    Each problem starts with its place: ``file:line:column`` for YAML, ``file: row R, column C``
    for CSV.
    """

    def __init__(self, what: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(f"{what}: {count} problem{'' if count == 1 else 's'}:\n" + "\n".join(f"  {p}" for p in self.problems))
