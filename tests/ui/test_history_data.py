"""Fast tests of the history screens' pure helpers (no terminal involved)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hipext_tui.domain.catalog import load_catalog
from hipext_tui.domain.days import training_day
from hipext_tui.domain.format import format_volume
from hipext_tui.domain.streaks import DayCell, StreakRules
from hipext_tui.domain.workout import Session, SetEntry, Unit, ValidationError, summarize
from hipext_tui.ui.demo import HISTORY_REST_DAYS as REST_DAYS
from hipext_tui.ui.demo import history_session, history_sessions
from hipext_tui.ui.glyphs import ASCII, UNICODE
from hipext_tui.ui.screens.history_data import (
    build_history,
    build_history_from_summaries,
    day_line,
    parse_day,
    session_title,
    streak_line,
)
from hipext_tui.ui.screens.history_progress import exercise_view_of
from hipext_tui.ui.widgets.chart import bar_columns, format_amount
from hipext_tui.ui.widgets.heatmap import _month_line, _month_row, cell_glyph, legend_lines

from .harness import TODAY, TZ

CATALOG = load_catalog()
RULES = StreakRules(timezone=TZ)


# -- dates typed for a backfill ---------------------------------------------------------


def test_parse_day_accepts_past_days_and_today() -> None:
    assert parse_day(" 2025-03-01 ", TODAY) == date(2025, 3, 1)
    assert parse_day("2025-03-12", TODAY) == TODAY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-03-13", "date: 2025-03-13 is in the future"),
        ("2025-3-1", "is not a date like 2025-03-04"),
        ("2025-02-30", "is not a date like 2025-03-04"),
        ("yesterday", "is not a date like 2025-03-04"),
        ("", "is not a date like 2025-03-04"),
    ],
)
def test_parse_day_refuses_bad_dates(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_day(text, TODAY)


# -- the list, the streak line and the calendar ---------------------------------------------


def test_session_titles() -> None:
    session = history_session(date(2025, 3, 6), 3)
    assert session_title(session, CATALOG) == "Hip extension for runners"
    free = replace(session, routine_id=None)
    assert session_title(free, CATALOG) == "Single-leg glute bridge +4"
    one = replace(free, sets=tuple(s for s in free.sets if s.exercise_id == "deadlift"))
    assert session_title(one, CATALOG) == "Deadlift"
    assert session_title(replace(free, sets=()), CATALOG) == "(no sets)"


def test_build_history_lists_newest_first_and_filters() -> None:
    sessions = history_sessions()
    view = build_history(sessions, set(REST_DAYS), CATALOG, Unit.KG, TODAY, RULES)
    days = [row.day for row in view.rows]
    assert days == sorted(days, reverse=True) and len(days) == len(sessions)
    assert view.rows[0].date_text == "Mon 2025-03-10"
    assert view.sets_by_day[date(2025, 3, 6)] == 17
    assert view.streaks.current_days == 1  # Monday, then Tuesday's rest day
    assert view.calendar[-1][0].day == date(2025, 3, 10)  # the week holding today
    lone = replace(sessions[0], id="lone", sets=sessions[0].sets[:1])
    filtered = build_history(
        [*sessions, lone], set(), CATALOG, Unit.KG, TODAY, RULES, "kickstand-deadlift"
    )
    assert len(filtered.rows) == len(sessions)
    assert filtered.rows[0].sets_text == "4"  # that exercise's sets only


def test_volume_shows_in_the_settings_unit() -> None:
    session = history_session(date(2025, 3, 6), 0)
    view = build_history([session], set(), CATALOG, Unit.LB, TODAY, RULES)
    kg = session.volume(Unit.KG)
    assert view.rows[0].volume_text == f"{round(kg * 2.2046226218):,} lb"


def test_the_list_from_summaries_is_the_list_from_sessions() -> None:
    sessions = history_sessions()
    pounds = replace(
        sessions[3], id="lb", sets=tuple(replace(s, unit=Unit.LB) for s in sessions[3].sets)
    )
    sessions = [*sessions, pounds]
    rules = StreakRules(timezone=TZ, day_start_hour=4)
    for unit in Unit:
        view = build_history_from_summaries(
            [summarize(s) for s in sessions], set(REST_DAYS), CATALOG, unit, TODAY, rules
        )
        assert view == build_history(sessions, set(REST_DAYS), CATALOG, unit, TODAY, rules)
        by_id = {s.id: s for s in sessions}
        for row in view.rows:
            session = by_id[row.session_id]
            assert row.volume_text == format_volume(session.volume(unit), unit)
            assert row.title == session_title(session, CATALOG)
    # Sets per day, counted set by set, as the calendar's day line shows them.
    expected: dict[date, int] = {}
    for session in sessions:
        for entry in session.sets:
            day = training_day(entry.logged_at, TZ, 4)
            expected[day] = expected.get(day, 0) + 1
    assert view.sets_by_day == expected


def test_streak_and_day_lines() -> None:
    view = build_history(history_sessions(), set(REST_DAYS), CATALOG, Unit.KG, TODAY, RULES)
    line = streak_line(view.streaks)
    assert line.startswith("Streak 1 d (best 1)  Weeks 20 at 2+/wk")
    assert len(line) <= 78
    day = date(2025, 3, 11)
    cell = DayCell(day, trained=False, rest=True, future=False)
    assert day_line(day, cell, 0) == "Tue 2025-03-11: planned rest day"
    cell = DayCell(day, trained=True, rest=False, future=False)
    assert day_line(day, cell, 1) == "Tue 2025-03-11: trained, 1 set"


def test_calendar_glyphs_differ_for_every_kind_of_day() -> None:
    day = date(2025, 3, 11)
    glyphs = {
        cell_glyph(DayCell(day, trained=True, rest=False, future=False)),
        cell_glyph(DayCell(day, trained=False, rest=True, future=False)),
        cell_glyph(DayCell(day, trained=False, rest=False, future=False)),
        cell_glyph(DayCell(day, trained=False, rest=False, future=True)),
    }
    assert len(glyphs) == 4
    # Trained on a planned rest day reads as trained.
    assert cell_glyph(DayCell(day, trained=True, rest=True, future=False)) == "█"


def test_training_days_are_shaded_by_sets_in_four_levels() -> None:
    trained = DayCell(date(2025, 3, 11), trained=True, rest=False, future=False)
    shades = [cell_glyph(trained, sets) for sets in (1, 4, 5, 9, 10, 19, 20, 60)]
    assert shades == ["░", "░", "▒", "▒", "▓", "▓", "█", "█"]
    assert [cell_glyph(trained, n, ASCII) for n in (1, 5, 10, 20)] == ["-", "+", "x", "#"]
    assert legend_lines(2, UNICODE, 80) == [
        "sets ░1-4 ▒5-9 ▓10-19 █20+  ○ rest  · none  ✓ 2+ days/wk"
    ]
    assert legend_lines(3, ASCII, 40) == [
        "sets -=1-4 +=5-9 x=10-19 #=20+",
        "o rest  . none  * 3+ days/wk",
    ]


def test_a_new_store_shows_the_current_month_only() -> None:
    view = build_history([], set(), CATALOG, Unit.KG, TODAY, RULES)
    days = [cell.day for column in view.calendar for cell in column]
    # Weeks from the one holding 1 March 2025 to the one holding today, 12 March.
    assert days[0] == date(2025, 2, 24) and days[-1] == date(2025, 3, 16)
    young = build_history(history_sessions(weeks=5), set(), CATALOG, Unit.KG, TODAY, RULES)
    assert young.calendar[0][0].day == date(2025, 1, 27)  # the week of 1 February


def test_month_labels_sit_over_the_week_of_the_first_and_never_overlap() -> None:
    view = build_history(history_sessions(), set(), CATALOG, Unit.KG, TODAY, RULES, weeks=20)
    row = _month_row(view.calendar)
    assert len(row) == 20
    # Every month is named; a year in a name would have hidden the next month's (Dec
    # behind "Nov'24", Feb behind "Jan'25"), so the first name's year is in the label
    # column, and January needs none after December.
    assert row.split() == ["Nov", "Dec", "Jan", "Feb", "Mar"]
    assert _month_line(view.calendar).startswith("'24 Nov Dec")
    jan = row.index("Jan")
    assert any(c.day == date(2025, 1, 1) for c in view.calendar[jan])


@pytest.mark.parametrize("weeks", [1, 2, 5])
def test_a_calendar_too_short_for_a_label_over_its_weeks_is_still_dated(weeks: int) -> None:
    # A new store on 2 December: the calendar holds this month's weeks only.
    today = date(2026, 12, 2)
    view = build_history([], set(), CATALOG, Unit.KG, today, RULES, weeks=weeks)
    line = _month_line(view.calendar)
    assert line.startswith("Dec ") and len(line) == 4 + len(view.calendar)


def test_a_calendar_with_room_labels_its_weeks() -> None:
    view = build_history(history_sessions(), set(), CATALOG, Unit.KG, TODAY, RULES, weeks=20)
    assert _month_line(view.calendar) == "'24 " + _month_row(view.calendar)


@pytest.mark.parametrize(
    ("weeks", "line"),
    [
        (3, "    Mar'25"),  # the week of 1 March first: March alone
        (4, " Feb Mar'25"),  # one week of February: its name starts in the label column
        (6, "   Feb Mar'25"),
        (9, "  Jan Feb Mar'25"),
    ],
)
def test_a_short_calendar_on_a_phone_names_every_month_and_the_year(weeks: int, line: str) -> None:
    # A history of a few weeks on a 45-column phone (41 columns beside the labels): the
    # first name with its year ("Feb'25") hid the next ("Mar"); now both read.
    view = build_history(history_sessions(), set(), CATALOG, Unit.KG, TODAY, RULES, weeks=weeks)
    assert len(view.calendar) == weeks
    assert _month_line(view.calendar, room=41) == line
    # Without room past the weeks the year goes to the label column.
    assert _month_line(view.calendar[-2:] if weeks == 3 else view.calendar).startswith(
        ("Mar ", "'25 ")
    )


def test_paused_days_and_the_km_row_in_both_glyph_sets() -> None:
    day = date(2025, 3, 8)
    paused = DayCell(day, trained=False, rest=True, future=False, paused=True)
    assert cell_glyph(paused) == "≈" and cell_glyph(paused, glyphs=ASCII) == "~"
    trained = DayCell(day, trained=True, rest=False, future=False, paused=True)
    assert cell_glyph(trained, 20) == "█"  # training on a paused day still shows
    lines = legend_lines(2, ASCII, 80, paused=True, running=True)
    assert "~ paused" in lines[0] and lines[-1] == "km/wk 1=<10 2=10+ 3=25+ 4=40+"
    assert legend_lines(2, UNICODE, 80) == legend_lines(2, UNICODE, 80, paused=False)


# -- the chart --------------------------------------------------------------------------------


def test_bar_columns_scale_to_the_top_value() -> None:
    columns = bar_columns([10.0, 5.0, None, 0.1], rows=2)
    assert columns[0] == "██"
    assert columns[1] == " █"
    assert columns[2] == " ·"  # nothing logged that week
    assert columns[3] == " ▁"  # tiny but not zero: still visible


def test_format_amount() -> None:
    assert [format_amount(v) for v in (950, 1250, 12500, 250000, 2.5)] == [
        "950",
        "1,250",
        "12.5k",
        "250k",
        "2.5",
    ]


# -- the per-exercise view --------------------------------------------------------------------


def sets_of(sessions: list[Session], exercise_id: str) -> list[SetEntry]:
    """The exercise's sets, oldest session first (what ``store.exercise_sets`` reads)."""
    return [s for sess in sessions for s in sess.sets if s.exercise_id == exercise_id]


