"""Drawing network views to PNG or SVG with matplotlib (the optional ``kgost[viz]`` extra)."""

from __future__ import annotations

import io
import math
from typing import Any

import networkx as nx

from kgost._errors import ExportError, InputError, MissingExtraError

__all__ = ["draw_network", "KIND_COLOURS"]

#: Node colour per ``kind`` (Okabe-Ito palette, readable for colour-blind viewers).
KIND_COLOURS: dict[str, str] = {
    "person": "#56B4E9",
    "group": "#E69F00",
    "song": "#CC79A7",
    "series": "#009E73",
    "character": "#F0E442",
    "video": "#D55E00",
    "chart": "#0072B2",
    "award": "#0072B2",
    "other": "#999999",
}
# Edge colour per relation; others are grey.
_RELATION_COLOURS: dict[str, str] = {
    "performed": "#CC79A7",
    "member of": "#E69F00",
    "sub-unit of": "#8C5A00",
    "OST of": "#009E73",
    "acts in": "#56B4E9",
    "plays character": "#0072B2",
    "appears in the music video of": "#D55E00",
    "shares": "#777777",
    # the same facts in the full view, under the ontology's property labels
    "performer": "#CC79A7",
    "cast member": "#56B4E9",
    "played by": "#0072B2",
    "features": "#D55E00",
}
_UNIT = 1.1  # inches per data unit, unless a width is given
_PREFERENCE = ["plays character", "performed", "member of", "sub-unit of", "OST of", "acts in"]


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

    Nodes are coloured by ``kind`` and labelled; edges are coloured by ``relation`` (dashed when
    inferred); two legends explain the colours. Each connected part is laid out on its own with
    a seeded spring layout and the parts are packed in rows, largest first, so the same graph
    and seed always give the same picture. Uses matplotlib's Agg canvas (no display needed).

    Parameters
    ----------
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
        Write each edge's relation on it (default: only for views of at most 30 edges).

    Raises
    ------
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
    figure_class, canvas_class, line_collection, line2d = _matplotlib()
    positions = _layout(graph, seed=seed)
    ys = [p[1] for p in positions.values()]
    # Data units: each part fits a box of side ~sqrt(nodes); keep the drawing's aspect ratio.
    halves = {n: _half_width(str(graph.nodes[n].get("label", n))) for n in positions}
    x0 = min(p[0] - halves[n] for n, p in positions.items()) - 0.15
    x1 = max(p[0] + halves[n] for n, p in positions.items()) + 0.15
    y0, y1 = min(ys) - 0.4, max(ys) + 0.25
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

    pairs = _edge_pairs(graph)
    show_edge_labels = edge_labels if edge_labels is not None else len(pairs) <= 30
    for dashed in (False, True):
        chosen = [(u, v, d) for (u, v), d in pairs.items() if bool(d.get("inferred")) == dashed]
        if chosen:
            ax.add_collection(line_collection(
                [(positions[u], positions[v]) for u, v, _ in chosen],
                colors=[_RELATION_COLOURS.get(str(d.get("relation")), "#999999") for _, _, d in chosen],
                linewidths=1.6, linestyles="--" if dashed else "-", alpha=0.8, zorder=1))
    if show_edge_labels:
        for (u, v), d in pairs.items():
            (x1, y1), (x2, y2) = positions[u], positions[v]
            angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
            ax.text((x1 + x2) / 2, (y1 + y2) / 2, str(d.get("relation", "")), fontsize=6.5, color="#444444",
                    ha="center", va="center", zorder=2, rotation=angle, rotation_mode="anchor",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
    kinds = {n: str(d.get("kind", "other")) for n, d in graph.nodes(data=True)}
    nodes = list(graph.nodes)
    ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes], s=170,
               c=[KIND_COLOURS.get(kinds[n], KIND_COLOURS["other"]) for n in nodes],
               edgecolors="#333333", linewidths=0.6, zorder=3)
    centre = graph.graph.get("around")
    for n in nodes:
        ax.annotate(str(graph.nodes[n].get("label", n)), xy=positions[n], xytext=(0, -7), textcoords="offset points",
                    fontsize=8, ha="center", va="top", zorder=4, fontweight="bold" if n == centre else "normal",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6})

    used_kinds = sorted(set(kinds.values()), key=lambda k: list(KIND_COLOURS).index(k) if k in KIND_COLOURS else 99)
    node_handles = [line2d([], [], marker="o", linestyle="", markersize=9, markeredgecolor="#333333",
                           markerfacecolor=KIND_COLOURS.get(k, KIND_COLOURS["other"]), label=k) for k in used_kinds]
    used_relations = sorted({str(d.get("relation")) for d in pairs.values()},
                            key=lambda r: list(_RELATION_COLOURS).index(r) if r in _RELATION_COLOURS else 99)
    edge_handles = [line2d([], [], color=_RELATION_COLOURS.get(r, "#999999"), linewidth=2, label=r)
                    for r in used_relations]
    if any(d.get("inferred") for d in pairs.values()):
        edge_handles.append(line2d([], [], color="#555555", linewidth=1.5, linestyle="--", label="inferred"))
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
                    f"{graph.number_of_edges()} edges", fontsize=11, x=0.5, y=1 - 0.25 / fig_height)
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if format == "png" else {"Date": None, "Creator": None}
    figure.savefig(buffer, format=format, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def _matplotlib():  # type: ignore[no-untyped-def]
    """matplotlib's figure, Agg canvas, LineCollection and Line2D, imported only when drawing."""
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import LineCollection
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
    except ImportError:
        raise MissingExtraError("drawing networks needs matplotlib: pip install 'kgost[viz]'") from None
    matplotlib.rcParams["svg.hashsalt"] = "kgost"  # stable ids inside SVG files
    return Figure, FigureCanvasAgg, LineCollection, Line2D


def _edge_pairs(graph: nx.Graph) -> dict[tuple[str, str], dict[str, Any]]:
    """One drawn line per pair of nodes: the most telling fact between them."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, d in graph.edges(data=True):
        key = (u, v) if (v, u) not in pairs else (v, u)
        if key not in pairs or _rank(d) < _rank(pairs[key]):
            pairs[key] = d
    return pairs


def _rank(data: dict[str, Any]) -> tuple[bool, int]:
    relation = data.get("relation")
    return bool(data.get("inferred")), _PREFERENCE.index(relation) if relation in _PREFERENCE else len(_PREFERENCE)


def _layout(graph: nx.Graph, *, seed: int) -> dict[str, tuple[float, float]]:
    """Lay out each connected part with a seeded spring layout (the best of a few seeds, by
    overlapping labels), and pack the parts in rows, largest first, by their extent with labels."""
    undirected = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() or graph.is_multigraph() else graph
    parts = sorted((sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c[0]))
    labels = {n: str(d.get("label", n)) for n, d in graph.nodes(data=True)}
    spread = 1.0 if graph.number_of_nodes() > 30 else 1.6  # small views get room for edge labels
    laid = []
    for part in parts:
        local = _part_layout(undirected.subgraph(part), labels, seed=seed, spread=spread)
        left = min(x - _half_width(labels[n]) for n, (x, _) in local.items())
        right = max(x + _half_width(labels[n]) for n, (x, _) in local.items())
        bottom = min(y for _, y in local.values()) - 0.25  # room for the lowest labels
        laid.append((local, left, right - left + 0.35, -bottom + 0.35))
    row_width = max(max((w for *_, w, _ in laid), default=1.0), math.sqrt(2.0 * sum(w * h for *_, w, h in laid)))
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, left, width, height in laid:
        if x > 0 and x + width > row_width:  # start a new row, aiming at a 2:1 picture
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in local.items():
            placed[n] = (x - left + px, y + py)
        x += width
        row_height = max(row_height, height)
    return placed


def _half_width(label: str) -> float:
    """Half the width of an 8-point label, in data units at the default scale."""
    return len(label) * 8 * 0.3 / (_UNIT * 72)


def _size(nodes: int) -> float:
    """Side of the square a connected part is drawn in, in data units."""
    return math.sqrt(nodes) if nodes > 1 else 0.3


def _part_layout(part: nx.Graph, labels: dict[str, str], *, seed: int, spread: float = 1.0,
                 tries: int = 8) -> dict[str, tuple[float, float]]:
    """Positions in [0, size] x [-size, 0]: the seed (of ``seed`` ... ``seed + tries - 1``) whose
    layout overlaps the fewest labels."""
    nodes = sorted(part)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    size = _size(len(nodes)) * spread
    ordered = nx.Graph()  # a subgraph view iterates in set order, which differs between runs
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted(tuple(sorted(edge)) for edge in part.edges()))
    best: tuple[int, dict[str, tuple[float, float]]] | None = None
    for attempt in range(seed, seed + tries):
        raw = nx.spring_layout(ordered, seed=attempt, k=2.0 / math.sqrt(len(nodes)), iterations=500)
        xs, ys = [float(raw[n][0]) for n in nodes], [float(raw[n][1]) for n in nodes]
        scale = size / max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        local = {n: ((float(raw[n][0]) - min(xs)) * scale, (float(raw[n][1]) - max(ys)) * scale) for n in nodes}
        score = int(_overlaps(local, labels))
        if best is None or score < best[0]:
            best = (score, local)
        if score == 0:
            break
    assert best is not None
    return best[1]


def _overlaps(positions: dict[str, tuple[float, float]], labels: dict[str, str]) -> int:
    """How many pairs of label boxes, or label boxes and other nodes, overlap (data units at
    the default scale: 8-point labels under nodes of ~7 points radius)."""
    unit = _UNIT * 72  # points per data unit
    radius, height = 7.5 / unit, 11 / unit
    boxes = {}
    for n, (x, y) in positions.items():
        half = _half_width(labels[n])
        top = y - 7 / unit
        boxes[n] = (x - half, x + half, top - height, top)
    count = 0
    names = sorted(positions)
    for i, a in enumerate(names):
        ax0, ax1, ay0, ay1 = boxes[a]
        for b in names[i + 1:]:
            bx0, bx1, by0, by1 = boxes[b]
            count += ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1
        for b in names:
            if b != a:
                x, y = positions[b]
                count += ax0 < x + radius and x - radius < ax1 and ay0 < y + radius and y - radius < ay1
    return count
