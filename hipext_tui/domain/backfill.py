"""Backfilling a whole workout done earlier: its rows, its times, where it goes.

A backfill starts from a plan (a routine, or exercises picked one by one): each set of
the plan is a :class:`BackfillRow` holding what was prescribed and what was done last
time, which the user edits. :func:`parse_row` checks one row as typed, and
:func:`backfill_session` turns the rows done into one finished :class:`Session`:

* the sets are dated from the start time on, each one a set's work (45 s) after the
  rest that followed the previous one, as the routine would have run;
* a row whose reps are blank was not done and is left out; nothing at all done, a start
  in the future or a workout that would end after now is refused;
* the workout is a session of its own, never merged into another: when its time span
  overlaps a session already logged that day, it is refused with the time of that
  session, so saving twice never logs a workout twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from hipext_tui.domain.record import record
from hipext_tui.domain.sessions import WORK_SECONDS_PER_SLOT
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    SetType,
    Side,
    Unit,
    ValidationError,
    check_not_future,
    new_id,
    parse_reps,
    parse_seconds,
    parse_weight,
)

if TYPE_CHECKING:
    from hipext_tui.domain.guide import Plan, Slot

__all__ = [
    "BackfillRow",
    "backfill_session",
    "parse_row",
    "parse_start",
    "plan_rows",
    "session_span",
]

DEFAULT_REST_SECONDS = 60  # between sets of exercises picked outside a routine


@record
class BackfillRow:
    """One set of the grid: the exercise and side, the reps, load (None: bodyweight or
    never done) and hold, and the rest after it. As first offered, the reps and hold are
    the prescription's and the load last time's (``last``); :func:`parse_row` gives the
    row as the user says it was done."""

    exercise_id: str
    side: Side
    reps: int
    weight: float | None
    seconds: int | None
    rest_after: int
    last: SetEntry | None = None


def parse_start(day: date, text: str, tz: tzinfo) -> datetime:
    """The aware moment ``HH:MM`` on ``day`` in ``tz``; ValidationError otherwise."""
    from hipext_tui.domain.days import local_moment

    raw = text.strip()
    hour, sep, minute = raw.partition(":")
    if not (sep and hour.isdigit() and minute.isdigit() and len(minute) == 2):
        raise ValidationError(f"start: '{raw}' is not a time like 07:30")
    if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
        raise ValidationError(f"start: '{raw}' is not a time of day (00:00 to 23:59)")
    return local_moment(day, int(hour), int(minute), tz)


def parse_row(
    number: int, name: str, row: BackfillRow, reps: str, weight: str, seconds: str
) -> BackfillRow | None:
    """Set ``number`` (of exercise ``name``) as typed; None when its reps are blank (the
    set was not done). A bad cell raises ValidationError naming the set and the field."""
    if not reps.strip():
        return None
    try:
        return replace(
            row,
            reps=parse_reps(reps),
            weight=parse_weight(weight),
            seconds=parse_seconds(seconds),
            last=None,
        )
    except ValidationError as exc:
        raise ValidationError(f"set {number} ({name}): {exc}") from None


def session_span(session: Session) -> tuple[datetime, datetime]:
    """From the start to the end (or the last set) of a logged session."""
    last = max((s.logged_at for s in session.sets), default=session.start)
    end = max(session.end or last, last)
    return session.start, end


def backfill_session(
    start: datetime,
    done: Sequence[BackfillRow],
    *,
    routine_id: str | None,
    unit: Unit,
    now: datetime,
    same_day: Iterable[Session] = (),
) -> Session:
    """The finished session of a workout backfilled from ``start``.

    ``same_day`` are the sessions already logged on that training day; a workout
    overlapping one of them is refused (see the module docstring).
    """
    if not done:
        raise ValidationError("nothing to save: every set's reps are blank")
    check_not_future(start, now)
    sets: list[SetEntry] = []
    moment = start
    for item in done:
        moment += timedelta(seconds=WORK_SECONDS_PER_SLOT)
        sets.append(
            SetEntry(
                id=new_id("set-"),
                exercise_id=item.exercise_id,
                side=item.side,
                reps=item.reps,
                logged_at=moment,
                weight=item.weight,
                unit=unit,
                seconds=item.seconds,
                set_type=SetType.WORKING,
            )
        )
        moment += timedelta(seconds=item.rest_after)
    end = sets[-1].logged_at
    if end > now:
        raise ValidationError(
            f"start: {len(sets)} sets from {start:%H:%M} would end after now "
            f"({now.astimezone(start.tzinfo):%H:%M}); give an earlier start"
        )
    for other in same_day:
        first, last = session_span(other)
        if start <= last and first <= end:
            local = first.astimezone(start.tzinfo)
            count = f"{len(other.sets)} set{'s' if len(other.sets) != 1 else ''}"
            raise ValidationError(
                f"start: {start:%H:%M} to {end:%H:%M} overlaps the session at "
                f"{local:%H:%M} ({count}); give another start"
            )
    return Session(id=new_id("ses-"), start=start, end=end, routine_id=routine_id, sets=tuple(sets))


def plan_rows(
    plan: Plan, prefill: Callable[[Slot], tuple[int, float | None, SetEntry | None]]
) -> list[BackfillRow]:
    """The grid of ``plan``: each set with its prescribed reps and hold, the load of the
    last time (``prefill``, the guided view's rule) and the rest the plan puts after it
    (none between the two sides of a set; after the last set its own rest, for the sets
    of an exercise added after it)."""
    rows = []
    for slot in plan.slots:
        _reps, weight, last = prefill(slot)
        rest = plan.rest_after(slot)  # 0 from one side of a set to the other
        if slot.index == len(plan.slots) - 1:  # before the sets of an exercise added
            rest = slot.rest_seconds or DEFAULT_REST_SECONDS
        rows.append(
            BackfillRow(
                exercise_id=slot.exercise_id,
                side=slot.side,
                reps=slot.reps,
                weight=weight,
                seconds=slot.hold_seconds or None,
                rest_after=rest,
                last=last,
            )
        )
    return rows
