"""HTML for people: entity pages (facts, sources, links, a drawn neighbourhood), the ontology and a home page."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef

from kgost._namespace import compact_iri
from kgost.server._entities import EntityView, Fact, page_of

__all__ = ["entity_page", "home_page", "ontology_page", "svg_neighbourhood"]

_STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.src{color:#555;font-size:.9em}.kind{font-variant:small-caps;color:#777}code{font-size:.9em}nav a{margin-right:1rem}
svg a text{fill:#124}svg line{stroke:#9ab}svg circle{fill:#def;stroke:#58a}svg .center circle{fill:#fc8}"""


def entity_page(view: EntityView, *, static: Iterable[str] = ()) -> str:
    """The HTML page of an entity: label and types, each fact with its source (the sentence quoted,
    or the inference's reason, the curation or the file), the links in, and its neighbourhood as
    an inline SVG drawn on the server (so it shows without JavaScript) inside
    ``<div id="neighbourhood" data-network="/api/network?around=IRI">`` for a script to enhance.
    ``static`` names files of ``/static/`` the page links (``.css``, ``.js``)."""
    label = view.label or compact_iri(view.iri)
    types = ", ".join(_link(t, view.labels) for t in view.types) or "no type"
    out = [f"<h1>{_e(label)}</h1>",
           f'<p><code>{_e(str(view.iri))}</code> · {types} · other formats: {_formats(view.iri)}</p>',
           "<h2>Facts</h2>", _fact_table(view.facts, view.labels, out_going=True),
           "<h2>Links in</h2>", _fact_table(view.links_in, view.labels, out_going=False) if view.links_in else "<p>None.</p>",
           "<h2>Neighbourhood</h2>",
           f'<div id="neighbourhood" data-network="/api/network?around={_e(urllib.parse.quote(str(view.iri), safe=""))}">',
           svg_neighbourhood(view.nodes, view.edges) if view.nodes else "<p>Not in the network views.</p>", "</div>"]
    return _document(label, "\n".join(out), static=static)


def ontology_page(quads: list[tuple], *, static: Iterable[str] = ()) -> str:  # type: ignore[type-arg]
    """The ontology's terms: one row per class or property, with its label and comment, anchored by local name."""
    rows: dict[URIRef, dict[str, str]] = {}
    for s, p, o, _ in quads:
        if isinstance(s, URIRef) and "#" in str(s):
            entry = rows.setdefault(s, {})
            key = compact_iri(p)
            if key in ("rdf:type", "rdfs:label", "rdfs:comment") and key not in entry:
                entry[key] = compact_iri(o) if isinstance(o, URIRef) else str(o)
    body = ["<h1>The kgost ontology</h1>", f"<p>Other formats: {_formats(None, path='/ontology')}</p>",
            "<table><tr><th>term</th><th>type</th><th>label</th><th>comment</th></tr>"]
    for term in sorted(rows, key=str):
        entry = rows[term]
        anchor = str(term).rsplit("#", 1)[1]
        body.append(f'<tr id="{_e(anchor)}"><td><code>{_e(compact_iri(term))}</code></td><td>{_e(entry.get("rdf:type", ""))}</td>'
                    f'<td>{_e(entry.get("rdfs:label", ""))}</td><td>{_e(entry.get("rdfs:comment", ""))}</td></tr>')
    body.append("</table>")
    return _document("The kgost ontology", "\n".join(body), static=static)


def home_page(queries: list[tuple[str, str]], *, static: Iterable[str] = ()) -> str:
    """A plain home page (when the package has no ``static/index.html``): what the server offers."""
    items = "".join(f'<li><a href="/queries/{_e(name)}">{_e(name)}</a>: {_e(summary)}</li>' for name, summary in queries)
    body = f"""<h1>kgost</h1>
<p>The K-drama OST knowledge graph, served by <code>kgost serve</code>.</p>
<ul>
<li><a href="/sparql">/sparql</a>: the SPARQL 1.1 endpoint (<code>?query=</code>; without a query, its service description)</li>
<li><a href="/queries">/queries</a>: the named queries (JSON); run one at <code>/queries/NAME?param=value</code></li>
<li><a href="/api/search?q=exo">/api/search?q=TEXT</a>: find entities by name</li>
<li><a href="/api/connect?a=Chanyeol&amp;b=Song%20Joongki">/api/connect?a=A&amp;b=B</a>: how two entities are connected</li>
<li><a href="/api/network?around=EXO">/api/network?view=artist&amp;around=NAME</a>: a network view (Cytoscape.js JSON)</li>
<li><a href="/id/person/cha-eunwoo">/id/...</a>: every entity's page (HTML, Turtle, JSON-LD, N-Triples)</li>
<li><a href="/ontology">/ontology</a>: the ontology's terms</li>
<li><a href="/health">/health</a></li>
</ul>
<h2>Named queries</h2><ul>{items}</ul>"""
    return _document("kgost", body, static=static)


