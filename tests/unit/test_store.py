"""The store: what is on disk after each method, and what a user sees when a file is bad."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipext_tui.domain.catalog import Exercise, Routine, RoutineItem, Sides, load_catalog
from hipext_tui.domain.sessions import SessionTarget
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    SetType,
    Side,
    Unit,
    ValidationError,
    summarize,
)
from hipext_tui.store.tinydb_store import (
    ImportResult,
    NotFoundError,
    Store,
    StoreError,
    StoreLockedError,
)

PLUS2 = timezone(timedelta(hours=2))


def make_set(
    n: int, at: datetime, *, side: Side = Side.LEFT, exercise: str = "deadlift"
) -> SetEntry:
    """A set with a predictable id."""
    return SetEntry(
        id=f"t{n}",
        exercise_id=exercise,
        side=side,
        reps=8 + n % 5,
        logged_at=at,
        weight=42.5,
        unit=Unit.KG,
        seconds=None,
        rpe=7.5,
        set_type=SetType.WORKING,
    )


def make_session(sid: str, start: datetime, n_sets: int = 0) -> Session:
    """A session with ``n_sets`` sets logged a minute apart."""
    sets = tuple(make_set(i, start + timedelta(minutes=i), side=Side.RIGHT) for i in range(n_sets))
    sets = tuple(replace(s, id=f"{sid}-t{i}") for i, s in enumerate(sets))
    return Session(id=sid, start=start, routine_id="hip-extension-for-runners", sets=sets)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "hipext.json"


@pytest.fixture
def store(db: Path) -> Store:
    return Store.open(db)


def shard(db: Path, month: str) -> Path:
    return db.with_name(db.name + ".d") / f"sessions-{month}.json"


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


# -- first run, layout, permissions ----------------------------------------------------


def test_first_run_creates_private_files_and_directories(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "hipext.json"
    store = Store.open(db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.with_name("hipext.json.d").stat().st_mode) == 0o700
    on_disk = json.loads(db.read_text())
    assert on_disk["meta"] == {"1": {"schema_version": 1}}
    store.add_session(make_session("s1", datetime(2026, 11, 3, 7, 0, tzinfo=UTC), 2))
    assert stat.S_IMODE(shard(db, "2026-11").stat().st_mode) == 0o600


def test_existing_directory_mode_is_left_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    Store.open(tmp_path / "hipext.json")
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_open_without_create_refuses_a_missing_store(db: Path) -> None:
    with pytest.raises(StoreError, match="no hipext store"):
        Store.open(db, create=False)
    assert not db.exists()


def test_sessions_go_to_the_shard_of_their_own_start_month(store: Store, db: Path) -> None:
    # 23:30 on 31 October at +02:00 is November in UTC, but the file follows its own clock.
    late = make_session("s-oct", datetime(2026, 10, 31, 23, 30, tzinfo=PLUS2), 1)
    store.add_session(late)
    store.add_session(make_session("s-nov", datetime(2026, 11, 2, 8, 0, tzinfo=UTC), 1))
    assert sorted(p.name for p in db.with_name("hipext.json.d").glob("*.json")) == [
        "sessions-2026-10.json",
        "sessions-2026-11.json",
    ]
    october = json.loads(shard(db, "2026-10").read_text())
    assert [d["id"] for d in october["sessions"].values()] == ["s-oct"]
    assert october["sessions"]["1"] == late.to_dict()


# -- sessions and sets ---------------------------------------------------------------------


def test_session_round_trip_and_reopen(store: Store, db: Path) -> None:
    first = make_session("s1", datetime(2026, 3, 1, 7, 0, tzinfo=UTC), 3)
    second = make_session("s2", datetime(2026, 2, 1, 7, 0, tzinfo=PLUS2), 0)
    assert store.add_session(first) == first
    store.add_session(second)
    assert store.sessions() == [second, first]
    assert store.session("s1") == first
    assert store.session("nope") is None
    reopened = Store.open(db)
    assert reopened.sessions() == [second, first]
    assert reopened.count_sets() == 3
    assert reopened.sessions(since=date(2026, 3, 1)) == [first]
    assert reopened.sessions(since=date(2026, 3, 2)) == []


def test_adding_the_same_session_twice_is_refused(store: Store) -> None:
    session = make_session("s1", datetime(2026, 3, 1, 7, 0, tzinfo=UTC))
    store.add_session(session)
    with pytest.raises(ValidationError, match="already stored"):
        store.add_session(session)
    assert store.sessions() == [session]


def test_log_set_is_on_disk_when_it_returns(store: Store, db: Path) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    store.add_session(make_session("s1", start))
    entry = make_set(1, start + timedelta(minutes=5))
    assert store.log_set("s1", entry) == entry
    on_disk = json.loads(shard(db, "2026-11").read_text())
    assert on_disk["sessions"]["1"]["sets"] == [entry.to_dict()]
    assert Store.open(db).session("s1") == make_session("s1", start).with_set(entry)


def test_log_set_refuses_unknown_session_and_duplicate_set(store: Store) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    with pytest.raises(NotFoundError, match="no session 'ghost'"):
        store.log_set("ghost", make_set(1, start))
    store.add_session(make_session("s1", start))
    store.log_set("s1", make_set(1, start))
    with pytest.raises(ValidationError, match="already in session"):
        store.log_set("s1", make_set(1, start))
    assert store.count_sets() == 1


def test_a_set_that_would_not_read_back_is_refused(store: Store, db: Path) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    store.add_session(make_session("s1", start))
    before = snapshot(db.parent)
    naive = make_set(1, datetime(2026, 11, 3, 7, 5))
    with pytest.raises(ValidationError, match="no UTC offset"):
        store.log_set("s1", naive)
    assert snapshot(db.parent) == before


def test_update_and_delete_set(store: Store, db: Path) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    store.add_session(make_session("s1", start, 3))
    changed = replace(store.sessions()[0].sets[1], reps=20)
    store.update_set("s1", changed)
    assert [s.reps for s in Store.open(db).session("s1").sets] == [8, 20, 10]  # type: ignore[union-attr]
    removed = store.delete_set("s1", "s1-t0")
    assert removed.id == "s1-t0"
    assert [s.id for s in Store.open(db).session("s1").sets] == ["s1-t1", "s1-t2"]  # type: ignore[union-attr]
    # What this object caches after its own writes is what a fresh reader finds.
    assert store.sessions() == Store.open(db).sessions()
    assert store.count_sets() == 2
    store.log_set("s1", make_set(7, start))
    assert store.sessions() == Store.open(db).sessions()
    assert make_set(7, start) in store.recent_sets("deadlift")
    with pytest.raises(NotFoundError, match="no set 'gone'"):
        store.delete_set("s1", "gone")
    with pytest.raises(NotFoundError):
        store.update_set("s1", replace(changed, id="gone"))


def test_finish_and_skip_change_only_their_field(store: Store, db: Path) -> None:
    session = make_session("s1", datetime(2026, 11, 3, 7, 0, tzinfo=UTC), 2)
    store.add_session(session)
    # Another process adds a set after this one read the session.
    Store.open(db).log_set("s1", make_set(9, session.start + timedelta(minutes=5)))
    end = session.start + timedelta(hours=1)
    finished = store.finish_session("s1", end)
    on_disk = Store.open(db).session("s1")
    assert on_disk == finished
    assert on_disk is not None and on_disk.end == end and len(on_disk.sets) == 3
    # Finishing again keeps the first end.
    assert store.finish_session("s1", end + timedelta(hours=1)).end == end
    target = SessionTarget.running("s1", session.start, None)
    skipped = store.skip_exercise(target, "glute-bridge", end)
    assert skipped.skipped == ("glute-bridge",)
    assert Store.open(db).session("s1") == skipped
    with pytest.raises(NotFoundError):
        store.finish_session("ghost", end)


def test_append_set_moves_the_start_back_across_a_month(store: Store, db: Path) -> None:
    """A set earlier than its session's start moves the start, and the session with it."""
    session = make_session("s1", datetime(2026, 11, 1, 2, 0, tzinfo=UTC), 1)
    store.add_session(session)
    earlier = make_set(5, datetime(2026, 10, 31, 23, 0, tzinfo=UTC))
    # With the day starting at 04:00, 23:00 on the 31st and 02:00 on the 1st are one day.
    moved = store.append_set(earlier, SessionTarget.day_of_set(), UTC, 4)
    assert moved.id == "s1" and moved.start == earlier.logged_at
    assert json.loads(shard(db, "2026-11").read_text())["sessions"] == {}
    october = json.loads(shard(db, "2026-10").read_text())["sessions"]
    assert [d["id"] for d in october.values()] == ["s1"]
    assert Store.open(db).sessions() == [moved]
    assert len(moved.sets) == 2


