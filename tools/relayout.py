#!/usr/bin/env python3
"""Apply issue 9's subpackage layout to a kgost checkout: ``python relayout.py CHECKOUT [--dry-run]``.

Moves every flat module ``kgost/_x.py`` to its place (``git mv``), writes the subpackages'
``__init__.py`` files, and rewrites every reference to a moved module in kgost/, tests/,
benchmarks/, docs/, README.md, pyproject.toml (the console script) and the Makefile:

* ``from kgost._x import a``        -> ``from kgost.sub._y import a``
* ``import kgost._x``               -> ``import kgost.sub._y``
* ``from kgost import _x, _z as w`` -> ``from kgost.sub import _y as _x`` (local names kept, so the
  code using them does not change; one line per subpackage)
* ``kgost._errors.SomeError`` (tracebacks in doctests) -> ``kgost.SomeError``
* any dotted name ``kgost._x`` (strings for monkeypatch, the facade's table, doctests, comments,
  ``kgost._cli:main``) -> ``kgost.sub._y``; paths ``kgost/_x.py`` -> ``kgost/sub/_y.py``.

It refuses to run (exit 2, nothing changed) when the checkout has a module the mapping does not
place: add one line to ``MAPPING`` below. Run it on a clean work tree, then ``make install`` and the
whole suite.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

# flat module (kgost/<name>.py) -> its new dotted place under kgost; "" keeps it where it is.
MAPPING: dict[str, str] = {
    # top level: the graph, the facade's helpers and what every layer shares
    "__init__": "",
    "__main__": "",
    "_errors": "",
    "_namespace": "",
    "_resources": "",
    "_types": "",
    "_graph": "",
    "_graphlike": "",
    "_public": "",
    "_logs": "",
    "_terms": "",  # wt-* branch: ontology terms
    "_lookup": "",  # find/resolve: used by every layer (named-query parameters, networks)
    "_provenance": "",
    "_stats": "",
    "_overview": "",
    "_limits": "",  # wt-limits: size limits used by readwrite and sparql alike
    # stores: base protocol, registry, rdflib, oxigraph, remote SPARQL
    "_store": "stores._base",
    "_registry": "stores._registry",
    "_rdflib_store": "stores._rdflib",
    "_oxigraph": "stores._oxigraph",
    "_remote": "stores._remote",
    "_capabilities": "stores._capabilities",
    # querying (not "sparql": importing kgost.sparql._x would bind the subpackage over the public
    # function kgost.sparql; the same for "network"): safety gate, bindings and VALUES, named queries, results, result formats
    "_sparql": "querying._gate",
    "_bindings": "querying._bindings",
    "_values": "querying._values",
    "_query": "querying._named",
    "_results": "querying._results",
    "_result_writers": "querying._writers",
    # readwrite: RDF in and out
    "_io": "readwrite._io",
    "_jsonld": "readwrite._jsonld",
    "_nquads": "readwrite._nquads",
    "_export": "readwrite._export",
    "_atomic": "readwrite._atomic",
    "_files": "readwrite._files",
    "_input": "readwrite._input",  # wt-limits: reading untrusted input
    "_locate": "readwrite._locate",  # wt-errors: where a parser failed
    "_overwrite": "readwrite._overwrite",  # wt-errors: replacing output files safely
    # validation
    "_validate": "validation._shacl",
    # networks: views, algorithms, network formats, drawing
    "_network": "networks._views",
    "_connect": "networks._connect",
    "_central": "networks._central",
    "_members": "networks._members",
    "_network_io": "networks._io",
    "_network_nodes": "networks._nodes",
    "_draw": "networks._draw",
    # command line
    "_cli": "cli._main",
    "_cli_core": "cli._core",
    "_cli_query": "cli._query",
    "_cli_network": "cli._network",
    "_cli_export": "cli._export",
    "_cli_grow": "cli._grow",
    "_cli_store": "cli._store",
    "_cli_serve": "cli._serve",
    # entries: adding data from YAML/CSV, extracting it
    "_entries": "entries._entries",
    "_extract": "entries._extract",
    "_convert": "entries._convert",  # wt-grow: entries to quads
    "_grow": "entries._grow",  # wt-grow: growing a graph from entry files
}

SUBPACKAGES: dict[str, str] = {
    "stores": "Storage engines behind one protocol: rdflib in memory, Oxigraph, remote SPARQL servers.",
    "querying": "SPARQL: the safety gate, bindings, named queries, results and their formats.",
    "readwrite": "RDF in and out: parsing, JSON-LD, N-Quads, exports and atomic files.",
    "validation": "SHACL validation of the graph against the kgost shapes.",
    "networks": "NetworkX views of the graph, connections, centrality, shared members, formats and drawing.",
    "cli": "The ``kgost`` command line: one module per group of subcommands.",
    "entries": "Adding entries from YAML/CSV and extracting them again.",
}

TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".txt", ".rst", ".yml", ".yaml", ".rq", ".pyi"}
PLACES = ("kgost", "tests", "benchmarks", "docs", "README.md", "pyproject.toml", "Makefile", ".github")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="print the moves, change nothing")
    args = parser.parse_args(argv)
    root: Path = args.checkout.resolve()
    package = root / "kgost"
    flat = sorted(p.stem for p in package.glob("*.py"))
    unmapped = [name for name in flat if name not in MAPPING]
    if unmapped:
        for name in unmapped:
            print(f"unmapped module: kgost/{name}.py (add a line to MAPPING)", file=sys.stderr)
        return 2
    moves = {name: MAPPING[name] for name in flat if MAPPING[name]}
    public = _public_names(package)
    clashes = sorted({new.split(".")[0] for new in moves.values()} & public)
    if clashes:
        print(f"subpackage names {clashes} are public names of kgost: importing one would replace"
              " the function on the package; rename them in MAPPING", file=sys.stderr)
        return 2
    if not moves:
        print("nothing to move: already laid out?", file=sys.stderr)
        return 1
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    if dirty.strip() and not args.dry_run:
        print(f"the work tree has changes; commit or stash them first:\n{dirty}", file=sys.stderr)
        return 2
    for old, new in moves.items():
        print(f"kgost/{old}.py -> kgost/{new.replace('.', '/')}.py")
    if args.dry_run:
        return 0
    for sub in sorted({new.split(".")[0] for new in moves.values()}):
        folder = package / sub
        folder.mkdir(exist_ok=True)
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{SUBPACKAGES[sub]}"""\n', encoding="utf-8")
            _git(root, "add", str(init.relative_to(root)))
    for old, new in moves.items():
        _git(root, "mv", f"kgost/{old}.py", f"kgost/{new.replace('.', '/')}.py")
    changed = 0
    for path in _text_files(root):
        text = path.read_text(encoding="utf-8")
        new_text = rewrite(text, moves)
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            changed += 1
    leftovers = _leftovers(root, moves)
    print(f"moved {len(moves)} modules, rewrote {changed} files")
    for line in leftovers:
        print(f"left for a human: {line}", file=sys.stderr)
    return 0


