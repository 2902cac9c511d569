"""Shared fixtures: the bundled graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgost

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = ROOT.parent / "shared" / "source" / "top-10-romantic-kdrama-osts.txt"
#: Why the article check is skipped when the article's text is not there.
ARTICLE_MISSING = (
    f"needs the text of the source article (Debashree Dutta, 2022) at {ARTICLE}, to check that every"
    " sentence is quoted exactly; it is not part of kgost (copyright): save the article's text there to run it"
)


@pytest.fixture(scope="session")
def kg() -> kgost.KnowledgeGraph:
    """The bundled knowledge graph. Tests must not modify it; use ``fresh_kg`` for that."""
    return kgost.load()


@pytest.fixture
def fresh_kg() -> kgost.KnowledgeGraph:
    """A newly loaded bundled graph that a test may change."""
    return kgost.load()


def select(kg: kgost.KnowledgeGraph, sparql: str, **bindings: object) -> list[tuple]:
    """Run a SELECT with kgost's usual prefixes and return rows of Python strings."""
    from kgost import PREFIXES

    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return [tuple(None if v is None else str(v) for v in row) for row in kg.sparql_raw(head + sparql, bindings=bindings).rows]  # type: ignore[arg-type]
