"""Pauses: table-driven checks of what they do to daily and weekly streaks."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest

from hipext_tui.domain.pauses import Pause, PauseReason, parse_reason
from hipext_tui.domain.streaks import StreakRules, compute_streaks, heatmap_weeks
from hipext_tui.domain.workout import ValidationError

MON = date(2024, 6, 3)  # a Monday
RULES = StreakRules(pendulum.timezone("UTC"), weekly_goal=2)


def d(offset: int) -> date:
    return MON + timedelta(days=offset)


def run(trained: list[int], today: int, pauses: list[tuple[int, int]], rest: list[int] = ()):  # type: ignore[assignment]
    return compute_streaks(
        {d(i) for i in trained},
        {d(i) for i in rest},
        d(today),
        RULES,
        [Pause(d(a), d(b), PauseReason.TRIP) for a, b in pauses],
    )


# (case, trained, today, pauses, rest, current_days, longest_days, paused_days, until_break)
DAILY = [
    ("no pause: a gap breaks", [0, 1, 4], 4, [], [], 1, 2, 0, 1),
    ("a pause bridges the gap", [0, 1, 4], 4, [(2, 3)], [], 3, 3, 2, 1),
    ("paused days do not add", [0, 1], 3, [(2, 3)], [], 2, 2, 2, 1),
    ("pause and rest together", [0, 5], 5, [(1, 2)], [3, 4], 2, 2, 2, 1),
    ("training inside a pause counts", [0, 2], 2, [(1, 3)], [], 2, 2, 2, 2),
    ("a pause ahead gives slack", [0, 1], 1, [(2, 5)], [], 2, 2, 0, 5),
    ("nothing today: train today", [0, 1], 2, [], [], 2, 2, 0, 0),
    ("paused today, then free", [0, 1], 2, [(2, 2)], [], 2, 2, 1, 1),
    ("rest then pause ahead", [0], 0, [(2, 3)], [1], 1, 1, 0, 4),
    ("broken streak: nothing to keep", [0], 3, [(5, 8)], [], 0, 1, 0, 0),
    ("a pause after today does not count yet", [0], 0, [(1, 3)], [], 1, 1, 0, 4),
]


@pytest.mark.parametrize(
    ("trained", "today", "pauses", "rest", "current", "longest", "paused", "until"),
    [pytest.param(*row[1:], id=row[0]) for row in DAILY],
)
def test_daily_streak_with_pauses(
    trained: list[int],
    today: int,
    pauses: list[tuple[int, int]],
    rest: list[int],
    current: int,
    longest: int,
    paused: int,
    until: int,
) -> None:
    got = run(trained, today, pauses, rest)
    assert (got.current_days, got.longest_days) == (current, longest)
    assert (got.paused_days, got.days_until_break) == (paused, until)


# Weeks start on Monday (offsets 0, 7, 14, ...); the goal is 2 training days a week.
# (case, trained, today, pauses, current_weeks, longest_weeks)
WEEKLY = [
    ("a missed week breaks", [0, 1, 14, 15], 16, [], 1, 1),
    ("a week paused for 4 days steps over", [0, 1, 14, 15], 16, [(7, 10)], 2, 2),
    ("3 paused days are not enough", [0, 1, 14, 15], 16, [(7, 9)], 1, 1),
    ("a pause across two weeks, 4 days in each", [0, 1, 21, 22], 22, [(10, 17)], 2, 2),
    ("a paused week does not add, even kept", [0, 1, 7, 8, 14, 15], 16, [(9, 13)], 2, 2),
    ("paused this week: last week's run holds", [0, 1, 7, 8], 14, [(14, 18)], 2, 2),
    ("paused last week: the week before counts", [0, 1], 15, [(7, 13)], 1, 1),
    ("this week not kept yet, last week paused", [0, 1], 14, [(7, 11)], 1, 1),
]


@pytest.mark.parametrize(
    ("trained", "today", "pauses", "current", "longest"),
    [pytest.param(*row[1:], id=row[0]) for row in WEEKLY],
)
def test_weekly_streak_with_pauses(
    trained: list[int], today: int, pauses: list[tuple[int, int]], current: int, longest: int
) -> None:
    got = run(trained, today, pauses)
    assert (got.current_weeks, got.longest_weeks) == (current, longest)


def test_the_calendar_marks_paused_days() -> None:
    columns = heatmap_weeks(set(), set(), d(9), RULES, weeks=2, pauses=[Pause(d(5), d(12))])
    paused = [cell.day for column in columns for cell in column if cell.paused]
    assert paused == [d(i) for i in range(5, 13)]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (d(3), d(2), "pause: ends 2024-06-05, before it starts 2024-06-06"),
        (d(0), d(366), "pause: at most 366 days at a time"),
    ],
)
def test_bad_pauses_are_refused(start: date, end: date, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Pause(start, end)
    assert str(caught.value) == message


def test_pause_round_trip_and_reasons() -> None:
    pause = Pause(d(0), d(6), PauseReason.INJURY)
    assert Pause.from_dict(pause.to_dict()) == pause
    assert pause.to_dict() == {"from": "2024-06-03", "to": "2024-06-09", "reason": "injury"}
    assert Pause.from_dict({"from": "2024-06-03", "to": "2024-06-03"}).reason is PauseReason.OTHER
    with pytest.raises(ValidationError, match="reason: 'holiday' is not one of trip, injury"):
        parse_reason("holiday")
    with pytest.raises(ValidationError, match="from: 'soon' is not a date"):
        Pause.from_dict({"from": "soon", "to": "2024-06-03"})
