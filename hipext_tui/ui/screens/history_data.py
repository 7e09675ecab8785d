"""What the history screens show, computed away from the UI thread.

These are plain functions over session summaries (or, under an exercise filter, full
sessions), the catalog and the streak rules; they never import Textual, so a worker
thread can call them on a ten-year store while the screen keeps drawing, and tests can
call them without a terminal. Every training rule comes
from ``domain/`` (streaks, session summaries, input parsing); this module only arranges
the results into rows of text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from hipext_tui.domain.catalog import Catalog
from hipext_tui.domain.days import slot_day, training_day
from hipext_tui.domain.format import format_number, format_work, session_name, shown_weight
from hipext_tui.domain.pauses import Pause, paused_dates
from hipext_tui.domain.record import record
from hipext_tui.domain.streaks import (
    DayCell,
    StreakRules,
    Streaks,
    compute_streaks,
    heatmap_weeks,
    week_start_of,
)
from hipext_tui.domain.workout import (
    EARLIEST_YEAR,
    Session,
    SessionSummary,
    SetEntry,
    Side,
    Unit,
    ValidationError,
    summarize,
)

# Enough weeks for the widest terminal we lay out for (200 columns); a narrow terminal
# shows the newest ones that fit.
CALENDAR_WEEKS = 200
# The first view of a long history holds the sessions of at least this many of the
# newest training days: more rows than any terminal shows at once.
FIRST_ROWS = 100
# Days read before the first day a first view needs: a session's own date and its
# training day in the user's zone differ by at most two days (zones, day-start hour).
DAY_MARGIN = 2
# Each further part of a long history, read as the list is scrolled towards its end,
# holds the sessions of about this many older training days.
PAGE_ROWS = 300


@record
class SessionRow:
    """One line of the session list."""

    session_id: str
    day: date
    date_text: str
    time_text: str
    title: str
    sets_text: str
    volume_text: str


@record
class SetRow:
    """One line of a session's set table."""

    set_id: str
    cells: tuple[str, str, str, str, str, str, str, str]


@record
class HistoryView:
    """Everything the history screen draws, built in one pass by :func:`build_history`."""

    rows: tuple[SessionRow, ...]
    streaks: Streaks
    calendar: tuple[tuple[DayCell, ...], ...]
    sets_by_day: dict[date, int]
    rest_days: frozenset[date]
    total_sessions: int
    exercise_filter: str | None
    paused_days: frozenset[date] = frozenset()
    weekly_km: Mapping[date, float] | None = None  # None: no runs imported
    # False for a first view (see :func:`build_history_from_summaries`): its rows are
    # the newest sessions only, and ``sets_by_day`` covers the weeks shown at once.
    complete: bool = True


def exercise_name(catalog: Catalog, exercise_id: str) -> str:
    """The display name of an exercise (its id when it is no longer in the catalog)."""
    exercise = catalog.get(exercise_id)
    return exercise.name if exercise else exercise_id


def session_title(session: Session | SessionSummary, catalog: Catalog) -> str:
    """The session's one name (:func:`hipext_tui.domain.format.session_name`)."""
    return session_name(session, catalog)


def summary_row(
    summary: SessionSummary,
    catalog: Catalog,
    unit: Unit,
    rules: StreakRules,
    counted: SessionSummary | None = None,
) -> SessionRow:
    """The list line of a session from its summary.

    ``counted`` is the summary whose sets and volume are shown (the sets of one exercise
    under a filter); by default the whole session's.
    """
    counted = counted or summary
    start = summary.start.astimezone(rules.timezone)
    day = training_day(summary.start, rules.timezone, rules.day_start_hour)
    sets_text = str(counted.working_sets)
    if counted.warmup_sets:
        sets_text += f"+{counted.warmup_sets}w"
    return SessionRow(
        session_id=summary.id,
        day=day,
        date_text=day.strftime("%a %Y-%m-%d"),
        time_text=start.strftime("%H:%M"),
        title=session_title(summary, catalog),
        sets_text=sets_text,
        volume_text=format_work(counted.volume(unit), unit, counted.bodyweight_reps),
    )


def session_row(
    session: Session,
    catalog: Catalog,
    unit: Unit,
    rules: StreakRules,
    exercise_filter: str | None = None,
) -> SessionRow:
    """The list line of a session; with a filter, sets and volume count that exercise only."""
    counted = None
    if exercise_filter:
        only = tuple(s for s in session.sets if s.exercise_id == exercise_filter)
        counted = summarize(replace(session, sets=only))
    return summary_row(summarize(session), catalog, unit, rules, counted)


