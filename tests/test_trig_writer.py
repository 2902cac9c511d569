"""kgost's TriG/Turtle writer nests blank nodes referenced once, keeps every other one labelled, and
what it writes reads back (rdflib and pyoxigraph) as the graph it was given."""

from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph
import pytest
import rdflib
from rdflib import BNode, URIRef
from rdflib.compare import isomorphic

from kgost.readwrite._trig import _NEST_DEPTH, nquads_to_trig

NESTED = """\
<urn:s> <urn:p> _:a <urn:g> .
_:a <urn:q> "x" <urn:g> .
_:a <urn:q> "y" <urn:g> .
_:a <urn:r> <urn:o> <urn:g> .
"""
TWO_DEEP = """\
<urn:s> <urn:p> _:a <urn:g> .
<urn:s> <urn:p> <urn:o> <urn:g> .
_:a <urn:q> _:b <urn:g> .
_:a <urn:q> "x" <urn:g> .
_:b <urn:r> "y"@en <urn:g> .
"""
SHARED = """\
<urn:s> <urn:p> _:a <urn:g> .
<urn:t> <urn:p> _:a <urn:g> .
_:a <urn:q> "x" <urn:g> .
<urn:s> <urn:p> _:lonely <urn:g> .
"""
CYCLE = """\
_:a <urn:p> _:b <urn:g> .
_:b <urn:p> _:c <urn:g> .
_:c <urn:p> _:a <urn:g> .
_:b <urn:q> _:d <urn:g> .
_:d <urn:q> "hangs on the cycle" <urn:g> .
_:e <urn:p> _:e <urn:g> .
<urn:s> <urn:p> "x" <urn:g> .
"""
SEVERAL_GRAPHS = """\
<urn:s> <urn:p> _:a <urn:g1> .
_:a <urn:q> "in g1" <urn:g1> .
<urn:s> <urn:p> _:b <urn:g2> .
_:b <urn:q> "in g2" <urn:g2> .
<urn:s> <urn:p> _:c <urn:g1> .
_:c <urn:q> "subject in g1 and g2" <urn:g1> .
_:c <urn:q> "subject in g1 and g2" <urn:g2> .
<urn:s> <urn:p> _:z <urn:g1> .
_:z <urn:q> "last subject in g1" <urn:g1> .
_:z <urn:q> "first subject in g1b" <urn:g1b> .
"""
OTHER_GRAPH = """\
<urn:s> <urn:p> _:a <urn:g1> .
_:a <urn:q> "subject in g2 only" <urn:g2> .
<urn:s> <urn:p> _:b <urn:g1> .
_:b <urn:q> "subject in both" <urn:g1> .
_:b <urn:q> "subject in both" <urn:g2> .
"""
CASES = {
    "nested": NESTED,
    "two levels deep": TWO_DEEP,
    "shared": SHARED,
    "cycle": CYCLE,
    "several graphs": SEVERAL_GRAPHS,
    "object in another graph": OTHER_GRAPH,
}


def test_a_blank_node_referenced_once_is_written_in_place_in_rdflibs_layout() -> None:
    assert nquads_to_trig(_sorted(TWO_DEEP), graphs=True) == (
        "\n<urn:g> {\n"
        "    <urn:s> <urn:p> <urn:o>,\n"
        "            [ <urn:q> \"x\",\n"
        "                    [ <urn:r> \"y\"@en ] ] .\n"
        "}\n"
    )
    assert nquads_to_trig(_triples(NESTED), graphs=False) == (
        "\n<urn:s> <urn:p> [ <urn:q> \"x\", \"y\" ;\n"
        "            <urn:r> <urn:o> ] .\n"
    )


@pytest.mark.parametrize("graphs", [True, False], ids=["trig", "turtle"])
@pytest.mark.parametrize("name", list(CASES))
def test_what_is_written_reads_back_as_the_same_graph(name: str, graphs: bool) -> None:
    lines = _sorted(CASES[name]) if graphs else _triples(CASES[name])
    text = nquads_to_trig(lines, graphs=graphs)
    want = _merged(_quads(lines))
    for reader in (_rdflib_read, _oxigraph_read):
        assert isomorphic(want, _merged(reader(text, graphs=graphs))), f"{reader.__name__} reads back another graph:\n{text}"


def test_only_blank_nodes_referenced_once_in_their_own_graph_nest() -> None:
    assert _labels(nquads_to_trig(_sorted(NESTED), graphs=True)) == {}
    assert _labels(nquads_to_trig(_sorted(TWO_DEEP), graphs=True)) == {}
    # referenced twice: labelled; referenced once but no subject: labelled
    assert _labels(nquads_to_trig(_sorted(SHARED), graphs=True)) == {"_:a": 3, "_:lonely": 1}
    # subject in two graphs: labelled; each graph's own blank node nests
    several = nquads_to_trig(_sorted(SEVERAL_GRAPHS), graphs=True)
    assert _labels(several) == {"_:c": 3, "_:z": 3} and several.count("[ ") == 2
    # subject in another graph than the one statement naming it: labelled in both
    assert _labels(nquads_to_trig(_sorted(OTHER_GRAPH), graphs=True)) == {"_:a": 2, "_:b": 3}


