"""Property tests: the streak engine against a slow, obviously-correct reference.

The reference walks the calendar one day (and one week) at a time, the way a person
would count on a wall calendar; the engine sorts and scans. They must agree on every
random history. Set HIPEXT_LONG=1 for many more examples.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipext_tui.domain.pauses import Pause
from hipext_tui.domain.streaks import StreakRules, compute_streaks, training_days

pytestmark = pytest.mark.reliability

EXAMPLES = 5000 if os.environ.get("HIPEXT_LONG") == "1" else 200
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASE = date(2023, 12, 27)  # a Wednesday, so histories straddle a year end and both week starts
SPAN = 120  # days of history; small enough that streaks and kept weeks are common

# Zones with DST in either hemisphere, half-hour and 45-minute offsets, a 30-minute DST
# shift (Lord Howe), and one without DST at all.
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "UTC",
]


# --- reference streaks ---------------------------------------------------------------


def reference(
    trained: set[date],
    rest: set[date],
    today: date,
    week_start: str,
    goal: int,
    paused: frozenset[date] = frozenset(),
) -> tuple[int, int, int, int, date | None]:
    """(current_days, longest_days, current_weeks, longest_weeks, last_workout), day by day.

    A paused day is a rest day; a week with 4 or more paused days is left out of the
    list of weeks before the runs of kept weeks are counted.
    """
    trained = {day for day in trained if day <= today}
    rest = {day for day in rest | paused if day <= today}
    if not trained:
        return 0, 0, 0, 0, None
    first = min(trained | rest)

    # Daily: walk every day from the first to today; a rest day carries the count over.
    run_on: dict[date, int] = {}
    run = longest_days = 0
    day = first
    while day <= today:
        if day in trained:
            run += 1
        elif day not in rest:
            run = 0
        run_on[day] = run
        longest_days = max(longest_days, run)
        day += timedelta(days=1)
    yesterday = today - timedelta(days=1)
    covered_today = today in trained or today in rest
    current_days = run_on[today] if covered_today else run_on.get(yesterday, 0)

    # Weekly: find the start of the first week by stepping back, then walk week by week,
    # counting training days by looking at each of the seven days.
    start_weekday = 0 if week_start == "monday" else 6
    week = first
    while week.weekday() != start_weekday:
        week -= timedelta(days=1)
    counted: list[date] = []  # the weeks that are not paused, in order
    this_week = week
    while week <= today:
        this_week = week
        if sum(1 for k in range(7) if week + timedelta(days=k) in paused) < 4:
            counted.append(week)
        week += timedelta(days=7)
    runs: list[int] = []
    run = longest_weeks = 0
    for week in counted:
        count = sum(1 for k in range(7) if week + timedelta(days=k) in trained)
        run = run + 1 if count >= goal else 0
        runs.append(run)
        longest_weeks = max(longest_weeks, run)
    if counted and counted[-1] == this_week and runs[-1] > 0:
        current_weeks = runs[-1]
    else:
        earlier = [r for w, r in zip(counted, runs, strict=True) if w < this_week]
        current_weeks = earlier[-1] if earlier else 0
    return current_days, longest_days, current_weeks, longest_weeks, max(trained)


def reference_until_break(
    trained: set[date], rest: set[date], today: date, paused: frozenset[date]
) -> int:
    """The days from today that may go untrained: found by asking the reference, day
    after day with nothing more trained, whether the daily streak still stands."""
    if reference(trained, rest, today, "monday", 1, paused)[0] == 0:
        return 0
    kept = {day for day in trained if day <= today}
    k = 0
    while reference(kept, rest, today + timedelta(days=k + 1), "monday", 1, paused)[0] > 0:
        k += 1
    return k


day_offsets = st.sets(st.integers(min_value=0, max_value=SPAN), max_size=SPAN)


@FUZZ
@given(
    trained=day_offsets,
    rest=st.sets(st.integers(min_value=0, max_value=SPAN), max_size=40),
    today=st.integers(min_value=0, max_value=SPAN + 10),
    week_start=st.sampled_from(["monday", "sunday"]),
    goal=st.integers(min_value=1, max_value=7),
)
def test_streaks_agree_with_day_by_day_reference(
    trained: set[int], rest: set[int], today: int, week_start: str, goal: int
) -> None:
    check_against_reference(trained, rest, set(), today, week_start, goal)


PAUSE_SPAN = 49  # seven weeks: dense enough that paused and kept weeks meet often
pause_ranges = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=PAUSE_SPAN), st.integers(min_value=0, max_value=9)
    ),
    max_size=4,
)


@FUZZ
@given(
    trained=st.sets(st.integers(min_value=0, max_value=PAUSE_SPAN), max_size=PAUSE_SPAN),
    rest=st.sets(st.integers(min_value=0, max_value=PAUSE_SPAN), max_size=10),
    pauses=pause_ranges,
    today=st.integers(min_value=0, max_value=PAUSE_SPAN + 10),
    week_start=st.sampled_from(["monday", "sunday"]),
    goal=st.integers(min_value=1, max_value=3),
)
def test_streaks_with_pauses_agree_with_day_by_day_reference(
    trained: set[int],
    rest: set[int],
    pauses: list[tuple[int, int]],
    today: int,
    week_start: str,
    goal: int,
) -> None:
    check_against_reference(trained, rest, set(pauses), today, week_start, goal)


def check_against_reference(
    trained: set[int],
    rest: set[int],
    pauses: set[tuple[int, int]],
    today: int,
    week_start: str,
    goal: int,
) -> None:
    """The engine and the reference agree on every figure, pauses included."""
    trained_days = {BASE + timedelta(days=i) for i in trained}
    rest_days = {BASE + timedelta(days=i) for i in rest}
    as_of = BASE + timedelta(days=today)
    rules = StreakRules(pendulum.timezone("UTC"), week_start=week_start, weekly_goal=goal)

    ranges = [Pause(BASE + timedelta(days=a), BASE + timedelta(days=a + n)) for a, n in pauses]
    paused = frozenset(p.start + timedelta(days=k) for p in ranges for k in range(p.length))
    result = compute_streaks(trained_days, rest_days, as_of, rules, ranges)

    expected = reference(trained_days, rest_days, as_of, week_start, goal, paused)
    got = (
        result.current_days,
        result.longest_days,
        result.current_weeks,
        result.longest_weeks,
        result.last_workout,
    )
    assert got == expected
    assert result.as_of == as_of
    assert result.paused_days == sum(1 for day in paused if day <= as_of)
    assert result.days_until_break == reference_until_break(trained_days, rest_days, as_of, paused)
    # Every kept week starts on the chosen weekday and lies no later than today.
    start_weekday = 0 if week_start == "monday" else 6
    assert all(w.weekday() == start_weekday and w <= as_of for w in result.kept_weeks)


# --- reference timestamp conversion ----------------------------------------------------


def _transitions(zone: str, years: range) -> list[datetime]:
    """The UTC instants at which ``zone`` changed its offset in ``years``.

    Found by comparing offsets at month starts, then bisecting to the minute.
    """
    tz = pendulum.timezone(zone)
    found: list[datetime] = []
    for year in years:
        for month in range(1, 13):
            lo = datetime(year, month, 1, tzinfo=UTC)
            hi = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
            if lo.astimezone(tz).utcoffset() == hi.astimezone(tz).utcoffset():
                continue  # at most one change a month in every zone above
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == lo.astimezone(tz).utcoffset():
                    lo = mid
                else:
                    hi = mid
            found.append(hi.replace(second=0, microsecond=0))
    return found


TRANSITIONS = {zone: _transitions(zone, range(2019, 2027)) for zone in ZONES}
NEAR_TRANSITION = [(zone, moment) for zone, moments in TRANSITIONS.items() for moment in moments]


def reference_day(moment: datetime, zone: str, day_start_hour: int) -> date:
    """The local date of ``moment``, moved back a day when its wall clock is before the
    day-start hour."""
    wall = pendulum.instance(moment).in_timezone(zone)
    day = date(wall.year, wall.month, wall.day)
    return day - timedelta(days=1) if wall.hour < day_start_hour else day


anywhere_instant = st.tuples(
    st.sampled_from(ZONES),
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
    ),
)
near_dst_instant = st.builds(
    lambda pair, minutes: (pair[0], pair[1] + timedelta(minutes=minutes)),
    st.sampled_from(NEAR_TRANSITION),
    st.integers(min_value=-36 * 60, max_value=36 * 60),
)


@FUZZ
@given(
    instants=st.lists(st.one_of(anywhere_instant, near_dst_instant), min_size=1, max_size=8),
    day_start_hour=st.integers(min_value=0, max_value=23),
)
def test_training_days_agree_with_pendulum_conversion(
    instants: list[tuple[str, datetime]], day_start_hour: int
) -> None:
    for zone, moment in instants:
        rules = StreakRules(pendulum.timezone(zone), day_start_hour=day_start_hour)
        assert training_days([moment], rules) == {reference_day(moment, zone, day_start_hour)}


def test_transition_table_is_not_empty() -> None:
    # Guards the fuzzing above: if the bisection found nothing, DST nights go untested.
    assert len(TRANSITIONS["Europe/Berlin"]) == 2 * 8
    assert len(TRANSITIONS["Australia/Lord_Howe"]) == 2 * 8
    assert TRANSITIONS["UTC"] == []
    assert datetime(2024, 3, 31, 1, 0, tzinfo=UTC) in TRANSITIONS["Europe/Berlin"]
