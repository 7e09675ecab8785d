"""The day pack (store/day_pack.py) is never the truth and never the reason a command fails.

The streaks read every training day from one cache file of per-month entries, each found
by the digest of a month file's bytes: an edit the file's stamp hides still shows, a
damaged pack is ignored and rewritten, a copied store hits the same entries, and the
days always equal those of the sets themselves, in any zone and day-start hour.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hipext_tui.domain.days import training_day
from hipext_tui.domain.workout import Session, SetEntry, Side
from hipext_tui.store.tinydb_store import Store, StoreError
from tests.reliability.holes import cli, make_store, month_file

pytestmark = pytest.mark.reliability


def packs(cache: Path) -> list[Path]:
    folder = cache / "days"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def days_of_sets(store: Store, tz: ZoneInfo, hour: int) -> set[date]:
    """The truth: the training day of every logged set, from the full sessions."""
    return {training_day(s.logged_at, tz, hour) for sess in store.sessions() for s in sess.sets}


def late_store(db: Path) -> Store:
    """Sessions at awkward hours: after midnight UTC, across a DST change and a month end."""
    store = make_store(db, sessions=3)
    for n, at in enumerate(
        [
            datetime(2026, 3, 29, 0, 45, tzinfo=UTC),  # Berlin's spring-forward night
            datetime(2026, 3, 31, 23, 50, tzinfo=UTC),  # April in Berlin, March in UTC
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # the repeated hour in Berlin
            datetime(2026, 11, 1, 4, 10, tzinfo=UTC),  # New York's fall-back morning
        ]
    ):
        entry = SetEntry(
            id=f"late-{n}", exercise_id="deadlift", side=Side.NONE, reps=5, logged_at=at
        )
        store.add_session(Session(id=f"ses-late-{n}", start=at, sets=(entry,)))
    return store


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("hour", [0, 4])
def test_the_days_are_those_of_the_sets_cold_and_warm(
    tmp_path: Path, private_summary_cache: Path, zone: str, hour: int
) -> None:
    store = late_store(tmp_path / "h.json")
    tz = ZoneInfo(zone)
    truth = days_of_sets(store, tz, hour)
    assert store.training_days(tz, hour) == truth  # cold: built from the month files
    assert len(packs(private_summary_cache)) == 1
    assert Store.open(tmp_path / "h.json").training_days(tz, hour) == truth  # warm


def test_an_edit_that_keeps_size_and_mtime_still_shows(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    utc = ZoneInfo("UTC")
    assert Store.open(db).training_days(utc) == {date(2026, 3, 10)}
    shard = month_file(db)
    st = shard.stat()
    text = shard.read_text()
    assert "2026-03-10T07:00:00" in text
    shard.write_text(text.replace("2026-03-10T07:00:00", "2026-03-12T07:00:00"))  # same size
    os.utime(shard, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert Store.open(db).training_days(utc) == {date(2026, 3, 10), date(2026, 3, 12)}


def test_a_new_set_shows_at_once_and_the_pack_keeps_one_entry_per_month(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    store = make_store(db, sessions=2)
    utc = ZoneInfo("UTC")
    assert store.training_days(utc) == {date(2026, 3, 10), date(2026, 3, 11)}
    at = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    entry = SetEntry(id="new", exercise_id="deadlift", side=Side.NONE, reps=5, logged_at=at)
    store.add_session(Session(id="ses-new", start=at, sets=(entry,)))
    assert date(2026, 3, 20) in store.training_days(utc)  # the same Store sees its write
    other = Store.open(db)
    assert date(2026, 3, 20) in other.training_days(utc)
    at = datetime(2026, 3, 25, 9, 0, tzinfo=UTC)
    entry = SetEntry(id="new-2", exercise_id="deadlift", side=Side.NONE, reps=5, logged_at=at)
    other.add_session(Session(id="ses-new-2", start=at, sets=(entry,)))
    assert date(2026, 3, 25) in store.training_days(utc)  # and another Store's
    (pack,) = packs(private_summary_cache)
    entries = json.loads(pack.read_text())["entries"]
    assert len(entries) == 3  # the month as it was, and after each of the two writes
    newest = [date(2026, 3, d).toordinal() for d in (10, 11, 20, 25)]
    assert max(entries.values(), key=len) == newest


@pytest.mark.parametrize(
    "forged",
    [
        b"not json",
        b"",
        b'{"entries": []}',
        b'{"entries": {"00": [-5]}}',
        b'{"entries": {"00": ["738000"]}}',
        b'{"entries": {"00": [99999999999]}}',
        b'{"entries": {"KEY": [-5]}}',
        b'{"entries": {"KEY": ["738000"], "00": [1]}}',
        b'{"entries": {"KEY": {"a": 1}}}',
        b"[" * 100000,
    ],
)
def test_a_damaged_pack_never_breaks_or_fools_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], private_summary_cache: Path, forged: bytes
) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=3).close()
    before = cli(capsys, "--db", str(db), "--tz", "UTC", "streak", "--as-of", "2026-03-12")
    (pack,) = packs(private_summary_cache)
    (key,) = json.loads(pack.read_text())["entries"]  # the month file's
    pack.write_bytes(forged.replace(b"KEY", key.encode()))
    after = cli(capsys, "--db", str(db), "--tz", "UTC", "streak", "--as-of", "2026-03-12")
    assert after == before
    assert "Current streak: 3 days" in after[1]
    entries = json.loads(pack.read_text())["entries"]  # written again, whole
    assert entries[key] == [date(2026, 3, d).toordinal() for d in (10, 11, 12)]
    assert all(v and all(o > 0 for o in v) for v in entries.values())  # no bad entry kept


def test_a_copied_store_hits_the_same_entries(tmp_path: Path, private_summary_cache: Path) -> None:
    db = tmp_path / "a" / "h.json"
    make_store(db, sessions=40).close()
    berlin = ZoneInfo("Europe/Berlin")
    days = Store.open(db).training_days(berlin, 4)
    (pack,) = packs(private_summary_cache)
    written = pack.read_bytes()
    copy = tmp_path / "b"
    subprocess.run(["cp", "-a", str(db.parent), str(copy)], check=True)
    assert Store.open(copy / "h.json").training_days(berlin, 4) == days
    assert pack.read_bytes() == written  # nothing was missing, nothing rebuilt
    assert days == {date(2026, 3, 10) + timedelta(days=n) for n in range(40)}


def test_a_damaged_month_file_is_the_store_error_it_always_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    month_file(db).write_text('{"sessions": {"1": {"id": 5}}}')
    with pytest.raises(StoreError, match=r"sessions-2026-03\.json"):
        Store.open(db).training_days(ZoneInfo("UTC"))
    status, _, err = cli(capsys, "--db", str(db), "--tz", "UTC", "streak")
    assert status == 1
    assert "sessions-2026-03.json" in err


def test_an_unusable_cache_folder_never_fails_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=2).close()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    for place in (blocker / "summaries", blocker, shared):
        monkeypatch.setenv("HIPEXT_CACHE_DIR", str(place))
        status, out, err = cli(capsys, "--db", str(db), "--tz", "UTC", "streak", "--json")
        assert (status, err) == (0, ""), err
        assert json.loads(out)["longest_days"] == 2
    assert not (shared / "days").exists()  # a folder others can write is not used


def test_days_read_again_in_one_process_follow_every_change_of_the_files(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    """The days this process read last are kept with the keys of the month files' bytes:
    a set another writer adds, a month it deletes and a hand edit (in any order, read
    through the same Store or a new one) all show at the next read."""
    tz = ZoneInfo("Europe/Berlin")
    db = tmp_path / "hipext.json"
    first = make_store(db, sessions=3)
    other = Store.open(db)
    assert first.training_days(tz) == days_of_sets(first, tz, 0)
    later = datetime(2026, 5, 2, 9, 0, tzinfo=UTC)
    entry = SetEntry(id="may", exercise_id="deadlift", side=Side.NONE, reps=5, logged_at=later)
    other.add_session(Session(id="ses-may", start=later, sets=(entry,)))
    assert date(2026, 5, 2) in first.training_days(tz)
    other.delete_session("ses-may")
    assert date(2026, 5, 2) not in first.training_days(tz)
    before = first.training_days(tz)
    path = month_file(db)
    text = path.read_text(encoding="utf-8")
    moved = text.replace("2026-03-10T", "2026-03-20T")  # the first session and its sets
    assert moved != text
    path.write_text(moved, encoding="utf-8")
    fresh = Store.open(db)
    assert fresh.training_days(tz) == days_of_sets(fresh, tz, 0) != before
    assert first.training_days(tz) == days_of_sets(fresh, tz, 0)
