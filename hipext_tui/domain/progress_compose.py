"""One exercise's whole progress: from its sets, or composed from its months.

:class:`ExerciseProgress` is what the records screen draws from: the records
(:class:`~hipext_tui.domain.progress.ExerciseRecords`) and the weekly totals that
:mod:`hipext_tui.domain.trends` turns into series and balance. :func:`progress_of_sets`
builds it with the set-based functions; :func:`compose` builds the same from the
:class:`~hipext_tui.domain.progress_months.MonthProgress` of each month file, oldest
first, in time independent of the number of sets, and returns None where it cannot be
sure to give exactly the same (the caller then reads the sets):

* months whose sessions do not follow each other in time (the history would list them
  in another order than the month files);
* near-equal record values that the sequential fold could settle either way. The fold
  keeps the first set that beats the record so far by more than the tolerance (for the
  heaviest, then the one of equal weight with more reps). When the values the all-time
  top does not beat form a cluster that every other value is below by more than the
  tolerance (and, for the heaviest, that ties within itself), the record is the first
  set of the cluster (with the most reps) whatever came before: that is what is read
  from the month windows. Otherwise, None;
* a week that months share, where a later one keeps no per-set values for it.

A stored set that does not match the numbers it was kept for raises ValidationError (the
month's summary is not to be trusted).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, tzinfo

from hipext_tui.domain.progress import (
    TOLERANCE,
    Best,
    ExerciseRecords,
    Records,
    e1rm,
    personal_records,
)
from hipext_tui.domain.progress_months import GROUP_SIDES, Candidate, GroupMonth, MonthProgress
from hipext_tui.domain.record import record
from hipext_tui.domain.stored import decode_set
from hipext_tui.domain.trends import e1rm_totals, reps_totals, side_totals, volume_totals
from hipext_tui.domain.workout import SetEntry, Side, Unit, ValidationError

__all__ = [
    "ExerciseProgress",
    "InDoubt",
    "compose",
    "progress_of_sets",
    "side_week_totals",
    "week_totals",
]


@record
class ExerciseProgress:
    """Records and weekly totals of one exercise (the totals as ``trends`` sums them:
    ``volume``, ``reps`` and ``e1rm`` per week of working sets, ``sides`` the
    ``[left load, right load, left sets, right sets]`` per week in first-set order).
    ``any_side``: a set of it (warm-ups too) was logged on a side."""

    records: ExerciseRecords
    any_side: bool
    volume: dict[date, float]
    reps: dict[date, float]
    e1rm: dict[date, float]
    sides: dict[date, list[float]]


def progress_of_sets(
    sets: Sequence[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
) -> ExerciseProgress:
    """The progress from every set, by the set-based functions."""
    hour = day_start_hour
    return ExerciseProgress(
        records=personal_records(sets, unit, exercise_id),
        any_side=any(s.side is not Side.NONE for s in sets if s.exercise_id == exercise_id),
        volume=volume_totals(
            sets, exercise_id, unit, tz=tz, day_start_hour=hour, week_start=week_start
        ),
        reps=reps_totals(sets, exercise_id, tz=tz, day_start_hour=hour, week_start=week_start),
        e1rm=e1rm_totals(
            sets, exercise_id, unit, tz=tz, day_start_hour=hour, week_start=week_start
        ),
        sides=side_totals(sets, exercise_id, unit, tz, hour, week_start),
    )


class InDoubt(Exception):
    """The months cannot give exactly what the sets give."""


def compose(
    months: Sequence[MonthProgress], exercise_id: str, unit: Unit
) -> ExerciseProgress | None:
    """The progress from the months of the history, oldest first (see the module
    docstring); None when only the sets can tell."""
    if any(a.last_start > b.first_start for a, b in itertools.pairwise(months)):
        return None
    try:
        groups = [_records(months, g, exercise_id, unit) for g in range(len(GROUP_SIDES))]
        volume, reps, best = week_totals(months)
        sides = side_week_totals(months)
    except InDoubt:
        return None
    overall = groups[0] or Records(exercise_id, None, unit)
    return ExerciseProgress(
        records=ExerciseRecords(exercise_id, overall, groups[1], groups[2]),
        any_side=any(m.any_side for m in months),
        volume=volume,
        reps=reps,
        e1rm=best,
        sides=sides,
    )


# A candidate with its place in the history: (month, place in the month).
_Placed = tuple[tuple[int, int], Candidate]


def _records(
    months: Sequence[MonthProgress], g: int, exercise_id: str, unit: Unit
) -> Records | None:
    parts = [(i, part) for i, m in enumerate(months) if (part := m.groups[g]) is not None]
    if not parts:
        return None
    side = GROUP_SIDES[g]

    def placed(pick: Callable[[GroupMonth], Iterable[Candidate | None]]) -> list[_Placed]:
        return [((i, c.pos), c) for i, part in parts for c in pick(part) if c is not None]

    heavy = _cluster(
        placed(lambda p: p.heaviest),
        [b for _, p in parts if (b := p.heaviest_below) is not None],
        by_reps=True,
    )
    best = _cluster(
        placed(lambda p: p.e1rm),
        [b for _, p in parts if (b := p.e1rm_below) is not None],
        by_reps=False,
    )
    holds = placed(lambda p: (p.hold,))
    top_hold = max((c.value for _, c in holds), default=None)
    hold = min((h for h in holds if h[1].value == top_hold), default=None, key=lambda h: h[0])
    reps_at: dict[float, int] = {}
    for _, part in parts:
        for weight, reps in part.reps_at:
            reps_at[weight] = max(reps_at.get(weight, 0), reps)

    def won(found: _Placed | None, value: Callable[[SetEntry], float | None]) -> Best | None:
        if found is None:
            return None
        (month, _), candidate = found
        entry = decode_set(months[month].stored[candidate.stored])
        if (
            entry.exercise_id != exercise_id
            or entry.is_warmup
            or (side is not None and entry.side is not side)
            or entry.reps != candidate.reps
            or value(entry) != candidate.value
        ):
            raise ValidationError("a kept record set does not match its numbers")
        return Best(candidate.value, entry)

    return Records(
        exercise_id=exercise_id,
        side=side,
        unit=unit,
        sets=sum(part.sets for _, part in parts),
        heaviest=won(heavy, lambda s: s.weight_in(unit)),
        best_e1rm=won(best, lambda s: e1rm(s.weight_in(unit), s.reps) if s.weight else None),
        longest_hold=won(hold, lambda s: None if s.seconds is None else float(s.seconds)),
        reps_at=dict(sorted(reps_at.items())),
    )


def _cluster(cands: list[_Placed], belows: list[float], *, by_reps: bool) -> _Placed | None:
    """The set the sequential fold keeps, from the month windows (module docstring)."""
    if not cands:
        if belows:
            raise ValidationError("a record window without its sets")
        return None
    top = max(c.value for _, c in cands)
    inside = [item for item in cands if not top > item[1].value + TOLERANCE]
    outside = [c.value for _, c in cands if top > c.value + TOLERANCE] + belows
    low = min(c.value for _, c in inside)
    if by_reps and not abs(top - low) <= TOLERANCE:
        raise InDoubt
    if outside:
        under = max(outside)
        if not low > under + TOLERANCE or (by_reps and abs(low - under) <= TOLERANCE):
            raise InDoubt
    if by_reps:
        most = max(c.reps for _, c in inside)
        inside = [item for item in inside if item[1].reps == most]
    return min(inside, key=lambda item: item[0])


def week_totals(
    months: Sequence[MonthProgress],
) -> tuple[dict[date, float], dict[date, float], dict[date, float]]:
    """Weekly volume, reps and best e1RM; a week months share is the first one's sum
    with the later ones' values added set by set."""
    parts: dict[date, list[tuple[float, float, float | None, tuple[float, ...] | None]]] = {}
    for month in months:
        for w in month.weeks:
            parts.setdefault(w.week, []).append((w.volume, w.reps, w.e1rm, w.volumes))
    volume: dict[date, float] = {}
    reps: dict[date, float] = {}
    best: dict[date, float] = {}
    for week, shares in parts.items():
        if len(shares) == 1:
            volume[week], reps[week] = shares[0][0], shares[0][1]
        else:  # the first month's sum, then every later month's values, in order
            total = shares[0][0]
            for *_, values in shares[1:]:
                if values is None:
                    raise InDoubt
                for value in values:
                    total = total + value
            volume[week] = total
            reps[week] = sum((share[1] for share in shares), 0.0)  # whole numbers: exact
        tops = [e for _, _, e, _ in shares if e is not None]
        if tops:
            best[week] = max(0.0, *tops)
    return volume, reps, best


def side_week_totals(months: Sequence[MonthProgress]) -> dict[date, list[float]]:
    """Weekly left/right totals, in the order of each week's first sided set."""
    parts: dict[date, list[tuple[tuple[float, ...], tuple[tuple[int, float], ...] | None]]] = {}
    for month in months:
        for w in month.side_weeks:
            parts.setdefault(w.week, []).append((w.totals, w.loads))
    sides: dict[date, list[float]] = {}
    for week, shares in parts.items():
        if len(shares) == 1:
            sides[week] = list(shares[0][0])
            continue
        totals = list(shares[0][0])
        for _, loads in shares[1:]:
            if loads is None:
                raise InDoubt
            for index, load in loads:
                totals[index] += load
                totals[index + 2] += 1
        sides[week] = totals
    return sides
