"""Export from N-Quads lines an engine wrote itself: selection, canonical blank nodes, sorting."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kgost.readwrite._nquads import canonical_labels

__all__ = ["lines_export", "TERM"]

#: One term of a canonical N-Quads line: an IRI, a blank node, a literal with its tag or datatype.
TERM = re.compile(r'<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?')


def lines_export(lines: Iterable[str], *, graphs: bool, graph: str | None = None, canonical: bool = False) -> str:
    """N-Quads (``graphs``) or N-Triples text from the engine's N-Quads lines of named graphs.

    The same bytes as :func:`kgost.readwrite._nquads.write_nquads` after
    :func:`kgost.readwrite._nquads.canonical_quads` gives for the same quads (the engine writes
    canonical N-Quads escapes): ``graph`` keeps one named graph (an N-Triples term); N-Triples
    drop the graph names (the union); blank nodes get their RDFC-1.0 labels; lines are sorted by
    graph then text (by text alone when ``canonical``) and repeats removed. Only the lines with a
    blank node are parsed again (by pyld, for the labelling).
    """
    chosen: Iterable[str] = lines
    if graph is not None:
        tail = f" {graph} .\n"
        chosen = (line for line in chosen if line.endswith(tail))
    if not graphs:
        chosen = (line[: line.rindex(" ", 0, len(line) - 3)] + " .\n" for line in chosen)
    unique = set(chosen)
    blank = [line for line in unique if "_:" in line]
    if blank:
        labels = canonical_labels("".join(blank))
        if labels:
            relabel = lambda m: labels.get(m.group(), m.group())  # noqa: E731
            unique.difference_update(blank)
            unique.update(TERM.sub(relabel, line) for line in blank)
    if graphs and not canonical:  # by graph, then by line: grouped first, each group sorted
        groups: dict[str, list[str]] = {}
        for line in unique:
            groups.setdefault(line[line.rindex(" ", 0, len(line) - 3) + 1 : -3], []).append(line)
        return "".join("".join(sorted(groups[name])) for name in sorted(groups))
    return "".join(sorted(unique))
