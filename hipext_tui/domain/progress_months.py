"""One exercise's progress summed up a month file at a time, so the records screen can
be drawn without reading every set of the history.

:func:`month_progress` turns the sessions of one month file (those holding the
exercise) into a :class:`MonthProgress`: a few numbers per side and per week, and the
stored form of the handful of sets that may hold a record. The store keeps one per month
file (:mod:`hipext_tui.store.record_pack`); :mod:`hipext_tui.domain.progress_compose`
puts them back together into exactly what the set-based functions give.

What a month keeps, and why (see :mod:`.progress_compose` for how it is read):

* Per side group (all sets, left, right): the working sets counted, the most reps at
  each weight and the longest hold (as :func:`~hipext_tui.domain.progress.records_for`
  gives them for the month), and two *windows*. Weights within
  :data:`~hipext_tui.domain.progress.TOLERANCE` tie, and the record fold is sequential,
  so the heaviest set of the history depends on the order of near-equal weights; the
  heaviest window keeps every weight that the month's own heaviest does not beat (for
  each weight the first set with the most reps) and the heaviest weight below that.
  The e1RM window keeps the same of the Epley estimates (for each estimate its first
  set).
* Per week with a working set: the volume and reps summed in the order logged, the best
  e1RM, and for weeks with sided sets the left/right totals. Sums of floats depend on
  their order, so the first and last week of the month (the ones a neighbouring month
  file may share) also keep each set's value, to be added again in the history's order.
* The first and last session start, to check that months follow each other in time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from hipext_tui.domain.days import training_day
from hipext_tui.domain.progress import TOLERANCE, e1rm, records_for
from hipext_tui.domain.record import record
from hipext_tui.domain.stored import encode_set
from hipext_tui.domain.trends import side_load, week_of
from hipext_tui.domain.workout import SetEntry, Side, Unit

__all__ = [
    "GROUP_SIDES",
    "Candidate",
    "GroupMonth",
    "MonthProgress",
    "SideWeek",
    "Week",
    "month_progress",
]

# The side groups, in the order MonthProgress.groups holds them.
GROUP_SIDES: tuple[Side | None, ...] = (None, Side.LEFT, Side.RIGHT)


@record
class Candidate:
    """A set that may hold a record: its value (weight or e1RM in the unit, or seconds
    held), its reps, its place among the month's sets and its stored form's index in
    :attr:`MonthProgress.stored`."""

    value: float
    reps: int
    pos: int
    stored: int


@record
class GroupMonth:
    """The record material of one side group (all sets, left or right) in one month."""

    sets: int
    heaviest: tuple[Candidate, ...]
    heaviest_below: float | None
    e1rm: tuple[Candidate, ...]
    e1rm_below: float | None
    hold: Candidate | None
    reps_at: tuple[tuple[float, int], ...]


@record
class Week:
    """One week's working sets in one month: volume and reps summed in the order logged,
    the best e1RM (None without a weighted set), and for the month's first week each
    set's volume."""

    week: date
    volume: float
    reps: float
    e1rm: float | None
    volumes: tuple[float, ...] | None


@record
class SideWeek:
    """One week's working sets logged on a side, in one month: ``[left load, right
    load, left sets, right sets]``, and for the month's first such week each set's
    (0 left / 1 right, load)."""

    week: date
    totals: tuple[float, float, float, float]
    loads: tuple[tuple[int, float], ...] | None


@record
class MonthProgress:
    """What one month file holds of one exercise's progress (see the module docstring).

    ``weeks`` are in the order of their first working set, ``side_weeks`` in the order
    of their first sided set; ``groups`` are all sets, left, right (None: no working
    set there); ``any_side`` is true when a set (warm-ups too) was logged on a side.
    """

    first_start: datetime
    last_start: datetime
    any_side: bool
    groups: tuple[GroupMonth | None, GroupMonth | None, GroupMonth | None]
    weeks: tuple[Week, ...]
    side_weeks: tuple[SideWeek, ...]
    stored: tuple[dict[str, Any], ...]


class _Kept:
    """The stored forms of the candidate sets, each once."""

    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.stored: list[dict[str, Any]] = []

    def __call__(self, pos: int, entry: SetEntry) -> int:
        if pos not in self.index:
            self.index[pos] = len(self.stored)
            self.stored.append(encode_set(entry))
        return self.index[pos]


