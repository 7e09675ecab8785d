"""Pilot tests of the history screens: what the user sees, and what lands on disk."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from hipext_tui.domain.workout import Session, SessionSummary, SetEntry, Side
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.context import AppContext
from hipext_tui.ui.demo import HISTORY_REST_DAYS as REST_DAYS
from hipext_tui.ui.demo import history_days, history_session, history_sessions
from hipext_tui.ui.screens.history import LOADING_TEXT, HistoryScreen
from hipext_tui.ui.screens.history_data import FIRST_ROWS
from hipext_tui.ui.screens.history_exercise import ExerciseScreen
from hipext_tui.ui.screens.history_session import SessionScreen
from hipext_tui.ui.widgets.heatmap import Heatmap

from .harness import (
    NOW,
    TZ,
    ScreenApp,
    lines,
    make_ctx,
    on_disk,
    open_store,
    press,
    screen_text,
    settle,
    type_into,
)

SIZE = (80, 24)


@pytest.fixture
def ctx(store_path: Path) -> AppContext:
    """A context on a store holding the demo history."""
    return make_ctx(store_path, history_sessions(), REST_DAYS)


async def test_sessions_are_listed_newest_first_with_sets_and_volume(ctx: AppContext) -> None:
    newest = max(ctx.store.sessions(), key=lambda s: s.start)
    expected_volume = sum(s.reps * (s.weight or 0) for s in newest.sets if not s.is_warmup)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = [line for line in lines(app) if "Hip extension for runners" in line]
        assert rows[0].split()[:2] == ["Mon", "2025-03-10"]
        assert rows[1].split()[:2] == ["Thu", "2025-03-06"]
        assert rows[2].split()[:2] == ["Mon", "2025-03-03"]
        first = rows[0].split()
        assert first[7:10] == ["16", f"{expected_volume:,.0f}", "kg"]
        # A session with a warm-up set shows it apart from the working sets.
        assert "16+1w" in rows[1]
        text = screen_text(app)
        assert "47 sessions" in text
        assert "Streak 1 d" in text  # Monday trained, Tuesday a rest day, today open


async def test_enter_drills_into_the_sets_of_a_session(ctx: AppContext) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, SessionScreen)
        text = screen_text(app)
        assert "Thu 2025-03-06 07:30" in text
        assert "16 sets + 1 warm-up" in text
        session = ctx.store.session_for_day(date(2025, 3, 6), TZ)
        assert session is not None
        right = next(
            e
            for e in session.sets
            if e.exercise_id == "kickstand-deadlift" and e.side is Side.RIGHT
        )
        set_lines = lines(app)
        row = next(ln for ln in set_lines if "Kickstand deadlift" in ln and "Right" in ln)
        assert row.split()[3:7] == ["Right", "7", f"{right.weight:g}", "kg"]
        assert any("warm" in ln and "Deadlift" in ln for ln in set_lines)
        await press(pilot, "escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_editing_a_set_saves_it_to_disk(ctx: AppContext, store_path: Path) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # newest session
        await press(pilot, "down", "down", "down", "down")  # the first deadlift set
        await press(pilot, "e")
        await type_into(pilot, "edit-reps", "12")
        await type_into(pilot, "edit-weight", "40.5")
        await press(pilot, "enter")
        assert isinstance(app.screen, SessionScreen)
        assert "Set saved." in screen_text(app)
        row = next(ln for ln in lines(app) if "Deadlift" in ln and "12" in ln.split())
        assert "40.5 kg" in row
    newest = max(on_disk(store_path).sessions(), key=lambda s: s.start)
    edited = newest.sets[4]
    assert (edited.exercise_id, edited.reps, edited.weight) == ("deadlift", 12, 40.5)


async def test_bad_edit_shows_a_message_and_saves_nothing(
    ctx: AppContext, store_path: Path
) -> None:
    before = [s.to_dict() for s in on_disk(store_path).sessions()]
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "e")
        await type_into(pilot, "edit-reps", "ten", keys=True)
        await press(pilot, "enter")
        assert "reps: 'ten' is not a whole number" in screen_text(app)
        await type_into(pilot, "edit-reps", "10")
        await type_into(pilot, "edit-weight", "-5")
        await press(pilot, "enter")
        assert "weight: -5 is out of range" in screen_text(app)
        await type_into(pilot, "edit-weight", "")
        await type_into(pilot, "edit-side", "both")
        await press(pilot, "enter")
        assert "one-sided" in screen_text(app)  # a glute bridge set needs a leg
        await press(pilot, "escape")
        assert isinstance(app.screen, SessionScreen)
    assert [s.to_dict() for s in on_disk(store_path).sessions()] == before


async def test_delete_a_session_with_confirmation_then_undo(
    ctx: AppContext, store_path: Path
) -> None:
    newest = max(on_disk(store_path).sessions(), key=lambda s: s.start)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        assert "Delete the session of Mon 2025-03-10" in screen_text(app)
        await press(pilot, "n")  # changed my mind: nothing happens
        assert on_disk(store_path).session(newest.id) is not None
        await press(pilot, "d", "y")
        assert on_disk(store_path).session(newest.id) is None
        assert "46 sessions" in screen_text(app)
        assert "u Undo" in screen_text(app)
        await press(pilot, "u")
        assert "47 sessions" in screen_text(app)
        assert "Restored" in screen_text(app)
    restored = on_disk(store_path).session(newest.id)
    assert restored is not None and restored.to_dict() == newest.to_dict()


async def test_delete_a_set_then_undo_puts_it_back_in_place(
    ctx: AppContext, store_path: Path
) -> None:
    newest = max(on_disk(store_path).sessions(), key=lambda s: s.start)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "down", "down", "d", "y")
        after = on_disk(store_path).session(newest.id)
        assert after is not None and len(after.sets) == len(newest.sets) - 1
        assert newest.sets[2].id not in {s.id for s in after.sets}
        assert "Deleted a set of Single-leg glute bridge" in screen_text(app)
        await press(pilot, "u")
    restored = on_disk(store_path).session(newest.id)
    assert restored is not None and restored.to_dict() == newest.to_dict()


async def test_delete_the_whole_session_from_its_set_view_then_undo(
    ctx: AppContext, store_path: Path
) -> None:
    newest = max(on_disk(store_path).sessions(), key=lambda s: s.start)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "x")
        assert "Delete the whole session of 2025-03-10 (16 sets)?" in screen_text(app)
        await press(pilot, "y")
        assert isinstance(app.screen, HistoryScreen)
        assert "Deleted the session of 2025-03-10. u undoes it." in screen_text(app)
        assert on_disk(store_path).session(newest.id) is None
        await press(pilot, "u")
        assert "47 sessions" in screen_text(app)
    restored = on_disk(store_path).session(newest.id)
    assert restored is not None and restored.to_dict() == newest.to_dict()


async def test_mark_and_unmark_a_rest_day_from_the_calendar(
    ctx: AppContext, store_path: Path
) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")
        heatmap = app.screen.query_one(Heatmap)
        assert app.focused is heatmap
        assert heatmap.cursor == date(2025, 3, 12)
        assert "Wed 2025-03-12: nothing logged" in screen_text(app)
        await press(pilot, "left", "down")  # one week back, one day on: Thu 6 March
        assert "Thu 2025-03-06: trained, 17 sets" in screen_text(app)
        await press(pilot, "right")  # Thu 13 March: the future, shown blank
        assert "Thu 2025-03-13: to come" in screen_text(app)
        await press(pilot, "up", "up", "up", "up")  # Sun 9 March
        assert heatmap.cursor == date(2025, 3, 9)
        await press(pilot, "r")
        assert date(2025, 3, 9) in on_disk(store_path).rest_days()
        assert "Sun 2025-03-09: planned rest day" in screen_text(app)
        cell = heatmap.cell(date(2025, 3, 9))
        assert cell is not None and cell.rest
        await press(pilot, "r")
        assert date(2025, 3, 9) not in on_disk(store_path).rest_days()


async def test_a_read_only_disk_is_reported_and_nothing_changes(
    ctx: AppContext, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from hipext_tui.store import files

    def read_only(*args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    before = store_path.read_bytes()
    rest_before = on_disk(store_path).rest_days()
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")
        monkeypatch.setattr(files.os, "replace", read_only)
        await press(pilot, "r")  # mark today as a rest day: the write fails
        text = " ".join(screen_text(app).split())
        assert "Not saved:" in text
        assert "Read-only file system" in text
        assert app.return_code is None  # still running
        monkeypatch.setattr(files.os, "replace", os.replace)
    assert store_path.read_bytes() == before
    assert on_disk(store_path).rest_days() == rest_before


async def test_enter_on_a_calendar_day_opens_that_days_session(ctx: AppContext) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "up", "up", "enter")  # Monday 10 March
        assert isinstance(app.screen, SessionScreen)
        assert "Mon 2025-03-10 07:30" in screen_text(app)


async def test_filter_by_exercise(store_path: Path) -> None:
    sessions = history_sessions()
    lone = history_session(date(2025, 3, 8), 99)
    only_bridge = replace(
        lone,
        routine_id=None,
        sets=tuple(s for s in lone.sets if s.exercise_id == "glute-bridge-walkout"),
    )
    ctx = make_ctx(store_path, [*sessions, only_bridge], REST_DAYS)
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Glute bridge walkout" in screen_text(app)  # the lone session's title
        await press(pilot, "f")
        assert "Show sessions with" in screen_text(app)
        await press(pilot, "down", "down", "enter")  # All, bridge, Deadlift
        text = screen_text(app)
        assert "Deadlift: 47 of 48 sessions" in text
        assert "Sat 2025-03-08" not in text
        deadlift_volume = sum(
            s.reps * (s.weight or 0)
            for s in sessions[-1].sets
            if s.exercise_id == "deadlift" and not s.is_warmup
        )
        newest = next(ln for ln in lines(app) if "2025-03-10" in ln)
        assert newest.split()[7:10] == ["3", f"{deadlift_volume:,.0f}", "kg"]
        await press(pilot, "f", "enter")  # All exercises
        assert "48 sessions" in screen_text(app)


async def test_per_exercise_view_shows_records_chart_and_balance(ctx: AppContext) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        await press(pilot, "down", "down", "enter")  # Kickstand deadlift
        assert isinstance(app.screen, ExerciseScreen)
        text = screen_text(app)
        assert "Kickstand deadlift" in text
        assert "Epley" in text
        all_row = next(ln for ln in lines(app) if ln.strip().startswith("All sets"))
        left_row = next(ln for ln in lines(app) if ln.strip().startswith("Left leg"))
        right_row = next(ln for ln in lines(app) if ln.strip().startswith("Right leg"))
        assert "34 kg x 8" in all_row and "43.1 kg" in all_row  # 34 x (1 + 8/30)
        assert "34 kg x 8" in left_row
        assert "34 kg x 7" in right_row and "41.9 kg" in right_row
        assert "Weekly volume (kg, reps x weight)" in text
        # The balance sits below the charts: scroll down to it.
        await press(pilot, "end")
        text = screen_text(app)
        assert "Left/right balance" in text
        assert "per set" in text and "flagged past 10%" in text
        # The newest week: 2 sets a side, 272 per set on the left (8 x 34), 238 on the
        # right (7 x 34).
        assert "Wk 2025-03-10  L   272 (2)  R   238 (2)  gap 12.5%  ! RIGHT LEG LAGS" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, HistoryScreen)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 30), (200, 50)])
async def test_every_history_view_draws_at_each_size_and_survives_resizing(
    ctx: AppContext, size: tuple[int, int]
) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "Hip extension for runners" in screen_text(app)
        assert "Streak" in screen_text(app)
        await pilot.resize_terminal(30, 8)
        await settle(pilot)
        await pilot.resize_terminal(*size)
        await press(pilot, "tab", "left", "left")
        assert "Kept" in screen_text(app)
        await press(pilot, "shift+tab", "enter")
        assert "Exercise" in screen_text(app) and "Reps" in screen_text(app)
        await pilot.resize_terminal(30, 8)
        await settle(pilot)
        await pilot.resize_terminal(*size)
        await press(pilot, "escape", "e", "enter")
        # The table where it fits; narrower, two short lines a side.
        assert ("Best set (heaviest)" if size[0] >= 66 else "  e1RM ") in screen_text(app)
        await pilot.resize_terminal(30, 8)
        await settle(pilot)


async def test_help_lists_the_keys(ctx: AppContext) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "History keys" in text
        assert "Log a workout done on an earlier day" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_help_on_a_phone_hangs_long_lines_and_joins_keys_of_one_action(
    ctx: AppContext,
) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=(45, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        rows = lines(app)
        # End and G go to the same place: one row.
        assert any("End/G  Go to the oldest session" in row for row in rows)
        assert any("Home/g Go to the newest session" in row for row in rows)
        assert not any(row.strip("│ ").startswith(("G ", "End ")) for row in rows)
        # A description too long for the width goes on under itself, not at the edge.
        first = next(n for n, row in enumerate(rows) if "Mark or unmark" in row)
        column = rows[first].index("Mark or unmark")
        following = rows[first + 1]
        assert following[:column].strip("│ ") == ""
        assert following[column:].startswith("selected day")


@pytest.mark.parametrize("size", [(40, 20), (45, 30)])
async def test_a_short_calendar_on_a_phone_names_both_months(
    store_path: Path, size: tuple[int, int]
) -> None:
    # Four weeks of training from 20 February: "Feb'25" hid March's name.
    since = date(2025, 2, 20)
    sessions = [s for s in history_sessions() if s.start.date() >= since]
    ctx = make_ctx(store_path, sessions, [d for d in REST_DAYS if d >= since])
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        month_line = next(row for row in lines(app) if "Mar'25" in row)
        assert month_line.split() == ["Feb", "Mar'25"]


class SlowStore:
    """The real store, but reading sessions waits until the test says so."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.release = threading.Event()

    def sessions(self, since: date | None = None) -> list[Session]:
        """Block like a very slow disk would."""
        self.release.wait(timeout=10)
        return self._store.sessions(since)

    def session_summaries(self) -> list[SessionSummary]:
        """The history list reads these: block the same way."""
        self.release.wait(timeout=10)
        return self._store.session_summaries()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