def test_delete_session_returns_it(store: Store, db: Path) -> None:
    session = make_session("s1", datetime(2026, 11, 3, 7, 0, tzinfo=UTC), 2)
    store.add_session(session)
    assert store.delete_session("s1") == session
    assert Store.open(db).sessions() == []
    with pytest.raises(NotFoundError):
        store.delete_session("s1")


def test_session_for_day_uses_zone_and_day_start(store: Store) -> None:
    berlin = load_zone("Europe/Berlin")
    early = make_session("early", datetime(2026, 11, 4, 1, 30, tzinfo=berlin))
    morning = make_session("morning", datetime(2026, 11, 3, 7, 0, tzinfo=berlin))
    evening = make_session("evening", datetime(2026, 11, 3, 19, 0, tzinfo=UTC))
    for session in (early, morning, evening):
        store.add_session(session)
    assert store.session_for_day(date(2026, 11, 3), berlin) == evening
    assert store.session_for_day(date(2026, 11, 4), berlin) == early
    # With the day starting at 04:00, 01:30 on the 4th still counts for the 3rd.
    assert store.session_for_day(date(2026, 11, 3), berlin, 4) == early
    assert store.session_for_day(date(2026, 11, 5), berlin) is None


def test_session_for_day_finds_a_session_in_the_neighbouring_month(store: Store) -> None:
    tokyo = load_zone("Asia/Tokyo")
    # 20:00 UTC on 31 Oct is 1 Nov in Tokyo: the shard is October, the day November.
    session = make_session("s1", datetime(2026, 10, 31, 20, 0, tzinfo=UTC))
    store.add_session(session)
    assert store.session_for_day(date(2026, 11, 1), tokyo) == session


