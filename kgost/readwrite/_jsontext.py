"""JSON text of JSON-LD documents in kgost's fixed key order, as ``json.dumps(indent=2)`` writes it."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

__all__ = ["dumps", "ordered", "write"]

_FIRST_KEYS = ("@context", "@id", "id", "@type", "type")
_VALUE_KEYS = ("@value", "@language", "@type", "type")


def dumps(document: dict[str, Any]) -> str:
    """``json.dumps(ordered(document), indent=2, ensure_ascii=False) + "\\n"``, the same text.

    Hand-written because with ``indent`` Python's ``json`` runs its pure-Python encoder (its C
    encoder only writes without indentation), which with :func:`ordered` took most of a JSON-LD
    export's time; this writes each line directly. ``tests/test_export_jsonld.py`` compares it
    with ``json.dumps``.

    Examples
    --------
    >>> print(dumps({"b": [1, True], "@id": "x", "a": {"@type": "t", "@value": "v"}}), end="")
    {
      "@id": "x",
      "a": {
        "@value": "v",
        "@type": "t"
      },
      "b": [
        1,
        true
      ]
    }
    """
    out: list[str] = []
    write(document, "\n", out)
    out.append("\n")
    return "".join(out)


def ordered(value: Any) -> Any:
    """``value`` with every object's keys in kgost's order: ``@context``, ids and types first (a
    value object's ``@value``, ``@language``, ``@type`` first), the others by name, ``@graph``
    last; the ``@context`` is left as it is."""
    if isinstance(value, dict):
        return {k: value[k] if k == "@context" else ordered(value[k]) for k in _keys(value)}
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def _keys(value: dict[str, Any]) -> list[str]:
    first = _VALUE_KEYS if "@value" in value else _FIRST_KEYS
    keys = [k for k in first if k in value] + sorted(k for k in value if k not in first and k != "@graph")
    if "@graph" in value:
        keys.append("@graph")
    return keys


def write(value: Any, newline: str, out: list[str]) -> None:
    """Append the JSON text of ``value``; ``newline`` is a line break and the current indent."""
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict or isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for key in _keys(value):
            out.append(sep)
            out.append(encode_basestring(key))
            out.append(": ")
            item = value[key]
            if key == "@context":
                out.append(json.dumps(item, indent=2, ensure_ascii=False).replace("\n", inner))
            else:
                write(item, inner, out)
            sep = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for item in value:
            out.append(sep)
            write(item, inner, out)
            sep = "," + inner
        out.append(newline + "]")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is bool:
        out.append("true" if value else "false")
    else:  # other numbers, null (and strings of str subclasses) as json writes them
        out.append(json.dumps(value, ensure_ascii=False))
