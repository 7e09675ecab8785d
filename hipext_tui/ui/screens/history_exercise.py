"""One exercise's progress: personal records, weekly charts and left/right balance.

The numbers come from the store's record pack (``store.exercise_progress``: a summary
per month file, not every set) laid out by :func:`history_progress.exercise_view`, in a
thread worker like the history list, so a long history never blocks the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from hipext_tui.ui.glyphs import app_glyphs
from hipext_tui.ui.screens.history_progress import ExerciseView, exercise_view
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.chart import BarChart
from hipext_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext


RECORDS_TABLE_FROM = 66  # columns: the 62-column table, the padding and a scroll bar


class ExerciseScreen(Screen[None]):
    """Records, weekly volume and e1RM charts, and the side balance of one exercise."""

    CSS_PATH = stylesheets("history")

    # Side by side charts from 120 columns; stacked below that.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012

    HELP_TITLE = "Records"
    HELP_KEYS = (("Up/Down", "Scroll the page"),)
    HELP_NOTE = (
        "Records never count warm-up sets. e1RM is the Epley estimate, "
        "weight x (1 + reps / 30). Bars show one week each, newest on the right; "
        "a dot is a week with nothing logged."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="exercise.back", tooltip="Back to the history"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """The worker finished the numbers."""

        view: ExerciseView

    def __init__(self, ctx: AppContext, exercise_id: str) -> None:
        super().__init__(classes="history-screen")
        self.ctx = ctx
        self.exercise_id = exercise_id
        self.view: ExerciseView | None = None

    def compose(self) -> ComposeResult:
        """Title, records, two charts and the balance, in one scrolling column."""
        yield Header(icon=app_glyphs(self.app).header_icon)
        with VerticalScroll(id="exercise-body"):
            yield Static("Loading records...", id="exercise-title", classes="history-line")
            yield Static("", id="exercise-records", markup=False)
            with Horizontal(id="exercise-charts"):
                yield BarChart("Weekly volume", id="exercise-volume")
                yield BarChart("Best e1RM per week", id="exercise-e1rm")
            yield Static("", id="exercise-balance", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        """Start the worker."""
        self.title = "History"
        self.sub_title = "Records"
        self.set_class(True, "-loading")
        self.query_one("#exercise-body").focus()
        self.load_progress()

    @work(thread=True, exclusive=True, group="exercise-load")
    def load_progress(self) -> None:
        """Read the store and compute the progress numbers off the UI thread."""
        ctx = self.ctx
        rules, unit = ctx.streak_rules(), ctx.settings.unit
        progress = ctx.store.exercise_progress(
            self.exercise_id, unit, rules.timezone, rules.day_start_hour, rules.week_start
        )
        view = exercise_view(
            progress,
            ctx.catalog,
            self.exercise_id,
            unit,
            rules,
            ctx.settings.balance_threshold,
            ctx.today(),
        )
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view))

    @on(Loaded)
    def show_view(self, message: Loaded) -> None:
        """Draw the numbers."""
        view = message.view
        self.view = view
        self.set_class(False, "-loading")
        self.sub_title = f"Records: {view.name}"
        self.query_one("#exercise-title", Static).update(view.title)
        self.show_records()
        self.query_one("#exercise-volume", BarChart).set_points(
            view.volume_points, view.volume_title
        )
        self.query_one("#exercise-e1rm", BarChart).set_points(
            view.e1rm_points, view.e1rm_title, "(no weighted sets, so no e1RM)"
        )
        balance = self.query_one("#exercise-balance", Static)
        balance.update(view.balance)
        balance.display = bool(view.balance)

    def on_resize(self) -> None:
        """The records table, or two short lines a side where the table would wrap."""
        self.show_records()

    def show_records(self) -> None:
        """Draw the records in the form that fits the width."""
        if self.view is not None:
            narrow = self.app.size.width < RECORDS_TABLE_FROM
            text = self.view.records_narrow if narrow else self.view.records
            self.query_one("#exercise-records", Static).update(text)

    def action_back(self) -> None:
        """Return to the history list."""
        self.dismiss(None)
