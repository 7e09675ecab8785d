"""The service's coach reads: a suggestion per leg for a guided slot, the setting that
turns it off, and pauses and runs through the store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.pauses import Pause
from hipext_tui.domain.runs import Run
from hipext_tui.domain.workout import SetEntry, Side, new_id
from hipext_tui.store.tinydb_store import Store
from hipext_tui.workouts import Workouts

NOW = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)


def service(db: Path) -> Workouts:
    return Workouts.load(Store.open(db), tz_name="UTC", clock=lambda: NOW)


def test_suggestion_per_leg_and_the_setting(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    workouts = service(db)
    for week in (3, 2, 1):
        at = NOW - timedelta(days=7 * week)
        for k, (side, reps) in enumerate([(Side.LEFT, 12)] * 3 + [(Side.RIGHT, 9)] * 3):
            entry = SetEntry(
                new_id("set-"), "kickstand-deadlift", side, reps, at + timedelta(minutes=k), 16.0
            )
            workouts.log_set(entry)
    plan = build_plan(workouts.catalog.routine("hip-extension-for-runners"), workouts.catalog)
    left, right = [s for s in plan.slots if s.exercise_id == "kickstand-deadlift"][:2]
    got_left = workouts.suggestion(plan, left, None)
    got_right = workouts.suggestion(plan, right, None)
    assert got_left is not None and got_right is not None
    assert (got_left.reps, got_left.weight, got_left.reason) == (
        8,
        20.0,
        "20 kg: all 3 sets reached 12 at 16 kg last time",
    )
    assert (got_right.reps, got_right.weight) == (10, 16.0)
    workouts.apply_settings(replace(workouts.settings, suggestions=False))
    assert service(db).suggestion(plan, left, None) is None


def test_pauses_and_runs_through_the_service(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    workouts = service(db)
    before = workouts.revision
    workouts.add_pause(Pause(date(2026, 11, 20), date(2026, 11, 24)))
    assert workouts.revision > before
    run = Run("run-1", NOW, "Run", 10.0, 3000, "a.gpx")
    assert workouts.import_runs([run]) == 1
    assert workouts.import_runs([run]) == 0
    again = service(db)
    assert again.pauses() == [Pause(date(2026, 11, 20), date(2026, 11, 24))]
    assert again.weekly_km() == {date(2026, 11, 23): 10.0}
    assert again.streaks().paused_days == 5
    assert again.remove_pause(date(2026, 11, 22)).start == date(2026, 11, 20)
    assert service(db).pauses() == []
