"""Plain-text renderings shared by the command line and the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipext_tui.domain.workout import Session, SessionSummary, SetEntry, Side, Unit

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Catalog


def counted(number: int, noun: str) -> str:
    """``1 run``, ``2 runs``, ``1 other activity``, ``1,200 sets``."""
    if number == 1:
        return f"1 {noun}"
    many = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number:,} {many}"


def format_number(value: float) -> str:
    """``16`` for whole numbers, ``42.5`` otherwise (no trailing zeros)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def format_weight(weight: float | None, unit: Unit) -> str:
    """``16 kg``, or ``bodyweight`` when there is no weight."""
    if not weight:
        return "bodyweight"
    return f"{format_number(weight)} {unit.value}"


def format_volume(volume: float, unit: Unit) -> str:
    """``1,240 kg`` (rounded to whole units, thousands separated)."""
    return f"{round(volume):,} {unit.value}"


def format_work(volume: float, unit: Unit, reps: int = 0, held_seconds: int = 0) -> str:
    """What was done: ``1,240 kg`` of load, or, with no load at all, ``40 reps`` (and
    ``, 80 s`` held) rather than ``0 kg``."""
    if round(volume) > 0 or not reps:
        return format_volume(volume, unit)
    text = f"{reps:,} rep{'s' if reps != 1 else ''}"
    return f"{text}, {held_seconds:,} s" if held_seconds else text


def session_name(session: Session | SessionSummary, catalog: Catalog) -> str:
    """The one name of a session, in the app and on the command line: its routine's, or,
    for a session that followed no routine, the first exercise done and how many more
    (``Deadlift +1``)."""
    if session.routine_id:
        try:
            return catalog.routine(session.routine_id).name
        except KeyError:
            return session.routine_id
    if isinstance(session, SessionSummary):
        seen = list(session.exercise_ids)
    else:
        seen = list(dict.fromkeys(entry.exercise_id for entry in session.sets))
    if not seen:
        return "(no sets)"
    exercise = catalog.get(seen[0])
    title = exercise.name if exercise else seen[0]
    return title if len(seen) == 1 else f"{title} +{len(seen) - 1}"


# The smallest step of common plates and dumbbells: a converted weight is shown to it.
PLATE_STEP = {Unit.KG: 0.5, Unit.LB: 1.0}


def shown_weight(entry: SetEntry, unit: Unit) -> float:
    """A set's weight as shown in ``unit``: exact in the unit it was logged in, else
    rounded to the plate step (16 kg shows as 35 lb, not 35.27); the store keeps it exact."""
    weight = entry.weight_in(unit)
    if unit is entry.unit:
        return weight
    step = PLATE_STEP[unit]
    return round(weight / step) * step


def format_set(entry: SetEntry, unit: Unit | None = None) -> str:
    """``10 reps x 16 kg, left leg, hold 2 s, RPE 8, pain: knee (warm-up)``, weights in ``unit``
    (by default the unit the set was logged in)."""
    unit = unit or entry.unit
    parts = [f"{entry.reps} rep{'s' if entry.reps != 1 else ''}"]
    if entry.weight:
        parts[0] += f" x {format_weight(shown_weight(entry, unit), unit)}"
    if entry.side is not Side.NONE:
        parts.append(entry.side.label.lower())
    if entry.seconds:
        parts.append(f"{entry.seconds} s")
    if entry.rpe is not None:
        parts.append(f"RPE {format_number(entry.rpe)}")
    if entry.pain is not None:
        parts.append(f"pain: {entry.pain.label}")
    text = ", ".join(parts)
    return f"{text} (warm-up)" if entry.is_warmup else text
