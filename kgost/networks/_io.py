"""Writing network views: GraphML and GEXF (Gephi, Cytoscape), node-link JSON, PNG, SVG and interactive HTML."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from kgost._errors import ExportError, InputError
from kgost.readwrite._io import write_atomic

__all__ = ["export_network", "write_network", "NETWORK_FORMATS", "sanitize_network"]

#: Formats a view can be written in, and their file extensions.
NETWORK_FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml",),
    "gexf": (".gexf",),
    "json": (".json",),
    "png": (".png",),
    "svg": (".svg",),
    "html": (".html", ".htm"),
}

#: How list attributes are joined for GraphML and GEXF, which hold only single values.
LIST_SEPARATOR = " | "


def export_network(graph: nx.Graph, *, format: str = "graphml", **draw_options: Any) -> bytes:
    """A view (from :func:`kgost.network`) as the bytes of a file.

    Output is stable: nodes and edges come in the view's sorted order and no time stamp is written.

    Parameters
    ----------
    graph
        A view made by :func:`kgost.network` (any networkx graph will do).
    format
        ``graphml`` and ``gexf`` hold only strings, numbers and booleans, so their attributes
        are sanitized first (see :func:`sanitize_network`): ``None`` values are left out and lists
        are joined with ``" | "``. ``json`` is networkx's node-link form (``nodes``/``edges``
        lists) and keeps every value as it is. (networkx's ``read_gexf`` gives back a simple graph
        when no two edges join the same nodes; the ``relation`` attribute still tells what each
        edge is.) ``png`` and ``svg`` are drawings (needs ``pip install 'kgost[viz]'``). ``html`` is
        one self-contained interactive page (pan, zoom, click a node to open its page; see
        :func:`kgost.networks._cytoscape.network_html`), with Cytoscape.js and the data inlined.
    **draw_options
        For ``png`` and ``svg``: the options of :func:`kgost.draw_network` (``title``, ``seed``, ...);
        for ``html``: only ``title``.

    Returns
    -------
    bytes
        The file's content (UTF-8 text for every format but ``png``).

    Raises
    ------
    InputError
        An unknown format, or drawing options for a format that is not a drawing.
    ExportError
        networkx cannot write the view in that format.

    Examples
    --------
    >>> import io, kgost, networkx as nx
    >>> view = kgost.load().network(view="songs")
    >>> text = export_network(view, format="graphml")
    >>> back = nx.read_graphml(io.BytesIO(text))
    >>> sorted(back.edges["song:everytime", "song:for-you"].items())
    [('people', 'Chen'), ('reasons', "Chen sings 'Everytime' and 'For You' (with EXO-CBX)"), ('relation', 'shares'), ('weight', 1)]
    """
    name = _format(format)
    if name in ("png", "svg"):
        from kgost.networks._draw import draw_network

        return _xml_safe(draw_network(graph, format=name, **draw_options), name)
    if name == "html" and set(draw_options) <= {"title"}:
        from kgost.networks._cytoscape import network_html

        return network_html(graph, title=draw_options.get("title")).encode("utf-8")
    if draw_options:
        raise InputError(f"drawing options ({', '.join(sorted(draw_options))}) only apply to png and svg (html takes a title only), not {name}")
    buffer = io.BytesIO()
    try:
        if name == "graphml":
            nx.write_graphml(_numbered_edges(sanitize_network(graph)), buffer, encoding="utf-8", prettyprint=True)
        elif name == "gexf":
            writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
            meta = writer.xml.find("meta")
            if meta is not None:  # a date would make every day's file differ
                meta.attrib.pop("lastmodifieddate", None)
            writer.add_graph(sanitize_network(graph))
            writer.write(buffer)
        else:
            data = nx.node_link_data(graph, edges="edges")
            # what a drawing of the view needs is not its data (a copy: node_link_data shares the view's dict)
            data["graph"] = {k: v for k, v in data["graph"].items() if k != "drawing"}
            buffer.write(json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8") + b"\n")
    except (nx.NetworkXError, TypeError, ValueError, KeyError) as exc:
        raise ExportError(f"cannot write the {graph.graph.get('view', '')} view as {name}: {exc}") from None
    return _xml_safe(buffer.getvalue(), name)


def write_network(
    graph: nx.Graph, path: str | Path, *, format: str | None = None, force: bool = False, **draw_options: Any
) -> Path:
    """Write a view to ``path`` (atomically), in ``format`` or the one its extension names.

    Parameters
    ----------
    graph
        A view made by :func:`kgost.network`.
    path
        The file to write; a failure leaves an existing file untouched.
    format
        One of :data:`NETWORK_FORMATS` (default: from ``path``'s extension).
    force
        Replace ``path`` even if it is write-protected (``chmod 444``), which is otherwise refused.
    **draw_options
        For ``png`` and ``svg``: the options of :func:`kgost.draw_network`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputError, ExportError
        The extension names no format (and none is given), the folder does not exist, or as
        :func:`export_network`.

    Examples
    --------
    >>> import kgost, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "exo.gexf"
    >>> kg = kgost.load()
    >>> write_network(kg.network(around="EXO"), path).suffix
    '.gexf'
    >>> write_network(kg.network(), path.with_suffix(".txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgost.InputError: cannot tell the network format of '...exo.txt' from its extension; pass a format, one of: graphml, gexf, json, png, svg, html
    """
    path = Path(path)
    if format is None:
        for name, extensions in NETWORK_FORMATS.items():
            if path.suffix.lower() in extensions:
                format = name
                break
        else:
            raise InputError(f"cannot tell the network format of {str(path)!r} from its extension; "
                             f"pass a format, one of: {', '.join(NETWORK_FORMATS)}")
    write_atomic(path, export_network(graph, format=format, **draw_options), force=force)
    return path


def sanitize_network(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` that GraphML and GEXF can hold: ``None`` attributes left out, lists,
    tuples and sets joined with ``" | "``, other values that are not str, int, float or bool
    written as text.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge("a", "b", reasons=["x", "y"], reason=None, weight=2)
    >>> sanitize_network(g).edges["a", "b"]
    {'reasons': 'x | y', 'weight': 2}
    """
    clean = graph.__class__()
    clean.graph.update(_clean({k: v for k, v in graph.graph.items() if k != "drawing"}))  # the drawing's looks: not data
    clean.add_nodes_from((n, _clean(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        clean.add_edges_from((u, v, k, _clean(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    else:
        clean.add_edges_from((u, v, _clean(d)) for u, v, d in graph.edges(data=True))
    return clean


def _numbered_edges(graph: nx.Graph) -> nx.Graph:
    """The graph with its edge keys (GraphML writes a multigraph's keys as edge ids, and kgost's
    keys, such as ``member of``, repeat and hold spaces) replaced by unique ids ``e0``, ``e1``..."""
    if not graph.is_multigraph():
        return graph
    numbered = graph.__class__()
    numbered.graph.update(graph.graph)
    numbered.add_nodes_from(graph.nodes(data=True))
    numbered.add_edges_from((u, v, f"e{i}", d) for i, (u, v, d) in enumerate(graph.edges(data=True)))
    return numbered


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            out[key] = LIST_SEPARATOR.join(str(v) for v in items)
        elif isinstance(value, (str, bool, int, float)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _format(format: str) -> str:
    name = str(format).lower().lstrip(".")
    if name not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {format!r}; use one of: {', '.join(NETWORK_FORMATS)}")
    return name


_NOT_IN_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(content: bytes, name: str) -> bytes:
    """GEXF and SVG are XML 1.0, which cannot hold control characters: refuse, as GraphML does,
    rather than write a file no XML parser reads."""
    found = _NOT_IN_XML.search(content) if name in ("gexf", "svg") else None
    if found:
        raise ExportError(f"cannot write {name}: a label or title holds U+{found.group()[0]:04X}, a control character XML 1.0 cannot hold")
    return content
