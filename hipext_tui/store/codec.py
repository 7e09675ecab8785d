"""Turning stored session documents into Session objects, quickly.

:func:`decode_session` is a fast path for :meth:`Session.from_dict`: it accepts exactly
the documents ``from_dict`` accepts and builds equal objects, and on anything unusual it
hands over to ``from_dict``, so an error message is always the domain's own.

The work is split in two steps so that the sidecar cache (:mod:`.cache`) can store the
middle form: :func:`parts_of` flattens a document into plain tuples (cheap to marshal),
and :func:`session_from_parts` checks the values and builds the objects.

:func:`decode_summary` and :func:`summary_from_parts` do the same checks but build only
a :class:`SessionSummary` (no :class:`SetEntry` objects): that is what start-up and the
history list need. :func:`summary_row` / :func:`summary_from_row` are the summary's
plain-tuple form for the cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from hipext_tui.domain import stored
from hipext_tui.domain.workout import (
    SLOT_SECONDS,
    Session,
    SessionSummary,
    SetEntry,
    SetType,
    Side,
    Unit,
)

# (id, exercise_id, side, reps, at, weight, unit, seconds, rpe, set_type), as stored.
SetRow = tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]
# (id, start, end, routine_id, notes, skipped, sets), as stored.
SessionParts = tuple[Any, Any, Any, Any, Any, tuple[Any, ...], tuple[SetRow, ...]]
# (id, start, end, routine_id, notes, working, warm-up, kg, lb, exercises, slots, slot sets).
SummaryRow = tuple[Any, ...]

_SIDES = {s.value: s for s in Side}
_UNITS = {u.value: u for u in Unit}
_SET_TYPES = {t.value: t for t in SetType}
_from_iso = datetime.fromisoformat

# The hot loop builds SetEntry positionally (a third faster than keywords); that is only
# safe while the field order is the one below, so it is checked once at import.
_POSITIONAL = tuple(f.name for f in fields(SetEntry)) == (
    "id",
    "exercise_id",
    "side",
    "reps",
    "logged_at",
    "weight",
    "unit",
    "seconds",
    "rpe",
    "set_type",
)


def decode_session(raw: Mapping[str, Any]) -> Session:
    """``Session.from_dict(raw)``, several times faster for well-formed documents."""
    return stored.decode_session(raw)


def parts_of(raw: Mapping[str, Any]) -> SessionParts:
    """A stored session document as plain tuples; raises on an unusual shape."""
    sets = raw.get("sets", [])
    skipped = raw.get("skipped", [])
    if type(sets) is not list or type(skipped) is not list:
        raise ValueError("not the common form")
    return (
        raw["id"],
        raw["start"],
        raw.get("end"),
        raw.get("routine_id"),
        raw.get("notes"),
        tuple(skipped),
        tuple(
            (
                s["id"],
                s["exercise_id"],
                s.get("side", "none"),
                s["reps"],
                s["at"],
                s.get("weight"),
                s.get("unit", "kg"),
                s.get("seconds"),
                s.get("rpe"),
                s.get("set_type", "working"),
            )
            for s in sets
        ),
    )


def _session_times(
    session_id: Any, start_text: Any, end_value: Any
) -> tuple[datetime, datetime | None]:
    """The checks both builders share: an id, and aware start/end timestamps."""
    if not (
        type(session_id) is str
        and session_id
        and type(start_text) is str
        and (not end_value or type(end_value) is str)
    ):
        raise ValueError("not the common form")
    start = _from_iso(start_text)
    end = _from_iso(end_value) if end_value else None
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise ValueError("no offset")
    return start, end


def session_from_parts(parts: SessionParts) -> Session:
    """Check and build one session; ValueError (or KeyError...) on anything unusual."""
    session_id, start_text, end_value, routine_id, notes, skipped, set_rows = parts
    start, end = _session_times(session_id, start_text, end_value)
    return Session(
        id=session_id,
        start=start,
        end=end,
        routine_id=str(routine_id) if routine_id else None,
        notes=str(notes or ""),
        skipped=tuple(str(s) for s in skipped),
        sets=_sets_from_rows(set_rows),
    )


def _sets_from_rows(rows: tuple[SetRow, ...]) -> tuple[SetEntry, ...]:
    sides, units, set_types, from_iso = _SIDES, _UNITS, _SET_TYPES, _from_iso
    out: list[SetEntry] = []
    append = out.append
    for set_id, exercise_id, side, reps, at, weight, unit, seconds, rpe, set_type in rows:
        if not (
            type(set_id) is str
            and set_id
            and type(exercise_id) is str
            and exercise_id
            and type(reps) is int
            and (weight is None or type(weight) is float or type(weight) is int)
            and (seconds is None or type(seconds) is int)
            and (rpe is None or type(rpe) is float or type(rpe) is int)
        ):
            raise ValueError("not the common form")
        logged_at = from_iso(at)
        if logged_at.tzinfo is None:
            raise ValueError("no offset")
        if weight is not None:
            weight = float(weight)
        if rpe is not None:
            rpe = float(rpe)
        if _POSITIONAL:
            append(
                SetEntry(
                    set_id,
                    exercise_id,
                    sides[side],
                    reps,
                    logged_at,
                    weight,
                    units[unit],
                    seconds,
                    rpe,
                    set_types[set_type],
                )
            )
        else:  # pragma: no cover - only if the domain reorders SetEntry's fields
            append(
                SetEntry(
                    id=set_id,
                    exercise_id=exercise_id,
                    side=sides[side],
                    reps=reps,
                    logged_at=logged_at,
                    weight=weight,
                    unit=units[unit],
                    seconds=seconds,
                    rpe=rpe,
                    set_type=set_types[set_type],
                )
            )
    return tuple(out)


def decode_summary(raw: Mapping[str, Any]) -> SessionSummary:
    """``summarize(Session.from_dict(raw))`` without building the sets; raises the same
    ValidationError for a bad document."""
    return stored.decode_summary(raw)


def summary_from_parts(parts: SessionParts) -> SessionSummary:
    """Check a flattened session exactly as :func:`session_from_parts` does and summarize
    it; ValueError (or KeyError...) on anything unusual."""
    session_id, start_text, end_value, routine_id, notes, _skipped, set_rows = parts
    start, end = _session_times(session_id, start_text, end_value)
    sides, units, set_types, from_iso = _SIDES, _UNITS, _SET_TYPES, _from_iso
    kg_unit, warmup_type = Unit.KG, SetType.WARMUP
    kg = lb = 0.0
    warmups = 0
    per_slot: dict[int, int] = {}
    exercises: dict[str, None] = {}
    for set_id, exercise_id, side, reps, at, weight, unit, seconds, rpe, set_type in set_rows:
        # The same checks, in the same terms, as _sets_from_rows: a document this accepts
        # must build as a Session too.
        if not (
            type(set_id) is str
            and set_id
            and type(exercise_id) is str
            and exercise_id
            and type(reps) is int
            and (weight is None or type(weight) is float or type(weight) is int)
            and (seconds is None or type(seconds) is int)
            and (rpe is None or type(rpe) is float or type(rpe) is int)
        ):
            raise ValueError("not the common form")
        if side not in sides or unit not in units or set_type not in set_types:
            raise ValueError("unknown side, unit or set type")
        logged_at = from_iso(at)
        if logged_at.tzinfo is None:
            raise ValueError("no offset")
        slot = int(logged_at.timestamp()) // SLOT_SECONDS
        per_slot[slot] = per_slot.get(slot, 0) + 1
        exercises[exercise_id] = None
        if set_types[set_type] is warmup_type:
            warmups += 1
        elif weight is not None:
            # Summed as Session.volume sums them: float weights, in the order logged.
            if units[unit] is kg_unit:
                kg += reps * float(weight)
            else:
                lb += reps * float(weight)
    slots = tuple(sorted(per_slot))
    return SessionSummary(
        id=session_id,
        start=start,
        end=end,
        routine_id=str(routine_id) if routine_id else None,
        notes=str(notes or ""),
        working_sets=len(set_rows) - warmups,
        warmup_sets=warmups,
        kg_volume=kg,
        lb_volume=lb,
        exercise_ids=tuple(exercises),
        slots=slots,
        slot_sets=tuple(per_slot[slot] for slot in slots),
    )


def summary_row(summary: SessionSummary) -> SummaryRow:
    """The summary as plain values (for marshal)."""
    return (
        summary.id,
        summary.start.isoformat(),
        summary.end.isoformat() if summary.end else None,
        summary.routine_id,
        summary.notes,
        summary.working_sets,
        summary.warmup_sets,
        summary.kg_volume,
        summary.lb_volume,
        summary.exercise_ids,
        summary.slots,
        summary.slot_sets,
    )


def summary_from_row(row: SummaryRow) -> SessionSummary:
    """A summary back from :func:`summary_row`; ValueError on anything unexpected."""
    (
        session_id,
        start_text,
        end_text,
        routine_id,
        notes,
        working,
        warmups,
        kg,
        lb,
        exercises,
        slots,
        slot_sets,
    ) = row
    if not (
        type(session_id) is str
        and type(start_text) is str
        and (end_text is None or type(end_text) is str)
        and (routine_id is None or type(routine_id) is str)
        and type(notes) is str
        and type(working) is int
        and type(warmups) is int
        and type(kg) is float
        and type(lb) is float
        and type(exercises) is tuple
        and type(slots) is tuple
        and type(slot_sets) is tuple
        and len(slots) == len(slot_sets)
    ):
        raise ValueError("not a summary row")
    return SessionSummary(
        id=session_id,
        start=_from_iso(start_text),
        end=_from_iso(end_text) if end_text else None,
        routine_id=routine_id,
        notes=notes,
        working_sets=working,
        warmup_sets=warmups,
        kg_volume=kg,
        lb_volume=lb,
        exercise_ids=exercises,
        slots=slots,
        slot_sets=slot_sets,
    )
