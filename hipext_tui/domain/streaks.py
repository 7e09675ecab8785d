"""Streaks: how many days and weeks in a row a runner has trained.

Everything here works on local calendar dates. Timestamps become training days through
:func:`hipext_tui.domain.days.training_day` (the user's zone and day-start hour, DST-safe);
from then on the rules only compare :class:`~datetime.date` values, which have no clock
and no offset, so a DST change cannot shift or split a day or a week. Nothing reads the
real clock: ``today`` is always an argument.

The rules, precisely
--------------------
Only days on or before ``today`` take part; later training days and rest days are
ignored, which is what ``--as-of`` needs.

*Training day*: a local date with at least one logged set (warm-up sets included).

*Daily streak*: a rest day is a date the user planned as rest. Call a day *covered* when
it is a training day or a rest day. A streak is a maximal run of consecutive covered
days; its length is the number of training days in it, so rest days bridge a gap without
adding to the count. A day that is both a rest day and a training day counts as a
training day.

- ``current_days``: the streak that ends today if today is covered, otherwise the one
  that ends yesterday; 0 when that day is not covered either. So with training on
  Monday, rest on Tuesday and nothing yet on Wednesday (today), the streak is 1: the
  rest day keeps Monday's streak alive, and Wednesday may still be trained. A rest day
  today keeps the streak alive the same way.
- ``longest_days``: the largest count of any streak, ever.

*Weeks* start on ``week_start`` (Monday or Sunday). A week is *kept* when it holds at
least ``weekly_goal`` training days; rest days neither count toward the goal nor excuse
a missed one.

- ``current_weeks``: the run of consecutive kept weeks ending with this week if this week
  is already kept, otherwise ending with last week (this week may still be kept); 0
  when neither is kept.
- ``longest_weeks``: the longest run of consecutive kept weeks, ever.

``last_workout`` is the latest training day on or before ``today``.

*Pauses* (:mod:`~hipext_tui.domain.pauses`): a paused day counts as a planned rest day
for the daily streak. A week with 4 or more paused days is *paused*: the weekly streak
steps over it as if it were not on the calendar, so it neither breaks the run nor adds
to it, even when it holds enough training days. Pauses are plans, so days of a pause
after ``today`` count for ``days_until_break`` and for whether this week is paused.

- ``paused_days``: how many paused days lie on or before ``today``.
- ``days_until_break``: how many days, starting with today, may go without training
  while the daily streak still holds; the day after them must be trained. With a
  streak of 0 it is 0; with nothing logged today and no rest or pause planned for it,
  it is 0 (train today); with today trained and tomorrow free, it is 1. Planned rest
  days and pauses ahead each add one.

The computation sorts the days once and scans them linearly: ten years of history (about
2,000 training days) take a few milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from hipext_tui.domain.days import resolve_timezone, slot_day
from hipext_tui.domain.pauses import PAUSED_WEEK_DAYS, Pause, paused_dates
from hipext_tui.domain.record import record
from hipext_tui.domain.settings import WEEK_STARTS, Settings
from hipext_tui.domain.workout import Session, SessionSummary, ValidationError, slot_of

_ONE_WEEK = timedelta(days=7)


@record
class StreakRules:
    """The user's choices that decide what counts as a day, a week and a kept week.

    ``timezone`` is the zone in which sets are dated; ``day_start_hour`` is the local hour
    at which a training day begins (with 4, a set at 01:30 counts for the day before);
    ``week_start`` is ``"monday"`` or ``"sunday"``; ``weekly_goal`` is how many training
    days make a kept week (1 to 7). Bad values raise :class:`ValidationError`.
    """

    timezone: tzinfo
    day_start_hour: int = 0
    week_start: str = "monday"
    weekly_goal: int = 2

    def __post_init__(self) -> None:
        if self.week_start not in WEEK_STARTS:
            raise ValidationError(f"week start: '{self.week_start}' is not monday or sunday")
        if not 0 <= self.day_start_hour <= 23:
            raise ValidationError(
                f"day start hour: {self.day_start_hour} is out of range (0 to 23)"
            )
        if not 1 <= self.weekly_goal <= 7:
            raise ValidationError(f"weekly goal: {self.weekly_goal} is out of range (1 to 7)")

    @classmethod
    def from_settings(cls, settings: Settings, timezone: tzinfo | None = None) -> StreakRules:
        """Rules from the user's settings; ``timezone`` (e.g. from ``--tz``) overrides
        the zone named in them, which in turn defaults to the system zone."""
        return cls(
            timezone=timezone if timezone is not None else resolve_timezone(settings.timezone),
            day_start_hour=settings.day_start_hour,
            week_start=settings.week_start,
            weekly_goal=settings.weekly_goal,
        )


@record
class Streaks:
    """The streaks as of one day; see the module docstring for the exact rules.

    ``kept_weeks`` holds the first day of every kept week up to ``as_of``, for drawing a
    calendar.
    """

    current_days: int
    longest_days: int
    current_weeks: int
    longest_weeks: int
    weekly_goal: int
    last_workout: date | None
    as_of: date
    kept_weeks: frozenset[date] = field(default_factory=frozenset, repr=False)
    paused_days: int = 0
    days_until_break: int = 0

    def to_json_dict(self, timezone_name: str) -> dict[str, Any]:
        """The ``hipext streak --json`` form: exactly these ten keys, dates as ISO
        strings, ``last_workout`` null when nothing was ever logged."""
        return {
            "current_days": self.current_days,
            "longest_days": self.longest_days,
            "current_weeks": self.current_weeks,
            "longest_weeks": self.longest_weeks,
            "weekly_goal": self.weekly_goal,
            "last_workout": self.last_workout.isoformat() if self.last_workout else None,
            "as_of": self.as_of.isoformat(),
            "timezone": timezone_name,
            "paused_days": self.paused_days,
            "days_until_break": self.days_until_break,
        }


@record
class DayCell:
    """One square of the calendar heatmap.

    ``trained``: at least one set that day (never true for a future day). ``rest``: a
    planned rest day (shown for future days too, since it is a plan). ``future``: after
    ``today``. ``paused``: inside a pause (future days too).
    """

    day: date
    trained: bool
    rest: bool
    future: bool
    paused: bool = False


def week_start_of(day: date, week_start: str = "monday") -> date:
    """The first day of the week holding ``day``, weeks starting on ``week_start``."""
    # weekday(): Monday 0 .. Sunday 6. Shifting by one makes Sunday 0 for Sunday weeks.
    offset = day.weekday() if week_start == "monday" else (day.weekday() + 1) % 7
    return day - timedelta(days=offset)


def training_days(moments: Iterable[datetime], rules: StreakRules) -> set[date]:
    """The local training days on which the given (timezone-aware) moments fall."""
    return training_days_from_slots({slot_of(moment) for moment in moments}, rules)


def training_days_from_slots(slots: Iterable[int], rules: StreakRules) -> set[date]:
    """The local training days of 15-minute UTC slots (:func:`~.workout.slot_of`).

    Each distinct slot is converted once (and memoised across calls), so passing the
    slots of :class:`~.workout.SessionSummary` values costs far less than the moments.
    """
    tz, hour = rules.timezone, rules.day_start_hour
    return {slot_day(slot, tz, hour) for slot in set(slots)}


def training_days_of_summaries(
    summaries: Iterable[SessionSummary], rules: StreakRules
) -> set[date]:
    """The training days of these sessions from their summaries (no sets needed)."""
    return training_days_from_slots((slot for s in summaries for slot in s.slots), rules)


def training_days_of(sessions: Iterable[Session], rules: StreakRules) -> set[date]:
    """The training days of these sessions: the days of their logged sets.

    A session with no sets does not make a training day.
    """
    return training_days((s.logged_at for sess in sessions for s in sess.sets), rules)


def compute_streaks(
    days: Iterable[date],
    rest_days: Iterable[date],
    today: date,
    rules: StreakRules,
    pauses: Iterable[Pause] = (),
) -> Streaks:
    """The streaks as of ``today`` from training days, planned rest days and pauses.

    Training days after ``today`` are ignored; rest days and pauses after it only count
    for ``days_until_break``. See the module docstring for the rules.
    """
    trained = sorted({day.toordinal() for day in days})
    return streaks_of_ordinals(trained, rest_days, today, rules, pauses)


def streaks_of_ordinals(
    trained: Sequence[int],
    rest_days: Iterable[date],
    today: date,
    rules: StreakRules,
    pauses: Iterable[Pause] = (),
) -> Streaks:
    """:func:`compute_streaks` with the training days as date ordinals, in order, each
    once (as the store's day pack gives them).

    The last answer is kept with its question: the first screen and then the history
    ask the same one (a few milliseconds for ten years of days).
    """
    question = (tuple(trained), frozenset(rest_days), today, rules, tuple(pauses))
    last = _LAST_ANSWER
    if last and last[0][0] == question:
        return last[0][1]
    answer = _streaks(question[0], question[1], today, rules, question[4])
    _LAST_ANSWER[:] = [(question, answer)]
    return answer


# compute_streaks's last question and answer (one entry; a list, so a thread swaps it whole).
_LAST_ANSWER: list[tuple[tuple[Any, ...], Streaks]] = []


def _streaks(
    days: Sequence[int],
    rest_days: frozenset[date],
    today: date,
    rules: StreakRules,
    pauses: tuple[Pause, ...],
) -> Streaks:
    # Work on day ordinals (plain ints): consecutive days differ by one, weeks by seven,
    # and the arithmetic is several times cheaper than on date objects.
    end = today.toordinal()
    trained = list(days[: bisect_right(days, end)])
    paused = {day.toordinal() for day in paused_dates(pauses)}
    planned = set(map(date.toordinal, rest_days)) | paused
    rest = {o for o in planned if o <= end}
    current_days, longest_days = _daily(trained, rest, end)
    kept = _kept_weeks(trained, rules)
    this_week = week_start_of(today, rules.week_start).toordinal()
    current_weeks, longest_weeks = _weekly(kept, this_week, _paused_weeks(paused, rules))
    free = 0
    if current_days:
        covered = planned | ({end} if trained and trained[-1] == end else set())
        while end + free in covered:
            free += 1
    return Streaks(
        current_days=current_days,
        longest_days=longest_days,
        current_weeks=current_weeks,
        longest_weeks=longest_weeks,
        weekly_goal=rules.weekly_goal,
        last_workout=date.fromordinal(trained[-1]) if trained else None,
        as_of=today,
        kept_weeks=frozenset(map(date.fromordinal, kept)),
        paused_days=sum(1 for o in paused if o <= end),
        days_until_break=free,
    )


def streaks_of(
    sessions: Iterable[Session], rest_days: Iterable[date], today: date, rules: StreakRules
) -> Streaks:
    """Shortcut: :func:`compute_streaks` on the training days of ``sessions``."""
    return compute_streaks(training_days_of(sessions, rules), rest_days, today, rules)


def heatmap_weeks(
    days: Iterable[date],
    rest_days: Iterable[date],
    today: date,
    rules: StreakRules,
    weeks: int = 12,
    pauses: Iterable[Pause] = (),
) -> list[list[DayCell]]:
    """A calendar of the last ``weeks`` weeks, ending with the week holding ``today``.

    The result is a list of columns, oldest week first; each column holds the seven days
    of one week in ``rules.week_start`` order (so row 0 is Monday or Sunday). Pure data:
    the UI decides how to draw it; ``column[0].day in streaks.kept_weeks`` tells whether
    that week was kept.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    trained = set(days)
    rest = set(rest_days)
    paused = paused_dates(pauses)
    first = week_start_of(today, rules.week_start) - _ONE_WEEK * (weeks - 1)
    columns: list[list[DayCell]] = []
    for w in range(weeks):
        start = first + _ONE_WEEK * w
        column = []
        for i in range(7):
            day = start + timedelta(days=i)
            future = day > today
            column.append(
                DayCell(
                    day=day,
                    trained=not future and day in trained,
                    rest=day in rest,
                    future=future,
                    paused=day in paused,
                )
            )
        columns.append(column)
    return columns


def _daily(trained: list[int], rest: set[int], today: int) -> tuple[int, int]:
    """(current, longest) daily streak over day ordinals; ``trained`` is sorted and
    nothing is after ``today``."""
    # Two neighbouring training days belong to one streak when every day strictly
    # between them is a rest day: when the rest days between them are as many as the
    # days between them (two binary searches in the sorted rest days, per gap).
    resting = sorted(rest)
    longest = run = 0
    previous = -1
    for day in trained:
        gap = day - previous - 1
        if previous >= 0 and (
            gap == 0 or bisect_left(resting, day) - bisect_right(resting, previous) == gap
        ):
            run += 1
        else:
            run = 1
        if run > longest:
            longest = run
        previous = day
    if previous < 0:
        return 0, 0
    # The last streak is current when it reaches yesterday, through any rest days after
    # its last training day: today then either extends it or may still be trained.
    yesterday = today - 1
    reaches = previous
    while reaches < yesterday and reaches + 1 in rest:
        reaches += 1
    return (run if reaches >= yesterday else 0), longest


def _kept_weeks(trained: list[int], rules: StreakRules) -> list[int]:
    """Ordinals of the first days of the kept weeks, in order."""
    # Ordinal 1 (0001-01-01) is a Monday, so (o - 1) % 7 is the weekday with Monday 0
    # and o % 7 the weekday with Sunday 0.
    shift = 1 if rules.week_start == "monday" else 0
    per_week = Counter([o - (o - shift) % 7 for o in trained])
    goal = rules.weekly_goal
    return sorted(week for week, count in per_week.items() if count >= goal)


def _paused_weeks(paused: set[int], rules: StreakRules) -> set[int]:
    """Ordinals of the first days of the weeks with enough paused days."""
    shift = 1 if rules.week_start == "monday" else 0
    per_week = Counter(o - (o - shift) % 7 for o in paused)
    return {week for week, count in per_week.items() if count >= PAUSED_WEEK_DAYS}


def _weekly(kept: list[int], this_week: int, paused: set[int]) -> tuple[int, int]:
    """(current, longest) run of consecutive kept weeks; ``kept`` is sorted; a week in
    ``paused`` is stepped over."""
    if not paused:
        return _weekly_unpaused(kept, this_week)
    kept_set = set(kept)
    longest = run = before = 0  # before: the run as it stood after last week
    week = kept[0] if kept else this_week
    while week <= this_week:
        if week not in paused:
            run = run + 1 if week in kept_set else 0
            longest = max(longest, run)
        if week < this_week:
            before = run
        week += 7
    this_counts = this_week not in paused and this_week in kept_set
    return (before + 1 if this_counts else before), longest


def _weekly_unpaused(kept: list[int], this_week: int) -> tuple[int, int]:
    longest = run = 0
    previous = None
    for week in kept:
        run = run + 1 if previous is not None and week - previous == 7 else 1
        if run > longest:
            longest = run
        previous = week
    # Kept weeks never lie after this week, so the last run is current exactly when it
    # ends with this week or, this week not yet kept, with last week.
    current = run if previous is not None and previous >= this_week - 7 else 0
    return current, longest
