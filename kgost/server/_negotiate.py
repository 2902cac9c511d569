"""Content negotiation: which format a response takes, from ``Accept`` or a ``format=`` parameter."""

from __future__ import annotations

from starlette.exceptions import HTTPException

__all__ = ["choose", "MEDIA_TYPES", "RESULT_FORMATS", "GRAPH_FORMATS", "QUAD_FORMATS", "media_type"]

#: Each format's media type (the one a response is sent with).
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "html": "text/html",
}
#: Formats of SELECT and ASK results, in the server's order of preference.
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
#: Formats of graphs (CONSTRUCT, DESCRIBE, the service description), in the server's order.
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "rdfxml", "trig", "nquads")
#: Graph formats that keep named graphs.
QUAD_FORMATS = ("trig", "nquads", "jsonld")

# Other media types clients send for the same formats.
_ALIASES = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/csv": "csv",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/n3": "turtle",
    "text/plain": "nt",
    "application/x-json+ld": "jsonld",
    "application/xhtml+xml": "html",
}
# format= values (for download links) and the format each names.
_NAMES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "ntriples": "nt", "nt": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml", "trig": "trig",
    "nquads": "nquads", "nq": "nquads", "html": "html",
}


def media_type(format: str) -> str:
    """The media type a response in ``format`` is sent with (text types with ``charset=utf-8``).

    Examples
    --------
    >>> media_type("csv"), media_type("json")
    ('text/csv; charset=utf-8', 'application/sparql-results+json')
    """
    base = MEDIA_TYPES[format]
    return base + "; charset=utf-8" if base.startswith("text/") else base


def choose(accept: str | None, offers: tuple[str, ...], *, override: str | None = None) -> str:
    """The format to answer in: ``override`` (a ``format=`` parameter) if given, else the offer the
    ``Accept`` header ranks highest (quality, then how specific the match, then the client's order,
    then the order of ``offers``); no header, or ``*/*``: the first offer.

    Hand-written: Starlette has no content negotiation, and rdflib's and pyoxigraph's media-type
    tables do not rank an ``Accept`` header.

    Raises
    ------
    starlette.exceptions.HTTPException
        400 for an unknown or unfit ``override``; 406 when ``Accept`` allows none of ``offers``.

    Examples
    --------
    >>> choose("text/csv, application/sparql-results+json;q=0.5", RESULT_FORMATS)
    'csv'
    >>> choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RESULT_FORMATS)
    'xml'
    >>> choose(None, GRAPH_FORMATS, override="jsonld")
    'jsonld'
    """
    if override:
        name = _NAMES.get(override.strip().lower())
        if name not in offers:
            allowed = ", ".join(k for k, v in _NAMES.items() if v in offers)
            raise HTTPException(400, f"format={override!r} does not fit this answer; use one of: {allowed}")
        return name
    ranges = _parse(accept or "*/*")
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        types = [MEDIA_TYPES[offer]] + [t for t, f in _ALIASES.items() if f == offer]
        score = max((_match(ranges, t) for t in types), default=(0.0, 0, 0))
        if score[0] <= 0:
            continue
        key = (score[0], score[1], -score[2], -index)
        if best is None or key > best:
            best, chosen = key, offer
    if chosen is None:
        wanted = ", ".join(MEDIA_TYPES[o] for o in offers)
        raise HTTPException(406, f"none of the types in Accept: {accept} can be given here; this answer comes as: {wanted}")
    return chosen


def _parse(accept: str) -> list[tuple[str, float, int]]:
    """``(media range, quality, position)`` of each part of an Accept header."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((pieces[0].lower(), quality, position))
    return ranges


def _match(ranges: list[tuple[str, float, int]], media: str) -> tuple[float, int, int]:
    """``(quality, specificity, position)`` of the most specific range that matches ``media``."""
    kind = media.split("/")[0]
    found = (0.0, -1, 0)
    for pattern, quality, position in ranges:
        specificity = 2 if pattern == media else 1 if pattern == f"{kind}/*" else 0 if pattern == "*/*" else -1
        if specificity > found[1]:
            found = (quality, specificity, position)
    return found if found[1] >= 0 else (0.0, 0, 0)
