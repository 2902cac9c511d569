"""JSON-LD with kgost's context and frames: write compacted or framed, read without fetching."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from kgost._errors import ExportError, ParseError
from kgost.readwrite import _jsontext
from kgost.readwrite._nquads import GQuad
from kgost._resources import resource_dir

__all__ = ["CONTEXT_IRI", "context", "frames", "to_jsonld", "expanded_jsonld", "expanded_value", "sort_key", "sorted_document", "read_jsonld", "document_loader", "dumps"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = URIRef(_XSD + "string")
_RDF_LANGSTRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: The IRI of kgost's JSON-LD context. kgost serves it from ``ontology/context.jsonld``; it never
#: fetches it (or any other document) from the network.
CONTEXT_IRI = "https://w3id.org/kgost/context.jsonld"
#: The context of the schema.org view.
SCHEMA_CONTEXT: dict[str, Any] = {
    "@vocab": "https://schema.org/",
    "kg": "https://w3id.org/kgost/id/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_FRAME_IRI = "https://w3id.org/kgost/frames/{}.jsonld"


def context() -> dict[str, Any]:
    """The ``@context`` object of kgost's JSON-LD context (``ontology/context.jsonld``).

    Examples
    --------
    >>> context()["series"]
    {'@id': 'kgost:ostOf', '@type': '@id'}
    """
    return json.loads(json.dumps(_context_document()["@context"]))


def frames() -> dict[str, Path]:
    """The bundled JSON-LD frames by name (``ontology/frames/<name>.jsonld``).

    Examples
    --------
    >>> sorted(frames())
    ['songs']
    """
    return {path.stem: path for path in sorted((resource_dir("ontology") / "frames").glob("*.jsonld"))}


def to_jsonld(quads: Iterable[GQuad], *, frame: str | None = None, schema: bool = False) -> dict[str, Any]:
    """A JSON-LD document of ``quads``: compacted with kgost's context (the schema.org context
    when ``schema``), or shaped by the named ``frame``.

    Named graphs stay named graphs (``{"id": <graph>, "@graph": [...]}``) in compacted output; a
    frame matches nodes in the union of all graphs. The context is put inline, so the document
    reads without any network.
    """
    return expanded_jsonld(_expand(quads), frame=frame, schema=schema)


def expanded_jsonld(expanded: list[dict[str, Any]], *, frame: str | None = None, schema: bool = False) -> dict[str, Any]:
    """:func:`to_jsonld` of the expanded document ``_expand`` (or
    :func:`kgost.readwrite._lines.expand_lines`) builds. Compacted output comes from
    :func:`kgost.readwrite._compact.compact` (pyld's choices, made once per kind of value), or
    from pyld itself where that does not apply; frames from pyld."""
    from pyld import jsonld

    from kgost.readwrite._compact import Unsupported, compact

    ctx = SCHEMA_CONTEXT if schema else context()
    options = _options()
    try:
        if frame is None:
            try:
                return compact(expanded, ctx, options)
            except Unsupported:
                return jsonld.compact(expanded, {"@context": ctx}, options)
        if not isinstance(frame, str) or frame not in frames():
            known = ", ".join(frames())
            raise ExportError(f"unknown frame {frame!r}; use one of: {known}")
        shape = json.loads(frames()[frame].read_text(encoding="utf-8"))
        shape["@context"] = ctx
        return jsonld.frame(expanded, shape, {**options, "omitGraph": False, "omitDefault": True})
    except jsonld.JsonLdError as exc:
        raise ExportError(f"JSON-LD processing failed: {_jsonld_reason(exc)}") from None


def dumps(document: dict[str, Any]) -> str:
    """JSON text with a fixed key order: ``@context``, ids and types first, then by name
    (:func:`kgost.readwrite._jsontext.dumps`)."""
    return _jsontext.dumps(document)


def read_jsonld(text: str, *, path: Path) -> list[GQuad]:
    """Parse a JSON-LD document (JSON-LD 1.1, by pyld) into quads; the default graph is ``None``.

    Remote contexts are refused: only kgost's own context IRI is served, from the bundled file.
    Raises ``ParseError`` with the file, and the line where it can be found.
    """
    from pyld import jsonld

    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"bad JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
    except ValueError:  # Python reads integers of at most 4300 digits (sys.get_int_max_str_digits)
        raise _long_number(text, path=path) from None
    except RecursionError:
        raise ParseError("JSON nested too deeply to read", path=path) from None
    if not isinstance(document, (dict, list)):
        raise ParseError(
            f"a JSON-LD document is a JSON object or array, not a {type(document).__name__}", path=path, line=1, column=1
        )
    base = path.resolve().as_uri()
    dropped: list[str] = []  # keys the context does not define: JSON-LD drops them silently, kgost does not
    processor = jsonld.JsonLdProcessor(on_property_dropped=lambda key: key is not None and dropped.append(key))
    try:
        dataset = processor.to_rdf(document, {**_options(), "base": base, "produceGeneralizedRdf": False})
    except jsonld.JsonLdError as exc:
        raise _read_error(exc, text=text, path=path) from None
    if dropped:
        raise _undefined_term(dropped[0], "key", document=document, text=text, path=path)
    folder = path.resolve().parent.as_uri() + "/"
    for triples in dataset.values():
        for t in triples:
            kind = t["object"]
            if t["predicate"]["value"] == str(_RDF_TYPE) and kind["type"] == "IRI" and kind["value"].startswith(folder):
                # a type that is not a term resolves against the file's own IRI: surely a typo
                raise _undefined_term(kind["value"][len(folder) :], "type", document=document, text=text, path=path)
    blanks: dict[str, BNode] = {}
    quads: list[GQuad] = []
    for name, triples in dataset.items():
        graph = None if name == "@default" else _term({"type": "blank node" if name.startswith("_:") else "IRI", "value": name}, blanks)
        for t in triples:
            quads.append((_term(t["subject"], blanks), _term(t["predicate"], blanks), _term(t["object"], blanks), graph))  # type: ignore[arg-type]
    return quads


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader that serves kgost's context and frames from the bundled files and
    refuses every other URL (kgost never reads the network)."""
    from pyld import jsonld

    local = {CONTEXT_IRI: resource_dir("ontology") / "context.jsonld"}
    local.update({_FRAME_IRI.format(name): path for name, path in frames().items()})
    if url in local:
        document = json.loads(local[url].read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": document, "contentType": "application/ld+json"}
    raise jsonld.JsonLdError(
        f"kgost does not fetch {url}: it reads no remote documents",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading document failed",
    )


@lru_cache(maxsize=1)
def _context_document() -> dict[str, Any]:
    return json.loads((resource_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))


def _options() -> dict[str, Any]:
    from pyld.context_resolver import ContextResolver

    # A private cache, so no context resolved elsewhere in the process is ever used.
    return {"documentLoader": document_loader, "contextResolver": ContextResolver({}, document_loader)}


def _expand(quads: Iterable[GQuad]) -> list[dict[str, Any]]:
    """Expanded JSON-LD of quads, sorted, with canonical integers and booleans as JSON values:
    nodes by ``@id``, graphs by name, each node's keys by name and each array by the JSON text of
    its items (``json.dumps(..., sort_keys=True)``)."""
    graphs: dict[Any, dict[str, dict[str, Any]]] = {}
    ids: dict[Any, str] = {}  # terms by their rdflib identity, as strings: rdflib's __eq__ and __lt__ are slow
    values: dict[Any, dict[str, Any]] = {}
    rdf_type = str(_RDF_TYPE)
    for s, p, o, g in quads:
        nodes = graphs.get(g)
        if nodes is None:
            nodes = graphs[g] = {}
        key = ids.get(s)
        if key is None:
            key = ids[s] = _id(s)
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = {"@id": key}
        prop = ids.get(p)
        if prop is None:
            prop = ids[p] = str(p)
        if prop == rdf_type and type(o) is not Literal:
            node.setdefault("@type", []).append(_id(o))
            continue
        value = values.get(o)
        if value is None:
            value = values[o] = _value(o)
        held = node.get(prop)
        if held is None:
            node[prop] = [value]
        else:
            held.append(value)

    return sorted_document(graphs, graph_id=_id, graph_order=str)


def sorted_document(
    graphs: dict[Any, dict[str, dict[str, Any]]], *, graph_id: Any, graph_order: Any
) -> list[dict[str, Any]]:
    """The expanded document of nodes by graph (``None``: the default graph): nodes by ``@id``,
    keys by name, arrays by :func:`sort_key`; the default graph's nodes, then one graph object
    per named graph, ordered by ``graph_order`` and named by ``graph_id``."""

    def nodes(g: Any) -> list[dict[str, Any]]:
        out = []
        for _, node in sorted(graphs.get(g, {}).items()):
            for k, v in node.items():
                if k != "@id" and len(v) > 1:
                    v.sort(key=sort_key)
            out.append({k: node[k] for k in sorted(node)})
        return out

    document = nodes(None)
    for g in sorted((g for g in graphs if g is not None), key=graph_order):
        document.append({"@id": graph_id(g), "@graph": nodes(g)})
    return document


def _id(term: Any) -> str:
    return f"_:{term}" if type(term) is BNode else str(term)


def _value(term: Any) -> dict[str, Any]:
    if type(term) is not Literal:
        return {"@id": _id(term)}
    if term.datatype is None and not term.language:
        return {"@value": str(term)}
    return expanded_value(str(term), language=term.language, datatype=term.datatype and str(term.datatype))


def expanded_value(text: str, *, language: str | None = None, datatype: str | None = None) -> dict[str, Any]:
    """A literal as an expanded JSON-LD value object: a JSON number only for an ``xsd:integer`` a
    double holds exactly (and Python converts: <= 4300 digits), a JSON boolean for ``xsd:boolean``."""
    if language:
        return {"@value": text, "@language": language}
    if datatype is None or datatype == _XSD + "string":
        return {"@value": text}
    if datatype == _XSD + "integer" and _INTEGER.fullmatch(text) and abs(int(text)) < 2**53:
        return {"@value": int(text)}
    if datatype == _XSD + "boolean" and text in ("true", "false"):
        return {"@value": text == "true"}
    return {"@value": text, "@type": datatype}


_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,15})")


