"""``@public``: a class of the public API shows as ``kgost.X`` in reprs, errors and tracebacks."""

from __future__ import annotations

from typing import TypeVar

_C = TypeVar("_C", bound=type)


def public(cls: _C) -> _C:
    """Give a public class the module users import it from, ``kgost``, instead of its private one.

    Tracebacks, doctests and reprs then read ``kgost.InputError: ...``, not
    ``kgost.InputError: ...``; pickling finds the class through the ``kgost`` facade.
    A class decorator rather than a loop in ``kgost/__init__.py``: the facade imports lazily, so
    an error can be raised before the facade has ever touched its class.

    Parameters
    ----------
    cls
        A class listed in ``kgost.__all__``.

    Returns
    -------
    type
        The same class, its ``__module__`` set to ``"kgost"``.
    """
    cls.__module__ = "kgost"
    return cls
