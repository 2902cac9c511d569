"""The entry format for ``kgost add``: YAML or CSV files read with their lines, checked by a JSON Schema."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgost._errors import EntryError, InputError, MissingExtraError
from kgost._resources import resource_dir

__all__ = ["EntryFile", "read_entries", "read_checked", "entries_schema", "place_order", "CSV_COLUMNS"]

#: The columns of a CSV entry file (one row a song); list columns hold ``;``-separated names.
CSV_COLUMNS = (
    "sentence", "song", "series", "kind", "network", "year", "other_titles", "performers", "cast",
    "release_date", "release_year", "chart", "position", "rank", "wikidata",
    "source_title", "source_url", "author", "date",
)


@dataclass
class EntryFile:
    """The entries of one file, as plain data, and where each value was written.

    ``data`` is what the JSON Schema describes (``{"source": ..., "entries": [...]}``);
    :meth:`where` names the line (YAML) or row and column (CSV) of any value in it.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
    >>> _ = path.write_text("source: {title: Notes, author: Me, date: 2024-01-02}\\n"
    ...                     "entries:\\n  - sentence: Orbit is by Hwasa.\\n    song: Orbit\\n")
    >>> found = read_entries(path)
    >>> found.data["entries"][0]["song"], found.where(("entries", 0, "song"))
    ('Orbit', 'mine.yaml:4:11')
    """

    path: Path
    data: dict[str, Any]
    marks: dict[tuple[Any, ...], str]
    #: Indexes of the entries that do not follow the schema (left out of the conversion).
    skipped: frozenset[int] = frozenset()

    def where(self, path: Iterable[Any]) -> str:
        """The place of the value at ``path`` (keys and list indexes), or of its nearest parent."""
        keys = tuple(path)
        while keys and keys not in self.marks:
            keys = keys[:-1]
        return self.marks.get(keys, self.path.name)


def read_entries(path: str | os.PathLike[str]) -> EntryFile:
    """Read a YAML (``.yaml``/``.yml``) or CSV (``.csv``) entry file and check it with the schema.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    EntryFile
        Its entries, each value with its line (or row and column).

    Raises
    ------
    EntryError
        The file does not parse or does not follow the schema; ``problems`` lists every one, each
        with its line or row.
    InputError
        The file is missing or its extension is not one of the entry formats.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
    >>> _ = path.write_text("entries:\\n  - sentence: Hi.\\n    rank: first\\n")
    >>> read_entries(path)
    Traceback (most recent call last):
    ...
    kgost.EntryError: bad.yaml: 1 problem:
      bad.yaml:3:11: entries[0].rank: 'first' is not of type 'integer'
    """
    found, problems = read_checked(path)
    if problems or found is None:
        raise EntryError(Path(path).name, problems)
    return found


def read_checked(path: str | os.PathLike[str]) -> tuple[EntryFile | None, list[str]]:
    """Read an entry file and check it with the schema, keeping what can still be used.

    Returns the file with the entries that break the schema listed in ``skipped`` (so the
    others can still be converted and validated, and every problem shown at once), and the
    schema problems, each with its line or row. The file is ``None`` when nothing in it can be
    used: it does not parse, or a problem lies outside the entries (the file's ``source``, say).

    Raises
    ------
    InputError
        The file is missing or its extension is not one of the entry formats.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {str(path)!r}")
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise InputError(f"{path}: unknown entry format {suffix or '(no extension)'!r}; use .yaml, .yml or .csv")
    try:
        found = _read_csv(path) if suffix == ".csv" else _read_yaml(path)
    except EntryError as exc:
        return None, list(exc.problems)
    found_problems = _schema_problems(found)
    problems = [text for _, text in found_problems]
    if any(len(keys) < 2 or keys[0] != "entries" or not isinstance(keys[1], int) for keys, _ in found_problems):
        return None, problems  # a problem outside the entries: the file as a whole is unusable
    found.skipped = frozenset(keys[1] for keys, _ in found_problems)
    return found, problems


def entries_schema() -> dict[str, Any]:
    """The JSON Schema of entry files (``schema/entries.schema.json``).

    Returns
    -------
    dict
        The schema (JSON Schema draft 2020-12), as :func:`json.load` reads it.

    Examples
    --------
    >>> entries_schema()["title"]
    'kgost entries'
    """
    return json.loads((resource_dir("schema") / "entries.schema.json").read_text(encoding="utf-8"))


def _schema_problems(found: EntryFile) -> list[tuple[tuple[Any, ...], str]]:
    """Every schema error, as its keys and ``place: path: message``, in the order of the file."""
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - a dependency of kgost
        raise MissingExtraError("reading entries needs jsonschema: pip install jsonschema") from None
    validator = jsonschema.Draft202012Validator(_inlined(entries_schema()))
    problems = []
    for error in validator.iter_errors(found.data):
        error = _deepest(error)
        keys = tuple(error.absolute_path)
        shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".") or "(top)"
        problems.append((place_order(found.where(keys)), keys, f"{found.where(keys)}: {shown}: {error.message}"))
    return [(keys, text) for _, keys, text in sorted(problems, key=lambda p: (p[0], p[2]))]


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each local ``$ref`` replaced by the definition it names (the same checks:
    a ``$ref`` with other keywords becomes an ``allOf``). jsonschema resolves a ``$ref`` anew
    at every use, most of the time of checking a thousand CSV rows; a recursive definition keeps
    its ``$ref``. Hand-written: neither jsonschema nor referencing offers a dereferencer."""
    definitions = schema.get("$defs", {})

    def resolve(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in definitions and ref not in seen:
            target = resolve(definitions[ref[8:]], seen + (ref,))
            rest = {key: resolve(value, seen) for key, value in node.items() if key != "$ref"}
            if not rest or set(rest) <= {"description", "title"}:
                return {**target, **rest} if isinstance(target, dict) else target
            return {**rest, "allOf": [target, *rest.get("allOf", [])]}
        return {key: resolve(value, seen) for key, value in node.items()}

    return resolve(schema, ())


def _deepest(error: Any) -> Any:
    """For an ``anyOf`` (a name, or an object) the error of the alternative that fits the value's type."""
    while error.validator == "anyOf" and error.context:
        fitting = [e for e in error.context if e.validator != "type"]
        if not fitting:
            return error
        error = max(fitting, key=lambda e: len(e.absolute_path))
    return error


