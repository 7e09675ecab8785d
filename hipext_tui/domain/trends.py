"""Trends: weekly series for the charts and the left/right balance of one exercise.

Pure functions of logged sets; warm-up sets never count. Weights are compared in the
user's unit, as the records in :mod:`hipext_tui.domain.progress` are.

Weeks
    A set belongs to the local training day of :func:`hipext_tui.domain.days.training_day`
    (user's zone and day-start hour), and to the week that contains that day, named by
    its first day (Monday, or Sunday when ``week_start="sunday"``). Weekly series cover
    every week from the first to the last with data (or to ``until``), empty weeks as 0.
    Because weeks are counted on local dates, a DST change inside a week does not move
    sets across week boundaries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta, tzinfo

from hipext_tui.domain.days import training_day
from hipext_tui.domain.progress import e1rm
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import SetEntry, Side, Unit

__all__ = [
    "SideBalance",
    "balance_series",
    "e1rm_totals",
    "overall_balance",
    "recent_balance",
    "reps_totals",
    "side_load",
    "side_totals",
    "volume_totals",
    "week_of",
    "weekly_balance",
    "weekly_best_e1rm",
    "weekly_reps",
    "weekly_series",
    "weekly_volume",
]


def week_of(day: date, week_start: str = "monday") -> date:
    """The first day of the week holding ``day`` (Monday, or Sunday with ``"sunday"``)."""
    back = (day.weekday() + 1) % 7 if week_start == "sunday" else day.weekday()
    return day - timedelta(days=back)


def _totals(
    values: Iterable[tuple[SetEntry, float]],
    tz: tzinfo,
    day_start_hour: int,
    week_start: str,
    combine: str,
) -> dict[date, float]:
    totals: dict[date, float] = {}
    for entry, value in values:
        week = week_of(training_day(entry.logged_at, tz, day_start_hour), week_start)
        if combine == "max":
            totals[week] = max(totals.get(week, 0.0), value)
        else:
            totals[week] = totals.get(week, 0.0) + value
    return totals


def weekly_series(
    totals: Mapping[date, float], week_start: str = "monday", until: date | None = None
) -> list[tuple[date, float]]:
    """Weekly totals as a series: every week from the first with a total to the last
    (or to the week holding ``until``), weeks without one as 0."""
    if not totals:
        return []
    first = min(totals)
    last = max(totals)
    if until is not None:
        last = max(last, week_of(until, week_start))
    series: list[tuple[date, float]] = []
    week = first
    while week <= last:
        series.append((week, totals.get(week, 0.0)))
        week += timedelta(days=7)
    return series


def _working(sets: Iterable[SetEntry], exercise_id: str, side: Side | None) -> list[SetEntry]:
    return [
        s
        for s in sets
        if s.exercise_id == exercise_id and not s.is_warmup and (side is None or s.side is side)
    ]


def volume_totals(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    side: Side | None = None,
) -> dict[date, float]:
    """Reps x weight of working sets per week, in ``unit``, summed in the order given;
    a week holds a total (0 for bodyweight sets) once it has a working set."""
    values = ((s, s.volume(unit)) for s in _working(sets, exercise_id, side))
    return _totals(values, tz, day_start_hour, week_start, "sum")


def reps_totals(
    sets: Iterable[SetEntry],
    exercise_id: str,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    side: Side | None = None,
) -> dict[date, float]:
    """Reps of working sets per week."""
    values = ((s, float(s.reps)) for s in _working(sets, exercise_id, side))
    return _totals(values, tz, day_start_hour, week_start, "sum")


def e1rm_totals(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    side: Side | None = None,
) -> dict[date, float]:
    """The best Epley e1RM of each week with a weighted working set, in ``unit``."""
    values = (
        (s, e1rm(s.weight_in(unit), s.reps))
        for s in _working(sets, exercise_id, side)
        if s.weight_in(unit) > 0
    )
    return _totals(values, tz, day_start_hour, week_start, "max")


def weekly_volume(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    side: Side | None = None,
    until: date | None = None,
) -> list[tuple[date, float]]:
    """Weekly reps x weight of working sets, in ``unit``: ``[(week_start_date, volume)]``.

    Bodyweight sets add 0 (see :func:`weekly_reps` for those moves). ``side`` keeps one
    side only; ``until`` extends the series with empty weeks up to the week holding it.
    """
    hour = day_start_hour
    totals = volume_totals(
        sets, exercise_id, unit, tz=tz, day_start_hour=hour, week_start=week_start, side=side
    )
    return weekly_series(totals, week_start, until)


def weekly_reps(
    sets: Iterable[SetEntry],
    exercise_id: str,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    side: Side | None = None,
    until: date | None = None,
) -> list[tuple[date, float]]:
    """Weekly total reps of working sets: ``[(week_start_date, reps)]``."""
    totals = reps_totals(
        sets, exercise_id, tz=tz, day_start_hour=day_start_hour, week_start=week_start, side=side
    )
    return weekly_series(totals, week_start, until)


def weekly_best_e1rm(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    side: Side | None = None,
    until: date | None = None,
) -> list[tuple[date, float]]:
    """Best Epley e1RM of each week, in ``unit``: ``[(week_start_date, e1rm)]``.

    Weeks without a weighted working set are 0; a history of bodyweight sets only
    gives an empty list.
    """
    hour = day_start_hour
    totals = e1rm_totals(
        sets, exercise_id, unit, tz=tz, day_start_hour=hour, week_start=week_start, side=side
    )
    return weekly_series(totals, week_start, until)


# ---------------------------------------------------------------------------
# Left/right balance


@record
class SideBalance:
    """Work done by each side per set, and how far apart the sides are.

    Sides are compared like with like: ``left`` and ``right`` are the mean
    :func:`side_load` of one working set of that side (``left_sets`` and ``right_sets``
    of them), so a workout stopped after two left sets and one right does not read as a
    weak right leg. ``gap_percent`` is ``|left - right| / max(left, right) * 100``, and
    ``flagged`` is true when it exceeds the threshold; ``weaker`` is the side that did
    less per set, or None when they are equal. With no set on one side there is nothing
    to compare: gap 0, not flagged. ``week`` is the week's first day (None for a
    multi-week figure).
    """

    week: date | None
    left: float
    right: float
    gap_percent: float
    flagged: bool
    weaker: Side | None
    left_sets: int = 0
    right_sets: int = 0

    @property
    def compared(self) -> bool:
        """True when both sides have sets, so the gap means something."""
        return self.left_sets > 0 and self.right_sets > 0


def side_load(entry: SetEntry, unit: Unit) -> float:
    """The work a set counts for in the balance: reps x weight, or reps for bodyweight."""
    weight = entry.weight_in(unit)
    return entry.reps * weight if weight > 0 else float(entry.reps)


# Per week: [left load, right load, left sets, right sets].
_Totals = dict[date, list[float]]


def _balance(week: date | None, totals: Sequence[float], threshold: float) -> SideBalance:
    left_load, right_load, left_n, right_n = totals
    left = left_load / left_n if left_n else 0.0
    right = right_load / right_n if right_n else 0.0
    top = max(left, right)
    both = left_n > 0 and right_n > 0
    gap = abs(left - right) / top * 100 if both and top > 0 else 0.0
    weaker: Side | None = None
    if both and left < right:
        weaker = Side.LEFT
    elif both and right < left:
        weaker = Side.RIGHT
    return SideBalance(week, left, right, gap, gap > threshold, weaker, int(left_n), int(right_n))


def side_totals(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
) -> _Totals:
    """Per week: ``[left load, right load, left sets, right sets]`` of the working sets
    logged on a side, in the order each week's first such set came."""
    totals: _Totals = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for entry in sets:
        if entry.exercise_id != exercise_id or entry.is_warmup or entry.side is Side.NONE:
            continue
        week = week_of(training_day(entry.logged_at, tz, day_start_hour), week_start)
        index = 0 if entry.side is Side.LEFT else 1
        totals[week][index] += side_load(entry, unit)
        totals[week][index + 2] += 1
    return totals


