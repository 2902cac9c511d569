"""The web page of `kgost serve`, driven in headless Chromium (Debian's, through Playwright) against a
real server process on 127.0.0.1; and the offline page of `kgost network --format html` from disk.

A test that fails saves a screenshot of its page in tests/artifacts/ (git-ignored); with
KGOST_SCREENSHOTS=1 every test saves them, at each step it names (the page as a user sees it,
to look at). The tests skip, saying why, only
where Chromium or Playwright is missing: `make test` installs both (`make browser`, the test extra).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import REPORTS
from kgost.cli._main import main

CHROMIUM = Path(os.environ.get("KGOST_CHROMIUM", "/usr/bin/chromium"))
#: As the machine's notes say: without the background-networking flags Chromium tries to reach
#: Google's hosts at every start; nothing here may leave 127.0.0.1.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"

if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium chromium-driver, "
                "as root) or set KGOST_CHROMIUM", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing: pip install -e '.[test]'")

pytestmark = pytest.mark.xdist_group("server")  # one browser, and the server tests' worker (conftest)


@pytest.fixture(scope="module")
def server(kgost_server) -> str:
    """The base URL of the session's real `kgost serve` of the bundled data (conftest), on a free
    127.0.0.1 port; its time limit counts processor time, so a busy machine does not reach it."""
    return kgost_server.url


@pytest.fixture(scope="module")
def browser_context() -> Iterator[object]:
    """One browser context for the module: each test opens its own page in it, and pages after
    the first find the page's scripts compiled in the context's cache (a fresh context compiles
    them again: about a third of a page load)."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 860})
        yield context
        context.close()
        chromium.close()


@pytest.fixture
def page(browser_context, request) -> Iterator[object]:
    """A fresh page; after the test: its screenshot if it failed, and a check that no script
    failed and nothing was asked of any host but 127.0.0.1 (or the file and routes a test sets up)."""
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    outside: list[str] = []
    failed: list[str] = []
    page.expected_failures = ("/favicon.ico",)  # a test that provokes an error status adds its path
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and not urlsplit(response.url).path.startswith(page.expected_failures) else None)
    page.on("request", lambda req: None if req.url.startswith(("http://127.0.0.1:", "file://", "data:", "blob:"))
            or getattr(page, "allowed", "\0") in req.url else outside.append(req.url))
    yield page
    call = request.node.stash.get(REPORTS, {}).get("call")
    shot(page, request.node.name, failed=call is None or call.failed)
    page.close()
    assert errors == [], f"the page logged errors: {errors}"
    assert failed == [], f"the server answered with an error status: {failed}"
    assert outside == [], f"the page asked hosts other than 127.0.0.1: {outside}"


def run_named_query(page, server: str, name: str, **params: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#examples[data-loaded]")
    page.select_option("#examples", name)
    for key, value in params.items():
        page.fill(f"#params input[name={key}]", value)
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")


def table_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all("table.results tbody tr",
                                     "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")


def test_named_query_shows_a_sortable_table_linking_entity_pages(page, server, kg):
    run_named_query(page, server, "group-members", group="EXO")
    expected = kg.query("group-members", group="EXO")
    headers = page.eval_on_selector_all("table.results th", "cells => cells.map(c => c.textContent)")
    assert headers == list(expected.variables)
    shown = table_rows(page)
    assert [row[1:] for row in shown] == [[str(v or "") for v in row[1:]] for row in expected.rows]
    assert [row[0] for row in shown] == ["person:baekhyun", "person:chanyeol", "person:chen", "person:xiumin"]
    assert "4 rows" in page.text_content("#query-status")
    shot(page, "query_table")

    page.click("table.results th:has-text('name')")
    page.click("table.results th:has-text('name')")  # the second click sorts descending
    assert page.get_attribute("table.results th:nth-child(2)", "aria-sort") == "descending"
    assert [row[1] for row in table_rows(page)] == ["Xiumin", "Chen", "Chanyeol", "Baekhyun"]

    page.click("table.results a:has-text('person:chen')")
    page.wait_for_url(server + "/id/person/chen")
    assert page.text_content("h1") == "Chen"


def test_an_edited_query_runs_on_sparql_and_downloads_csv(page, server, kg):
    run_named_query(page, server, "group-members", group="EXO-CBX")
    sparql = ("PREFIX kgost: <https://w3id.org/kgost/ontology#>\n"
              "SELECT ?song ?title WHERE { ?song kgost:title ?title } ORDER BY ?title LIMIT 5")
    page.evaluate("text => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", sparql)
    page.keyboard.press("Escape")
    page.click("#run")
    page.wait_for_selector("table.results th:has-text('title')")
    expected = kg.sparql(sparql)
    assert [row[1] for row in table_rows(page)] == [str(row[1]) for row in expected.rows]
    formats = page.eval_on_selector_all("#download-links a", "links => links.map(a => a.dataset.format)")
    assert formats == ["csv", "tsv", "json", "xml"]

    with page.expect_download() as waiting:
        page.click("#download-links a[data-format=csv]")
    download = waiting.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text))) == list(csv.reader(io.StringIO(expected.to_csv())))