def sort_key(value: dict[str, Any]) -> str:
    """The order of the values of one key: their JSON text, keys sorted."""
    return _SORTED_JSON(value)


_SORTED_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def _term(node: dict[str, Any], blanks: dict[str, BNode]) -> Any:
    if node["type"] == "blank node":
        return blanks.setdefault(node["value"], BNode())
    if node["type"] == "IRI":
        return URIRef(node["value"])
    if node.get("language"):
        return Literal(node["value"], lang=node["language"])
    datatype = node.get("datatype")
    return Literal(node["value"], datatype=None if datatype in (None, str(_XSD_STRING)) else URIRef(datatype))


_MAX_DIGITS = 4300  # Python's default sys.get_int_max_str_digits(), which kgost leaves as it is
def _jsonld_reason(exc: Exception) -> str:
    """The innermost pyld message, with its code and the value it is about."""
    while exc.__cause__ is not None and getattr(exc.__cause__, "code", None) is not None:
        exc = exc.__cause__  # type: ignore[assignment]
    message = exc.args[0] if exc.args else str(exc)
    code = getattr(exc, "code", None)
    details = getattr(exc, "details", None) or {}
    shown = {k: v for k, v in details.items() if k in ("value", "url", "iri", "term", "key")}
    extra = ", ".join(f"{k}={v!r}" for k, v in shown.items())
    return f"{message}" + (f" ({code}" + (f"; {extra}" if extra else "") + ")" if code else "")


