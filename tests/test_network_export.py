"""Exported views re-read by networkx's own readers: the same nodes, edges and key attributes."""

from __future__ import annotations

import io
import json
import re
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

import kgost
from kgost import InputError, MissingExtraError, export_network, write_network
from kgost.networks._io import sanitize_network

NODE_KEYS = ("kind", "label", "iri", "type")
EDGE_KEYS = ("relation", "sentence", "graph", "inferred", "reason", "character", "weight", "reasons", "people")


@pytest.fixture(scope="module")
def views(kg: kgost.KnowledgeGraph) -> dict[str, nx.Graph]:
    return {name: kg.network(view=name) for name in kgost.NETWORK_VIEWS}


@pytest.fixture(scope="module")
def drawn(views: dict[str, nx.Graph]):
    """``drawn(view, format)``: the drawing of a view, made once for the module (tests that
    draw again compare with it)."""
    pytest.importorskip("matplotlib")
    made: dict[tuple[str, str], bytes] = {}

    def drawing(view: str, format: str) -> bytes:
        if (view, format) not in made:
            made[view, format] = export_network(views[view], format=format)
        return made[view, format]

    return drawing


def _read(data: bytes, format: str, multigraph: bool) -> nx.Graph:
    if format == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=multigraph, edge_key_type=str)
    if format == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    return nx.node_link_graph(json.loads(data), edges="edges")


