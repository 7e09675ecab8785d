"""Double progression: what to lift next time, per leg for one-sided moves.

The rule, for one exercise on one side (both legs count as one side for a move done on
both legs; a one-sided move looks only at sets logged on that leg). An *outing* is the
working sets (warm-ups never count) of that exercise and side in one session; the last
outing decides, the two before it only matter for the deload.

1. **Step up.** Every set of the last outing was at one weight, reached the top of the
   item's rep range, and no set's RPE was above 8 where RPE was given: that weight plus
   one load step (:meth:`~.catalog.Exercise.load_step`), at the bottom of the range.
2. **Deload.** The last three outings each had a set below the bottom of the range: about
   10% lighter (whole load steps, at least one), at the bottom of the range.
3. **One more rep.** Otherwise the heaviest weight of the last outing and one more rep
   than its fewest at that weight, never past the top of the range.

Bodyweight outings (no weight on any set) add reps the same way, then hold seconds for a
move with a hold: at the top of the range with no RPE above 8 the hold grows by 1 s (up
to 5 s, or the item's own hold if longer) and the reps start again at the bottom; at
the longest hold the suggestion stays at the top of the range. A bodyweight move has no
deload. The slow lowering of a tempo move (the Romanian deadlift's five seconds) is kept
whatever the load. With no outing yet, the routine item's own reps and hold are the
starting point.

Weights are compared and suggested in the user's unit (sets logged in the other unit
are converted), rounded to 0.1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from hipext_tui.domain.catalog import Catalog, Exercise, Measure, RoutineItem
from hipext_tui.domain.format import format_number
from hipext_tui.domain.guide import Plan, Slot
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import Session, SetEntry, Side, Unit

RPE_CEILING = 8.0
STALL_OUTINGS = 3
DELOAD_FRACTION = 0.10
LONGEST_HOLD_SECONDS = 5

__all__ = [
    "Advice",
    "Move",
    "Suggestion",
    "plan_advice",
    "previous_text",
    "suggest",
    "suggest_for_slot",
]


class Move(StrEnum):
    """Which branch of the rule gave a suggestion."""

    START = "start"  # nothing logged yet: the routine's numbers
    STEP_UP = "step-up"  # one load step heavier, bottom of the range
    MORE_REPS = "more-reps"  # same weight, one more rep
    TOP = "top"  # at the top of the range but a step up is held back
    DELOAD = "deload"  # about 10% lighter after three outings below the range
    LONGER_HOLD = "longer-hold"  # bodyweight: one second more hold, bottom of the range


@record
class Suggestion:
    """What the next set of an exercise should be, and why in one line.

    ``weight`` is in ``unit`` (None: bodyweight); ``hold_seconds`` is the hold at the top
    of each rep and ``lower_seconds`` the counted lowering, both 0 when the move has none.
    """

    exercise_id: str
    side: Side
    reps: int
    weight: float | None
    unit: Unit
    hold_seconds: int
    lower_seconds: int
    move: Move
    reason: str


@record
class _Outing:
    """One session's working sets of the exercise on the side, read in ``unit``."""

    reps: tuple[int, ...]
    weights: tuple[float, ...]  # 0 for a set without weight
    top_rpe: float | None
    hold: int | None  # the shortest hold logged, None when a set has none

    @property
    def weighted(self) -> bool:
        return any(self.weights)

    @property
    def heaviest(self) -> float:
        return max(self.weights)

    @property
    def fewest(self) -> int:
        """The fewest reps of a set at the heaviest weight."""
        top = self.heaviest
        return min(r for r, w in zip(self.reps, self.weights, strict=True) if w == top)

    @property
    def one_weight(self) -> bool:
        return len(set(self.weights)) == 1

    @property
    def hard(self) -> bool:
        return self.top_rpe is not None and self.top_rpe > RPE_CEILING


