"""Drafting entries from the text of a "top N OSTs" article with deterministic rules (regular expressions)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from kgost._errors import InputError

__all__ = ["extract", "draft_yaml"]

_Q = "\u2018\u2019\u201c\u201d'\""  # quote characters
_NAME = r"[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,3}"  # Capitalized Words
_GROUP = r"(?:[A-Z][A-Z0-9\-]+|[A-Z][a-z]+ [A-Z][a-z]+)"  # EXO, EXO-CBX, AKMU, Stray Kids
_HEADING = re.compile(rf"^[\u201c\"]?(?P<song>[^\u201c\u201d\"()]+?)[\u201d\"]\s*\((?P<series>[^()]+)\)\s*$")
_BYLINE = re.compile(r"^(?P<author>[A-Z][\w.\-]*(?: [A-Z][\w.\-]*)+) (?P<date>[A-Z][a-z]{2}\.? \d{1,2}, \d{4})$")
_FURNITURE = re.compile(r"^(Also See\b|Photo:|Type to search$|Share\b|Read more\b|Advertisement$)")
_SENTENCE_END = re.compile(rf"(?<=[.!?])\s+(?=[A-Z{_Q}])|(?<=[.!?][{_Q}])\s+(?=[A-Z{_Q}])")
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_MONTH_NAMES = r"January|February|March|April|May|June|July|August|September|October|November|December"
# Korean networks named before a series ("SBS's The King") or on their own ("tvN").
_NETWORKS = ("SBS", "KBS", "KBS2", "MBC", "tvN", "JTBC", "OCN", "ENA", "MBN", "TV Chosun", "Netflix", "Disney+", "TVING", "Coupang Play")
_SINGING = re.compile(r"\b(sung|sang|sings|performed|rendition|soundtrack lineup|solo OST|contributed (?:his|her|their) voice|song by|[\u2019']s song|OST by|by [A-Z])")


def extract(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Draft entries from the plain text of a "top N OSTs" article, for a person to review.

    Headings ``"Song" (Series)`` (also without the opening quote) start an item; the sentences
    under it are read for singers and groups (``V (BTS)``, ``Seungmin of Stray Kids``,
    ``MAMAMOO's Hwasa``, ``EXO's sub-unit group EXO-CBX including ...``), characters with their
    actors in parentheses, networks, dates and years, chart positions and nominations. Every
    drafted entry quotes its sentence; ``Also See`` lines and page furniture are skipped; what the
    rules are unsure of carries ``review:`` with the reason (``kgost add`` refuses it until then).

    Parameters
    ----------
    path
        The article as UTF-8 text.

    Returns
    -------
    dict
        ``{"source": {...}, "entries": [...]}`` in the entry format (see :func:`draft_yaml`).

    Raises
    ------
    InputError
        The file is missing, or has no ``"Song" (Series)`` heading.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "top-2.txt"
    >>> _ = path.write_text("Top 2 OSTs\\n\\nJo Kim Mar 1, 2024\\n\\n“Orbit” (The King: Eternal Monarch)\\n\\n"
    ...                     "MAMAMOO’s Hwasa sang it.\\n", encoding="utf-8")
    >>> draft = extract(path)
    >>> draft["source"]["date"], draft["entries"][1]["performers"]
    ('2024-03-01', [{'name': 'Hwasa', 'group': 'MAMAMOO'}])
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"no such file: {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as UTF-8 text: {exc}") from None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line and not _FURNITURE.match(line)]
    source: dict[str, Any] = {"id": re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "article"}
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            items.append((line, []))
        elif items:
            items[-1][1].extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
        else:
            _front_matter(line, source)
    if not items:
        raise InputError(f"{path}: no heading of the form “Song” (Series) was found; is this a 'top N OSTs' article?")
    source.setdefault("title", path.stem)
    source.setdefault("author", "unknown")
    source.setdefault("date", "1970-01-01")
    if source["author"] == "unknown":
        source["review"] = "no byline ('Author Mon D, YYYY') was found: give the author and date"
    entries: list[dict[str, Any]] = []
    for rank, (heading, sentences) in enumerate(items, start=1):
        entries.extend(_Item(rank, heading, sentences).entries())
    return {"source": source, "entries": entries}


def draft_yaml(draft: dict[str, Any]) -> str:
    """A draft as YAML text, with a header saying how to review it.

    Examples
    --------
    >>> print(draft_yaml({"entries": [{"sentence": "Hi.", "song": "Orbit"}]}), end="")
    # Drafted by `kgost extract`: check every entry against its sentence, fix what is wrong,
    # delete each `review:` once checked, then `kgost add` this file.
    entries:
    - sentence: Hi.
      song: Orbit
    """
    import yaml

    header = ("# Drafted by `kgost extract`: check every entry against its sentence, fix what is wrong,\n"
              "# delete each `review:` once checked, then `kgost add` this file.\n")
    return header + yaml.safe_dump(draft, sort_keys=False, allow_unicode=True, width=120)


def _front_matter(line: str, source: dict[str, Any]) -> None:
    """The article's title (the line naming a top list) and byline, before the first heading."""
    byline = _BYLINE.match(line)
    if byline and "author" not in source:
        month, day, year = re.match(r"([A-Z][a-z]{2})\w*\.? (\d{1,2}), (\d{4})", byline["date"]).groups()  # type: ignore[union-attr]
        if month in _MONTHS:
            source["author"] = byline["author"]
            source["date"] = f"{year}-{_MONTHS[month]:02d}-{int(day):02d}"
            return
    if "title" not in source and re.search(r"\b(Top|OSTs?)\b", line) and len(line.split()) >= 4:
        source["title"] = line


