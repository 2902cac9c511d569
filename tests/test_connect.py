"""Explained connections, shared members and centrality on the article's graph."""

from __future__ import annotations

import json
import re

import pytest
from conftest import select

import kgost
from kgost import AmbiguousEntityError, EntityNotFoundError, InputError
from kgost._vocabulary import vocabulary
from kgost.networks._connect import Hop, explain


def _title(kg, iri: str) -> str:
    [(label,)] = select(kg, "SELECT ?l WHERE { ?x kgost:title|kgost:name ?l }", x=kg.iri(iri))
    return label


def test_chanyeol_reaches_song_joongki_through_punch_and_through_chen(kg):
    found = kg.connect("Chanyeol", "Song Joongki")
    assert found.connected and found.length == 5 and found.total == len(found.paths) == 2
    routes = {tuple(p.nodes) for p in found.paths}
    assert routes == {
        ("person:chanyeol", "song:stay-with-me", "person:punch", "song:everytime", "series:descendants-of-the-sun",
         "person:song-joongki"),
        ("person:chanyeol", "group:exo", "person:chen", "song:everytime", "series:descendants-of-the-sun",
         "person:song-joongki"),
    }


def test_the_punch_route_is_explained_hop_by_hop(kg):
    found = kg.connect("Chanyeol", "Song Joongki")
    [path] = [p for p in found.paths if "person:punch" in p.nodes]
    dots = _title(kg, "series:descendants-of-the-sun")
    # Each hop, in words taken from the graph's labels.
    for clause in ["Chanyeol sang 'Stay with Me' with Punch", "Punch sang 'Everytime'",
                   f"'Everytime' is an OST of {dots}", f"Song Joongki plays Yoo Shijin in {dots}"]:
        assert clause in path.explanation
    assert path.explanation == "; ".join([
        "Chanyeol sang 'Stay with Me' with Punch", "Punch sang 'Everytime'",
        f"'Everytime' is an OST of {dots}", f"Song Joongki plays Yoo Shijin in {dots}"])
    assert [h.relation for h in path.hops] == ["performed", "performed", "performed", "OST of", "plays character"]
    assert [h.forward for h in path.hops] == [True, False, True, True, False]
    assert [h.graph for h in path.hops] == ["s:e08-1", "s:e08-1", "s:e10-1", "s:e10-h", "s:e10-3"]
    [(text,)] = select(kg, "SELECT ?t WHERE { s:e10-3 kgost:text ?t }")
    assert path.hops[-1].sentence == text


def test_the_chen_route_goes_through_exo_membership(kg):
    [path] = [p for p in kg.connect("Chanyeol", "Song Joongki").paths if "person:chen" in p.nodes]
    assert path.explanation.startswith("Chanyeol and Chen are both members of EXO; Chen sang 'Everytime'; ")


def test_explanations_come_from_relation_templates_both_ways(kg):
    """Walking the same path backwards uses the other template of each relation."""
    back = kg.connect("Song Joongki", "Chanyeol")
    [path] = [p for p in back.paths if "person:punch" in p.nodes]
    dots = _title(kg, "series:descendants-of-the-sun")
    assert path.explanation == (f"Song Joongki plays Yoo Shijin in {dots}; {dots} has the OST 'Everytime'; "
                                "'Everytime' is sung by Punch; Punch sang 'Stay with Me' with Chanyeol")
    for hop in path.hops:
        relation = vocabulary(kg).relation(hop.relation)  # the ontology's templates
        template = relation.forward if hop.forward else relation.backward
        assert hop.text == template.format(a=hop.source_label, b=hop.target_label, character="Yoo Shijin")


def test_explain_merges_only_matching_pairs():
    def hop(source, target, relation, forward):
        return Hop(source, target, source, target, relation, forward, f"{source}-{relation}-{target}")

    assert explain([hop("A", "S", "performed", True), hop("S", "B", "performed", False)]) == "A sang S with B"
    # Two hops that both leave the middle node are not co-performers.
    assert explain([hop("A", "G", "member of", True), hop("G", "S", "performed", True)]) == (
        "A-member of-G; G-performed-S")
    inferred = Hop("A", "G", "A", "G", "member of", True, "", inferred=True)
    assert explain([inferred, hop("G", "B", "member of", False)]) == "A and B are both members of G (inferred)"