async def test_loading_state_shows_while_the_store_is_read(store_path: Path) -> None:
    ctx = make_ctx(store_path, history_sessions(), REST_DAYS)
    slow = SlowStore(ctx.store)
    ctx._store = slow  # type: ignore[assignment]
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The worker is stuck reading; the screen is drawn and still answers keys.
        assert LOADING_TEXT in screen_text(app)
        assert "Hip extension" not in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "History keys" in screen_text(app)
        await pilot.press("escape")
        slow.release.set()
        await settle(pilot)
        assert LOADING_TEXT not in screen_text(app)
        assert app.screen.query_one("#history-sessions", DataTable).row_count == 47


def ten_years() -> list[Session]:
    """Ten years of three workouts a week: about 1,560 sessions and 26,000 sets."""

    days = history_days(weeks=52 * 10, end=date(2025, 3, 11))
    return [history_session(day, n % 80) for n, day in enumerate(days)]


async def test_a_ten_year_store_loads_without_blocking(store_path: Path) -> None:
    sessions = [replace(s, id=f"ses-{n:05d}") for n, s in enumerate(ten_years())]
    sessions = [
        replace(s, sets=tuple(replace(e, id=f"{s.id}-{e.id}") for e in s.sets)) for s in sessions
    ]
    open_store(store_path, sessions).close()
    # A fresh handle, so the screen's worker reads and parses every file cold.
    ctx = make_ctx(store_path, store=Store.open(store_path))
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#history-sessions", DataTable)
        # The newest sessions are read first, and only they until the list goes further.
        assert table.row_count == FIRST_ROWS
        assert "Mon 2025-03-10" in screen_text(app)
        await press(pilot, "end")  # the rest, a chunk of rows per refresh
        for _ in range(100):
            if table.row_count == len(sessions):
                break
            await pilot.pause()
        assert table.row_count == len(sessions)
        await press(pilot, "home")
        assert "Mon 2025-03-10" in screen_text(app)


