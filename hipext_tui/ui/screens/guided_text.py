"""What the guided view says: the slot line, the coaching pane's paragraphs, and the
offer the set form starts from.

Pure functions of the plan, the session and the advice, so the screen stays about keys
and the rules stay readable (and testable) in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipext_tui.domain.progression import Move, previous_text
from hipext_tui.domain.workout import Session, SetEntry, Side, Unit
from hipext_tui.ui.widgets.detail_pane import Para
from hipext_tui.ui.widgets.set_form import Offer

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Exercise
    from hipext_tui.domain.guide import Slot
    from hipext_tui.domain.progression import Advice


def steps_paras(exercise: Exercise | None, name: str) -> list[Para]:
    """The coaching pane: the steps, then the cues."""
    if exercise is None:
        return [Para("title", name)]
    paras = [Para("heading", "Steps")]
    paras.extend(Para("step", s, n) for n, s in enumerate(exercise.steps, 1))
    if exercise.cues:
        paras.append(Para("heading", "Cues"))
        paras.extend(Para("bullet", c) for c in exercise.cues)
    return paras


def slot_line(slot: Slot, reps: int, hold: int) -> str:
    """``Set 1 of 3 | Left leg | 10 reps | hold 2 s``: the set to do now."""
    parts = [f"Set {slot.set_number} of {slot.total_sets}"]
    if slot.side is not Side.NONE:
        parts.append(slot.side.label)
    parts.append(f"{reps} reps")
    if hold:
        parts.append(f"hold {hold} s")
    if slot.lower_seconds:
        parts.append(f"lower in {slot.lower_seconds} s")
    return " | ".join(parts)


def slot_text(slot: Slot, name: str) -> str:
    """``Single-leg glute bridge, set 2 of 3, left leg``: a set named in a sentence."""
    side = f", {slot.side.label.lower()}" if slot.side is not Side.NONE else ""
    return f"{name}, set {slot.set_number} of {slot.total_sets}{side}"


def reps_for(slot: Slot, advice: Advice | None) -> int:
    """The reps to aim for: the suggestion's, else the routine's (one number for the
    slot line, the form and the pacing)."""
    suggestion = advice.suggestion if advice else None
    return suggestion.reps if suggestion is not None else slot.reps


def hold_for(slot: Slot, advice: Advice | None) -> int:
    """The hold of this set: the suggestion's (bridges grow 1 s at a time) for a move
    with a hold, else the routine's."""
    suggestion = advice.suggestion if advice else None
    if slot.hold_seconds and suggestion is not None and suggestion.hold_seconds:
        return suggestion.hold_seconds
    return slot.hold_seconds


def _fits(entry: SetEntry, slot: Slot) -> bool:
    if entry.exercise_id != slot.exercise_id:
        return False
    return slot.side is Side.NONE or entry.side is slot.side


def offer_for(
    slot: Slot,
    *,
    unit: Unit,
    session: Session | None,
    advice: Advice | None,
    last_set: SetEntry | None,
) -> Offer:
    """What the form starts from for ``slot``, the user's own numbers first.

    1. A working set of this exercise (and leg) logged in this session: its reps and
       weight (what the user typed carries on to the next set).
    2. Else the progression suggestion, when there is one (and the setting is on).
    3. Else ``last_set`` (the prefill rule's latest set), else the routine's reps.

    RPE and the warm-up toggle are remembered per exercise: they come from the last
    set of this exercise in this session. The suggestion's reason and the last time's
    sets are shown beside the fields whichever number won.
    """
    mine = [s for s in session.sets if s.exercise_id == slot.exercise_id] if session else []
    carried = mine[-1] if mine else None
    working = [s for s in mine if not s.is_warmup and _fits(s, slot)]
    suggestion = advice.suggestion if advice else None
    # The starting point is the routine's own numbers, already on the slot line.
    why = (
        f"Suggested {suggestion.reason}" if suggestion and suggestion.move is not Move.START else ""
    )
    previous = previous_text(advice.previous, unit) if advice and advice.previous else ""
    source = working[-1] if working else None
    if source is None and suggestion is not None:
        reps, weight, weight_unit = suggestion.reps, suggestion.weight, suggestion.unit
    else:
        source = source or last_set
        if source is None:
            reps, weight, weight_unit = slot.reps, None, unit
        else:
            reps, weight, weight_unit = source.reps, source.weight, source.unit
    return Offer(
        reps=reps,
        weight=weight,
        unit=weight_unit,
        rpe=carried.rpe if carried else None,
        warmup=carried.is_warmup if carried else False,
        why=why,
        previous=previous,
    )


def edit_offer(entry: SetEntry) -> Offer:
    """The set being redone, as it was logged."""
    return Offer(entry.reps, entry.weight, entry.unit, entry.rpe, entry.is_warmup)
