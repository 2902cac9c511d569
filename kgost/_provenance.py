"""Where a fact comes from: the article sentence, inference, curation or file behind a triple."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from kgost._errors import EntityNotFoundError, InputError
from kgost._lookup import resolve
from kgost._namespace import KGOST, ONTOLOGY_IRI, expand_iri, graph_compactor, graph_prefixes
from kgost._terms import ontology_terms
from kgost._vocabulary import vocabulary
from kgost._public import public
from kgost._types import Term

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["sources", "Source", "record_kind"]

_QUERY = """
PREFIX kgost: <https://w3id.org/kgost/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?p ?o ?g ?kind ?text ?index ?comment ?article ?articleTitle
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?fromIndex), "\\u001e", ?fromText); separator="\\u001f") AS ?derived)
WHERE {
    GRAPH ?g { ?s ?p ?o }
    FILTER (!BOUND(?text_of_o) || (isLiteral(?o) && STR(?o) = ?text_of_o))
    OPTIONAL { ?g a ?kind . FILTER(?kind IN (kgost:Sentence, kgost:Inference, kgost:Curation)) }
    OPTIONAL { ?g kgost:text ?text ; kgost:sentenceIndex ?index }
    OPTIONAL { ?g rdfs:comment ?comment }
    OPTIONAL { ?g kgost:inArticle|(prov:wasDerivedFrom/kgost:inArticle) ?article .
               OPTIONAL { ?article kgost:title ?articleTitle } }
    OPTIONAL { ?g prov:wasDerivedFrom ?from . ?from kgost:text ?fromText ; kgost:sentenceIndex ?fromIndex }
}
GROUP BY ?s ?p ?o ?g ?kind ?text ?index ?comment ?article ?articleTitle
ORDER BY ?s ?p ?o ?index ?g
"""

def sources(
    kg: GraphLike,
    subject: str | URIRef,
    predicate: str | URIRef | None = None,
    object: Term | str | None = None,
) -> list[Source]:
    """Say where the facts about ``subject`` (optionally with ``predicate`` and ``object``) come from.

    Each fact lives in a named graph: an article sentence (quoted), an inference (with its reason
    and the sentences it rests on), a curation, a user's file, or the ontology.

    Parameters
    ----------
    kg
        The knowledge graph.
    subject
        An entity: a name (any label, as :func:`kgost.resolve` takes), a compact IRI or an IRI.
    predicate
        An IRI, full or compact (``kgost:memberOf``), or a kgost term's local name (``memberOf``).
    object
        An IRI (full or compact) or a literal; a plain ``str`` that is not an IRI is a literal's
        text, or, when no literal with that text matches, an entity's name.

    Returns
    -------
    list of Source
        One per triple and named graph that states it, ordered by triple, then sentence.

    Raises
    ------
    InputError
        ``predicate`` is neither an IRI nor a kgost term.
    EntityNotFoundError
        ``subject`` is neither an IRI nor an entity's name (the message lists the closest names).

    Examples
    --------
    >>> import kgost
    >>> kg = kgost.load()
    >>> [src] = kg.sources("person:chanyeol", "kgost:memberOf", "group:exo")
    >>> print(src)
    person:chanyeol kgost:memberOf group:exo
      stated by s:e08-1 (sentence 36 of "Enjoy Love Ballads with The Top 10 Romantic OSTs from K-dramas"):
      “Stay with Me” by Punch and Chanyeol (EXO), is the original soundtrack of the 2016 hit television drama Guardian: The Lonely and Great God.
    >>> [src] = kg.sources("person:xiumin", "kgost:memberOf", "group:exo")
    >>> src.kind, src.derived_from
    ('inference', ['This song by K-pop band EXO’s sub-unit group EXO-CBX including Chen, Baekhyun, and Xiumin is an all-time favorite among K-drama fans.'])
    >>> [src.graph for src in kg.sources("Stay with Me", "releaseDate")]
    ['inf:stay-with-me-release-date']
    """
    prefixes = graph_prefixes(kg)  # kgost's and those the graph's own files declare
    bindings: dict[str, Term] = {"s": _entity(kg, subject, prefixes)}
    if predicate is not None:
        bindings["p"] = _predicate(predicate, prefixes)
    if object is not None:
        term = _object_term(object, prefixes)
        if isinstance(term, (URIRef, Literal)):
            bindings["o"] = term
        else:  # plain text: any literal written that way
            bindings["text_of_o"] = Literal(term)
    rows = kg.sparql_raw(_QUERY, bindings=bindings).rows
    if not rows and "text_of_o" in bindings:  # no literal has the text: is it an entity's name?
        try:
            bindings["o"] = resolve(kg, str(bindings.pop("text_of_o"))).iri
        except EntityNotFoundError:
            return []
        rows = kg.sparql_raw(_QUERY, bindings=bindings).rows
    found = []
    labels = vocabulary(kg).labels
    shorten = graph_compactor(kg)
    for s, p, o, g, kind, text, index, comment, article, title, derived in rows:
        graph = str(g)
        found.append(
            Source(
                subject=shorten(str(s)) if isinstance(s, URIRef) else str(s),
                predicate=shorten(str(p)),
                object=shorten(str(o)) if isinstance(o, URIRef) else str(o),
                graph=shorten(str(g)) if isinstance(g, URIRef) else str(g),
                kind=record_kind(labels, kind, graph),
                text=str(text) if text is not None else (str(comment) if comment is not None else None),
                sentence_index=int(index) if index is not None else None,  # type: ignore[call-overload]
                article=str(article) if article is not None else None,
                article_title=str(title) if title is not None else None,
                derived_from=_in_reading_order(derived),
            )
        )
    return found


@public
@dataclass(frozen=True)
class Source:
    """One place a triple comes from.

    ``kind`` is ``sentence``, ``inference``, ``curation``, ``file``, ``ontology`` or ``other``;
    ``text`` is the sentence, or the reason of an inference; ``derived_from`` quotes the sentences
    an inference rests on. Terms are compact IRIs, literals their text.

    Examples
    --------
    >>> import kgost
    >>> [src] = kgost.load().sources("group:exo-cbx", "kgost:subUnitOf")
    >>> src.kind, src.object, src.text.startswith("This song by K-pop band EXO’s sub-unit group EXO-CBX")
    ('sentence', 'group:exo', True)
    """

    subject: str
    predicate: str
    object: str
    graph: str
    kind: str
    text: str | None
    sentence_index: int | None = None
    article: str | None = None
    article_title: str | None = None
    derived_from: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.subject} {self.predicate} {self.object}"
        if self.kind == "sentence":
            where = f"sentence {self.sentence_index}" + (f' of "{self.article_title}"' if self.article_title else "")
            return f"{head}\n  stated by {self.graph} ({where}):\n  {self.text}"
        if self.kind == "inference":
            quoted = "".join(f"\n    {t}" for t in self.derived_from)
            return f"{head}\n  inferred ({self.graph}): {self.text}\n  from:{quoted}"
        return f"{head}\n  {self.kind} {self.graph}" + (f": {self.text}" if self.text else "")


def _entity(kg: GraphLike, subject: str | URIRef, prefixes: Mapping[str, str]) -> URIRef:
    """An IRI (full or compact) as it is, else the entity the name denotes; text that looks like
    a compact IRI (``nosuch:thing``) and names nothing gets the IRI error (it lists the prefixes)."""
    try:
        return expand_iri(subject, prefixes=prefixes)
    except InputError as not_an_iri:
        try:
            return resolve(kg, subject).iri
        except EntityNotFoundError:
            if re.fullmatch(r"[A-Za-z][\w.-]*:\S+", str(subject)):
                raise not_an_iri from None
            raise


def _predicate(predicate: str | URIRef, prefixes: Mapping[str, str]) -> URIRef:
    """An IRI (full or compact), or a kgost term given by its local name (``releaseDate``)."""
    try:
        return expand_iri(predicate, prefixes=prefixes)
    except InputError:
        if isinstance(predicate, str) and predicate in ontology_terms():
            return KGOST[predicate]
        close = difflib.get_close_matches(str(predicate), sorted(ontology_terms()), n=3)
        raise InputError(
            f"{predicate!r} is neither an IRI, a compact IRI nor a kgost term"
            + (f"; closest terms: {', '.join(close)}" if close else "")
            + " (all terms: kgost query ontology-terms)"
        ) from None


def _object_term(value: object, prefixes: Mapping[str, str]) -> Term | str:
    """An IRI or RDF term stays a term; a Python value becomes a typed literal; other text is
    returned as text, to match any literal with that lexical form ("2020-04-19", "Orbit")."""
    if isinstance(value, (URIRef, Literal)):
        return value
    if not isinstance(value, str):
        return Literal(value)
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]  # quoted as in Turtle: the text itself, never an IRI
    try:
        return expand_iri(value, prefixes=prefixes)
    except InputError:
        return value


def _in_reading_order(joined: object) -> list[str]:
    """Split GROUP_CONCAT'ed ``index<RS>text`` parts and order them as the article does."""
    parts = [p.split("\u001e", 1) for p in str(joined or "").split("\u001f") if p]
    return [text for _, text in sorted((int(index), text) for index, text in parts)]


def record_kind(labels: Mapping[URIRef, str], kind: object, graph: str) -> str:
    """What a named graph is, in a word: the label of its record class (the ontology's
    ``rdfs:label``: sentence, inference, curation; ``labels`` as :func:`kgost._vocabulary.vocabulary`
    gives them), else ``file`` (a user's file), ``ontology`` or ``other``."""
    if isinstance(kind, URIRef) and kind in labels:
        return labels[kind]
    return "file" if graph.startswith("file:") else "ontology" if graph.startswith(str(ONTOLOGY_IRI)) else "other"
