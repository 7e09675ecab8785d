"""The history screen: streaks, the training calendar and the sessions, newest first.

Everything shown is computed in a thread worker by
:func:`history_data.build_history_from_summaries` (from the store's session summaries,
no sets) or, under an exercise filter, :func:`history_data.build_history` (full
sessions), so the screen paints a "Loading history" line at once and fills in when the
worker posts the result back. A long history is read in parts: first its first view
(``first_view``: the newest sessions and the weeks on screen, from a few months of
summaries, with the streaks from the store's training days), then a longer part each
time the list is scrolled (or its cursor moved, or the calendar's) near the end of what
is read; End reads the rest. Each part's rows are appended below the rows shown, so
memory and time follow what was looked at, not the years in the store.

What the keys change (rest days, pauses, deletes and undo, past workouts) is in
:mod:`.history_actions`, the base of this screen: each goes through ``Workouts`` and
then starts a fresh load.

Tab moves between the calendar and the session list; arrows move inside each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from hipext_tui.domain.streaks import week_start_of
from hipext_tui.ui.app import WIDE_FROM
from hipext_tui.ui.glyphs import app_glyphs
from hipext_tui.ui.screens.history_actions import HistoryActions
from hipext_tui.ui.screens.history_data import (
    HistoryView,
    SessionRow,
    day_line,
    list_title,
    streak_line,
)
from hipext_tui.ui.screens.history_reading import (
    EVERYTHING,
    FIRST,
    calendar_reach,
    part_since,
    read_history,
)
from hipext_tui.ui.screens.history_session import SessionScreen, UndoSlot
from hipext_tui.ui.widgets.heatmap import Heatmap
from hipext_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

# Fixed widths: the table need not measure every cell of a long history to lay out,
# and the five columns fit 80 columns with the cell padding.
SESSION_COLUMNS = (("Date", 14), ("Time", 5), ("Workout", 26), ("Sets", 6), ("Volume", 11))
# Below 80 columns: a short date, no time, and the name takes what is left (12 at 45).


def narrow_columns(width: int) -> tuple[tuple[str, int], ...]:
    """The list's columns for a terminal ``width`` columns wide (below 80)."""
    # 8 for the cell padding, 3 for the screen padding and the scroll bar.
    name = max(8, width - (9 + 5 + 9) - 8 - 3)
    return (("Date", 9), ("Workout", name), ("Sets", 5), ("Volume", 9))


LOADING_TEXT = "Loading history..."
DAY_HINT = "   (r: rest day, p: pauses)"  # after the calendar's day line
ROW_CHUNK = 200  # table rows added per refresh
# The first chunk only fills the screen, so the first rows are drawn at once; the rest
# follow a chunk per refresh, below the fold.
FIRST_CHUNK = 40
# A longer part of a long history is read once the cursor or the last row on screen is
# this close to the last row read.
PAGE_AHEAD = 40


def _extends(shown: HistoryView | None, view: HistoryView) -> bool:
    """Whether ``shown`` is part of a long history whose rows begin ``view``'s."""
    return shown is not None and not shown.complete and view.rows[: len(shown.rows)] == shown.rows


