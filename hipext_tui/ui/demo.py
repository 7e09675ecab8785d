"""A fixed demo history, for the screenshots and the snapshot tests.

Everything is derived from the arguments (no clock, no randomness), so the pictures are
the same on every run: about eight weeks of the built-in routine, two or three sessions
a week, weights creeping up, and one planned rest day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from hipext_tui.domain.catalog import Catalog, load_catalog
from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.workout import Session, SetEntry, Side, Unit

ROUTINE_ID = "hip-extension-for-runners"
# Starting weight (kg) per exercise; None for bodyweight moves.
START_WEIGHT = {
    "single-leg-glute-bridge": None,
    "deadlift": 16.0,
    "kickstand-deadlift": 12.0,
    "glute-bridge-walkout": None,
    "barbell-romanian-deadlift": 30.0,
}
# Days before ``now`` on which the demo runner trained (a realistic, uneven pattern
# ending yesterday, so today's streak is alive and today is still open).
TRAINING_OFFSETS = (1, 2, 4, 7, 9, 11, 14, 16, 19, 22, 23, 26, 29, 31, 36, 38, 43, 45, 50, 52)
REST_OFFSETS = (3,)


def demo_sessions(now: datetime, catalog: Catalog | None = None) -> list[Session]:
    """The demo sessions, oldest first; ``now`` must be timezone-aware."""
    catalog = catalog or load_catalog()
    plan = build_plan(catalog.routine(ROUTINE_ID), catalog)
    sessions: list[Session] = []
    for n, offset in enumerate(sorted(TRAINING_OFFSETS, reverse=True)):
        start = (now - timedelta(days=offset)).replace(hour=7, minute=15, second=0, microsecond=0)
        sets: list[SetEntry] = []
        moment = start
        for slot in plan.slots:
            moment += timedelta(seconds=45 + slot.rest_seconds // 2)
            base = START_WEIGHT.get(slot.exercise_id)
            weight = None if base is None else base + 2.0 * (n // 3)
            # The left leg lags a rep behind on one-sided moves, as it often does.
            reps = slot.reps - (1 if slot.side is Side.LEFT and n % 2 else 0)
            sets.append(
                SetEntry(
                    id=f"demo-set-{n:02d}-{slot.index:02d}",
                    exercise_id=slot.exercise_id,
                    side=slot.side,
                    reps=reps,
                    logged_at=moment,
                    weight=weight,
                    unit=Unit.KG,
                    seconds=slot.hold_seconds or None,
                )
            )
        sessions.append(
            Session(
                id=f"demo-session-{n:02d}",
                start=start,
                end=moment + timedelta(minutes=1),
                routine_id=ROUTINE_ID,
                sets=tuple(sets),
            )
        )
    return sessions


def demo_rest_days(now: datetime) -> list[date]:
    """The planned rest days of the demo."""
    return [(now - timedelta(days=d)).date() for d in REST_OFFSETS]


def write_demo_store(path: Path, now: datetime, sessions: Iterable[Session] | None = None) -> None:
    """Create a store at ``path`` holding the demo history (or ``sessions``)."""
    from hipext_tui.store.tinydb_store import Store
    from hipext_tui.workouts import Workouts

    workouts = Workouts.load(Store.open(path))
    try:
        workouts.import_bundle(
            list(demo_sessions(now) if sessions is None else sessions),
            rest_days=demo_rest_days(now) if sessions is None else (),
        )
    finally:
        workouts.close()
