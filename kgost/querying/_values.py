"""Pre-binding query variables portably: a VALUES block of RDF terms placed in the query's pattern."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgost._errors import QueryError, QuerySyntaxError
from kgost._types import Term

__all__ = ["with_values", "sparql_term"]

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_XSD_STRING = XSD.string
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: What a literal's text escapes: ECHARs, a backslash before u/U, control characters, the
#: Unicode line breaks, and lone surrogates (refused).
_ESCAPABLE = re.compile('\\\\[uU]|[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]')
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\u2028\u2029\ud800-\udfff]')
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<word>[A-Za-z]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Return ``sparql`` with ``VALUES (?a ?b) { (term term) }`` first in its WHERE pattern.

    The values are RDF terms written by :func:`sparql_term`, never raw text, so they cannot
    change the query's structure. Engines whose own pre-binding is limited (e.g.
    Oxigraph substitutes projected variables only, remote endpoints have none) use this.

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(with_values('SELECT ?s WHERE { ?s ?p ?name } # {not here}', {"name": Literal('x" } UNION {')}))
    SELECT ?s WHERE { VALUES (?name) { ("x\\" } UNION {") } ?s ?p ?name } # {not here}
    >>> print(with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": Literal(1)}))
    CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?s ?p ?o }
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QuerySyntaxError(f"{name!r} is not a SPARQL variable name")
    position = _pattern_start(sparql)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(sparql_term(term) for term in bindings.values())
    return f"{sparql[:position]} VALUES ({names}) {{ ({terms}) }}{sparql[position:]}"


def sparql_term(term: Term) -> str:
    r"""The SPARQL text of an RDF term, escaped so that no value can end its own token.

    A literal is one short ``"..."`` string: ``\`` ``"`` and the line ends are written
    ``\\ \" \n \r \t``; every other control character, U+0085, U+2028 and U+2029 as
    ``\uXXXX``; a ``u`` or ``U`` after a backslash of the value as ``\u0075``/``\u0055``, so
    that the text holds no ``\u`` sequence the SPARQL codepoint-escape pass would read
    (:func:`kgost.querying._gate.canonical_text`). An IRI (a datatype too) must hold none of the characters IRIs cannot. A blank node
    has no text a query could name, so it is refused. Hand-written: rdflib's ``Term.n3()`` writes
    long strings with raw line breaks and leaves other control characters raw.

    Raises
    ------
    QueryError
        The term cannot be written safely (a blank node, a bad IRI, a lone surrogate).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> print(sparql_term(Literal('a "b"\n\\c\u2028', lang="en")))
    "a \"b\"\n\\c\u2028"@en
    >>> print(sparql_term(Literal(3)))
    "3"^^<http://www.w3.org/2001/XMLSchema#integer>
    >>> sparql_term(URIRef("http://x/> } SERVICE <http://y"))
    Traceback (most recent call last):
    ...
    kgost.QueryError: 'http://x/> } SERVICE <http://y' is not an IRI that can be bound: an IRI cannot hold spaces, quotes, braces, angle brackets, | or ^
    """
    if isinstance(term, Literal):
        text = '"' + _ESCAPABLE.sub(_escape, str(term)) + '"'
        if term.language:  # rdflib checks the tag: letters, digits and -
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != _XSD_STRING:
            return f"{text}^^{sparql_term(URIRef(term.datatype))}"
        return text
    if isinstance(term, URIRef):
        if _BAD_IRI.search(term) or not term:
            raise QueryError(
                f"{str(term)!r} is not an IRI that can be bound: an IRI cannot hold spaces, quotes, braces, angle brackets, | or ^"
            )
        return f"<{term}>"
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound in a query's text; bind an IRI or a literal")
    raise QueryError(f"cannot bind {term!r}: not an RDF term")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ECHAR:
        return _ECHAR[char]
    if char[0] == "\\":  # a backslash followed by u or U: keep the pair out of the \u pass
        return "\\\\" + ("\\u0075" if char[1] == "u" else "\\u0055")
    if "\ud800" <= char <= "\udfff":
        raise QueryError(f"cannot bind a string holding a lone surrogate (U+{ord(char):04X}), which is not Unicode text")
    return f"\\u{ord(char):04X}"


def _pattern_start(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE pattern (the last top-level group
    that is not a trailing VALUES block)."""
    depth = 0
    last_word = ""
    candidates: list[int] = []
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind in ("comment", "long", "string", "iri", "var"):
            continue
        if kind == "open":
            if depth == 0 and last_word.upper() not in ("VALUES", "DATA"):
                candidates.append(match.end())
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            last_word = match.group()
    if not candidates:
        raise QuerySyntaxError("cannot bind parameters: the query has no { ... } pattern")
    return candidates[-1]
