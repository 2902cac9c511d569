"""Where a drawing puts its nodes and labels: seeded spring layouts, labels where they hide least."""

from __future__ import annotations

import math

import networkx as nx

__all__: list[str] = []

_UNIT = 1.1  # inches per data unit, unless a width is given
_POINTS = _UNIT * 72  # points per data unit at that scale: label sizes are measured in it
_FONT = 8  # points, node labels
_RADIUS = 7.5 / _POINTS  # a node's radius (and a little room), in data units
# Where a label may go, by preference: (x, y offset in points, horizontal and vertical alignment,
# penalty). Below the node first, then beside or above it, then at a corner.
_SPOTS: list[tuple[float, float, str, str, int]] = [
    (0, -8, "center", "top", 0), (10, 0, "left", "center", 1), (-10, 0, "right", "center", 1),
    (0, 8, "center", "bottom", 1), (6, -6, "left", "top", 2), (-6, -6, "right", "top", 2),
    (6, 6, "left", "bottom", 2), (-6, 6, "right", "bottom", 2),
]


def _layout(graph: nx.Graph, texts: dict[str, str], *, seed: int
            ) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float, str, str]]]:
    """Positions and label spots: each connected part laid out with a seeded spring layout (the
    best of a few seeds, by overlapping labels), its labels placed where they hide the least, and
    the parts packed in rows, largest first, by their extent with labels."""
    undirected = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() or graph.is_multigraph() else graph
    parts = sorted((sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c[0]))
    spread = 1.25 if graph.number_of_nodes() > 30 else 1.6  # small views get room for edge labels
    laid = []
    spots: dict[str, tuple[float, float, str, str]] = {}
    for part in parts:
        sub = undirected.subgraph(part)
        local = _part_layout(sub, texts, seed=seed, spread=spread)
        edges = sorted(tuple(sorted(e)) for e in sub.edges())
        placed = _place_labels(sub, local, texts, edges)  # type: ignore[arg-type]
        spots.update(placed)
        boxes = [_label_box(local[n], texts[n], spot) for n, spot in placed.items()]
        left = min(min(b[0] for b in boxes), min(x for x, _ in local.values()) - _RADIUS)
        right = max(max(b[1] for b in boxes), max(x for x, _ in local.values()) + _RADIUS)
        bottom = min(min(b[2] for b in boxes), min(y for _, y in local.values()) - _RADIUS)
        top = max(max(b[3] for b in boxes), max(y for _, y in local.values()) + _RADIUS)
        laid.append((local, left, top, right - left + 0.35, top - bottom + 0.35))
    row_width = max(max((w for *_, w, _ in laid), default=1.0), math.sqrt(2.0 * sum(w * h for *_, w, h in laid)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, left, top, width, height in laid:
        if x > 0 and x + width > row_width:  # start a new row, aiming at a 2:1 picture
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in local.items():
            positions[n] = (x - left + px, y - top + py)
        x += width
        row_height = max(row_height, height)
    return positions, spots


def _text_size(text: str) -> tuple[float, float]:
    """Width and height of a label (maybe two lines) in data units at the default scale."""
    lines = text.split("\n")
    return (max(len(line) for line in lines) * _FONT * 0.6 + 3) / _POINTS, (len(lines) * _FONT * 1.2 + 3) / _POINTS


def _label_box(at: tuple[float, float], text: str, spot: tuple[float, ...]) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of a label put at ``spot`` (see ``_SPOTS``) of a node at ``at``."""
    dx, dy, ha, va = spot[:4]
    width, height = _text_size(text)
    x, y = at[0] + float(dx) / _POINTS, at[1] + float(dy) / _POINTS
    left = x - width / 2 if ha == "center" else x if ha == "left" else x - width
    bottom = y - height if va == "top" else y if va == "bottom" else y - height / 2
    return left, left + width, bottom, bottom + height


def _place_labels(graph: nx.Graph, positions: dict[str, tuple[float, float]], texts: dict[str, str],
                  edges: list[tuple[str, str]]) -> dict[str, tuple[float, float, str, str]]:
    """A spot for each label (see ``_SPOTS``), chosen greedily, busiest nodes first: the one that
    overlaps the fewest labels placed so far, other nodes and edges."""
    segments = [(positions[u], positions[v]) for u, v in edges]
    order = sorted(positions, key=lambda n: (-graph.degree(n), texts[n].lower(), n))
    placed: dict[str, tuple[float, float, str, str]] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for node in order:
        best: tuple[float, int] | None = None
        for index, spot in enumerate(_SPOTS):
            box = _label_box(positions[node], texts[node], spot)
            area = (box[1] - box[0]) * (box[3] - box[2])
            cost = 100 * sum(_intersection(box, other) for other in boxes) / area
            cost += 30 * sum(_box_hits_disc(box, positions[n]) for n in positions if n != node)
            cost += 4 * sum(_segment_crosses(box, a, b) for a, b in segments) + spot[4]
            if best is None or cost < best[0]:
                best = (cost, index)
        assert best is not None
        spot = _SPOTS[best[1]]
        placed[node] = (spot[0], spot[1], spot[2], spot[3])
        boxes.append(_label_box(positions[node], texts[node], spot))
    return {n: placed[n] for n in positions}


def _intersection(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))


def _box_hits_disc(box: tuple[float, float, float, float], at: tuple[float, float]) -> bool:
    x, y = at
    return box[0] < x + _RADIUS and x - _RADIUS < box[1] and box[2] < y + _RADIUS and y - _RADIUS < box[3]


def _segment_crosses(box: tuple[float, float, float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Does the segment a-b pass through the box? (Liang-Barsky clipping.)"""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[1] - x0), (-dy, y0 - box[2]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _size(nodes: int) -> float:
    """Side of the square a connected part is drawn in, in data units."""
    return math.sqrt(nodes) if nodes > 1 else 0.3


def _part_layout(part: nx.Graph, texts: dict[str, str], *, seed: int, spread: float = 1.0,
                 tries: int = 8) -> dict[str, tuple[float, float]]:
    """Positions in [0, size] x [-size, 0]: the seed (of ``seed`` ... ``seed + tries - 1``) whose
    layout overlaps the fewest labels (each below its node)."""
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
        score = _overlaps(local, texts)
        if best is None or score < best[0]:
            best = (score, local)
        if score == 0:
            break
    assert best is not None
    return best[1]


def _overlaps(positions: dict[str, tuple[float, float]], texts: dict[str, str]) -> int:
    """How many pairs of label boxes (each below its node), or label boxes and other nodes,
    overlap (data units at the default scale)."""
    boxes = {n: _label_box(at, texts[n], _SPOTS[0]) for n, at in positions.items()}
    count = 0
    names = sorted(positions)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            count += _intersection(boxes[a], boxes[b]) > 0
        count += sum(_box_hits_disc(boxes[a], positions[b]) for b in names if b != a)
    return count