def test_exercise_view_names_the_formula_and_flags_the_lagging_side() -> None:
    view = exercise_view_of(
        sets_of(history_sessions(), "kickstand-deadlift"),
        CATALOG,
        "kickstand-deadlift",
        Unit.KG,
        RULES,
        10,
        TODAY,
    )
    assert "Epley: weight x (1 + reps / 30)" in view.records
    assert "Left leg   34 kg x 8" in view.records
    assert "Right leg  34 kg x 7" in view.records
    assert "RIGHT LEG LAGS" in view.balance and "flagged past 10%" in view.balance
    assert view.volume_points[-1][0] == date(2025, 3, 10)
    # With a higher threshold the same gap is not flagged.
    calm = exercise_view_of(
        sets_of(history_sessions(), "kickstand-deadlift"),
        CATALOG,
        "kickstand-deadlift",
        Unit.KG,
        RULES,
        20,
        TODAY,
    )
    assert "LAGS" not in calm.balance and "gap 12.5%  right lower" in calm.balance


def test_exercise_view_of_a_bodyweight_move_and_of_a_two_legged_one() -> None:
    bridge = exercise_view_of(
        sets_of(history_sessions(), "single-leg-glute-bridge"),
        CATALOG,
        "single-leg-glute-bridge",
        Unit.KG,
        RULES,
        10,
        TODAY,
    )
    assert bridge.volume_title == "Weekly reps (bodyweight)"
    assert all(value is None for _, value in bridge.e1rm_points)
    assert "bodyweight x 10" in bridge.records and "2 s" in bridge.records
    deadlift = exercise_view_of(
        sets_of(history_sessions(), "deadlift"), CATALOG, "deadlift", Unit.KG, RULES, 10, TODAY
    )
    assert deadlift.balance == ""  # both legs at once: no left/right comparison
    assert "Left leg" not in deadlift.records


