"""The public API is exactly what ``kgost.__all__`` lists, and the package is typed."""

from __future__ import annotations

import inspect
from pathlib import Path

import kgost


def test_all_lists_every_public_name_and_nothing_else() -> None:
    for name in kgost.__all__:  # the facade imports lazily: load every name first
        getattr(kgost, name)
    public = {name for name in vars(kgost) if not name.startswith("_") and not inspect.ismodule(getattr(kgost, name))}
    public.add("__version__")
    assert set(kgost.__all__) == public
    assert len(kgost.__all__) == len(set(kgost.__all__)), "duplicates in __all__"


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in kgost.__all__:
        obj = getattr(kgost, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"


def _documented_objects() -> list[tuple[str, object]]:
    """The public functions and classes of ``__all__``, without namespaces (``KGOST``)."""
    from rdflib.namespace import DefinedNamespace

    found = []
    for name in kgost.__all__:
        obj = getattr(kgost, name)
        if inspect.isclass(obj) and issubclass(obj, DefinedNamespace):
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found.append((name, obj))
    return found


def _sections(doc: str) -> dict[str, list[str]]:
    """A NumPy docstring's sections: title (underlined with dashes) -> its lines."""
    lines = inspect.cleandoc(doc).splitlines()
    sections: dict[str, list[str]] = {}
    current = None
    for i, line in enumerate(lines):
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if line.strip() and following and set(following) == {"-"} and len(following) >= len(line.strip()):
            current = line.strip()
            assert current not in sections, f"section {current!r} given twice"
            sections[current] = []
        elif current is not None and not (line.strip() and set(line.strip()) == {"-"}):
            sections[current].append(line)
    return sections


def _entries(section: list[str]) -> set[str]:
    """The names a Parameters section documents: ``name``, ``a, b``, ``*paths``, ``name : type``."""
    names: set[str] = set()
    for line in section:
        if line.strip() and not line.startswith(" "):
            for part in line.split(" : ")[0].split(","):
                names.add(part.strip().lstrip("*"))
    return names


def _raised_directly(function: object) -> set[str]:
    """Names of the exception classes a function's own body raises (``raise InputError(...)``)."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    body = tree.body[0]
    raised = set()
    for node in ast.walk(body):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name):
            raised.add(node.exc.func.id)
    return raised


def test_every_public_function_and_class_has_an_example() -> None:
    missing = []
    for name, obj in _documented_objects():
        if inspect.isclass(obj) and issubclass(obj, kgost.KgostError) and obj is not kgost.KgostError:
            continue  # the errors share one example, on KgostError
        if inspect.isclass(obj) and issubclass(obj, kgost.KgostWarning) and obj is not kgost.KgostWarning:
            continue  # the warnings too, on KgostWarning
        if "Examples" not in _sections(obj.__doc__ or "") or ">>> " not in (obj.__doc__ or ""):
            missing.append(name)
    assert not missing, f"no Examples section (with doctests) in: {', '.join(missing)}"


def test_every_public_function_documents_parameters_returns_and_raises() -> None:
    problems = []
    for name, obj in _documented_objects():
        if not inspect.isfunction(obj):
            continue
        sections = _sections(obj.__doc__ or "")
        signature = inspect.signature(obj)
        params = [p for p in signature.parameters if p != "self"]
        if params:
            documented = _entries(sections.get("Parameters", []))
            undocumented = [p for p in params if p not in documented]
            unknown = sorted(documented - set(params))
            if undocumented:
                problems.append(f"{name}: Parameters does not describe {', '.join(undocumented)}")
            if unknown:
                problems.append(f"{name}: Parameters describes {', '.join(unknown)}, which it does not take")
        returns = signature.return_annotation
        if returns is inspect.Signature.empty:
            problems.append(f"{name}: no return annotation")
        elif returns not in (None, "None") and not "".join(sections.get("Returns", [])).strip():
            problems.append(f"{name}: no Returns section")
        listed = " ".join(sections.get("Raises", []))
        for error in sorted(_raised_directly(obj)):
            if error not in listed:
                problems.append(f"{name}: raises {error}, which its Raises section does not list")
    assert not problems, "\n".join(problems)


def test_every_error_class_has_a_one_line_summary() -> None:
    for name, obj in _documented_objects():
        if inspect.isclass(obj) and issubclass(obj, kgost.KgostError):
            summary = inspect.cleandoc(obj.__doc__ or "").splitlines()[0]
            assert summary.endswith(".") and len(summary) <= 100, f"{name}: {summary!r}"


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
    for path in Path(kgost.__file__).parent.rglob("*.py"):  # subpackages too
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 500, f"{path.name} has {lines} lines; split it"
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith('"""') and first.endswith('"""'), f"{path.name} lacks a one-line module docstring"
