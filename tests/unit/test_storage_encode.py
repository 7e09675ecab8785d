"""A month file's bytes are always its whole data, even though a write re-encodes only
the documents it reports as touched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from hipext_tui.store.storage import DurableJSONStorage


def whole(data: dict[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text + "\n").encode()


def test_encode_matches_a_whole_encode_after_reported_and_unreported_writes(
    tmp_path: Path,
) -> None:
    storage = DurableJSONStorage(tmp_path / "m.json", stamp={"_meta": {"1": {"v": 1}}})
    table = TinyDB(storage=lambda: storage).table("sessions")
    for n in range(5):
        table.insert({"id": f"s{n}", "sets": [{"reps": n, "name": "Glüte"}]})
    assert storage.encode() == whole(storage.data or {})

    # A reported edit: only that document is encoded again, the bytes are still whole.
    before = storage.version
    table.update(lambda doc: doc.__setitem__("sets", [*doc["sets"], {"reps": 9}]), doc_ids=[2])
    storage.touched("sessions", 2, before, storage.version)
    assert storage.encode() == whole(storage.data or {})

    # An edit nobody reports (the chain of versions breaks): the next encode is whole.
    table.update(lambda doc: doc.__setitem__("sets", []), doc_ids=[4])
    before = storage.version
    table.update(lambda doc: doc.__setitem__("end", "x"), doc_ids=[1])
    storage.touched("sessions", 1, before, storage.version)
    payload = storage.encode()
    assert payload == whole(storage.data or {})
    assert json.loads(payload)["sessions"]["4"]["sets"] == []

    # A reported insert after a removal that reuses the id, then a plain encode.
    before = storage.version
    table.remove(doc_ids=[5])
    new_id = table.insert({"id": "s-new"})
    storage.touched("sessions", new_id, before, storage.version)
    payload = storage.encode()
    assert json.loads(payload)["sessions"][str(new_id)] == {"id": "s-new"}
    assert payload == whole(storage.data or {})


def append(doc: dict[str, Any], item: dict[str, Any]) -> None:
    doc["sets"] = [*doc.get("sets", []), item]


def test_an_appended_set_is_spliced_into_the_text_only_where_that_is_exact(
    tmp_path: Path,
) -> None:
    storage = DurableJSONStorage(tmp_path / "m.json")
    table = TinyDB(storage=lambda: storage).table("sessions")
    table.insert({"id": "last", "sets": [{"reps": 1}]})  # sets last: spliced
    table.insert({"sets": [{"reps": 1}], "id": "first"})  # sets not last: whole
    table.insert({"id": "empty", "sets": []})  # empty before: whole
    table.insert({"id": "odd", "sets": {"k": [1]}})  # not a list before: whole
    table.insert({"id": "none"})  # no list before: whole
    storage.encode()
    storage.in_transaction = True  # as a write's transaction holds it: encode when asked
    for doc_id in (1, 2, 3, 4, 5, 1):
        item = {"reps": doc_id, "note": "Glüte \u2028 ]}"}
        before = storage.version
        table.update(lambda doc, item=item: append(doc, item), doc_ids=[doc_id])  # type: ignore[misc]
        storage.touched("sessions", doc_id, before, storage.version, ("sets", item))
        payload = storage.encode()
        assert payload == whole(storage.data or {})
    assert (
        json.loads(payload)["sessions"]["1"]["sets"][1:]
        == [{"reps": 1, "note": "Glüte \u2028 ]}"}] * 2
    )


def test_a_document_kept_from_a_hand_formatted_file_is_encoded_whole(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    # Compact at the top two levels (so its texts are kept), with a repeated key: "sets"
    # is the last key parsed, but the text ends with the list of "x", which ends as the
    # sets do.
    path.write_text('{"sessions":{"1":{"x":[1],"sets":[{"reps":2}],"x":[{"reps":2}]}}}\n')
    storage = DurableJSONStorage(path)
    storage.refresh()
    storage.in_transaction = True
    table = TinyDB(storage=lambda: storage).table("sessions")
    item = {"reps": 3}
    before = storage.version
    table.update(lambda doc: append(doc, item), doc_ids=[1])
    storage.touched("sessions", 1, before, storage.version, ("sets", item))
    payload = storage.encode()
    assert payload == whole(storage.data or {})
    assert json.loads(payload)["sessions"]["1"] == {
        "x": [{"reps": 2}],
        "sets": [{"reps": 2}, {"reps": 3}],
    }


def test_two_changes_to_one_document_in_a_write_encode_it_whole(tmp_path: Path) -> None:
    storage = DurableJSONStorage(tmp_path / "m.json")
    table = TinyDB(storage=lambda: storage).table("sessions")
    table.insert({"id": "s", "sets": [{"reps": 1}]})
    storage.encode()
    storage.in_transaction = True
    item = {"reps": 2}
    before = storage.version
    table.update(lambda doc: append(doc, item), doc_ids=[1])
    middle = storage.version
    storage.touched("sessions", 1, before, middle, ("sets", item))
    table.update(lambda doc: doc.__setitem__("end", "later"), doc_ids=[1])
    storage.touched("sessions", 1, middle, storage.version)
    payload = storage.encode()
    assert payload == whole(storage.data or {})
    assert json.loads(payload)["sessions"]["1"]["end"] == "later"
