"""The set pack (store/set_pack.py) is never the truth and never the reason a read fails.

An exercise's records read its sets from one cache file of per-month entries, each found
by the digest of a month file's bytes: the sets always equal those of the full history,
in its order; an edit the file's stamp hides still shows; a damaged or forged pack is
ignored and rebuilt; a copied store hits the same entries.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipext_tui.domain.workout import Session, SetEntry, Side
from hipext_tui.store.tinydb_store import Store, StoreError
from tests.reliability.holes import make_store, month_file

pytestmark = pytest.mark.reliability


def packs(cache: Path) -> list[Path]:
    """The entry files: one per exercise and month file."""
    folder = cache / "sets"
    return sorted(folder.glob("*/*.json")) if folder.is_dir() else []


def of_history(store: Store, exercise_id: str) -> list[SetEntry]:
    """The truth: the exercise's sets as the full history lists them."""
    return [s for sess in store.sessions() for s in sess.sets if s.exercise_id == exercise_id]


def mixed_store(db: Path) -> Store:
    """Two exercises, and sessions whose own-clock month differs from their UTC order
    (a session in +14:00 on the 1st starts before one in -10:00 on the 31st)."""
    store = make_store(db, sessions=4)
    for n, (at, tz) in enumerate(
        [
            (datetime(2026, 4, 1, 0, 30), timezone(timedelta(hours=14))),
            (datetime(2026, 3, 31, 20, 0), timezone(timedelta(hours=-10))),
            (datetime(2026, 4, 2, 9, 0), UTC),
        ]
    ):
        start = at.replace(tzinfo=tz)
        sets = tuple(
            SetEntry(
                id=f"mix-{n}-{k}",
                exercise_id=("deadlift", "glute-bridge")[k % 2],
                side=Side.NONE,
                reps=5 + k,
                logged_at=start + timedelta(minutes=k),
                weight=50.0 + n,
            )
            for k in range(4)
        )
        store.add_session(Session(id=f"ses-mix-{n}", start=start, sets=sets))
    return store


@pytest.mark.parametrize("exercise_id", ["deadlift", "glute-bridge", "no-such-exercise"])
def test_the_sets_are_those_of_the_history_cold_and_warm(
    tmp_path: Path, private_summary_cache: Path, exercise_id: str
) -> None:
    store = mixed_store(tmp_path / "h.json")
    truth = of_history(store, exercise_id)
    assert store.exercise_sets(exercise_id) == truth  # cold: built from the month files
    assert len(packs(private_summary_cache)) == 2  # March and April
    assert Store.open(tmp_path / "h.json").exercise_sets(exercise_id) == truth  # warm


def test_an_edit_that_keeps_size_and_mtime_still_shows(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    assert [s.weight for s in Store.open(db).exercise_sets("deadlift")] == [40.0, 40.0]
    shard = month_file(db)
    st = shard.stat()
    text = shard.read_text()
    assert '"weight":40.0' in text
    shard.write_text(text.replace('"weight":40.0', '"weight": 90.0', 1))  # same size
    os.utime(shard, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert [s.weight for s in Store.open(db).exercise_sets("deadlift")] == [90.0, 40.0]


@pytest.mark.parametrize(
    "forged",
    [
        b"not json",
        b"",
        b'{"entries": []}',
        b'[["2026-03-10T07:00:00+00:00", [[1, 2]]]]',
        b'[["2026-03-10T07:00:00+00:00", [{"id": "x"}]]]',
        b'[["yesterday", []]]',
        b'[["2026-03-10T07:00:00", []], ["2026-03-10T07:00:00+00:00", []]]',
        b'[["2026-03-10T07:00:00+00:00", [{"id": "s", "exercise_id": "deadlift", "reps": 8, '
        b'"weight": 1e308, "at": "2026-03-10T07:00:00+00:00"}]]]',
        b'[["2026-03-10T07:00:00+00:00", [{"id": "s", "exercise_id": "glute-bridge", '
        b'"reps": 8, "at": "2026-03-10T07:00:00+00:00"}]]]',
        b"[" * 100000,
    ],
)
def test_a_damaged_or_forged_entry_never_breaks_or_fools_a_read(
    tmp_path: Path, private_summary_cache: Path, forged: bytes
) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=3).close()
    truth = Store.open(db).exercise_sets("deadlift")
    (entry,) = packs(private_summary_cache)  # the one month file's
    entry.write_bytes(forged)
    assert Store.open(db).exercise_sets("deadlift") == truth
    assert Store.open(db).exercise_sets("deadlift") == truth  # and the entry is whole again
    assert len(json.loads(entry.read_text())[0][1]) == 2


def test_a_copied_store_hits_the_same_entries(tmp_path: Path, private_summary_cache: Path) -> None:
    db = tmp_path / "a" / "h.json"
    make_store(db, sessions=40).close()
    sets = Store.open(db).exercise_sets("deadlift")
    written = {entry: entry.read_bytes() for entry in packs(private_summary_cache)}
    assert len(written) == 2  # March and April
    copy = tmp_path / "b"
    subprocess.run(["cp", "-a", str(db.parent), str(copy)], check=True)
    assert Store.open(copy / "h.json").exercise_sets("deadlift") == sets
    # Nothing was missing, nothing rebuilt.
    assert {entry: entry.read_bytes() for entry in packs(private_summary_cache)} == written
    assert len(sets) == 80


def test_a_damaged_month_file_is_the_store_error_it_always_was(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    month_file(db).write_text('{"sessions": {"1": {"id": 5}}}')
    with pytest.raises(StoreError, match=r"sessions-2026-03\.json"):
        Store.open(db).exercise_sets("deadlift")
