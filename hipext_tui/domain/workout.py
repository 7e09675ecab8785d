"""Sessions and sets, and the validation of what a user types for them.

A :class:`Session` is one workout: it starts, may end, may follow a routine, and holds
the :class:`SetEntry` rows logged during it. Both are immutable; changes produce new
values (``dataclasses.replace``). Every parse function raises :class:`ValidationError`
with a message short enough for one line of a terminal.

How they are stored (and exported) is defined in :mod:`hipext_tui.domain.stored`;
``to_dict`` / ``from_dict`` are shortcuts to it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from hipext_tui.domain.record import record
from hipext_tui.domain.text import one_line


class ValidationError(ValueError):
    """A value a user typed (or a file held) is not acceptable; ``str()`` is the message."""


class Side(StrEnum):
    """Which leg a set was done on; ``NONE`` for moves done on both legs at once."""

    LEFT = "left"
    RIGHT = "right"
    NONE = "none"

    @property
    def label(self) -> str:
        """How the side is named on screen ("Left leg")."""
        return {"left": "Left leg", "right": "Right leg", "none": "Both legs"}[self.value]


class Unit(StrEnum):
    """Weight unit."""

    KG = "kg"
    LB = "lb"


class SetType(StrEnum):
    """Warm-up sets never count for records; working sets do."""

    WORKING = "working"
    WARMUP = "warmup"


class BodyPart(StrEnum):
    """Where a "pain" flag on a set or a session says it hurt."""

    HAMSTRING = "hamstring"
    GLUTE = "glute"
    LOW_BACK = "low-back"
    KNEE = "knee"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the body part is named on screen ("low back")."""
        return self.value.replace("-", " ")


LB_PER_KG = 2.2046226218


def new_id(prefix: str) -> str:
    """A short random identifier, unique enough across processes and machines (the
    system's random bytes, as ``secrets`` would give, without importing it and hmac
    into the first write of every process)."""
    return f"{prefix}{os.urandom(6).hex()}"