def test_recent_sets_are_newest_first_and_pass_over_other_months(store: Store) -> None:
    a = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    b = datetime(2026, 2, 5, 7, 0, tzinfo=UTC)
    store.add_session(make_session("a", a))
    store.add_session(make_session("b", b))
    store.log_set("a", make_set(1, a, side=Side.LEFT))
    store.log_set("b", make_set(2, b, side=Side.LEFT))
    store.log_set("b", make_set(3, b + timedelta(minutes=1), side=Side.RIGHT))
    store.log_set("a", make_set(4, a + timedelta(minutes=2), side=Side.LEFT, exercise="other"))
    assert [s.id for s in store.recent_sets("deadlift")] == ["t3", "t2", "t1"]
    assert [s.id for s in store.recent_sets("other")] == ["t4"]
    assert list(store.recent_sets("nothing")) == []


# -- settings, rest days, custom catalog ----------------------------------------------


def test_settings_default_then_saved(store: Store, db: Path) -> None:
    assert store.settings() == Settings()
    mine = Settings(unit=Unit.LB, timezone="Europe/Berlin", weekly_goal=3, day_start_hour=4)
    store.save_settings(mine)
    assert Store.open(db).settings() == mine
    store.save_settings(replace(mine, weekly_goal=4))
    assert Store.open(db).settings().weekly_goal == 4
    with pytest.raises(ValidationError, match="weekly goal"):
        store.save_settings(replace(mine, weekly_goal=9))
    assert Store.open(db).settings().weekly_goal == 4


def test_rest_days(store: Store, db: Path) -> None:
    store.add_rest_day(date(2026, 11, 3))
    store.add_rest_day(date(2026, 11, 3))
    store.add_rest_day(date(2026, 11, 5))
    assert Store.open(db).rest_days() == {date(2026, 11, 3), date(2026, 11, 5)}
    store.remove_rest_day(date(2026, 11, 3))
    store.remove_rest_day(date(2026, 1, 1))
    assert Store.open(db).rest_days() == {date(2026, 11, 5)}