class HistoryScreen(HistoryActions):
    """Past workouts: list, calendar heatmap, streaks; edit, delete, undo, backfill."""

    HELP_TITLE = "History"
    HELP_KEYS = (
        ("Tab", "Move between the calendar and the list"),
        ("Arrows", "Move in the list, or by day and week in the calendar"),
    )
    HELP_NOTE = (
        "Arrows in the calendar: up/down a day, left/right a week (on into the weeks to "
        "come). Shades: sets done; ring: rest day; wave: paused; dot: nothing logged; "
        "tick: weekly goal met; Km row: running per week."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history.back", tooltip="Back to the picker"),
        Binding("enter", "open_session", "Open", id="history.open", show=False,
                tooltip="Show the sets of the highlighted session (or the calendar day)"),
        Binding("f", "filter", "Filter", id="history.filter",
                tooltip="Show only sessions with one exercise"),
        Binding("e", "exercise", "Records", id="history.exercise",
                tooltip="Records, charts and left/right balance of one exercise"),
        Binding("n", "backfill", "Past", id="history.backfill",
                tooltip="Log a workout done on an earlier day"),
        Binding("r", "toggle_rest", "Rest", id="history.rest",
                tooltip="Mark or unmark the calendar's selected day as a planned rest day"),
        Binding("p", "pauses", "Pause", id="history.pauses",
                tooltip="List, add or remove streak pauses (a trip, an injury, a taper)"),
        Binding("d", "delete_session", "Del", id="history.delete",
                tooltip="Delete the highlighted session (asks first)"),
        Binding("u", "undo", "Undo", id="history.undo", tooltip="Undo the last delete"),
        Binding("end,G", "edge(1)", "Oldest", show=False, priority=True, id="history.oldest",
                tooltip="Go to the oldest session"),
        Binding("home,g", "edge(0)", "Newest", show=False, priority=True, id="history.newest",
                tooltip="Go to the newest session"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """The worker finished building what the screen shows (or, for a long history,
        the part of it from ``since`` on, with every training day in ``days``)."""

        view: HistoryView
        since: date | None = None
        days: frozenset[date] = frozenset()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(classes="history-screen")
        self.ctx = ctx
        self.view: HistoryView | None = None
        self.exercise_filter: str | None = None
        self.undo = UndoSlot()
        self._loaded_revision = -1
        self._keep_session: str | None = None
        self._fill_keep: str | None = None  # the session the cursor goes to once listed
        self._row_ids: list[str] = []  # session id of each table row, in order
        self._fill_generation = 0
        self._narrow = False
        # A long history read in part: from which day, every training day, whether a
        # longer part is being read, and whether End waits for the oldest row.
        self._since: date | None = None
        self._days: frozenset[date] = frozenset()
        self._reading: date | str | None = None  # the older part being read, if any
        self._to_oldest = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Undo (in the footer too) only when there is a delete to undo."""
        if action == "undo":
            return self.undo.last is not None
        return True

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Streak line, calendar, selected-day line, session table, message, footer."""
        yield Header(icon=app_glyphs(self.app).header_icon)
        yield Static(LOADING_TEXT, id="history-streaks", classes="history-line")
        yield Heatmap(id="history-calendar")
        yield Static("", id="history-day", classes="history-line")
        table: DataTable[str] = DataTable(
            id="history-sessions", cursor_type="row", zebra_stripes=True
        )
        self._narrow = self.app.size.width < WIDE_FROM
        for label, width in self._columns():
            table.add_column(label, width=width)
        yield table
        yield Static("", id="history-message", classes="history-message")
        yield KeyBar()

    def on_mount(self) -> None:
        """Start loading; the table has focus so Enter opens a session straight away."""
        self.title = "History"
        table = self.query_one("#history-sessions", DataTable)
        table.focus()
        self.watch(table, "scroll_y", self._near_the_end, init=False)
        self.reload()

    def on_screen_resume(self) -> None:
        """Coming back from a session or the exercise view: reload if anything changed."""
        self.refresh_bindings()  # a delete there may have made undo available
        if self.ctx.revision != self._loaded_revision:
            self.reload()

    # -- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Rebuild everything from the store in a worker; show the loading state first."""
        self._loaded_revision = self.ctx.revision
        if self.view is None:
            self.set_class(True, "-loading")
        table = self.query_one("#history-sessions", DataTable)
        if table.row_count and self._keep_session is None:
            self._keep_session = self.highlighted_session_id()
        self._reading, self._to_oldest = None, False
        # As much as was read stays read: all of it, or back to the same day.
        whole = self.view is not None and self.view.complete and self.view.exercise_filter is None
        self.load_history(self.exercise_filter, EVERYTHING if whole else FIRST, self._since)

    @work(thread=True, exclusive=True, group="history-load")
    def load_history(
        self,
        exercise_filter: str | None,
        depth: date | str,
        deepest: date | None = None,
        days: frozenset[date] | None = None,
    ) -> None:
        """Read the store and build the view off the UI thread
        (:func:`~.history_reading.read_history`)."""
        width = self.app.size.width
        view, since, days = read_history(self.ctx, exercise_filter, depth, width, deepest, days)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view, since, days))

    def read_older(self, back_to: date | None = None) -> None:
        """Read a longer part of a long history: the next one, one that reaches
        ``back_to``, or (End) the rest."""
        if self.view is None or self.view.complete or self._since is None:
            return
        since = None if self._to_oldest else part_since(self._days, self._since, back_to)
        depth = EVERYTHING if since is None else since
        if self._reading is not None and (self._reading == EVERYTHING or depth != EVERYTHING):
            return  # already on its way (End may go on from a part being read)
        self._reading = depth
        self.load_history(None, depth, days=self._days)  # the days of the view shown

    def _near_the_end(self) -> None:
        """After a scroll or a cursor move: read on when the end of what is read is
        (nearly) on screen."""
        if self.view is None or self.view.complete:
            return
        table = self.query_one("#history-sessions", DataTable)
        if not table.row_count or table.row_count < len(self.view.rows):
            return  # still adding the rows read
        last_shown = int(table.scroll_y) + table.size.height
        if max(table.cursor_row, last_shown) >= table.row_count - PAGE_AHEAD:
            self.read_older()

    @on(DataTable.RowHighlighted, "#history-sessions")
    def _row_moved(self) -> None:
        self._near_the_end()

    @on(Loaded)
    def show_view(self, message: Loaded) -> None:
        """Draw what the worker built."""
        view = message.view
        shown, self.view = self.view, view
        if view.exercise_filter is None:
            self._since, self._days = message.since, message.days
        self._reading = None
        self.set_class(False, "-loading")
        self.query_one("#history-streaks", Static).update(streak_line(view.streaks))
        heatmap = self.query_one("#history-calendar", Heatmap)
        heatmap.set_weeks(
            view.calendar,
            view.streaks.kept_weeks,
            view.streaks.weekly_goal,
            sets_by_day=view.sets_by_day,
            rest_days=view.rest_days,
            paused_days=view.paused_days,
            weekly_km=view.weekly_km,
        )
        self.show_day()
        table = self.query_one("#history-sessions", DataTable)
        self._fill_generation += 1
        # The session id of each row, so the cursor can come back to the same session.
        self._row_ids = [r.session_id for r in view.rows]
        self.sub_title = list_title(view, self.ctx.catalog)
        if _extends(shown, view) and table.row_count:
            # A longer part of a long history: the rows drawn stay, the cursor too, and
            # the older ones follow.
            self._keep_session = None
            self._fill_rows(view, table.row_count, self._fill_generation)
            return
        self._fill_keep = self._keep_session or self.highlighted_session_id()
        self._keep_session = None
        table.clear()
        self._fill_rows(view, 0, self._fill_generation)

    def _fill_rows(self, view: HistoryView, start: int, generation: int) -> None:
        """Add the next chunk of rows, then schedule the rest after the next refresh.

        The table measures every cell it is given; a ten-year history added at once
        would hold the UI thread for a noticeable moment, a chunk at a time never does.
        The cursor goes to the session kept across the load once its row is in.
        """
        if generation != self._fill_generation:
            return  # a newer load replaced this one
        table = self.query_one("#history-sessions", DataTable)
        chunk = view.rows[start : start + (ROW_CHUNK if start else FIRST_CHUNK)]
        table.add_rows([self._cells(r) for r in chunk])
        end = start + len(chunk)
        keep = self._fill_keep
        if keep is not None and keep in self._row_ids[start:end]:
            table.move_cursor(row=self._row_ids.index(keep))
            self._fill_keep = None
        if end < len(view.rows):
            self.call_after_refresh(self._fill_rows, view, end, generation)
        elif self._to_oldest and view.complete:
            self._to_oldest = False
            table.move_cursor(row=end - 1)
        else:
            self.call_after_refresh(self._near_the_end)

    def _columns(self) -> tuple[tuple[str, int], ...]:
        return narrow_columns(self.app.size.width) if self._narrow else SESSION_COLUMNS

    def _cells(self, row: SessionRow) -> tuple[str, ...]:
        if self._narrow:
            return (row.day.strftime("%d %b %y"), row.title, row.sets_text, row.volume_text)
        return (row.date_text, row.time_text, row.title, row.sets_text, row.volume_text)

    def on_resize(self) -> None:
        """Across 80 columns, swap between the full and the narrow set of columns; a
        wider calendar may show weeks older than what is read, which are read then."""
        self.show_day()  # its hint fits, or not, at the new width
        if self.view is not None and not self.view.complete and self._since is not None:
            ctx, width = self.ctx, self.app.size.width
            reach = calendar_reach(self._days, self._since, ctx.today(), ctx.streak_rules(), width)
            if reach is not None:
                self.read_older(back_to=reach)
        narrow = self.app.size.width < WIDE_FROM
        if not narrow and not self._narrow:
            return
        self._narrow = narrow
        table = self.query_one("#history-sessions", DataTable)
        table.clear(columns=True)
        for label, width in self._columns():
            table.add_column(label, width=width)
        if self.view is not None:
            self._keep_session = self.highlighted_session_id()
            self.show_view(self.Loaded(self.view, self._since, self._days))

    # -- calendar -------------------------------------------------------------------------
    @on(Heatmap.DaySelected)
    def show_day(self) -> None:
        """Describe the calendar's selected day."""
        heatmap = self.query_one("#history-calendar", Heatmap)
        day = heatmap.cursor
        if day is None or self.view is None:
            return
        view = self.view
        if not view.complete and self._since is not None and day < self._since:
            self.read_older(back_to=day)  # its shade and its sets are in an older part
        week = week_start_of(day, self.ctx.settings.week_start)
        km = view.weekly_km.get(week) if view.weekly_km else None
        text = day_line(
            day, heatmap.cell(day), view.sets_by_day.get(day, 0), km, day in view.paused_days
        )
        # One line from 80 columns: the hint only when it fits whole (the footer has the
        # keys too); below, the line wraps and it always fits.
        if self.app.size.width < WIDE_FROM or len(text) + len(DAY_HINT) <= self.app.size.width - 2:
            text += DAY_HINT
        self.query_one("#history-day", Static).update(text)

    def action_edge(self, oldest: int) -> None:
        """End/G: the oldest session (the last row); Home/g: the newest (the first)."""
        table = self.query_one("#history-sessions", DataTable)
        if not table.row_count:
            return
        table.focus()
        if oldest and self.view is not None and not self.view.complete:
            self._to_oldest = True  # the cursor goes there once the rest is read
            self.read_older()
        table.move_cursor(row=table.row_count - 1 if oldest else 0)

    # -- sessions ---------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#history-sessions")
    def row_chosen(self) -> None:
        """Enter on a row opens that session."""
        self.open_session(self.highlighted_session_id())

    def action_open_session(self) -> None:
        """Open the highlighted session, or the one on the calendar's selected day."""
        if self.focused is self.query_one("#history-calendar", Heatmap):
            day = self.query_one("#history-calendar", Heatmap).cursor
            if day is None:
                return
            session = self.ctx.session_on(day)
            if session is None:
                self.say(f"No session on {day.isoformat()}.")
                return
            self.open_session(session.id)
            return
        self.open_session(self.highlighted_session_id())

    def open_session(self, session_id: str | None) -> None:
        """Push the session's set view."""
        if session_id is None:
            self.say("No session to open.")
            return

        def closed(message: str | None) -> None:
            if message:
                self.say(message)

        self.app.push_screen(SessionScreen(self.ctx, session_id, self.undo), closed)

    # -- leaving and help ------------------------------------------------------------------------
    def action_back(self) -> None:
        """Return to the previous screen."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