class _Item:
    """One heading and its sentences."""

    def __init__(self, rank: int, heading: str, sentences: list[str]) -> None:
        match = _HEADING.match(heading)
        assert match is not None
        self.rank = rank
        self.heading = heading
        self.sentences = sentences
        self.song = match["song"].strip()
        titles = [t.strip() for t in match["series"].split("/") if t.strip()]
        self.series = titles[0]
        self.other_titles = titles[1:]

    def entries(self) -> list[dict[str, Any]]:
        series: dict[str, Any] = {"title": self.series}
        if self.other_titles:
            series["other_titles"] = self.other_titles
        head = {"sentence": self.heading, "rank": self.rank, "song": self.song, "series": series}
        found = [head]
        kinds = 0
        context = " ".join(self.sentences)
        for sentence in self.sentences:
            entry = self._facts(sentence, context)
            kinds += "kind" in entry.get("series", {})
            if len(entry) > 1:
                found.append(entry)
        if not kinds:
            series["kind"] = "tv-drama"
            series["review"] = "no sentence says what kind of series this is; a TV drama is assumed (a K-drama OST list)"
        return found

    def _facts(self, sentence: str, context: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"sentence": sentence}
        series: dict[str, Any] = {}
        song_facts: dict[str, Any] = {}
        performers = _performers(sentence) if _SINGING.search(sentence) else []
        if performers:
            song_facts["performers"] = performers
        kind = _kind(sentence)
        if kind:
            series["kind"] = kind
        network = _network(sentence, self.series)
        if network:
            series["network"] = network
        year = re.search(r"\b((?:19|20)\d{2})(?:[\u2019']s)?\b(?=[^.]{0,40}?\b(drama|series|K-drama)s?\b)", sentence)
        if year and not re.search(r"(ballad|song|single|track)", sentence[year.end():year.end() + 12]):
            series["year"] = int(year[1])
        song_year = re.search(r"\b((?:19|20)\d{2}) (ballad|song|single|track|OST)\b", sentence)
        if song_year:
            song_facts["release_year"] = int(song_year[1])
        date = _date(sentence, context)
        if date:
            song_facts.update(date)
        charts = _charts(sentence)
        if charts:
            song_facts["charts"] = charts
        nominee = re.search(rf"({_NAME}) (?:was|were|got|has been) nominated for (?:the )?[{_Q}]?([^{_Q}.,]+?)[.,]?[{_Q}]*[.,]?\s*$", sentence)
        if nominee:
            song_facts["nominations"] = [{"nominee": nominee[1], "award": nominee[2].strip()}]
        cast, characters = _cast(sentence)
        starring = re.search(rf"\b(?:starring|stars) ({_NAME}(?:(?:,| and) {_NAME})*)", sentence)
        if starring:
            cast.extend(_names(starring[1]))
        acted = re.search(rf"^(?:For those who don[\u2019']t know, )?({_NAME}) (?:also )?(?:acted|starred|appeared) in\b", sentence)
        if acted:
            cast.append(acted[1])
        video = re.search(rf"music video featuring [^.]*?\bwith ({_NAME}(?:(?:,| and) {_NAME})*)", sentence)
        if video:
            song_facts["music_video"] = {"features": _names(video[1])}
            cast.extend(_names(video[1]))
        if cast:
            series["cast"] = cast
        if characters and re.search(r"\b(song|lyrics|OST|sang)\b", sentence):
            theme = re.search(rf"[{_Q}]([^{_Q}]+?)(?:[\u2019']s)?[{_Q}]+s? theme", sentence)
            if theme:
                song_facts["theme_of"] = theme[1]
                characters = [c for c in characters if c != theme[1]]
            if characters:
                song_facts["about"] = characters
        if song_facts:
            entry["song"] = self.song
        if series or song_facts.get("about") or song_facts.get("theme_of"):
            entry["series"] = {"title": self.series, **{k: v for k, v in series.items() if k != "cast"}}
            if len(entry["series"]) == 1:
                entry["series"] = self.series
        if "cast" in series:
            entry["cast"] = series["cast"]
        entry.update(song_facts)
        return entry