def rewrite(text: str, moves: dict[str, str]) -> str:
    """``text`` with every reference to a moved module pointing to its new place."""
    text = _FROM_KGOST_IMPORT.sub(lambda m: _from_kgost_import(m, moves), text)

    def dotted(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"kgost.{moves[name]}" if name in moves else match.group(0)

    def slashed(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"kgost/{moves[name].replace('.', '/')}.py" if name in moves else match.group(0)

    # a doctest or message naming an error by its private module (other branches' doctests,
    # written before @public): the public classes show as kgost.X
    text = re.sub(r"\bkgost\._errors\.([A-Z]\w*Error)\b", r"kgost.\1", text)
    text = re.sub(r"\bkgost\.(_\w+)\b", dotted, text)
    return re.sub(r"\bkgost/(_\w+)\.py\b", slashed, text)


# ``from kgost import _a, _b as c`` (one line, or parenthesised over several)
_FROM_KGOST_IMPORT = re.compile(r"^(?P<indent>[ \t]*)from kgost import (?P<names>\([^)]*\)|[^\n#]+)", re.M)


def _from_kgost_import(match: re.Match[str], moves: dict[str, str]) -> str:
    indent = match.group("indent")
    names = [n.strip() for n in match.group("names").strip("()").replace("\n", " ").split(",") if n.strip()]
    parsed = [(n.split(" as ")[0].strip(), n.split(" as ")[1].strip() if " as " in n else None) for n in names]
    if not any(name in moves for name, _ in parsed):
        return match.group(0)
    groups: dict[str, list[str]] = {}
    for name, alias in parsed:
        if name in moves:
            parent, _, leaf = moves[name].rpartition(".")
            where = f"kgost.{parent}" if parent else "kgost"
            local = alias or name
            groups.setdefault(where, []).append(leaf if local == leaf else f"{leaf} as {local}")
        else:
            groups.setdefault("kgost", []).append(name if alias is None else f"{name} as {alias}")
    return "\n".join(f"{indent}from {where} import {', '.join(items)}" for where, items in groups.items())


def _text_files(root: Path) -> list[Path]:
    tracked = _git(root, "ls-files", *[p for p in PLACES if (root / p).exists()]).splitlines()
    found = []
    for name in tracked:
        path = root / name
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name == "Makefile"):
            found.append(path)
    return found


def _leftovers(root: Path, moves: dict[str, str]) -> list[str]:
    """References the rewrite cannot see: a moved module's bare name next to ``kgost`` in ways
    other than the patterns above (``getattr(kgost, "_x")``, ``"kgost" + "._x"``)."""
    found = []
    pattern = re.compile(r"[\"'](" + "|".join(re.escape(n) for n in moves) + r")[\"']")
    for path in _text_files(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "kgost" in line and pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def _public_names(package: Path) -> set[str]:
    """The names ``kgost/__init__.py`` lists in ``__all__``."""
    import ast

    for node in ast.parse((package / "__init__.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


if __name__ == "__main__":
    sys.exit(main())
