"""The history of a long store: a first view of the newest sessions, then older parts as
the list is scrolled, and the rest on End.

The store here holds nine years. The list must still reach, filter and open the oldest
session; it reads only as far back as it is scrolled; and the first view must agree
with the whole history on everything it shows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from hipext_tui.domain.catalog import load_catalog
from hipext_tui.domain.streaks import StreakRules
from hipext_tui.domain.workout import Session, SessionSummary, Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.demo import history_days, history_session
from hipext_tui.ui.screens.history import HistoryScreen
from hipext_tui.ui.screens.history_data import (
    DAY_MARGIN,
    FIRST_ROWS,
    PAGE_ROWS,
    build_history_from_summaries,
    first_view_since,
)
from hipext_tui.ui.screens.history_reading import part_since
from hipext_tui.ui.screens.history_session import SessionScreen
from hipext_tui.ui.widgets.heatmap import Heatmap

from .harness import TODAY, TZ, ScreenApp, lines, make_ctx, open_store, press, screen_text, settle

SIZE = (80, 24)
RULES = StreakRules(timezone=TZ)
OLD_DAY = date(2016, 3, 9)  # nine years before the tests' today, a Wednesday
LONE = "barbell-romanian-deadlift"  # logged only in the oldest session


def nine_years() -> list[Session]:
    """Nine years of two or three short workouts a week, plus one session on
    ``OLD_DAY``, the oldest, which alone holds the Romanian deadlift."""
    sessions = []
    for n, day in enumerate(history_days(weeks=52 * 9 - 2, end=date(2025, 3, 11))):
        full = history_session(day, n)
        sets = tuple(e for e in full.sets if e.exercise_id == "deadlift")
        sessions.append(replace(full, id=f"ses-{n:05d}", routine_id=None, sets=sets))
    old = history_session(OLD_DAY, 0)
    lone = tuple(e for e in old.sets if e.exercise_id == LONE)
    return [replace(old, id="ses-old", routine_id=None, sets=lone), *sessions]


@pytest.fixture(scope="module")
def long_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The nine-year store (path, number of sessions), written once for this module."""
    path = tmp_path_factory.mktemp("long") / "hipext.json"
    sessions = nine_years()
    open_store(path, sessions).close()
    return path, len(sessions)


async def every_row(pilot: Pilot[None], count: int) -> DataTable[str]:
    """The session table once its ``count`` rows are in (a chunk arrives per refresh)."""
    table: DataTable[str] = pilot.app.screen.query_one("#history-sessions", DataTable)
    for _ in range(50):
        if table.row_count == count:
            break
        await pilot.pause()
    assert table.row_count == count
    return table


async def first_view(pilot: Pilot[None]) -> DataTable[str]:
    """The session table once the first view is drawn: the newest sessions only."""
    await settle(pilot)
    table: DataTable[str] = pilot.app.screen.query_one("#history-sessions", DataTable)
    assert table.row_count == FIRST_ROWS
    return table


async def down_past_the_first_view(pilot: Pilot[None]) -> None:
    """Move the cursor down, ten rows at a time, to the row after the first view's."""
    for _ in range(FIRST_ROWS // 10):
        await press(pilot, *["down"] * 10)


def history_app(path: Path, store: Any = None) -> tuple[ScreenApp, Any]:
    ctx = make_ctx(path, store=store or Store.open(path))
    return ScreenApp(lambda: HistoryScreen(ctx)), ctx


async def test_the_oldest_session_is_reached_filtered_and_opened(
    long_store: tuple[Path, int],
) -> None:
    path, count = long_store
    app, _ = history_app(path)
    async with app.run_test(size=SIZE) as pilot:
        table = await first_view(pilot)
        assert app.screen.sub_title == f"newest {FIRST_ROWS} sessions"
        await press(pilot, "end")  # reads the rest, then goes to the last row
        table = await every_row(pilot, count)
        await settle(pilot)
        assert table.cursor_row == count - 1
        assert app.screen.sub_title == f"{count:,} sessions"
        assert "Wed 2016-03-09" in screen_text(app)  # scrolled to the end of nine years
        await press(pilot, "home")
        assert "Mon 2025-03-10" in screen_text(app)
        # The filter looks at every session, not only those read for the list.
        await press(pilot, "f")
        index = [e.id for e in load_catalog().exercises].index(LONE)
        await press(pilot, *["down"] * (index + 1), "enter")
        assert app.screen.sub_title == f"Barbell Romanian deadlift: 1 of {count:,} sessions"
        rows = [line for line in lines(app) if "2016-03-09" in line]
        assert len(rows) == 1
        assert "Mon 2025-03-10" not in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, SessionScreen)
        text = screen_text(app)
        assert "Wed 2016-03-09 07:30" in text
        assert "Barbell Romanian deadlift" in text


