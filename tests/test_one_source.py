"""The ontology and the data are the one source: class order, prefixes and kinds are read from
them, so a graph about another article (other prefixes, a class of its own) works the same."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS

import kgost
from kgost._namespace import PREFIXES, compact_iri, expand_iri
from kgost._resources import data_files, ontology_files, shapes_file

PACKAGE = Path(kgost.__file__).parent
OTHER = Path(__file__).parent / "data" / "other" / "variety.trig"

# Tables of ontology terms still in Python (relation phrases, drawing colours and markers, coarse
# kinds, IRI folders), to be read from the ontology (issue 9). The list may only shrink: a new
# table fails the test, and so does a table removed without removing it here.
KNOWN_TABLES = {
    ("kgost/_overview.py", "_SHOWN"),
    ("kgost/_provenance.py", "_KINDS"),
    ("kgost/entries/_convert.py", "_FOLDERS"),
    ("kgost/networks/_central.py", "_PHRASES"),
    ("kgost/networks/_connect.py", "_TEMPLATES"),
    ("kgost/networks/_connect.py", "_PAIRS"),
    ("kgost/networks/_connect.py", "_PREFERENCE"),
    ("kgost/networks/_draw.py", "KIND_COLOURS"),
    ("kgost/networks/_draw.py", "KIND_MARKERS"),
    ("kgost/networks/_draw.py", "_RELATION_COLOURS"),
    ("kgost/networks/_draw.py", "_PREFERENCE"),
    ("kgost/networks/_nodes.py", "KINDS"),
}
# Not ontology tables: the CSV entry format's column names, a local variable of the extractor.
NOT_TABLES = {("kgost/entries/_entries.py", "CSV_COLUMNS"), ("kgost/entries/_extract.py", "head")}


@pytest.fixture(scope="module")
def other() -> kgost.KnowledgeGraph:
    return kgost.load(OTHER, bundled=False)


def _ontology_words() -> set[str]:
    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path)
    namespace = str(kgost.KGOST)
    terms = {str(s)[len(namespace):] for s in graph.subjects() if str(s).startswith(namespace) and str(s) != namespace}
    labels = {str(o) for s, o in graph.subject_objects(RDFS.label) if str(s).startswith(namespace)}
    return terms | labels


def test_no_new_python_table_of_ontology_terms() -> None:
    words = _ontology_words()
    namespaces = {iri for prefix, iri in PREFIXES.items() if iri.startswith(str(kgost.KGOST_ID)) and prefix != "kg"}
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                strings = {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                place = (path.relative_to(PACKAGE.parent).as_posix(), ast.unparse(target))
                if len(strings & words) >= 3 or strings & namespaces:
                    found.add(place)
    assert found - NOT_TABLES == KNOWN_TABLES


def test_prefixes_are_those_the_bundled_files_declare() -> None:
    declared: dict[str, str] = {}
    for path in (shapes_file(), *data_files()):
        graph = rdflib.Graph(bind_namespaces="none").parse(path, format="trig" if path.suffix == ".trig" else "turtle")
        declared.update((prefix, str(iri)) for prefix, iri in graph.namespaces() if prefix)
    assert declared.items() <= PREFIXES.items()
    assert PREFIXES["kgost"] == str(kgost.KGOST) and PREFIXES["kg"] == str(kgost.KGOST_ID)
    assert "wdt" not in PREFIXES and "vann" not in PREFIXES  # the ontology links to them, data does not use them
    assert PREFIXES["schema"] == "https://schema.org/"  # the ontology's classes specialise schema.org's
    text = (PACKAGE / "_namespace.py").read_text(encoding="utf-8")
    assert '"song":' not in text and "top-10-romantic-kdrama-osts" not in text  # no table of them


def test_another_articles_class_and_prefixes_work_the_same(other: kgost.KnowledgeGraph) -> None:
    show = "https://example.org/id/show/weekend-cook"
    # lookup: the class of its own counts as the kgost class it specialises
    entity = other.resolve("Weekend Cook", kind="Series")
    assert (str(entity.iri), entity.kind, entity.label) == (show, "VarietyShow", "Weekend Cook")
    assert [str(e.iri) for e in other.find("North")] == ["https://example.org/id/band/north-lights"]
    # network: the show is a node of kind series in every view that has it
    for view in ("artist", "full"):
        graph = other.network(view=view)
        assert graph.nodes[show]["kind"] == "series" and graph.nodes[show]["label"] == "Weekend Cook", view
    assert graph.nodes["https://example.org/id/band/north-lights"]["kind"] == "group"
    # connect and central read it like the bundled article
    text = str(other.connect("Mira Han", "Weekend Cook"))
    assert "Mira Han sang 'Sunlit'; 'Sunlit' is an OST of Weekend Cook." in text
    ranked = {c.node: c for c in other.central(view="artist", top=10)}
    assert ranked[show].kind == "series" and ranked[show].degree == 2
    assert "has the OSTs" in ranked[show].sentence or "has the OST" in ranked[show].sentence
    # IRIs outside kgost's prefixes stay whole, and full IRIs are accepted
    assert compact_iri(rdflib.URIRef(show)) == show and expand_iri(f"<{show}>") == rdflib.URIRef(show)


def test_the_bundled_articles_node_kinds_follow_the_ontology(kg: kgost.KnowledgeGraph) -> None:
    nodes = kg.network(view="full").nodes
    assert nodes["group:exo-cbx"]["type"] == "SubUnit" and nodes["group:exo-cbx"]["kind"] == "group"
    assert nodes["series:hometown-cha-cha-cha"]["type"] == "TVDrama" and nodes["series:hometown-cha-cha-cha"]["kind"] == "series"
