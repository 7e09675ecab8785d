"""The guided-session state machine: what comes next, when to rest, when the routine is done.

A routine is unrolled into a :class:`Plan`: an ordered tuple of :class:`Slot`, one per
set and side. A one-sided move walks left then right for every set, so the built-in
routine (3 one-sided sets, 3 sets, 3 one-sided sets, 2 sets, 3 sets) has
3*2 + 3 + 3*2 + 2 + 3 = 20 slots.

Which slots are done is derived only from what the session stores (its sets and its
skipped exercise ids), never from screen state, so restarting after a crash gives the
same next slot (:func:`progress` / :func:`session_progress`).

Counting rule
    Slot ``k`` of an exercise (and side) is done once at least ``k`` working sets of that
    exercise (on that side) are logged in the session. Warm-up sets never count; extra
    sets beyond the plan do no harm. For a move done on both legs, the side a set was
    logged with does not matter. For a one-sided move, a set logged without a side
    (``Side.NONE``, e.g. from ``hipext log`` without ``--side``) counts for neither side.
    When a user routine lists the same exercise twice, the second item's slots start
    counting after the first item's sets (its set 1 needs ``sets_of_first + 1`` sets).
    Every slot of an exercise whose id is in the session's ``skipped`` list, and that is
    not already done by a logged set, is done by skip.

Rest rule
    * After the left side of a one-sided move there is no rest: the right side of the
      same set follows at once ("switch sides").
    * Rest starts after each completed set (for a one-sided move, after its right side)
      and lasts the ``rest_seconds`` of the routine item that set belongs to; this also
      applies when the next set is the first of the next exercise (the finished item's
      rest is used, not the next one's).
    * There is no rest after the very last set of the routine (nothing is left to do).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from enum import StrEnum

from hipext_tui.domain.catalog import Catalog, Exercise, Routine, RoutineItem
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import Session, SetEntry, Side

__all__ = [
    "GuideState",
    "Plan",
    "Slot",
    "SlotStatus",
    "build_plan",
    "default_item",
    "prescription_text",
    "progress",
    "session_progress",
    "single_exercise_plan",
]


@record
class Slot:
    """One set on one side, as the guided view shows it ("Set 2 of 3, Left leg").

    ``index`` is the slot's position in its plan; ``item_index`` the position of its
    routine item; ``set_number`` is ``k`` in "set k of n" and ``total_sets`` is ``n``.
    ``reps`` is the target (per side for one-sided moves); ``hold_seconds`` comes from the
    routine item, ``lower_seconds`` (the slow lowering count) from the exercise.
    """

    index: int
    exercise_id: str
    item_index: int
    set_number: int
    total_sets: int
    side: Side
    reps: int
    rest_seconds: int
    hold_seconds: int
    lower_seconds: int

    @property
    def is_last_set_of_item(self) -> bool:
        """True for the final slot of its routine item (last set, last side)."""
        return self.set_number == self.total_sets and self.side is not Side.LEFT


@record
class Plan:
    """A routine (or a single exercise) unrolled into slots, in the order they are done.

    ``routine_id`` is None for a single exercise started outside a routine.
    """

    name: str
    items: tuple[RoutineItem, ...]
    slots: tuple[Slot, ...]
    routine_id: str | None = None

    @property
    def total(self) -> int:
        """How many slots the plan holds."""
        return len(self.slots)

    def rest_after(self, slot: Slot) -> int:
        """Seconds of rest after ``slot`` when the plan is done in order (see rest rule)."""
        following = self.slots[slot.index + 1] if slot.index + 1 < len(self.slots) else None
        return _rest_between(slot, following)


class SlotStatus(StrEnum):
    """Where a slot stands in a session."""

    PENDING = "pending"
    LOGGED = "logged"
    SKIPPED = "skipped"


@record
class GuideState:
    """Where a session stands against its plan.

    ``next_slot`` is the first slot not yet done (None when complete) and ``after_next``
    the pending slot after it (for "what comes next"). ``done`` counts slots done by a
    logged set or by skip; ``logged`` and ``skipped`` split it.
    """

    plan: Plan
    statuses: tuple[SlotStatus, ...]
    next_slot: Slot | None
    after_next: Slot | None

    @property
    def total(self) -> int:
        """How many slots the plan holds."""
        return len(self.statuses)

    @property
    def done(self) -> int:
        """Slots done, by a logged set or by skip."""
        return sum(1 for s in self.statuses if s is not SlotStatus.PENDING)

    @property
    def logged(self) -> int:
        """Slots done by a logged set."""
        return sum(1 for s in self.statuses if s is SlotStatus.LOGGED)

    @property
    def skipped(self) -> int:
        """Slots done by skipping their exercise."""
        return sum(1 for s in self.statuses if s is SlotStatus.SKIPPED)

    @property
    def complete(self) -> bool:
        """True when no slot is pending: the routine is finished."""
        return self.next_slot is None

    def status(self, slot: Slot) -> SlotStatus:
        """The status of one slot of this plan."""
        return self.statuses[slot.index]

    def rest_after(self, slot: Slot) -> int:
        """Seconds of rest once ``slot`` has been logged (see the module's rest rule).

        The set that follows is given by :meth:`following`; with none left the routine
        is over and the answer is 0. The answer is the same whether this state was
        derived before or after ``slot`` was logged.
        """
        return _rest_between(slot, self.following(slot))

    def following(self, slot: Slot) -> Slot | None:
        """The pending slot done after ``slot``: the first one later in the plan, else
        (sets logged out of order) the first earlier one; None when nothing is left."""
        pending = [
            s
            for s, st in zip(self.plan.slots, self.statuses, strict=True)
            if st is SlotStatus.PENDING and s.index != slot.index
        ]
        later = [s for s in pending if s.index > slot.index]
        if later:
            return later[0]
        return pending[0] if pending else None

    def is_side_switch(self, slot: Slot) -> bool:
        """True when the set after ``slot`` is the other side of the same set (no rest)."""
        return _switches_sides(slot, self.following(slot))


def _switches_sides(slot: Slot, following: Slot | None) -> bool:
    return (
        following is not None
        and slot.side is Side.LEFT
        and following.side is Side.RIGHT
        and following.item_index == slot.item_index
        and following.set_number == slot.set_number
    )


def _rest_between(slot: Slot, following: Slot | None) -> int:
    if following is None or _switches_sides(slot, following):
        return 0
    return slot.rest_seconds


# ---------------------------------------------------------------------------
# Building plans


def build_plan(routine: Routine, catalog: Catalog) -> Plan:
    """Unroll ``routine`` into slots; one-sided moves go left then right for each set.

    An exercise missing from ``catalog`` (a deleted custom one) is treated as a move on
    both legs with no slow lowering, so an old session can still be resumed.
    """
    return _plan(routine.name, routine.items, catalog.get, routine.id)


def default_item(
    exercise: Exercise, catalog: Catalog | None = None, rest_seconds: int | None = None
) -> RoutineItem:
    """The prescription of ``exercise`` started on its own: the one source that the
    picker's pane, the guided view and the plan all read.

    The first routine of ``catalog`` that lists the exercise gives sets, reps, rest and
    hold (so the pane and the routine never disagree); otherwise 3 sets of 10 with the
    exercise's own hold and ``rest_seconds`` (the user's default rest) when given.
    """
    item: RoutineItem | None = None
    if catalog is not None:
        item = next(
            (i for r in catalog.routines for i in r.items if i.exercise_id == exercise.id),
            None,
        )
    if item is None:
        item = RoutineItem(exercise.id, hold_seconds=exercise.hold_seconds)
        if rest_seconds is not None:
            item = replace(item, rest_seconds=rest_seconds)
    return item


def prescription_text(item: RoutineItem, exercise: Exercise | None) -> str:
    """``3 x 10 each side, rest 60 s, hold 2 s``: a routine item as every screen says it."""
    each = " each side" if exercise is not None and exercise.one_sided else ""
    text = f"{item.sets} x {item.reps}{each}, rest {item.rest_seconds} s"
    if item.hold_seconds:
        text += f", hold {item.hold_seconds} s"
    if exercise is not None and exercise.lower_seconds:
        text += f", lower in {exercise.lower_seconds} s"
    return text


def single_exercise_plan(
    exercise: Exercise,
    *,
    sets: int | None = None,
    reps: int | None = None,
    rest_seconds: int | None = None,
    hold_seconds: int | None = None,
    catalog: Catalog | None = None,
) -> Plan:
    """A plan for one exercise outside a routine.

    Anything not given comes from :func:`default_item` (the catalog's routines, else 3
    sets of 10 with 60 s rest and the exercise's own hold).
    """
    base = default_item(exercise, catalog)
    item = replace(
        base,
        exercise_id=exercise.id,
        sets=base.sets if sets is None else sets,
        reps=base.reps if reps is None else reps,
        rest_seconds=base.rest_seconds if rest_seconds is None else rest_seconds,
        hold_seconds=base.hold_seconds if hold_seconds is None else hold_seconds,
    )
    if item.sets < 1 or item.reps < 1:
        raise ValueError("a plan needs at least one set of at least one rep")
    lookup = {exercise.id: exercise}
    return _plan(exercise.name, (item,), lookup.get, None)


def _plan(
    name: str,
    items: Sequence[RoutineItem],
    lookup: Callable[[str], Exercise | None],
    routine_id: str | None,
) -> Plan:
    slots: list[Slot] = []
    for item_index, item in enumerate(items):
        exercise = lookup(item.exercise_id)
        sides = exercise.side_order if exercise else (Side.NONE,)
        lower = exercise.lower_seconds if exercise else 0
        for k in range(1, item.sets + 1):
            for side in sides:
                slots.append(
                    Slot(
                        index=len(slots),
                        exercise_id=item.exercise_id,
                        item_index=item_index,
                        set_number=k,
                        total_sets=item.sets,
                        side=side,
                        reps=item.reps,
                        rest_seconds=item.rest_seconds,
                        hold_seconds=item.hold_seconds,
                        lower_seconds=lower,
                    )
                )
    return Plan(name, tuple(items), tuple(slots), routine_id)


# ---------------------------------------------------------------------------
# Progress through a plan


def progress(
    plan_or_routine: Plan | Routine,
    catalog: Catalog | None,
    logged_sets: Sequence[SetEntry],
    skipped: Collection[str] = (),
) -> GuideState:
    """Where a session stands: derived only from its logged sets and skipped ids.

    ``catalog`` is needed when a :class:`Routine` is given (to know which moves are
    one-sided); with a :class:`Plan` it may be None. See the module docstring for the
    counting rule.
    """
    if isinstance(plan_or_routine, Plan):
        plan = plan_or_routine
    else:
        if catalog is None:
            raise ValueError("a catalog is needed to plan a routine")
        plan = build_plan(plan_or_routine, catalog)

    one_sided = {s.exercise_id for s in plan.slots if s.side is not Side.NONE}
    counts: Counter[tuple[str, Side]] = Counter()
    for entry in logged_sets:
        if entry.is_warmup:
            continue
        if entry.exercise_id in one_sided:
            if entry.side is not Side.NONE:
                counts[(entry.exercise_id, entry.side)] += 1
        else:
            counts[(entry.exercise_id, Side.NONE)] += 1

    # An exercise listed twice: the later item's sets come after the earlier item's.
    offsets: list[int] = []
    seen: Counter[str] = Counter()
    for item in plan.items:
        offsets.append(seen[item.exercise_id])
        seen[item.exercise_id] += item.sets
    skipped_ids = set(skipped)
    statuses: list[SlotStatus] = []
    for slot in plan.slots:
        needed = offsets[slot.item_index] + slot.set_number
        if counts[(slot.exercise_id, slot.side)] >= needed:
            statuses.append(SlotStatus.LOGGED)
        elif slot.exercise_id in skipped_ids:
            statuses.append(SlotStatus.SKIPPED)
        else:
            statuses.append(SlotStatus.PENDING)

    pending = [s for s, st in zip(plan.slots, statuses, strict=True) if st is SlotStatus.PENDING]
    return GuideState(
        plan=plan,
        statuses=tuple(statuses),
        next_slot=pending[0] if pending else None,
        after_next=pending[1] if len(pending) > 1 else None,
    )


def session_progress(plan: Plan, session: Session) -> GuideState:
    """:func:`progress` for a stored session (its sets and its skipped exercises)."""
    return progress(plan, None, session.sets, session.skipped)
