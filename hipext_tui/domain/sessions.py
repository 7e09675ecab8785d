"""The rules about sessions that every front end shares, each written once.

* **Placement**: which session a new set joins (:func:`place_set`). A set either goes to
  a session named by the caller (the guided view's running workout) or to the session of
  its training day (``hipext log``, a backfilled set), and a new one is made when there
  is none. A set logged earlier than its session's start moves that start back.
* **Resume**: whether a stored session can be continued (:func:`resumable`).
* **Sides**: whether a side fits an exercise (:func:`check_side`).
* **Prefill**: what the entry fields offer before a set (:func:`prefill_from`).
* **Estimate**: how long a plan takes (:func:`estimate_minutes`).

The store applies a :class:`Placement` inside its lock, to what is on disk at that
moment; this module only decides, so the rule is tested without files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from datetime import datetime

from hipext_tui.domain.catalog import Exercise
from hipext_tui.domain.guide import Plan, Slot, session_progress
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import Session, SetEntry, Side, Unit, ValidationError, new_id

__all__ = [
    "Placement",
    "SessionTarget",
    "check_side",
    "estimate_minutes",
    "place_set",
    "prefill_from",
    "resumable",
]

# A rough length of one set on one side, before its rest.
WORK_SECONDS_PER_SLOT = 45


@record
class SessionTarget:
    """Where the caller wants a set (or a skip) to go.

    ``session_id`` names one session: the one being worked through. When it is not
    stored (the first set of a new workout, or another window deleted it) a session with
    that id is made, starting at ``start`` and following ``routine_id``. Without a
    ``session_id`` the set joins the latest session of its training day, and a new
    session (id ``new_id``) is made when that day has none; ``finished`` makes that new
    session end when it starts (a backfilled workout).
    """

    session_id: str | None = None
    routine_id: str | None = None
    start: datetime | None = None
    finished: bool = False
    new_id: str = field(default_factory=lambda: new_id("ses-"))

    @classmethod
    def running(cls, session_id: str, start: datetime, routine_id: str | None) -> SessionTarget:
        """The workout being walked through in the guided view."""
        return cls(session_id=session_id, routine_id=routine_id, start=start)

    @classmethod
    def day_of_set(cls, *, finished: bool = False) -> SessionTarget:
        """The session of the set's own training day (``hipext log``, a backfill)."""
        return cls(finished=finished)


@record
class Placement:
    """What the store must do for one new set.

    ``create`` is a new session to insert (holding the set already); otherwise the set
    is appended to ``session_id`` and, when ``new_start`` is given, that session's start
    moves back to it.
    """

    session_id: str
    create: Session | None = None
    new_start: datetime | None = None


def place_set(entry: SetEntry, target: SessionTarget, found: Session | None) -> Placement:
    """Decide where ``entry`` goes.

    ``found`` is what the store holds for the target, read under its lock: the session
    named by ``target.session_id``, or the latest session of the entry's training day.
    """
    if found is None:
        start = entry.logged_at if target.start is None else min(target.start, entry.logged_at)
        session = Session(
            id=target.session_id or target.new_id,
            start=start,
            end=start if target.finished else None,
            routine_id=target.routine_id,
            sets=(entry,),
        )
        return Placement(session.id, create=session)
    if any(s.id == entry.id for s in found.sets):
        raise ValidationError(f"set '{entry.id}' is already in session '{found.id}'")
    new_start = entry.logged_at if entry.logged_at < found.start else None
    return Placement(found.id, new_start=new_start)


def empty_session(target: SessionTarget, now: datetime) -> Session:
    """The session made when a workout is changed (a skip) before any set is logged."""
    return Session(
        id=target.session_id or target.new_id,
        start=target.start or now,
        routine_id=target.routine_id,
    )


def resumable(session: Session | None, plan: Plan | None) -> bool:
    """True when ``session`` is an unfinished workout of ``plan`` with sets still to do."""
    if session is None or session.is_finished or not session.routine_id or plan is None:
        return False
    if plan.routine_id != session.routine_id:
        return False
    return not session_progress(plan, session).complete


def check_side(exercise: Exercise, side: Side, *, how: str = "") -> None:
    """ValidationError when ``side`` does not fit ``exercise`` (one leg or both).

    ``how`` ends the message with what to do in the caller's terms (a flag, a field).
    """
    if exercise.one_sided and side is Side.NONE:
        hint = how or "choose left or right"
        raise ValidationError(f"{exercise.name} is one-sided, done one side at a time: {hint}")
    if not exercise.one_sided and side is not Side.NONE:
        hint = how and f": {how}"
        raise ValidationError(f"{exercise.name} uses both legs together{hint}")


def prefill_from(
    recent: Iterable[SetEntry], slot: Slot, unit: Unit
) -> tuple[int, float | None, SetEntry | None]:
    """The reps and weight to offer for ``slot``, and the set they came from.

    ``recent`` yields earlier sets of the slot's exercise, newest first. Warm-up sets are
    passed over (their lighter loads would be a poor offer). The latest working set on
    the slot's side wins; else the latest on any other side; else the
    slot's target reps and no weight. Weights are converted to ``unit`` and rounded to
    0.1, except that a set logged in ``unit`` is offered exactly as logged.
    """
    fallback: SetEntry | None = None
    chosen: SetEntry | None = None
    for entry in recent:
        if entry.exercise_id != slot.exercise_id or entry.is_warmup:
            continue
        if entry.side is slot.side:
            chosen = entry
            break
        if fallback is None:
            fallback = entry
    source = chosen or fallback
    if source is None:
        return slot.reps, None, None
    if source.weight is None:
        return source.reps, None, source
    if source.unit is unit:
        return source.reps, source.weight, source
    return source.reps, round(source.weight_in(unit), 1), source


def estimate_minutes(plan: Plan) -> int:
    """A rough length of ``plan``: 45 s of work per set and side plus the rests."""
    seconds = sum(WORK_SECONDS_PER_SLOT + plan.rest_after(slot) for slot in plan.slots)
    return max(1, round(seconds / 60))