def _performers(sentence: str) -> list[Any]:
    """Singers and groups named in a sentence about singing."""
    found: list[Any] = []
    seen: set[str] = set()

    def keep(value: Any) -> None:
        key = value if isinstance(value, str) else value.get("name") or value.get("group")
        if key not in seen:
            seen.add(key)
            found.append(value)

    sub_unit = re.search(
        rf"({_GROUP})[\u2019']s sub-unit(?: group)? ({_GROUP}) including ((?:{_NAME}, )*{_NAME},? and {_NAME})", sentence
    )
    if sub_unit:
        keep({"group": sub_unit[2], "sub_unit_of": sub_unit[1], "members": _names(sub_unit[3])})
        seen.update(_names(sub_unit[3]))
    for match in re.finditer(rf"({_NAME}) \(({_GROUP})\)", sentence):
        if match[2].isupper() or " " in match[2]:
            keep({"name": match[1], "group": match[2]})
    of = re.match(rf"^({_NAME}) of ({_GROUP})\b", sentence)
    if of:
        keep({"name": of[1], "group": of[2]})
    for match in re.finditer(rf"\b([A-Z][A-Z0-9\-]+)[\u2019']s ({_NAME}?)(?: aka ({_NAME}))?\b", sentence):
        if match[1] not in _NETWORKS and match[2] and match[2] not in ("OST", "OSTs"):
            person: dict[str, Any] = {"name": match[2], "group": match[1]}
            if match[3]:
                person["other_names"] = [match[3]]
            keep(person)
    lists = [m[1] for m in re.finditer(rf"\bby ((?:{_NAME}(?: \({_GROUP}\))?(?:,| and) )*{_NAME}(?: \({_GROUP}\))?)", sentence)]
    lists += [m[1] for m in re.finditer(rf"^((?:{_NAME}(?: \({_GROUP}\))?(?:,| and) )*{_NAME})[\u2019']s song\b", sentence)]
    start = re.match(rf"^({_NAME})(?:,|\s(?:has|have|sang|sings|contributed|performed)\b)", sentence)
    if start and not re.match(r"^(This|The|It|For|On|In|A)\b", start[1]):
        lists.append(start[1])
    for names in lists:
        for name in _names(re.sub(rf" \(({_GROUP})\)", "", names)):
            if name in seen or name.startswith(("K-pop", "This", "The ")):
                continue
            single = " " not in name
            keep({"name": name, "review": "no group is named: a solo singer, or a group?"} if single else name)
    return found


