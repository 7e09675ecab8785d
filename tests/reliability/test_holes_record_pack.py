"""The record pack (store/record_pack.py) is never the truth and never the reason a read fails.

An exercise's records screen composes its numbers from per-month summaries and the merge
of all months but the newest, each found by the digests of month files' bytes under the
settings they depend on: the numbers always equal those of every set of the full
history; an edit the file's stamp hides still shows; a damaged or forged entry is
ignored and rebuilt; a copied store hits the same entries; other settings have their
own folder.
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
from hipext_tui.store.day_pack import content_key
from hipext_tui.store.tinydb_store import Store, StoreError
from tests.reliability.holes import make_store, month_file

pytestmark = pytest.mark.reliability

BERLIN = ZoneInfo("Europe/Berlin")


def packs(cache: Path) -> list[Path]:
    """The pack folders: one per exercise and settings."""
    folder = cache / "records"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def entries(pack: Path) -> list[Path]:
    """The month entries of a pack folder."""
    return sorted(p for p in pack.glob("*.json") if not p.name.startswith("run-"))


def runs(pack: Path) -> list[Path]:
    """The merges of a pack folder."""
    return sorted(pack.glob("run-*.json"))


def snapshot(cache: Path) -> dict[Path, bytes]:
    """Every file of every pack."""
    return {f: f.read_bytes() for pack in packs(cache) for f in sorted(pack.glob("*.json"))}


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
    (pack,) = packs(private_summary_cache)
    assert len(entries(pack)) == 14 and len(runs(pack)) == 1
    written = snapshot(private_summary_cache)
    assert read(db, exercise_id, **settings) == expected  # warm: the merge and the newest
    assert snapshot(private_summary_cache) == written  # nothing rebuilt


def test_a_new_month_and_a_new_set_still_give_the_truth(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    store = year_store(db)
    read(db)
    (pack,) = packs(private_summary_cache)
    for n, day in enumerate(
        [datetime(2026, 2, 27, 9, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)]
    ):
        store.add_session(
            Session(
                id=f"ses-new-{n}",
                start=day,
                sets=(SetEntry(f"new-{n}", "deadlift", Side.NONE, 3, day, 99.0 + n),),
            )
        )
        assert read(db) == truth(store, "deadlift")
    assert len(runs(pack)) == 2  # the merge of the older months once more, with February
    store.close()


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


def test_near_ties_the_months_cannot_settle_give_the_truth(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    # 20.000 kg x 5, then 20.008 x 6 (a tie with more reps), then 20.016 x 5 (heavier
    # than the first by more than the tolerance, not than the second): the sets decide.
    store = Store.open(tmp_path / "h.json")
    for n, weight in enumerate((20.0, 20.008, 20.016)):
        start = datetime(2026, 1 + n, 10, 7, tzinfo=UTC)
        entry = SetEntry(f"tie-{n}", "deadlift", Side.NONE, (5, 6, 5)[n], start, weight)
        store.add_session(Session(id=f"ses-tie-{n}", start=start, sets=(entry,)))
    expected = truth(store, "deadlift")
    store.close()
    heaviest = expected.records.overall.heaviest
    assert heaviest is not None and heaviest.value == 20.008
    assert read(tmp_path / "h.json") == expected
    assert read(tmp_path / "h.json") == expected


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
    return [False, [], "x", 5, [good[0]], heavier, lighter, {"entries": 1}]


HEAVIER, LIGHTER = 5, 6


def entry_of(pack: Path, month: Path) -> Path:
    """The entry of one month file."""
    return pack / f"{content_key(month.read_bytes())}.json"


@pytest.mark.parametrize("case", range(8))
@pytest.mark.parametrize("which", ["newest month", "older month", "merge"])
def test_a_forged_entry_never_breaks_or_fools_a_read(
    tmp_path: Path, private_summary_cache: Path, case: int, which: str
) -> None:
    db = tmp_path / "h.json"
    store = year_store(db)
    expected = truth(store, "deadlift")
    store.close()
    assert read(db) == expected
    (pack,) = packs(private_summary_cache)
    (merged,) = runs(pack)
    if which == "merge":
        target = merged
    elif which == "newest month":
        target = entry_of(pack, month_file(db, "2026-02"))
    else:  # read only when the merge is gone
        target = entry_of(pack, month_file(db, "2025-06"))
        merged.unlink()
    good = json.loads(target.read_text())
    target.write_text(json.dumps(forged_entries(good)[case]))
    assert read(db) == expected
    # Built again: an entry that is not one, and the kept set of the record read (the
    # newest month holds the heaviest here). Well-formed numbers are believed, and a kept
    # set is only read when it holds a record.
    if case not in (HEAVIER, LIGHTER) or (case == HEAVIER and which == "newest month"):
        assert json.loads(target.read_text()) == good


@pytest.mark.parametrize("forged", [b"not json", b"", b"[" * 100000, b"NaN", b"[1e999]"])
def test_a_damaged_entry_never_breaks_a_read(
    tmp_path: Path, private_summary_cache: Path, forged: bytes
) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=3).close()
    expected = read(db)
    (pack,) = packs(private_summary_cache)
    (entry,) = entries(pack)
    written = entry.read_bytes()
    entry.write_bytes(forged)
    assert read(db) == expected
    assert entry.read_bytes() == written


def test_a_month_without_the_exercise_is_null(tmp_path: Path, private_summary_cache: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db, sessions=3).close()
    assert read(db, "kickstand-deadlift").records.overall.sets == 0
    (pack,) = packs(private_summary_cache)
    (entry,) = entries(pack)
    assert entry.read_bytes() == b"null"


def test_a_copied_store_hits_the_same_entries(tmp_path: Path, private_summary_cache: Path) -> None:
    db = tmp_path / "a" / "h.json"
    year_store(db).close()
    numbers = read(db, "kickstand-deadlift", unit=Unit.KG, tz=BERLIN)
    written = snapshot(private_summary_cache)
    copy = tmp_path / "b"
    subprocess.run(["cp", "-a", str(db.parent), str(copy)], check=True)
    assert read(copy / "h.json", "kickstand-deadlift", unit=Unit.KG, tz=BERLIN) == numbers
    assert snapshot(private_summary_cache) == written  # nothing was missing, nothing rebuilt


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


def test_a_merge_is_made_from_the_month_files_never_from_other_entries(
    tmp_path: Path, private_summary_cache: Path
) -> None:
    # A well-formed entry of another month put in place of an older month's: its numbers
    # would be believed, but the merge, made when it is missing, reads the months
    # themselves, so neither the numbers nor the new merge take it in.
    db = tmp_path / "h.json"
    store = year_store(db)
    expected = truth(store, "deadlift")
    store.close()
    assert read(db) == expected
    (pack,) = packs(private_summary_cache)
    (merged,) = runs(pack)
    good_merge = merged.read_bytes()
    older = entry_of(pack, month_file(db, "2025-06"))
    good = older.read_bytes()
    other = entry_of(pack, month_file(db, "2025-09")).read_bytes()
    assert other != good
    older.write_bytes(other)
    merged.unlink()
    assert read(db) == expected
    assert older.read_bytes() == good  # built again from its month file
    (remade,) = runs(pack)
    assert remade.read_bytes() == good_merge