def test_a_graph_query_shows_triples_and_offers_graph_downloads(page, server, kg):
    page.goto(server + "/")
    page.wait_for_selector("#examples[data-loaded]")
    page.select_option("#examples", "entity-graph")
    page.fill("#params input[name=entity]", "EXO-CBX")
    page.click("#run")
    page.wait_for_selector("pre.graph")
    expected = kg.query("entity-graph", entity="EXO-CBX").graph
    shown = rdflib.Graph().parse(data=page.text_content("pre.graph"), format="nt")
    assert isomorphic(shown, expected)
    formats = page.eval_on_selector_all("#download-links a", "links => links.map(a => a.dataset.format)")
    assert formats == ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"]
    with page.expect_download() as waiting:
        page.click("#download-links a[data-format=turtle]")
    turtle = Path(waiting.value.path()).read_text(encoding="utf-8")
    assert isomorphic(rdflib.Graph().parse(data=turtle, format="turtle"), expected)


def test_a_syntax_error_is_shown_with_its_line_and_column(page, server):
    page.expected_failures += ("/sparql",)
    page.goto(server + "/")
    page.wait_for_selector("#examples[data-loaded]")
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE { ?s ?p ')")
    page.click("#run")
    page.wait_for_selector("#query-status.error")
    assert "line 1, column" in page.text_content("#query-status")
    assert page.query_selector("table.results") is None


def test_search_suggests_as_you_type_and_opens_the_page(page, server):
    page.goto(server + "/#search")
    page.type("#search-input", "cha eun", delay=60)
    # a locator, not an element handle: each keystroke's answer may redraw the list meanwhile
    suggestion = page.locator(".suggestions li", has_text="Cha Eunwoo").first
    suggestion.wait_for()
    shot(page, "search_suggestions")
    suggestion.click()
    page.wait_for_url(server + "/id/person/cha-eunwoo")
    assert page.text_content("h1") == "Cha Eunwoo"
    # the entity page's neighbourhood becomes an interactive drawing, this entity marked
    page.wait_for_selector("#neighbourhood[data-nodes]")
    focus = page.evaluate("document.getElementById('neighbourhood').kgostNetwork.nodes('.focus').map(n => n.id())")
    assert focus == ["person:cha-eunwoo"]


def test_search_form_lists_every_match(page, server, kg):
    page.goto(server + "/#search")
    page.fill("#search-input", "EXO")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results li a")
    labels = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.textContent)")
    assert labels[:2] == ["EXO", "EXO-CBX"]


def test_connection_finder_shows_the_explained_paths(page, server, kg):
    page.goto(server + "/#connect")
    page.fill("#connect-a", "Chanyeol")
    page.fill("#connect-b", "Song Joongki")
    page.click("#connect-form button")
    page.wait_for_selector(".path")
    found = kg.connect("Chanyeol", "Song Joongki")
    assert page.text_content("#connect-results .headline") == (
        f"Chanyeol and Song Joongki are connected in {found.length} steps ({found.total} shortest connections).")
    shown = page.eval_on_selector_all(".path > p:first-child", "ps => ps.map(p => p.textContent)")
    assert shown == [f"{i}. {path.explanation}" for i, path in enumerate(found.paths, start=1)]
    shot(page, "connection_finder")
    page.click(".path:first-of-type .steps a:has-text('EXO')")
    page.wait_for_url(server + "/id/group/exo")