def suggest(
    exercise: Exercise,
    item: RoutineItem,
    sessions: Iterable[Session],
    side: Side,
    unit: Unit,
    *,
    current_session_id: str | None = None,
) -> Suggestion:
    """The suggestion for ``exercise`` (prescribed by ``item``) on ``side``.

    ``sessions`` is the history in any order; the session with ``current_session_id``
    (the one being trained) is left out, so every set of today gets the same answer.
    """
    outings = _outings(exercise, sessions, side, unit, current_session_id)
    low, high = item.rep_range
    if not outings:
        reps, weight, hold = item.reps, None, item.hold_seconds
        move = Move.START
        reason = f"{item.reps} reps: the routine's starting point (nothing logged yet)"
    elif outings[-1].weighted:
        reps, heavy, move, reason = _weighted(exercise, outings, low, high, unit)
        weight, hold = heavy, item.hold_seconds
    else:
        last = outings[-1]
        has_hold = exercise.measure is Measure.HOLD or item.hold_seconds > 0
        held = (last.hold if last.hold is not None else item.hold_seconds) if has_hold else 0
        reps, hold, move, reason = _bodyweight(last, low, high, held, item.hold_seconds)
        weight = None
    return Suggestion(
        exercise_id=exercise.id,
        side=side,
        reps=reps,
        weight=weight,
        unit=unit,
        hold_seconds=hold,
        lower_seconds=exercise.lower_seconds,  # a tempo move keeps its lowering
        move=move,
        reason=reason,
    )


def suggest_for_slot(
    plan: Plan,
    slot: Slot,
    catalog: Catalog,
    sessions: Iterable[Session],
    unit: Unit,
    *,
    current_session_id: str | None = None,
) -> Suggestion | None:
    """:func:`suggest` for one slot of a guided plan; None when its exercise is no
    longer in the catalog."""
    exercise = catalog.get(slot.exercise_id)
    if exercise is None:
        return None
    return suggest(
        exercise,
        plan.items[slot.item_index],
        sessions,
        slot.side,
        unit,
        current_session_id=current_session_id,
    )


@record
class Advice:
    """What the guided view shows beside a slot's fields: the suggestion (None when
    suggestions are off) and the working sets of the last outing (empty: none yet)."""

    suggestion: Suggestion | None
    previous: tuple[SetEntry, ...]


def plan_advice(
    plan: Plan,
    catalog: Catalog,
    sessions: Iterable[Session],
    unit: Unit,
    *,
    current_session_id: str | None = None,
    suggestions: bool = True,
) -> dict[tuple[int, Side], Advice]:
    """:class:`Advice` per (routine item index, side) of ``plan``, from one read of the
    history; the session being trained is left out, so every set of it gets the same."""
    history = list(sessions)
    advice: dict[tuple[int, Side], Advice] = {}
    for slot in plan.slots:
        key = (slot.item_index, slot.side)
        exercise = catalog.get(slot.exercise_id)
        if key in advice or exercise is None:
            continue
        item = plan.items[slot.item_index]
        outings = _outing_sets(exercise, history, slot.side, current_session_id)
        suggestion = (
            suggest(exercise, item, history, slot.side, unit, current_session_id=current_session_id)
            if suggestions
            else None
        )
        advice[key] = Advice(suggestion, tuple(outings[-1]) if outings else ())
    return advice


def previous_text(sets: Sequence[SetEntry], unit: Unit) -> str:
    """The last outing in one short line: ``12, 12, 11 x 16 kg`` or ``10, 10 reps``
    (runs of one weight grouped, weights shown as the history shows them)."""
    from hipext_tui.domain.format import format_weight, shown_weight

    groups: list[tuple[float, list[int]]] = []
    for entry in sets:
        weight = shown_weight(entry, unit) if entry.weight else 0.0
        if groups and groups[-1][0] == weight:
            groups[-1][1].append(entry.reps)
        else:
            groups.append((weight, [entry.reps]))
    parts = []
    for weight, reps in groups:
        counts = ", ".join(str(r) for r in reps)
        parts.append(f"{counts} x {format_weight(weight, unit)}" if weight else f"{counts} reps")
    return "; ".join(parts)


