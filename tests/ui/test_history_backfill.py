"""Backfilling a whole past workout from the history screen, checked on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select

from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.context import AppContext
from hipext_tui.ui.demo import HISTORY_REST_DAYS, history_sessions
from hipext_tui.ui.screens.history import HistoryScreen
from hipext_tui.ui.screens.history_backfill import BackfillScreen, GridRow

from .harness import TZ, ScreenApp, make_ctx, on_disk, press, screen_text, settle

SIZE = (80, 24)
TUESDAY = date(2025, 3, 4)  # last Tuesday: nothing logged
THURSDAY = date(2025, 3, 6)  # a demo workout at 07:30


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "hipext.json"


@pytest.fixture
def ctx(store_path: Path) -> AppContext:
    return make_ctx(store_path, history_sessions(), HISTORY_REST_DAYS)


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often each store write that can add sets is called."""
    counts = {"add_session": 0, "append_set": 0, "log_set": 0}
    for name in counts:
        original = getattr(Store, name)

        def counted(self: Store, *args: Any, _name: str = name, _f: Any = original) -> Any:
            counts[_name] += 1
            return _f(self, *args)

        monkeypatch.setattr(Store, name, counted)
    return counts


def grid(app: Any) -> list[GridRow]:
    return list(app.screen.query(GridRow))


async def open_backfill(pilot: Pilot[Any], *calendar_keys: str) -> BackfillScreen:
    """From the history list: to the calendar, move its cursor, press n."""
    await settle(pilot)
    await press(pilot, "tab", *calendar_keys, "n")
    screen = pilot.app.screen
    assert isinstance(screen, BackfillScreen)
    return screen


def cell(app: Any, row: int, name: str) -> Input:
    return grid(app)[row].cell(name)


async def set_cell(pilot: Pilot[Any], field: Input, text: str) -> None:
    field.focus()
    field.value = text
    await pilot.pause()


async def test_last_tuesdays_workout_is_saved_in_one_write(
    ctx: AppContext, store_path: Path, writes: dict[str, int]
) -> None:
    newest_deadlift = max(
        (s for sess in ctx.store.sessions() for s in sess.sets if s.exercise_id == "deadlift"),
        key=lambda s: s.logged_at,
    )
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        # From Wednesday 12 March: a week back, a day back.
        screen = await open_backfill(pilot, "left", "up")
        assert screen.query_one("#bf-date", Input).value == "2025-03-04"
        rows = grid(app)
        assert len(rows) == 20  # every set of the routine, each side apart
        text = screen_text(app)
        assert "Log a past workout" in text and "Last time" in text
        # Prefilled: the prescription's reps and hold, last time's load.
        assert (cell(app, 0, "reps").value, cell(app, 0, "seconds").value) == ("10", "2")
        assert cell(app, 0, "weight").value == ""  # bodyweight
        deadlift = next(r for r in rows if r.row.exercise_id == "deadlift")
        assert deadlift.cell("weight").value == f"{newest_deadlift.weight:g}"
        assert app.focused is cell(app, 0, "reps")
        # Edited in place: the arrows move between sets in the same column.
        await set_cell(pilot, screen.query_one("#bf-start", Input), "07:00")
        await set_cell(pilot, cell(app, 0, "reps"), "12")
        await press(pilot, "down")
        assert app.focused is cell(app, 1, "reps")
        await press(pilot, "enter")
        assert isinstance(app.screen, HistoryScreen)
        assert "Logged 20 sets of Hip extension for runners on Tue 2025-03-04 from 07:00" in (
            screen_text(app)
        )
    assert writes == {"add_session": 1, "append_set": 0, "log_set": 0}
    saved = on_disk(store_path).session_for_day(TUESDAY, TZ)
    assert saved is not None and len(saved.sets) == 20
    assert saved.routine_id == "hip-extension-for-runners"
    assert saved.start.astimezone(TZ).strftime("%H:%M") == "07:00"
    assert saved.end is not None and saved.end >= saved.sets[-1].logged_at
    assert [s.logged_at for s in saved.sets] == sorted(s.logged_at for s in saved.sets)
    assert (saved.sets[0].reps, saved.sets[1].reps) == (12, 10)
    assert sum(1 for s in saved.sets if s.exercise_id == "deadlift") == 3


