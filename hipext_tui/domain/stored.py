"""The stored form of sessions and sets: the one place that says how they are written.

A session is stored as one JSON object with its sets inside::

    {"id": "ses-1", "start": "2026-11-03T07:00:00+01:00", "end": null,
     "routine_id": "runner-hips", "notes": "", "skipped": [],
     "sets": [{"id": "st-1", "exercise_id": "deadlift", "side": "none", "reps": 8,
               "weight": 40.0, "unit": "kg", "seconds": null, "rpe": null,
               "set_type": "working", "at": "2026-11-03T07:05:00+01:00"}]}

The store's month files, hipext's own export and its import all use this form.
:func:`decode_session` and :func:`decode_summary` read it back with the checks a user's
input gets (reps 1 to 1000, weight 0 to 1000, seconds 1 to 3600, RPE 1 to 10, aware
timestamps from 1900 on), so a hand-edited file is refused with a message naming the
session, the set and the field rather than read, rewritten or exported.
:func:`summary_row` / :func:`summary_from_row` are the plain form of a
:class:`SessionSummary` kept in the summary cache.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hipext_tui.domain.text import one_line
from hipext_tui.domain.workout import (
    EARLIEST_YEAR,
    REPS_RANGE,
    RPE_RANGE,
    SECONDS_RANGE,
    SLOT_SECONDS,
    WEIGHT_RANGE,
    WEIGHT_RANGE_LB,
    BodyPart,
    Session,
    SessionSummary,
    SetEntry,
    SetType,
    Side,
    Unit,
    ValidationError,
)

_SIDES = {s.value: s for s in Side}
_UNITS = {u.value: u for u in Unit}
_SET_TYPES = {t.value: t for t in SetType}

# (id, exercise_id, side, reps, logged_at, weight, unit, seconds, rpe, set_type, pain),
# checked.
_SetValues = tuple[str, str, Side, int, datetime, float | None, Unit, int | None, float | None,
                   SetType, BodyPart | None]  # fmt: skip
_BODY_PARTS = {p.value: p for p in BodyPart}


# -- writing -------------------------------------------------------------------------
def encode_set(entry: SetEntry) -> dict[str, Any]:
    """The stored form of one set."""
    return {
        "id": entry.id,
        "exercise_id": entry.exercise_id,
        "side": entry.side.value,
        "reps": entry.reps,
        "weight": entry.weight,
        "unit": entry.unit.value,
        "seconds": entry.seconds,
        "rpe": entry.rpe,
        "set_type": entry.set_type.value,
        "at": entry.logged_at.isoformat(),
    } | _pain_field(entry.pain)


def encode_session(session: Session) -> dict[str, Any]:
    """The stored form of one session, its sets inside."""
    return {
        "id": session.id,
        "start": session.start.isoformat(),
        "end": session.end.isoformat() if session.end else None,
        "routine_id": session.routine_id,
        "notes": session.notes,
        "skipped": list(session.skipped),
        "sets": [encode_set(s) for s in session.sets],
    } | _pain_field(session.pain)


def checked_set(entry: SetEntry) -> dict[str, Any]:
    """The stored form of ``entry``; ValidationError if it would not read back equal."""
    raw = encode_set(entry)
    # Compare stored forms, not datetimes: Python never finds a time in the hour repeated
    # when clocks go back equal to the same instant read back with a fixed offset.
    if encode_set(decode_set(raw)) != raw:
        raise ValidationError(f"set '{one_line(entry.id)}': does not survive saving")
    return raw


def checked_session(session: Session) -> dict[str, Any]:
    """The stored form of ``session``, checked to read back equal, with unique set ids."""
    raw = encode_session(session)
    if encode_session(decode_session(raw)) != raw:
        raise ValidationError(f"session '{one_line(session.id)}': does not survive saving")
    ids = [s.id for s in session.sets]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"session '{one_line(session.id)}': two sets share an id")
    return raw


# -- reading -------------------------------------------------------------------------
def decode_set(raw: Any) -> SetEntry:
    """One stored set; ValidationError naming the bad field."""
    return SetEntry(*_set_values(raw))


def decode_session(raw: Any) -> Session:
    """One stored session; ValidationError naming the session, the set and the field."""
    session_id, start, end, routine_id, notes, skipped, sets = _session_fields(raw)
    return Session(
        id=session_id,
        start=start,
        end=end,
        routine_id=routine_id,
        notes=notes,
        skipped=skipped,
        sets=tuple(SetEntry(*values) for values in _sets_of(session_id, sets)),
        pain=_session_pain(session_id, raw),
    )


def decode_summary(raw: Any) -> SessionSummary:
    """``summarize(decode_session(raw))`` without building the sets (same checks)."""
    session_id, start, end, routine_id, notes, _skipped, sets = _session_fields(raw)
    warmup_type, kg_unit = SetType.WARMUP, Unit.KG
    kg = lb = 0.0
    warmups = bodyweight_reps = 0
    per_slot: dict[int, int] = {}
    exercises: dict[str, None] = {}
    rows = _sets_of(session_id, sets)
    _session_pain(session_id, raw)  # checked as decode_session checks it
    for _id, exercise_id, _side, reps, logged_at, weight, unit, _s, _rpe, set_type, _p in rows:
        slot = int(logged_at.timestamp()) // SLOT_SECONDS
        per_slot[slot] = per_slot.get(slot, 0) + 1
        exercises[exercise_id] = None
        if set_type is warmup_type:
            warmups += 1
        elif not weight:
            bodyweight_reps += reps
        else:
            # Summed as Session.volume sums them: in the order logged, per unit.
            if unit is kg_unit:
                kg += reps * weight
            else:
                lb += reps * weight
    slots = tuple(sorted(per_slot))
    return SessionSummary(
        id=session_id,
        start=start,
        end=end,
        routine_id=routine_id,
        notes=notes,
        working_sets=len(rows) - warmups,
        warmup_sets=warmups,
        kg_volume=kg,
        lb_volume=lb,
        exercise_ids=tuple(exercises),
        slots=slots,
        slot_sets=tuple(per_slot[s] for s in slots),
        bodyweight_reps=bodyweight_reps,
    )


def _session_fields(
    raw: Any,
) -> tuple[str, datetime, datetime | None, str | None, str, tuple[str, ...], list[Any]]:
    if type(raw) is not dict:
        raise ValidationError(f"a session must be an object, found {kind_of(raw)}")
    session_id = raw.get("id")
    if type(session_id) is not str or not session_id:
        found = _shown(session_id)
        raise ValidationError(f"session: 'id' must be a non-empty string, found {found}")
    where = f"session '{one_line(session_id)}'"
    try:
        start = _stamp(raw.get("start"), "start")
        end_value = raw.get("end")
        end = _stamp(end_value, "end") if end_value else None
        routine_id = raw.get("routine_id") or None
        if routine_id is not None and type(routine_id) is not str:
            raise ValidationError(f"'routine_id' must be a string, found {_shown(routine_id)}")
        notes = raw.get("notes") or ""
        if type(notes) is not str:
            raise ValidationError(f"'notes' must be a string, found {_shown(notes)}")
        skipped = raw.get("skipped", [])
        if type(skipped) is not list or any(type(s) is not str for s in skipped):
            raise ValidationError("'skipped' must be a list of exercise ids")
        sets = raw.get("sets", [])
        if type(sets) is not list:
            raise ValidationError(f"'sets' must be a list, found {kind_of(sets)}")
    except ValidationError as exc:
        raise ValidationError(f"{where}: {exc}") from None
    return session_id, start, end, routine_id, notes, tuple(skipped), sets


def _sets_of(session_id: str, sets: list[Any]) -> list[_SetValues]:
    rows: list[_SetValues] = []
    for number, raw in enumerate(sets, 1):
        try:
            rows.append(_set_values(raw))
        except ValidationError as exc:
            set_id = raw.get("id") if type(raw) is dict else None
            label = f"set {number}" + (f" ('{one_line(set_id)}')" if type(set_id) is str else "")
            raise ValidationError(f"session '{one_line(session_id)}': {label}: {exc}") from None
    return rows


def _set_values(raw: Any) -> _SetValues:
    if type(raw) is not dict:
        raise ValidationError(f"a set must be an object, found {kind_of(raw)}")
    get = raw.get
    set_id, exercise_id = get("id"), get("exercise_id")
    if type(set_id) is not str or not set_id:
        raise ValidationError(f"'id' must be a non-empty string, found {_shown(set_id)}")
    if type(exercise_id) is not str or not exercise_id:
        found = _shown(exercise_id)
        raise ValidationError(f"'exercise_id' must be a non-empty string, found {found}")
    side = _SIDES.get(get("side", "none"))
    if side is None:
        raise ValidationError(f"'side': {_shown(get('side'))} is not left, right or none")
    unit = _UNITS.get(get("unit", "kg"))
    if unit is None:
        raise ValidationError(f"'unit': {_shown(get('unit'))} is not kg or lb")
    set_type = _SET_TYPES.get(get("set_type", "working"))
    if set_type is None:
        raise ValidationError(f"'set_type': {_shown(get('set_type'))} is not working or warmup")
    reps = get("reps")
    if type(reps) is not int:
        raise ValidationError(f"'reps' must be a whole number, found {_shown(reps)}")
    _check_range("reps", reps, REPS_RANGE)
    # Imports may hold pounds up to the same 1000 kg (a leg press of 1,100 lb is real).
    weight = _number(get("weight"), "weight", WEIGHT_RANGE if unit is Unit.KG else WEIGHT_RANGE_LB)
    seconds = get("seconds")
    if seconds is not None:
        if type(seconds) is not int:
            raise ValidationError(f"'seconds' must be a whole number, found {_shown(seconds)}")
        _check_range("seconds", seconds, SECONDS_RANGE)
    rpe = _number(get("rpe"), "rpe", RPE_RANGE)
    logged_at = _stamp(get("at"), "at")
    pain = _pain(get("pain"))
    return set_id, exercise_id, side, reps, logged_at, weight, unit, seconds, rpe, set_type, pain


# -- pain flags: written only when raised, so files without them keep their form ------
def _pain_field(pain: BodyPart | None) -> dict[str, str]:
    return {} if pain is None else {"pain": pain.value}


def _pain(value: Any) -> BodyPart | None:
    if value is None:
        return None
    part = _BODY_PARTS.get(value) if type(value) is str else None
    if part is None:
        names = ", ".join(_BODY_PARTS)
        raise ValidationError(f"'pain': {_shown(value)} is not one of {names}")
    return part


def _session_pain(session_id: str, raw: dict[str, Any]) -> BodyPart | None:
    try:
        return _pain(raw.get("pain"))
    except ValidationError as exc:
        raise ValidationError(f"session '{one_line(session_id)}': {exc}") from None


def _number(value: Any, key: str, bounds: tuple[int, int]) -> float | None:
    if value is None:
        return None
    kind = type(value)
    if kind is not float and kind is not int:
        raise ValidationError(f"'{key}' must be a number, found {_shown(value)}")
    _check_range(key, value, bounds)
    return float(value)


def _check_range(key: str, value: float, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:  # NaN fails this test too
        shown = f"{value:g}" if isinstance(value, float) else _short_int(value)
        raise ValidationError(f"'{key}': {shown} is out of range ({low} to {high})")


def _short_int(value: int) -> str:
    text = str(value) if abs(value) < 10**15 else f"{float(value):g}"
    return text


def _stamp(value: Any, key: str) -> datetime:
    if type(value) is not str:
        raise ValidationError(f"'{key}' must be an ISO-8601 timestamp, found {_shown(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"'{key}': {_shown(value)} is not an ISO-8601 timestamp") from None
    if moment.tzinfo is None:
        raise ValidationError(f"'{key}': {_shown(value)} has no UTC offset")
    if moment.year < EARLIEST_YEAR:
        raise ValidationError(f"'{key}': {_shown(value)} is before {EARLIEST_YEAR}")
    return moment


def _shown(value: Any) -> str:
    """A stored value quoted for a one-line message (long ones cut short)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = one_line(repr(value) if not isinstance(value, str) else f"'{value}'")
    return text if len(text) <= 40 else text[:37] + "..."


