"""`kgost network --format html`: one self-contained interactive page with the view's data inlined."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from kgost.cli._main import main
from kgost.networks._cytoscape import cytoscape_json, network_html
from kgost.networks._io import export_network


class _Page(HTMLParser):
    """The parts of the page a test checks: scripts (attributes and text), links, title."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.external: list[tuple[str, str]] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.external.append((tag, str(found[name])))
        if tag == "script":
            self.scripts.append((found, ""))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "title":
            self.title += data


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def inlined_data(page: _Page) -> dict:
    [data] = [text for attrs, text in page.scripts if attrs.get("id") == "kgost-network"]
    return json.loads(data)


@pytest.mark.parametrize(("argv", "kwargs"), [
    ((), {}),
    (("--view", "people", "--around", "Chen"), {"view": "people", "around": "Chen"}),
    (("--view", "full", "--around", "EXO", "--depth", "2"), {"view": "full", "around": "EXO", "depth": 2}),
])
def test_cli_html_inlines_the_view(kg, tmp_path, capsys, argv, kwargs):
    out = tmp_path / "view.html"
    assert main(["network", *argv, "--format", "html", "-o", str(out)]) == 0
    graph = kg.network(**kwargs)
    assert f"as html to {out}" in capsys.readouterr().err
    page = parse(out.read_text(encoding="utf-8"))
    data = inlined_data(page)
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert set(nodes) == set(graph.nodes)
    for node, attrs in graph.nodes(data=True):
        assert nodes[node]["label"] == attrs["label"] and nodes[node]["kind"] == attrs["kind"]
        assert nodes[node]["page"] == attrs["iri"]
    edges = sorted((e["data"]["source"], e["data"]["target"], e["data"]["label"]) for e in data["elements"]["edges"])
    assert edges == sorted((u, v, d["relation"]) for u, v, d in graph.edges(data=True))
    assert len({e["data"]["id"] for e in data["elements"]["edges"]}) == graph.number_of_edges()
    assert data["directed"] == graph.is_directed()


def test_html_is_self_contained(kg):
    text = export_network(kg.network(around="EXO"), format="html", title="EXO & friends").decode("utf-8")
    page = parse(text)
    assert page.title == "EXO & friends"
    assert page.external == []  # nothing loaded from anywhere: no src=, no href=
    bodies = [text for attrs, text in page.scripts if not attrs]
    assert any("cytoscape" in body and len(body) > 100_000 for body in bodies)  # the library itself
    assert any("KgostNetwork" in body for body in bodies)


def test_labels_cannot_break_out_of_the_script(kg):
    graph = kg.network(around="EXO-CBX")
    graph.nodes["group:exo-cbx"]["label"] = "</script><script>alert(1)</script><!--"
    page = parse(network_html(graph))
    assert inlined_data(page) == cytoscape_json(graph)
    assert not any("alert(1)" in text for attrs, text in page.scripts if attrs.get("id") != "kgost-network")


def test_page_maps_iris_to_local_addresses(kg):
    data = cytoscape_json(kg.network(around="Chen"), page=lambda iri: iri.replace("https://w3id.org/kgost", ""))
    pages = {n["data"]["id"]: n["data"]["page"] for n in data["elements"]["nodes"]}
    assert pages["person:chen"] == "/id/person/chen"


def test_html_refuses_drawing_options(tmp_path, capsys):
    assert main(["network", "--format", "html", "--dpi", "300", "-o", str(tmp_path / "v.html")]) != 0
    assert "html takes --title only" in capsys.readouterr().err
    assert not (tmp_path / "v.html").exists()
