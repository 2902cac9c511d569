"""Every fact of the article is in the graph, traceable to its sentence; nothing from page navigation."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ARTICLE, ARTICLE_MISSING, select

SONGS = {
    # position: (song, series, series kind, performers, people around the song: cast/characters)
    1: ("Christmas Tree", "Our Beloved Summer", "TVDrama", {"V"}, {}),
    2: ("Fall in You", "True Beauty", "TVDrama", {"Ha Sungwoon"}, {"Lee Suho": "Cha Eunwoo", "Im Jukyung": "Mun Kayoung"}),
    3: ("Here Always", "Hometown Cha-Cha-Cha", "TVDrama", {"Seungmin"}, {None: {"Kim Seonho", "Shin Mina"}}),
    4: ("Orbit", "The King: Eternal Monarch", "TVDrama", {"Hwasa"}, {None: {"Lee Minho", "Kim Goeun"}}),
    5: (
        "In Your Time",
        "It’s Okay to Not Be Okay",
        "TVDrama",
        {"Lee Suhyun"},
        {"antisocial children’s book author": "Seo Yeaji", "psychiatric hospital staff": "Kim Soohyun"},
    ),
    6: ("Don’t Cry My Love", "Under the Oak Tree", "WebtoonSeries", {"Cha Eunwoo"}, {"Riftan": None, "Maximillian Calypse": None}),
    7: ("Here I Am Again", "Crash Landing on You", "TVDrama", {"Baek Yerin"}, {"Ri Jeong Hyeok": "Hyun Bin", "Yoon Seri": "Son Yejin"}),
    8: ("Stay with Me", "Guardian: The Lonely and Great God", "TVDrama", {"Punch", "Chanyeol"}, {}),
    9: ("For You", "Scarlet Heart Ryeo", "TVDrama", {"EXO-CBX"}, {None: {"Baekhyun"}}),
    10: ("Everytime", "Descendants of The Sun", "TVDrama", {"Chen", "Punch"}, {"Yoo Shijin": "Song Joongki", "Kang Moyeon": "Song Hyekyo"}),
}


def song_iri(kg, title: str) -> str:
    rows = select(kg, "SELECT ?song WHERE { ?song a kgost:Song ; kgost:title ?title }", title=_lit(title))
    assert len(rows) == 1, f"expected one song titled {title!r}, found {rows}"
    return rows[0][0]


def _lit(text: str):
    from rdflib import Literal

    return Literal(text)


@pytest.mark.parametrize("position", sorted(SONGS))
def test_song_series_performers_and_people(kg, position: int) -> None:
    title, series, kind, performers, people = SONGS[position]
    from rdflib import URIRef

    song = URIRef(song_iri(kg, title))
    # ranked list position
    assert select(kg, "SELECT ?p WHERE { ?a kgost:rankedItem ?i . ?i kgost:item ?song ; kgost:position ?p }", song=song) == [
        (str(position),)
    ]
    # series and its kind (exactly one kind)
    rows = select(
        kg,
        "SELECT ?title ?kind WHERE { ?song kgost:ostOf ?s . ?s kgost:title ?title ; a ?kind ."
        " FILTER(?kind IN (kgost:TVDrama, kgost:WebtoonSeries)) }",
        song=song,
    )
    assert rows == [(series, f"https://w3id.org/kgost/ontology#{kind}")]
    # performers
    names = {r[0] for r in select(kg, "SELECT ?n WHERE { ?song kgost:performer ?p . ?p kgost:name ?n }", song=song)}
    assert names == performers
    # the people around it: characters and who plays them, cast without a named character
    for character, actor in people.items():
        if character is None:
            cast = {r[0] for r in select(kg, "SELECT ?n WHERE { ?song kgost:ostOf ?s . ?s kgost:castMember ?p . ?p kgost:name ?n }", song=song)}
            assert actor <= cast
            continue
        rows = select(
            kg,
            "SELECT ?actor WHERE { ?song kgost:ostOf ?s . ?c kgost:characterIn ?s ; kgost:name|rdfs:label ?name ."
            " OPTIONAL { ?c kgost:playedBy/kgost:name ?actor } }",
            song=song,
            name=_lit(character),
        )
        assert rows == [(actor,)], f"{character} in {series}"
    # every stated fact about the song is traceable to a sentence of the article
    for source in kg.sources(song):
        assert source.kind in ("sentence", "inference", "curation")
        if source.kind == "sentence":
            assert source.text and source.article_title


def test_groups_members_and_sub_units(kg) -> None:
    rows = select(kg, "SELECT ?p ?g WHERE { ?x kgost:memberOf ?y . ?x kgost:name ?p . ?y kgost:name ?g }")
    assert set(rows) == {
        ("V", "BTS"),
        ("Seungmin", "Stray Kids"),
        ("Hwasa", "MAMAMOO"),
        ("Lee Suhyun", "AKMU"),
        ("Chanyeol", "EXO"),
        ("Chen", "EXO"),
        ("Chen", "EXO-CBX"),
        ("Baekhyun", "EXO-CBX"),
        ("Xiumin", "EXO-CBX"),
        ("Baekhyun", "EXO"),
        ("Xiumin", "EXO"),
    }
    assert select(kg, "SELECT ?n WHERE { ?u a kgost:SubUnit ; kgost:subUnitOf/kgost:name ?n }") == [("EXO",)]


def test_inferred_memberships_are_marked_inferred(kg) -> None:
    for person in ("person:baekhyun", "person:xiumin"):
        [src] = kg.sources(person, "kgost:memberOf", "group:exo")
        assert src.kind == "inference"
    [src] = kg.sources("person:chen", "kgost:memberOf", "group:exo")
    assert src.kind == "sentence" and "Chen (EXO)" in (src.text or "")


def test_dates(kg) -> None:
    rows = select(kg, "SELECT ?t ?d WHERE { ?s kgost:title ?t ; kgost:releaseDate ?d }")
    assert set(rows) == {("Orbit", "2020-04-19"), ("Stay with Me", "2016-12-03")}
    [src] = kg.sources("song:stay-with-me", "kgost:releaseDate")
    assert src.kind == "inference" and "December 3rd" in src.derived_from[1]
    years = select(kg, "SELECT ?t ?y WHERE { ?s kgost:title ?t ; kgost:releaseYear ?y }")
    assert set(years) == {("Don’t Cry My Love", "2021"), ("Guardian: The Lonely and Great God", "2016"), ("It’s Okay to Not Be Okay", "2020")}
    article = select(kg, "SELECT ?d WHERE { ?a a kgost:Article ; kgost:publicationDate ?d }")
    assert article == [("2022-02-14",)]
    value = kg.sparql_raw("PREFIX kgost: <https://w3id.org/kgost/ontology#> SELECT ?d { ?a kgost:publicationDate ?d }").rows[0][0]
    assert value.toPython() == dt.date(2022, 2, 14)


def test_charts_and_nomination(kg) -> None:
    rows = select(kg, "SELECT ?song ?chart ?pos WHERE { ?s kgost:title ?song ; kgost:chartEntry ?e . ?e kgost:position ?pos ; kgost:chart/kgost:name ?chart }")
    assert set(rows) == {("Christmas Tree", "Billboard Digital Song Sales", "1"), ("Don’t Cry My Love", "worldwide iTunes chart", "15")}
    rows = select(kg, "SELECT ?who ?award ?work WHERE { ?n a kgost:Nomination ; kgost:nominee/kgost:name ?who ; kgost:award/kgost:name ?award ; kgost:forWork/kgost:title ?work }")
    assert rows == [("Chanyeol", "Melon Top 10 Artist Award", "Stay with Me")]


def test_broadcaster_theme_video_and_other_names(kg) -> None:
    assert select(kg, "SELECT ?t WHERE { ?s kgost:broadcaster/kgost:name 'SBS' ; kgost:title ?t }") == [("The King: Eternal Monarch",)]
    assert select(kg, "SELECT ?c WHERE { ?s kgost:themeOf/kgost:name ?c }") == [("Riftan",)]
    featured = {r[0] for r in select(kg, "SELECT ?n WHERE { ?v kgost:musicVideoOf/kgost:title 'Here Always' ; kgost:features/kgost:name ?n }")}
    assert featured == {"Kim Seonho", "Shin Mina", "Seungmin"}
    assert select(kg, "SELECT ?o WHERE { ?p kgost:name 'Hwasa' ; kgost:otherName ?o }") == [("Ahn Hyejin",)]
    assert select(kg, "SELECT ?o WHERE { ?p kgost:title 'Scarlet Heart Ryeo' ; kgost:alternativeTitle ?o }") == [("Moon Lovers",)]
    lyrics = select(kg, "SELECT ?t WHERE { ?s kgost:title ?t ; kgost:lyricsExcerpt ?l }")
    assert {r[0] for r in lyrics} == {"Fall in You", "Everytime"}


def test_article_metadata(kg) -> None:
    rows = select(kg, "SELECT ?t ?author ?credit WHERE { ?a a kgost:Article ; kgost:title ?t ; kgost:author/kgost:name ?author ; kgost:photoCredit ?credit }")
    assert rows == [("Enjoy Love Ballads with The Top 10 Romantic OSTs from K-dramas", "Debashree Dutta", "Courtesy of HanCinema")]
    categories = {r[0] for r in select(kg, "SELECT ?c WHERE { ?a kgost:category ?c }")}
    assert categories == {"Artists", "Features", "K-drama", "K-pop", "Movies & TV", "Music"}
    positions = [int(r[0]) for r in select(kg, "SELECT ?p WHERE { ?a kgost:rankedItem/kgost:position ?p } ORDER BY ?p")]
    assert positions == list(range(1, 11))


def test_romanization_variants_find_people(kg) -> None:
    for variant, name in [("Cha Eun-woo", "Cha Eunwoo"), ("song joong-ki", "Song Joongki"), ("EXO CBX", "EXO-CBX")]:
        assert kg.resolve(variant).label == name


@pytest.mark.skipif(not ARTICLE.is_file(), reason=ARTICLE_MISSING)
def test_every_sentence_is_quoted_exactly_from_the_article(kg) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    texts = select(kg, "SELECT ?s ?text WHERE { ?s a kgost:Sentence ; kgost:text ?text }")
    assert len(texts) == 47
    for sentence, text in texts:
        assert text in article, f"{sentence} is not quoted exactly"
    # sentence indexes follow the article's reading order
    ordered = [t for _, t in sorted(((int(i), t) for t, i in select(kg, "SELECT ?t ?i WHERE { ?s kgost:text ?t ; kgost:sentenceIndex ?i }")))]
    offsets = [article.index(t) for t in ordered]
    assert offsets == sorted(offsets)


def test_navigation_is_not_data(kg) -> None:
    everything = " ".join(r[0] for r in select(kg, "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"))
    for navigation in ("Also See", "CandyFloss", "Persephone", "Powerwolf", "Call Of The Wild", "Type to search"):
        assert navigation not in everything


def test_every_fact_graph_is_a_sentence_an_inference_a_curation_or_metadata(kg) -> None:
    rows = select(
        kg,
        "SELECT DISTINCT ?g ?kind WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?g a ?kind } }",
    )
    kinds = {}
    for graph, kind in rows:
        kinds.setdefault(graph, set()).add(kind)
    allowed = {f"https://w3id.org/kgost/ontology#{k}" for k in ("Sentence", "Inference", "Curation")}
    for graph, found in kinds.items():
        if graph in ("https://w3id.org/kgost/ontology", "https://w3id.org/kgost/id/graph/sources"):
            continue
        assert found & allowed, f"graph {graph} is not a sentence, inference or curation"
    # every inference says what it rests on and why
    rows = select(kg, "SELECT ?i (COUNT(?s) AS ?n) WHERE { ?i a kgost:Inference ; prov:wasDerivedFrom ?s ; rdfs:comment ?c } GROUP BY ?i")
    inferences = {g for g, found in kinds.items() if "https://w3id.org/kgost/ontology#Inference" in found}
    assert len(rows) == len(inferences) == 15 and all(int(n) >= 1 for _, n in rows)


def test_nothing_the_article_does_not_say(kg) -> None:
    # the music video has no title in the article, and two characters are named only by role
    assert select(kg, "SELECT ?t WHERE { video:here-always kgost:title ?t }") == []
    roles = select(kg, "SELECT ?c ?label WHERE { ?c kgost:characterIn series:its-okay-to-not-be-okay ; rdfs:label ?label"
                       " FILTER NOT EXISTS { ?c kgost:name ?n } } ORDER BY ?label")
    assert [label for _, label in roles] == ["antisocial children’s book author", "psychiatric hospital staff"]
    [source] = kg.sources(roles[0][0], "rdfs:label")
    assert source.graph == "s:e05-1" and source.kind == "sentence"


@pytest.mark.parametrize(
    "sentence, subject, description",
    [
        ("e02-3", "song:fall-in-you", "A soulful romantic number."),
        ("e04-2", "song:orbit", "A lovely piece of music; Hwasa’s soothing voice adds to the appeal."),
        ("e10-2", "song:everytime", "A love hit with the right combination of words, music, and vocals."),
        ("e07-3", "character:ri-jeong-hyeok", "An army commander who falls in love with the chaebol heiress."),
        ("e01-2", "song:christmas-tree", "V’s encapsulating voice is another add-on to the music and lyrics."),
        ("e02-1", "song:fall-in-you", "A soulful rendition."),
        ("e02-2", "character:im-jukyung", "Lee Suho’s beloved."),
        ("e05-1", "song:in-your-time", "A soft romantic number."),
        ("e05-2", "series:its-okay-to-not-be-okay", "A psychological romance drama."),
        ("e07-2", "series:crash-landing-on-you", "A love story between a North Korean army officer and a South Korean businesswoman."),
        ("e09-4", "series:scarlet-heart-ryeo", "A period drama."),
    ],
)
def test_every_describing_sentence_is_encoded(kg, sentence: str, subject: str, description: str) -> None:
    sources = [s for s in kg.sources(subject, "kgost:description") if s.graph == f"s:{sentence}"]
    assert [s.object for s in sources] == [description]
    assert sources[0].kind == "sentence" and sources[0].text


def test_only_the_opening_remark_states_no_fact(kg) -> None:
    silent = select(kg, "SELECT ?s WHERE { ?s a kgost:Sentence . FILTER NOT EXISTS { GRAPH ?s { ?a ?b ?c } } }")
    assert [s.rsplit("/", 1)[1] for (s,) in silent] == ["intro-1"]


@pytest.mark.parametrize("song, sentences", [("song:fall-in-you", ["s:e02-1", "s:e02-h"]), ("song:in-your-time", ["s:e05-1", "s:e05-h"])])
def test_a_sentence_that_names_the_series_states_the_ost_link(kg, song: str, sentences: list[str]) -> None:
    assert sorted(s.graph for s in kg.sources(song, "kgost:ostOf")) == sentences
