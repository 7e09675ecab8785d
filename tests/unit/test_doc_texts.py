"""The first write of a process reuses the text of every document it did not change,
kept from the file it read; the parse that keeps them is ``json.loads``'s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tinydb import TinyDB

from hipext_tui.store.doc_texts import parse_with_texts
from hipext_tui.store.storage import DurableJSONStorage, _refuse_constant

META = {"_meta": {"1": {"schema_version": 2}}}


def compact(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def edit_one(path: Path, doc_id: int) -> bytes:
    """A new reader of ``path`` appends a set to document ``doc_id`` and encodes."""
    storage = DurableJSONStorage(path, stamp=META)
    storage.refresh(verify=True)
    before = storage.version
    table = TinyDB(storage=lambda: storage).table("sessions")
    storage.in_transaction = True
    table.update(lambda doc: doc["sets"].append({"reps": 9}), doc_ids=[doc_id])
    storage.touched("sessions", doc_id, before, storage.version)
    return storage.encode()


def test_a_file_this_encoder_wrote_is_whole_after_a_new_reader_edits_it(tmp_path: Path) -> None:
    sessions = {str(n): {"id": f"s{n}", "sets": [{"reps": n, "name": "Glüte"}]} for n in (1, 2, 3)}
    data = {"sessions": sessions, **META}
    path = tmp_path / "m.json"
    path.write_text(compact(data))
    payload = edit_one(path, 2)
    data["sessions"]["2"]["sets"].append({"reps": 9})
    assert payload == compact(data).encode()


def test_a_document_not_changed_keeps_its_text_and_the_stamp_is_written_anew(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.json"
    hand = '{"reps":5.50,"name":"Gl\\u00fcte"}'  # not how this encoder writes it
    path.write_text(
        '{"sessions":{"1":{"id":"s1","sets":[]},"2":{"id":"s2","sets":[' + hand + "]}},"
        '"_meta":{"1":{"schema_version":1}}}\n'
    )
    payload = edit_one(path, 1)
    text = payload.decode()
    assert '"2":{"id":"s2","sets":[' + hand + "]}" in text  # untouched, byte for byte
    assert '"1":{"id":"s1","sets":[{"reps":9}]}' in text  # the edit, encoded here
    assert json.loads(text)["_meta"] == META["_meta"]  # not the stale text of the file


def test_other_layouts_and_damaged_files_are_left_to_the_ordinary_parse() -> None:
    for text in (
        '{\n "sessions": {"1": {"id": "a"}}\n}',  # indented, like the main file
        '{"sessions":{"1":{"id":"a"}}',  # truncated
        '{"sessions":{"1":[1]}}',  # a document that is not an object
        '{"sessions":{"1":{"id":NaN}}}',
        '{"sessions":{"1":{"id":"a"}}} trailing',
        "[]",
        "",
    ):
        assert parse_with_texts(text, _refuse_constant) is None, text


finite = st.floats(allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | finite | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
tables = st.dictionaries(
    st.text(min_size=1),
    st.dictionaries(
        st.integers(0, 99).map(str), st.dictionaries(st.text(), json_values, max_size=3)
    ),
    min_size=1,
    max_size=3,
)


@given(tables)
def test_compact_files_parse_as_json_loads_with_each_document_text(data: dict[str, Any]) -> None:
    text = compact(data)
    found = parse_with_texts(text, _refuse_constant)
    assert found is not None
    parsed, texts = found
    assert parsed == json.loads(text)
    assert {k: json.loads(v) for k, v in texts.items()} == {
        (name, key): doc for name, table in parsed.items() for key, doc in table.items()
    }


@given(st.text(alphabet='{}[]":,0123456789abs \\', max_size=60))
def test_any_text_parses_as_json_loads_or_not_at_all(text: str) -> None:
    found = parse_with_texts(text, _refuse_constant)
    if found is not None:
        assert found[0] == json.loads(text)