def test_reps_at_weight_lists_the_heaviest_first() -> None:
    sessions = history_sessions()
    view = exercise_view_of(
        sets_of(sessions, "deadlift"), CATALOG, "deadlift", Unit.KG, RULES, 10, TODAY
    )
    assert "38: 10, 36: 10" in view.records
    assert "(+6 lighter)" in view.records
    empty = exercise_view_of(
        sets_of([], "deadlift"), CATALOG, "deadlift", Unit.KG, RULES, 10, TODAY
    )
    assert empty.records == "No working sets logged yet."


def test_the_newest_month_is_named_when_the_calendar_has_room_after_its_weeks() -> None:
    # Ten weeks ending with the week of 1 March on a wide screen: March's name ran past
    # the last column and was dropped, so the calendar read as December and February
    # only; the room to the right of the weeks now takes it.
    view = build_history(history_sessions(), set(), CATALOG, Unit.KG, TODAY, RULES, weeks=20)
    last = next(
        i for i, col in enumerate(view.calendar) if any(c.day == date(2025, 3, 1) for c in col)
    )
    columns = view.calendar[last - 9 : last + 1]
    assert "Mar" not in _month_line(columns)  # no room: as before
    line = _month_line(columns, room=40)
    assert line.index("Mar") == 4 + len(columns) - 1
    # With the year on March, the label column is free for December's last week.
    assert line.split() == ["Dec", "Jan", "Feb", "Mar'25"]
    assert _month_line(columns).split() == ["'25", "Jan", "Feb"]
