"""The record pack (store/record_pack.py) is never the truth and never the reason a read fails.

An exercise's records screen composes its numbers from one cache file of per-month
summaries, each found by the digest of a month file's bytes under the settings they
depend on: the numbers always equal those of every set of the full history; an edit
the file's stamp hides still shows; a damaged or forged pack is ignored and rebuilt; a
copied store hits the same entries; other settings have their own pack.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hipext_tui.domain.progress_compose import ExerciseProgress, progress_of_sets
from hipext_tui.domain.workout import LB_PER_KG, Session, SetEntry, SetType, Side, Unit
from hipext_tui.store.tinydb_store import Store, StoreError
from tests.reliability.holes import make_store, month_file

pytestmark = pytest.mark.reliability

BERLIN = ZoneInfo("Europe/Berlin")


def packs(cache: Path) -> list[Path]:
    """The pack files: one per exercise and settings."""
    folder = cache / "records"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def truth(
    store: Store,
    exercise_id: str,
    unit: Unit = Unit.KG,
    tz: tzinfo = UTC,
    hour: int = 0,
    week_start: str = "monday",
) -> ExerciseProgress:
    """The numbers from every set of the full history."""
    sets = [s for sess in store.sessions() for s in sess.sets]
    return progress_of_sets(
        sets, exercise_id, unit, tz=tz, day_start_hour=hour, week_start=week_start
    )


def read(db: Path, exercise_id: str = "deadlift", **kw: object) -> ExerciseProgress:
    """What the records screen reads, from a Store opened afresh (in kg and UTC unless
    told)."""
    settings = {"unit": Unit.KG, "tz": UTC} | kw
    with Store.open(db) as store:
        return store.exercise_progress(exercise_id, **settings)  # type: ignore[arg-type]


def year_store(db: Path) -> Store:
    """Fourteen months of two exercises, one-sided and two-sided, kg and lb, warm-ups,
    late sessions in Berlin time."""
    store = Store.open(db)
    day = date(2025, 1, 2)
    n = 0
    while day < date(2026, 3, 1):
        start = datetime(day.year, day.month, day.day, 23 if n % 5 == 0 else 18, 40, tzinfo=BERLIN)
        start = datetime.fromisoformat(start.isoformat())
        sets = []
        for k in range(6):
            in_lb = n % 7 == 3
            kg = 30.0 + n * 0.25
            sets.append(
                SetEntry(
                    id=f"y-{n}-{k}",
                    exercise_id=("deadlift", "kickstand-deadlift")[k % 2],
                    side=(Side.NONE, Side.LEFT if k % 4 == 1 else Side.RIGHT)[k % 2],
                    reps=6 + (n + k) % 6,
                    logged_at=start + timedelta(minutes=9 * k),
                    weight=round(kg * LB_PER_KG, 1) if in_lb else kg,
                    unit=Unit.LB if in_lb else Unit.KG,
                    set_type=SetType.WARMUP if k == 0 else SetType.WORKING,
                )
            )
        store.add_session(Session(id=f"ses-y-{n}", start=start, sets=tuple(sets)))
        day += timedelta(days=3)
        n += 1
    return store


SETTINGS = [
    {"unit": Unit.KG, "tz": UTC},
    {"unit": Unit.LB, "tz": BERLIN, "day_start_hour": 4, "week_start": "sunday"},
    {"unit": Unit.KG, "tz": timezone(timedelta(hours=-7)), "week_start": "sunday"},
]


@pytest.mark.parametrize("settings", SETTINGS, ids=["kg-utc", "lb-berlin-4-sunday", "fixed-7"])
@pytest.mark.parametrize("exercise_id", ["deadlift", "kickstand-deadlift", "no-such-exercise"])
def test_the_numbers_are_those_of_every_set_cold_and_warm(
    tmp_path: Path, private_summary_cache: Path, exercise_id: str, settings: dict
) -> None:
    db = tmp_path / "h.json"
    store = year_store(db)
    expected = truth(
        store,
        exercise_id,
        settings["unit"],
        settings["tz"],
        settings.get("day_start_hour", 0),
        settings.get("week_start", "monday"),
    )
    store.close()
    assert read(db, exercise_id, **settings) == expected  # cold: built from the month files
    assert len(packs(private_summary_cache)) == 1
    written = packs(private_summary_cache)[0].read_bytes()
    assert read(db, exercise_id, **settings) == expected  # warm: from the pack
    assert packs(private_summary_cache)[0].read_bytes() == written  # nothing rebuilt


def test_each_setting_has_its_own_pack(tmp_path: Path, private_summary_cache: Path) -> None:
    db = tmp_path / "h.json"
    year_store(db).close()
    for settings in SETTINGS:
        read(db, **settings)
    read(db, "kickstand-deadlift")
    assert len(packs(private_summary_cache)) == len(SETTINGS) + 1
    monday = read(db, week_start="monday")
    sunday = read(db, week_start="sunday")
    assert min(monday.volume).weekday() == 0 and min(sunday.volume).weekday() == 6


def test_months_out_of_time_order_still_give_the_truth(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    # A session in +14:00 on 1 April (the April file) starts before one in -10:00 on
    # 31 March (the March file): the months cannot tell, the sets are read.
    store = make_store(tmp_path / "h.json", sessions=4)
    for n, (at, tz) in enumerate(
        [
            (datetime(2026, 4, 1, 0, 30), timezone(timedelta(hours=14))),
            (datetime(2026, 3, 31, 20, 0), timezone(timedelta(hours=-10))),
        ]
    ):
        start = at.replace(tzinfo=tz)
        sets = tuple(
            SetEntry(
                f"mix-{n}-{k}", "deadlift", Side.NONE, 5 + k, start + timedelta(minutes=k), 60.0 + n
            )
            for k in range(3)
        )
        store.add_session(Session(id=f"ses-mix-{n}", start=start, sets=sets))
    expected = truth(store, "deadlift")
    store.close()
    assert read(tmp_path / "h.json", unit=Unit.KG, tz=UTC) == expected
    assert read(tmp_path / "h.json", unit=Unit.KG, tz=UTC) == expected


def test_an_edit_that_keeps_size_and_mtime_still_shows(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    before = read(db, unit=Unit.KG, tz=UTC).records.overall.heaviest
    assert before is not None and before.value == 40.0
    shard = month_file(db)
    st = shard.stat()
    text = shard.read_text()
    shard.write_text(text.replace('"weight":40.0', '"weight": 90.0', 1))  # same size
    os.utime(shard, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = read(db, unit=Unit.KG, tz=UTC).records.overall.heaviest
    assert after is not None and after.value == 90.0


def forged_entries(good: list) -> list[object]:
    """Entries that are not what was built: wrong kinds, and a kept record set edited."""
    heavier = json.loads(json.dumps(good))
    heavier[6][0]["weight"] = 95.0  # the kept heaviest set, not the one its numbers are of
    lighter = json.loads(json.dumps(good))
    lighter[3][0][1][0][0] = 10.0  # a heaviest candidate's weight
    return [None, False, [], "x", 5, [good[0]], heavier, lighter, {"entries": 1}]


@pytest.mark.parametrize("case", range(9))
def test_a_forged_entry_never_breaks_or_fools_a_read(
    tmp_path: Path, private_summary_cache: Path, case: int
) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=3).close()
    expected = read(db, unit=Unit.KG, tz=UTC)
    (pack,) = packs(private_summary_cache)
    entries = json.loads(pack.read_text())["entries"]
    (key,) = entries
    good = entries[key]
    entries[key] = forged_entries(good)[case]
    pack.write_text(json.dumps({"entries": entries}))
    if case == 0:  # null means "no set of it here": believed, as the day pack's days are
        assert read(db, unit=Unit.KG, tz=UTC).records.overall.sets == 0
        return
    assert read(db, unit=Unit.KG, tz=UTC) == expected
    assert json.loads(pack.read_text())["entries"][key] == good  # whole again


@pytest.mark.parametrize(
    "forged", [b"not json", b"", b'{"entries": []}', b"[" * 100000, b'{"entries": {"k": NaN}}']
)
def test_a_damaged_pack_never_breaks_a_read(
    tmp_path: Path, private_summary_cache: Path, forged: bytes
) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=3).close()
    expected = read(db, unit=Unit.KG, tz=UTC)
    (pack,) = packs(private_summary_cache)
    written = pack.read_bytes()
    pack.write_bytes(forged)
    assert read(db, unit=Unit.KG, tz=UTC) == expected
    assert pack.read_bytes() == written


def test_a_copied_store_hits_the_same_entries(tmp_path: Path, private_summary_cache: Path) -> None:
    db = tmp_path / "a" / "h.json"
    year_store(db).close()
    numbers = read(db, "kickstand-deadlift", unit=Unit.KG, tz=BERLIN)
    (pack,) = packs(private_summary_cache)
    written = pack.read_bytes()
    copy = tmp_path / "b"
    subprocess.run(["cp", "-a", str(db.parent), str(copy)], check=True)
    assert read(copy / "h.json", "kickstand-deadlift", unit=Unit.KG, tz=BERLIN) == numbers
    assert pack.read_bytes() == written  # nothing was missing, nothing rebuilt


def test_a_cache_that_cannot_be_written_never_fails_a_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("HIPEXT_CACHE_DIR", str(blocker / "cache"))
    db = tmp_path / "h.json"
    store = make_store(db, sessions=3)
    expected = truth(store, "deadlift")
    store.close()
    assert read(db, unit=Unit.KG, tz=UTC) == expected


def test_a_damaged_month_file_is_the_store_error_it_always_was(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    month_file(db).write_text('{"sessions": {"1": {"id": 5}}}')
    with pytest.raises(StoreError, match=r"sessions-2026-03\.json"):
        read(db, unit=Unit.KG, tz=UTC)
