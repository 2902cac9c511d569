"""Network views for the browser: Cytoscape.js elements, and one self-contained interactive HTML file."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import networkx as nx

from kgost._errors import ExportError

__all__ = ["cytoscape_json", "network_html"]

#: The vendored files the HTML file inlines, under kgost/server/static/ (package data).
_STATIC = ("server", "static")
_SCRIPTS = (("vendor", "cytoscape", "cytoscape.min.js"), ("network.js",))
_STYLE = ("network.css",)


def cytoscape_json(graph: nx.Graph, *, page: Callable[[str], str] | None = None) -> dict[str, Any]:
    """A view as Cytoscape.js JSON: ``{"elements": {"nodes": [...], "edges": [...]}}``.

    networkx's :func:`~networkx.cytoscape_data` does the conversion; this adds what the page
    draws: each node's ``label``, ``kind`` and ``page`` (the address its click opens), and each
    edge's ``id`` and ``label`` (its relation). Other attributes are kept (lists as lists).

    Parameters
    ----------
    graph
        A view made by :func:`kgost.network`.
    page
        Maps a node's IRI to the address of its page (the server passes its local
        ``/id/...`` path); default: the IRI itself.

    Returns
    -------
    dict
        Cytoscape.js elements, plus ``data`` (the view's name and description), ``directed``
        and ``multigraph``; JSON-ready (values that JSON cannot hold are written as text).

    Examples
    --------
    >>> import kgost
    >>> data = cytoscape_json(kgost.load().network(around="EXO-CBX"))
    >>> node = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "group:exo-cbx")
    >>> node["label"], node["kind"], node["page"]
    ('EXO-CBX', 'group', 'https://w3id.org/kgost/id/group/exo-cbx')
    >>> sorted({e["data"]["label"] for e in data["elements"]["edges"]})
    ['member of', 'performed', 'sub-unit of']
    """
    data = nx.cytoscape_data(graph)
    for item in data["elements"]["nodes"]:
        node = item["data"]
        node.setdefault("label", node.get("name", node["id"]))
        node.setdefault("kind", "other")
        iri = node.get("iri")
        node["page"] = (page(iri) if page is not None else iri) if iri else None
    for number, item in enumerate(data["elements"]["edges"]):
        edge = item["data"]
        edge["id"] = f"e{number}"
        edge["label"] = str(edge.get("relation", edge.get("key", "")))
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def network_html(graph: nx.Graph, *, title: str | None = None) -> str:
    """A view as ONE self-contained HTML file: pan, zoom, click a node to open its page.

    Cytoscape.js (vendored, MIT; see kgost/server/static/vendor/README.md), kgost's drawing
    script and the view's data (:func:`cytoscape_json`, in a ``<script type="application/json"
    id="kgost-network">`` element) are inlined: the file opens offline, from disk, with nothing
    fetched. The drawing is the one of the ``kgost serve`` web page's network view.

    Parameters
    ----------
    graph
        A view made by :func:`kgost.network`.
    title
        The page's title (default: the view's name and size).

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> import kgost
    >>> page = network_html(kgost.load().network(around="EXO-CBX"), title="EXO-CBX")
    >>> page.startswith("<!DOCTYPE html>"), "<title>EXO-CBX</title>" in page, "https://" in page.split("<script")[0]
    (True, True, False)
    """
    data = cytoscape_json(graph)
    view = str(graph.graph.get("view", "network"))
    heading = title if title is not None else (
        f"kgost: the {view} view ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")
    description = str(graph.graph.get("description", ""))
    scripts = "\n".join(f"<script>\n{_inline_script(*parts)}\n</script>" for parts in _SCRIPTS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kgost network --format html">
<title>{html.escape(heading)}</title>
<style>
{_static_text(*_STYLE)}
html, body {{ height: 100%; margin: 0; }}
body {{ display: flex; flex-direction: column; font-family: system-ui, sans-serif; }}
header {{ padding: .5rem 1rem; border-bottom: 1px solid #ddd; }}
header h1 {{ font-size: 1.1rem; margin: 0; }}
header p {{ margin: .2rem 0 0; color: #555; font-size: .85rem; }}
#network {{ flex: 1; min-height: 300px; }}
</style>
</head>
<body>
<header>
<h1>{html.escape(heading)}</h1>
<p>{html.escape(description)}</p>
<p>Drag to pan, scroll to zoom, click a node to open its page.</p>
</header>
<div id="network" class="kgost-network" role="img" aria-label="{html.escape(heading)}"></div>
<script type="application/json" id="kgost-network">{_json_in_script(data)}</script>
{scripts}
<script>
KgostNetwork.draw(document.getElementById("network"),
                  JSON.parse(document.getElementById("kgost-network").textContent));
</script>
</body>
</html>
"""


def _static_text(*parts: str) -> str:
    """A file of the web page's package data (kgost/server/static/...), as text."""
    return resources.files("kgost").joinpath(*_STATIC, *parts).read_text(encoding="utf-8")


def _json_in_script(data: dict[str, Any]) -> str:
    """JSON that cannot end the ``<script>`` element holding it: every ``<`` (found only inside
    strings) is written ``\\u003c``, which JSON reads back as the same character."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _inline_script(*parts: str) -> str:
    """A vendored script to inline; one holding ``</script`` or ``<!--`` would end or confuse its
    element, which no rewriting of code can mend safely, so the build check fails loudly."""
    text = _static_text(*parts)
    if "</script" in text.lower() or "<!--" in text:
        raise ExportError(f"{'/'.join(parts)} cannot be inlined in a <script> element")
    return text