def _read_error(exc: Exception, *, text: str, path: Path) -> ParseError:
    inner = exc
    while inner.__cause__ is not None:
        inner = inner.__cause__  # type: ignore[assignment]
    details = getattr(inner, "details", None) or {}
    for cause in _causes(exc):
        url = (getattr(cause, "details", None) or {}).get("url")
        if url:
            line, column = _position(text, json.dumps(url))
            if line is None:  # a relative reference, resolved against the file: point at the context
                line, column = _first_key(text, ("@import", "@context"))
            return ParseError(
                f"JSON-LD context {url!r} is not fetched: kgost reads no remote documents; put the context"
                f" inline, or use kgost's own context {CONTEXT_IRI!r}",
                path=path,
                line=line,
                column=column,
            )
    line = column = None
    message = inner.args[0] if inner.args else str(inner)
    for keyword in re.findall(r"@\w+", message)[::-1]:
        line, column = _key_position(text, keyword, details.get("value", details.get("iri")))
        if line is not None:
            break
    if line is None:  # the message names no key: try the error code's, then the context's
        line, column = _first_key(text, (*re.findall(r"@\w+", str(getattr(inner, "code", "") or "")), "@context"))
    return ParseError(f"bad JSON-LD: {_jsonld_reason(exc)}", path=path, line=line, column=column)


