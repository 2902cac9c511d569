"""Growing a graph from entry files: convert, keep only what is new, validate the touched nodes, then write."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib import URIRef

from kgost.entries._convert import Converter, entity_iris
from kgost.entries._entries import place_order, read_checked
from kgost._errors import EntryError, InputError
from kgost._namespace import bind_prefixes, compact_iri
from kgost._types import Quad
from kgost.validation._shacl import ValidationReport, validate
from kgost._public import public
from kgost.readwrite._input import file_paths
from kgost.stores._base import StoreBase

if TYPE_CHECKING:
    from kgost._graphlike import GraphLike

__all__ = ["add_entries", "Addition"]

def add_entries(
    kg: GraphLike, *paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], dry_run: bool = False
) -> Addition:
    """Add the entries of YAML or CSV files to ``kg``: all of them, or nothing.

    Each entry's facts go into the named graph of its quoted sentence. Entities are reused when
    an ``id`` names them or, by kind, when a name matches one of their labels after
    :func:`kgost.normalize_name`; ``distinct: true`` keeps a homonym apart; others get readable
    IRIs in the bundled scheme (``person:kim-minjae``). Only quads the store does not hold are
    added, and only after the nodes they touch conform to the SHACL shapes.

    Parameters
    ----------
    kg
        The knowledge graph (its store receives the quads).
    *paths
        Entry files (``.yaml``, ``.yml``, ``.csv``), one by one or in lists.
    dry_run
        Work out and validate the addition but write nothing.

    Returns
    -------
    Addition
        The quads added (or that would be), the entities minted and reused, the validation report.

    Raises
    ------
    EntryError
        A file does not follow the entry schema, an entry is still marked for review, a name is
        ambiguous, or the result would not conform; ``problems`` lists every one with its line
        or row. Nothing is written then.
    InputError
        No file is given, or a file is missing or not ``.yaml``, ``.yml`` or ``.csv``.

    Examples
    --------
    >>> import kgost, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
    >>> _ = path.write_text(
    ...     "source: {title: My notes, author: Jo Kim, date: 2024-05-01}\\n"
    ...     "entries:\\n"
    ...     "  - sentence: Chanyeol (EXO) sang Another Day for the tvN drama Dream Days.\\n"
    ...     "    song: Another Day\\n"
    ...     "    series: {title: Dream Days, kind: tv-drama, network: tvN}\\n"
    ...     "    performers: [{name: Chanyeol, group: EXO}]\\n", encoding="utf-8")
    >>> kg = kgost.load()
    >>> added = kg.add_entries(path)
    >>> print(added)
    added 21 quads from mine.yaml: 5 new entities, 2 reused
    >>> kg.query("songs-by-person", person="Chanyeol").column("title")
    ['Another Day', 'Stay with Me']
    >>> print(kg.add_entries(path))  # the second time there is nothing new
    added 0 quads from mine.yaml: 0 new entities, 5 reused
    """
    files = file_paths(paths)
    if not files:
        raise InputError("no entry file given: name one or more .yaml or .csv files")
    # Every problem at once where possible: the entries that pass the schema are still
    # converted and validated, so a schema error does not hide a SHACL problem further on.
    problems: list[str] = []
    found = []
    for path in files:
        entries, schema_problems = read_checked(path)
        problems.extend(schema_problems)
        if entries is not None:
            problems.extend(_reviews(entries.data, (), entries))
            found.append(entries)
    converter = Converter(kg)
    for entries in found:
        converter.convert(entries)
    problems.extend(converter.problems)
    held = _store(kg).held(converter.quads)
    new = [q for q in converter.quads if q not in held]
    report = _check(kg, new) if new and not converter.problems else ValidationReport(conforms=True, results=[])
    problems.extend(_placed(r, converter.places) for r in report.results if r.severity == "Violation")
    if problems:
        raise EntryError(_names(files), sorted(dict.fromkeys(problems), key=_line_order))
    touched = entity_iris(new)
    minted = {iri: place for iri, place in converter.minted.items() if iri in touched}
    if not dry_run:
        kg.store.add(new)
    return Addition(quads=new, minted=sorted(minted), reused=sorted(converter.reused), report=report,
                    files=[p.name for p in files], dry_run=dry_run)


@public
@dataclass
class Addition:
    """What :func:`add_entries` added (or, with ``dry_run``, would add).

    ``quads`` are the new quads; ``minted`` the new entities and ``reused`` the known ones the
    entries name; ``report`` the validation of the nodes the quads touch.

    Examples
    --------
    >>> add = Addition(quads=[], minted=[], reused=[], report=ValidationReport(True, []), files=["x.yaml"])
    >>> print(add)
    added 0 quads from x.yaml: 0 new entities, 0 reused
    >>> add.to_trig()
    ''
    """

    quads: list[Quad]
    minted: list[URIRef]
    reused: list[URIRef]
    report: ValidationReport
    files: list[str] = field(default_factory=list)
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "would add" if self.dry_run else "added"
        return (f"{verb} {len(self.quads)} quads from {', '.join(self.files)}: "
                f"{len(self.minted)} new entities, {len(self.reused)} reused")

    def to_trig(self) -> str:
        """The new quads as TriG (empty text when there are none)."""
        if not self.quads:
            return ""
        dataset = bind_prefixes(rdflib.Dataset())
        for s, p, o, g in self.quads:
            dataset.graph(g).add((s, p, o))
        return dataset.serialize(format="trig")


def _reviews(value: Any, keys: tuple[Any, ...], entries: Any) -> list[str]:
    """Every ``review:`` mark left in a draft, with its place."""
    found = []
    if isinstance(value, dict):
        if "review" in value:
            found.append(f"{entries.where(keys + ('review',))}: marked for review ({value['review']}); check the fact, then delete `review`")
        for key, sub in value.items():
            if key != "review":
                found.extend(_reviews(sub, keys + (key,), entries))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            found.extend(_reviews(sub, keys + (i,), entries))
    return found


def _store(kg: GraphLike) -> StoreBase:
    """The graph's store, with the lookups of :class:`StoreBase` (by SPARQL for a store of another kind)."""
    store = kg.store
    if isinstance(store, StoreBase):
        return store
    adapted = StoreBase()
    adapted.query = store.query  # type: ignore[method-assign]
    return adapted


