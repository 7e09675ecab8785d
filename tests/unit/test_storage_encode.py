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
