"""A deterministic synthetic kgost graph of any size, written line by line (``kgost generate``)."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rdflib import RDF, XSD

from kgost._errors import InputError
from kgost.readwrite._io import atomic_output
from kgost._namespace import KGOST, KGOST_ID, SHAPES
from kgost._public import public

__all__ = ["generate", "Generated", "GeneratedViolation", "GENERATE_FORMATS", "VIOLATION_KINDS"]

#: The formats :func:`generate` writes: both are written a line at a time.
GENERATE_FORMATS = ("trig", "nquads")

#: The kinds of injected violation, in the order they are cycled through, with the shape each breaks.
VIOLATION_KINDS: dict[str, str] = {
    "missing-title": "SongShape-title",
    "year-not-gyear": "SongShape-releaseYear",
    "actor-not-in-cast": "CharacterShape-actorInCast",
    "chart-position-zero": "ChartEntryShape-position",
    "unknown-term": "KnownTermsShape-declared",
    "webtoon-broadcaster": "WebtoonSeriesShape-broadcaster",
    "sentence-index-zero": "SentenceShape-sentenceIndex",
}

_SONGS_PER_ARTICLE = 10
_SONGS_PER_SERIES = 3
_SOURCES = f"<{KGOST_ID}graph/generated-sources>"  # graph/sources is the bundled article's


@public
@dataclass(frozen=True)
class GeneratedViolation:
    """One violation :func:`generate` injected: its kind, the focus node and the shape it breaks.

    Examples
    --------
    >>> import kgost, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.nq"
    >>> kgost.generate(path, songs=10, violations=1).violations[0]
    GeneratedViolation(kind='missing-title', focus='https://w3id.org/kgost/id/song/generated-0', shape='https://w3id.org/kgost/shapes#SongShape-title')
    """

    kind: str
    focus: str
    shape: str


@public
@dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote: the file, its format, and how many songs, quads and violations.

    Examples
    --------
    >>> import kgost, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.nq"
    >>> result = kgost.generate(path, songs=10, seed=3)
    >>> result.format, result.songs, result.quads == len(path.read_text().splitlines()) - 2
    ('nquads', 10, True)
    """

    path: Path
    format: str
    songs: int
    seed: int
    quads: int
    violations: tuple[GeneratedViolation, ...]

    def __str__(self) -> str:
        kinds = sorted({v.kind for v in self.violations})
        told = f" ({', '.join(kinds)})" if kinds else ""
        return (
            f"wrote {self.quads:,} quads ({self.songs:,} songs, seed {self.seed}) to {self.path} as {self.format};"
            f" {len(self.violations)} injected violations{told}"
        )


