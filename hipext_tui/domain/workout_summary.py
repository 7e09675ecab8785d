"""What the end-of-routine screen and the session view total up for one session."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from hipext_tui.domain.catalog import Catalog
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import Session, Side, Unit

__all__ = ["ExerciseTally", "Summary", "session_summary"]


@record
class ExerciseTally:
    """Working sets and volume of one exercise in a session; ``reps`` and ``held_seconds``
    are the work of its sets without a load (reps, and reps x seconds held)."""

    exercise_id: str
    name: str
    sets: int
    volume: float
    reps: int = 0
    held_seconds: int = 0


@record
class Summary:
    """What the end-of-routine screen shows.

    ``sets`` counts working sets (``warmup_sets`` the others); ``volume`` is reps x
    weight of working sets in ``unit``; ``duration`` runs from the session's start to its
    end, or to its last set while it has no end. ``exercises`` lists the exercises with
    at least one working set, in the order they were first logged. ``left``, ``right``
    and ``both`` count working sets per side.
    """

    sets: int
    warmup_sets: int
    volume: float
    unit: Unit
    duration: timedelta
    exercises: tuple[ExerciseTally, ...]
    left: int
    right: int
    both: int
    skipped: tuple[str, ...]
    reps: int = 0  # of the working sets without a load
    held_seconds: int = 0  # reps x seconds held, of those sets

    @property
    def exercise_count(self) -> int:
        """How many exercises had at least one working set."""
        return len(self.exercises)

    @property
    def minutes(self) -> int:
        """The duration in whole minutes (rounded down)."""
        return int(self.duration.total_seconds() // 60)


def session_summary(session: Session, catalog: Catalog, unit: Unit, now: datetime) -> Summary:
    """Totals for ``session``; ``now`` is the end when it has neither an end nor sets."""
    working = sorted((s for s in session.sets if not s.is_warmup), key=lambda s: s.logged_at)
    if session.end is not None:
        finish = session.end
    elif session.sets:
        finish = max(s.logged_at for s in session.sets)
    else:
        finish = now
    duration = max(finish - session.start, timedelta(0))

    order: list[str] = []
    tally_sets: Counter[str] = Counter()
    tally_volume: dict[str, float] = {}
    tally_reps: Counter[str] = Counter()
    tally_held: Counter[str] = Counter()
    for entry in working:
        if entry.exercise_id not in tally_volume:
            order.append(entry.exercise_id)
            tally_volume[entry.exercise_id] = 0.0
        tally_sets[entry.exercise_id] += 1
        tally_volume[entry.exercise_id] += entry.volume(unit)
        if not entry.weight:
            tally_reps[entry.exercise_id] += entry.reps
            tally_held[entry.exercise_id] += entry.reps * (entry.seconds or 0)
    tallies = tuple(
        ExerciseTally(
            exercise_id=ex_id,
            name=_name(catalog, ex_id),
            sets=tally_sets[ex_id],
            volume=tally_volume[ex_id],
            reps=tally_reps[ex_id],
            held_seconds=tally_held[ex_id],
        )
        for ex_id in order
    )
    sides = Counter(s.side for s in working)
    return Summary(
        sets=len(working),
        warmup_sets=len(session.sets) - len(working),
        volume=sum(t.volume for t in tallies),
        unit=unit,
        duration=duration,
        exercises=tallies,
        left=sides[Side.LEFT],
        right=sides[Side.RIGHT],
        both=sides[Side.NONE],
        skipped=session.skipped,
        reps=sum(tally_reps.values()),
        held_seconds=sum(tally_held.values()),
    )


def _name(catalog: Catalog, exercise_id: str) -> str:
    exercise = catalog.get(exercise_id)
    return exercise.name if exercise else exercise_id
