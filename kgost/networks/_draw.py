"""Drawing network views to PNG or SVG with matplotlib (the optional ``kgost[viz]`` extra)."""

from __future__ import annotations

import io
import math
import textwrap
import warnings
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgost._errors import ExportError, InputError, MissingExtraError
from kgost._vocabulary import Kind, Relation, Vocabulary, vocabulary
from kgost.networks._layout import _FONT, _RADIUS, _UNIT, _label_box, _layout

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["draw_network", "kind_colours", "kind_markers", "display_label", "kind_colour", "view_drawing", "draws_own"]

# Colours, shapes and legend places of node kinds and relations are the ontology's
# (ontology/drawing.ttl: kgost:drawColour, kgost:drawMarker, kgost:drawLine, kgost:legendOrder,
# read through kgost/_vocabulary.py): Okabe-Ito first, then Paul Tol's muted palette, shapes
# told apart where colours are close. A kind or relation without a colour is drawn grey.
_OTHER_KIND = "#BBBBBB"  # grey: a kind kgost does not know
_OTHER_MARKER = "o"
_SHARED_EDGE = "#777777"  # the projections' edges (relation "shares", made by the views)
_LINES: dict[str, Any] = {"dotted": (0, (1, 1.2))}  # kgost:drawLine values, as matplotlib dashes
_OTHER_EDGE = "#999999"
_INFERRED_STYLE = (0, (4, 2))
_MARKER_AREA = {"o": 170, "D": 110, "s": 140, "^": 190, "h": 190}  # similar sizes for every shape


