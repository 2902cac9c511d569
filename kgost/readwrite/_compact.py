"""JSON-LD compaction of kgost's expanded documents, pyld's rules applied once per kind of value."""

from __future__ import annotations

from typing import Any

__all__ = ["compact", "Compactor", "Unsupported"]

# Term definition keys the fast path understands; a context with others is compacted by pyld.
_PLAIN_KEYS = {"@id", "@type", "@language", "@reverse", "reverse", "_prefix", "_term_has_colon", "protected"}


class Unsupported(Exception):
    """The document or context needs a rule the fast path leaves to pyld."""


def compact(expanded: list[dict[str, Any]], ctx: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """``pyld.jsonld.compact(expanded, {"@context": ctx}, options)``, the same document, fast.

    ``expanded`` is what :func:`kgost.readwrite._jsonld._expand` builds: node objects (``@id``,
    ``@type`` and property arrays of value objects and node references, each array sorted) and
    graph objects (``@id`` and ``@graph``). pyld compacts every value on its own, running term
    selection over the whole context each time (about 200 microseconds a value: 20 s for a
    hundred thousand quads). Its choices depend only on the kind of a value (node reference,
    language, datatype, native or string) and the property, never on the value itself, so this
    asks pyld once per (property, kind) which key and which form it picks, and reuses the answer;
    identifiers are compacted with the context's prefixes as pyld's compact IRI rule does
    (shortest, then least, compact IRI; the IRI itself when none applies). Anything outside
    that (a context with containers, scoped contexts, ``@base``, terms with a colon, an IRI a
    prefix would be confused with, a language tag pyld would lowercase) goes to pyld whole.
    ``tests/test_export_jsonld.py`` checks the two give the same documents.

    Raises
    ------
    Unsupported
        The fast path does not cover this document or context; use pyld.
    """
    return Compactor(ctx, options).document(expanded)


class Compactor:
    def __init__(self, ctx: dict[str, Any], options: dict[str, Any]) -> None:
        from pyld import jsonld

        self.proc = jsonld.JsonLdProcessor()
        opts = {"base": "", "compactArrays": True, "graph": False, "skipExpansion": False, "activeCtx": False,
                "extractAllScripts": False, "processingMode": "json-ld-1.1", "link": False, **options}
        self.options = opts
        active = self.proc.process_context(self.proc._get_initial_context(opts), {"@context": ctx}, opts)
        if "@base" in active and active["@base"] not in (None, ""):
            raise Unsupported("@base")
        mappings = active["mappings"]
        for term, definition in mappings.items():
            if ":" in term or definition is None or set(definition) - _PLAIN_KEYS:
                raise Unsupported(term)
        self.active = active
        self.ctx = ctx
        self.inverse = self.proc._get_inverse_context(active)
        self.prefixes = [(term, d["@id"]) for term, d in mappings.items() if d["_prefix"] and d["@id"]]
        self.confusable = tuple(term + ":" for term, d in mappings.items() if d["_prefix"])
        self.id_key = self.proc._compact_iri(active, "@id")
        self.type_key = self.proc._compact_iri(active, "@type")
        self.graph_key = self.proc._compact_iri(active, "@graph")
        self.value_key = self.proc._compact_iri(active, "@value")
        self.ids: dict[str, str] = {}
        self.heads: dict[str, tuple[tuple[str, str] | None, list[tuple[str, str]]]] = {}
        self.types: dict[str, str] = {}
        self.kinds: dict[tuple[Any, ...], tuple[str, Any]] = {}

    def document(self, expanded: list[dict[str, Any]]) -> dict[str, Any]:
        items = [self.graph(item) if "@graph" in item else self.node(item) for item in expanded]
        if len(items) == 1:
            body = items[0]
        elif not items:
            body = {}
        else:
            body = {self.graph_key: items}
        return {"@context": self.ctx, **body}

    def graph(self, item: dict[str, Any]) -> dict[str, Any]:
        if set(item) != {"@id", "@graph"}:
            raise Unsupported("graph object")
        nodes = [self.node(node) for node in item["@graph"]]
        return {self.id_key: self.iri(item["@id"]), self.graph_key: nodes}

    def node(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for prop, values in sorted(item.items()):
            if prop == "@id":
                out[self.id_key] = self.iri(values)
            elif prop == "@type":
                types = [self.vocab(t) for t in values]
                out[self.type_key] = types[0] if len(types) == 1 else types
            elif prop[0] == "@":
                raise Unsupported(prop)
            else:
                for value in values:
                    key, compacted = self.value(prop, value)
                    held = out.get(key, _NONE)
                    if held is _NONE:
                        out[key] = compacted
                    elif type(held) is _Many:
                        held.append(compacted)
                    else:
                        out[key] = _Many((held, compacted))
        return out

    def value(self, prop: str, value: dict[str, Any]) -> tuple[str, Any]:
        """The key and compacted form of one value of ``prop``."""
        target = value.get("@id")
        if target is not None:
            kind: tuple[Any, ...] = (prop, "@id", target if target in self.inverse else None)
        elif "@language" in value:
            kind = (prop, "@language", value["@language"])
        elif "@type" in value:
            kind = (prop, "@type", value["@type"])
        else:
            kind = (prop, type(value["@value"]))
        found = self.kinds.get(kind)
        if found is None:
            found = self.kinds[kind] = self.choose(prop, value)
        key, form = found
        if target is not None:
            compacted = self.iri(target)
            return key, compacted if form is None else {form: compacted}
        if form is None:
            return key, value["@value"]
        return key, {k: (value["@value"] if v is _VALUE else v) for k, v in form}

    def choose(self, prop: str, value: dict[str, Any]) -> tuple[str, Any]:
        """Ask pyld which key and form one kind of value takes: ``(key, None)`` for a bare value,
        else the id alias (node reference) or the value object's entries with a placeholder."""
        if len(value) > 2 or ("@language" in value and value["@language"] != value["@language"].lower()):
            raise Unsupported("value")
        proc, active = self.proc, self.active
        key = proc._compact_iri(active, prop, value=value, vocab=True)
        if "@id" in value:
            if _get(active, key, "@type") == "@vocab":
                raise Unsupported("@vocab")  # the identifier would be compacted with the vocabulary
            compacted = proc._compact_value(active, key, value, self.options)
            if isinstance(compacted, str):
                return key, None
            if list(compacted) != [self.id_key]:
                raise Unsupported("node reference")
            return key, self.id_key
        probe = {**value, "@value": "\x00probe"} if isinstance(value["@value"], str) else value
        compacted = proc._compact_value(active, key, probe, self.options)
        if not isinstance(compacted, dict):
            return key, None
        if compacted.get(self.value_key) != probe["@value"]:
            raise Unsupported("value object")
        return key, tuple((k, _VALUE if k == self.value_key else v) for k, v in compacted.items())

    def iri(self, iri: str) -> str:
        """An identifier compacted (not by ``@vocab``): the shortest, then least, compact IRI."""
        found = self.ids.get(iri)
        if found is None:
            # the prefixes an IRI can start with start with its part up to its last / or #, or
            # are part of it: looked up once per such part
            head = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
            entry = self.heads.get(head)
            if entry is None:
                candidates = [(t, p) for t, p in self.prefixes if head.startswith(p) or p.startswith(head)]
                best = None
                if candidates and all(len(p) <= len(head) for _, p in candidates):
                    # all hold every IRI of this part: the shortest compact IRI is that of the
                    # longest prefix for its term, ties to the least term, whatever follows
                    best = min(candidates, key=lambda tp: (len(tp[0]) - len(tp[1]), tp[0] + ":"))
                entry = self.heads[head] = (best, candidates)
            best, candidates = entry
            if best is not None and len(iri) > len(head):
                found = f"{best[0]}:{iri[len(best[1]):]}"
            for term, prefix in candidates if found is None else ():
                if iri.startswith(prefix) and iri != prefix:
                    curie = f"{term}:{iri[len(prefix):]}"
                    if found is None or (len(curie), curie) < (len(found), found):
                        found = curie
            if found is None:
                if iri.startswith(self.confusable) or ":" not in iri:
                    raise Unsupported(iri)  # pyld raises "IRI confused with prefix", or it is relative
                found = iri
            self.ids[iri] = found
        return found

    def vocab(self, iri: str) -> str:
        found = self.types.get(iri)
        if found is None:
            found = self.types[iri] = self.proc._compact_iri(self.active, iri, vocab=True)
        return found


class _Many(list):  # type: ignore[type-arg]
    """The values of one key, once there are several."""


_NONE = object()
_VALUE = object()


def _get(active: dict[str, Any], term: str, key: str) -> Any:
    return (active["mappings"].get(term) or {}).get(key)
