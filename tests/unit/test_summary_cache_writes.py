"""The summary cache entry a write leaves: written when the store closes or the process
exits (not while the write waits for the disk), and equal to what the JSON says."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipext_tui.domain.sessions import SessionTarget
from hipext_tui.domain.workout import SetEntry, SetType, Side, summarize
from hipext_tui.store import cache
from hipext_tui.store.shards import _summaries_of
from hipext_tui.store.storage import decode, digest
from hipext_tui.store.tinydb_store import Store, StoreError

START = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)


def entry(n: int, **changes: object) -> SetEntry:
    base = SetEntry(id=f"set-{n}", exercise_id="deadlift", side=Side.NONE, reps=5 + n,
                    logged_at=START + timedelta(minutes=n), weight=20.0 + n)  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def month_files(db: Path) -> list[Path]:
    return sorted(db.with_name(db.name + ".d").glob("sessions-*.json"))


def cached_equals_json(path: Path) -> bool:
    """The cache holds an entry for the file's exact bytes, equal to its JSON's summaries."""
    payload = path.read_bytes()
    found = cache.load(digest(payload))
    return found is not None and found == _summaries_of(path, decode(path, payload))


def test_every_kind_of_write_leaves_an_entry_equal_to_the_json_once_closed(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    store = Store.open(db)
    target = SessionTarget.running("ses-a", START, None)
    store.append_set(entry(1), target, UTC)  # creates the session
    store.append_set(entry(2, set_type=SetType.WARMUP), target, UTC)
    store.update_set("ses-a", entry(2, reps=11))
    store.append_set(entry(3, exercise_id="glute-bridge", weight=None), target, UTC)
    store.delete_set("ses-a", "set-1")
    store.finish_session("ses-a", START + timedelta(hours=1))
    other = SessionTarget.running("ses-b", START + timedelta(days=1), None)
    store.append_set(entry(4, logged_at=START + timedelta(days=1)), other, UTC)
    store.log_set("ses-b", entry(5, logged_at=START + timedelta(days=1, minutes=2)))
    # A month file was written; its entry waits until the store closes.
    [path] = month_files(db)
    assert cache.load(digest(path.read_bytes())) is None
    store.close()
    assert cached_equals_json(path)
    # A new reader takes the summaries from that entry, and they are the sessions'.
    reader = Store.open(db)
    assert [s.total_sets for s in reader.session_summaries()] == [2, 2]
    assert reader.session_summaries() == [summarize(s) for s in reader.sessions()]


def test_a_command_that_exits_leaves_the_entry_of_what_it_wrote(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    store = Store.open(db)
    store.append_set(entry(1), SessionTarget.running("ses-a", START, None), UTC)
    store.close()
    root = Path(__file__).resolve().parents[2]
    child = textwrap.dedent(
        """
        import sys
        from datetime import UTC, datetime, timedelta
        from hipext_tui.domain.workout import SetEntry, Side
        from hipext_tui.store.tinydb_store import Store, StoreError

        store = Store.open(sys.argv[1])
        start = datetime(2026, 11, 3, 7, 30, tzinfo=UTC)
        store.log_set("ses-a", SetEntry(id="set-late", exercise_id="deadlift",
                                        side=Side.NONE, reps=8, logged_at=start))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", child, str(db)], check=True, env=env)
    [path] = month_files(db)
    assert b"set-late" in path.read_bytes()
    assert cached_equals_json(path)


def test_an_entry_waiting_is_not_changed_by_later_edits_in_memory(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    store = Store.open(db)
    store.append_set(entry(1), SessionTarget.running("ses-a", START, None), UTC)
    store.log_set("ses-a", entry(2))
    [path] = month_files(db)
    written = path.read_bytes()
    # A write that fails after editing the document in memory (the disk refuses it)
    # must not change the entry waiting for the bytes already on disk.
    real_replace = os.replace

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    try:
        os.replace = refuse  # type: ignore[assignment]
        with pytest.raises(StoreError, match="No space left"):
            store.log_set("ses-a", entry(3))
    finally:
        os.replace = real_replace
    assert path.read_bytes() == written
    store.close()
    found = cache.load(digest(written))
    assert found is not None and found == _summaries_of(path, decode(path, written))
    assert [s.total_sets for _, s in found] == [2]


def closed_store_of_two_sessions(db: Path) -> Path:
    """A store whose month file has its cache entry (written as the store closed)."""
    store = Store.open(db)
    store.append_set(entry(1), SessionTarget.running("ses-a", START, None), UTC)
    other = SessionTarget.running("ses-b", START + timedelta(days=1), None)
    store.append_set(entry(2, logged_at=START + timedelta(days=1)), other, UTC)
    store.close()
    [path] = month_files(db)
    assert cached_equals_json(path)
    return path


def test_the_first_write_of_a_reader_decodes_no_summary_while_the_user_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.json"
    path = closed_store_of_two_sessions(db)
    store = Store.open(db)
    assert [s.total_sets for s in store.session_summaries()] == [1, 1]  # from the entry

    def refuse(raw: object) -> None:
        raise AssertionError("decoded a summary inside the write")

    with monkeypatch.context() as patch:
        patch.setattr("hipext_tui.store.shards.decode_summary", refuse)
        patch.setattr("hipext_tui.store.cache.decode_summary", refuse)
        store.log_set("ses-a", entry(3))
        assert [s.total_sets for s in store.session_summaries()] == [2, 1]
    store.close()  # the entry of the new bytes is decoded from them now
    assert cached_equals_json(path)
    assert [s.total_sets for s in Store.open(db).session_summaries()] == [2, 1]


def test_a_forged_entry_of_the_bytes_a_write_starts_from_never_reaches_the_next_entry(
    tmp_path: Path,
) -> None:
    db = tmp_path / "h.json"
    path = closed_store_of_two_sessions(db)
    real = cache.load(digest(path.read_bytes()))
    assert real is not None
    forged = [(d, replace(s, working_sets=999, slot_sets=(999,))) for d, s in real]
    cache.save(digest(path.read_bytes()), forged)
    store = Store.open(db)
    assert [s.total_sets for s in store.session_summaries()] == [999, 999]  # misled
    store.log_set("ses-b", entry(3, logged_at=START + timedelta(days=1, minutes=5)))
    store.close()
    # The month file holds what was written, and its new entry was made from it.
    assert b"set-3" in path.read_bytes()
    assert cached_equals_json(path)
    assert [s.total_sets for s in Store.open(db).session_summaries()] == [1, 2]


def test_a_forged_entry_that_hides_a_session_never_stops_a_write_to_it(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    path = closed_store_of_two_sessions(db)
    real = cache.load(digest(path.read_bytes()))
    assert real is not None
    only_a = [(d, s) for d, s in real if s.id == "ses-a"]
    cache.save(digest(path.read_bytes()), only_a)
    store = Store.open(db)
    assert [s.id for s in store.session_summaries()] == ["ses-a"]  # misled
    store.log_set("ses-b", entry(3, logged_at=START + timedelta(days=1, minutes=5)))
    store.close()
    assert b"set-3" in path.read_bytes()
    assert cached_equals_json(path)
    assert [s.total_sets for s in Store.open(db).session_summaries()] == [1, 2]
