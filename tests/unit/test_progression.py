"""Double progression, per leg: each row is a history and the suggestion it must give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from hipext_tui.domain.catalog import Catalog, Exercise, Measure, RoutineItem, load_catalog
from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.progression import (
    Move,
    plan_advice,
    previous_text,
    suggest,
    suggest_for_slot,
)
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit

L, R, N = Side.LEFT, Side.RIGHT, Side.NONE
DUMBBELL_ROW = Exercise("db-row", "Dumbbell row", equipment=("Dumbbells",))
PUSH_UP = Exercise("push-up", "Push-up", equipment=())
FIRST_DAY = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


@dataclass(frozen=True)
class S:
    """One set of a table row: reps, then what is different from a plain working set."""

    reps: int
    weight: float | None = None
    side: Side = N
    rpe: float | None = None
    warmup: bool = False
    seconds: int | None = None
    unit: Unit = Unit.KG


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog().with_custom([DUMBBELL_ROW, PUSH_UP], [])


def history(exercise_id: str, *outings: list[S]) -> list[Session]:
    """One session per list of sets, a week apart, oldest first."""
    sessions = []
    for n, sets in enumerate(outings):
        start = FIRST_DAY + timedelta(days=7 * n)
        entries = tuple(
            SetEntry(
                id=f"s{n}-{k}",
                exercise_id=exercise_id,
                side=s.side,
                reps=s.reps,
                logged_at=start + timedelta(minutes=k),
                weight=s.weight,
                unit=s.unit,
                seconds=s.seconds,
                rpe=s.rpe,
                set_type=SetType.WARMUP if s.warmup else SetType.WORKING,
            )
            for k, s in enumerate(sets)
        )
        sessions.append(Session(id=f"ses{n}", start=start, sets=entries))
    return sessions


def item_for(catalog: Catalog, exercise_id: str) -> RoutineItem:
    routine = catalog.routine("hip-extension-for-runners")
    found = [i for i in routine.items if i.exercise_id == exercise_id]
    return found[0] if found else RoutineItem(exercise_id, rep_min=8, rep_max=12)


def three(reps: int, weight: float | None = None, **kw: object) -> list[S]:
    return [S(reps, weight, **kw) for _ in range(3)]  # type: ignore[arg-type]


# (case, exercise, side, unit, outings oldest first, reps, weight, hold, move, reason or None)
CASES = [
    (
        "nothing logged: the routine's start",
        "deadlift",
        N,
        Unit.KG,
        [],
        10,
        None,
        0,
        Move.START,
        "10 reps: the routine's starting point (nothing logged yet)",
    ),
    (
        "walkout starts below its range",
        "glute-bridge-walkout",
        N,
        Unit.KG,
        [],
        6,
        None,
        2,
        Move.START,
        None,
    ),
    (
        "dumbbell: top of range adds 2 kg",
        "db-row",
        N,
        Unit.KG,
        [three(12, 16)],
        8,
        18,
        0,
        Move.STEP_UP,
        "18 kg: all 3 sets reached 12 at 16 kg last time",
    ),
    (
        "kettlebell: top of range adds 4 kg",
        "deadlift",
        N,
        Unit.KG,
        [three(12, 16)],
        8,
        20,
        0,
        Move.STEP_UP,
        "20 kg: all 3 sets reached 12 at 16 kg last time",
    ),
    (
        "barbell: 2.5 kg",
        "barbell-romanian-deadlift",
        N,
        Unit.KG,
        [three(12, 40)],
        8,
        42.5,
        0,
        Move.STEP_UP,
        None,
    ),
    (
        "past the top counts as the top",
        "deadlift",
        N,
        Unit.KG,
        [three(14, 16)],
        8,
        20,
        0,
        Move.STEP_UP,
        None,
    ),
    (
        "one set short: one more rep",
        "deadlift",
        N,
        Unit.KG,
        [[S(12, 16), S(12, 16), S(11, 16)]],
        12,
        16,
        0,
        Move.MORE_REPS,
        "16 kg x 12: one more rep than the 11 at 16 kg last time",
    ),
    (
        "in the range: one more rep than the fewest",
        "deadlift",
        N,
        Unit.KG,
        [[S(10, 16), S(9, 16), S(9, 16)]],
        10,
        16,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "RPE 9 holds the step back",
        "deadlift",
        N,
        Unit.KG,
        [[S(12, 16), S(12, 16, rpe=9), S(12, 16)]],
        12,
        16,
        0,
        Move.TOP,
        "16 kg x 12 again: RPE 9 last time, a step up waits for 8 or less",
    ),
    ("RPE 8 is fine", "deadlift", N, Unit.KG, [three(12, 16, rpe=8)], 8, 20, 0, Move.STEP_UP, None),
    (
        "RPE 8.5 is above 8",
        "deadlift",
        N,
        Unit.KG,
        [three(12, 16, rpe=8.5)],
        12,
        16,
        0,
        Move.TOP,
        None,
    ),
    (
        "two weights: no step up",
        "deadlift",
        N,
        Unit.KG,
        [[S(12, 16), S(12, 16), S(12, 12)]],
        12,
        16,
        0,
        Move.TOP,
        "16 kg x 12 again: the sets last time were not all at 16 kg",
    ),
    (
        "fewest counted at the heaviest weight",
        "deadlift",
        N,
        Unit.KG,
        [[S(12, 12), S(9, 16), S(10, 16)]],
        10,
        16,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "warm-ups are left out",
        "deadlift",
        N,
        Unit.KG,
        [[S(5, 8, warmup=True), *three(12, 16)]],
        8,
        20,
        0,
        Move.STEP_UP,
        None,
    ),
    (
        "only warm-ups: nothing logged",
        "deadlift",
        N,
        Unit.KG,
        [[S(5, 8, warmup=True)]],
        10,
        None,
        0,
        Move.START,
        None,
    ),
    (
        "left leg steps up",
        "kickstand-deadlift",
        L,
        Unit.KG,
        [three(12, 16, side=L) + three(10, 16, side=R)],
        8,
        20,
        0,
        Move.STEP_UP,
        None,
    ),
    (
        "right leg adds a rep",
        "kickstand-deadlift",
        R,
        Unit.KG,
        [three(12, 16, side=L) + three(10, 16, side=R)],
        11,
        16,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "one-sided sets without a side count for neither leg",
        "kickstand-deadlift",
        L,
        Unit.KG,
        [three(12, 16)],
        8,
        None,
        0,
        Move.START,
        None,
    ),
    (
        "a both-legs move takes any side",
        "deadlift",
        N,
        Unit.KG,
        [three(12, 16, side=L)],
        8,
        20,
        0,
        Move.STEP_UP,
        None,
    ),
    (
        "lb: 5 lb step",
        "deadlift",
        N,
        Unit.LB,
        [three(12, 35, unit=Unit.LB)],
        8,
        40,
        0,
        Move.STEP_UP,
        "40 lb: all 3 sets reached 12 at 35 lb last time",
    ),
    (
        "kg sets read in lb",
        "deadlift",
        N,
        Unit.LB,
        [three(10, 16)],
        11,
        35.3,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "the latest session decides",
        "deadlift",
        N,
        Unit.KG,
        [three(12, 16), three(9, 20)],
        10,
        20,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "three sessions under the range: 10% lighter",
        "deadlift",
        N,
        Unit.KG,
        [three(7, 20), [S(8, 20), S(6, 20), S(7, 20)], three(6, 20)],
        8,
        16,
        0,
        Move.DELOAD,
        "16 kg: 3 sessions in a row under 8 reps at up to 20 kg, so about 10% lighter",
    ),
    (
        "deload in whole steps: 60 kg barbell loses 5 kg",
        "barbell-romanian-deadlift",
        N,
        Unit.KG,
        [three(6, 60)] * 3,
        8,
        55,
        0,
        Move.DELOAD,
        None,
    ),
    (
        "two sessions under the range: not yet",
        "deadlift",
        N,
        Unit.KG,
        [three(10, 20), three(7, 20), three(7, 20)],
        8,
        20,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "deload per leg",
        "kickstand-deadlift",
        R,
        Unit.KG,
        [three(10, 16, side=L) + three(6, 16, side=R)] * 3,
        8,
        12,
        0,
        Move.DELOAD,
        None,
    ),
    (
        "no deload below zero",
        "db-row",
        N,
        Unit.KG,
        [three(5, 2)] * 3,
        6,
        2,
        0,
        Move.MORE_REPS,
        None,
    ),
    (
        "bridge at the top: one more second",
        "single-leg-glute-bridge",
        L,
        Unit.KG,
        [three(12, side=L, seconds=2)],
        8,
        None,
        3,
        Move.LONGER_HOLD,
        "3 s hold: all 3 sets reached 12 with a 2 s hold last time",
    ),
    (
        "bridge hold not logged: the routine's 2 s",
        "single-leg-glute-bridge",
        R,
        Unit.KG,
        [three(12, side=R)],
        8,
        None,
        3,
        Move.LONGER_HOLD,
        None,
    ),
    (
        "bridge below the top: one more rep, same hold",
        "single-leg-glute-bridge",
        L,
        Unit.KG,
        [three(10, side=L, seconds=4)],
        11,
        None,
        4,
        Move.MORE_REPS,
        "11 reps: one more than the 10 of last time",
    ),
    (
        "bridge at 5 s: stays",
        "single-leg-glute-bridge",
        L,
        Unit.KG,
        [three(12, side=L, seconds=5)],
        12,
        None,
        5,
        Move.TOP,
        "12 reps again: the top of the range with a 5 s hold; add a weight to go on",
    ),
    (
        "bridge hold waits for RPE",
        "glute-bridge-walkout",
        N,
        Unit.KG,
        [[S(12, seconds=2, rpe=9), S(12, seconds=2)]],
        12,
        None,
        2,
        Move.TOP,
        None,
    ),
    (
        "walkout adds reps toward its range",
        "glute-bridge-walkout",
        N,
        Unit.KG,
        [[S(6, seconds=2), S(6, seconds=2)]],
        7,
        None,
        2,
        Move.MORE_REPS,
        None,
    ),
    (
        "bodyweight never deloads",
        "glute-bridge-walkout",
        N,
        Unit.KG,
        [[S(5), S(5)]] * 3,
        6,
        None,
        2,
        Move.MORE_REPS,
        None,
    ),
    (
        "plain bodyweight move tops out",
        "push-up",
        N,
        Unit.KG,
        [three(12)],
        12,
        None,
        0,
        Move.TOP,
        "12 reps again: the top of the range; add a weight to go on",
    ),
    (
        "a loaded bridge progresses by weight",
        "single-leg-glute-bridge",
        L,
        Unit.KG,
        [three(12, 10, side=L, seconds=2)],
        8,
        12,
        2,
        Move.STEP_UP,
        None,
    ),
]


@pytest.mark.parametrize(
    ("exercise_id", "side", "unit", "outings", "reps", "weight", "hold", "move", "reason"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_suggestion(
    catalog: Catalog,
    exercise_id: str,
    side: Side,
    unit: Unit,
    outings: list[list[S]],
    reps: int,
    weight: float | None,
    hold: int,
    move: Move,
    reason: str | None,
) -> None:
    exercise = catalog.exercise(exercise_id)
    got = suggest(
        exercise, item_for(catalog, exercise_id), history(exercise_id, *outings), side, unit
    )
    assert (got.reps, got.weight, got.hold_seconds, got.move) == (reps, weight, hold, move)
    assert (got.side, got.unit, got.exercise_id) == (side, unit, exercise_id)
    if reason is not None:
        assert got.reason == reason
    assert "\n" not in got.reason and got.reason


@pytest.mark.parametrize("outings", [[], [three(12, 40)], [three(6, 60)] * 3, [three(9, 40)]])
def test_romanian_deadlift_keeps_its_five_second_lowering(
    catalog: Catalog, outings: list[list[S]]
) -> None:
    rdl = catalog.exercise("barbell-romanian-deadlift")
    got = suggest(rdl, item_for(catalog, rdl.id), history(rdl.id, *outings), N, Unit.KG)
    assert got.lower_seconds == 5


def test_the_session_in_progress_is_left_out(catalog: Catalog) -> None:
    sessions = history("deadlift", three(12, 16), three(8, 20))
    deadlift = catalog.exercise("deadlift")
    item = item_for(catalog, "deadlift")
    assert suggest(deadlift, item, sessions, N, Unit.KG).weight == 20
    today = suggest(deadlift, item, sessions, N, Unit.KG, current_session_id="ses1")
    assert (today.reps, today.weight) == (8, 20)
    assert today.move is Move.STEP_UP


def test_sessions_in_any_order(catalog: Catalog) -> None:
    sessions = history("deadlift", three(12, 16), three(9, 20))
    deadlift = catalog.exercise("deadlift")
    item = item_for(catalog, "deadlift")
    forward = suggest(deadlift, item, sessions, N, Unit.KG)
    assert suggest(deadlift, item, list(reversed(sessions)), N, Unit.KG) == forward


def test_own_rep_range_and_load_step(catalog: Catalog) -> None:
    goblet = Exercise("goblet", "Goblet squat", equipment=("Kettlebell",), load_step_kg=2)
    item = RoutineItem("goblet", reps=5, rep_min=5, rep_max=6)
    got = suggest(goblet, item, history("goblet", three(6, 24)), N, Unit.KG)
    assert (got.reps, got.weight) == (5, 26)


def test_for_each_slot_of_the_built_in_routine(catalog: Catalog) -> None:
    plan = build_plan(catalog.routine("hip-extension-for-runners"), catalog)
    sessions = history("kickstand-deadlift", three(12, 16, side=L) + three(9, 16, side=R))
    kick = [s for s in plan.slots if s.exercise_id == "kickstand-deadlift" and s.set_number == 1]
    got = [suggest_for_slot(plan, s, catalog, sessions, Unit.KG) for s in kick]
    assert [(g.side, g.reps, g.weight) for g in got if g] == [(L, 8, 20.0), (R, 10, 16.0)]
    first = suggest_for_slot(plan, plan.slots[0], catalog, sessions, Unit.KG)
    assert first is not None and (first.reps, first.hold_seconds) == (10, 2)


def test_an_exercise_gone_from_the_catalog_has_no_suggestion(catalog: Catalog) -> None:
    plan = build_plan(catalog.routine("hip-extension-for-runners"), catalog)
    empty = Catalog((catalog.exercise("deadlift"),), ())
    assert suggest_for_slot(plan, plan.slots[0], empty, [], Unit.KG) is None


def test_walkout_and_kickstand_cover_measure_kinds(catalog: Catalog) -> None:
    # Guards the table: the rows above rely on these catalog facts.
    assert catalog.exercise("glute-bridge-walkout").measure is Measure.HOLD
    assert catalog.exercise("kickstand-deadlift").one_sided


def test_plan_advice_per_leg_with_the_last_time_warmups_left_out(catalog: Catalog) -> None:
    plan = build_plan(catalog.routine("hip-extension-for-runners"), catalog)
    sessions = history(
        "kickstand-deadlift",
        three(10, 12, side=L),
        [S(5, 4, side=L, warmup=True), *three(12, 16, side=L), *three(9, 16, side=R)],
    )
    advice = plan_advice(plan, catalog, sessions, Unit.KG, current_session_id=None)
    kick = next(s.item_index for s in plan.slots if s.exercise_id == "kickstand-deadlift")
    left, right = advice[(kick, L)], advice[(kick, R)]
    assert left.suggestion is not None and left.suggestion.weight == 20.0
    assert previous_text(left.previous, Unit.KG) == "12, 12, 12 x 16 kg"
    assert previous_text(right.previous, Unit.KG) == "9, 9, 9 x 16 kg"
    # The session being trained is not "last time"; the setting off leaves only that.
    skipped = plan_advice(plan, catalog, sessions, Unit.KG, current_session_id="ses1")
    assert previous_text(skipped[(kick, L)].previous, Unit.KG) == "10, 10, 10 x 12 kg"
    off = plan_advice(plan, catalog, sessions, Unit.KG, suggestions=False)
    assert off[(kick, L)].suggestion is None and off[(kick, L)].previous == left.previous
    assert off[(0, L)].previous == ()  # bridges: nothing logged yet


@pytest.mark.parametrize(
    ("sets", "unit", "text"),
    [
        ([S(12, 16), S(12, 16), S(11, 16)], Unit.KG, "12, 12, 11 x 16 kg"),
        ([S(10, 16), S(8, 18)], Unit.KG, "10 x 16 kg; 8 x 18 kg"),
        ([S(10), S(9)], Unit.KG, "10, 9 reps"),
        ([S(10, 20), S(10, 20)], Unit.LB, "10, 10 x 44 lb"),  # shown to the plate step
        ([S(10, 45, unit=Unit.LB)], Unit.LB, "10 x 45 lb"),
    ],
)
def test_previous_text(sets: list[S], unit: Unit, text: str) -> None:
    [session] = history("deadlift", sets)
    assert previous_text(session.sets, unit) == text