def test_inferred_hops_are_marked_and_give_their_reason(kg):
    found = kg.connect("Baekhyun", "Chanyeol")
    [path] = found.paths
    assert path.explanation == "Baekhyun and Chanyeol are both members of EXO (inferred)"
    assert path.hops[0].inferred and "sub-unit of EXO" in path.hops[0].reason
    assert "inferred: Baekhyun and Xiumin are members of EXO-CBX" in found.describe(quotes=True)


def test_v_and_cha_eunwoo_are_not_connected(kg):
    found = kg.connect("V", "Cha Eun-woo")
    assert not found and found.paths == [] and found.length is None
    assert str(found) == "V and Cha Eunwoo are not connected in the artist view."
    assert json.loads(found.to_json())["connected"] is False


def test_full_view_connects_through_characters(kg):
    found = kg.connect("Riftan", "Cha Eunwoo", view="full")
    assert found.paths[0].explanation == "Riftan has the theme 'Don’t Cry My Love'; 'Don’t Cry My Love' is sung by Cha Eunwoo"


def test_max_paths_cuts_but_counts_all(kg):
    found = kg.connect("Chanyeol", "Song Joongki", max_paths=1)
    assert len(found.paths) == 1 and found.total == 2
    assert "2 shortest connections, showing 1" in str(found)


@pytest.mark.parametrize(("source", "target", "error", "message"), [
    ("Chanyol", "Chen", EntityNotFoundError, "no entity is named 'Chanyol'; closest: Chanyeol"),
    ("Chen", "Chen", InputError, "same entity"),
    ("Riftan", "Chen", InputError, "not in the 'artist' view.*try the full view"),
])
def test_bad_endpoints_are_explained(kg, source, target, error, message):
    with pytest.raises(error, match=message):
        kg.connect(source, target)


def test_ambiguous_names_list_candidates(kg):
    with pytest.raises(AmbiguousEntityError) as caught:
        kg.connect("Song", "Chen")  # Song Hyekyo, Song Joongki and a chart
    assert {"Song Hyekyo", "Song Joongki"} <= set(caught.value.candidates)


@pytest.mark.parametrize("kwargs", [{"max_paths": 0}, {"view": "people"}])
def test_bad_options_are_input_errors(kg, kwargs):
    with pytest.raises(InputError):
        kg.connect("Chanyeol", "Chen", **kwargs)


# Shared members ---------------------------------------------------------------------------------


def test_exo_cbx_overlaps_exo_through_membership(kg):
    found = kg.shared_members()
    [overlap] = found.overlaps
    assert (overlap.unit, overlap.group, overlap.relation) == ("EXO-CBX", "EXO", "sub-unit of")
    how = {m.name: (m.how, m.via) for m in overlap.members}
    assert how == {"Chen": ("stated", None), "Baekhyun": ("inferred", "EXO-CBX"), "Xiumin": ("inferred", "EXO-CBX")}


def test_chen_and_punch_link_songs(kg):
    links = {link.person: link.songs for link in kg.shared_members().links}
    assert links == {"Chen": [("Everytime", None), ("For You", "EXO-CBX")],
                     "Punch": [("Everytime", None), ("Stay with Me", None)]}


def test_membership_follows_sub_units_without_the_inference(kg):
    """Drop the inference graph: Baekhyun and Xiumin are still in EXO, through EXO-CBX."""
    plain = kgost.load(bundled=False)
    plain.store.add(q for q in kg.store.quads() if "inference/sub-unit-members" not in str(q[3]))
    [overlap] = plain.shared_members().overlaps
    assert {m.name: m.how for m in overlap.members} == {"Baekhyun": "through", "Chen": "stated", "Xiumin": "through"}


def test_group_filter(kg):
    exo = kg.shared_members(group="EXO")
    assert exo.group == "EXO" and [g.group for g in exo.group_songs] == ["EXO"]
    assert dict(exo.group_songs[0].songs) == {"Everytime": "Chen", "For You": "EXO-CBX: Baekhyun, Chen, Xiumin",
                                             "Stay with Me": "Chanyeol"}
    with pytest.raises(InputError, match="Chen .* is a Person, not a music group"):
        kg.shared_members(group="Chen")