def kind_of(value: Any) -> str:
    """What a JSON value is, in words ("a list", "null"), for messages."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "an object"


# -- the summary cache's form ----------------------------------------------------------
SummaryRow = tuple[Any, ...]


def summary_row(summary: SessionSummary) -> list[Any]:
    """A summary as plain JSON values."""
    return [
        summary.id,
        summary.start.isoformat(),
        summary.end.isoformat() if summary.end else None,
        summary.routine_id,
        summary.notes,
        summary.working_sets,
        summary.warmup_sets,
        summary.kg_volume,
        summary.lb_volume,
        list(summary.exercise_ids),
        list(summary.slots),
        list(summary.slot_sets),
        summary.bodyweight_reps,
    ]


def summary_from_row(row: Sequence[Any]) -> SessionSummary:
    """A summary back from :func:`summary_row`; ValueError on anything unexpected."""
    if type(row) is not list or len(row) != 13:
        raise ValueError("not a summary row")
    (session_id, start, end, routine_id, notes, working, warmups, kg, lb, exercises, slots,
     slot_sets, bodyweight_reps) = row  # fmt: skip
    if not (
        type(session_id) is str
        and session_id
        and type(start) is str
        and (end is None or type(end) is str)
        and (routine_id is None or type(routine_id) is str)
        and type(notes) is str
        and type(working) is int
        and type(warmups) is int
        and working >= 0
        and warmups >= 0
        and type(kg) is float
        and type(lb) is float
        and math.isfinite(kg)
        and math.isfinite(lb)
        and type(exercises) is list
        and all(type(e) is str and e for e in exercises)
        and type(slots) is list
        and type(slot_sets) is list
        and len(slots) == len(slot_sets)
        and all(type(s) is int for s in slots)
        and all(type(n) is int and n > 0 for n in slot_sets)
        and sum(slot_sets) == working + warmups
        and type(bodyweight_reps) is int
        and bodyweight_reps >= 0
    ):
        raise ValueError("not a summary row")
    start_at = _stamp(start, "start")
    end_at = _stamp(end, "end") if end else None
    return SessionSummary(
        id=session_id,
        start=start_at,
        end=end_at,
        routine_id=routine_id,
        notes=notes,
        working_sets=working,
        warmup_sets=warmups,
        kg_volume=kg,
        lb_volume=lb,
        exercise_ids=tuple(exercises),
        slots=tuple(slots),
        slot_sets=tuple(slot_sets),
        bodyweight_reps=bodyweight_reps,
    )
