"""The package's shape: a lazy facade, public classes shown as ``kgost.X``, imports that run one
way (the graph imports the views, never the reverse) and no process-wide state changed."""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import kgost

PACKAGE = Path(kgost.__file__).parent
HEAVY = ("pyshacl", "networkx", "matplotlib", "pyld", "pyoxigraph")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (this one has imported everything already)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)


def _heavy_loaded(code: str) -> list[str]:
    done = _run(code + "\nimport sys, json\n"
                f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_import_kgost_imports_no_heavy_dependency() -> None:
    assert _heavy_loaded("import kgost") == []


def test_version_imports_no_heavy_dependency() -> None:
    code = ("from kgost.cli._main import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass")
    assert _heavy_loaded(code) == []


def test_version_answers_before_rdflib_or_the_subcommands_are_imported() -> None:
    # The whole process, as a user runs it: -X importtime lists every module imported.
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kgost", "--version"],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"kgost {kgost.__version__}", done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "kgost.cli._main" in imported  # the listing is real
    unwanted = {"rdflib", "rdflib.plugins.sparql", "importlib.metadata", *HEAVY}
    assert sorted(imported & unwanted) == []
    assert sorted(m for m in imported if m.startswith("kgost.cli.") and m != "kgost.cli._main") == []


def test_a_query_needs_neither_shacl_nor_networks() -> None:
    assert set(_heavy_loaded("import kgost\nkgost.load().query('songs')")) <= {"pyld"}


def test_every_public_name_resolves_through_the_facade() -> None:
    done = _run("import kgost\n"
                "missing = [n for n in kgost.__all__ if getattr(kgost, n, None) is None]\n"
                "print(missing, sorted(set(kgost.__all__) - set(dir(kgost))))")
    assert done.returncode == 0 and done.stdout.strip() == "[] []", done.stdout + done.stderr
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        kgost.no_such_name  # noqa: B018


def test_facade_table_type_checking_imports_and_all_agree() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "_typing.TYPE_CHECKING")
    typed = {alias.name: node.module for node in guarded.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert typed == kgost._MODULE_OF
    assert set(kgost.__all__) == set(kgost._MODULE_OF) | {"__version__"}


def test_public_classes_show_as_kgost() -> None:
    classes = [getattr(kgost, name) for name in kgost.__all__ if inspect.isclass(getattr(kgost, name))]
    assert classes and [c.__qualname__ for c in classes if c.__module__ != "kgost"] == []
    assert repr(kgost.InputError("bad")) == "InputError('bad')"
    assert str(kgost.KnowledgeGraph) == "<class 'kgost.KnowledgeGraph'>"
    for cls in classes:  # typing looks annotations up in __module__: they still resolve
        typing.get_type_hints(cls)


def test_tracebacks_name_the_public_class_even_without_the_facade() -> None:
    done = _run("from kgost._graph import load\nload('no-such-file.ttl')")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "kgost.InputError: no such file: 'no-such-file.ttl'"


def _imports(path: Path) -> set[str]:
    """Every kgost module ``path`` imports, at any level (top, functions, ``TYPE_CHECKING``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("kgost"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kgost"):
            found.add(node.module)  # and a module imported by name: from kgost import _graph
            found.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name.startswith("_"))
    return found


def _modules() -> dict[str, set[str]]:
    """Each module of the package (subpackages too) -> the kgost modules it imports."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = _imports(path)
    found.pop("kgost")  # the facade imports only under TYPE_CHECKING
    return found


def _is_cli(module: str) -> bool:
    return module.startswith("kgost.cli") or module.split(".")[-1].startswith(("_cli", "__main__"))


def test_views_never_import_the_graph() -> None:
    importers = sorted(m for m, imported in _modules().items() if "kgost._graph" in imported and not _is_cli(m))
    assert importers == [], f"{importers} import kgost._graph: take a kgost._graphlike.GraphLike instead"


def test_library_imports_have_no_cycle() -> None:
    """Outside the command line (whose subcommand modules register on ``_cli``), the import graph
    of kgost's modules, counting imports inside functions and under ``TYPE_CHECKING``, has no cycle."""
    graph = {m: {i for i in imported if not _is_cli(i)} for m, imported in _modules().items() if not _is_cli(m)}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert [c for c in cycles if set(c) != _PENDING_CYCLE] == []


# make_store() picks the Oxigraph class by name, which imports _store's RawResult; the store
# registry (issue 9, store plugins) replaces make_store and ends this one.
_PENDING_CYCLE = {"kgost.stores._base", "kgost.stores._oxigraph"}


_STATE = '''
import json, logging, os, sys, warnings
import matplotlib
calls = []
real_umask = os.umask
def umask(mask):
    calls.append(mask)
    return real_umask(mask)
os.umask = umask
def snapshot():
    return {
        "filters": {n: [type(f).__name__ for f in logging.getLogger(n).filters] for n in ("rdflib.term", "pyshacl-validate", "rdflib")},
        "disabled": {n: logging.getLogger(n).disabled for n in ("rdflib.term", "pyshacl-validate")},
        "rcParams": {k: str(v) for k, v in matplotlib.rcParams.items()},
        "warnings": len(warnings.filters),
    }
before = snapshot()
import kgost
folder = sys.argv[1]
bad = os.path.join(folder, "bad.ttl")
with open(bad, "w") as handle:
    handle.write('@prefix kgost: <https://w3id.org/kgost/ontology#> .\\n'
                 '<https://w3id.org/kgost/id/song/x> a kgost:Song ; kgost:title "X" ; kgost:releaseDate "2014-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\\n')
kg = kgost.load(bad)
assert not kg.validate().conforms
kg.export(format="trig", output=os.path.join(folder, "out.trig"))
kgost.draw_network(kg.network(around="EXO"), format="svg")
kgost.write_network(kg.network(), os.path.join(folder, "net.graphml"))
after = snapshot()
print(json.dumps({"same": {k: before[k] == after[k] for k in before}, "umask_calls": calls}))
'''


def test_no_process_wide_state_is_changed(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _STATE, str(tmp_path)], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["same"] == {"filters": True, "disabled": True, "rcParams": True, "warnings": True}
    assert report["umask_calls"] == [], "os.umask sets the umask process-wide, even to read it"
    assert done.stderr == "", "kgost reports ill-typed literals itself"
