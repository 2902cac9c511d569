"""Sorted N-Triples and N-Quads, and blank node labels by RDF canonicalization (RDFC-1.0)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Optional

from rdflib import BNode, Literal, URIRef

from kgost._errors import ExportError
from kgost._types import Term

__all__ = ["canonical_quads", "canonical_labels", "write_nquads", "nt_term", "CANONICAL_WORK_LIMIT"]

#: The most steps canonical labelling may take (calls of RDFC-1.0's "Hash N-Degree Quads" plus the
#: permutations they try): about a second; ordinary data needs none, as its blank nodes differ in
#: their own statements. Past it :func:`canonical_quads` raises an ``ExportError``.
CANONICAL_WORK_LIMIT = 20_000

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING, _XSD_INTEGER, _XSD_BOOLEAN = URIRef(_XSD + "string"), URIRef(_XSD + "integer"), URIRef(_XSD + "boolean")
_RDF_LANGSTRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: A triple with an optional graph name (``None``: the default graph).
GQuad = tuple[Term, URIRef, Term, Optional[Term]]

# Canonical N-Triples/N-Quads (RDFC-1.0, section "Canonical N-Quads"): these characters are ECHARs,
# the other C0 controls and DEL are UCHARs, everything else is written as itself.
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_STRING_ESCAPES = {
    code: _ECHAR.get(chr(code), f"\\u{code:04X}") for code in (*range(0x20), 0x22, 0x5C, 0x7F)
}
# Characters that may not appear in an IRIREF are written as UCHARs, so the output always parses.
_IRI_ESCAPES = {code: f"\\u{code:04X}" for code in (*range(0x21), *map(ord, '<>"{}|^`\\'))}


def canonical_quads(quads: Iterable[GQuad]) -> list[GQuad]:
    """Remove duplicates and relabel blank nodes ``c14n0``, ``c14n1``... by RDFC-1.0.

    The labels depend only on the data, never on the labels the quads came with, so exports of
    the same graph are byte-identical. The hard part, the canonical labelling, is pyld's
    implementation of the algorithm (URDNA2015, which RDFC-1.0 standardizes). Its work grows
    factorially with the number of blank nodes that look alike (a clique of 8 took 51 s;
    Oxigraph's ``Dataset.canonicalize`` is exponential too, 15 s, and cannot be stopped), so it is
    bounded by :data:`CANONICAL_WORK_LIMIT` steps, as RDFC-1.0 (section 4.4) asks of implementations.

    Raises
    ------
    ExportError
        The blank nodes are too alike to label within the limit.

    Examples
    --------
    >>> from rdflib import BNode, URIRef
    >>> p = URIRef("urn:ex:p")
    >>> canonical_quads([(BNode("x"), p, URIRef("urn:ex:o"), None)])
    [(rdflib.term.BNode('c14n0'), rdflib.term.URIRef('urn:ex:p'), rdflib.term.URIRef('urn:ex:o'), None)]
    """
    unique = list(dict.fromkeys(quads))
    # RDFC-1.0 labels a blank node from the quads that mention blank nodes only (its first-degree
    # hash reads its own quads, the n-degree hashes the quads of related blank nodes): the other
    # quads, usually nearly all, need not reach the algorithm at all.
    with_blanks = [q for q in unique if isinstance(q[0], BNode) or isinstance(q[2], BNode) or isinstance(q[3], BNode)]
    if not with_blanks:
        return unique
    blanks = {t for q in with_blanks for t in q if isinstance(t, BNode)}
    dataset: dict[str, list[dict]] = {}
    for s, p, o, g in with_blanks:
        key = "@default" if g is None else _pyld_node(g)["value"]
        dataset.setdefault(key, []).append({"subject": _pyld_node(s), "predicate": _pyld_node(p), "object": _pyld_node(o)})
    algorithm = _bounded_urdna2015()()
    algorithm.main(dataset, {"format": "application/n-quads"})
    issued = algorithm.canonical_issuer.existing
    labels = {b: BNode(issued[f"_:{b}"][2:]) for b in blanks}
    relabelled = {q: tuple(labels.get(t, t) for t in q) for q in with_blanks}
    return list(dict.fromkeys(relabelled.get(q, q) for q in unique))  # type: ignore[misc]


def canonical_labels(nquads: str) -> dict[str, str]:
    """The RDFC-1.0 label (``_:c14n0``...) of every blank node of N-Quads text (``_:b`` -> ``_:c14n0``).

    Give it the lines that mention blank nodes: the labels depend on those only (see
    :func:`canonical_quads`). pyld's URDNA2015, bounded by :data:`CANONICAL_WORK_LIMIT` as there.
    (pyoxigraph's ``Dataset.canonicalize`` is RDFC-1.0 too, but cannot be bounded or stopped:
    a clique of blank nodes would hang the export.)
    """
    from pyld.jsonld import parse_nquads

    algorithm = _bounded_urdna2015()()
    algorithm.main(parse_nquads(nquads), {"format": "application/n-quads"})
    return {old: f"_:{new[2:]}" for old, new in algorithm.canonical_issuer.existing.items()}


def write_nquads(quads: Iterable[GQuad], *, graphs: bool = True, by_graph: bool = False) -> str:
    """Write quads as N-Quads (``graphs=True``) or N-Triples, one statement a line, sorted.

    Lines are in code point order, as canonical N-Quads asks; ``by_graph=True`` sorts by graph
    first, so the facts of one named graph stay together. Blank nodes keep the labels they have:
    run :func:`canonical_quads` first for stable labels.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> print(write_nquads([(URIRef("urn:ex:s"), URIRef("urn:ex:p"), Literal('say "hi"\\n', lang="en"), URIRef("urn:ex:g"))]), end="")
    <urn:ex:s> <urn:ex:p> "say \\"hi\\"\\n"@en <urn:ex:g> .
    """
    lines = []
    for s, p, o, g in quads:
        triple = f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"
        if graphs and g is not None:
            graph = nt_term(g)
            lines.append((graph, f"{triple} {graph} .\n"))
        elif graphs or g is None:
            lines.append(("", f"{triple} .\n"))
        else:
            raise ValueError("N-Triples cannot hold a named graph")
    lines = sorted(set(lines)) if by_graph else sorted(set(lines), key=lambda pair: pair[1])
    return "".join(line for _, line in lines)


def nt_term(term: Term) -> str:
    """One term in canonical N-Triples syntax.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> nt_term(Literal("2020-04-19", datatype=XSD.date))
    '"2020-04-19"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_STRING_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype not in (_XSD_STRING, _RDF_LANGSTRING):
            return f"{text}^^<{str(term.datatype).translate(_IRI_ESCAPES)}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{str(term).translate(_IRI_ESCAPES)}>"


def _bounded_urdna2015() -> type:
    """pyld's URDNA2015 that counts its steps and stops past :data:`CANONICAL_WORK_LIMIT`."""
    from pyld.canon import URDNA2015

    class Bounded(URDNA2015):  # type: ignore[misc]
        steps = 0

        def create_hash_to_related(self, id_: str, issuer: Any) -> dict[str, list[str]]:
            # Called once per Hash N-Degree Quads call, which then tries every permutation of
            # each list of related blank nodes that share a hash: count them before they run.
            related: dict[str, list[str]] = super().create_hash_to_related(id_, issuer)
            self.steps += 1
            for nodes in related.values():
                self.steps += math.factorial(min(len(nodes), 20))
            if self.steps > CANONICAL_WORK_LIMIT:
                raise ExportError(
                    f"cannot label the blank nodes canonically (RDFC-1.0): they are too alike (e.g. blank nodes"
                    f" linked only to each other), and labelling them would take more than {CANONICAL_WORK_LIMIT}"
                    " steps, a number that grows factorially with such nodes; give them IRIs, or statements that"
                    " tell them apart (a name, a type), and export again"
                )
            return related

    return Bounded


def _pyld_node(term: Term) -> dict[str, str]:
    """A term as pyld's RDF dataset model has it."""
    if isinstance(term, BNode):
        return {"type": "blank node", "value": f"_:{term}"}
    if isinstance(term, Literal):
        node = {"type": "literal", "value": str(term)}
        if term.language:
            node.update(datatype=str(_RDF_LANGSTRING), language=term.language)
        else:
            node["datatype"] = str(term.datatype or _XSD_STRING)
        return node
    return {"type": "IRI", "value": str(term)}
