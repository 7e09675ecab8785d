"""The one demo-data generator, for the screenshots, the snapshot tests and the pilot
tests: everything is derived from the arguments (no clock, no randomness), so the
pictures are the same on every run.

Two histories come from here:

* :func:`demo_sessions` (what the app's screenshots show): about eight weeks of the
  built-in routine ending the day before ``now``, two or three sessions a week, weights
  creeping up, the left leg a rep behind on every other workout, one planned rest day;
* :func:`history_sessions` (what the history screen's tests and pictures show): twenty
  weeks of a shorter cut of the routine, Mondays and Thursdays and every third
  Saturday, the right leg a rep behind on the kickstand deadlift, a warm-up set on
  every fifth workout.

:func:`write_demo_store` is the one place a demo store is built, optionally with
pauses, runs and settings, for the pictures of those.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

import pendulum

from hipext_tui.domain.catalog import Catalog, load_catalog
from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit

if TYPE_CHECKING:
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.runs import Run
    from hipext_tui.domain.settings import Settings

ROUTINE_ID = "hip-extension-for-runners"
HISTORY_TZ = pendulum.timezone("Europe/London")
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


# A week's running (km) for the last eight weeks, oldest first, and a trip over the
# weekend before last: what the pictures of pauses and the km row show.
RUN_KM = (6.0, 14.5, 22.0, 31.0, 42.2, 18.0, 9.5, 26.0)


def demo_runs(now: datetime) -> list[Run]:
    """One evening run a week for the weeks of :data:`RUN_KM`, ending this week."""
    from hipext_tui.domain.runs import Run

    runs = []
    for k, km in enumerate(RUN_KM):
        start = (now - timedelta(weeks=len(RUN_KM) - 1 - k)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        runs.append(Run(f"demo-run-{k}", start, "Run", km, int(km * 330), "demo.gpx"))
    return runs


def demo_pauses(now: datetime) -> list[Pause]:
    """A three-day trip ending five days before ``now``, and a taper starting in a week."""
    from hipext_tui.domain.pauses import Pause, PauseReason

    today = now.date()
    trip = Pause(today - timedelta(days=7), today - timedelta(days=5), PauseReason.TRIP)
    taper = Pause(today + timedelta(days=7), today + timedelta(days=13), PauseReason.TAPER)
    return [trip, taper]


def demo_rest_days(now: datetime) -> list[date]:
    """The planned rest days of the demo."""
    return [(now - timedelta(days=d)).date() for d in REST_OFFSETS]


# -- the long history of the history screen -----------------------------------------------
# exercise id, one-sided, sets, reps, base weight (kg; 0 = bodyweight), hold seconds
PLAN = (
    ("single-leg-glute-bridge", True, 2, 10, 0.0, 2),
    ("deadlift", False, 3, 10, 16.0, 0),
    ("kickstand-deadlift", True, 2, 8, 12.0, 0),
    ("glute-bridge-walkout", False, 2, 6, 0.0, 0),
    ("barbell-romanian-deadlift", False, 3, 8, 30.0, 0),
)
HISTORY_REST_DAYS = (date(2025, 3, 11), date(2025, 2, 23), date(2025, 3, 16))


def history_days(weeks: int = 20, end: date = date(2025, 3, 11)) -> list[date]:
    """Mondays and Thursdays (plus every third Saturday) for ``weeks`` weeks up to ``end``."""
    days: list[date] = []
    start = end - timedelta(weeks=weeks)
    day = start
    n = 0
    while day <= end:
        if day.weekday() in (0, 3) or (day.weekday() == 5 and n % 3 == 0):
            days.append(day)
        if day.weekday() == 6:
            n += 1
        day += timedelta(days=1)
    return days


def history_session(
    day: date, number: int, *, warmup: bool = False, tz: tzinfo = HISTORY_TZ
) -> Session:
    """One routine workout at 07:30 local on ``day``; weights rise slowly with ``number``.

    The right leg does one rep fewer on the kickstand deadlift, so the balance view has a
    gap to show.
    """
    start = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=tz)
    at = start
    sets: list[SetEntry] = []
    step = number // 4
    for exercise_id, one_sided, count, reps, weight, hold in PLAN:
        sides = (Side.LEFT, Side.RIGHT) if one_sided else (Side.NONE,)
        if warmup and exercise_id == "deadlift":
            at += timedelta(minutes=1)
            sets.append(
                SetEntry(
                    id=f"set-{number}-warm",
                    exercise_id=exercise_id,
                    side=Side.NONE,
                    reps=5,
                    logged_at=at,
                    weight=8.0,
                    set_type=SetType.WARMUP,
                )
            )
        for set_no in range(count):
            for side in sides:
                at += timedelta(minutes=2)
                lag = 1 if exercise_id == "kickstand-deadlift" and side is Side.RIGHT else 0
                sets.append(
                    SetEntry(
                        id=f"set-{number}-{exercise_id}-{set_no}-{side.value}",
                        exercise_id=exercise_id,
                        side=side,
                        reps=reps - lag,
                        logged_at=at,
                        weight=weight + 2 * step if weight else None,
                        unit=Unit.KG,
                        seconds=hold or None,
                    )
                )
    return Session(
        id=f"ses-{number:04d}",
        start=start,
        end=at + timedelta(minutes=1),
        routine_id=ROUTINE_ID,
        sets=tuple(sets),
    )


def history_sessions(
    weeks: int = 20, end: date = date(2025, 3, 11), tz: tzinfo = HISTORY_TZ
) -> list[Session]:
    """The long history: about two or three routine workouts a week for ``weeks``
    weeks up to ``end`` (a Tuesday), for the history screen's tests and pictures."""
    return [
        history_session(day, n, warmup=n % 5 == 0, tz=tz)
        for n, day in enumerate(history_days(weeks, end))
    ]


# -- the store --------------------------------------------------------------------------------
def write_demo_store(
    path: Path,
    now: datetime,
    sessions: Iterable[Session] | None = None,
    rest_days: Iterable[date] | None = None,
    *,
    settings: Settings | None = None,
    pauses: Iterable[Pause] = (),
    runs: Iterable[Run] = (),
) -> None:
    """Create a store at ``path`` holding the demo history (or ``sessions`` and
    ``rest_days``), and any ``settings``, ``pauses`` and ``runs``, through ``Workouts``."""
    from hipext_tui.store.tinydb_store import Store
    from hipext_tui.workouts import Workouts

    workouts = Workouts.load(Store.open(path))
    try:
        if sessions is None:
            sessions = demo_sessions(now)
            rest_days = demo_rest_days(now) if rest_days is None else rest_days
        workouts.import_bundle(list(sessions), rest_days=list(rest_days or ()))
        if settings is not None:
            workouts.apply_settings(settings)
        for pause in pauses:
            workouts.add_pause(pause)
        runs = list(runs)
        if runs:
            workouts.import_runs(runs)
    finally:
        workouts.close()