def test_edited_entries_keep_their_identity() -> None:
    """Sanity check on the demo data the tests rely on."""
    session = history_session(date(2025, 3, 10), 1)
    assert len({s.id for s in session.sets}) == len(session.sets)
    assert all(isinstance(s, SetEntry) for s in session.sets)
    assert session.start.astimezone(TZ).date() == date(2025, 3, 10)
    assert NOW.date() == date(2025, 3, 12)


async def test_start_up_and_the_history_list_never_read_every_set(
    ctx: AppContext, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .harness import build_app

    def every_set(self: Store, since: date | None = None) -> list[Session]:
        raise AssertionError("all sessions with their sets were read")

    monkeypatch.setattr(Store, "sessions", every_set)
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.error_message is None
        assert "Streak" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.sub_title == f"{len(history_sessions())} sessions"
        assert "Hip extension" in screen_text(app)


async def test_end_and_home_go_to_the_oldest_and_newest_session(ctx: AppContext) -> None:
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#history-sessions", DataTable)
        for key, row in (("end", table.row_count - 1), ("home", 0), ("G", table.row_count - 1)):
            await press(pilot, key)
            assert table.cursor_row == row
        await press(pilot, "g")
        assert table.cursor_row == 0
        await press(pilot, "G")
        # The last row is the oldest session of the demo history, and it is on screen.
        assert "2024-10-24" in screen_text(app)


async def test_deleting_a_one_set_session_asks_about_1_set(tmp_path: Path) -> None:
    start = NOW.subtract(days=1)
    entry = SetEntry("set-one", "deadlift", Side.NONE, 10, start.add(minutes=1), 16.0)
    ctx = make_ctx(tmp_path / "one.json", [Session("ses-one", start, None, None, sets=(entry,))])
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        text = screen_text(app)  # the dialog wraps its question: read its lines
        assert "18:30 (Deadlift," in text and "│  1 set)?" in text
        await press(pilot, "n", "enter", "x")
        words = " ".join(screen_text(app).replace("│", " ").split())
        assert "Delete the whole session of 2025-03-11 (1 set)?" in words


async def test_records_on_a_phone_keep_each_number_on_one_line(ctx: AppContext) -> None:
    """At 45 columns the 62-column table wrapped mid-row ('Best' / 'e1RM', '43.1' / 'kg');
    there each side is two short lines, and the table comes back when wider."""
    app = ScreenApp(lambda: HistoryScreen(ctx))
    async with app.run_test(size=(45, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "down", "down", "enter")  # Kickstand deadlift
        await settle(pilot)
        rows = [ln.strip() for ln in lines(app)]
        assert any(ln.startswith("Kickstand deadlift") for ln in rows)
        assert "(each side in turn; 188 working sets)" in " ".join(rows)
        index = rows.index(next(ln for ln in rows if ln.startswith("All sets")))
        assert "34 kg x 8 (" in rows[index]
        assert rows[index + 1].startswith("e1RM 43.1 kg") and "sets" in rows[index + 1]
        assert any(ln.startswith("Right leg  34 kg x 7") for ln in rows)
        assert not any("Best set (heaviest)" in ln for ln in rows)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "Best set (heaviest)" in screen_text(app)