def custom_exercise(eid: str = "wall-sit", name: str = "Wall sit") -> Exercise:
    return Exercise(id=eid, name=name, sides=Sides.BOTH, steps=("Sit against a wall.",))


def test_custom_exercises_and_routines(store: Store, db: Path) -> None:
    store.save_exercise(custom_exercise())
    store.save_exercise(custom_exercise(name="Wall sit, long"))
    assert [e.name for e in Store.open(db).custom_exercises()] == ["Wall sit, long"]
    routine = Routine(
        id="mine",
        name="Mine",
        items=(RoutineItem("wall-sit", sets=2), RoutineItem("deadlift", sets=3)),
    )
    store.save_routine(routine)
    assert Store.open(db).custom_routines() == [routine]
    builtin = load_catalog()
    merged = Store.open(db).catalog(builtin)
    assert [e.id for e in merged.exercises][-1] == "wall-sit"
    assert merged.routine("mine") == routine
    assert len(merged.exercises) == len(builtin.exercises) + 1
    with pytest.raises(ValidationError, match="used by routine"):
        store.delete_exercise("wall-sit")
    store.delete_routine("mine")
    assert store.delete_exercise("wall-sit").id == "wall-sit"
    assert Store.open(db).custom_exercises() == []
    assert Store.open(db).custom_routines() == []
    with pytest.raises(NotFoundError):
        store.delete_routine("mine")


def test_routine_with_unknown_exercise_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="not in the catalog"):
        store.save_routine(Routine(id="r", name="R", items=(RoutineItem("nope"),)))


def test_builtin_ids_cannot_be_replaced(store: Store, db: Path) -> None:
    builtin = load_catalog()
    before = db.read_bytes()
    with pytest.raises(ValidationError, match="is built in"):
        store.save_exercise(custom_exercise(eid=builtin.exercises[0].id))
    with pytest.raises(ValidationError, match="is built in"):
        store.save_routine(replace(builtin.routines[0], name="Mine now"))
    with pytest.raises(ValidationError, match="built in"):
        store.delete_routine(builtin.routines[0].id)
    with pytest.raises(ValidationError, match="built in"):
        store.delete_exercise(builtin.exercises[0].id)
    assert db.read_bytes() == before


# -- import --------------------------------------------------------------------------


def test_import_bundle_adds_everything_and_is_idempotent(store: Store, db: Path) -> None:
    sessions = [
        make_session(f"s{i}", datetime(2025, 1 + i % 12, 1 + i % 27, 7, 0, tzinfo=UTC), 3)
        for i in range(40)
    ]
    result = store.import_bundle(
        sessions,
        exercises=[custom_exercise(), load_catalog().exercises[0]],
        routines=[Routine(id="r", name="R", items=(RoutineItem("wall-sit"),))],
        rest_days=[date(2025, 5, 5)],
        settings=Settings(weekly_goal=3),
    )
    assert result == ImportResult(
        sessions_added=40, sets_added=120, sessions_skipped=0, exercises_added=1, rest_days_added=1
    )
    reopened = Store.open(db)
    assert reopened.sessions() == sorted(sessions, key=lambda s: s.start)
    assert [e.id for e in reopened.custom_exercises()] == ["wall-sit"]
    assert [r.id for r in reopened.custom_routines()] == ["r"]
    assert reopened.rest_days() == {date(2025, 5, 5)}
    assert reopened.settings().weekly_goal == 3
    before = snapshot(db.parent)
    again = reopened.import_bundle(sessions, exercises=[custom_exercise()])
    assert again == ImportResult(0, 0, 40, 0)
    assert snapshot(db.parent) == before


def test_import_bundle_writes_nothing_if_any_item_is_bad(store: Store, db: Path) -> None:
    store.add_session(make_session("kept", datetime(2025, 1, 1, 7, 0, tzinfo=UTC), 1))
    before = snapshot(db.parent)
    good = make_session("good", datetime(2025, 2, 1, 7, 0, tzinfo=UTC), 2)
    bad = make_session("bad", datetime(2025, 3, 1, 7, 0), 1)  # no UTC offset
    with pytest.raises(ValidationError):
        store.import_bundle([good, bad])
    assert snapshot(db.parent) == before
    assert [s.id for s in Store.open(db).sessions()] == ["kept"]


