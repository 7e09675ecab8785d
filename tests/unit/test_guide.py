"""The guided-session state machine: plan, next slot, sides, rests, skips, resume, summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hipext_tui.domain.catalog import Catalog, Exercise, Measure, Routine, RoutineItem, Sides
from hipext_tui.domain.guide import (
    Plan,
    Slot,
    SlotStatus,
    build_plan,
    default_item,
    prescription_text,
    progress,
    session_progress,
    single_exercise_plan,
)
from hipext_tui.domain.sessions import prefill_from
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit
from hipext_tui.domain.workout_summary import session_summary

START = datetime(2025, 3, 10, 7, 0, tzinfo=UTC)
ROUTINE_ID = "hip-extension-for-runners"
SLGB = "single-leg-glute-bridge"
KICK = "kickstand-deadlift"
RDL = "barbell-romanian-deadlift"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    from hipext_tui.domain.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="module")
def plan(catalog: Catalog) -> Plan:
    return build_plan(catalog.routine(ROUTINE_ID), catalog)


_counter = iter(range(1_000_000))


def entry(
    exercise_id: str,
    side: Side = Side.NONE,
    reps: int = 10,
    weight: float | None = None,
    *,
    unit: Unit = Unit.KG,
    minute: int | None = None,
    warmup: bool = False,
    seconds: int | None = None,
) -> SetEntry:
    n = next(_counter)
    return SetEntry(
        id=f"set{n}",
        exercise_id=exercise_id,
        side=side,
        reps=reps,
        weight=weight,
        unit=unit,
        seconds=seconds,
        logged_at=START + timedelta(minutes=n % 500 if minute is None else minute),
        set_type=SetType.WARMUP if warmup else SetType.WORKING,
    )


def sets_for_slots(plan: Plan, count: int) -> list[SetEntry]:
    """One logged set for each of the first ``count`` slots, in plan order."""
    return [
        entry(s.exercise_id, s.side, s.reps, minute=i) for i, s in enumerate(plan.slots[:count])
    ]


def where(slot: Slot | None) -> tuple[str, int, int, Side] | None:
    """What the guided view shows: exercise, set k of n, side."""
    if slot is None:
        return None
    return (slot.exercise_id, slot.set_number, slot.total_sets, slot.side)


# ---------------------------------------------------------------------------
# The plan


def test_builtin_routine_has_twenty_slots_in_routine_order(plan: Plan) -> None:
    assert plan.total == 3 * 2 + 3 + 3 * 2 + 2 + 3 == 20
    assert plan.routine_id == ROUTINE_ID
    assert plan.name == "Hip extension for runners"
    assert [where(s) for s in plan.slots[:7]] == [
        (SLGB, 1, 3, Side.LEFT),
        (SLGB, 1, 3, Side.RIGHT),
        (SLGB, 2, 3, Side.LEFT),
        (SLGB, 2, 3, Side.RIGHT),
        (SLGB, 3, 3, Side.LEFT),
        (SLGB, 3, 3, Side.RIGHT),
        ("deadlift", 1, 3, Side.NONE),
    ]
    assert [s.exercise_id for s in plan.slots[9:15]] == [KICK] * 6
    assert [s.side for s in plan.slots[9:15]] == [Side.LEFT, Side.RIGHT] * 3
    assert [where(s) for s in plan.slots[15:17]] == [
        ("glute-bridge-walkout", 1, 2, Side.NONE),
        ("glute-bridge-walkout", 2, 2, Side.NONE),
    ]
    assert [s.index for s in plan.slots] == list(range(20))


def test_slots_carry_targets_holds_and_lowering(plan: Plan) -> None:
    bridge, kick, rdl = plan.slots[0], plan.slots[9], plan.slots[19]
    assert (bridge.reps, bridge.rest_seconds, bridge.hold_seconds, bridge.lower_seconds) == (
        10,
        60,
        2,
        0,
    )
    assert (kick.reps, kick.rest_seconds, kick.hold_seconds) == (8, 60, 0)
    assert (rdl.reps, rdl.rest_seconds, rdl.lower_seconds) == (8, 90, 5)
    assert plan.slots[5].is_last_set_of_item and not plan.slots[4].is_last_set_of_item


# ---------------------------------------------------------------------------
# What comes next


def test_empty_session_starts_with_left_leg_of_first_set(plan: Plan) -> None:
    state = progress(plan, None, [], ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.LEFT)
    assert where(state.after_next) == (SLGB, 1, 3, Side.RIGHT)
    assert (state.done, state.total, state.complete) == (0, 20, False)


def test_left_then_right_then_next_set(plan: Plan) -> None:
    left = entry(SLGB, Side.LEFT)
    state = progress(plan, None, [left], ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.RIGHT)
    assert where(state.after_next) == (SLGB, 2, 3, Side.LEFT)
    state = progress(plan, None, [left, entry(SLGB, Side.RIGHT)], ())
    assert where(state.next_slot) == (SLGB, 2, 3, Side.LEFT)
    assert state.done == 2


@pytest.mark.parametrize(
    ("logged", "expected_next", "expected_after"),
    [
        (6, ("deadlift", 1, 3, Side.NONE), ("deadlift", 2, 3, Side.NONE)),
        (8, ("deadlift", 3, 3, Side.NONE), (KICK, 1, 3, Side.LEFT)),
        (14, (KICK, 3, 3, Side.RIGHT), ("glute-bridge-walkout", 1, 2, Side.NONE)),
        (18, (RDL, 2, 3, Side.NONE), (RDL, 3, 3, Side.NONE)),
        (19, (RDL, 3, 3, Side.NONE), None),
    ],
)
def test_next_slot_after_logged_sets(
    plan: Plan,
    logged: int,
    expected_next: tuple[str, int, int, Side],
    expected_after: tuple[str, int, int, Side] | None,
) -> None:
    state = progress(plan, None, sets_for_slots(plan, logged), ())
    assert where(state.next_slot) == expected_next
    assert where(state.after_next) == expected_after
    assert state.done == logged


def test_routine_accepted_with_catalog(catalog: Catalog) -> None:
    routine = catalog.routine(ROUTINE_ID)
    state = progress(routine, catalog, [entry(SLGB, Side.LEFT)], ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.RIGHT)
    with pytest.raises(ValueError, match="catalog"):
        progress(routine, None, [], ())


def test_warmups_never_fill_a_slot(plan: Plan) -> None:
    warmups = [entry(SLGB, Side.LEFT, warmup=True), entry(SLGB, Side.RIGHT, warmup=True)]
    state = progress(plan, None, warmups, ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.LEFT)
    assert state.done == 0


def test_right_logged_first_still_asks_for_the_left(plan: Plan) -> None:
    state = progress(plan, None, [entry(SLGB, Side.RIGHT)], ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.LEFT)
    assert where(state.after_next) == (SLGB, 2, 3, Side.LEFT)
    assert state.status(plan.slots[1]) is SlotStatus.LOGGED


def test_sideless_set_of_one_sided_move_counts_for_neither_side(plan: Plan) -> None:
    state = progress(plan, None, [entry(SLGB, Side.NONE)], ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.LEFT)


def test_side_does_not_matter_for_a_two_legged_move(plan: Plan) -> None:
    done = sets_for_slots(plan, 6)
    state = progress(plan, None, [*done, entry("deadlift", Side.LEFT)], ())
    assert where(state.next_slot) == ("deadlift", 2, 3, Side.NONE)


def test_extra_sets_beyond_the_plan_are_fine(plan: Plan) -> None:
    extra = [entry("deadlift") for _ in range(5)]
    state = progress(plan, None, extra, ())
    assert where(state.next_slot) == (SLGB, 1, 3, Side.LEFT)
    assert state.done == 3
    assert [state.status(s) for s in plan.slots[6:9]] == [SlotStatus.LOGGED] * 3


def test_sets_of_other_exercises_are_ignored(plan: Plan) -> None:
    state = progress(plan, None, [entry("nordic-curl")], ())
    assert state.done == 0


# ---------------------------------------------------------------------------
# Rest


def test_rest_rule_positions(plan: Plan) -> None:
    state = progress(plan, None, [], ())
    slots = plan.slots
    # Left side: straight to the right side, no rest.
    assert state.rest_after(slots[0]) == 0
    assert state.is_side_switch(slots[0])
    # Right side ends the set: the bridge item's 60 s.
    assert state.rest_after(slots[1]) == 60
    assert not state.is_side_switch(slots[1])
    # Last bridge set, moving on to the deadlift: the finished item's rest (60, not 90).
    assert state.rest_after(slots[5]) == 60
    # Deadlift sets rest 90, also when the kickstand deadlift follows.
    assert state.rest_after(slots[6]) == 90
    assert state.rest_after(slots[8]) == 90
    assert state.rest_after(slots[9]) == 0
    assert state.rest_after(slots[16]) == 60
    # Done in order, the very last set of the routine has no rest.
    assert [plan.rest_after(s) for s in slots] == [
        *(0, 60) * 3,
        90,
        90,
        90,
        *(0, 60) * 3,
        60,
        60,
        90,
        90,
        0,
    ]


def test_rest_after_the_last_set_is_zero_before_and_after_logging(plan: Plan) -> None:
    before = progress(plan, None, sets_for_slots(plan, 19), ())
    last = plan.slots[19]
    assert before.next_slot == last
    assert before.rest_after(last) == 0
    after = progress(plan, None, sets_for_slots(plan, 20), ())
    assert after.rest_after(last) == 0
    # One set earlier, the rest is still there (one more set follows).
    mid = progress(plan, None, sets_for_slots(plan, 19), ())
    assert mid.rest_after(plan.slots[18]) == 90


def test_out_of_order_last_set_still_rests_when_earlier_sets_remain(plan: Plan) -> None:
    # The RDL's last set logged while the walkout is still to do: rest before it.
    logged = [*sets_for_slots(plan, 15), *[entry(RDL) for _ in range(3)]]
    state = progress(plan, None, logged, ())
    assert where(state.next_slot) == ("glute-bridge-walkout", 1, 2, Side.NONE)
    assert state.rest_after(plan.slots[19]) == 90


def test_no_rest_when_everything_left_is_skipped(plan: Plan) -> None:
    state = progress(plan, None, sets_for_slots(plan, 17), (RDL,))
    assert state.complete
    assert state.rest_after(plan.slots[16]) == 0


# ---------------------------------------------------------------------------
# Skip, resume, complete


def test_skipping_an_exercise_marks_its_slots_done_by_skip(plan: Plan) -> None:
    state = progress(plan, None, sets_for_slots(plan, 6), ("deadlift",))
    assert where(state.next_slot) == (KICK, 1, 3, Side.LEFT)
    assert (state.done, state.logged, state.skipped) == (9, 6, 3)
    assert state.rest_after(plan.slots[5]) == 60


def test_skip_after_one_set_keeps_the_logged_set(plan: Plan) -> None:
    logged = [*sets_for_slots(plan, 6), entry("deadlift")]
    state = progress(plan, None, logged, ("deadlift",))
    assert [state.status(s) for s in plan.slots[6:9]] == [
        SlotStatus.LOGGED,
        SlotStatus.SKIPPED,
        SlotStatus.SKIPPED,
    ]
    assert where(state.next_slot) == (KICK, 1, 3, Side.LEFT)


def test_skipping_the_first_exercise_starts_with_the_second(plan: Plan) -> None:
    state = progress(plan, None, [], (SLGB,))
    assert where(state.next_slot) == ("deadlift", 1, 3, Side.NONE)
    assert state.done == 6 and state.logged == 0


def test_complete_when_every_slot_is_logged(plan: Plan) -> None:
    state = progress(plan, None, sets_for_slots(plan, 20), ())
    assert state.complete
    assert state.next_slot is None and state.after_next is None
    assert (state.done, state.total) == (20, 20)


def test_resume_after_a_crash_gives_the_same_next_slot(plan: Plan) -> None:
    session = Session(
        id="s1",
        start=START,
        routine_id=ROUTINE_ID,
        skipped=("deadlift",),
        sets=tuple(sets_for_slots(plan, 11)),
    )
    first = session_progress(plan, session)
    # What a restarted process reads back from disk.
    reread = Session.from_dict(session.to_dict())
    again = session_progress(plan, reread)
    assert where(first.next_slot) == where(again.next_slot)
    assert first.statuses == again.statuses
    # 6 bridge slots + 3 deadlift logged, 2 kickstand sides: kickstand set 2 left is next.
    assert where(again.next_slot) == (KICK, 2, 3, Side.LEFT)


def test_same_exercise_twice_counts_on_from_the_first_item(catalog: Catalog) -> None:
    routine = Routine(
        id="twice",
        name="Twice",
        items=(
            RoutineItem("deadlift", sets=2, rest_seconds=30),
            RoutineItem(SLGB, sets=1),
            RoutineItem("deadlift", sets=1, rest_seconds=45),
        ),
    )
    plan = build_plan(routine, catalog)
    assert plan.total == 5
    state = progress(plan, None, [entry("deadlift"), entry("deadlift")], ())
    assert where(state.next_slot) == (SLGB, 1, 1, Side.LEFT)
    state = progress(plan, None, [entry("deadlift")] * 3, ())
    assert where(state.next_slot) == (SLGB, 1, 1, Side.LEFT)
    assert state.status(plan.slots[4]) is SlotStatus.LOGGED


def test_unknown_exercise_is_planned_as_two_legged(catalog: Catalog) -> None:
    routine = Routine(id="old", name="Old", items=(RoutineItem("gone", sets=2),))
    plan = build_plan(routine, catalog)
    assert [where(s) for s in plan.slots] == [("gone", 1, 2, Side.NONE), ("gone", 2, 2, Side.NONE)]


# ---------------------------------------------------------------------------
# A single exercise outside a routine


def test_single_exercise_plan_uses_the_routine_defaults(catalog: Catalog) -> None:
    plan = single_exercise_plan(catalog.exercise(KICK), catalog=catalog)
    assert plan.routine_id is None
    assert plan.name == "Kickstand deadlift"
    assert plan.total == 6
    assert [where(s) for s in plan.slots[:2]] == [(KICK, 1, 3, Side.LEFT), (KICK, 1, 3, Side.RIGHT)]
    assert {s.reps for s in plan.slots} == {8}
    state = progress(plan, None, [], ())
    assert state.rest_after(plan.slots[1]) == 60
    last = progress(plan, None, sets_for_slots(plan, 5), ())
    assert last.next_slot == plan.slots[5]
    assert last.rest_after(plan.slots[5]) == 0


def test_single_exercise_plan_with_given_values(catalog: Catalog) -> None:
    plan = single_exercise_plan(
        catalog.exercise(RDL), sets=2, reps=5, rest_seconds=45, hold_seconds=0, catalog=catalog
    )
    assert [where(s) for s in plan.slots] == [(RDL, 1, 2, Side.NONE), (RDL, 2, 2, Side.NONE)]
    assert (plan.slots[0].reps, plan.slots[0].rest_seconds, plan.slots[0].lower_seconds) == (
        5,
        45,
        5,
    )
    state = progress(plan, None, [entry(RDL, reps=5)], ())
    assert where(state.next_slot) == (RDL, 2, 2, Side.NONE)
    assert state.rest_after(plan.slots[0]) == 45


def test_single_custom_exercise_falls_back_to_plain_defaults() -> None:
    custom = Exercise(
        id="wall-sit", name="Wall sit", measure=Measure.HOLD, hold_seconds=30, sides=Sides.BOTH
    )
    plan = single_exercise_plan(custom)
    assert plan.total == 3
    assert (plan.slots[0].reps, plan.slots[0].rest_seconds, plan.slots[0].hold_seconds) == (
        10,
        60,
        30,
    )
    with pytest.raises(ValueError):
        single_exercise_plan(custom, sets=0)


def test_default_item_is_the_routines_prescription_the_users_rest_fills_in(
    catalog: Catalog,
) -> None:
    # One source (issue 11, fix 6): a move the routine lists rests as the routine says,
    # whatever the default rest; the default rest is for moves no routine lists.
    item = default_item(catalog.exercise("deadlift"), catalog, rest_seconds=120)
    assert (item.sets, item.reps, item.rest_seconds) == (3, 10, 90)
    assert default_item(catalog.exercise("deadlift"), catalog).rest_seconds == 90
    custom = Exercise(id="x-hinge", name="Hinge", sides=Sides.BOTH)
    assert default_item(custom, catalog, rest_seconds=120).rest_seconds == 120
    assert prescription_text(item, catalog.exercise("deadlift")) == "3 x 10, rest 90 s"
    bridge = catalog.exercise("single-leg-glute-bridge")
    assert (
        prescription_text(default_item(bridge, catalog), bridge)
        == "3 x 10 each side, rest 60 s, hold 2 s"
    )


# ---------------------------------------------------------------------------
# Summary


def test_session_summary_numbers(catalog: Catalog) -> None:
    sets = (
        entry("deadlift", reps=5, weight=12, minute=1, warmup=True),
        entry(SLGB, Side.LEFT, reps=10, minute=3),
        entry(SLGB, Side.RIGHT, reps=9, minute=5),
        entry("deadlift", reps=10, weight=20, minute=10),
        entry("deadlift", reps=8, weight=44.0925, unit=Unit.LB, minute=14),
        entry(KICK, Side.LEFT, reps=8, weight=16, minute=20),
        entry(KICK, Side.RIGHT, reps=8, weight=16, minute=23),
    )
    session = Session(id="s", start=START, sets=sets, skipped=(RDL,))
    now = START + timedelta(hours=5)
    summary = session_summary(session, catalog, Unit.KG, now)
    assert summary.sets == 6
    assert summary.warmup_sets == 1
    # 10*20 + 8*20 + 8*16 + 8*16 = 200 + 160 + 128 + 128
    assert summary.volume == pytest.approx(616.0, abs=1e-3)
    assert summary.duration == timedelta(minutes=23)
    assert summary.minutes == 23
    assert [(t.name, t.sets) for t in summary.exercises] == [
        ("Single-leg glute bridge", 2),
        ("Deadlift", 2),
        ("Kickstand deadlift", 2),
    ]
    assert summary.exercises[1].volume == pytest.approx(360.0, abs=1e-3)
    assert summary.exercise_count == 3
    assert (summary.left, summary.right, summary.both) == (2, 2, 2)
    assert summary.skipped == (RDL,)

    in_lb = session_summary(session, catalog, Unit.LB, now)
    assert in_lb.volume == pytest.approx(616.0 * 2.2046226218, abs=1e-2)


def test_summary_duration_uses_end_else_now(catalog: Catalog) -> None:
    ended = Session(
        id="s",
        start=START,
        end=START + timedelta(minutes=40),
        sets=(entry("deadlift", minute=10),),
    )
    assert session_summary(ended, catalog, Unit.KG, START).duration == timedelta(minutes=40)
    empty = Session(id="e", start=START)
    later = START + timedelta(minutes=7)
    summary = session_summary(empty, catalog, Unit.KG, later)
    assert (summary.sets, summary.volume, summary.duration) == (0, 0.0, timedelta(minutes=7))
    assert summary.exercises == ()


# ---------------------------------------------------------------------------
# Prefill


def newest_first(*sets: SetEntry) -> list[SetEntry]:
    return sorted(sets, key=lambda s: s.logged_at, reverse=True)


def test_prefill_prefers_the_same_side_then_any_side_then_the_target(plan: Plan) -> None:
    slot = plan.slots[1]  # bridge set 1, right leg, target 10
    left = entry(SLGB, Side.LEFT, reps=12, weight=5, minute=2)
    right = entry(SLGB, Side.RIGHT, reps=11, weight=7.5, minute=1)
    assert prefill_from(newest_first(right, left), slot, Unit.KG)[:2] == (11, 7.5)
    assert prefill_from(newest_first(left), slot, Unit.KG)[:2] == (12, 5)
    assert prefill_from([], slot, Unit.KG) == (10, None, None)
    bodyweight = entry(SLGB, Side.RIGHT, reps=9, minute=3)
    assert prefill_from(newest_first(bodyweight, left), slot, Unit.KG)[:2] == (9, None)


def test_prefill_converts_to_the_users_unit(plan: Plan) -> None:
    slot = plan.slots[6]
    last = entry("deadlift", reps=8, weight=20, unit=Unit.KG)
    assert prefill_from([last], slot, Unit.LB)[:2] == (8, 44.1)
    assert prefill_from([last], slot, Unit.KG)[:2] == (8, 20)


def test_prefill_skips_warmups_and_takes_the_latest_on_the_side(plan: Plan) -> None:
    kick_left = next(s for s in plan.slots if s.exercise_id == KICK and s.side is Side.LEFT)
    old_left = entry(KICK, Side.LEFT, reps=8, weight=12, minute=1)
    new_right = entry(KICK, Side.RIGHT, reps=6, weight=16, minute=5)
    new_left = entry(KICK, Side.LEFT, reps=7, weight=14, minute=4)
    warm = entry(KICK, Side.LEFT, reps=10, weight=4, minute=9, warmup=True)
    history = newest_first(old_left, new_right, new_left, warm)
    assert prefill_from(history, kick_left, Unit.KG) == (7, 14, new_left)
    # Only warm-ups on record: the target, never the warm-up's values.
    assert prefill_from([warm], kick_left, Unit.KG) == (kick_left.reps, None, None)
