"""Backfill a whole past workout in one screen, saved in one write.

The top row picks what was done (a routine, or one exercise; "+ Exercise" appends
the sets of more), the date (the calendar's selected day) and the start time. Under it
is a grid with one line per set, prefilled with the prescribed reps and hold and the
load of last time, edited in place: Tab and the arrows move between cells, Enter in
any cell saves. The cells take only what their value is written with (digits, a point
or comma in the weight, - in the date, : in the time); ``?`` opens the help from any of
them (:mod:`hipext_tui.ui.widgets.grid_cell`). Blank reps mean the set was not done.
Every cell is checked before anything is written; the first bad one is named on the
message line and focused, and nothing is saved. The rules (times, overlaps) are in
:mod:`hipext_tui.domain.backfill`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from hipext_tui.domain.backfill import BackfillRow, parse_row, parse_start
from hipext_tui.domain.format import format_number
from hipext_tui.domain.guide import Plan, build_plan, single_exercise_plan
from hipext_tui.domain.record import record
from hipext_tui.domain.sessions import estimate_minutes
from hipext_tui.domain.workout import Session, Side, ValidationError
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.form_keys import move_in_open_list, press_enter
from hipext_tui.ui.screens.history_data import exercise_name, parse_day
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.grid_cell import DIGITS, GridCell
from hipext_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

DEFAULT_START = "12:00"
SIDE_MARK = {Side.LEFT: "L", Side.RIGHT: "R", Side.NONE: ""}
CELLS = ("reps", "weight", "seconds")


@record
class Backfilled:
    """What the screen saved: the session, and what was done, for the message line."""

    session: Session
    name: str


class GridRow(Horizontal):
    """One set of the grid: number and exercise, side, reps, weight, seconds, last time."""

    def __init__(self, number: int, name: str, row: BackfillRow, unit: str) -> None:
        super().__init__(classes="bf-row")
        self.number = number
        self.name_text = name
        self.row = row
        self.unit = unit
        self.focus_first = False  # the first line of a new grid takes the focus

    def on_mount(self) -> None:
        """The first line of a new grid: its reps cell has focus."""
        if self.focus_first:
            self.cell("reps").focus()

    def compose(self) -> ComposeResult:
        """The labels and the three cells."""
        row = self.row
        yield Label(f"{self.number:>2} {self.name_text}", classes="bf-name")
        yield Label(SIDE_MARK[row.side], classes="bf-side")
        yield GridCell(
            str(row.reps), chars=DIGITS, classes="bf-reps", compact=True, placeholder="-"
        )
        weight = "" if row.weight is None else format_number(row.weight)
        yield GridCell(
            weight, chars=DIGITS + ".,", classes="bf-weight", compact=True, placeholder="bw"
        )
        seconds = "" if row.seconds is None else str(row.seconds)
        yield GridCell(seconds, chars=DIGITS, classes="bf-seconds", compact=True, placeholder="-")
        yield Label(last_text(row), classes="bf-last")

    def cell(self, name: str) -> Input:
        """The reps, weight or seconds cell."""
        return self.query_one(f".bf-{name}", Input)

    def done(self) -> BackfillRow | None:
        """The set as typed (None when not done); ValidationError names the bad cell."""
        return parse_row(
            self.number,
            self.name_text,
            self.row,
            self.cell("reps").value,
            self.cell("weight").value,
            self.cell("seconds").value,
        )


def last_text(row: BackfillRow) -> str:
    """What the set's exercise and side was last time: ``7 x 24 kg``, ``9, 2 s``."""
    last = row.last
    if last is None:
        return "first time"
    text = str(last.reps)
    if last.weight:
        text += f" x {format_number(last.weight)} {last.unit.value}"
    return f"{text}, {last.seconds} s" if last.seconds else text


def default_start(day: date, today: date, now: datetime, plan: Plan) -> str:
    """Noon; for a workout today, at the latest a start from which it ended by now (to
    the 5 minutes), so the offer can be saved as it is."""
    if day != today:
        return DEFAULT_START
    latest = now - timedelta(minutes=estimate_minutes(plan) + 1)
    if latest.date() != now.date():
        return "00:00"
    return min(DEFAULT_START, f"{latest.hour:02d}:{latest.minute - latest.minute % 5:02d}")