# -- schema versions -------------------------------------------------------------------


def test_version_0_store_is_read_unchanged_and_upgraded_on_first_write(db: Path) -> None:
    db.write_text(json.dumps({"_default": {}, "rest_days": {"1": {"day": "2026-01-02"}}}))
    before = db.read_bytes()
    store = Store.open(db)
    assert store.schema_version() == 0
    assert store.rest_days() == {date(2026, 1, 2)}
    assert store.sessions() == []
    assert db.read_bytes() == before
    store.add_rest_day(date(2026, 1, 3))
    on_disk = json.loads(db.read_text())
    assert on_disk["meta"]["1"]["schema_version"] == 1
    assert Store.open(db).rest_days() == {date(2026, 1, 2), date(2026, 1, 3)}


def test_version_0_store_is_stamped_by_a_session_write_too(db: Path) -> None:
    db.write_text("{}")
    store = Store.open(db)
    store.add_session(make_session("s1", datetime(2026, 1, 2, 7, 0, tzinfo=UTC)))
    assert json.loads(db.read_text())["meta"]["1"]["schema_version"] == 1


# -- bad files -------------------------------------------------------------------------

VALID_MAIN = json.dumps(
    {
        "meta": {"1": {"schema_version": 1}},
        "settings": {"1": Settings().to_dict()},
        "rest_days": {"1": {"day": "2026-01-02"}},
    },
    indent=1,
).encode()