def _edges(graph: nx.Graph) -> set[tuple]:
    if graph.is_multigraph():  # one edge per relation between two nodes; GraphML ids are e0, e1, ...
        return {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
    return {tuple(sorted(e)) for e in graph.edges()}


def _expected(value: object) -> object:
    """What a single-valued format holds for a value (see sanitize_network)."""
    return " | ".join(value) if isinstance(value, list) else value


@pytest.mark.parametrize("format", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("view", ["artist", "full", "people", "songs"])
def test_exports_reread_with_the_same_nodes_edges_and_attributes(views, view, format):
    graph = views[view]
    back = _read(export_network(graph, format=format), format, graph.is_multigraph())
    assert set(back.nodes) == set(graph.nodes)
    assert _edges(back) == _edges(graph)
    assert back.is_directed() == graph.is_directed()
    for node, data in graph.nodes(data=True):
        assert {k: back.nodes[node].get(k) for k in NODE_KEYS} == {k: data[k] for k in NODE_KEYS}
    by_relation = {(u, v, d["relation"]): d for u, v, d in back.edges(data=True)} if graph.is_multigraph() else {}
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for *ends, data in edges:
        got = back.edges[tuple(ends)] if not graph.is_multigraph() else by_relation[ends[0], ends[1], data["relation"]]
        for key in EDGE_KEYS:
            if key in data and data[key] is not None:
                assert got[key] == (data[key] if format == "json" else _expected(data[key])), (ends, key)
            elif format != "json":
                assert key not in got  # None is left out of GraphML and GEXF


def test_graphml_is_valid_graphml_xml(views):
    root = ET.fromstring(export_network(views["artist"], format="graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    assert len(root.findall("g:graph/g:node", ns)) == views["artist"].number_of_nodes()
    assert len(root.findall("g:graph/g:edge", ns)) == views["artist"].number_of_edges()
    assert {k.get("attr.name") for k in root.findall("g:key", ns)} >= {"kind", "label", "relation", "sentence"}


def test_gexf_names_nodes_by_label_and_has_no_date(views):
    data = export_network(views["songs"], format="gexf")
    root = ET.fromstring(data)
    ns = {"x": "http://www.gexf.net/1.2draft"}
    labels = {n.get("id"): n.get("label") for n in root.findall("x:graph/x:nodes/x:node", ns)}
    assert labels["song:everytime"] == "Everytime"
    assert b"lastmodifieddate" not in data


@pytest.mark.parametrize("format", ["graphml", "gexf", "json"])
def test_exports_are_stable(kg, views, format):
    assert export_network(kg.network(), format=format) == export_network(views["artist"], format=format)


def test_sanitize_joins_lists_and_drops_none(views):
    clean = sanitize_network(views["people"])
    data = clean.edges["person:baekhyun", "person:chen"]
    assert data["groups"] == "EXO | EXO-CBX" and isinstance(data["reasons"], str)
    artist = sanitize_network(views["artist"])
    assert "reason" not in artist.edges["person:chen", "group:exo", "member of"]
    assert views["artist"].edges["person:chen", "group:exo", "member of"]["reason"] is None  # the view is untouched


def test_write_network_guesses_the_format(views, tmp_path):
    for suffix in (".graphml", ".gexf", ".json"):
        path = write_network(views["songs"], tmp_path / f"songs{suffix}")
        assert path.read_bytes() == export_network(views["songs"], format=suffix[1:])
    with pytest.raises(InputError, match="pass a format, one of: graphml, gexf, json, png, svg"):
        write_network(views["songs"], tmp_path / "songs.txt")


def test_unknown_format_and_misplaced_options(views):
    with pytest.raises(InputError, match="unknown network format 'dot'; use one of: graphml, gexf, json, png, svg"):
        export_network(views["songs"], format="dot")
    with pytest.raises(InputError, match="only apply to png and svg"):
        export_network(views["songs"], format="json", seed=3)


# Drawing ----------------------------------------------------------------------------------------


def test_png_is_a_real_image_of_reasonable_size(drawn):
    image = pytest.importorskip("matplotlib.image")
    data = drawn("artist", "png")
    pixels = image.imread(io.BytesIO(data), format="png")
    height, width = pixels.shape[:2]
    assert 800 < width < 2500 and 600 < height < 2000
    assert len(data) < 400_000
    # Colours by kind: the four kinds' colours appear in the picture.
    from kgost.networks._draw import kind_colour

    rgb = {tuple(int(round(c * 255)) for c in px[:3]) for px in pixels.reshape(-1, pixels.shape[2])[::7]}
    for kind in ("person", "group", "song", "series"):
        colour = kind_colour(kind)
        assert tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) in rgb, kind


def test_svg_has_labels_and_legends(kg):
    pytest.importorskip("matplotlib")
    svg = export_network(kg.network(around="EXO", depth=2), format="svg").decode("utf-8")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    for text in ("Chanyeol", "EXO-CBX", "node kind", "relation", "member of", "inferred"):
        assert f">{text}</text>" in svg, text  # real text, searchable and editable


def test_every_kind_a_view_can_hold_has_its_own_colour_and_shape():
    from kgost._vocabulary import vocabulary
    from kgost.networks._draw import kind_colours, kind_markers

    kinds = set(vocabulary().kinds.values()) | {"other"}  # every kgost:nodeKind of the ontology
    assert set(kind_colours()) == set(kind_markers()) == kinds
    assert all(vocabulary().looks[k].colour and vocabulary().looks[k].marker for k in kinds - {"other"})
    colours = [c.lower() for c in kind_colours().values()]
    assert len(set(colours)) == len(colours)  # no two kinds share a colour
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)


def _legend(svg: str, number: int) -> list[tuple[str, str | None]]:
    """(label, marker fill) of each entry of the figure's ``number``-th legend (1: node kinds,
    2: relations), read from the SVG matplotlib writes (labels as ``<text>`` elements)."""
    block = svg.split(f'<g id="legend_{number}">', 1)[1].split('<g id="legend_', 1)[0]
    entries = re.findall(r'(?:style="fill: (#[0-9a-f]{6}); stroke: #333333[^"]*"/>\s*</g>\s*</g>\s*|'
                         r'style="fill: none; stroke: (#[0-9a-f]{6})[^"]*"/>\s*</g>\s*)'
                         r'<g id="text_\d+">\s*<text[^>]*>(.*?)</text>', block, re.S)
    return [(label, fill or line) for fill, line, label in entries]


@pytest.mark.parametrize("view", ["artist", "full", "people", "songs"])
def test_each_kind_in_a_drawing_has_a_distinct_colour_and_one_legend_entry(views, drawn, view):
    from kgost.networks._draw import kind_colour

    graph = views[view]
    svg = drawn(view, "svg").decode("utf-8")
    present = {d["kind"] for _, d in graph.nodes(data=True)}
    legend = _legend(svg, 1)
    assert sorted(label for label, _ in legend) == sorted(present)  # one entry per kind present
    assert dict(legend) == {kind: kind_colour(kind).lower() for kind in present}
    assert len({fill for _, fill in legend}) == len(legend)
    # The nodes are painted in those colours, and only those.
    nodes = svg.split('<g id="PathCollection_1">', 1)[1].split('<g id="text_', 1)[0]
    assert set(re.findall(r"fill: (#[0-9a-f]{6})", nodes)) <= {fill for _, fill in legend}
    # Relations: no two legend entries look the same.
    relations = _legend(svg, 2)
    assert relations and len({colour for _, colour in relations}) == len(relations)


def test_the_full_view_has_every_kind_in_its_legend(drawn):
    legend = _legend(drawn("full", "svg").decode("utf-8"), 1)
    assert [label for label, _ in legend] == ["person", "group", "song", "series", "character", "video", "chart",
                                              "chart entry", "award", "nomination", "broadcaster", "article",
                                              "ranked item"]


@pytest.mark.parametrize("view", ["artist", "full", "people", "songs", "around EXO"])
def test_node_labels_do_not_overlap(kg, views, view):
    from kgost.networks._draw import display_label
    from kgost.networks._layout import _box_hits_disc, _intersection, _label_box, _layout

    graph = kg.network(around="EXO", depth=2) if view == "around EXO" else views[view]
    texts = {n: display_label(str(d["label"])) for n, d in graph.nodes(data=True)}
    positions, spots = _layout(graph, texts, seed=7)
    boxes = {n: _label_box(positions[n], texts[n], spots[n]) for n in graph}
    names = sorted(boxes)
    assert [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if _intersection(boxes[a], boxes[b]) > 0] == []
    hidden = [(a, b) for a in names for b in names if a != b and _box_hits_disc(boxes[a], positions[b])]
    assert len(hidden) <= 1, hidden  # the full view: one label touches a node of its busy neighbourhood


def test_long_labels_are_wrapped_or_cut():
    from kgost.networks._draw import display_label

    assert display_label("Descendants of The Sun") == "Descendants of The Sun"  # 22 characters fit
    assert display_label("Guardian: The Lonely and Great God") == "Guardian: The Lonely\nand Great God"
    title = display_label("Enjoy Love Ballads with The Top 10 Romantic OSTs from K-dramas")
    assert title == "Enjoy Love Ballads with\nThe Top 10 Romantic …"
    assert all(len(line) <= 26 for line in title.splitlines())


def test_projection_edges_say_what_is_shared(drawn):
    svg = drawn("songs", "svg").decode("utf-8")
    for shared in ("Chen", "Punch", "Cha Eunwoo"):
        assert f">{shared}</text>" in svg, shared


def test_drawings_are_reproducible(kg, views, drawn):
    """Each drawing made again, from the same view or a new one, gives the same bytes."""
    assert export_network(kg.network(), format="png") == drawn("artist", "png")
    assert export_network(views["songs"], format="svg") == drawn("songs", "svg")


def test_missing_matplotlib_gives_the_install_hint(views, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'kgost\[viz\]'"):
        export_network(views["songs"], format="png")


def test_readme_picture_is_small_and_made_by_the_documented_command(drawn):
    """docs/article-graph.png comes from `kgost network --format png -o docs/article-graph.png`."""
    image = pytest.importorskip("matplotlib.image")
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    committed = (docs / "article-graph.png").read_bytes()
    assert len(committed) < 400_000
    assert "kgost network --format png -o docs/article-graph.png" in (docs.parent / "README.md").read_text("utf-8")
    fresh = drawn("artist", "png")  # what that command draws: the artist view
    # Same drawing size (pixel-exact bytes would tie the test to one matplotlib and font version).
    assert image.imread(io.BytesIO(committed)).shape == image.imread(io.BytesIO(fresh)).shape


def test_an_empty_view_exports_but_does_not_draw():
    empty = kgost.load(bundled=False).network()
    assert nx.read_graphml(io.BytesIO(export_network(empty, format="graphml"))).number_of_nodes() == 0
    with pytest.raises(kgost.ExportError, match="nothing to draw: the artist view has no nodes"):
        export_network(empty, format="png")