def place_order(place: str) -> tuple[int, int]:
    """A sort key for a place: its line and column (``f.yaml:3:7``), or row and column (``f.csv: row 3, column 7``)."""
    numbers = [int(part) for part in place.replace(",", ":").replace(" ", ":").split(":") if part.isdigit()]
    return (numbers + [0, 0])[0], (numbers + [0, 0])[1]


def _read_yaml(path: Path) -> EntryFile:
    """YAML with the line and column of every value (dates stay text, as the schema expects)."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - a dependency of kgost
        raise MissingExtraError("reading YAML entries needs PyYAML: pip install pyyaml") from None
    text = _read_text(path)
    try:
        node = yaml.compose(text, Loader=_loader(yaml))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}:{mark.column + 1}" if mark else path.name
        raise EntryError(path.name, [f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}"]) from None
    marks: dict[tuple[Any, ...], str] = {}
    construct = _loader(yaml)("").construct_object
    data = _plain(node, (), marks, path.name, construct) if node is not None else None
    if not isinstance(data, dict):
        raise EntryError(path.name, [f"{path.name}:1:1: (top): an entry file is a mapping with `entries:` (and `source:`)"])
    return EntryFile(path, data, marks)


def _loader(yaml: Any) -> type:
    """A safe loader that leaves dates and times as text."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _plain(node: Any, keys: tuple[Any, ...], marks: dict[tuple[Any, ...], str], name: str, construct: Any) -> Any:
    """A composed YAML node as plain Python data, recording each value's ``file:line:column``."""
    import yaml

    marks[keys] = f"{name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, keys + ("<key>",), {}, name, construct)
            result[key] = _plain(value_node, keys + (key,), marks, name, construct)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, keys + (i,), marks, name, construct) for i, item in enumerate(node.value)]
    return construct(node)