def month_progress(
    sessions: Sequence[tuple[datetime, Sequence[SetEntry]]],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
) -> MonthProgress | None:
    """The progress of ``exercise_id`` in one month file's sessions, given as (start,
    sets) in the order the history lists them; None when none of them holds a set of it."""
    starts = [start for start, sets in sessions if any(s.exercise_id == exercise_id for s in sets)]
    sets = [s for _, chosen in sessions for s in chosen if s.exercise_id == exercise_id]
    if not sets:
        return None
    kept = _Kept()
    working = [(pos, s) for pos, s in enumerate(sets) if not s.is_warmup]
    groups = tuple(
        _group(
            [(p, s) for p, s in working if side is None or s.side is side],
            exercise_id,
            unit,
            side,
            kept,
        )
        for side in GROUP_SIDES
    )
    weeks, side_weeks = _weeks(working, unit, tz, day_start_hour, week_start)
    return MonthProgress(
        first_start=starts[0],
        last_start=starts[-1],
        any_side=any(s.side is not Side.NONE for s in sets),
        groups=(groups[0], groups[1], groups[2]),
        weeks=weeks,
        side_weeks=side_weeks,
        stored=tuple(kept.stored),
    )


def _group(
    items: list[tuple[int, SetEntry]], exercise_id: str, unit: Unit, side: Side | None, kept: _Kept
) -> GroupMonth | None:
    if not items:
        return None
    records = records_for((s for _, s in items), unit, exercise_id, side)
    weighted = [(pos, s, float(s.weight_in(unit))) for pos, s in items]
    weighted = [item for item in weighted if item[2] > 0]
    heaviest, heaviest_below = _window(weighted, kept, by_reps=True)
    estimates = [(pos, s, float(e1rm(w, s.reps))) for pos, s, w in weighted]
    best_e1rm, e1rm_below = _window(estimates, kept, by_reps=False)
    hold: Candidate | None = None
    for pos, s in items:
        if s.seconds is not None and (hold is None or s.seconds > hold.value):
            hold = Candidate(float(s.seconds), s.reps, pos, kept(pos, s))
    return GroupMonth(
        sets=records.sets,
        heaviest=heaviest,
        heaviest_below=heaviest_below,
        e1rm=best_e1rm,
        e1rm_below=e1rm_below,
        hold=hold,
        reps_at=tuple(records.reps_at.items()),
    )


def _window(
    values: list[tuple[int, SetEntry, float]], kept: _Kept, *, by_reps: bool
) -> tuple[tuple[Candidate, ...], float | None]:
    """The values the month's top does not beat (each value once: its first set, or
    with ``by_reps`` its first set with the most reps), and the top of the rest."""
    if not values:
        return (), None
    top = max(value for _, _, value in values)
    chosen: dict[float, tuple[int, SetEntry]] = {}
    below: float | None = None
    for pos, entry, value in values:
        if top > value + TOLERANCE:
            below = value if below is None else max(below, value)
            continue
        held = chosen.get(value)
        if held is None or (by_reps and entry.reps > held[1].reps):
            chosen[value] = (pos, entry)
    window = tuple(
        Candidate(value, entry.reps, pos, kept(pos, entry))
        for value, (pos, entry) in chosen.items()
    )
    return window, below


def _weeks(
    working: list[tuple[int, SetEntry]],
    unit: Unit,
    tz: tzinfo,
    day_start_hour: int,
    week_start: str,
) -> tuple[tuple[Week, ...], tuple[SideWeek, ...]]:
    """The weekly sums, as :mod:`hipext_tui.domain.trends` adds them up."""
    volume: dict[date, float] = {}
    reps: dict[date, float] = {}
    best: dict[date, float] = {}
    volumes: dict[date, list[float]] = {}
    sides: dict[date, list[float]] = {}
    loads: dict[date, list[tuple[int, float]]] = {}
    for _, entry in working:
        week = week_of(training_day(entry.logged_at, tz, day_start_hour), week_start)
        value = float(entry.volume(unit))  # the same sum: int + float is exact here
        volume[week] = volume.get(week, 0.0) + value
        volumes.setdefault(week, []).append(value)
        reps[week] = reps.get(week, 0.0) + float(entry.reps)
        weight = entry.weight_in(unit)
        if weight > 0:
            best[week] = float(max(best.get(week, 0.0), e1rm(weight, entry.reps)))
        if entry.side is not Side.NONE:
            index = 0 if entry.side is Side.LEFT else 1
            load = float(side_load(entry, unit))
            totals = sides.setdefault(week, [0.0, 0.0, 0.0, 0.0])
            totals[index] += load
            totals[index + 2] += 1
            loads.setdefault(week, []).append((index, load))
    # Only a month's first week may continue a week the month before began: its sum is
    # added again from its values, after the earlier month's sum (which needs none).
    first = min(volume, default=None)
    weeks = tuple(
        Week(w, total, reps[w], best.get(w), tuple(volumes[w]) if w == first else None)
        for w, total in volume.items()
    )
    first = min(sides, default=None)
    side_weeks = tuple(
        SideWeek(w, (t[0], t[1], t[2], t[3]), tuple(loads[w]) if w == first else None)
        for w, t in sides.items()
    )
    return weeks, side_weeks
