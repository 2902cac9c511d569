"""The gate's verdict on the query texts kgost ships: SHA-256 of canonical text -> Shape fields."""

# Written by `python tests/test_vetted_queries.py` from queries/*.rq and kgost._lookup's texts,
# each of which passed the gate; that test fails when this is stale. Do not edit by hand.

__all__ = ["VETTED"]

VETTED: dict[str, tuple[str, bool, tuple[str, ...], tuple[str, ...]]] = {
    # chart_entries.rq
    'fe1d5351b91ebb58612c7c1941ebf1b686d3695131393aae75d4dd28788e755e': ('select', False, ('chartName', 'performerName', 'position', 'title'), ('chart', 'chartName', 'entry', 'performer', 'performerName', 'position', 'song', 'title')),
    # entity_graph.rq
    '1609601f4ac894b1c4f61e09d1ada341b2924eb147b848ec7f9b4c87489304d5': ('construct', False, (), ('entity', 'label', 'labelProperty', 'object', 'predicate')),
    # fact_sources.rq
    'ad9f6eb6ef03b3c1f7b6e678a48c53dc4fe68da77c824921d1d371fe93ea67b1': ('select', False, ('how', 'object', 'predicate', 'sentence', 'sentenceIndex', 'subject'), ('entity', 'from', 'graph', 'how', 'inferred', 'object', 'predicate', 'sentence', 'sentenceIndex', 'subject')),
    # find_entity.rq
    '4f624ade2e807f135b4c8720795dad3320e0bf0cc9e7c7a2c08988387d111ea1': ('select', False, ('entity', 'exact', 'label', 'matched', 'type'), ('entity', 'exact', 'key', 'kgost', 'label', 'matched', 'name', 'type', 'wanted')),
    # group_members.rq
    '5d570a10a3edb3b17238c78b9cca41dfa0915f51a20f3b759047635cd7bed726': ('select', False, ('member', 'name', 'subUnitName'), ('group', 'member', 'name', 'subUnit', 'subUnitName', 'unit')),
    # groups_on_the_list.rq
    '98d9d0142e9fa39889c23dcdb6efb3468467d695f0dfa6196ec78c576899f7e8': ('select', False, ('group', 'name'), ('class', 'group', 'member', 'name', 'song', 'songs', 'unit')),
    # is_member.rq
    'ca11ca3fb2783a987ee324b9f2e2ec74566604dff2faab7aab8288d0ea5d8df9': ('ask', False, (), ('group', 'person')),
    # music_videos.rq
    '014ba52ef18d5e7526291da652cf4c6f08a5919bc4fbc805c83e8c0828de6278': ('select', False, ('name', 'songTitle', 'video'), ('name', 'songTitle', 'video')),
    # nominations.rq
    '9fe53037b73497a623ab471d6f90788cd02e4347cec48485b8324873451153d6': ('select', False, ('awardName', 'nomineeName', 'workTitle'), ('awardName', 'nomination', 'nomineeName', 'workTitle')),
    # ontology_terms.rq
    'ac633fa2a254ab201339a40a34108288ae572077ab0f3cd677f5cf78f47abc7f': ('select', False, ('comment', 'domain', 'kind', 'label', 'range', 'term'), ('classes', 'comment', 'domain', 'kind', 'label', 'match', 'range', 'term', 'type')),
    # people_on_several_songs.rq
    'f29d7578cf7b2c52658873b27c3a16d23d286141a113450ccba84ee3145aae73': ('select', False, ('name', 'person', 'songs', 'title'), ('min', 'name', 'person', 'song', 'songs', 'title', 'unit')),
    # ranked_list.rq
    '928aeb1a19032ffa853630c5e8df9ea45a49a963a673078753f4ee8df023a20e': ('select', False, ('groupName', 'kind', 'performerName', 'position', 'seriesTitle', 'song', 'title'), ('article', 'group', 'groupName', 'item', 'kind', 'kindClass', 'performer', 'performerName', 'position', 'series', 'seriesTitle', 'song', 'title')),
    # series.rq
    '7ad0c0223c3ba721e80bc0f93e21895b82d833a176303d584f98bc15a3e88375': ('select', False, ('alternativeTitle', 'broadcasterName', 'kind', 'series', 'songTitle', 'title', 'year'), ('alternativeTitle', 'broadcaster', 'broadcasterName', 'kind', 'kindClass', 'series', 'song', 'songTitle', 'title', 'year')),
    # series_by_broadcaster.rq
    'b33c17cc029f58c2558ea83f7f7ec7eb5524b8d2409b9873c840bf94989bdbc8': ('select', False, ('broadcasterName', 'series', 'seriesTitle'), ('broadcaster', 'broadcasterName', 'series', 'seriesTitle')),
    # series_cast.rq
    '6702295dd5db46c1465134142b2f92afbeed9b4aa4bdaa4be39782105cb357e5': ('select', False, ('actor', 'actorName', 'characterName', 'seriesTitle'), ('actor', 'actorName', 'anyone', 'character', 'characterName', 'series', 'seriesTitle')),
    # shared_people.rq
    'b71abe088f481d8eb70ca1931fa900addb78c409066f504a5c44a720eeb77e58': ('select', False, ('name', 'roleA', 'roleB', 'titleA', 'titleB'), ('name', 'person', 'roleA', 'roleB', 'seriesA', 'seriesB', 'songA', 'songB', 'titleA', 'titleB', 'unitA', 'unitB', 'unitNameA', 'unitNameB', 'videoA', 'videoB')),
    # singers_who_act.rq
    '540c3fe495119949dba44591ea3a72a28d42c0f56b83e18463ea93e1ef084d6f': ('select', False, ('characterName', 'name', 'person', 'seriesTitle', 'songTitle'), ('character', 'characterName', 'name', 'person', 'series', 'seriesTitle', 'song', 'songTitle', 'unit')),
    # song_characters.rq
    'e4052413ff92e506789119b172290eae70647c374057e1ba7025b24b56b45237': ('select', False, ('actorName', 'characterName', 'seriesTitle', 'theme', 'title'), ('actorName', 'character', 'characterName', 'seriesTitle', 'song', 'theme', 'title')),
    # songs.rq
    'a6b2f8175fbd4fe94c4c703aecee4e042facef7487ce1a2ed2443b3cde55e4d4': ('select', False, ('performer', 'performerName', 'seriesTitle', 'song', 'title'), ('performer', 'performerName', 'series', 'seriesTitle', 'song', 'title')),
    # songs_by_group_members.rq
    'c97833cac66b06aac30e0ae4041d9eb6887d6cedbce7d5802e05fd020437bde4': ('select', False, ('member', 'memberName', 'song', 'title', 'via'), ('group', 'member', 'memberName', 'song', 'title', 'unit', 'via')),
    # songs_by_person.rq
    'af4b332c89c7befb4fc1325cf68bf4b27e3fb3761a263d1284f7eefdb4b43930': ('select', False, ('as', 'seriesTitle', 'song', 'title'), ('as', 'group', 'person', 'seriesTitle', 'song', 'title')),
    # songs_released_between.rq
    '2c6842eda37b347e46cb5ecd15ecb6f97232f012a2869dc3783e3c35f9fb61b1': ('select', False, ('date', 'performerName', 'title'), ('date', 'performerName', 'since', 'song', 'title', 'until')),
    # timeline.rq
    'd12a6fe220aec79468a23aac01396bfbf3046edb78a6b713103084f773da434d': ('select', False, ('date', 'event', 'label', 'subject', 'year'), ('date', 'event', 'from', 'label', 'property', 'subject', 'to', 'year')),
    # kgost._lookup._IS_A
    'c64a1f9762ddf66d03468e9e7aa073195f8dddf4d8d3f7a02e2f1b8d3514f943': ('ask', False, (), ('kind', 'x')),
    # kgost._lookup._OCCURS
    'd40cecee4a0d2784fb533965a60c799cc4633dd08ce0328158a3284a026b805e': ('ask', False, (), ('o', 'p', 's', 'x')),
    # kgost._lookup._KGOST_TYPES
    'a7061e66f0c60a923ebdfef9289b552dfc612d272ebce221ad69d41c4f8ae411': ('select', False, ('type',), ('type', 'x')),
}