def draw_network(
    graph: nx.Graph,
    *,
    format: str = "png",
    title: str | None = None,
    seed: int = 7,
    width: float | None = None,
    dpi: int = 100,
    edge_labels: bool | None = None,
) -> bytes:
    """Draw a view (from :func:`kgost.network`) and return the PNG or SVG bytes.

    Nodes are coloured and shaped by ``kind`` (a colour of its own for every kind, see
    :func:`kind_colours` and :func:`kind_markers`, from the ontology) and labelled; edges are coloured by
    ``relation`` (dashed when inferred); two legends explain them, one entry per kind present
    and one per edge colour. Labels longer than 22 characters are wrapped or cut
    (:func:`display_label`) and each goes below, beside or above its node, wherever it covers
    the fewest labels, nodes and edges. Each connected part is laid out on its own with a seeded
    spring layout and the parts are packed in rows, largest first, so the same graph and seed
    always give the same picture. Uses matplotlib's Agg canvas (no display needed).

    Parameters
    ----------
    graph
        A view made by :func:`kgost.network` (nodes with ``label`` and ``kind``).
    format
        ``"png"`` or ``"svg"``.
    title
        A title above the drawing (default: the view's name and size).
    seed
        Seed of the layout.
    width
        Figure width in inches (default: grows with the number of nodes).
    dpi
        Resolution of a PNG.
    edge_labels
        Write each edge's relation on it (on the projections: what is shared) (default: only
        for views of at most 30 edges).

    Returns
    -------
    bytes
        The PNG image, or the SVG text encoded as UTF-8.

    Raises
    ------
    InputError
        An unknown format, or a ``dpi`` outside 20 to 600.
    MissingExtraError
        matplotlib is not installed (``pip install 'kgost[viz]'``).
    ExportError
        The view has no nodes.

    Examples
    --------
    >>> import kgost
    >>> data = draw_network(kgost.load().network(around="EXO-CBX"), format="png")
    >>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if format not in ("png", "svg"):
        raise InputError(f"cannot draw as {format!r}; use one of: png, svg")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 20 <= dpi <= 600:
        raise InputError(f"dpi must be a whole number from 20 to 600; got {dpi!r}")
    if graph.number_of_nodes() == 0:
        raise ExportError(f"nothing to draw: the {graph.graph.get('view', 'network')} view has no nodes")
    figure_class, canvas_class, line_collection, line2d, rc_context = _matplotlib()
    words = _drawing_words(graph)
    texts = {n: display_label(str(d.get("label", n))) for n, d in graph.nodes(data=True)}
    positions, spots = _layout(graph, texts, seed=seed)
    pairs = _edge_pairs(graph, words)
    boxes = [_label_box(positions[n], texts[n], spot) for n, spot in spots.items()]
    # Data units: each part fits a box of side ~sqrt(nodes); keep the drawing's aspect ratio.
    x0 = min(min(b[0] for b in boxes), min(p[0] for p in positions.values()) - _RADIUS) - 0.15
    x1 = max(max(b[1] for b in boxes), max(p[0] for p in positions.values()) + _RADIUS) + 0.15
    y0 = min(min(b[2] for b in boxes), min(p[1] for p in positions.values()) - _RADIUS) - 0.15
    y1 = max(max(b[3] for b in boxes), max(p[1] for p in positions.values()) + _RADIUS) + 0.15
    legend, top = 2.6, 0.6  # inches for the legends on the right and the title above
    unit = (width - legend) / (x1 - x0) if width else _UNIT
    if unit <= 0:
        raise InputError(f"width must leave room for the legends (more than {legend} inches); got {width!r}")
    fig_width, fig_height = (x1 - x0) * unit + legend, max((y1 - y0) * unit, 3.0) + top
    figure = figure_class(figsize=(fig_width, fig_height), dpi=dpi)
    canvas_class(figure)
    ax = figure.add_axes((0.0, 0.0, (fig_width - legend) / fig_width, (fig_height - top) / fig_height))
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)

    show_edge_labels = edge_labels if edge_labels is not None else len(pairs) <= 30
    styled: dict[Any, list[tuple[str, str, dict[str, Any]]]] = {}
    for (u, v), d in pairs.items():
        styled.setdefault(_edge_style(d, words), []).append((u, v, d))
    for style, chosen in sorted(styled.items(), key=lambda item: str(item[0])):
        ax.add_collection(line_collection(
            [(positions[u], positions[v]) for u, v, _ in chosen],
            colors=[_edge_colour(d, words) for _, _, d in chosen],
            linewidths=1.6, linestyles=[style], alpha=0.8, zorder=1))
    if show_edge_labels:
        for (u, v), d in pairs.items():
            (ex1, ey1), (ex2, ey2) = positions[u], positions[v]
            angle = math.degrees(math.atan2(ey2 - ey1, ex2 - ex1))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
            ax.text((ex1 + ex2) / 2, (ey1 + ey2) / 2, _edge_text(d), parse_math=False, fontsize=6.5, color="#444444",
                    ha="center", va="center", zorder=2, rotation=angle, rotation_mode="anchor",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
    kinds = {n: str(d.get("kind", "other")) for n, d in graph.nodes(data=True)}
    colours, markers = kind_colours(words), kind_markers(words)
    used_kinds = sorted(set(kinds.values()), key=lambda k: _kind_order(k, colours))
    for kind in used_kinds:
        members = [n for n in graph.nodes if kinds[n] == kind]
        marker = markers.get(kind, _OTHER_MARKER)
        ax.scatter([positions[n][0] for n in members], [positions[n][1] for n in members],
                   s=_MARKER_AREA.get(marker, 170), marker=marker, c=colours.get(kind, _OTHER_KIND),
                   edgecolors="#333333", linewidths=0.6, zorder=3)
    centre = graph.graph.get("around")
    for n, (dx, dy, ha, va) in spots.items():
        ax.annotate(texts[n], xy=positions[n], xytext=(dx, dy), textcoords="offset points", parse_math=False, fontsize=_FONT,
                    ha=ha, va=va, multialignment="center", linespacing=1.0, zorder=4,
                    fontweight="bold" if n == centre else "normal",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})

    node_handles = [line2d([], [], marker=markers.get(k, _OTHER_MARKER), linestyle="", markersize=9,
                           markeredgecolor="#333333", markerfacecolor=colours.get(k, _OTHER_KIND), label=k) for k in used_kinds]
    edge_handles = [line2d([], [], color=colour, linewidth=2, label=name, linestyle=style)
                    for colour, style, name in _relation_legend({str(d.get("relation")) for d in pairs.values()}, words)]
    if any(d.get("inferred") for d in pairs.values()):
        edge_handles.append(line2d([], [], color="#555555", linewidth=1.5, linestyle=_INFERRED_STYLE, label="inferred"))
    line = 15 / (72 * fig_height)  # one legend row, as a fraction of the figure height
    left = 1 - (legend - 0.2) / fig_width
    first = figure.legend(handles=node_handles, title="node kind", loc="upper left", bbox_to_anchor=(left, 0.92),
                          fontsize=8, title_fontsize=9, frameon=False)
    figure.add_artist(first)
    if edge_handles:
        figure.legend(handles=edge_handles, title="relation", loc="upper left", fontsize=8, title_fontsize=9,
                      bbox_to_anchor=(left, 0.92 - line * (len(node_handles) + 2.5)), frameon=False)
    view = graph.graph.get("view", "network")
    around = f" around {graph.nodes[centre]['label']} (depth {graph.graph.get('depth')})" if centre in graph else ""
    figure.suptitle(title or f"kgost {view} view{around}: {graph.number_of_nodes()} nodes, "
                    f"{graph.number_of_edges()} edges", fontsize=11, x=0.5, y=1 - 0.25 / fig_height,
                    parse_math=False)  # a "$" in a title or label is text, not TeX
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if format == "png" else {"Date": None, "Creator": None}
    # SVG text as <text> (searchable, editable), stable ids; in a context, never process-wide.
    with warnings.catch_warnings(), rc_context({"svg.fonttype": "none", "svg.hashsalt": "kgost"}):
        # a name in a script the font lacks (e.g. Hangul) is drawn as boxes, not warned about
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
        with rc_context({"svg.hashsalt": "kgost"}):  # stable ids inside SVG files; rcParams restored after
            figure.savefig(buffer, format=format, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def kind_colour(kind: str, words: Vocabulary | None = None) -> str:
    """The colour nodes of ``kind`` are drawn in (grey for a kind kgost does not know)."""
    return kind_colours(words).get(kind, _OTHER_KIND)


def kind_colours(words: Vocabulary | None = None) -> dict[str, str]:
    """Node colour per ``kind``, in legend order, ``other`` last: the ontology's ``kgost:drawColour``
    of the class whose ``kgost:nodeKind`` the kind is (``words``: a graph's vocabulary; default
    the bundled ontology's).

    Examples
    --------
    >>> colours = kind_colours()
    >>> colours["person"], colours["other"], list(colours)[:4]
    ('#56B4E9', '#BBBBBB', ['person', 'group', 'song', 'series'])
    """
    words = words if words is not None else vocabulary()
    return {**{k: words.looks[k].colour or _OTHER_KIND for k in words.kind_order()}, "other": _OTHER_KIND}


def kind_markers(words: Vocabulary | None = None) -> dict[str, str]:
    """Node shape per ``kind`` (a matplotlib marker), ``other`` last: the ontology's ``kgost:drawMarker``."""
    words = words if words is not None else vocabulary()
    return {**{k: words.looks[k].marker or _OTHER_MARKER for k in words.kind_order()}, "other": _OTHER_MARKER}


def view_drawing(kg: GraphLike, graph: nx.Graph) -> dict[str, Any]:
    """What a view carries for its drawing (``graph.graph["drawing"]``), for a graph whose own
    ontology says how to draw its kinds or relations (``kgost:drawColour``, ``kgost:drawMarker``,
    ``kgost:drawLine``, ``kgost:legendOrder``, ``kgost:explanationRank``): the looks of the
    kinds and relations the view holds, read from the graph's vocabulary, as plain data. Empty
    for a graph that says nothing beyond the bundled ontology (whose drawings read it directly),
    so the bundled views and their files do not change.

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> view_drawing(kg, kg.network())
    {}
    """
    if not draws_own(kg):
        return {}
    words = vocabulary(kg)
    kinds = {str(kind) for _, kind in graph.nodes(data="kind")}
    relations = {str(data.get("relation")) for *_, data in graph.edges(data=True)}
    return {"drawing": {
        "kinds": {k: {"colour": words.looks[k].colour, "marker": words.looks[k].marker, "order": words.looks[k].order}
                  for k in words.kind_order() if k in kinds},
        "relations": {name: {"colour": r.colour, "line": r.line, "order": r.order, "rank": r.rank}
                      for name, r in sorted(words.relations.items()) if name in relations},
    }}


def draws_own(kg: GraphLike) -> bool:
    """Whether ``kg``'s vocabulary says more than the bundled ontology's (its views carry their
    drawing: :func:`view_drawing`).

    Examples
    --------
    >>> import kgost
    >>> draws_own(kgost.load())
    False
    """
    return vocabulary(kg) is not vocabulary()


def display_label(label: str, *, limit: int = 22) -> str:
    """How a label is written under its node: as it is up to ``limit`` characters, else on two
    balanced lines, and cut with "…" when even two lines of 26 characters cannot hold it.

    Examples
    --------
    >>> display_label("Guardian: The Lonely and Great God")
    'Guardian: The Lonely\\nand Great God'
    >>> print(display_label("Enjoy Love Ballads with The Top 10 Romantic OSTs from K-dramas"))
    Enjoy Love Ballads with
    The Top 10 Romantic …
    """
    if len(label) <= limit:
        return label
    for wrap in range(-(-len(label) // 2), 27):
        lines = textwrap.wrap(label, width=wrap, break_on_hyphens=False)
        if len(lines) <= 2:
            return "\n".join(lines)
    return "\n".join(textwrap.wrap(label, width=24, max_lines=2, placeholder=" …", break_on_hyphens=False))


def _matplotlib():  # type: ignore[no-untyped-def]
    """matplotlib's figure, Agg canvas, LineCollection, Line2D and rc_context, imported only when drawing."""
    try:
        from matplotlib import rc_context
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import LineCollection
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
    except ImportError:
        raise MissingExtraError.needs("drawing networks", "matplotlib", "viz") from None
    return Figure, FigureCanvasAgg, LineCollection, Line2D, rc_context


def _drawing_words(graph: nx.Graph) -> Vocabulary:
    """The looks a drawing uses: those the view carries (:func:`view_drawing`), else the bundled ontology's."""
    said = graph.graph.get("drawing")
    if not isinstance(said, dict):
        return vocabulary()
    looks = {str(k): Kind(str(k), colour=d.get("colour"), marker=d.get("marker"), order=d.get("order"))
             for k, d in (said.get("kinds") or {}).items()}
    relations = {str(n): replace(Relation.generic(str(n)), colour=d.get("colour"), line=d.get("line"), order=d.get("order"),
                                 rank=d.get("rank")) for n, d in (said.get("relations") or {}).items()}
    return Vocabulary(looks=looks, relations=relations)


def _edge_pairs(graph: nx.Graph, words: Vocabulary) -> dict[tuple[str, str], dict[str, Any]]:
    """One drawn line per pair of nodes: the most telling fact between them."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, d in graph.edges(data=True):
        key = (u, v) if (v, u) not in pairs else (v, u)
        if key not in pairs or _rank(d, words) < _rank(pairs[key], words):
            pairs[key] = d
    return pairs


def _rank(data: dict[str, Any], words: Vocabulary) -> tuple[bool, int]:
    """The most telling fact first (the ontology's kgost:explanationRank), stated before inferred."""
    return bool(data.get("inferred")), words.rank(str(data.get("relation")))


def _kind_order(kind: str, colours: dict[str, str]) -> int:
    order = list(colours)
    return order.index(kind) if kind in order else len(order)


def _relation_look(relation: str, words: Vocabulary) -> tuple[str | None, Any]:
    """(colour, line style) of a relation: the ontology's, ``None`` for a relation without a colour."""
    if relation == "shares":
        return _SHARED_EDGE, "solid"
    said = words.relations.get(relation)
    if said is None or said.colour is None:
        return None, "solid"
    return said.colour, _LINES.get(said.line or "", "solid")


def _edge_style(data: dict[str, Any], words: Vocabulary) -> Any:
    """Dashed for an inferred fact, else the relation's own style (solid by default)."""
    return _INFERRED_STYLE if data.get("inferred") else _relation_look(str(data.get("relation")), words)[1]


def _edge_colour(data: dict[str, Any], words: Vocabulary) -> str:
    return _relation_look(str(data.get("relation")), words)[0] or _OTHER_EDGE


def _edge_text(data: dict[str, Any]) -> str:
    """What an edge's label says: its relation, or for the projections what is shared."""
    if data.get("relation") != "shares":
        return str(data.get("relation", ""))
    shared = [str(x) for key in ("people", "songs", "series", "groups") for x in data.get(key) or ()]
    text = ", ".join(f"'{x}'" if x in (data.get("songs") or ()) else x for x in shared) or "shares"
    return text if len(text) <= 30 else text[:29] + "…"


def _relation_legend(relations: set[str], words: Vocabulary) -> list[tuple[str, Any, str]]:
    """(colour, line style, name) per legend entry: relations of one colour and style share an
    entry ("about, theme of"); relations without a colour are listed under one grey entry, wrapped."""
    by_look: dict[tuple[str, Any], list[str]] = {}

    def place(relation: str) -> tuple[int, str]:
        said = words.relations.get(relation)
        known = _relation_look(relation, words)[0] is not None and relation != "shares"
        return (said.order if known and said is not None and said.order is not None else 1 << 30, relation)

    uncoloured = set()
    for relation in sorted(relations, key=place):
        colour, style = _relation_look(relation, words)
        if colour is None:
            uncoloured.add(relation)
        by_look.setdefault((colour or _OTHER_EDGE, style), []).append(relation)
    entries = []
    for (colour, style), names in by_look.items():
        text = ", ".join(names)
        if colour == _OTHER_EDGE and uncoloured & set(names):
            text = "other: " + text
        entries.append((colour, style, "\n".join(textwrap.wrap(text, width=26)) or text))
    return entries