def build_history(
    sessions: Sequence[Session],
    rest_days: set[date] | frozenset[date],
    catalog: Catalog,
    unit: Unit,
    today: date,
    rules: StreakRules,
    exercise_filter: str | None = None,
    weeks: int = CALENDAR_WEEKS,
    *,
    pauses: Iterable[Pause] = (),
    weekly_km: Mapping[date, float] | None = None,
) -> HistoryView:
    """The history from full sessions: what an exercise filter needs (the sets).

    Without a filter, :func:`build_history_from_summaries` gives the same view from the
    store's summaries, without any set.
    """
    summaries = [summarize(s) for s in sessions]
    if exercise_filter is None:
        return build_history_from_summaries(
            summaries, rest_days, catalog, unit, today, rules, weeks,
            pauses=pauses, weekly_km=weekly_km,
        )  # fmt: skip
    listed = [s for s in sessions if any(e.exercise_id == exercise_filter for e in s.sets)]
    listed.sort(key=lambda s: s.start, reverse=True)
    rows = tuple(session_row(s, catalog, unit, rules, exercise_filter) for s in listed)
    extra = _Extras(tuple(pauses), weekly_km)
    return _assemble(rows, summaries, rest_days, today, rules, exercise_filter, weeks, extra)


def build_history_from_summaries(
    summaries: Sequence[SessionSummary],
    rest_days: set[date] | frozenset[date],
    catalog: Catalog,
    unit: Unit,
    today: date,
    rules: StreakRules,
    weeks: int = CALENDAR_WEEKS,
    *,
    pauses: Iterable[Pause] = (),
    weekly_km: Mapping[date, float] | None = None,
    first_view: tuple[date, Collection[date]] | None = None,
    row_limit: int | None = FIRST_ROWS,
) -> HistoryView:
    """The session list (newest first), the streaks and the calendar cells, unfiltered.

    ``pauses`` are kept out of the streaks as ``hipext streak`` keeps them and marked on
    the calendar; ``weekly_km`` (None when no run was imported) gives the calendar its
    running row.

    ``first_view`` (``since``, every training day) makes the first view of a long
    history, and of each longer part of it read as the list is scrolled: ``summaries``
    are then those the store holds from ``since`` on (by the start's own date, see
    :func:`first_view_since` and :func:`older_since`). The streaks and the calendar's
    weeks come from the days, so they are the whole history's; the rows are the newest
    ``row_limit`` sessions (all with None) started from two days after ``since`` (all
    of them are read, whatever their zone), which are the top of its list; the
    calendar's shades hold from ``since`` on.
    """
    extra = _Extras(tuple(pauses), weekly_km)
    if first_view is None:
        listed = sorted(summaries, key=_start, reverse=True)
        rows = tuple(summary_row(s, catalog, unit, rules) for s in listed)
        return _assemble(rows, summaries, rest_days, today, rules, None, weeks, extra)
    since, days = first_view
    cutoff = datetime.combine(since + timedelta(days=DAY_MARGIN), datetime.min.time(), UTC)
    listed = sorted((s for s in summaries if s.start >= cutoff), key=_start, reverse=True)
    rows = tuple(summary_row(s, catalog, unit, rules) for s in listed[:row_limit])
    view = _assemble(rows, summaries, rest_days, today, rules, None, weeks, extra, set(days))
    return replace(view, complete=False)


def first_view_since(
    days: Collection[date], today: date, rules: StreakRules, shown_weeks: int
) -> date | None:
    """From which day a first view reads the summaries, or None when that is all of them.

    ``days`` are every training day (the store's day pack). The first view needs the
    sessions of the :data:`FIRST_ROWS` newest training days (the top of the list) and of
    the ``shown_weeks`` newest weeks (the calendar a terminal shows at once).
    """
    newest = sorted(days, reverse=True)
    if len(newest) <= FIRST_ROWS:
        return None
    window = week_start_of(today, rules.week_start) - timedelta(weeks=max(1, shown_weeks) - 1)
    since = min(newest[FIRST_ROWS - 1], window) - timedelta(days=DAY_MARGIN)
    return since if since > newest[-1] else None


def older_since(days: Collection[date], since: date, rows: int = PAGE_ROWS) -> date | None:
    """From which day the next part of a long history reads, once the part from
    ``since`` on is listed: enough for about ``rows`` more training days (None: the
    rest is all of the history)."""
    older = sorted((d for d in days if d < since + timedelta(days=DAY_MARGIN)), reverse=True)
    if len(older) <= rows:
        return None
    return older[rows - 1] - timedelta(days=DAY_MARGIN)


def _start(summary: SessionSummary) -> datetime:
    return summary.start


@record
class _Extras:
    """What the calendar shows besides the sessions: pauses and running."""

    pauses: tuple[Pause, ...] = ()
    weekly_km: Mapping[date, float] | None = None


