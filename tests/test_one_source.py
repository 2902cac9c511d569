"""The ontology and the data are the one source: class order, prefixes and kinds are read from
them, so a graph about another article (other prefixes, a class of its own) works the same."""

from __future__ import annotations

import ast
import importlib.util
import json
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
# Not ontology tables: the CSV entry format's column names, a local variable of the extractor, the
# variable names of the shipped queries in the gate's table of them (written from queries/*.rq).
NOT_TABLES = {("kgost/entries/_entries.py", "CSV_COLUMNS"), ("kgost/entries/_extract.py", "head"),
              ("kgost/querying/_vetted.py", "VETTED")}


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
    # network: the show is a node of kind series in every view that has it, keyed by its own prefix
    for view in ("artist", "full"):
        graph = other.network(view=view)
        assert graph.nodes["show:weekend-cook"]["kind"] == "series" and graph.nodes["show:weekend-cook"]["label"] == "Weekend Cook", view
        assert graph.nodes["show:weekend-cook"]["iri"] == show
    assert graph.nodes["band:north-lights"]["kind"] == "group"
    # connect and central read it like the bundled article
    text = str(other.connect("Mira Han", "Weekend Cook"))
    assert "Mira Han sang 'Sunlit'; 'Sunlit' is an OST of Weekend Cook." in text
    ranked = {c.node: c for c in other.central(view="artist", top=10)}
    assert ranked["show:weekend-cook"].kind == "series" and ranked["show:weekend-cook"].degree == 2
    assert "has the OST" in ranked["show:weekend-cook"].sentence
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


def test_another_articles_network_is_keyed_by_its_own_prefixes(other: kgost.KnowledgeGraph) -> None:
    # every view's nodes, and what connect, central and shared-members name, are its compact IRIs
    expected = {"who:mira-han", "band:north-lights", "tune:sunlit", "tune:moonrise", "show:weekend-cook"}
    assert set(other.network(view="artist").nodes) == expected == set(other.network(view="full").nodes)
    assert set(other.network(view="songs").nodes) == {"tune:sunlit", "tune:moonrise"}
    assert set(other.network(view="people").nodes) == {"who:mira-han"}
    assert set(other.network(around="show:weekend-cook", depth=1).nodes) == {"show:weekend-cook", "tune:sunlit", "tune:moonrise"}
    edge = other.network().edges["who:mira-han", "tune:sunlit", "performed"]
    assert edge["graph"] == "line:1" and edge["predicate"] == "kgost:performer"
    connection = other.connect("who:mira-han", "Weekend Cook")
    assert connection.paths[0].nodes == ["who:mira-han", "tune:sunlit", "show:weekend-cook"]
    assert "sources: line:1" in str(connection)
    assert {c.node for c in other.central(view="full", top=10)} == expected
    assert "north-lights" not in "".join(str(e) for e in other.network().nodes if "://" in e)  # no full IRI left


def test_another_articles_select_results_compact_with_its_prefixes(other: kgost.KnowledgeGraph) -> None:
    result = other.sparql("SELECT ?song ?series WHERE { ?song kgost:ostOf ?series } ORDER BY ?song")
    assert result.prefixes["tune"] == "https://example.org/id/tune/"
    assert result.to_table().splitlines()[2:4] == ["tune:moonrise  show:weekend-cook", "tune:sunlit    show:weekend-cook"]
    assert result.to_csv(compact=True).splitlines()[1] == "tune:moonrise,show:weekend-cook"
    assert result.to_csv().splitlines()[1] == "https://example.org/id/tune/moonrise,https://example.org/id/show/weekend-cook"
    bindings = json.loads(result.to_json(compact=True))["results"]["bindings"]
    assert bindings[0]["song"] == {"type": "uri", "value": "tune:moonrise"}
    assert "| tune:sunlit | show:weekend-cook |" in result.to_markdown()
    if importlib.util.find_spec("pandas") is not None:
        assert list(result.to_dataframe(compact=True)["series"]) == ["show:weekend-cook"] * 2
    # a named query's iri parameter takes them
    from kgost.querying._named import QueryParameter

    assert QueryParameter("thing", "iri").to_term("show:weekend-cook", other) == rdflib.URIRef("https://example.org/id/show/weekend-cook")
    with pytest.raises(kgost.ParameterError, match="show:weekend-cook"):
        QueryParameter("thing", "iri").to_term("show:weekend-cook", kgost.load())
    # named queries too; and the bundled graph does not know these prefixes
    rows = other.query("group-members", group="North Lights")
    assert "who:mira-han" in rows.to_table()
    plain = kgost.load().sparql("SELECT ?x WHERE { VALUES ?x { <https://example.org/id/tune/sunlit> } }")
    assert "https://example.org/id/tune/sunlit" in plain.to_table()


