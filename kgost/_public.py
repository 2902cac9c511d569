"""``@public``: a class of the public API shows as ``kgost.X`` in reprs, errors and tracebacks."""

from __future__ import annotations

import sys
from typing import TypeVar

_C = TypeVar("_C", bound=type)


def public(cls: _C) -> _C:
    """Give a public class the module users import it from, ``kgost``, instead of its private one.

    Tracebacks, doctests and reprs then read ``kgost.InputError: ...``, not
    ``kgost.InputError: ...``; pickling finds the class through the ``kgost`` facade.
    A class decorator rather than a loop in ``kgost/__init__.py``: the facade imports lazily, so
    an error can be raised before the facade has ever touched its class. The class's string
    annotations are evaluated here, in its own module, so ``typing.get_type_hints`` (which looks
    names up in ``__module__``) still works; one naming a later or ``TYPE_CHECKING``-only name
    stays a string.

    Parameters
    ----------
    cls
        A class listed in ``kgost.__all__``.

    Returns
    -------
    type
        The same class, its ``__module__`` set to ``"kgost"``.
    """
    namespace = vars(sys.modules[cls.__module__])
    annotations = cls.__dict__.get("__annotations__", {})
    for name, value in annotations.items():
        if isinstance(value, str):
            try:
                annotations[name] = eval(value, namespace, dict(vars(cls)))  # noqa: S307 - the class's own annotations
            except Exception:  # noqa: BLE001 - a forward reference: left as it is
                pass
    cls.__module__ = "kgost"
    return cls
