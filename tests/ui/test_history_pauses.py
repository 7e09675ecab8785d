"""Pauses and runs in the history screen, as a user sees them, against the CLI and disk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
from textual.widgets import Input, OptionList

from hipext_tui.cli import main
from hipext_tui.domain.pauses import Pause, PauseReason
from hipext_tui.domain.runs import Run
from hipext_tui.ui.context import AppContext
from hipext_tui.ui.demo import HISTORY_REST_DAYS, history_sessions
from hipext_tui.ui.screens.history import HistoryScreen
from hipext_tui.ui.screens.history_pauses import PauseDialog
from tests.cli_clock import pinned

from .harness import NOW, TZ, ScreenApp, lines, make_ctx, on_disk, press, screen_text, settle

SIZE = (80, 24)
FRIDAY = date(2025, 3, 7)  # after Thursday's workout; Monday 10 trained, Tuesday rest


@pytest.fixture(autouse=True)
def cli_clock() -> Iterator[None]:
    yield from pinned(NOW)


@pytest.fixture
def ctx(store_path: Path) -> AppContext:
    return make_ctx(store_path, history_sessions(), HISTORY_REST_DAYS)


def cli_streak(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--db", str(path), "streak", "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def tui_streak_line(streak: dict[str, Any]) -> str:
    return (
        f"Streak {streak['current_days']} d (best {streak['longest_days']})  "
        f"Weeks {streak['current_weeks']} at {streak['weekly_goal']}+/wk "
        f"(best {streak['longest_weeks']})"
    )


async def test_a_pause_added_in_history_gives_the_streak_the_cli_gives(
    ctx: AppContext, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = cli_streak(capsys, store_path)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert tui_streak_line(before) in screen_text(app)
        # The calendar on Friday 7 March (a week back, two days on), then p.
        await press(pilot, "tab", "left", "down", "down", "p")
        dialog = app.screen
        assert isinstance(dialog, PauseDialog)
        assert "No pauses yet." in screen_text(app)
        assert dialog.query_one("#pause-from", Input).value == FRIDAY.isoformat()
        dialog.query_one("#pause-to", Input).value = "2025-03-09"
        await press(pilot, "enter")
        assert "2025-03-07 to 2025-03-09  trip  (3 days)" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        friday_row = next(ln for ln in lines(app) if ln.startswith(" Fri "))
    # The command line, on the same file (outside the app, which holds the terminal).
    after = cli_streak(capsys, store_path)
    assert tui_streak_line(after) in text
    # Thursday, the paused weekend, Monday, Tuesday's rest, today: two days kept.
    assert (before["current_days"], after["current_days"]) == (1, 2)
    assert after["paused_days"] == 3
    assert "≈ paused" in text  # the legend
    assert "Fri 2025-03-07: paused" in text
    assert friday_row.rstrip()[-1] == "≈"  # last week; this week's Friday is to come
    assert on_disk(store_path).pauses() == [Pause(FRIDAY, date(2025, 3, 9), PauseReason.TRIP)]


async def test_a_pause_is_removed_after_asking(ctx: AppContext, store_path: Path) -> None:
    ctx.add_pause(Pause(date(2025, 2, 10), date(2025, 2, 16), PauseReason.INJURY))
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        assert "2025-02-10 to 2025-02-16  injury  (7 days)" in screen_text(app)
        listing = app.screen.query_one("#pause-list", OptionList)
        listing.focus()
        listing.highlighted = 0
        await press(pilot, "enter")
        assert "Remove the injury pause 2025-02-10 to 2025-02-16?" in screen_text(app)
        await press(pilot, "n")  # No: kept
        assert on_disk(store_path).pauses() != []
        await press(pilot, "enter", "y")
        assert "Removed the injury pause" in screen_text(app)
        assert "No pauses yet." in screen_text(app)
    assert on_disk(store_path).pauses() == []


async def test_shift_tab_to_the_list_then_enter_asks_to_remove_the_pause(
    ctx: AppContext, store_path: Path
) -> None:
    """As a keyboard user reaches it: from the first field back to the list, Enter."""
    ctx.add_pause(Pause(date(2025, 2, 10), date(2025, 2, 16), PauseReason.INJURY))
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "p", "shift+tab", "enter")
        assert "Remove the injury pause 2025-02-10 to 2025-02-16?" in screen_text(app)
        await press(pilot, "y")
        assert "No pauses yet." in screen_text(app)
    assert on_disk(store_path).pauses() == []


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-03-09", "2025-03-07", "pause: ends 2025-03-07, before it starts 2025-03-09"),
        ("2025-3-7", "2025-03-09", "from: '2025-3-7' is not a date (YYYY-MM-DD)"),
        ("2025-02-14", "2025-02-20", "2025-02-20 overlaps the injury pause from"),
    ],
)
async def test_a_bad_pause_is_refused_in_one_line(
    ctx: AppContext, store_path: Path, start: str, end: str, message: str
) -> None:
    held = Pause(date(2025, 2, 10), date(2025, 2, 16), PauseReason.INJURY)
    ctx.add_pause(held)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        app.screen.query_one("#pause-from", Input).value = start
        app.screen.query_one("#pause-to", Input).value = end
        await press(pilot, "enter")
        # Read as words: a long message wraps in the dialog (over the calendar).
        words = " ".join(screen_text(app).replace("│", " ").split())
        assert " ".join(message.split()) in words
    assert on_disk(store_path).pauses() == [held]


async def test_a_complaint_goes_once_the_field_is_edited_saved_or_reopened(
    ctx: AppContext, store_path: Path
) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=(45, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        start = app.screen.query_one("#pause-from", Input)
        app.screen.query_one("#pause-to", Input).value = "2025-03-09"
        start.value = "2025-3-7"
        await press(pilot, "enter")
        complaint = "is not a date"
        assert complaint in screen_text(app)
        await press(pilot, "backspace")  # the user starts to put it right
        assert complaint not in screen_text(app)
        start.value = "2025-03-07"
        await press(pilot, "enter")
        text = " ".join(screen_text(app).split())
        assert "Paused 2025-03-07 to 2025-03-09 (trip)." in text
        assert not app.screen.query_one("#pause-message").has_class("-error")
        start.value = "2025-3-7"
        await press(pilot, "enter")
        assert complaint in screen_text(app)
        await press(pilot, "escape", "p")  # closed with the complaint, opened again
        assert isinstance(app.screen, PauseDialog)
        assert complaint not in screen_text(app)
    assert on_disk(store_path).pauses() == [Pause(FRIDAY, date(2025, 3, 9), PauseReason.TRIP)]


def run_on(day: date, km: float) -> Run:
    start = pendulum.datetime(day.year, day.month, day.day, 18, 0, tz=TZ)
    return Run(f"run-{day}", start, "Run", km, int(km * 330), "test.gpx")


async def test_weekly_km_show_in_a_row_of_the_calendar(ctx: AppContext) -> None:
    monday = date(2025, 3, 10)
    ctx.import_runs([run_on(monday, 8.0), run_on(monday + timedelta(days=2), 12.4)])
    ctx.import_runs([run_on(date(2025, 3, 4), 5.0)])
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        km_row = next(ln for ln in lines(app) if ln.startswith(" Km"))
        # The last two weeks: 5 km (under 10), then 20.4 km (10 or more).
        assert km_row.rstrip().endswith("▁▃")
        assert "km/wk ▁<10 ▃10+ ▅25+ ▇40+" in text
        assert "Wed 2025-03-12: nothing logged; week 20.4 km run" in text


async def test_no_runs_no_km_row(ctx: AppContext) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any(ln.startswith(" Km") for ln in lines(app))
        assert "km/wk" not in screen_text(app) and "paused" not in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (45, 30), (200, 50)])
async def test_the_day_line_never_cuts_its_key_hint(ctx: AppContext, size: tuple[int, int]) -> None:
    """A paused training day in a week with runs: 80 columns cut the hint to
    '(r: rest day, p:'; where it does not fit on the line it is left out (the keys are
    in the footer), and where the line wraps it is whole."""
    monday = date(2025, 3, 10)
    ctx.add_pause(Pause(monday, monday + timedelta(days=1), PauseReason.TRIP))
    ctx.import_runs([run_on(monday, 8.0), run_on(monday + timedelta(days=2), 12.4)])
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "up", "up")  # the calendar, Wednesday, up to Monday
        text = screen_text(app)
        assert "Mon 2025-03-10: trained, 16 sets; paused; week 20.4 km run" in " ".join(
            text.split()
        )
        if "(r: rest day" in text:
            assert "(r: rest day, p: pauses)" in " ".join(text.split())
        else:
            assert size[0] < 100  # left out only where it does not fit