def test_a_file_naming_kgosts_namespaces_again_leaves_kgosts_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a file that calls kgost's person namespace "p:" (and is loaded by a relative path): kgost's name wins the tie
    (tmp_path / "alias.ttl").write_text("@prefix p: <https://w3id.org/kgost/id/person/> .\n@prefix ex: <https://example.org/x/> .\n"
                                        "p:chen <https://example.org/x/likes> ex:tea .\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    graph = kgost.load("alias.ttl")
    assert graph_prefixes(graph)["ex"] == "https://example.org/x/"
    assert compact_iri(rdflib.URIRef("https://w3id.org/kgost/id/person/chen"), prefixes=graph_prefixes(graph)) == "person:chen"
    assert "person:chen" in graph.network().nodes and not any(n.startswith("p:") for n in graph.network(view="full").nodes)
    assert graph.sparql("SELECT ?o WHERE { person:chen <https://example.org/x/likes> ?o }").to_csv(compact=True).splitlines()[1] == "ex:tea"


LOOK = """# Another article's own drawing words: its class is a kind of its own, in a colour of its own.
@prefix kgost: <https://w3id.org/kgost/ontology#> .
@prefix ex:    <https://example.org/onto#> .
<https://example.org/id/graph/look> {
    ex:VarietyShow kgost:nodeKind "show" ; kgost:drawColour "#123457" ; kgost:drawMarker "s" ; kgost:legendOrder 0 .
}
"""


def test_a_drawing_of_another_article_uses_its_own_colours(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from kgost.networks._io import export_network

    (tmp_path / "look.trig").write_text(LOOK, encoding="utf-8")
    graph = kgost.load(OTHER, tmp_path / "look.trig", bundled=False)
    view = graph.network()
    assert view.nodes["show:weekend-cook"]["kind"] == "show"
    svg = export_network(view, format="svg").decode("utf-8")
    assert "#123457" in svg and ">show</text>" in svg.replace("\n", "")  # its node and its legend entry
    around = export_network(graph.network(around="Weekend Cook"), format="svg").decode("utf-8")
    assert "#123457" in around
    # the look is the drawing's, not the view's data: the files of the view do not carry it
    assert "123457" not in export_network(view, format="json").decode("utf-8")
    assert "123457" not in export_network(view, format="graphml").decode("utf-8")
    # without its words the show is drawn as the series it specialises
    plain = export_network(kgost.load(OTHER, bundled=False).network(), format="svg").decode("utf-8")
    assert "#123457" not in plain and ">series</text>" in plain.replace("\n", "")


def test_another_articles_exports_sources_and_finds_use_its_prefixes(other: kgost.KnowledgeGraph) -> None:
    trig = other.export(format="trig")
    assert "@prefix show: <https://example.org/id/show/> ." in trig and "line:1 {" in trig
    assert "show:weekend-cook a ex:VarietyShow ;" in trig and "<https://example.org/id/show/" not in trig.split("\n\n", 1)[1]
    # rdflib reads the file back as the same quads
    back = rdflib.Dataset()
    back.parse(data=trig, format="trig")
    original = rdflib.Dataset()
    original.parse(OTHER, format="trig")
    assert set(back.quads()) == set(original.quads())
    turtle = other.export(format="turtle", graph="line:2")  # a graph named by the file's own prefix
    assert "tune:moonrise a kgost:Song ;" in turtle and "kgost:ostOf show:weekend-cook" in turtle
    [found] = other.find("Weekend")
    assert str(found) == "show:weekend-cook (VarietyShow) Weekend Cook" and found.types == ["ex:VarietyShow"]
    assert {(s.subject, s.predicate, s.object, s.graph) for s in other.sources("Weekend Cook")} == {
        ("show:weekend-cook", "rdf:type", "ex:VarietyShow", "line:1"), ("show:weekend-cook", "kgost:title", "Weekend Cook", "line:1")}
    assert [s.object for s in other.sources("who:mira-han", "kgost:memberOf", "band:north-lights")] == ["band:north-lights"]