def _read_csv(path: Path) -> EntryFile:
    """One entry a row; the source columns of a row make its ``source``."""
    text = _read_text(path)
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise EntryError(path.name, [f"{path.name}: row 1: the file is empty; the first row names the columns"])
    header = [h.strip() for h in rows[0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        problems = [f"{path.name}: row 1, column {header.index(h) + 1} ({h}): unknown column; use: {', '.join(CSV_COLUMNS)}" for h in unknown]
        raise EntryError(path.name, problems)
    marks: dict[tuple[Any, ...], str] = {(): f"{path.name}: row 1"}
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        index = len(entries)
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        place = {h: f"{path.name}: row {number}, column {header.index(h) + 1} ({h})" for h in header}
        marks[("entries", index)] = f"{path.name}: row {number}"
        entries.append(_csv_entry(cells, place, ("entries", index), marks))
    return EntryFile(path, {"entries": entries}, marks)


def _csv_entry(cells: dict[str, str], place: dict[str, str], keys: tuple[Any, ...], marks: dict[tuple[Any, ...], str]) -> dict[str, Any]:
    """A CSV row as an entry (the YAML shape), with the column of each value."""
    entry: dict[str, Any] = {}

    def put(key: str, column: str, value: Any) -> None:
        entry[key] = value
        for sub in _paths(value):
            marks[keys + (key,) + sub] = place[column]

    if cells.get("sentence"):
        put("sentence", "sentence", cells["sentence"])
    for key in ("rank", "release_year"):
        if cells.get(key):
            put(key, key, int(cells[key]) if cells[key].isdigit() else cells[key])
    if cells.get("song"):
        put("song", "song", {"title": cells["song"], **({"wikidata": cells["wikidata"]} if cells.get("wikidata") else {})})
    if cells.get("series"):
        series: dict[str, Any] = {"title": cells["series"]}
        for key, column in (("kind", "kind"), ("network", "network"), ("year", "year")):
            if cells.get(column):
                series[key] = int(cells[column]) if key == "year" and cells[column].isdigit() else cells[column]
        if cells.get("other_titles"):
            series["other_titles"] = _split(cells["other_titles"])
        put("series", "series", series)
        for key in ("kind", "network", "year", "other_titles"):
            if key in series:
                marks[keys + ("series", key)] = place[key]
    if cells.get("performers"):
        put("performers", "performers", [_csv_performer(name) for name in _split(cells["performers"])])
    if cells.get("cast"):
        put("cast", "cast", [_csv_cast(text) for text in _split(cells["cast"])])
    if cells.get("release_date"):
        put("release_date", "release_date", cells["release_date"])
    if cells.get("chart") or cells.get("position"):
        position = cells.get("position", "")
        put("charts", "chart", [{"chart": cells.get("chart", ""), "position": int(position) if position.isdigit() else position}])
        marks[keys + ("charts", 0, "position")] = place.get("position", place.get("chart", ""))
    source = {k: cells[c] for k, c in (("title", "source_title"), ("url", "source_url"), ("author", "author"), ("date", "date")) if cells.get(c)}
    if source:
        put("source", "source_title" if "source_title" in place else next(iter(place)), source)
        for key, column in (("title", "source_title"), ("url", "source_url"), ("author", "author"), ("date", "date")):
            if key in source:
                marks[keys + ("source", key)] = place[column]
    return entry


def _csv_performer(text: str) -> Any:
    """``Name``, ``Name (Group)`` (a member of a group) or ``group:Name`` (a group)."""
    if text.startswith("group:"):
        return {"group": text[6:].strip()}
    if text.endswith(")") and "(" in text:
        name, group = text[:-1].split("(", 1)
        return {"name": name.strip(), "group": group.strip()}
    return text


def _csv_cast(text: str) -> Any:
    """``Actor`` or ``Actor as Character``."""
    actor, sep, character = text.partition(" as ")
    return {"actor": actor.strip(), "character": character.strip()} if sep else text


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _paths(value: Any) -> Iterator[tuple[Any, ...]]:
    """The key paths inside a value (``()`` for the value itself)."""
    yield ()
    if isinstance(value, dict):
        for key, sub in value.items():
            for rest in _paths(sub):
                yield (key,) + rest
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            for rest in _paths(sub):
                yield (i,) + rest


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EntryError(path.name, [f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None