def _cast(sentence: str) -> tuple[list[Any], list[str]]:
    """Characters (or roles) with their actors in parentheses: ``'Lee Suho's' (Cha Eunwoo)``."""
    cast: list[Any] = []
    characters: list[str] = []
    pattern = rf"(?:[{_Q}](?P<quoted>[^{_Q}]+?)(?:[\u2019']s)?[{_Q}]+s?|(?P<name>{_NAME}?)(?:[\u2019']s)?|(?P<role>[a-z][\w\u2019' ]+?)),? \((?P<actor>[A-Z][a-z]+(?: [A-Z][a-z]+)+)\)"
    for match in re.finditer(pattern, sentence):
        actor = match["actor"]
        if match["quoted"] or match["name"]:
            character = (match["quoted"] or match["name"]).strip()
            cast.append({"actor": actor, "character": character})
            characters.append(character)
        else:
            role = re.split(r"\b(?:a|an|the|and|in which|which)\b|,", match["role"])[-1].strip()
            cast.append({"actor": actor, "role": role})
    for match in re.finditer(rf"[{_Q}]([A-Z][\w ]+?)\.?[{_Q}]", sentence):
        name = match[1]
        if name not in characters and not any(isinstance(c, dict) and c.get("character") == name for c in cast) \
                and re.search(rf"(lady love|beloved|protagonist|love)\W+[{_Q}]{re.escape(name)}", sentence):
            characters.append(name)
    return cast, characters


def _kind(sentence: str) -> str | None:
    if re.search(r"\bwebtoon\b", sentence, re.I):
        return "webtoon"
    if re.search(r"\b(K-drama|dramas?|TV series|television)\b", sentence):
        return "tv-drama"
    return None


def _network(sentence: str, series: str) -> str | None:
    for network in _NETWORKS:
        if re.search(rf"(?<![\w-]){re.escape(network)}(?:[\u2019']s)?(?![\w-])", sentence):
            return network
    return None


def _date(sentence: str, context: str) -> dict[str, Any]:
    full = re.search(rf"\b({_MONTH_NAMES}) (\d{{1,2}})(?:st|nd|rd|th)?, (\d{{4}})\b", sentence)
    months = {name: i for i, name in enumerate(_MONTH_NAMES.split("|"), 1)}
    if full:
        return {"release_date": f"{full[3]}-{months[full[1]]:02d}-{int(full[2]):02d}"}
    bare = re.search(rf"\breleased on ({_MONTH_NAMES}) (\d{{1,2}})(?:st|nd|rd|th)?\b", sentence)
    if bare:
        year = re.search(r"\b((?:19|20)\d{2})\b", context)
        if year:
            return {"release_date": f"{year[1]}-{months[bare[1]]:02d}-{int(bare[2]):02d}",
                    "review": f"the sentence gives no year; {year[1]} is the year another sentence of this item names"}
    return {}


def _charts(sentence: str) -> list[dict[str, Any]]:
    found = []
    for match in re.finditer(r"\b(?:entered|reached|debuted on|peaked on) (?:the )?([\w\u2019' ]+? chart) at (?:number|No\. ?|#) ?(\d+)", sentence):
        found.append({"chart": match[1], "position": int(match[2])})
    top = re.search(r"\bOn ([\w\u2019' ]+?) chart,.*\b(top spot|number one|No\. ?1)\b", sentence)
    if top:
        found.append({"chart": re.sub(r"[\u2019']s\b", "", top[1]), "position": 1})
    return found


def _names(text: str) -> list[str]:
    """``A, B, and C`` as ``[A, B, C]``."""
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if n.strip() and n.strip() != "others"]