def _assemble(
    rows: tuple[SessionRow, ...],
    summaries: Sequence[SessionSummary],
    rest_days: set[date] | frozenset[date],
    today: date,
    rules: StreakRules,
    exercise_filter: str | None,
    weeks: int,
    extra: _Extras,
    every_day: set[date] | None = None,
) -> HistoryView:
    """The streaks and calendar of every session around the listed rows; ``every_day``
    are the training days when ``summaries`` are not every session."""
    tz, hour = rules.timezone, rules.day_start_hour
    # Sets per training day; each 15-minute slot lies on one day (see domain.days).
    sets_by_day: dict[date, int] = {}
    for summary in summaries:
        for slot, count in zip(summary.slots, summary.slot_sets, strict=True):
            day = slot_day(slot, tz, hour)
            sets_by_day[day] = sets_by_day.get(day, 0) + count
    days = set(sets_by_day) if every_day is None else every_day
    pauses = extra.pauses
    streaks = compute_streaks(days, rest_days, today, rules, pauses)
    paused = frozenset(paused_dates(pauses))
    shown = set(rest_days) | {p.start for p in pauses} | set(extra.weekly_km or ())
    weeks = min(weeks, calendar_weeks(days, shown, today, rules))
    calendar = heatmap_weeks(days, rest_days, today, rules, weeks=weeks, pauses=pauses)
    return HistoryView(
        rows=rows,
        streaks=streaks,
        calendar=tuple(tuple(column) for column in calendar),
        sets_by_day=sets_by_day,
        rest_days=frozenset(rest_days),
        total_sessions=len(summaries),
        exercise_filter=exercise_filter,
        paused_days=paused,
        weekly_km=extra.weekly_km,
    )


def calendar_weeks(
    days: Collection[date], rest_days: Collection[date], today: date, rules: StreakRules
) -> int:
    """Weeks from the month of the first day logged or planned (at most today) to now.

    A new store shows the current month only, a young one its months so far.
    """
    first = min((d for d in (*days, *rest_days) if d <= today), default=today)
    start = week_start_of(first.replace(day=1), rules.week_start)
    return (week_start_of(today, rules.week_start) - start).days // 7 + 1


def list_title(view: HistoryView, catalog: Catalog) -> str:
    """What the list holds, for the screen's title: "1,204 sessions", "newest 100
    sessions" (a long history, read in part) or "Deadlift: 3 of 12 sessions" (filtered)."""
    shown = len(view.rows)
    if view.exercise_filter:
        name = exercise_name(catalog, view.exercise_filter)
        return f"{name}: {shown:,} of {view.total_sessions:,} sessions"
    if not view.complete:
        return f"newest {shown:,} sessions"
    return f"{shown:,} session{'' if shown == 1 else 's'}"


def streak_line(streaks: Streaks) -> str:
    """The streak numbers in one line that fits 80 columns."""
    last = streaks.last_workout.strftime("%a %d %b %Y") if streaks.last_workout else "never"
    return (
        f"Streak {streaks.current_days} d (best {streaks.longest_days})  "
        f"Weeks {streaks.current_weeks} at {streaks.weekly_goal}+/wk "
        f"(best {streaks.longest_weeks})  Last {last}"
    )


def day_line(
    day: date, cell: DayCell | None, sets: int, km: float | None = None, paused: bool = False
) -> str:
    """What the calendar cursor is on, e.g. ``Tue 2025-03-04: trained, 6 sets``; with
    ``km`` the running of that day's week, and ``paused`` for a day inside a pause."""
    label = day.strftime("%a %Y-%m-%d")
    if cell is None:
        return label
    parts: list[str] = []
    if cell.trained:
        parts.append(f"trained, {sets} set{'s' if sets != 1 else ''}")
    if cell.rest:
        parts.append("planned rest day")
    if paused or cell.paused:
        parts.append("paused")
    if not parts:
        parts.append("to come" if cell.future else "nothing logged")
    if km:
        parts.append(f"week {format_number(km)} km run")
    return f"{label}: {'; '.join(parts)}"


def set_row(entry: SetEntry, catalog: Catalog, tz: tzinfo, unit: Unit) -> SetRow:
    """One set as table cells: time, exercise, side, reps, weight, seconds, RPE, warm-up."""
    side = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.NONE: "Both"}[entry.side]
    weight = f"{format_number(shown_weight(entry, unit))} {unit.value}" if entry.weight else "-"
    return SetRow(
        set_id=entry.id,
        cells=(
            entry.logged_at.astimezone(tz).strftime("%H:%M"),
            exercise_name(catalog, entry.exercise_id),
            side,
            str(entry.reps),
            weight,
            str(entry.seconds) if entry.seconds else "-",
            format_number(entry.rpe) if entry.rpe is not None else "-",
            ", ".join(
                (["warm"] if entry.is_warmup else [])
                + ([f"pain {entry.pain.label}"] if entry.pain else [])
            ),
        ),
    )


def parse_day(text: str, today: date) -> date:
    """A date typed as YYYY-MM-DD that is not after ``today``; ValidationError otherwise."""
    raw = text.strip()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"date: '{raw}' is not a date like 2025-03-04") from None
    if len(raw) != 10:
        raise ValidationError(f"date: '{raw}' is not a date like 2025-03-04")
    if day > today:
        raise ValidationError(f"date: {day.isoformat()} is in the future")
    if day.year < EARLIEST_YEAR:
        raise ValidationError(f"date: {day.isoformat()} is before {EARLIEST_YEAR}")
    return day