def test_a_group_with_a_single_song_lists_it(kg):
    """V (BTS) sings 'Christmas Tree': one song is still the songs of BTS's members."""
    bts = kg.shared_members(group="BTS")
    assert (bts.group, bts.overlaps, bts.links) == ("BTS", [], [])
    assert [(g.group, g.songs) for g in bts.group_songs] == [("BTS", [("Christmas Tree", "V")])]
    assert str(bts).endswith("Songs of the members of BTS:\n  BTS: 'Christmas Tree' (V)")


@pytest.mark.parametrize("group", ["AKMU", "BTS", "EXO", "EXO-CBX", "MAMAMOO", "Stray Kids"])
def test_group_songs_agree_with_sparql(kg, group):
    """A member (of the group or of a sub-unit of it) sings the song in person or in a group."""
    member = "?p kgost:memberOf/kgost:subUnitOf* ?g"
    rows = select(kg, f"SELECT DISTINCT ?t WHERE {{ {member} . ?s kgost:title ?t . {{ ?s kgost:performer ?p }} UNION "
                      f"{{ ?s kgost:performer ?h . ?p kgost:memberOf/kgost:subUnitOf* ?h }} }}", g=kg.resolve(group).iri)
    expected = sorted((t for (t,) in rows), key=str.lower)
    [found] = kg.shared_members(group=group).group_songs
    assert [title for title, _ in found.songs] == expected and expected
    # The named query finds the songs its members sing (not those the group sings as itself).
    named = {str(row[1]) for row in kg.query("songs-by-group-members", group=group)}
    assert named and named <= set(expected)


def test_every_group_with_songs_is_listed(kg):
    listed = [g.group for g in kg.shared_members().group_songs]
    assert listed == ["AKMU", "BTS", "EXO", "EXO-CBX", "MAMAMOO", "Stray Kids"]


def test_a_group_whose_members_sing_nothing_has_no_songs(fresh_kg, tmp_path):
    extra = tmp_path / "groups.ttl"
    extra.write_text(
        "@prefix kgost: <https://w3id.org/kgost/ontology#> .\n"
        "@prefix group: <https://w3id.org/kgost/id/group/> .\n"
        "@prefix person: <https://w3id.org/kgost/id/person/> .\n"
        'group:quiet a kgost:MusicGroup ; kgost:name "Quiet Band" .\n'
        'person:mina-q a kgost:Person ; kgost:name "Mina Q" ; kgost:memberOf group:quiet .\n'
        'group:empty a kgost:MusicGroup ; kgost:name "Empty Band" .\n',
        encoding="utf-8",
    )
    fresh_kg.add(extra)
    quiet = fresh_kg.shared_members(group="Quiet Band")
    assert (quiet.group, quiet.overlaps, quiet.links, quiet.group_songs) == ("Quiet Band", [], [], [])
    assert str(quiet).endswith("Songs of the members of Quiet Band:\n  none")
    # A group with no members at all is not in the artist view, and is still a group.
    empty = fresh_kg.shared_members(group="Empty Band")
    assert (empty.group, empty.group_songs) == ("Empty Band", [])
    assert "Quiet Band" not in [g.group for g in fresh_kg.shared_members().group_songs]


# Centrality -------------------------------------------------------------------------------------


def test_central_ranks_by_degree_and_betweenness(kg):
    import networkx as nx

    view = nx.Graph(kg.network().to_undirected())
    ranked = kg.central(top=3)
    degrees = sorted((d for _, d in view.degree()), reverse=True)[:3]
    assert [c.degree for c in ranked] == degrees
    assert {c.label for c in ranked[:2]} == {"EXO", "EXO-CBX"}
    by_betweenness = kg.central(top=1, by="betweenness")[0]
    best = max(nx.betweenness_centrality(view).items(), key=lambda item: item[1])
    assert by_betweenness.node == best[0] == "song:everytime"


