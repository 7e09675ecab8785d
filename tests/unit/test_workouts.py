"""The workout service: each change lands on disk by intent, whatever else wrote meanwhile."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipext_tui.domain.catalog import load_catalog
from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.sessions import SessionTarget, place_set, resumable
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, ValidationError, new_id
from hipext_tui.store.tinydb_store import Store
from hipext_tui.workouts import Workouts

NOW = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
ROUTINE = "hip-extension-for-runners"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "hipext.json"


def service(db: Path, now: datetime = NOW) -> Workouts:
    return Workouts.load(Store.open(db), tz_name="UTC", clock=lambda: now)


def a_set(exercise: str, reps: int, at: datetime, **extra: object) -> SetEntry:
    return SetEntry(
        id=new_id("set-"),
        exercise_id=exercise,
        side=extra.pop("side", Side.NONE),  # type: ignore[arg-type]
        reps=reps,
        logged_at=at,
        **extra,  # type: ignore[arg-type]
    )


def on_disk(db: Path) -> list[Session]:
    return Store.open(db).sessions()


def test_finish_and_skip_keep_sets_that_another_writer_added(db: Path) -> None:
    """Observation 1: the running workout's finish or skip never erases other sets."""
    tui = service(db)
    target = SessionTarget.running(new_id("ses-"), NOW, ROUTINE)
    tui.log_set(a_set("deadlift", 10, NOW, weight=16.0), target)
    cli = service(db, NOW + timedelta(minutes=2))
    for n in range(5):
        cli.log_set(a_set("barbell-romanian-deadlift", 7, NOW + timedelta(minutes=1 + n)))
    skipped = tui.skip_exercise(target, "single-leg-glute-bridge")
    assert len(skipped.sets) == 6  # the screen's reload sees the other window's sets
    tui.finish_session(skipped.id)
    [session] = on_disk(db)
    assert len(session.sets) == 6
    assert session.skipped == ("single-leg-glute-bridge",)
    assert session.end == NOW


def test_four_log_commands_at_once_share_one_session(db: Path) -> None:
    """Observation 2: finding the day's session and adding one are one transaction."""
    env = os.environ | {"HIPEXT_DB": str(db), "PYTHONPATH": str(Path.cwd())}
    argv = [sys.executable, "-m", "hipext_tui", "log", "deadlift", "--reps", "5", "--weight", "20"]
    for _round in range(3):
        db.parent.mkdir(parents=True, exist_ok=True)
        procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE) for _ in range(4)]
        assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
        sessions = on_disk(db)
        assert len(sessions) == 1, [s.id for s in sessions]
        assert len(sessions[0].sets) == 4
        for path in sorted(db.parent.iterdir(), reverse=True):
            if path.is_dir():
                for inner in sorted(path.rglob("*"), reverse=True):
                    inner.unlink() if inner.is_file() else inner.rmdir()
                path.rmdir()
            else:
                path.unlink()


def test_prefill_offers_the_working_set_not_the_later_warmup(db: Path) -> None:
    """Observation 3: log 8 x 40 kg working, then a 10 x 10 kg warm-up: 8 x 40 is offered."""
    workouts = service(db)
    workouts.log_set(a_set("deadlift", 8, NOW - timedelta(minutes=5), weight=40.0))
    warm = a_set("deadlift", 10, NOW, weight=10.0, set_type=SetType.WARMUP)
    workouts.log_set(warm)
    plan = build_plan(workouts.catalog.routine(ROUTINE), workouts.catalog)
    slot = next(s for s in plan.slots if s.exercise_id == "deadlift")
    assert workouts.prefill(slot)[:2] == (8, 40.0)


def test_undo_puts_back_a_set_and_a_session(db: Path) -> None:
    workouts = service(db)
    session = None
    for n in range(3):
        session = workouts.log_set(a_set("deadlift", 5 + n, NOW + timedelta(minutes=n)))
    assert session is not None
    middle = session.sets[1]
    gone = workouts.delete_set(session.id, middle.id)
    assert [s.reps for s in on_disk(db)[0].sets] == [5, 7]
    workouts.undo(gone)
    assert [s.reps for s in on_disk(db)[0].sets] == [5, 6, 7]
    with pytest.raises(ValidationError, match="already back"):
        workouts.undo(gone)
    removed = workouts.delete_session(session.id)
    assert on_disk(db) == []
    with pytest.raises(ValidationError, match="deleted since"):
        workouts.undo(gone)
    workouts.undo(removed)
    assert [s.reps for s in on_disk(db)[0].sets] == [5, 6, 7]


def test_every_write_bumps_the_revision_and_a_wrong_side_is_refused(db: Path) -> None:
    workouts = service(db)
    before = workouts.revision
    workouts.set_rest_day(NOW.date() + timedelta(days=1), True)
    assert workouts.revision == before + 1
    with pytest.raises(ValidationError, match="one side at a time"):
        workouts.log_set(a_set("single-leg-glute-bridge", 10, NOW))
    with pytest.raises(ValidationError, match="both legs"):
        workouts.log_set(a_set("deadlift", 10, NOW, side=Side.LEFT))
    assert on_disk(db) == []
    assert workouts.revision == before + 1


def test_a_backfilled_set_makes_a_finished_session_or_joins_the_days(db: Path) -> None:
    workouts = service(db)
    day_before = NOW - timedelta(days=1)
    first = workouts.backfill_set(a_set("deadlift", 8, day_before))
    assert first.end == first.start == day_before
    second = workouts.backfill_set(a_set("deadlift", 9, day_before + timedelta(minutes=3)))
    assert second.id == first.id and len(second.sets) == 2
    assert json.loads(Path(db).read_text())  # the main file is valid JSON


# -- the domain rules behind them ------------------------------------------------------------


def test_place_set_rules() -> None:
    entry = a_set("deadlift", 5, NOW)
    made = place_set(entry, SessionTarget.running("ses-1", NOW - timedelta(minutes=9), "r"), None)
    assert made.create is not None and made.create.id == "ses-1"
    assert made.create.start == NOW - timedelta(minutes=9) and made.create.routine_id == "r"
    day = place_set(entry, SessionTarget.day_of_set(finished=True), None)
    assert day.create is not None and day.create.end == day.create.start == NOW
    later = Session(id="s", start=NOW + timedelta(hours=1))
    joined = place_set(entry, SessionTarget.day_of_set(), later)
    assert (joined.session_id, joined.create, joined.new_start) == ("s", None, NOW)
    with pytest.raises(ValidationError, match="already in session"):
        place_set(entry, SessionTarget.day_of_set(), later.with_set(entry))


def test_resumable_rules() -> None:
    catalog = load_catalog()
    plan = build_plan(catalog.routine(ROUTINE), catalog)
    running = Session(id="s", start=NOW, routine_id=ROUTINE, sets=(a_set("deadlift", 5, NOW),))
    assert resumable(running, plan)
    assert not resumable(None, plan)
    assert not resumable(Session(id="s", start=NOW, end=NOW, routine_id=ROUTINE), plan)
    assert not resumable(Session(id="s", start=NOW), plan)
    every = tuple(s.exercise_id for s in plan.slots)
    assert not resumable(Session(id="s", start=NOW, routine_id=ROUTINE, skipped=every), plan)