class CountingStore:
    """The real store, noting from which day each read of summaries starts (None: the
    whole history), and how often every training day is read."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.reads: list[date | None] = []
        self.day_reads = 0

    def session_summaries(self, since: date | None = None) -> list[SessionSummary]:
        self.reads.append(since)
        return self._store.session_summaries(since)

    def training_days(self, *args: Any) -> set[date]:
        self.day_reads += 1
        return self._store.training_days(*args)

    def training_ordinals(self, *args: Any) -> list[int]:
        self.day_reads += 1
        return self._store.training_ordinals(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


async def test_a_long_history_reads_only_as_far_back_as_the_list_is_scrolled(
    long_store: tuple[Path, int],
) -> None:
    path, count = long_store
    counting = CountingStore(Store.open(path))
    app, _ = history_app(path, counting)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#history-sessions", DataTable)
        # The top of the list and the streaks, from a few months of summaries.
        assert table.row_count == FIRST_ROWS
        assert "Mon 2025-03-10" in screen_text(app)
        assert counting.reads and all(d is not None and d.year >= 2023 for d in counting.reads)
        first_lines = lines(app)
        streaks = app.screen.query_one("#history-streaks").render()
        day_reads = counting.day_reads
        # Moving down the list towards its end reads an older part, below the rows shown
        # (with the training days the screen holds: they are not read again).
        await down_past_the_first_view(pilot)
        assert FIRST_ROWS < table.row_count < count
        assert None not in counting.reads
        assert counting.day_reads == day_reads
        assert table.cursor_row == FIRST_ROWS
        ids = app.screen._row_ids  # newest first, with no session twice
        assert len(set(ids)) == len(ids) == table.row_count
        await press(pilot, "home")
        assert lines(app)[1:] == first_lines[1:]  # the top, as it was
        assert app.screen.query_one("#history-streaks").render() == streaks
        # End reads the rest, once.
        await press(pilot, "end")
        await every_row(pilot, count)
        assert counting.reads.count(None) == 1
        assert f"{count:,} sessions" in lines(app)[0]


async def test_a_long_history_still_reads_on_after_the_window_narrows(
    long_store: tuple[Path, int],
) -> None:
    path, count = long_store
    app, _ = history_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(60, 24)  # the narrow columns: the table is refilled
        table = await first_view(pilot)
        await down_past_the_first_view(pilot)
        assert FIRST_ROWS < table.row_count < count


async def test_a_wider_calendar_reads_the_weeks_it_shows(long_store: tuple[Path, int]) -> None:
    path, count = long_store
    app, _ = history_app(path)
    async with app.run_test(size=SIZE) as pilot:
        table = await first_view(pilot)
        await pilot.resize_terminal(200, 50)  # 200 weeks of calendar: about four years
        await settle(pilot)
        await settle(pilot)
        assert FIRST_ROWS < table.row_count < count
        heatmap = app.screen.query_one("#history-calendar", Heatmap)
        view = app.screen.view
        assert view is not None
        oldest_shown = min(cell.day for week in view.calendar[-150:] for cell in week)
        assert min(r.day for r in view.rows) <= oldest_shown + timedelta(days=7)
        assert heatmap.cursor is not None


async def test_the_cursor_stays_on_its_session_through_a_reload(
    long_store: tuple[Path, int],
) -> None:
    path, count = long_store
    app, ctx = history_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down")
        table = app.screen.query_one("#history-sessions", DataTable)
        kept = table.cursor_row
        ctx.revision += 1  # as after a change made on another screen
        app.screen.reload()
        await settle(pilot)
        assert table.cursor_row == kept
        assert table.row_count == FIRST_ROWS
        # Once the whole history is read, a reload keeps all of it, and the cursor.
        await press(pilot, "end")
        await every_row(pilot, count)
        await settle(pilot)
        await press(pilot, "up")
        ctx.revision += 1
        app.screen.reload()
        await settle(pilot)
        await every_row(pilot, count)
        assert table.cursor_row == count - 2


def test_a_first_view_agrees_with_the_whole_history(long_store: tuple[Path, int]) -> None:
    path, _ = long_store
    store = Store.open(path)
    catalog = load_catalog()
    days = store.training_days(TZ)
    since = first_view_since(days, TODAY, RULES, 80)
    assert since is not None and since > min(days)
    first = build_history_from_summaries(
        store.session_summaries(since), set(), catalog, Unit.KG, TODAY, RULES,
        first_view=(since, days),
    )  # fmt: skip
    whole = build_history_from_summaries(
        store.session_summaries(), set(), catalog, Unit.KG, TODAY, RULES
    )
    assert not first.complete and whole.complete
    assert len(first.rows) == FIRST_ROWS < len(whole.rows)
    assert whole.rows[: len(first.rows)] == first.rows
    assert first.streaks == whole.streaks
    assert first.calendar == whole.calendar
    shown = [cell.day for week in whole.calendar[-76:] for cell in week]
    assert all(first.sets_by_day.get(d) == whole.sets_by_day.get(d) for d in shown)


def test_a_short_history_has_no_first_view() -> None:
    days = {TODAY - timedelta(days=2 * n) for n in range(FIRST_ROWS)}
    assert first_view_since(days, TODAY, RULES, 80) is None
    assert first_view_since(set(), TODAY, RULES, 80) is None
    # More training days, but all within the weeks an 80-column calendar shows: the
    # first view would read them all anyway.
    longer = days | {TODAY - timedelta(days=400)}
    assert first_view_since(longer, TODAY, RULES, 80) is None
    older = days | {TODAY - timedelta(days=900)}
    since = first_view_since(older, TODAY, RULES, 80)
    assert since is not None and TODAY - timedelta(days=900) < since < min(days)


def test_each_older_part_reads_further_back_and_the_last_is_the_rest() -> None:
    days = frozenset(TODAY - timedelta(days=2 * n) for n in range(1000))
    since = TODAY - timedelta(days=300)
    older = part_since(days, since)
    assert older is not None
    margin = timedelta(days=DAY_MARGIN)
    added = [d for d in days if older + margin <= d < since + margin]
    assert len(added) == PAGE_ROWS
    far = TODAY - timedelta(days=1000)
    reach = part_since(days, since, back_to=far)
    assert reach is not None and reach <= far - timedelta(days=DAY_MARGIN)
    assert part_since(days, min(days) + timedelta(days=10)) is None
