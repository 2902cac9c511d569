"""Type aliases shared by kgost's modules."""

from __future__ import annotations

from typing import Union

from rdflib import BNode, Literal, URIRef

__all__ = ["Term", "Quad", "Triple"]

#: An RDF term as kgost handles it (rdflib's term classes are the common currency of every store).
Term = Union[URIRef, BNode, Literal]
#: A triple.
Triple = tuple[Term, URIRef, Term]
#: A quad: a triple and the IRI of its named graph.
Quad = tuple[Term, URIRef, Term, URIRef]