BAD_MAIN = {
    "empty": (b"", "empty"),
    "blank": (b"  \n", "empty"),
    "not json": (b"hello, I am not JSON", "not valid JSON"),
    "truncated early": (VALID_MAIN[:1], "not valid JSON"),
    "truncated middle": (VALID_MAIN[: len(VALID_MAIN) // 2], "not valid JSON"),
    "truncated end": (VALID_MAIN[:-2], "not valid JSON"),
    "a list": (b"[1, 2, 3]", "wrong shape: the top level is a list"),
    "a string": (b'"hipext"', "wrong shape"),
    "table is a list": (b'{"settings": []}', "table 'settings' is a list"),
    "document not object": (b'{"settings": {"1": 5}}', "document 1 of table 'settings'"),
    "document key not number": (b'{"settings": {"x": {}}}', "document key 'x'"),
    "bad setting": (b'{"settings": {"1": {"weekly_goal": 12}}}', "weekly goal"),
    "bad rest day": (b'{"rest_days": {"1": {"day": "soon"}}}', "rest day 1"),
    "bad exercise": (b'{"exercises": {"1": {"id": "x"}}}', "'name'"),
    "not utf-8": (b'{"settings": {"1": {"theme": "\xff\xfe"}}}', "not UTF-8"),
    "utf-16": ('{"settings": {}}'.encode("utf-16"), "not UTF-8"),
    "nan": (b'{"settings": {"1": {"weekly_goal": NaN}}}', "not valid JSON"),
    "newer schema": (b'{"meta": {"1": {"schema_version": 2}}}', "newer hipext"),
    "schema not a number": (b'{"meta": {"1": {"schema_version": "1"}}}', "schema_version"),
}


@pytest.mark.parametrize("case", sorted(BAD_MAIN))
def test_bad_main_file_is_named_and_left_untouched(db: Path, case: str) -> None:
    payload, message = BAD_MAIN[case]
    db.write_bytes(payload)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    text = str(caught.value)
    assert text.startswith(str(db))
    assert message in text
    assert "\n" not in text
    assert db.read_bytes() == payload
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]  # no lock, no shards


def test_truncated_main_file_at_many_offsets(db: Path) -> None:
    for cut in range(0, len(VALID_MAIN) - 1, 7):
        payload = VALID_MAIN[:cut]
        db.write_bytes(payload)
        with pytest.raises(StoreError) as caught:
            Store.open(db)
        assert str(caught.value).startswith(f"{db}: ")
        assert db.read_bytes() == payload


def test_store_path_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


BAD_SHARD = {
    "truncated": (None, "not valid JSON"),
    "a list": (b"[]", "wrong shape"),
    "session missing start": (b'{"sessions": {"1": {"id": "s1"}}}', "'start'"),
    "set with text reps": (None, "'reps' must be a whole number"),
    "wrong month": (None, "belongs in sessions-2026-10.json"),
    "duplicate id": (None, "appears twice"),
    "not utf-8": (b'{"sessions": {"1": {"id": "\xc3\x28"}}}', "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_SHARD))
def test_bad_shard_is_named_and_left_untouched(store: Store, db: Path, case: str) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    store.add_session(make_session("s1", start, 2))
    path = shard(db, "2026-11")
    good = json.loads(path.read_text())
    payload, message = BAD_SHARD[case]
    if case == "truncated":
        payload = path.read_bytes()[:-10]
    elif case == "set with text reps":
        good["sessions"]["1"]["sets"][1]["reps"] = "ten"
    elif case == "wrong month":
        good["sessions"]["1"]["start"] = "2026-10-03T07:00:00+00:00"
    elif case == "duplicate id":
        good["sessions"]["2"] = good["sessions"]["1"]
    if payload is None:
        payload = json.dumps(good).encode()
    path.write_bytes(payload)
    before = snapshot(db.parent)
    for reader in (Store.open(db), store):
        for read in (reader.session_summaries, reader.sessions):
            with pytest.raises(StoreError) as caught:
                read()
            text = str(caught.value)
            assert text.startswith(str(path)) and message in text and "\n" not in text
        with pytest.raises(StoreError):
            reader.validate()
    # A write to that month refuses too, rather than building on a damaged file.
    with pytest.raises(StoreError):
        store.add_session(make_session("s2", start + timedelta(days=1)))
    assert snapshot(db.parent) == before


# -- disk errors -------------------------------------------------------------------------


def fail_with(code: int):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("target", "code", "reason"),
    [
        ("replace", errno.ENOSPC, "No space left on device"),
        ("fsync", errno.EIO, "Input/output error"),
        ("write", errno.ENOSPC, "No space left on device"),
        ("fchmod", errno.EPERM, "Operation not permitted"),
    ],
)
def test_failed_write_keeps_the_old_file_and_the_store_usable(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int, reason: str
) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    store.add_session(make_session("s1", start, 1))
    store.save_settings(Settings(weekly_goal=3))
    before = snapshot(db.parent)
    with monkeypatch.context() as patch:
        patch.setattr(os, target, fail_with(code))
        with pytest.raises(StoreError) as caught:
            store.log_set("s1", make_set(9, start))
        text = str(caught.value)
        assert text.startswith(str(shard(db, "2026-11"))) and reason in text and "\n" not in text
        with pytest.raises(StoreError, match=reason):
            store.save_settings(Settings(weekly_goal=5))
    assert snapshot(db.parent) == before  # old files intact, no temp files left
    assert store.count_sets() == 1
    assert store.settings().weekly_goal == 3
    store.log_set("s1", make_set(9, start))
    assert Store.open(db).count_sets() == 2


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied")],
)
def test_unwritable_directory(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    store.add_rest_day(date(2026, 1, 1))
    before = snapshot(db.parent)
    real_open = os.open

    def refuse_new_files(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and not str(path).endswith(".lock"):
            raise OSError(code, os.strerror(code))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", refuse_new_files)
        with pytest.raises(StoreError, match=reason):
            store.add_rest_day(date(2026, 1, 2))
        with pytest.raises(StoreError, match=reason):
            store.add_session(make_session("s1", datetime(2026, 1, 2, tzinfo=UTC)))
    assert snapshot(db.parent) == before
    assert store.rest_days() == {date(2026, 1, 1)}
    store.add_rest_day(date(2026, 1, 2))
    assert Store.open(db).rest_days() == {date(2026, 1, 1), date(2026, 1, 2)}


def test_failed_rename_in_an_import_leaves_no_temp_files(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = [make_session(f"s{m}", datetime(2025, m, 1, tzinfo=UTC), 1) for m in (1, 2, 3)]
    before = snapshot(db.parent)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", fail_with(errno.ENOSPC))
        with pytest.raises(StoreError, match="No space left"):
            store.import_bundle(sessions)
    assert snapshot(db.parent) == before
    assert store.import_bundle(sessions).sessions_added == 3


# -- locking and other processes ----------------------------------------------------------


def test_lock_held_too_long_gives_a_clear_error(store: Store, db: Path) -> None:
    before = snapshot(db.parent)
    fd = os.open(db.with_name("hipext.json.d"), os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        slow = Store.open(db, lock_timeout=0.2)
        with pytest.raises(StoreLockedError) as caught:
            slow.add_rest_day(date(2026, 1, 1))
        assert str(caught.value) == f"{db}: is locked by another hipext process (waited 0.2 s)"
        assert slow.rest_days() == set()  # reading does not need the lock
    finally:
        os.close(fd)
    after = snapshot(db.parent)
    assert after == before
    slow.add_rest_day(date(2026, 1, 1))
    assert store.rest_days() == {date(2026, 1, 1)}


def test_two_store_objects_see_each_others_writes(db: Path) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    one, two = Store.open(db), Store.open(db)
    one.add_session(make_session("s1", start))
    assert two.sessions()[0].id == "s1"
    for n in range(5):
        (one if n % 2 else two).log_set("s1", make_set(n, start + timedelta(seconds=n)))
    assert one.count_sets() == two.count_sets() == 5
    two.save_settings(Settings(weekly_goal=5))
    one.add_rest_day(date(2026, 1, 1))
    assert one.settings().weekly_goal == 5
    assert two.rest_days() == {date(2026, 1, 1)}
    one.delete_session("s1")
    with pytest.raises(NotFoundError):
        two.log_set("s1", make_set(99, start))


def test_stale_temp_files_from_a_killed_writer_are_removed(store: Store, db: Path) -> None:
    shards = db.with_name("hipext.json.d")
    (shards / ".sessions-2026-11.json.tmp-123-abcd").write_text("{half")
    (db.parent / ".hipext.json.tmp-123-abcd").write_text("{half")
    (db.parent / ".other.json.tmp-1-ab").write_text("not ours")
    fresh = Store.open(db)
    assert fresh.sessions() == []  # reading ignores them and deletes nothing
    assert (shards / ".sessions-2026-11.json.tmp-123-abcd").exists()
    fresh.add_rest_day(date(2026, 1, 1))
    assert not (shards / ".sessions-2026-11.json.tmp-123-abcd").exists()
    assert not (db.parent / ".hipext.json.tmp-123-abcd").exists()
    assert (db.parent / ".other.json.tmp-1-ab").exists()


def load_zone(name: str):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


# -- session summaries -----------------------------------------------------------------


def varied_session(sid: str, start: datetime) -> Session:
    """Kilograms, pounds, a warm-up, a bodyweight set and two exercises."""

    def after(minutes: int) -> datetime:  # in elapsed time, across a DST change too
        return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)

    sets = (
        replace(make_set(0, start), id=f"{sid}-w", set_type=SetType.WARMUP, weight=20.0),
        replace(make_set(1, after(3)), id=f"{sid}-a"),
        replace(
            make_set(2, after(20), exercise="bridge"), id=f"{sid}-b", unit=Unit.LB, weight=35.5
        ),
        replace(make_set(3, after(41)), id=f"{sid}-c", weight=None),
    )
    return Session(id=sid, start=start, end=after(60), notes="n", sets=sets)


def summaries_every_way(db: Path) -> list[list[object]]:
    """What a fresh reader finds: from the summary cache, and from the JSON alone."""
    cache_dir = Path(os.environ["HIPEXT_CACHE_DIR"])
    found: list[list[object]] = [list(Store.open(db).session_summaries())]
    for p in cache_dir.glob("*.json"):
        p.unlink()
    found.append(list(Store.open(db).session_summaries()))
    return found


def check_summaries(store: Store, db: Path) -> None:
    expected = [summarize(s) for s in Store.open(db).sessions()]
    assert expected == [summarize(s) for s in store.sessions()]
    assert store.session_summaries() == expected
    assert summaries_every_way(db) == [expected] * 2


def test_summaries_match_the_sessions_after_every_kind_of_write(store: Store, db: Path) -> None:
    berlin = load_zone("Europe/Berlin")
    # 30 March 2025: Berlin's clocks go forward during this session.
    first = varied_session("s1", datetime(2025, 3, 30, 1, 40, tzinfo=berlin))
    store.add_session(first)
    store.add_session(varied_session("s2", datetime(2025, 4, 2, 18, 0, tzinfo=PLUS2)))
    check_summaries(store, db)
    store.log_set("s1", replace(make_set(7, first.sets[-1].logged_at), id="x", unit=Unit.LB))
    check_summaries(store, db)
    store.update_set("s1", replace(first.sets[1], reps=12, weight=50.0))
    store.delete_set("s1", "s1-w")
    check_summaries(store, db)
    store.finish_session("s2", datetime(2025, 4, 2, 19, 0, tzinfo=PLUS2))
    check_summaries(store, db)
    late = make_set(8, datetime(2025, 3, 29, 23, 0, tzinfo=UTC))
    store.append_set(replace(late, id="early"), SessionTarget.running("s1", first.start, None), UTC)
    check_summaries(store, db)
    store.import_bundle(
        [varied_session(f"i{n}", datetime(2024, 1 + n, 3, 7, 0, tzinfo=UTC)) for n in range(5)]
    )
    store.delete_session("i2")
    check_summaries(store, db)
    summaries = store.session_summaries()
    assert [s.id for s in summaries] == ["i0", "i1", "i3", "i4", "s1", "s2"]
    by_id = {s.id: s for s in store.sessions()}
    for summary in summaries:
        for unit in Unit:
            assert summary.volume(unit) == by_id[summary.id].volume(unit)
    assert sum(s.total_sets for s in summaries) == store.count_sets()


def test_summaries_from_the_cache_build_no_sets(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_session(varied_session("s1", datetime(2026, 1, 2, 7, 0, tzinfo=UTC)))
    expected = store.session_summaries()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a set was built")

    monkeypatch.setattr(SetEntry, "from_dict", refuse)
    monkeypatch.setattr("hipext_tui.domain.stored.decode_set", refuse)
    assert Store.open(db).session_summaries() == expected
    for p in Path(os.environ["HIPEXT_CACHE_DIR"]).iterdir():
        p.unlink()
    assert Store.open(db).session_summaries() == expected  # from the JSON, still no sets


def test_summaries_follow_another_process(store: Store, db: Path) -> None:
    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    store.add_session(varied_session("s1", start))
    assert [s.total_sets for s in store.session_summaries()] == [4]
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from datetime import datetime, timedelta, timezone\n"
        "from hipext_tui.domain.workout import SetEntry, Side, Unit\n"
        "from hipext_tui.store.tinydb_store import Store\n"
        "at = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)\n"
        "entry = SetEntry('x1', 'bridge', Side.NONE, 5, at, 10.0, Unit.LB)\n"
        "Store.open(Path(sys.argv[1])).log_set('s1', entry)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    (summary,) = store.session_summaries()
    assert summary.total_sets == 5 and summary.lb_volume == 5 * 10.0 + 10 * 35.5
    assert summary == summarize(store.sessions()[0])
    check_summaries(store, db)


def test_sessions_built_after_the_file_changed_agree_with_the_summaries(db: Path) -> None:
    from hipext_tui.store.shards import Shard

    start = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    writer = Store.open(db)
    writer.add_session(varied_session("s1", start))
    writer.close()  # writes the cache entry of the file as it is now
    reader = Shard(shard(db, "2026-11"), "2026-11")
    reader.refresh()  # summaries from the cache; the sessions are not built yet
    writer.log_set("s1", replace(make_set(9, start + timedelta(hours=2)), id="late"))
    sessions = reader.sessions  # the file changed meanwhile: all is rebuilt from it
    assert [len(s.sets) for s in sessions] == [5]
    assert reader.summaries == tuple(summarize(s) for s in sessions)
    assert reader.set_count == 5