def test_connection_finder_says_what_is_unknown(page, server):
    page.expected_failures += ("/api/connect",)
    page.goto(server + "/#connect")
    page.fill("#connect-a", "Chanyeol")
    page.fill("#connect-b", "Nobody At All")
    page.click("#connect-form button")
    page.wait_for_selector("#connect-results .error")
    assert "Nobody At All" in page.text_content("#connect-results .error")


def test_network_view_pans_zooms_and_a_click_opens_the_page(page, server, kg):
    page.goto(server + "/#network")
    page.wait_for_selector("#network-view-box[data-nodes]")
    assert page.get_attribute("#network-view-box", "data-nodes") == str(kg.network().number_of_nodes())
    zoom = "document.getElementById('network-view-box').kgostNetwork.zoom()"
    before = page.evaluate(zoom)
    box = page.query_selector("#network-view-box").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"{zoom} > {before}")
    shot(page, "network_view")
    click_node(page, "#network-view-box", "person:chen")
    page.wait_for_url(server + "/id/person/chen")


def test_network_view_around_an_entity(page, server, kg):
    page.goto(server + "/#network")
    page.wait_for_selector("#network-view-box[data-nodes]")
    page.select_option("#network-view", "people")
    page.fill("#network-around", "Chen")
    page.click("#network-form button")
    expected = kg.network(view="people", around="Chen")
    page.wait_for_selector(f"#network-view-box[data-nodes='{expected.number_of_nodes()}']")
    ids = page.evaluate("document.getElementById('network-view-box').kgostNetwork.nodes().map(n => n.id())")
    assert sorted(ids) == sorted(expected.nodes)


def test_offline_view_from_kgost_network_format_html(page, kg, tmp_path):
    out = tmp_path / "view.html"
    assert main(["network", "--around", "EXO", "--format", "html", "-o", str(out)]) == 0
    opened: list[str] = []
    page.allowed = "https://w3id.org/kgost/id/"  # a click opens the node's IRI: answered here, not fetched

    def answer(route) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<h1>opened</h1>")

    page.route("https://w3id.org/kgost/id/**", answer)
    page.goto(out.as_uri())
    page.wait_for_selector("#network[data-nodes]")
    graph = kg.network(around="EXO")
    ids = page.evaluate("document.getElementById('network').kgostNetwork.nodes().map(n => n.id())")
    assert sorted(ids) == sorted(graph.nodes)
    rendered = page.evaluate("document.getElementById('network').kgostNetwork.nodes()"
                             ".filter(n => n.renderedBoundingBox().w > 0 && n.visible()).length")
    assert rendered == graph.number_of_nodes()
    shot(page, "offline_view")
    click_node(page, "#network", "group:exo")
    page.wait_for_url("https://w3id.org/kgost/id/group/exo")
    assert opened == ["https://w3id.org/kgost/id/group/exo"]


def shot(page, name: str, *, failed: bool = False) -> None:
    """A screenshot of the page as it is now, in tests/artifacts/NAME.png: for a test that
    ``failed``, or with KGOST_SCREENSHOTS=1 (each costs the browser a tenth of a second)."""
    if not failed and os.environ.get("KGOST_SCREENSHOTS") != "1":
        return
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def click_node(page, container: str, node: str) -> None:
    """Click a drawn node with the mouse, where Cytoscape.js rendered it."""
    page.wait_for_function(f"document.querySelector('{container}').kgostNetwork !== undefined")
    position = page.evaluate(f"document.querySelector('{container}').kgostNetwork.getElementById('{node}').renderedPosition()")
    canvas = page.query_selector(f"{container} .kgost-canvas").bounding_box()
    page.mouse.click(canvas["x"] + position["x"], canvas["y"] + position["y"])
