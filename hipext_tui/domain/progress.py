"""Progress: personal records, weekly series for charts, and left/right balance.

Everything here is a pure function of logged sets. Warm-up sets never count. Weights
logged in kg and lb are compared after converting them to the user's unit
(:meth:`SetEntry.weight_in`); two weights within 0.01 of each other are the same weight,
so 20 kg and 44.0925 lb tie rather than one "beating" the other by rounding noise.

Estimated one-rep max (e1RM)
    The Epley formula: ``weight * (1 + reps / 30)``; a single rep gives the weight
    itself. Bodyweight sets (no weight, or 0) have no e1RM.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo

from hipext_tui.domain.days import training_day
from hipext_tui.domain.workout import SetEntry, Side, Unit

__all__ = [
    "Best",
    "ExerciseRecords",
    "Records",
    "SideBalance",
    "all_records",
    "e1rm",
    "format_weight",
    "is_new_record",
    "overall_balance",
    "personal_records",
    "records_for",
    "side_load",
    "week_of",
    "weekly_balance",
    "weekly_best_e1rm",
    "weekly_reps",
    "weekly_volume",
]

# Weights and e1RMs closer than this (in the user's unit) are equal.
TOLERANCE = 0.01
# A record must beat the old one by more than this share: a weight converted to the
# other unit and rounded to 0.1 is off by well under it, a real gain is far above it.
RELATIVE_TOLERANCE = 0.002

HEAVIEST = "heaviest"
E1RM = "e1rm"
LONGEST_HOLD = "longest hold"


def e1rm(weight: float, reps: int) -> float:
    """Estimated one-rep max by Epley: ``weight * (1 + reps / 30)``; one rep is the weight."""
    if reps <= 1:
        return weight
    return weight * (1 + reps / 30)


def format_weight(value: float, unit: Unit) -> str:
    """A weight for a label: ``20 kg``, ``42.5 kg``, ``bodyweight`` for 0."""
    if abs(value) < TOLERANCE:
        return "bodyweight"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit.value}"


def _weight_key(value: float) -> float:
    # The reps-at-weight table is keyed on the weight rounded to 0.1 in the user's unit,
    # so the same plate load logged in kg and in lb lands in one row.
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


# ---------------------------------------------------------------------------
# Personal records


@dataclass(frozen=True, slots=True)
class Best:
    """One record: its value (in the user's unit, or seconds) and the set that made it."""

    value: float
    entry: SetEntry


@dataclass(frozen=True, slots=True)
class Records:
    """The personal records of one exercise, on one side or on all sides (``side`` None).

    ``heaviest`` is the heaviest weighted set (ties go to more reps; its reps are
    ``heaviest.entry.reps``); ``reps_at`` maps a weight (in ``unit``, rounded to 0.1,
    0 for bodyweight) to the most reps done with it; ``best_e1rm`` is the best Epley
    estimate; ``longest_hold`` the longest held set in seconds. ``sets`` counts the
    working sets they come from.
    """

    exercise_id: str
    side: Side | None
    unit: Unit
    sets: int = 0
    heaviest: Best | None = None
    best_e1rm: Best | None = None
    longest_hold: Best | None = None
    reps_at: dict[float, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExerciseRecords:
    """Records of one exercise over all sides, and per side where sets name a side."""

    exercise_id: str
    overall: Records
    left: Records | None = None
    right: Records | None = None


def records_for(
    sets: Iterable[SetEntry],
    unit: Unit,
    exercise_id: str,
    side: Side | None = None,
) -> Records:
    """The records of ``exercise_id`` from ``sets`` (only ``side`` when given)."""
    chosen = [
        s
        for s in sets
        if s.exercise_id == exercise_id and not s.is_warmup and (side is None or s.side is side)
    ]
    return _records(chosen, unit, exercise_id, side)


def _records(sets: Sequence[SetEntry], unit: Unit, exercise_id: str, side: Side | None) -> Records:
    heaviest: Best | None = None
    best_e1rm: Best | None = None
    longest: Best | None = None
    reps_at: dict[float, int] = {}
    for entry in sets:
        weight = entry.weight_in(unit)
        key = _weight_key(weight)
        reps_at[key] = max(reps_at.get(key, 0), entry.reps)
        if weight > 0:
            if (
                heaviest is None
                or weight > heaviest.value + TOLERANCE
                or (abs(weight - heaviest.value) <= TOLERANCE and entry.reps > heaviest.entry.reps)
            ):
                heaviest = Best(weight, entry)
            estimate = e1rm(weight, entry.reps)
            if best_e1rm is None or estimate > best_e1rm.value + TOLERANCE:
                best_e1rm = Best(estimate, entry)
        if entry.seconds is not None and (longest is None or entry.seconds > longest.value):
            longest = Best(float(entry.seconds), entry)
    return Records(
        exercise_id=exercise_id,
        side=side,
        unit=unit,
        sets=len(sets),
        heaviest=heaviest,
        best_e1rm=best_e1rm,
        longest_hold=longest,
        reps_at=dict(sorted(reps_at.items())),
    )


def personal_records(sets: Iterable[SetEntry], unit: Unit, exercise_id: str) -> ExerciseRecords:
    """Records of one exercise: overall, and left/right when sets were logged per side."""
    chosen = [s for s in sets if s.exercise_id == exercise_id and not s.is_warmup]
    return _exercise_records(chosen, unit, exercise_id)


def all_records(sets: Iterable[SetEntry], unit: Unit) -> dict[str, ExerciseRecords]:
    """Records of every exercise that has a working set, keyed by exercise id."""
    grouped: dict[str, list[SetEntry]] = defaultdict(list)
    for entry in sets:
        if not entry.is_warmup:
            grouped[entry.exercise_id].append(entry)
    return {ex_id: _exercise_records(chosen, unit, ex_id) for ex_id, chosen in grouped.items()}


def _exercise_records(sets: list[SetEntry], unit: Unit, exercise_id: str) -> ExerciseRecords:
    left = [s for s in sets if s.side is Side.LEFT]
    right = [s for s in sets if s.side is Side.RIGHT]
    return ExerciseRecords(
        exercise_id=exercise_id,
        overall=_records(sets, unit, exercise_id, None),
        left=_records(left, unit, exercise_id, Side.LEFT) if left else None,
        right=_records(right, unit, exercise_id, Side.RIGHT) if right else None,
    )


def is_new_record(history_sets: Iterable[SetEntry], new_set: SetEntry, unit: Unit) -> list[str]:
    """Which records ``new_set`` beats, for the guided view's "New record".

    It is compared with the earlier working sets of the same exercise on the same side
    (records are per side for one-sided moves). Labels, in this order: ``"heaviest"``,
    ``"e1rm"``, ``"reps at 20 kg"`` (or ``"reps at bodyweight"``), ``"longest hold"``.

    A record is announced only when it beats an earlier value of the same kind: the
    first-ever set of an exercise (and side) announces nothing, and neither does the
    first weighted set after bodyweight-only sets, the first set at a new weight (for
    "reps at") or the first timed hold. Warm-up sets neither count nor get announced.
    ``new_set`` itself is left out of ``history_sets`` if it is there.
    """
    if new_set.is_warmup:
        return []
    # Compared in one unit (kg) with a tolerance: a set logged as 44.1 lb does not beat
    # the 20 kg it was converted from (fix 3); labels are in the user's unit.
    before = _records(
        [
            s
            for s in history_sets
            if s.exercise_id == new_set.exercise_id
            and s.side is new_set.side
            and not s.is_warmup
            and s.id != new_set.id
        ],
        Unit.KG,
        new_set.exercise_id,
        new_set.side,
    )
    if before.sets == 0:
        return []
    beaten: list[str] = []
    weight = new_set.weight_in(Unit.KG)
    if weight > 0:
        if before.heaviest is not None and _beats(weight, before.heaviest.value):
            beaten.append(HEAVIEST)
        if before.best_e1rm is not None and _beats(
            e1rm(weight, new_set.reps), before.best_e1rm.value
        ):
            beaten.append(E1RM)
    key = _weight_key(weight)
    if key in before.reps_at and new_set.reps > before.reps_at[key]:
        shown = new_set.weight if new_set.unit is unit else new_set.weight_in(unit)
        beaten.append(f"reps at {format_weight(_weight_key(shown or 0.0), unit)}")
    if (
        new_set.seconds is not None
        and before.longest_hold is not None
        and new_set.seconds > before.longest_hold.value
    ):
        beaten.append(LONGEST_HOLD)
    return beaten


def _beats(value: float, record: float) -> bool:
    """``value`` is more than ``record`` by more than a unit conversion's rounding
    (0.2%, and at least :data:`TOLERANCE`)."""
    return value > record + max(TOLERANCE, record * RELATIVE_TOLERANCE)


# ---------------------------------------------------------------------------
# Weekly series


def week_of(day: date, week_start: str = "monday") -> date:
    """The first day of the week holding ``day`` (Monday, or Sunday with ``"sunday"``)."""
    back = (day.weekday() + 1) % 7 if week_start == "sunday" else day.weekday()
    return day - timedelta(days=back)


def _weekly(
    values: Iterable[tuple[SetEntry, float]],
    tz: tzinfo,
    day_start_hour: int,
    week_start: str,
    until: date | None,
    combine: str,
) -> list[tuple[date, float]]:
    totals: dict[date, float] = {}
    for entry, value in values:
        week = week_of(training_day(entry.logged_at, tz, day_start_hour), week_start)
        if combine == "max":
            totals[week] = max(totals.get(week, 0.0), value)
        else:
            totals[week] = totals.get(week, 0.0) + value
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
    return _weekly(
        ((s, s.volume(unit)) for s in _working(sets, exercise_id, side)),
        tz,
        day_start_hour,
        week_start,
        until,
        "sum",
    )


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
    return _weekly(
        ((s, float(s.reps)) for s in _working(sets, exercise_id, side)),
        tz,
        day_start_hour,
        week_start,
        until,
        "sum",
    )


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
    return _weekly(
        (
            (s, e1rm(s.weight_in(unit), s.reps))
            for s in _working(sets, exercise_id, side)
            if s.weight_in(unit) > 0
        ),
        tz,
        day_start_hour,
        week_start,
        until,
        "max",
    )


# ---------------------------------------------------------------------------
# Left/right balance


@dataclass(frozen=True, slots=True)
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


def _side_totals(
    sets: Iterable[SetEntry],
    exercise_id: str,
    unit: Unit,
    tz: tzinfo,
    day_start_hour: int,
    week_start: str,
) -> _Totals:
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
    totals = _side_totals(sets, exercise_id, unit, tz, day_start_hour, week_start)
    if not totals:
        return []
    week = min(totals)
    last = max(totals)
    if until is not None:
        last = max(last, week_of(until, week_start))
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
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    newest = week_of(today, week_start)
    oldest = newest - timedelta(days=7 * (weeks - 1))
    totals = _side_totals(sets, exercise_id, unit, tz, day_start_hour, week_start)
    recent = [v for w, v in totals.items() if oldest <= w <= newest]
    summed = [sum(v[k] for v in recent) for k in range(4)]
    return _balance(None, summed, threshold)