def generate(
    path: str | os.PathLike[str],
    *,
    songs: int,
    seed: int = 0,
    violations: int = 0,
    format: str | None = None,
    force: bool = False,
    on_song: Callable[[int], None] | None = None,
) -> Generated:
    """Write a synthetic kgost graph of ``songs`` songs that conforms to the shapes except for
    exactly ``violations`` injected violations.

    The graph copies the shape of the bundled article data: articles of ten ranked songs, each
    fact in the named graph of the sentence that states it, every sentence described (text,
    index, article) in the ``graph/sources`` graph; songs are OSTs of series (TV dramas with a
    broadcaster, or webtoon series), sung by people or groups, with characters played by cast
    members and some chart entries. It is written a line at a time (constant memory, about 40
    quads a song), through a temporary file renamed at the end; the same arguments give the
    same bytes. The violations are spread over the songs and cycle through the kinds of
    :data:`VIOLATION_KINDS`, each breaking one shape once; the file's header comments list them.

    Hand-written because no library writes a graph of this shape; the terms come from the
    closed :data:`kgost.KGOST` namespace, so a term the ontology lacks fails here.

    Parameters
    ----------
    path
        The file to write (replaced atomically).
    songs
        How many songs (1 or more).
    seed
        The seed of the random choices (performers, actors, years, chart entries).
    violations
        How many violations to inject (0 to ``songs``).
    format
        ``"trig"`` or ``"nquads"``; by default from the extension (``.trig``, ``.nq``/``.nquads``).
    force
        Replace ``path`` even if it is write-protected.
    on_song
        Called with the number of songs written so far, now and then (for a progress bar).

    Returns
    -------
    Generated
        The path, format, counts and the injected violations.

    Raises
    ------
    InputError
        A count is out of range, the format is unknown, or the file cannot be written.

    Examples
    --------
    >>> import kgost, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> result = kgost.generate(folder / "g.trig", songs=20, seed=1, violations=2)
    >>> result.quads > 20 * 30, [v.kind for v in result.violations]
    (True, ['missing-title', 'year-not-gyear'])
    >>> sorted(str(r.shape) for r in kgost.load(folder / "g.trig").validate().results)
    ['shape:SongShape-releaseYear', 'shape:SongShape-title']
    """
    if isinstance(songs, bool) or not isinstance(songs, int) or songs < 1:
        raise InputError(f"songs must be a whole number of 1 or more, not {songs!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(f"seed must be a whole number, not {seed!r}")
    if isinstance(violations, bool) or not isinstance(violations, int) or not 0 <= violations <= songs:
        raise InputError(f"violations must be a whole number from 0 to songs ({songs}), not {violations!r}")
    format = _format_of(Path(os.fspath(path)), format)
    injected = tuple(_violation(j, songs, violations) for j in range(violations))
    header = [
        f"# kgost generate --songs {songs} --seed {seed} --violations {violations} --format {format}",
        "# A synthetic kgost graph: each fact in the named graph of its sentence, sentences described in graph/generated-sources.",
        *(f"# violation {n}: {v.kind} at <{v.focus}> breaks <{v.shape}>" for n, v in enumerate(injected, 1)),
    ]
    quads = 0
    with atomic_output(path, force=force) as binary:
        out = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        out.write("\n".join(header) + "\n")
        write = _nquads_writer(out) if format == "nquads" else _trig_writer(out)
        for done, article in enumerate(_articles(songs, seed, violations)):
            for graph, triples in article:
                quads += write(graph, triples)
            if on_song is not None:
                on_song(min(songs, (done + 1) * _SONGS_PER_ARTICLE))
        out.flush()
        out.detach()  # the binary file stays open for atomic_output to sync and rename
    return Generated(Path(os.fspath(path)), format, songs, seed, quads, injected)


# ---------------------------------------------------------------------------------------------
# The data: articles of ten songs; each yields (graph, triples) blocks, sources graph first

Triple = tuple[str, str, str]
Block = tuple[str, list[Triple]]


def _articles(songs: int, seed: int, violations: int) -> Iterator[list[Block]]:
    rng = random.Random(seed)
    people = max(8, songs)
    groups = max(2, people // 12)
    for a in range((songs + _SONGS_PER_ARTICLE - 1) // _SONGS_PER_ARTICLE):
        article = _iri(f"article/generated-{a}")
        sentences: list[tuple[str, str, str]] = []  # (iri, index literal, text)
        blocks: list[Block] = []

        def sentence(name: str, index: int, text: str, triples: list[Triple]) -> None:
            iri = _iri(f"article/generated-{a}/sentence/{name}")
            sentences.append((iri, _integer(index), text))
            blocks.append((iri, triples))

        author = _iri(f"person/generated-author-{a}")
        sentence("title", 1, f"Generated list {a}, by Author {a}", [
            (article, _A, _c(KGOST.Article)), (article, _c(KGOST.title), _string(f"Generated list {a}")),
            (article, _c(KGOST.author), author),
            (article, _c(KGOST.publicationDate), _typed(f"{2000 + a % 25}-02-{1 + a % 28:02d}", XSD.date)),
            (author, _A, _c(KGOST.Person)), (author, _c(KGOST.name), _string(f"Author {a}")),
        ])
        first = a * _SONGS_PER_ARTICLE
        for i in range(first, min(songs, first + _SONGS_PER_ARTICLE)):
            _song(i, i - first + 1, article, sentence, rng, people, groups, _kind_at(i, songs, violations))
        yield [(_SOURCES, [t for iri, index, text in sentences for t in (
            (iri, _A, _c(KGOST.Sentence)), (iri, _c(KGOST.sentenceIndex), index),
            (iri, _c(KGOST.inArticle), article), (iri, _c(KGOST.text), _string(text)),
        )])] + blocks


def _song(i, position, article, sentence, rng, people, groups, kind):  # type: ignore[no-untyped-def]
    song, item = _iri(f"song/generated-{i}"), _iri(f"article/generated-{i // _SONGS_PER_ARTICLE}/item/{position}")
    k = i // _SONGS_PER_SERIES
    series, year = _iri(f"series/generated-{k}"), 2000 + rng.randrange(25)
    head = [
        (article, _c(KGOST.rankedItem), item), (item, _A, _c(KGOST.RankedItem)),
        (item, _c(KGOST.position), _integer(position)), (item, _c(KGOST.item), song),
        (song, _A, _c(KGOST.Song)), (song, _c(KGOST.ostOf), series),
        (song, _c(KGOST.releaseYear), _string(str(year)) if kind == "year-not-gyear" else _typed(str(year), XSD.gYear)),
        (series, _A, _c(KGOST.Series)), (series, _c(KGOST.title), _string(f"Series {k}")),
    ]
    if kind != "missing-title":
        head.append((song, _c(KGOST.title), _string(f"Song {i}")))
    if kind == "unknown-term":
        head.append((song, f"<{KGOST}genre>", _string("ballad")))  # not a kgost term, on purpose
    name, index = f"e{position:02d}", 2 + 4 * (position - 1)  # like the article's s:e01-h, s:e01-1, ...
    sentence(f"{name}-h", 0 if kind == "sentence-index-zero" else index, f"Song {i} (Series {k})", head)

    # who sings it: a person (in a group or solo) or a whole group
    singer = rng.randrange(people)
    sung: list[Triple] = []
    if rng.random() < 0.2:
        performer = _group(singer % groups, sung)
    else:
        performer = _person(singer, groups, sung)
    kind_triple = (series, _A, _c(KGOST.WebtoonSeries if k % 4 == 0 else KGOST.TVDrama))
    sung += [(song, _c(KGOST.performer), performer), kind_triple]
    if k % 4:
        broadcaster = _iri(f"broadcaster/generated-{k % 7}")
        sung += [(series, _c(KGOST.broadcaster), broadcaster), (broadcaster, _A, _c(KGOST.Broadcaster)),
                 (broadcaster, _c(KGOST.name), _string(f"Broadcaster {k % 7}"))]
    if kind == "webtoon-broadcaster":
        webtoon, broadcaster = _iri(f"series/generated-webtoon-{i}"), _iri("broadcaster/generated-0")
        sung += [(song, _c(KGOST.ostOf), webtoon), (webtoon, _A, _c(KGOST.Series)), (webtoon, _A, _c(KGOST.WebtoonSeries)),
                 (webtoon, _c(KGOST.title), _string(f"Webtoon {i}")), (webtoon, _c(KGOST.broadcaster), broadcaster),
                 (broadcaster, _A, _c(KGOST.Broadcaster)), (broadcaster, _c(KGOST.name), _string("Broadcaster 0"))]
    sentence(f"{name}-1", index + 1, f"Song {i} is sung by {performer.rsplit('/', 1)[1][:-1]}.", sung)

    # a character of the series, played by a cast member (or, injected, by someone not in the cast)
    character = _iri(f"character/generated-{i}")
    acted: list[Triple] = []
    if kind == "actor-not-in-cast":
        actor = _iri(f"person/generated-uncast-{i}")
        acted += [(actor, _A, _c(KGOST.Person)), (actor, _c(KGOST.name), _string(f"Uncast {i}"))]
    else:
        actor = _person(rng.randrange(people), groups, acted)
        acted.append((series, _c(KGOST.castMember), actor))
    acted += [
        (character, _A, _c(KGOST.Character)), (character, _c(KGOST.name), _string(f"Character {i}")),
        (character, _c(KGOST.characterIn), series), (character, _c(KGOST.playedBy), actor),
        (song, _c(KGOST.about), character),
    ]
    sentence(f"{name}-2", index + 2, f"Song {i} is about Character {i} of Series {k}.", acted)

    # some songs chart
    if rng.random() < 0.3 or kind == "chart-position-zero":
        entry, chart = _iri(f"chart-entry/generated-{i}"), _iri(f"chart/generated-{i % 5}")
        place = 0 if kind == "chart-position-zero" else 1 + rng.randrange(100)
        sentence(f"{name}-3", index + 3, f"Song {i} entered Chart {i % 5} at number {place}.", [
            (song, _c(KGOST.chartEntry), entry), (entry, _A, _c(KGOST.ChartEntry)),
            (entry, _c(KGOST.chart), chart), (entry, _c(KGOST.position), _integer(place)),
            (chart, _A, _c(KGOST.Chart)), (chart, _c(KGOST.name), _string(f"Chart {i % 5}")),
        ])


def _person(n: int, groups: int, triples: list[Triple]) -> str:
    """A person, typed and named; two in three are members of a group (always the same one)."""
    person = _iri(f"person/generated-{n}")
    triples += [(person, _A, _c(KGOST.Person)), (person, _c(KGOST.name), _string(f"Person {n}"))]
    if n % 3:
        triples.append((person, _c(KGOST.memberOf), _group(n % groups, triples)))
    return person


def _group(n: int, triples: list[Triple]) -> str:
    group = _iri(f"group/generated-{n}")
    triples += [(group, _A, _c(KGOST.MusicGroup)), (group, _c(KGOST.name), _string(f"Group {n}"))]
    return group


def _violation(j: int, songs: int, violations: int) -> GeneratedViolation:
    """The ``j``-th injected violation: its song is spread evenly, its kind cycles."""
    i = j * songs // violations
    kind = list(VIOLATION_KINDS)[j % len(VIOLATION_KINDS)]
    focus = {
        "actor-not-in-cast": f"character/generated-{i}",
        "chart-position-zero": f"chart-entry/generated-{i}",
        "webtoon-broadcaster": f"series/generated-webtoon-{i}",
        "sentence-index-zero": f"article/generated-{i // _SONGS_PER_ARTICLE}/sentence/e{i % _SONGS_PER_ARTICLE + 1:02d}-h",
    }.get(kind, f"song/generated-{i}")
    return GeneratedViolation(kind, f"{KGOST_ID}{focus}", str(SHAPES[VIOLATION_KINDS[kind]]))


def _kind_at(i: int, songs: int, violations: int) -> str | None:
    """The kind of violation injected at song ``i``, if any: song ``i`` hosts violation ``j``
    when ``j * songs // violations == i`` (computed, so nothing is kept per song)."""
    if not violations:
        return None
    j = -(-i * violations // songs)  # the smallest j with j * songs / violations >= i
    if j < violations and j * songs // violations == i:
        return list(VIOLATION_KINDS)[j % len(VIOLATION_KINDS)]
    return None


# ---------------------------------------------------------------------------------------------
# Terms (already in N-Triples syntax) and the writers


_A = f"<{RDF.type}>"


def _iri(local: str) -> str:
    return f"<{KGOST_ID}{local}>"


def _c(term: str) -> str:
    return f"<{term}>"


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _typed(text: str, datatype: str) -> str:
    return f"{_string(text)}^^<{datatype}>"


def _integer(n: int) -> str:
    return _typed(str(n), XSD.integer)


def _nquads_writer(out: IO[str]) -> Callable[[str, list[Triple]], int]:
    def write(graph: str, triples: list[Triple]) -> int:
        out.writelines(f"{s} {p} {o} {graph} .\n" for s, p, o in triples)
        return len(triples)

    return write


def _trig_writer(out: IO[str]) -> Callable[[str, list[Triple]], int]:
    def write(graph: str, triples: list[Triple]) -> int:
        out.write(f"{graph} {{\n")
        out.writelines(f"    {s} {p} {o} .\n" for s, p, o in triples)
        out.write("}\n")
        return len(triples)

    return write


def _format_of(path: Path, format: str | None) -> str:
    if format is None:
        format = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}.get(path.suffix.lower())
        if format is None:
            raise InputError(f"cannot tell the format of {str(path)!r} from its extension; give --format (format= in Python), one of {', '.join(GENERATE_FORMATS)}")
    if format not in GENERATE_FORMATS:
        raise InputError(f"unknown format {format!r}: generate writes {', '.join(GENERATE_FORMATS)}")
    return format