def test_central_by_degree_computes_no_betweenness_and_breaks_ties_by_label(kg, monkeypatch):
    import networkx as nx

    by_betweenness = kg.central(view="full", top=100, by="betweenness")
    assert all(c.betweenness is not None and " and lies on " in c.sentence for c in by_betweenness)

    def refused(*args, **kwargs):
        raise AssertionError("betweenness computed for a ranking by degree")

    monkeypatch.setattr(nx, "betweenness_centrality", refused)
    for view in ("artist", "full"):
        ranked = kg.central(view=view, top=100)
        assert [(c.degree, c.label.lower()) for c in ranked] == sorted(((c.degree, c.label.lower()) for c in ranked),
                                                                      key=lambda r: (-r[0], r[1]))
        assert all(c.betweenness is None and " lies on " not in c.sentence for c in ranked)
    # the same entities and degrees as the ranking by betweenness, and the same sentences but the share of paths
    lies = re.compile(r" and lies on [0-9.]+% of the shortest paths between others")
    assert {(c.node, c.degree, c.sentence) for c in ranked} == {
        (c.node, c.degree, lies.sub("", c.sentence, count=1)) for c in by_betweenness}


def test_central_sentences_say_what_an_entity_links(kg):
    [exo] = [c for c in kg.central(top=5) if c.label == "EXO"]
    assert exo.sentence.startswith("EXO (group) is linked to 5 entities")
    assert "has the sub-unit EXO-CBX; has the members Baekhyun, Chanyeol, Chen and Xiumin." in exo.sentence
    [dots] = [c for c in kg.central(top=20) if c.node == "series:descendants-of-the-sun"]
    assert "stars Song Hyekyo as Kang Moyeon and Song Joongki as Yoo Shijin" in dots.sentence


# A compact IRI in a sentence ("item:10", "entry:dont-cry-my-love-itunes-worldwide") is a raw id.
RAW_ID = re.compile(r"(?<![\w])(?:" + "|".join(p for p in kgost.PREFIXES if p not in ("xsd",)) + r"):[\w-]")


@pytest.mark.parametrize("view", sorted(kgost.NETWORK_VIEWS))
def test_central_sentences_read_well_on_every_view(kg, view):
    for entry in kg.central(view=view, top=100):
        text = entry.sentence
        assert not RAW_ID.search(text), text
        assert not any(bad in text for bad in ("—", "→", "object of", ": .", "  ")), text
        assert text.startswith(f"{entry.label} ({entry.kind}) is linked to ") and text.endswith("."), text


def test_central_on_the_full_view_leaves_out_the_ranked_list(kg):
    ranked = kg.central(view="full", top=100)
    assert {c.kind for c in ranked}.isdisjoint({"ranked item"})
    [article] = [c for c in ranked if c.kind == "article"]
    assert (article.degree, article.betweenness) == (1, None)
    assert article.sentence.endswith("is written by Debashree Dutta.")
    [everytime] = [c for c in ranked if c.label == "Everytime"]
    assert everytime.degree == 5 and everytime.sentence.endswith(
        "is about Kang Moyeon and Yoo Shijin; is sung by Chen and Punch; is an OST of Descendants of The Sun.")
    [christmas] = [c for c in ranked if c.label == "Christmas Tree"]
    assert "has the chart entry #1 on Billboard Digital Song Sales" in christmas.sentence


def test_central_on_the_projections_says_what_is_shared(kg):
    [chanyeol, *_] = kg.central(view="people", top=1)
    assert chanyeol.sentence.endswith(": sings 'Stay with Me' with Punch; is in EXO with Baekhyun, Chen and Xiumin.")
    songs = {c.label: c.sentence for c in kg.central(view="songs", top=10)}
    assert songs["Everytime"].endswith(": Chen sings 'Everytime' and 'For You' (with EXO-CBX); "
                                       "Punch sings 'Everytime' and 'Stay with Me'.")
    assert songs["Orbit"] == "Orbit (song) is linked to no other entity in the songs view."


def test_central_sorts_numbers_by_value():
    from kgost.networks._central import _natural

    assert sorted(["ranked #10", "ranked #2", "Ranked #1"], key=_natural) == ["Ranked #1", "ranked #2", "ranked #10"]


@pytest.mark.parametrize("kwargs", [{"top": 0}, {"by": "pagerank"}, {"view": "nope"}])
def test_central_checks_options(kg, kwargs):
    with pytest.raises(InputError):
        kg.central(**kwargs)


def test_full_view_connections_do_not_run_through_the_articles_ranked_list(kg):
    # Every song is "ranked in" the article, so through the list everything would be connected.
    found = kg.connect("Chanyeol", "SBS", view="full")
    assert not found.connected
    assert "not connected in the full view" in str(found)
    with pytest.raises(kgost.InputError, match=r"--view full"):
        kg.connect("Chanyeol", "SBS")