def weekly_balance(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    threshold: float,
    day_start_hour: int = 0,
    week_start: str = "monday",
    until: date | None = None,
) -> list[SideBalance]:
    """Left against right for each week from the first to the last with a sided set.

    Only working sets logged as left or right count. Empty weeks are 0 against 0 and
    never flagged. ``threshold`` is :attr:`Settings.balance_threshold` (percent).
    """
    totals = side_totals(sets, exercise_id, unit, tz, day_start_hour, week_start)
    return balance_series(totals, threshold, week_start, until)


def balance_series(
    totals: Mapping[date, Sequence[float]],
    threshold: float,
    week_start: str = "monday",
    until: date | None = None,
    *,
    tail: int | None = None,
) -> list[SideBalance]:
    """:func:`weekly_balance` from the weekly totals of :func:`side_totals`; with
    ``tail``, only its last ``tail`` weeks (what ``[-tail:]`` of the whole would keep)."""
    if not totals:
        return []
    week = min(totals)
    last = max(totals)
    if until is not None:
        last = max(last, week_of(until, week_start))
    if tail is not None:
        week = max(week, last - timedelta(days=7 * (tail - 1)))
    out: list[SideBalance] = []
    while week <= last:
        out.append(_balance(week, totals.get(week, (0.0, 0.0, 0.0, 0.0)), threshold))
        week += timedelta(days=7)
    return out


def overall_balance(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    threshold: float,
    today: date,
    weeks: int = 4,
    day_start_hour: int = 0,
    week_start: str = "monday",
) -> SideBalance:
    """Left against right summed over the last ``weeks`` weeks, ending with ``today``'s week."""
    totals = side_totals(sets, exercise_id, unit, tz, day_start_hour, week_start)
    return recent_balance(totals, threshold, today, weeks, week_start)


def recent_balance(
    totals: Mapping[date, Sequence[float]],
    threshold: float,
    today: date,
    weeks: int = 4,
    week_start: str = "monday",
) -> SideBalance:
    """:func:`overall_balance` from the weekly totals of :func:`side_totals`, summed in
    their order."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    newest = week_of(today, week_start)
    oldest = newest - timedelta(days=7 * (weeks - 1))
    recent = [v for w, v in totals.items() if oldest <= w <= newest]
    summed = [sum(v[k] for v in recent) for k in range(4)]
    return _balance(None, summed, threshold)