def _check(kg: GraphLike, new: list[Quad]) -> ValidationReport:
    """Validate the nodes ``new`` touches, on them and their neighbours only (fast on a large store)."""
    from kgost.readwrite._bundled import ontology_quads

    store = _store(kg)
    focus = entity_iris(new)
    quads: set[Quad] = set(new) | set(store.about(focus))
    incoming: set[URIRef] = set()
    for quad in store.about(focus, as_object=True):
        quads.add(quad)
        if isinstance(quad[0], URIRef):
            incoming.add(quad[0])
    neighbours = {q[2] for q in quads if isinstance(q[2], URIRef) and q[0] in focus} | incoming
    quads |= set(store.about(neighbours - focus))
    # A new, empty graph of the caller's kind (kgost.KnowledgeGraph), in memory, on the engine the
    # caller's store names for scratch work (Oxigraph for Oxigraph), where a compiled engine's
    # SPARQL validator runs the shapes on the touched nodes only.
    from kgost.stores._registry import make_store

    scratch = type(kg)(store=make_store(kg.store.capabilities.scratch))
    native = scratch.store.capabilities.compiled_queries
    scratch.store.add(ontology_quads())
    scratch.store.add(quads)
    # The scratch graph holds only the touched nodes and their neighbours. pyshacl validates every
    # target in it (its focus_nodes filter is quadratic); results about a neighbour, whose own
    # neighbours are not all loaded, are dropped.
    report = validate(scratch, focus=focus if native else None)
    shown = {compact_iri(iri) for iri in focus}
    results = [r for r in report.results if r.focus in shown]
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results), results=results)


def _placed(result: Any, places: dict[URIRef, str]) -> str:
    """A validation result as one problem line, at the place the focus node was named."""
    from kgost._namespace import expand_iri

    try:
        place = places.get(expand_iri(result.focus), "")
    except Exception:  # a blank node or an odd focus: no place
        place = ""
    value = f" (value: {result.value})" if result.value is not None else ""
    return f"{place or '?'}: {result.focus}: {result.message}{value} [{result.shape}]"


def _line_order(problem: str) -> tuple[str, int, int]:
    """Problems by file, then line (or CSV row), then column."""
    place, _, _ = problem.partition(": ") if problem.split(":", 1)[1][:1].isdigit() else problem.partition(" (")
    return (place.split(":", 1)[0], *place_order(place))  # type: ignore[return-value]


def _names(files: Iterable[Any]) -> str:
    return ", ".join(os.fspath(f) for f in files)