def _long_number(text: str, *, path: Path) -> ParseError:
    """A JSON number too long to read: JSON-LD would make it an ``xsd:double``, out of range."""
    found = re.search(r"-?[0-9]{%d,}" % (_MAX_DIGITS + 1), text)
    line, column = _position(text, found.group()) if found else (None, None)
    digits = len(found.group().lstrip("-")) if found else "too many"
    return ParseError(
        f"a JSON number of {digits} digits: JSON-LD reads a number this large as an xsd:double, which cannot"
        ' hold it; write it as a string with its type, {"@value": "123...", "@type": "xsd:integer"}',
        path=path,
        line=line,
        column=column,
    )


def _undefined_term(term: str, role: str, *, document: Any, text: str, path: Path) -> ParseError:
    """A key or type the document's context does not define, with the closest terms it does."""
    import difflib

    terms = sorted(_context_terms(document))
    close = difflib.get_close_matches(term, terms, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    line, column = _position(text, json.dumps(term) + (":" if role == "key" else ""))
    if line is None:
        line, column = _position(text, json.dumps(term))
    return ParseError(
        f"JSON-LD {role} {term!r} is not a term of the @context and not an IRI, so it would be"
        f" {'dropped' if role == 'key' else 'read as a file IRI'}{hint}",
        path=path,
        line=line,
        column=column,
    )


def _context_terms(document: Any) -> set[str]:
    """Every term defined by an ``@context`` in the document (kgost's own context by its IRI)."""
    terms: set[str] = set()

    def add(ctx: Any) -> None:
        if isinstance(ctx, list):
            for item in ctx:
                add(item)
        elif ctx == CONTEXT_IRI:
            terms.update(key for key in context() if not key.startswith("@"))
        elif isinstance(ctx, dict):
            terms.update(key for key in ctx if not key.startswith("@"))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return terms


def _causes(exc: BaseException) -> list[BaseException]:
    chain = [exc]
    while chain[-1].__cause__ is not None:
        chain.append(chain[-1].__cause__)  # type: ignore[arg-type]
    return chain


def _position(text: str, needle: str) -> tuple[int | None, int | None]:
    index = text.find(needle)
    if index < 0:
        return None, None
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _first_key(text: str, keys: Iterable[str]) -> tuple[int | None, int | None]:
    """Where the first of ``keys`` that the JSON text has as a key stands."""
    for key in keys:
        line, column = _position(text, json.dumps(key) + ":")
        if line is None:
            found = re.search(re.escape(json.dumps(key)) + r"\s*:", text)
            line, column = _position(text, found.group()) if found else (None, None)
        if line is not None:
            return line, column
    return None, None


def _key_position(text: str, keyword: str, value: Any) -> tuple[int | None, int | None]:
    """Where ``"keyword": value`` is in the JSON text (the first such key if the value is unknown)."""
    decoder = json.JSONDecoder()
    first = anywhere = None
    for match in re.finditer(r'"' + re.escape(keyword) + r'"\s*:\s*', text):
        try:
            found, _ = decoder.raw_decode(text, match.end())
        except json.JSONDecodeError:
            continue
        anywhere = match.start() if anywhere is None else anywhere
        if first is None and not isinstance(found, str):
            first = match.start()
        if value is not None and found == value:
            first = match.start()
            break
    first = first if first is not None else anywhere
    if first is None:
        return None, None
    return text.count("\n", 0, first) + 1, first - (text.rfind("\n", 0, first) + 1) + 1
