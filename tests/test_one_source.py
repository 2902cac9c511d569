"""The ontology and the data are the one source: class order, prefixes and kinds are read from
them, so a graph about another article (other prefixes, a class of its own) works the same."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS

import kgost
from kgost._namespace import PREFIXES, compact_iri, expand_iri, graph_prefixes
from kgost._resources import data_files, ontology_files, shapes_file

PACKAGE = Path(kgost.__file__).parent
OTHER = Path(__file__).parent / "data" / "other" / "variety.trig"

# Tables of ontology terms still in Python: none. Node kinds, relation phrases and templates,
# explanation ranks, IRI folders, the overview's classes and the drawings' colours are annotations
# of the ontology (ontology/kgost.ttl, ontology/drawing.ttl), read by kgost/_vocabulary.py. A new
# table fails the test.
KNOWN_TABLES: set[tuple[str, str]] = set()
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


def test_the_prefixes_another_articles_files_declare_are_known(other: kgost.KnowledgeGraph, kg: kgost.KnowledgeGraph) -> None:
    show = rdflib.URIRef("https://example.org/id/show/weekend-cook")
    prefixes = graph_prefixes(other)
    assert prefixes["show"] == "https://example.org/id/show/" and prefixes["kgost"] == str(kgost.KGOST)
    assert compact_iri(show, prefixes=prefixes) == "show:weekend-cook"
    assert other.iri("show:weekend-cook") == show and other.resolve("show:weekend-cook").label == "Weekend Cook"
    assert other.connect("who:mira-han", "show:weekend-cook").length == 2
    # another graph does not know them
    assert "show" not in graph_prefixes(kg) and compact_iri(show, prefixes=graph_prefixes(kg)) == str(show)
    with pytest.raises(kgost.InputError, match="show:weekend-cook"):
        kg.iri("show:weekend-cook")


def test_the_bundled_articles_node_kinds_follow_the_ontology(kg: kgost.KnowledgeGraph) -> None:
    nodes = kg.network(view="full").nodes
    assert nodes["group:exo-cbx"]["type"] == "SubUnit" and nodes["group:exo-cbx"]["kind"] == "group"
    assert nodes["series:hometown-cha-cha-cha"]["type"] == "TVDrama" and nodes["series:hometown-cha-cha-cha"]["kind"] == "series"


HOSTING = """# Another article's own relations: one it describes (templates and phrases), one it does not.
@prefix kgost: <https://w3id.org/kgost/ontology#> .
@prefix owl:   <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:    <https://example.org/onto#> .
@prefix show:  <https://example.org/id/show/> .
@prefix who:   <https://example.org/id/who/> .

<https://example.org/id/graph/hosting> {
    ex:hosts a owl:ObjectProperty ; rdfs:label "hosts"@en ;
        kgost:forwardTemplate "{a} hosts {b}" ; kgost:backwardTemplate "{a} is hosted by {b}" ;
        kgost:sourcePhrase "hosts" ; kgost:targetPhrase "is hosted by" ; kgost:explanationRank 1 .
    ex:judges a owl:ObjectProperty ; rdfs:label "judges"@en .
    who:mira-han ex:hosts show:weekend-cook .
    who:jo-ara a kgost:Person ; kgost:name "Jo Ara" ; ex:judges show:weekend-cook .
}
"""


def test_another_articles_relations_read_as_its_ontology_says(tmp_path: Path) -> None:
    (tmp_path / "hosting.trig").write_text(HOSTING, encoding="utf-8")
    graph = kgost.load(OTHER, tmp_path / "hosting.trig", bundled=False)
    # described: its own templates and phrases; not described: arrows with its label
    assert graph.connect("Mira Han", "Weekend Cook", view="full").paths[0].explanation == "Mira Han hosts Weekend Cook"
    assert graph.connect("Weekend Cook", "Mira Han", view="full").paths[0].explanation == "Weekend Cook is hosted by Mira Han"
    assert graph.connect("Jo Ara", "Weekend Cook", view="full").paths[0].explanation == "Jo Ara —judges→ Weekend Cook"
    [show] = [c for c in graph.central(view="full", top=10) if c.label == "Weekend Cook"]
    assert "is hosted by Mira Han" in show.sentence and "←judges— Jo Ara" in show.sentence
    # kgost's own relations still read as the kgost ontology says, though the graph does not hold it
    assert "has the OSTs 'Moonrise' and 'Sunlit'" in show.sentence


def test_what_the_code_reads_is_in_the_ontology(kg: kgost.KnowledgeGraph) -> None:
    from kgost._vocabulary import vocabulary

    words = vocabulary(kg)
    # every relation of the fact views has its words in the ontology, and every node kind its look
    for view in ("artist", "full"):
        graph = kg.network(view=view)
        for relation in {d["relation"] for *_, d in graph.edges(data=True)}:
            said = words.relations.get(relation)
            assert said is not None and "—" not in said.forward + said.backward + said.source + said.target, (view, relation)
        assert {k for _, k in graph.nodes(data="kind")} <= set(words.looks)
    # the artist view's derived relations are the labels of ontology properties
    assert {words.labels[kgost.KGOST[t]] for t in ("performed", "actsIn", "playsCharacter", "appearsInMusicVideoOf")} == {
        "performed", "acts in", "plays character", "appears in the music video of"}
    # the overview's classes, the folders new entities are minted in, a provenance record's kind
    assert kgost.KGOST.SubUnit in words.overview and kgost.KGOST.Work not in words.overview
    assert words.folders[kgost.KGOST.MusicGroup] == ("group", kgost.KGOST.name)
    assert words.folders[kgost.KGOST.Song] == ("song", kgost.KGOST.title)
    assert {s.kind for s in kg.sources("person:xiumin", "kgost:memberOf")} == {"sentence", "inference"}


def test_the_vocabulary_follows_the_graphs_version(tmp_path: Path) -> None:
    graph = kgost.load(OTHER, bundled=False)
    assert graph.connect("Mira Han", "Weekend Cook").paths[0].explanation.startswith("Mira Han sang 'Sunlit'")
    (tmp_path / "words.ttl").write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        'kgost:performed kgost:forwardTemplate "{a} sings {b} (said the file)" .\n', encoding="utf-8")
    graph.add(tmp_path / "words.ttl")
    assert graph.connect("Mira Han", "Weekend Cook").paths[0].explanation.startswith("Mira Han sings 'Sunlit' (said the file)")