def svg_neighbourhood(nodes: list[dict], edges: list[dict], *, size: int = 420) -> str:  # type: ignore[type-arg]
    """The entity (``nodes[0]``) in the middle and its neighbours on a circle, each a link to its page.

    The positions are :func:`networkx.shell_layout`'s (the centre, then one shell); hand-written
    SVG because drawing with matplotlib (``kgost[viz]``) is an optional extra and far slower.
    """
    import networkx as nx

    ids = [n["id"] for n in nodes]
    shells = [ids[:1], ids[1:]] if len(ids) > 1 else [ids]
    positions = nx.shell_layout(nx.empty_graph(ids), nlist=shells, scale=size / 2 - 70, center=(size / 2, size / 2))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img">']
    for edge in edges:
        (x1, y1), (x2, y2) = positions[edge["source"]], positions[edge["target"]]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"><title>{_e(edge["label"])}</title></line>')
    for index, node in enumerate(nodes):
        x, y = positions[node["id"]]
        page = page_of(node["iri"]) or node["iri"]
        anchor = "middle" if index == 0 or abs(x - size / 2) < 20 else "start" if x > size / 2 else "end"
        dx = 0 if anchor == "middle" else 9 if anchor == "start" else -9
        dy = -12 if index == 0 or y < size / 2 else 16
        text = node["label"] if len(node["label"]) <= 28 else node["label"][:27] + "…"
        center = ' class="center"' if index == 0 else ""
        out.append(f'<a href="{_e(page)}"{center}><circle cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
                   f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="12">{_e(text)}</text>'
                   f"<title>{_e(node['label'])} ({_e(node['kind'])})</title></a>")
    out.append("</svg>")
    return "\n".join(out)


# ---- helpers -------------------------------------------------------------------------------


def _document(title: str, body: str, *, static: Iterable[str]) -> str:
    links = "".join(f'<link rel="stylesheet" href="/static/{_e(name)}">' for name in static if name.endswith(".css"))
    scripts = "".join(f'<script src="/static/{_e(name)}" defer></script>' for name in static if name.endswith(".js"))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)} · kgost</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style>{links}{scripts}</head>\n'
            f'<body><nav><a href="/">kgost</a><a href="/sparql">SPARQL</a><a href="/queries">queries</a>'
            f'<a href="/ontology">ontology</a></nav>\n{body}\n</body></html>\n')


def _fact_table(facts: list[Fact], labels: dict[str, str], *, out_going: bool) -> str:
    head = "<tr><th>property</th><th>value</th><th>source</th></tr>" if out_going else \
        "<tr><th>from</th><th>property</th><th>source</th></tr>"
    rows = [head]
    for fact in facts:
        other = fact.value if out_going else fact.subject
        cells = [_link(fact.predicate, labels), _value(other, labels)]
        if not out_going:
            cells.reverse()
        rows.append(f'<tr><td>{cells[0]}</td><td>{cells[1]}</td><td class="src">{_source(fact)}</td></tr>')
    return "<table>" + "\n".join(rows) + "</table>"


def _source(fact: Fact) -> str:
    graph = f"<code>{_e(compact_iri(fact.graph) if isinstance(fact.graph, URIRef) else str(fact.graph))}</code>"
    if fact.kind == "sentence" and fact.text:
        return f'<span class="kind">sentence</span> {_page_link(fact.graph, graph)}: “{_e(fact.text)}”'
    if fact.kind == "inference":
        based = "".join(f"<br>from: “{_e(t)}”" for t in fact.derived_from)
        return f'<span class="kind">inference</span> {_page_link(fact.graph, graph)}: {_e(fact.text or "")}{based}'
    return f'<span class="kind">{_e(fact.kind)}</span> {graph}' + (f": {_e(fact.text)}" if fact.text else "")


def _page_link(term: object, text: str) -> str:
    page = page_of(str(term)) if isinstance(term, URIRef) else None
    return f'<a href="{_e(page)}">{text}</a>' if page else text


def _link(term: object, labels: dict[str, str]) -> str:
    if not isinstance(term, URIRef):
        return _value(term, labels)
    shown = labels.get(str(term)) or compact_iri(term)
    page = page_of(str(term))
    return f'<a href="{_e(page or str(term))}" title="{_e(compact_iri(term))}">{_e(shown)}</a>'


def _value(term: object, labels: dict[str, str]) -> str:
    if isinstance(term, URIRef):
        return _link(term, labels)
    if isinstance(term, BNode):
        return f"<code>_:{_e(str(term))}</code>"
    if isinstance(term, Literal):
        tag = f"@{term.language}" if term.language else compact_iri(term.datatype) if term.datatype else ""
        extra = f' <span class="kind">{_e(tag)}</span>' if tag else ""
        return _e(str(term)) + extra
    return _e(str(term))


def _formats(iri: URIRef | None, *, path: str | None = None) -> str:
    base = path or page_of(str(iri)) or ""
    return " ".join(f'<a href="{_e(base)}?format={f}">{name}</a>'
                    for f, name in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"), ("trig", "TriG")))


def _e(text: str) -> str:
    return html.escape(text, quote=True)
