"""kgost generate: deterministic, streamed, conforming except for exactly the injected violations."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import rdflib

import kgost
from kgost.cli._main import main


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name in ("g.trig", "g.nq"):
        one = kgost.generate(tmp_path / f"a-{name}", songs=40, seed=7, violations=3)
        two = kgost.generate(tmp_path / f"b-{name}", songs=40, seed=7, violations=3)
        other = kgost.generate(tmp_path / f"c-{name}", songs=40, seed=8, violations=3)
        assert one.path.read_bytes() == two.path.read_bytes()
        assert other.path.read_bytes() != one.path.read_bytes()
        assert one.quads == two.quads


def test_trig_and_nquads_hold_the_same_quads(tmp_path: Path) -> None:
    trig = kgost.generate(tmp_path / "g.trig", songs=30, seed=2, violations=7)
    nquads = kgost.generate(tmp_path / "g.nq", songs=30, seed=2, violations=7)
    a, b = rdflib.Dataset(), rdflib.Dataset()
    a.parse(trig.path, format="trig")
    b.parse(nquads.path, format="nquads")
    assert trig.quads == nquads.quads == len(nquads.path.read_text().splitlines()) - 2 - 7  # header lines
    assert set(a.quads()) == set(b.quads())  # no blank nodes: the same quads, term for term


def test_every_fact_is_in_a_described_sentence_graph(tmp_path: Path) -> None:
    result = kgost.generate(tmp_path / "g.nq", songs=15)
    data = rdflib.Dataset()
    data.parse(result.path, format="nquads")
    sources = rdflib.URIRef(f"{kgost.KGOST_ID}graph/generated-sources")
    sentences = set(data.graph(sources).subjects(rdflib.RDF.type, kgost.KGOST.Sentence))
    graphs = {g for _, _, _, g in data.quads() if g != sources}
    assert graphs and graphs == sentences
    for sentence in sentences:
        assert data.graph(sources).value(sentence, kgost.KGOST.inArticle) is not None


def test_conforms_except_for_exactly_the_injected_violations(tmp_path: Path) -> None:
    # 25 songs: about 1,000 quads, every kind of violation once
    result = kgost.generate(tmp_path / "g.trig", songs=25, seed=5, violations=len(kgost.VIOLATION_KINDS))
    assert 900 <= result.quads <= 1300
    assert {v.kind for v in result.violations} == set(kgost.VIOLATION_KINDS)
    report = kgost.load(result.path).validate()
    found = sorted((str(kgost.expand_iri(str(r.focus))), str(kgost.expand_iri(str(r.shape)))) for r in report.results)
    assert found == sorted((v.focus, v.shape) for v in result.violations)


@pytest.mark.slow
def test_without_violations_it_conforms(tmp_path: Path) -> None:
    result = kgost.generate(tmp_path / "g.nq", songs=30, seed=11)
    report = kgost.load(result.path).validate()
    assert report.conforms, str(report)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_loads_on_each_store(tmp_path: Path, store: str) -> None:
    result = kgost.generate(tmp_path / "g.nq", songs=20, seed=1)
    bundled = len(kgost.load(store=store))
    kg = kgost.load(result.path, store=store)
    assert len(kg) == bundled + result.quads
    [row] = kg.sparql("SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/kgost/ontology#Song> }").rows
    assert int(row[0]) == 20 + 10  # the generated songs and the article's ten


def test_memory_does_not_grow_with_size(tmp_path: Path) -> None:
    kgost.generate(tmp_path / "warm.nq", songs=5)  # imports done before measuring
    peaks = []
    for songs in (50, 500):
        tracemalloc.start()
        try:
            kgost.generate(tmp_path / f"{songs}.nq", songs=songs, violations=5)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.2 + 100_000, peaks  # ten times the data, the same memory


def test_bad_arguments_are_input_errors_and_write_nothing(tmp_path: Path) -> None:
    for kwargs, words in [
        (dict(songs=0), "songs must be"),
        (dict(songs=3, violations=4), "from 0 to songs (3)"),
        (dict(songs=3, seed=1.5), "seed must be"),
        (dict(songs=3, format="turtle"), "unknown format 'turtle'"),
    ]:
        with pytest.raises(kgost.InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
            kgost.generate(tmp_path / "g.nq", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(kgost.InputError, match="cannot tell the format"):
        kgost.generate(tmp_path / "g.ttl", songs=3)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text("old\n")

    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kgost.generate(path, songs=30, on_song=interrupt)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.nq"]


def test_cli_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "g.trig"
    assert main(["generate", "--songs", "12", "--seed", "3", "--violations", "2", "-o", str(path)]) == 0
    out, err = capsys.readouterr()
    assert f"to {path} as trig; 2 injected violations (missing-title, year-not-gyear)" in out
    assert err == ""  # not a terminal: no progress
    assert path.read_bytes() == kgost.generate(tmp_path / "again.trig", songs=12, seed=3, violations=2).path.read_bytes()
    assert "# violation 2: year-not-gyear at <https://w3id.org/kgost/id/song/generated-6>" in path.read_text()


def test_cli_generate_errors_are_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kgost", "generate", "--songs", "3", "--violations", "9", "-o", "x.nq"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == "InputError: violations must be a whole number from 0 to songs (3), not 9\n"
