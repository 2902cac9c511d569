"""A query naming a kgost: term the ontology does not define gets a warning with the closest term."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import kgost
from kgost.cli._main import main
from kgost._terms import unknown_terms


def test_a_typo_warns_with_the_closest_term(kg: kgost.KnowledgeGraph) -> None:
    with pytest.warns(kgost.UnknownTermWarning) as caught:
        result = kg.sparql("SELECT ?t WHERE { ?s kgost:titel ?t }")
    assert len(result) == 0
    [warning] = [w for w in caught if issubclass(w.category, kgost.KgostWarning)]
    assert str(warning.message).startswith("kgost:titel is not a term of the kgost ontology (did you mean kgost:title?)")
    assert "kgost query ontology-terms" in str(warning.message)
    assert issubclass(kgost.UnknownTermWarning, kgost.KgostWarning) and "KgostWarning" in kgost.__all__


def test_full_iris_count_and_strings_comments_do_not(kg: kgost.KnowledgeGraph) -> None:
    text = """# kgost:commentTypo is a comment
    SELECT ?s WHERE { ?s <https://w3id.org/kgost/ontology#memberof> ?g ; kgost:name "kgost:inAString" ;
                      kgost:nmae ?n ; kgost:nmae ?m }"""
    assert unknown_terms(kg, text) == [("memberof", "memberOf"), ("nmae", "name")]


def test_another_kgost_prefix_is_not_checked(kg: kgost.KnowledgeGraph) -> None:
    assert unknown_terms(kg, "PREFIX kgost: <urn:other#> SELECT * WHERE { ?s kgost:titel ?o }") == []


def test_a_term_the_loaded_graph_declares_is_defined(tmp_path: Path) -> None:
    extra = tmp_path / "mine.ttl"
    extra.write_text("@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
                     "kgost:mood a <http://www.w3.org/2002/07/owl#DatatypeProperty> .\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", kgost.KgostWarning)
        kgost.load(extra).sparql("SELECT * WHERE { ?s kgost:mood ?m }")


def test_every_named_query_uses_defined_terms_only(kg: kgost.KnowledgeGraph) -> None:
    for query in kgost.named_queries():
        assert unknown_terms(kg, query.path.read_text(encoding="utf-8")) == [], query.name


def test_the_cli_warns_on_stderr_and_the_help_names_the_terms_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "SELECT ?t WHERE { ?s kgost:titel ?t }"]) == 0
    out, err = capsys.readouterr()
    assert "(0 rows)" in out
    assert err == ("UnknownTermWarning: kgost:titel is not a term of the kgost ontology (did you mean kgost:title?);"
                   " its terms: kgost query ontology-terms\n")
    with pytest.raises(SystemExit):
        main(["sparql", "--help"])
    assert "kgost query ontology-terms" in " ".join(capsys.readouterr().out.split())