@record
class SetEntry:
    """One logged set."""

    id: str
    exercise_id: str
    side: Side
    reps: int
    logged_at: datetime
    weight: float | None = None
    unit: Unit = Unit.KG
    seconds: int | None = None
    rpe: float | None = None
    set_type: SetType = SetType.WORKING
    # Kept last: the store's fast decoder builds sets positionally without it.
    pain: BodyPart | None = None

    @property
    def is_warmup(self) -> bool:
        """True for warm-up sets."""
        return self.set_type is SetType.WARMUP

    def weight_in(self, unit: Unit) -> float:
        """The weight converted to ``unit`` (0 for bodyweight sets)."""
        if self.weight is None:
            return 0.0
        if unit is self.unit:
            return self.weight
        return self.weight * LB_PER_KG if unit is Unit.LB else self.weight / LB_PER_KG

    def volume(self, unit: Unit) -> float:
        """Reps times weight in ``unit`` (0 for bodyweight sets)."""
        return self.reps * self.weight_in(unit)

    def to_dict(self) -> dict[str, Any]:
        """The stored form (:func:`hipext_tui.domain.stored.encode_set`)."""
        from hipext_tui.domain.stored import encode_set

        return encode_set(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> SetEntry:
        """Read the stored form; ValidationError naming the bad field."""
        from hipext_tui.domain.stored import decode_set

        return decode_set(raw)


@record
class Session:
    """One workout: the sets logged between a start and an (optional) end."""

    id: str
    start: datetime
    end: datetime | None = None
    routine_id: str | None = None
    notes: str = ""
    skipped: tuple[str, ...] = ()
    sets: tuple[SetEntry, ...] = field(default_factory=tuple)
    pain: BodyPart | None = None

    @property
    def is_finished(self) -> bool:
        """True once the session has an end time."""
        return self.end is not None

    def volume(self, unit: Unit) -> float:
        """Total reps x weight of working sets, in ``unit``.

        Sets are summed in the unit they were logged in and each total converted once
        (:func:`combine_volume`), so a :class:`SessionSummary` gives the same number
        without holding the sets.
        """
        kg, lb = _raw_volumes(self.sets)
        return combine_volume(kg, lb, unit)

    def with_set(self, entry: SetEntry) -> Session:
        """A copy with ``entry`` appended."""
        return replace(self, sets=(*self.sets, entry))

    def to_dict(self) -> dict[str, Any]:
        """The stored form (:func:`hipext_tui.domain.stored.encode_session`)."""
        from hipext_tui.domain.stored import encode_session

        return encode_session(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Session:
        """Read the stored form; ValidationError naming the session, set and field."""
        from hipext_tui.domain.stored import decode_session

        return decode_session(raw)


def combine_volume(kg: float, lb: float, unit: Unit) -> float:
    """Volume in ``unit`` from the raw totals (reps x weight as logged) of the sets logged
    in kilograms and of those logged in pounds."""
    if unit is Unit.KG:
        return kg + lb / LB_PER_KG
    return kg * LB_PER_KG + lb


def _raw_volumes(sets: Iterable[SetEntry]) -> tuple[float, float]:
    """(kg, lb): reps x weight summed over the working sets logged in each unit, in order."""
    kg = lb = 0.0
    for entry in sets:
        if entry.weight is None or entry.set_type is SetType.WARMUP:
            continue
        if entry.unit is Unit.KG:
            kg += entry.reps * entry.weight
        else:
            lb += entry.reps * entry.weight
    return kg, lb


SLOT_SECONDS = 900


def slot_of(moment: datetime) -> int:
    """The 15-minute UTC slot of an aware moment (every zone offset in use is a multiple
    of 15 minutes, so a whole slot always falls on one local day)."""
    return int(moment.timestamp()) // SLOT_SECONDS


@record
class SessionSummary:
    """What the history list and the streaks need from a session, without its sets.

    ``working_sets`` and ``warmup_sets`` count the sets; ``kg_volume`` and ``lb_volume``
    are reps x weight summed over the working sets logged in kilograms and in pounds (use
    :meth:`volume`); ``exercise_ids`` are the exercises in the order they first appear;
    ``slots`` are the distinct 15-minute UTC slots of the sets' timestamps, ascending
    (:func:`slot_of`), and ``slot_sets`` how many sets fall in each. ``bodyweight_reps``
    counts the reps of working sets without a load (the list shows them, not "0 kg").
    Build one with :func:`summarize`; the store keeps them ready.
    """

    id: str
    start: datetime
    end: datetime | None = None
    routine_id: str | None = None
    notes: str = ""
    working_sets: int = 0
    warmup_sets: int = 0
    kg_volume: float = 0.0
    lb_volume: float = 0.0
    exercise_ids: tuple[str, ...] = ()
    slots: tuple[int, ...] = ()
    slot_sets: tuple[int, ...] = ()
    bodyweight_reps: int = 0

    @property
    def total_sets(self) -> int:
        """Working and warm-up sets together."""
        return self.working_sets + self.warmup_sets

    def volume(self, unit: Unit) -> float:
        """Total reps x weight of working sets in ``unit``; equals :meth:`Session.volume`."""
        return combine_volume(self.kg_volume, self.lb_volume, unit)


def summarize(session: Session) -> SessionSummary:
    """The summary of ``session`` (pure). One pass over the sets, since every logged set
    makes a new summary of its session while the user waits for the write."""
    kg = lb = 0.0
    warmups = unloaded_reps = 0
    per_slot: dict[int, int] = {}
    exercises: dict[str, None] = {}
    for entry in session.sets:
        slot = int(entry.logged_at.timestamp()) // SLOT_SECONDS  # slot_of, inlined
        per_slot[slot] = per_slot.get(slot, 0) + 1
        exercises[entry.exercise_id] = None
        if entry.set_type is SetType.WARMUP:
            warmups += 1
        elif entry.weight is None:
            unloaded_reps += entry.reps
        else:
            # In order, as _raw_volumes sums them, so the totals agree to the bit.
            if entry.unit is Unit.KG:
                kg += entry.reps * entry.weight
            else:
                lb += entry.reps * entry.weight
            if not entry.weight:
                unloaded_reps += entry.reps
    slots = tuple(sorted(per_slot))
    return SessionSummary(
        id=session.id,
        start=session.start,
        end=session.end,
        routine_id=session.routine_id,
        notes=session.notes,
        working_sets=len(session.sets) - warmups,
        warmup_sets=warmups,
        kg_volume=kg,
        lb_volume=lb,
        exercise_ids=tuple(exercises),
        slots=slots,
        slot_sets=tuple(per_slot[s] for s in slots),
        bodyweight_reps=unloaded_reps,
    )


def sorted_sets(sessions: Iterable[Session]) -> list[SetEntry]:
    """All sets of ``sessions`` in the order they were logged."""
    return sorted((s for sess in sessions for s in sess.sets), key=lambda s: s.logged_at)


# ---------------------------------------------------------------------------
# Parsing what a user types. Each returns the clean value or raises ValidationError.


# The ranges a value must fall in, whether typed by a user or read from a file.
REPS_RANGE = (1, 1000)
WEIGHT_RANGE = (0, 1000)
WEIGHT_RANGE_LB = (0, 2205)  # 1000 kg: the most a stored set in pounds may hold
SECONDS_RANGE = (1, 3600)
RPE_RANGE = (1, 10)


def parse_reps(text: str | int) -> int:
    """Reps: a whole number from 1 to 1000 (``13.0`` from an import is accepted)."""
    value = _parse_number(text, "reps", *REPS_RANGE, whole=True)
    if value is None:
        raise ValidationError("reps: enter a whole number from 1 to 1000")
    return int(value)


def parse_weight(text: str | float | None) -> float | None:
    """Weight: 0 to 1000, decimal point or comma (``42.5`` or ``42,5``); blank is none."""
    value = _parse_number(text, "weight", *WEIGHT_RANGE, whole=False)
    return None if value is None else round(value, 3)


def parse_seconds(text: str | int | None) -> int | None:
    """Seconds held: a whole number from 1 to 3600; blank is none."""
    value = _parse_number(text, "seconds", *SECONDS_RANGE, whole=True)
    return None if value is None else int(value)


def parse_rpe(text: str | float | None) -> float | None:
    """RPE (rate of perceived exertion): 1 to 10, halves allowed; blank is none."""
    return _parse_number(text, "RPE", *RPE_RANGE, whole=False)


def _parse_number(
    text: str | float | None, label: str, low: int, high: int, *, whole: bool
) -> float | None:
    """A number typed by a user (point or comma), in ``low..high``; None when blank."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    kind = "a whole number" if whole else "a number"
    shown_raw = one_line(raw)
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise ValidationError(f"{label}: '{shown_raw}' is not {kind} ({low} to {high})") from None
    if whole and not (math.isfinite(value) and value == int(value)):
        raise ValidationError(f"{label}: '{shown_raw}' is not {kind} ({low} to {high})")
    if not low <= value <= high:  # NaN fails this test too
        shown = str(int(value)) if whole else shown_raw
        raise ValidationError(f"{label}: {shown} is out of range ({low} to {high})")
    return value


def parse_pain(text: str | None) -> BodyPart | None:
    """A body part for a pain flag: hamstring, glute, low back, knee or other; blank is none.

    A unique start is enough ("ham", "low"), and "low back" may be written with a space.
    """
    raw = (text or "").strip().lower().replace(" ", "-").replace("_", "-")
    if not raw:
        return None
    matches = [part for part in BodyPart if part.value.startswith(raw)]
    if len(matches) != 1:
        names = ", ".join(part.label for part in BodyPart)
        raise ValidationError(f"pain: '{one_line(str(text))}' is not one of {names}")
    return matches[0]


def parse_note(text: str | None) -> str:
    """A session note: one line of at most 500 characters (blank is none)."""
    raw = one_line((text or "").strip())
    if len(raw) > NOTE_LENGTH:
        raise ValidationError(f"note: {len(raw)} characters is too long (at most {NOTE_LENGTH})")
    return raw


NOTE_LENGTH = 500


def parse_unit(text: str) -> Unit:
    """``kg`` or ``lb`` (``lbs`` accepted)."""
    raw = text.strip().lower()
    if raw == "lbs":
        raw = "lb"
    try:
        return Unit(raw)
    except ValueError:
        raise ValidationError(f"unit: '{one_line(text)}' is not kg or lb") from None


def parse_side(text: str | None) -> Side:
    """``left``, ``right`` or ``none`` (blank); ``l`` and ``r`` are accepted."""
    raw = (text or "none").strip().lower()
    raw = {"l": "left", "r": "right", "": "none", "both": "none"}.get(raw, raw)
    try:
        return Side(raw)
    except ValueError:
        raise ValidationError(f"side: '{one_line(str(text))}' is not left, right or none") from None


EARLIEST_YEAR = 1900  # older dates are typos, and near year 1 date arithmetic overflows
LATEST_YEAR = 2200  # what an import may hold: near year 9999 a far zone overflows


def check_not_future(moment: datetime, now: datetime) -> datetime:
    """Refuse timestamps after ``now`` (a minute of clock skew is tolerated) or before 1900."""
    # The year first: subtracting across two millennia overflows some datetime types.
    if moment.year < EARLIEST_YEAR:
        raise ValidationError(f"time: {moment.isoformat()} is before {EARLIEST_YEAR}")
    if moment > now + timedelta(seconds=60):
        raise ValidationError(f"time: {moment.isoformat()} is in the future")
    return moment
