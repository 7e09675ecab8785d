"""The backfill rules: rows as typed, the dates of the sets, and what is refused."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pendulum
import pytest

from hipext_tui.domain.backfill import (
    BackfillRow,
    backfill_session,
    parse_row,
    parse_start,
    plan_rows,
)
from hipext_tui.domain.catalog import load_catalog
from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.sessions import WORK_SECONDS_PER_SLOT, estimate_minutes
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit, ValidationError

TZ = pendulum.timezone("Europe/Berlin")
NOW = pendulum.datetime(2025, 3, 12, 18, 30, tz=TZ)
ROW = BackfillRow("deadlift", Side.NONE, 10, 16.0, None, 90)


def done(n: int, rest: int = 60, exercise: str = "deadlift") -> list[BackfillRow]:
    return [BackfillRow(exercise, Side.NONE, 10, 16.0, None, rest) for _ in range(n)]


@pytest.mark.parametrize(
    ("reps", "weight", "seconds", "expected"),
    [
        ("12", "20", "", BackfillRow("deadlift", Side.NONE, 12, 20.0, None, 90)),
        (" 8 ", "22,5", "3", BackfillRow("deadlift", Side.NONE, 8, 22.5, 3, 90)),
        ("10", "", "", BackfillRow("deadlift", Side.NONE, 10, None, None, 90)),
        ("", "20", "", None),  # blank reps: not done
        ("  ", "", "", None),
    ],
)
def test_a_row_as_typed(reps: str, weight: str, seconds: str, expected: BackfillRow | None) -> None:
    assert parse_row(3, "Deadlift", ROW, reps, weight, seconds) == expected


@pytest.mark.parametrize(
    ("reps", "weight", "seconds", "message"),
    [
        ("abc", "", "", "set 3 (Deadlift): reps: 'abc' is not a whole number"),
        ("0", "", "", "set 3 (Deadlift): reps: 0 is out of range"),
        ("-2", "", "", "set 3 (Deadlift): reps: -2 is out of range"),
        ("10", "-5", "", "set 3 (Deadlift): weight: -5 is out of range"),
        ("10", "heavy", "", "set 3 (Deadlift): weight: 'heavy'"),
        ("10", "", "0", "set 3 (Deadlift): seconds: 0 is out of range"),
    ],
)
def test_a_bad_cell_names_the_set_and_the_field(
    reps: str, weight: str, seconds: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_row(3, "Deadlift", ROW, reps, weight, seconds)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7:5", "is not a time like 07:30"),
        ("seven", "is not a time like 07:30"),
        ("24:00", "is not a time of day"),
        ("07:60", "is not a time of day"),
    ],
)
def test_bad_start_times(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_start(date(2025, 3, 4), text, TZ)


def test_a_start_on_the_day_clocks_go_forward_is_local() -> None:
    start = parse_start(date(2025, 3, 30), "07:30", TZ)
    assert (start.hour, start.minute, start.utcoffset()) == (7, 30, timedelta(hours=2))


def test_sets_are_dated_a_set_and_its_rest_apart_in_one_finished_session() -> None:
    start = parse_start(date(2025, 3, 4), "07:00", TZ)
    session = backfill_session(start, done(3, rest=90), routine_id="r", unit=Unit.LB, now=NOW)
    work = timedelta(seconds=WORK_SECONDS_PER_SLOT)
    rest = timedelta(seconds=90)
    assert [s.logged_at for s in session.sets] == [
        start + work,
        start + 2 * work + rest,
        start + 3 * work + 2 * rest,
    ]
    assert session.start == start and session.end == session.sets[-1].logged_at
    assert session.routine_id == "r"
    assert all(s.unit is Unit.LB and s.set_type is SetType.WORKING for s in session.sets)
    assert len({s.id for s in session.sets}) == 3


def logged(start: datetime, minutes: int) -> Session:
    entry = SetEntry("s1", "deadlift", Side.NONE, 10, start + timedelta(minutes=minutes))
    return Session("ses-1", start, None, None, sets=(entry,))


@pytest.mark.parametrize(
    ("start", "sets", "same_day", "message"),
    [
        ("07:00", 0, [], "nothing to save"),
        ("18:20", 20, [], "20 sets from 18:20 would end after now (18:30)"),
        ("07:10", 3, [("07:00", 30)], "start: 07:10 to 07:14 overlaps the session at 07:00"),
        ("06:40", 20, [("07:00", 30)], "overlaps the session at 07:00 (1 set)"),
    ],
)
def test_what_is_refused(
    start: str, sets: int, same_day: list[tuple[str, int]], message: str
) -> None:
    day = date(2025, 3, 12)
    others = [logged(parse_start(day, at, TZ), minutes) for at, minutes in same_day]
    with pytest.raises(ValidationError, match=re.escape(message)):
        backfill_session(
            parse_start(day, start, TZ), done(sets), routine_id=None, unit=Unit.KG, now=NOW,
            same_day=others,
        )  # fmt: skip


def test_a_workout_before_or_after_another_that_day_is_its_own_session() -> None:
    day = date(2025, 3, 12)
    morning = logged(parse_start(day, "07:00", TZ), 30)
    evening = backfill_session(
        parse_start(day, "17:00", TZ), done(5), routine_id=None, unit=Unit.KG, now=NOW,
        same_day=[morning],
    )  # fmt: skip
    assert evening.id != morning.id and len(evening.sets) == 5


def test_the_rows_of_a_routine_carry_its_prescription_and_last_loads() -> None:
    catalog = load_catalog()
    plan = build_plan(catalog.routine("hip-extension-for-runners"), catalog)
    last = SetEntry("old", "deadlift", Side.NONE, 9, NOW - timedelta(days=3), 24.0)

    def prefill(slot: object) -> tuple[int, float | None, SetEntry | None]:
        exercise_id = getattr(slot, "exercise_id", "")
        return (9, 24.0, last) if exercise_id == "deadlift" else (7, None, None)

    rows = plan_rows(plan, prefill)
    assert len(rows) == len(plan.slots)
    for row, slot in zip(rows, plan.slots, strict=True):
        assert (row.exercise_id, row.side, row.reps) == (slot.exercise_id, slot.side, slot.reps)
        assert row.seconds == (slot.hold_seconds or None)
        assert row.rest_after == (plan.rest_after(slot) if slot.index < len(rows) - 1 else 90)
    deadlift = [r for r in rows if r.exercise_id == "deadlift"]
    assert all(r.weight == 24.0 and r.last is last for r in deadlift)
    assert all(r.weight is None for r in rows if r.exercise_id != "deadlift")


def test_a_routine_offered_at_its_estimated_length_before_now_can_be_saved() -> None:
    """The two sides of a set are one set's work apart, as in the guided view, so the
    routine takes as long as its estimate and the offered start today is accepted."""
    catalog = load_catalog()
    plan = build_plan(catalog.routine("hip-extension-for-runners"), catalog)
    rows = plan_rows(plan, lambda slot: (slot.reps, None, None))
    start = NOW - timedelta(minutes=estimate_minutes(plan) + 1)
    session = backfill_session(start, rows, routine_id=None, unit=Unit.KG, now=NOW)
    sets = session.sets
    for (slot, a), b in zip(zip(plan.slots, sets, strict=False), sets[1:], strict=False):
        gap = (b.logged_at - a.logged_at).total_seconds()
        assert gap == WORK_SECONDS_PER_SLOT + plan.rest_after(slot)
    assert session.end is not None and session.end <= NOW
