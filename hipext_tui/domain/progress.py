"""Progress: personal records and the record notice (weekly series and the left/right
balance are in :mod:`hipext_tui.domain.trends`).

Everything here is a pure function of logged sets. Warm-up sets never count. Weights
logged in kg and lb are compared after converting them to the user's unit
(:meth:`SetEntry.weight_in`); two weights within 0.01 of each other are the same weight,
so 20 kg and 44.0925 lb tie rather than one "beating" the other by rounding noise.

Estimated one-rep max (e1RM)
    The Epley formula: ``weight * (1 + reps / 30)``; a single rep gives the weight
    itself. Bodyweight sets (no weight, or 0) have no e1RM.

"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import field

from hipext_tui.domain.record import record
from hipext_tui.domain.workout import SetEntry, Side, Unit

__all__ = [
    "Best",
    "ExerciseRecords",
    "Records",
    "all_records",
    "e1rm",
    "format_weight",
    "is_new_record",
    "mark_set",
    "personal_records",
    "record_mark",
    "records_beaten",
    "records_for",
    "with_set",
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


@record
class Best:
    """One record: its value (in the user's unit, or seconds) and the set that made it."""

    value: float
    entry: SetEntry


@record
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


@record
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
    return _folded(Records(exercise_id=exercise_id, side=side, unit=unit), sets)


def with_set(records: Records, entry: SetEntry) -> Records:
    """``records`` with one more working set, exactly as if ``entry`` had been the last
    of the sets they were made from (warm-ups are left out)."""
    return records if entry.is_warmup else _folded(records, (entry,))


def _folded(start: Records, sets: Iterable[SetEntry]) -> Records:
    """``start`` with ``sets`` added in order: the one loop every record comes from."""
    unit = start.unit
    heaviest, best_e1rm, longest = start.heaviest, start.best_e1rm, start.longest_hold
    reps_at = dict(start.reps_at)
    count = start.sets
    for entry in sets:
        count += 1
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
        exercise_id=start.exercise_id,
        side=start.side,
        unit=unit,
        sets=count,
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
    earlier = [
        s
        for s in history_sets
        if s.exercise_id == new_set.exercise_id
        and s.side is new_set.side
        and not s.is_warmup
        and s.id != new_set.id
    ]
    return records_beaten(
        _records(earlier, Unit.KG, new_set.exercise_id, new_set.side), new_set, unit
    )


def record_mark(exercise_id: str, side: Side) -> Records:
    """The records before any set of ``exercise_id`` on ``side``: what
    :func:`records_beaten` compares with, kept up with :func:`with_set`."""
    return Records(exercise_id=exercise_id, side=side, unit=Unit.KG)


def mark_set(marks: dict[tuple[str, Side], Records], entry: SetEntry) -> Records:
    """Count ``entry`` in ``marks`` (records by exercise and side, see :func:`record_mark`)
    and return the records it is compared with: those before it."""
    key = (entry.exercise_id, entry.side)
    before = marks.get(key) or record_mark(*key)
    marks[key] = with_set(before, entry)
    return before


def records_beaten(before: Records, new_set: SetEntry, unit: Unit) -> list[str]:
    """:func:`is_new_record` against ``before``: the records (in kg, see
    :func:`record_mark`) of the earlier working sets of ``new_set``'s exercise on its
    side. Labels are in ``unit``."""
    if new_set.is_warmup or before.sets == 0:
        return []
    # Compared in one unit (kg) with a tolerance: a set logged as 44.1 lb does not beat
    # the 20 kg it was converted from (fix 3); labels are in the user's unit.
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