def test_a_cycle_of_blank_nodes_keeps_one_label_and_every_statement() -> None:
    text = nquads_to_trig(_sorted(CYCLE), graphs=True)
    # one node of the cycle a -> b -> c -> a keeps its label (subject and last object), the others
    # and _:d (hanging on b) nest; the self-loop _:e is its own cycle
    labels = _labels(text)
    assert len(labels) == 2 and labels.pop("_:e") == 2 and list(labels.values()) == [2]
    assert text.count("[ ") == 3


def test_a_blank_node_graph_name_is_never_nested() -> None:
    lines = "<urn:s> <urn:p> _:g <urn:g> .\n_:g <urn:q> \"x\" <urn:g> .\n<urn:t> <urn:p> \"y\" _:g .\n"
    assert _labels(nquads_to_trig(_sorted(lines), graphs=True)) == {"_:g": 3}


def test_long_chains_of_blank_nodes_nest_a_bounded_depth_and_read_back() -> None:
    # an RDF list of 100 items: each rest is referenced once
    chain = [f"_:n{i} <urn:first> \"{i}\" <urn:g> .\n_:n{i} <urn:rest> _:n{i + 1} <urn:g> .\n" for i in range(100)]
    lines = _sorted("<urn:s> <urn:list> _:n0 <urn:g> .\n" + "".join(chain) + "_:n100 <urn:first> \"end\" <urn:g> .\n")
    text = nquads_to_trig(lines, graphs=True)
    deepest = max(len(line) - len(line.lstrip(" ")) for line in text.splitlines())
    assert deepest <= 4 + 4 + 8 * _NEST_DEPTH + 4
    assert set(_labels(text)) == {f"_:n{i}" for i in range(_NEST_DEPTH, 101, _NEST_DEPTH + 1)}  # n8, n17, ...
    assert isomorphic(_merged(_quads(lines)), _merged(_rdflib_read(text, graphs=True)))


def test_the_bytes_depend_on_the_lines_only() -> None:
    lines = _sorted(CYCLE + SEVERAL_GRAPHS.replace("_:", "_:x") + TWO_DEEP.replace("_:", "_:y"))
    assert nquads_to_trig(lines, graphs=True) == nquads_to_trig(lines, graphs=True)
    assert nquads_to_trig("", graphs=True) == "\n"


def _sorted(nquads: str) -> str:
    """Lines in the order write_nquads(by_graph=True) gives: by graph, then by line."""
    lines = [line + "\n" for line in nquads.splitlines()]
    return "".join(sorted(lines, key=lambda line: (line[:-3].rsplit(" ", 1)[1], line)))


def _triples(nquads: str) -> str:
    """The statements of all graphs as sorted N-Triples."""
    return "".join(sorted({line[:-2].rsplit(" ", 1)[0] + " .\n" for line in nquads.splitlines()}))


def _quads(nquads: str) -> list[tuple]:
    """The statements of N-Quads (or N-Triples) text; graph ``None`` for N-Triples."""
    data = rdflib.Dataset()
    data.parse(data=nquads, format="nquads")
    return [(s, p, o, None if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g) for s, p, o, g in data.quads((None, None, None, None))]


def _rdflib_read(text: str, *, graphs: bool) -> list[tuple]:
    if not graphs:
        return [(s, p, o, None) for s, p, o in rdflib.Graph().parse(data=text, format="turtle")]
    data = rdflib.Dataset()
    data.parse(data=text, format="trig")
    return [(s, p, o, None if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g) for s, p, o, g in data.quads((None, None, None, None))]


def _oxigraph_read(text: str, *, graphs: bool) -> list[tuple]:
    kind = pyoxigraph.RdfFormat.TRIG if graphs else pyoxigraph.RdfFormat.TURTLE
    quads = pyoxigraph.parse(text, format=kind)
    return _quads(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS).decode())


def _merged(quads: list[tuple]) -> rdflib.Graph:
    """All graphs as one graph (the graph name folded into the predicate), so that isomorphism
    also checks that a blank node shared by two graphs is still one node."""
    graph = rdflib.Graph()
    for s, p, o, g in quads:
        assert not isinstance(g, BNode)
        graph.add((s, URIRef(f"urn:in:{quote(str(g), safe='')}:{quote(str(p), safe='')}"), o))
    return graph


def _labels(text: str) -> dict[str, int]:
    """How often each blank node label occurs in the text."""
    counts: dict[str, int] = {}
    for label in re.findall(r"_:[A-Za-z0-9]+", text):
        counts[label] = counts.get(label, 0) + 1
    return counts