def _weighted(
    exercise: Exercise, outings: Sequence[_Outing], low: int, high: int, unit: Unit
) -> tuple[int, float, Move, str]:
    last = outings[-1]
    weight = last.heaviest
    at = _amount(weight, unit)
    every = _every(len(last.reps))
    if last.one_weight and min(last.reps) >= high and not last.hard:
        heavier = round(weight + exercise.load_step(unit), 1)
        return (
            low,
            heavier,
            Move.STEP_UP,
            f"{_amount(heavier, unit)}: {every} reached {high} at {at} last time",
        )
    stalled = outings[-STALL_OUTINGS:]
    if len(stalled) == STALL_OUTINGS and all(o.weighted and o.fewest < low for o in stalled):
        step = exercise.load_step(unit)
        steps = max(1, round(weight * DELOAD_FRACTION / step))
        lighter = round(weight - steps * step, 1)
        if lighter > 0:
            return (
                low,
                lighter,
                Move.DELOAD,
                f"{_amount(lighter, unit)}: {STALL_OUTINGS} sessions in a row under {low} reps "
                f"at up to {at}, so about 10% lighter",
            )
    if last.fewest >= high:
        if last.hard:
            why = f"RPE {format_number(last.top_rpe or 0)} last time, a step up waits for 8 or less"
        else:
            why = f"the sets last time were not all at {at}"
        return high, weight, Move.TOP, f"{at} x {high} again: {why}"
    reps = min(last.fewest + 1, high)
    return (
        reps,
        weight,
        Move.MORE_REPS,
        f"{at} x {reps}: one more rep than the {last.fewest} at {at} last time",
    )


def _bodyweight(
    last: _Outing, low: int, high: int, held: int, item_hold: int
) -> tuple[int, int, Move, str]:
    fewest = min(last.reps)
    every = _every(len(last.reps))
    if fewest < high:
        reps = fewest + 1
        return reps, held, Move.MORE_REPS, f"{reps} reps: one more than the {fewest} of last time"
    longest = max(LONGEST_HOLD_SECONDS, item_hold)
    if held and held < longest and not last.hard:
        longer = held + 1
        return (
            low,
            longer,
            Move.LONGER_HOLD,
            f"{longer} s hold: {every} reached {high} with a {held} s hold last time",
        )
    if held and not last.hard:
        why = f"the top of the range with a {held} s hold; add a weight to go on"
    elif last.hard:
        why = f"RPE {format_number(last.top_rpe or 0)} last time, more waits for 8 or less"
    else:
        why = "the top of the range; add a weight to go on"
    return high, held, Move.TOP, f"{high} reps again: {why}"


def _outings(
    exercise: Exercise,
    sessions: Iterable[Session],
    side: Side,
    unit: Unit,
    skip_id: str | None,
) -> list[_Outing]:
    """The outings of ``exercise`` on ``side``, oldest first."""
    return [_outing(sets, unit) for sets in _outing_sets(exercise, sessions, side, skip_id)]


def _outing_sets(
    exercise: Exercise, sessions: Iterable[Session], side: Side, skip_id: str | None
) -> list[list[SetEntry]]:
    """The working sets of each outing of ``exercise`` on ``side``, oldest first."""
    found: list[list[SetEntry]] = []
    for session in sessions:
        if session.id == skip_id:
            continue
        sets = [s for s in session.sets if _counts(s, exercise, side)]
        if sets:
            found.append(sorted(sets, key=lambda s: s.logged_at))
    found.sort(key=lambda sets: sets[0].logged_at)
    return found


def _counts(entry: SetEntry, exercise: Exercise, side: Side) -> bool:
    if entry.exercise_id != exercise.id or entry.is_warmup:
        return False
    # A one-sided move follows its leg; a set logged without a side counts for neither.
    return entry.side is side if exercise.one_sided else True


def _outing(sets: Sequence[SetEntry], unit: Unit) -> _Outing:
    rpes = [s.rpe for s in sets if s.rpe is not None]
    holds = [s.seconds for s in sets]
    return _Outing(
        reps=tuple(s.reps for s in sets),
        weights=tuple(round(s.weight_in(unit), 1) for s in sets),
        top_rpe=max(rpes) if rpes else None,
        hold=None if any(h is None for h in holds) else min(h for h in holds if h is not None),
    )


def _amount(weight: float, unit: Unit) -> str:
    return f"{format_number(weight)} {unit.value}"


def _every(count: int) -> str:
    return "the set" if count == 1 else f"all {count} sets"
