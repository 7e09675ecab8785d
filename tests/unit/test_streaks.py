"""The streak rules: days, weeks, rest days, day-start hour, DST, heatmap layout."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest

from hipext_tui.domain.settings import Settings
from hipext_tui.domain.streaks import (
    DayCell,
    StreakRules,
    Streaks,
    compute_streaks,
    heatmap_weeks,
    streaks_of,
    training_days,
    training_days_of,
    week_start_of,
)
from hipext_tui.domain.workout import Session, SetEntry, Side, ValidationError

UTC_ZONE = pendulum.timezone("UTC")
BERLIN = pendulum.timezone("Europe/Berlin")
NEW_YORK = pendulum.timezone("America/New_York")

MON = date(2024, 6, 3)  # a Monday; the weeks below are counted from it


def d(offset: int) -> date:
    """The day ``offset`` days after MON."""
    return MON + timedelta(days=offset)


def rules(**overrides: object) -> StreakRules:
    values: dict[str, object] = {"timezone": UTC_ZONE} | overrides
    return StreakRules(**values)  # type: ignore[arg-type]


def streaks(
    trained: list[int], today: int, rest: tuple[int, ...] | list[int] = (), **rule_overrides: object
) -> Streaks:
    return compute_streaks(
        {d(i) for i in trained}, {d(i) for i in rest}, d(today), rules(**rule_overrides)
    )


def local(zone: str, *args: int) -> datetime:
    """A wall-clock time in ``zone``, handed over as the UTC instant it denotes."""
    return pendulum.datetime(*args, tz=zone).in_timezone("UTC")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- daily streaks --------------------------------------------------------------------


def test_empty_history_is_all_zero_and_no_last_workout() -> None:
    result = streaks([], today=10)
    assert (result.current_days, result.longest_days) == (0, 0)
    assert (result.current_weeks, result.longest_weeks) == (0, 0)
    assert result.last_workout is None
    assert result.kept_weeks == frozenset()
    assert result.as_of == d(10)


def test_single_day_today() -> None:
    result = streaks([3], today=3)
    assert (result.current_days, result.longest_days, result.last_workout) == (1, 1, d(3))


def test_streak_ending_yesterday_is_still_current() -> None:
    # Today has nothing yet, but may still be trained.
    result = streaks([1, 2, 3], today=4)
    assert (result.current_days, result.longest_days) == (3, 3)


def test_streak_ending_two_days_ago_is_broken() -> None:
    result = streaks([1, 2, 3], today=5)
    assert (result.current_days, result.longest_days, result.last_workout) == (0, 3, d(3))


def test_gap_starts_a_new_streak() -> None:
    result = streaks([0, 1, 2, 3, 5, 6], today=6)
    assert (result.current_days, result.longest_days) == (2, 4)


def test_current_can_be_the_longest() -> None:
    result = streaks([0, 1, 3, 4, 5], today=5)
    assert (result.current_days, result.longest_days) == (3, 3)


def test_rest_day_bridges_but_does_not_add() -> None:
    # Mon trained, Tue rest, Wed trained: one streak of two training days.
    result = streaks([0, 2], today=2, rest=[1])
    assert (result.current_days, result.longest_days) == (2, 2)


def test_several_rest_days_bridge_a_longer_gap() -> None:
    result = streaks([0, 1, 5], today=5, rest=[2, 3, 4])
    assert (result.current_days, result.longest_days) == (3, 3)


def test_gap_with_one_unplanned_day_breaks_even_with_rest_days() -> None:
    result = streaks([0, 1, 5], today=5, rest=[2, 4])
    assert (result.current_days, result.longest_days) == (1, 2)


def test_rest_yesterday_keeps_the_streak_while_today_is_open() -> None:
    # The brief's example: trained Mon, rest Tue, today Wed with nothing yet => 1.
    result = streaks([0], today=2, rest=[1])
    assert result.current_days == 1


def test_rest_today_keeps_the_streak() -> None:
    result = streaks([0, 1], today=2, rest=[2])
    assert result.current_days == 2


def test_rest_days_up_to_yesterday_keep_the_streak() -> None:
    result = streaks([0], today=4, rest=[1, 2, 3])
    assert result.current_days == 1


def test_rest_day_after_a_missed_day_does_not_revive_the_streak() -> None:
    # Mon trained, Tue nothing, Wed rest, today Thu: the streak broke on Tuesday.
    assert streaks([0], today=3, rest=[2]).current_days == 0
    # Same with the rest day being today.
    assert streaks([0], today=2, rest=[2]).current_days == 0


def test_rest_days_alone_make_no_streak() -> None:
    result = streaks([], today=3, rest=[0, 1, 2, 3])
    assert (result.current_days, result.longest_days, result.last_workout) == (0, 0, None)


def test_a_trained_rest_day_counts_as_a_training_day() -> None:
    result = streaks([0, 1, 2], today=2, rest=[1])
    assert (result.current_days, result.longest_days) == (3, 3)


def test_future_rest_days_change_nothing() -> None:
    assert streaks([0], today=2, rest=[3, 4]).current_days == 0


def test_as_of_ignores_later_training_days() -> None:
    result = streaks([0, 1, 2, 10, 11, 12, 13, 14], today=2)
    assert result.current_days == 3
    assert result.longest_days == 3
    assert result.last_workout == d(2)
    assert result.as_of == d(2)
    assert max(result.kept_weeks) <= d(2)


# --- weekly streaks -------------------------------------------------------------------

# Four Monday weeks A, B, C, D (D is this week, today is its Thursday) holding 3, 2, 1 and
# 2 training days.
WEEKS_HISTORY = [0, 2, 4, 7, 9, 14, 21, 22]
WEEKS_TODAY = 24


@pytest.mark.parametrize(
    ("goal", "current", "longest", "kept"),
    [
        (1, 4, 4, [0, 7, 14, 21]),
        (2, 1, 2, [0, 7, 21]),
        (3, 0, 1, [0]),
    ],
)
def test_weekly_goal_decides_which_weeks_are_kept(
    goal: int, current: int, longest: int, kept: list[int]
) -> None:
    result = streaks(WEEKS_HISTORY, today=WEEKS_TODAY, weekly_goal=goal)
    assert (result.current_weeks, result.longest_weeks) == (current, longest)
    assert result.kept_weeks == {d(i) for i in kept}
    assert result.weekly_goal == goal


def test_current_week_not_yet_kept_counts_up_to_last_week() -> None:
    # Three kept weeks, and one training day so far this week (goal 2).
    result = streaks([0, 1, 7, 8, 14, 15, 21], today=23)
    assert (result.current_weeks, result.longest_weeks) == (3, 3)


def test_current_week_kept_counts_this_week() -> None:
    result = streaks([0, 1, 7, 8, 14, 15, 21, 22], today=23)
    assert (result.current_weeks, result.longest_weeks) == (4, 4)


def test_missed_last_week_breaks_the_weekly_streak() -> None:
    result = streaks([0, 1, 7, 8, 21], today=23)
    assert (result.current_weeks, result.longest_weeks) == (0, 2)


def test_rest_days_do_not_count_toward_the_weekly_goal() -> None:
    result = streaks([0], today=6, rest=[1, 2, 3])
    assert (result.current_weeks, result.longest_weeks) == (0, 0)


def test_week_start_monday_versus_sunday() -> None:
    # Training every Saturday and Sunday for three weekends; today is the last Sunday.
    history = [5, 6, 12, 13, 19, 20]
    monday = streaks(history, today=20, week_start="monday")
    # Monday weeks hold a whole weekend each: three kept weeks, this one included.
    assert (monday.current_weeks, monday.longest_weeks) == (3, 3)
    assert monday.kept_weeks == {d(0), d(7), d(14)}
    sunday = streaks(history, today=20, week_start="sunday")
    # Sunday weeks hold a Sunday and the following Saturday: the weeks of Jun 9 and
    # Jun 16 are kept; this week (from Jun 23) has one day so far.
    assert (sunday.current_weeks, sunday.longest_weeks) == (2, 2)
    assert sunday.kept_weeks == {date(2024, 6, 9), date(2024, 6, 16)}


def test_week_start_of() -> None:
    wednesday = date(2024, 6, 5)
    assert week_start_of(wednesday, "monday") == date(2024, 6, 3)
    assert week_start_of(wednesday, "sunday") == date(2024, 6, 2)
    sunday = date(2024, 6, 9)
    assert week_start_of(sunday, "monday") == date(2024, 6, 3)
    assert week_start_of(sunday, "sunday") == sunday
    assert week_start_of(MON, "monday") == MON


# --- timestamps to training days -------------------------------------------------------


def test_day_start_hour_four_moves_a_late_night_set_to_the_day_before() -> None:
    night = local("Europe/Berlin", 2024, 6, 5, 1, 30)
    assert training_days([night], StreakRules(BERLIN)) == {date(2024, 6, 5)}
    assert training_days([night], StreakRules(BERLIN, day_start_hour=4)) == {date(2024, 6, 4)}


def test_day_start_hour_four_joins_a_late_night_set_to_the_streak() -> None:
    moments = [local("Europe/Berlin", 2024, 6, 3, 18, 0), local("Europe/Berlin", 2024, 6, 5, 1, 30)]
    early = StreakRules(BERLIN, day_start_hour=4)
    result = compute_streaks(training_days(moments, early), set(), date(2024, 6, 4), early)
    assert (result.current_days, result.last_workout) == (2, date(2024, 6, 4))


def test_berlin_spring_forward_around_midnight() -> None:
    # Sunday 2024-03-31, 02:00 CET became 03:00 CEST.
    zone = "Europe/Berlin"
    cases = {
        local(zone, 2024, 3, 30, 23, 30): date(2024, 3, 30),
        local(zone, 2024, 3, 31, 0, 30): date(2024, 3, 31),
        local(zone, 2024, 3, 31, 23, 30): date(2024, 3, 31),
        local(zone, 2024, 4, 1, 0, 30): date(2024, 4, 1),
    }
    # The last one is 22:30 UTC on the 31st: a fixed UTC+1 reading would misdate it.
    assert utc(2024, 3, 31, 22, 30) in cases
    rules_ = StreakRules(BERLIN)
    for moment, day in cases.items():
        assert training_days([moment], rules_) == {day}
    result = compute_streaks(training_days(cases, rules_), set(), date(2024, 4, 1), rules_)
    assert (result.current_days, result.current_weeks) == (3, 1)
    # The DST week (Mon 25 March to Sun 31 March) holds two training days and is kept.
    assert result.kept_weeks == {date(2024, 3, 25)}


def test_berlin_fall_back_around_midnight() -> None:
    # Sunday 2024-10-27, 03:00 CEST became 02:00 CET.
    zone = "Europe/Berlin"
    cases = {
        local(zone, 2024, 10, 26, 23, 30): date(2024, 10, 26),
        local(zone, 2024, 10, 27, 0, 30): date(2024, 10, 27),
        local(zone, 2024, 10, 27, 23, 30): date(2024, 10, 27),
        local(zone, 2024, 10, 28, 0, 30): date(2024, 10, 28),
    }
    # 22:30 UTC is the 27th before the change and the 27th after it too, a day apart.
    assert utc(2024, 10, 26, 22, 30) in cases
    assert utc(2024, 10, 27, 22, 30) in cases
    rules_ = StreakRules(BERLIN)
    for moment, day in cases.items():
        assert training_days([moment], rules_) == {day}
    result = compute_streaks(training_days(cases, rules_), set(), date(2024, 10, 28), rules_)
    assert (result.current_days, result.longest_days) == (3, 3)
    assert result.kept_weeks == {date(2024, 10, 21)}


@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_new_york_spring_forward_week(week_start: str) -> None:
    # Sunday 2024-03-10, 02:00 EST became 03:00 EDT.
    zone = "America/New_York"
    moments = [
        local(zone, 2024, 3, 9, 23, 30),
        local(zone, 2024, 3, 10, 0, 30),
        local(zone, 2024, 3, 10, 23, 30),
        local(zone, 2024, 3, 11, 0, 30),
    ]
    rules_ = StreakRules(NEW_YORK, week_start=week_start)
    days = training_days(moments, rules_)
    assert days == {date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)}
    result = compute_streaks(days, set(), date(2024, 3, 11), rules_)
    assert result.current_days == 3
    if week_start == "sunday":
        # The week starting on the DST Sunday holds Sun 10 and Mon 11: kept.
        assert result.kept_weeks == {date(2024, 3, 10)}
        assert result.current_weeks == 1
    else:
        # The Monday week ending on the DST Sunday holds Sat 9 and Sun 10: kept; this
        # week has one day so far, so the streak counts up to last week.
        assert result.kept_weeks == {date(2024, 3, 4)}
        assert result.current_weeks == 1


def test_new_york_fall_back_week() -> None:
    # Sunday 2024-11-03, 02:00 EDT became 01:00 EST.
    zone = "America/New_York"
    moments = {
        local(zone, 2024, 11, 2, 23, 30): date(2024, 11, 2),
        local(zone, 2024, 11, 3, 0, 30): date(2024, 11, 3),
        local(zone, 2024, 11, 3, 23, 30): date(2024, 11, 3),
        local(zone, 2024, 11, 4, 0, 30): date(2024, 11, 4),
    }
    rules_ = StreakRules(NEW_YORK, week_start="sunday")
    for moment, day in moments.items():
        assert training_days([moment], rules_) == {day}
    result = compute_streaks(training_days(moments, rules_), set(), date(2024, 11, 4), rules_)
    assert result.current_days == 3
    assert result.kept_weeks == {date(2024, 11, 3)}


def test_day_start_hour_on_berlin_dst_nights() -> None:
    early = StreakRules(BERLIN, day_start_hour=4)
    # Spring: 01:30 CET and 03:30 CEST are both before the day starts at 04:00.
    assert training_days([utc(2024, 3, 31, 0, 30)], early) == {date(2024, 3, 30)}
    assert training_days([utc(2024, 3, 31, 1, 30)], early) == {date(2024, 3, 30)}
    assert training_days([utc(2024, 3, 31, 2, 0)], early) == {date(2024, 3, 31)}  # 04:00 CEST
    # Autumn: 02:30 happens twice (CEST, then CET); both count for Saturday.
    assert training_days([utc(2024, 10, 27, 0, 30)], early) == {date(2024, 10, 26)}
    assert training_days([utc(2024, 10, 27, 1, 30)], early) == {date(2024, 10, 26)}
    assert training_days([utc(2024, 10, 27, 2, 59)], early) == {date(2024, 10, 26)}  # 03:59 CET
    assert training_days([utc(2024, 10, 27, 3, 0)], early) == {date(2024, 10, 27)}  # 04:00 CET


def test_day_start_hour_on_new_york_fall_back_night() -> None:
    # 01:30 happens twice on 2024-11-03: 05:30 UTC (EDT) and 06:30 UTC (EST).
    twice = [utc(2024, 11, 3, 5, 30), utc(2024, 11, 3, 6, 30)]
    assert training_days(twice, StreakRules(NEW_YORK, day_start_hour=4)) == {date(2024, 11, 2)}
    assert training_days(twice, StreakRules(NEW_YORK)) == {date(2024, 11, 3)}


def _set(at: datetime) -> SetEntry:
    return SetEntry(
        id="s" + at.isoformat(), exercise_id="glute-bridge", side=Side.NONE, reps=10, logged_at=at
    )


def test_training_days_of_sessions_uses_every_set_and_skips_empty_sessions() -> None:
    late = local("Europe/Berlin", 2024, 6, 4, 23, 50)
    after_midnight = local("Europe/Berlin", 2024, 6, 5, 0, 10)
    sessions = [
        Session(id="a", start=late, sets=(_set(late), _set(after_midnight))),
        Session(id="b", start=local("Europe/Berlin", 2024, 6, 7, 9, 0)),  # no sets
    ]
    rules_ = StreakRules(BERLIN)
    assert training_days_of(sessions, rules_) == {date(2024, 6, 4), date(2024, 6, 5)}
    result = streaks_of(sessions, [date(2024, 6, 6)], date(2024, 6, 7), rules_)
    assert (result.current_days, result.last_workout) == (2, date(2024, 6, 5))


# --- rules, JSON, heatmap ---------------------------------------------------------------


def test_rules_reject_bad_values_with_a_message() -> None:
    with pytest.raises(ValidationError, match="weekly goal: 0"):
        StreakRules(UTC_ZONE, weekly_goal=0)
    with pytest.raises(ValidationError, match="week start: 'tuesday'"):
        StreakRules(UTC_ZONE, week_start="tuesday")
    with pytest.raises(ValidationError, match="day start hour: 24"):
        StreakRules(UTC_ZONE, day_start_hour=24)


def test_rules_from_settings_and_timezone_override() -> None:
    settings = Settings(
        timezone="Europe/Berlin", week_start="sunday", day_start_hour=4, weekly_goal=3
    )
    from_settings = StreakRules.from_settings(settings)
    # The zone is the standard library's (pendulum's converts in Python, and costs an import).
    assert from_settings == StreakRules(ZoneInfo("Europe/Berlin"), 4, "sunday", 3)
    assert StreakRules.from_settings(settings, NEW_YORK).timezone == NEW_YORK


def test_json_has_exactly_the_documented_keys() -> None:
    result = streaks([0, 1, 2, 7, 8], today=9)
    assert result.to_json_dict("Europe/Berlin") == {
        "current_days": 2,
        "longest_days": 3,
        "current_weeks": 2,
        "longest_weeks": 2,
        "weekly_goal": 2,
        "last_workout": "2024-06-11",
        "as_of": "2024-06-12",
        "timezone": "Europe/Berlin",
        "paused_days": 0,
        "days_until_break": 0,
    }


def test_json_of_empty_history_has_null_last_workout() -> None:
    payload = streaks([], today=0).to_json_dict("UTC")
    assert payload["last_workout"] is None
    assert payload["as_of"] == "2024-06-03"


def test_heatmap_columns_are_weeks_and_rows_follow_the_week_start() -> None:
    today = d(16)  # Wednesday of the third week
    grid = heatmap_weeks({d(0), d(15), d(17)}, {d(16), d(18)}, today, rules(), weeks=3)
    assert len(grid) == 3
    assert all(len(column) == 7 for column in grid)
    assert [column[0].day for column in grid] == [d(0), d(7), d(14)]
    assert all(cell.day.weekday() == row for column in grid for row, cell in enumerate(column))
    assert grid[0][0] == DayCell(d(0), trained=True, rest=False, future=False)
    assert grid[2][1] == DayCell(d(15), trained=True, rest=False, future=False)
    assert grid[2][2] == DayCell(d(16), trained=False, rest=True, future=False)
    # Later days are future: a set there does not show, a planned rest day does.
    assert grid[2][3] == DayCell(d(17), trained=False, rest=False, future=True)
    assert grid[2][4] == DayCell(d(18), trained=False, rest=True, future=True)
    assert [cell.future for cell in grid[2]] == [False] * 3 + [True] * 4


def test_heatmap_with_sunday_weeks_starts_each_column_on_sunday() -> None:
    today = date(2024, 6, 9)  # a Sunday: the last column is just this one day so far
    grid = heatmap_weeks(set(), set(), today, rules(week_start="sunday"), weeks=2)
    assert [column[0].day for column in grid] == [date(2024, 6, 2), today]
    assert all(column[0].day.weekday() == 6 for column in grid)
    assert [cell.future for cell in grid[1]] == [False] + [True] * 6


def test_heatmap_needs_at_least_one_week() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        heatmap_weeks(set(), set(), MON, rules(), weeks=0)


def test_the_same_question_twice_gets_the_kept_answer_and_any_change_a_new_one() -> None:
    days = [d(0), d(1), d(2), d(4)]
    first = compute_streaks(days, [d(3)], d(4), rules())
    assert compute_streaks(iter(days), {d(3)}, d(4), rules()) is first  # any iterable
    assert first.current_days == 4  # the rest day bridges the gap
    assert compute_streaks(days, [], d(4), rules()).current_days == 1  # the rest day gone
    assert compute_streaks(days, [d(3)], d(5), rules()).as_of == d(5)
    assert compute_streaks(days, [d(3)], d(4), rules(weekly_goal=5)).weekly_goal == 5
    assert compute_streaks(days[:2], [d(3)], d(4), rules()).current_days == 0
    assert compute_streaks(days, [d(3)], d(4), rules()) == first
