"""Parse a month file and keep the JSON text of each of its documents.

A write re-encodes only the documents it changed and reuses the text of every other
one (:meth:`~hipext_tui.store.storage.DurableJSONStorage.encode`). The first write of a
process has no text to reuse unless the file's own is kept, which is what
:func:`parse_with_texts` does: it walks the top two levels of a file laid out as the
compact encoder writes it (``{"table":{"1":{...},"2":{...}},...}``) and parses each
document in C, keeping the slice of text it came from. Anything else (another layout,
a damaged file) gives None, and the caller parses the file the ordinary way, which also
names the problem. The parse is the same as ``json.loads``: the same decoder, the same
refusal of NaN and Infinity, the last of repeated keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Texts = dict[tuple[str, str], str]

# (text, index after an opening quote) -> (the string, index after its closing quote)
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def parse_with_texts(
    text: str, parse_constant: Callable[[str], Any]
) -> tuple[dict[str, dict[str, Any]], Texts] | None:
    """The tables of ``text`` and the text of each document by (table, document key);
    None unless ``text`` is compact TinyDB JSON (an object of objects of objects)."""
    decode = json.JSONDecoder(parse_constant=parse_constant).raw_decode
    tables: dict[str, dict[str, Any]] = {}
    texts: Texts = {}
    try:
        if not text.startswith('{"'):
            return None
        i = 1
        while True:
            name, i = _scanstring(text, i + 1)
            if text[i : i + 2] != ":{":
                return None
            i += 2
            table: dict[str, Any] = {}
            while text[i] != "}":
                if text[i] != '"':
                    return None
                key, i = _scanstring(text, i + 1)
                if text[i : i + 2] != ":{":
                    return None
                doc, end = decode(text, i + 1)
                table[key] = doc
                texts[(name, key)] = text[i + 1 : end]
                i = end
                if text[i] == ",":
                    i += 1
                    if text[i] != '"':
                        return None
            tables[name] = table
            i += 1
            if text[i] == "}":
                break
            if text[i : i + 2] != ',"':
                return None
            i += 1
        if text[i + 1 :].strip():
            return None
    except (IndexError, ValueError, RecursionError):
        return None
    return tables, texts


# A write that only added ``item`` at the end of the document's list ``key``.
Appended = tuple[str, Any]


def appended_text(
    old: str, doc: dict[str, Any], appended: Appended, dumps: Callable[[Any], str]
) -> str | None:
    """The compact text of ``doc`` made from ``old``, the compact encoder's own text of
    the document before the write ``appended`` describes (the write's caller vouches
    that nothing else changed), without encoding the whole document again: the list is
    the document's last member, so its text ends ``...<last item>]}`` and the new item
    goes before that ``]``. None when the document does not evidently look so (an
    empty list before, another last member): the caller encodes it whole."""
    key, item = appended
    items = doc.get(key)
    if type(items) is not list or len(items) < 2 or items[-1] is not item:
        return None
    if next(reversed(doc)) != key or not old.endswith(f"{dumps(items[-2])}]}}"):
        return None
    return f"{old[:-2]},{dumps(item)}]}}"
