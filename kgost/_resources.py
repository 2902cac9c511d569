"""Where the bundled ontology, shapes, data and queries live, installed or in a checkout."""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["resource_dir", "ontology_files", "data_files", "shapes_file", "queries_dir"]

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder of a bundled resource (``ontology``, ``data`` or ``queries``).

    An installed wheel carries them in ``kgost/_bundled/``; a source checkout (or an editable
    install) has them at the top of the repository. Found once per package folder and process
    (every named-query call asks for it; a missing folder is not remembered).
    """
    return _found(_PACKAGE, name)


@functools.lru_cache(maxsize=None)
def _found(package: Path, name: str) -> Path:
    for candidate in (package / "_bundled" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kgost's bundled '{name}' folder is missing; reinstall kgost")


def ontology_files() -> list[Path]:
    """The ontology Turtle files (``ontology/*.ttl`` but the shapes)."""
    return sorted(p for p in resource_dir("ontology").glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file() -> Path:
    """The SHACL shapes file."""
    return resource_dir("ontology") / "shapes.ttl"


def data_files() -> list[Path]:
    """The bundled data files (``data/*.trig``), in a stable order."""
    return sorted(resource_dir("data").glob("*.trig"))


def queries_dir() -> Path:
    """The folder of named SPARQL queries."""
    return resource_dir("queries")