class BackfillScreen(Screen[Backfilled | None]):
    """Log a past workout: pick it, date it, edit its sets, save them together."""

    CSS_PATH = stylesheets("history")

    HELP_TITLE = "Past workout"
    HELP_KEYS = (
        ("Tab", "Next cell (Shift+Tab: the one before)"),
        ("Enter", "Check every set and save them all"),
        ("Esc", "Leave without saving"),
    )
    HELP_NOTE = (
        "Each line is one set, prefilled with the routine's reps and hold and the weight "
        "you used last time. Blank reps: the set was not done. A blank weight is "
        "bodyweight. Nothing is saved until every line is valid. The cells take digits "
        "only (and a point or comma in the weight); ? opens this help from any of them."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="backfill.cancel", tooltip="Leave unsaved"),
        # A priority binding, so the footer shows it over the cells' own Enter; on a
        # button or the workout list Enter still presses or opens it.
        Binding("enter", "enter", "Save", priority=True, id="backfill.save",
                tooltip="Save every set"),
        # Priority too: the scrolling container would take the arrows otherwise.
        Binding("up", "row(-1)", "Row up", show=False, priority=True, id="backfill.up",
                tooltip="The same cell of the set above"),
        Binding("down", "row(1)", "Row down", show=False, priority=True, id="backfill.down",
                tooltip="The same cell of the set below"),
    ]  # fmt: skip

    def __init__(self, ctx: AppContext, day: date, exercise_id: str | None = None) -> None:
        super().__init__(classes="backfill-screen")
        self.ctx = ctx
        self.day = min(day, ctx.today())
        self.routine_id: str | None = None
        self.plan_name = ""
        self.first_choice = f"exercise:{exercise_id}" if exercise_id else self._routines()[0][1]

    def _routines(self) -> list[tuple[str, str]]:
        catalog = self.ctx.catalog
        routines = [(r.name, f"routine:{r.id}") for r in catalog.routines]
        return routines + [(e.name, f"exercise:{e.id}") for e in catalog.exercises]

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """What, when, the grid, the message line, the buttons and the footer."""
        with VerticalScroll(id="backfill"):
            yield Static("[b]Log a past workout[/b]", id="backfill-title")
            with Horizontal(classes="bf-top"):
                yield Label("Workout", classes="bf-label")
                yield Select(
                    self._routines(),
                    value=self.first_choice,
                    allow_blank=False,
                    id="bf-workout",
                    compact=True,
                )
            with Horizontal(classes="bf-top"):
                yield Label("Date", classes="bf-label")
                yield GridCell(self.day.isoformat(), chars=DIGITS + "-", id="bf-date", compact=True)
                yield Label("Start", classes="bf-label bf-start-label")
                yield GridCell(
                    DEFAULT_START,
                    chars=DIGITS + ":",
                    id="bf-start",
                    compact=True,
                    placeholder="HH:MM",
                )
            unit = self.ctx.settings.unit.value
            with Horizontal(classes="bf-row bf-head"):
                yield Label(" # Set", classes="bf-name")
                yield Label("", classes="bf-side")
                yield Label("Reps", classes="bf-reps")
                yield Label(unit, classes="bf-weight")
                yield Label("Secs", classes="bf-seconds")
                yield Label("Last time", classes="bf-last")
            yield Vertical(id="bf-grid")
        yield Static("", id="bf-message")
        with Horizontal(id="bf-buttons", classes="dialog-buttons"):
            yield Button("+ Exercise", id="bf-add", compact=True)
            yield Button("Save", id="bf-save", variant="primary", compact=True)
            yield Button("Cancel", id="bf-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill the grid with the first choice; the first reps cell has focus."""
        self.title = "Past workout"
        self.fill(self.first_choice)

    # -- the grid ------------------------------------------------------------------------
    def plan_of(self, choice: str) -> Plan:
        """The plan a Workout choice stands for (``routine:ID`` or ``exercise:ID``)."""
        kind, _, ident = choice.partition(":")
        catalog = self.ctx.catalog
        if kind == "routine":
            return build_plan(catalog.routine(ident), catalog)
        exercise = catalog.get(ident)
        if exercise is None:
            raise ValidationError(f"exercise: '{ident}' is not in the catalog")
        return single_exercise_plan(exercise, catalog=catalog)

    def rows(self) -> list[GridRow]:
        """The grid's lines, in order."""
        return list(self.query(GridRow))

    def fill(self, choice: str, *, append: bool = False) -> None:
        """Show the sets of ``choice`` (after those shown, with ``append``)."""
        plan = self.plan_of(choice)
        if not append:
            self.routine_id, self.plan_name = plan.routine_id, plan.name
        grid = self.query_one("#bf-grid", Vertical)
        if not append:
            grid.remove_children()
            start = self.query_one("#bf-start", Input)
            start.value = default_start(self.day, self.ctx.today(), self.ctx.now(), plan)
        first = len(self.rows()) if append else 0
        unit = self.ctx.settings.unit.value
        new = [
            GridRow(first + k + 1, exercise_name(self.ctx.catalog, row.exercise_id), row, unit)
            for k, row in enumerate(self.ctx.backfill_rows(plan))
        ]
        if new:
            new[0].focus_first = True
        grid.mount_all(new)
        self.say(f"{len(new)} sets of {plan.name}. Blank reps: not done.")

    @on(Select.Changed, "#bf-workout")
    def workout_changed(self, event: Select.Changed) -> None:
        """A new choice replaces the grid."""
        if isinstance(event.value, str) and self.is_mounted and self.rows():
            self.fill(event.value)

    @on(Button.Pressed, "#bf-add")
    def add_exercise(self) -> None:
        """Append the sets of an exercise picked from the list."""
        from hipext_tui.ui.screens.history_dialogs import ExercisePickDialog

        def chosen(exercise_id: str | None) -> None:
            if exercise_id:
                self.fill(f"exercise:{exercise_id}", append=True)
                self.routine_id = None  # exercises added: no longer the routine alone

        self.app.push_screen(
            ExercisePickDialog("Add the sets of", self.ctx.catalog.exercises, False), chosen
        )

    def action_row(self, step: int) -> None:
        """Up/Down: the same cell of the neighbouring set."""
        if move_in_open_list(self, step):
            return
        focused = self.focused
        rows = self.rows()
        row = next((r for r in rows if focused is not None and focused in r.children), None)
        if row is None or not isinstance(focused, Input):
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        column = next(name for name in CELLS if focused.has_class(f"bf-{name}"))
        index = rows.index(row) + step
        if 0 <= index < len(rows):
            rows[index].cell(column).focus()
            rows[index].scroll_visible()

    def say(self, text: str, *, error: bool = False) -> None:
        """One line above the buttons."""
        message = self.query_one("#bf-message", Static)
        message.set_class(error, "-error")
        message.update(text)

    # -- saving ------------------------------------------------------------------------------
    def action_enter(self) -> None:
        """Enter saves, except on a button (pressed) or the workout list (opened)."""
        press_enter(self, self.action_save)

    @on(Button.Pressed, "#bf-save")
    def action_save(self) -> None:
        """Check every cell, then save the whole workout in one write."""
        try:
            day = parse_day(self.query_one("#bf-date", Input).value, self.ctx.today())
            start = parse_start(day, self.query_one("#bf-start", Input).value, self.ctx.tz)
        except ValidationError as exc:
            self.say(str(exc), error=True)
            return
        done: list[BackfillRow] = []
        for row in self.rows():
            try:
                item = row.done()
            except ValidationError as exc:
                self.say(str(exc), error=True)
                field = str(exc).split(": ", 2)[1] if str(exc).count(": ") >= 2 else "reps"
                row.cell(field if field in CELLS else "reps").focus()
                row.scroll_visible()
                return
            if item is not None:
                done.append(item)
        try:
            session = self.ctx.backfill_session(start, done, self.routine_id)
        except ValidationError as exc:
            self.say(str(exc), error=True)
            return
        except StoreError as exc:
            self.say(report_store_error(self, exc), error=True)
            return
        self.dismiss(Backfilled(session, self.plan_name))

    @on(Button.Pressed, "#bf-cancel")
    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)