@pytest.mark.parametrize(
    ("row", "name", "text", "message"),
    [
        (0, "reps", "abc", "set 1 (Single-leg glute bridge): reps: 'abc' is not a whole number"),
        (3, "reps", "0", "set 4 (Single-leg glute bridge): reps: 0 is out of range (1 to 1000)"),
        (6, "weight", "-5", "set 7 (Deadlift): weight: -5 is out of range (0 to 1000)"),
        (0, "seconds", "x", "set 1 (Single-leg glute bridge): seconds: 'x' is not a whole"),
    ],
)
async def test_a_bad_cell_is_named_and_nothing_is_written(
    ctx: AppContext,
    store_path: Path,
    writes: dict[str, int],
    row: int,
    name: str,
    text: str,
    message: str,
) -> None:
    before = len(on_disk(store_path).sessions())
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await open_backfill(pilot, "left", "up")
        await set_cell(pilot, cell(app, row, name), text)
        await set_cell(pilot, cell(app, 12, "reps"), "9")  # a good edit elsewhere
        await press(pilot, "enter")
        assert isinstance(app.screen, BackfillScreen)
        assert message in screen_text(app)
        assert app.focused is cell(app, row, name)
    assert writes["add_session"] == 0
    assert len(on_disk(store_path).sessions()) == before
    assert on_disk(store_path).session_for_day(TUESDAY, TZ) is None


async def test_an_overlapping_start_is_refused_then_another_time_is_a_second_session(
    ctx: AppContext, store_path: Path
) -> None:
    logged = on_disk(store_path).session_for_day(THURSDAY, TZ)
    assert logged is not None
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backfill(pilot, "left", "up", "down", "down")
        assert screen.query_one("#bf-date", Input).value == THURSDAY.isoformat()
        await set_cell(pilot, screen.query_one("#bf-start", Input), "07:40")
        await press(pilot, "enter")
        assert "start: 07:40 to" in screen_text(app)
        assert "overlaps the session at 07:30" in screen_text(app)
        # In the evening, and the last two sets not done (blank reps).
        await set_cell(pilot, screen.query_one("#bf-start", Input), "18:00")
        await set_cell(pilot, cell(app, 18, "reps"), "")
        await set_cell(pilot, cell(app, 19, "reps"), " ")
        await press(pilot, "enter")
        assert isinstance(app.screen, HistoryScreen)
        assert "Logged 18 sets" in screen_text(app)
    day = [s for s in on_disk(store_path).sessions() if s.start.astimezone(TZ).date() == THURSDAY]
    assert sorted(len(s.sets) for s in day) == sorted([len(logged.sets), 18])
    assert logged in day  # the session logged that morning is as it was


async def test_free_exercises_make_one_session_named_as_in_the_cli(
    ctx: AppContext, store_path: Path
) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backfill(pilot, "left", "up")
        screen.query_one("#bf-workout", Select).value = "exercise:deadlift"
        await settle(pilot)
        assert [r.row.exercise_id for r in grid(app)] == ["deadlift"] * 3
        screen.query_one("#bf-add", Button).press()
        await settle(pilot)
        await press(pilot, "down", "down", "enter")  # Kickstand deadlift
        rows = grid(app)
        assert [r.row.exercise_id for r in rows][3:] == ["kickstand-deadlift"] * 6
        assert [r.number for r in rows] == list(range(1, 10))
        await set_cell(pilot, cell(app, 0, "reps"), "8")
        await press(pilot, "enter")
        assert isinstance(app.screen, HistoryScreen)
        assert "Tue 2025-03-04  12:00  Deadlift +1" in screen_text(app)
    saved = on_disk(store_path).session_for_day(TUESDAY, TZ)
    assert saved is not None and saved.routine_id is None and len(saved.sets) == 9


async def test_escape_leaves_without_saving(ctx: AppContext, store_path: Path) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await open_backfill(pilot, "left", "up")
        await press(pilot, "escape")
        assert isinstance(app.screen, HistoryScreen)
    assert on_disk(store_path).session_for_day(TUESDAY, TZ) is None


async def test_cells_take_digits_and_leave_question_mark_and_colon_to_the_app(
    ctx: AppContext, store_path: Path
) -> None:
    from textual.command import CommandPalette

    from hipext_tui.ui.screens.help import HelpScreen

    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=(45, 30)) as pilot:
        screen = await open_backfill(pilot, "left", "up")
        assert "? Help" in screen_text(app).splitlines()[-1]  # the footer, on a phone
        reps = cell(app, 0, "reps")
        await set_cell(pilot, reps, "")
        await press(pilot, "1", "x", "q", "?")  # letters refused; ? opens the help
        assert isinstance(app.screen, HelpScreen)
        assert "Past workout keys" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is screen and app.focused is reps
        await press(pilot, "2")
        assert reps.value == "12"
        await press(pilot, "colon")  # : is the command palette in a number cell
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, "escape")
        assert app.screen is screen and reps.value == "12"
        # The start time is written with a colon: there it is typed.
        start = screen.query_one("#bf-start", Input)
        await set_cell(pilot, start, "")
        await press(pilot, "0", "7", "colon", "3", "0")
        assert start.value == "07:30"
        weight = next(r for r in grid(app) if r.row.exercise_id == "deadlift").cell("weight")
        await set_cell(pilot, weight, "")
        await press(pilot, "4", "2", "comma", "5", "k", "g")
        assert weight.value == "42,5"
    assert on_disk(store_path).session_for_day(TUESDAY, TZ) is None
