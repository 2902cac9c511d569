"""The public API is exactly what ``kgost.__all__`` lists, and the package is typed."""

from __future__ import annotations

import inspect
from pathlib import Path

import kgost


def test_all_lists_every_public_name_and_nothing_else() -> None:
    public = {name for name in vars(kgost) if not name.startswith("_") and not inspect.ismodule(getattr(kgost, name))}
    public.add("__version__")
    assert set(kgost.__all__) == public
    assert len(kgost.__all__) == len(set(kgost.__all__)), "duplicates in __all__"


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in kgost.__all__:
        obj = getattr(kgost, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"


def test_package_is_typed() -> None:
    assert (Path(kgost.__file__).parent / "py.typed").is_file()


def test_public_functions_take_options_keyword_only() -> None:
    for name in ("load", "validate", "find", "resolve", "sources", "stats"):
        signature = inspect.signature(getattr(kgost, name))
        for param in signature.parameters.values():
            if param.default is not inspect.Parameter.empty and param.kind is param.POSITIONAL_OR_KEYWORD:
                # optional positional parameters are allowed only where they are part of a pattern (s, p, o)
                assert name == "sources", f"{name}({param.name}=...) should be keyword-only"


def test_private_modules_are_small() -> None:
    for path in Path(kgost.__file__).parent.glob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 500, f"{path.name} has {lines} lines; split it"
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith('"""') and first.endswith('"""'), f"{path.name} lacks a one-line module docstring"
