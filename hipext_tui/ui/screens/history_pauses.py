"""The pauses dialog of the history screen: list, add and remove streak pauses.

A pause (a trip, an injury, a taper) is a run of days the streaks step over; see
:mod:`hipext_tui.domain.pauses` for the rules. The dialog opens on the calendar's
selected day, lists the pauses (Enter on one asks, then removes it) and adds a new one
from the fields (Enter in a field). A complaint about a field (in the error colour) goes
as soon as a field is edited. Every change goes through ``Workouts.add_pause`` and
``Workouts.remove_pause``; the dialog dismisses with True when anything changed, so the
history reloads.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from hipext_tui.domain.pauses import Pause, PauseReason, parse_day, parse_reason
from hipext_tui.domain.workout import ValidationError
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.screens.dialogs import ConfirmDialog
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

DEFAULT_DAYS = 7  # a new pause runs a week from its first day unless changed
NO_PAUSES = "No pauses yet."


def pause_text(pause: Pause) -> str:
    """One line of the list: ``2025-03-20 to 2025-03-26  trip  (7 days)``."""
    days = f"{pause.length} day{'s' if pause.length != 1 else ''}"
    return f"{pause.start.isoformat()} to {pause.end.isoformat()}  {pause.reason.value}  ({days})"


class PauseDialog(ModalScreen[bool]):
    """The pauses: the list, and fields for a new one."""

    CSS_PATH = stylesheets("history", "dialogs")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="pauses.close", tooltip="Close the pauses"),
    ]

    def __init__(self, ctx: AppContext, day: date) -> None:
        super().__init__(classes="history-dialog")
        self.ctx = ctx
        self.day = day
        self.changed = False
        self._pauses: list[Pause] = []

    def compose(self) -> ComposeResult:
        """Title, the list, the three fields, the message line and the buttons."""
        with Vertical(classes="dialog-box"):
            yield Static("Pauses: the streaks step over these days", classes="dialog-title")
            yield OptionList(id="pause-list", compact=True)
            yield Static("Enter on a pause removes it (asks first).", classes="dialog-hint")
            with Grid(classes="form-grid"):
                yield Label("From", classes="form-label")
                yield Input(self.day.isoformat(), id="pause-from", compact=True)
                yield Label("To", classes="form-label")
                end = self.day + timedelta(days=DEFAULT_DAYS - 1)
                yield Input(end.isoformat(), id="pause-to", compact=True)
                yield Label("Reason", classes="form-label")
                yield Select(
                    [(r.value, r.value) for r in PauseReason],
                    value=PauseReason.TRIP.value,
                    allow_blank=False,
                    id="pause-reason",
                    compact=True,
                )
            yield Static("", classes="form-message", id="pause-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (Enter)", id="pause-add", variant="primary", compact=True)
                yield Button("Close (Esc)", id="pause-close", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill the list; the first field has focus."""
        self.refill()
        self.query_one("#pause-from", Input).focus()

    def refill(self) -> None:
        """Show the pauses as they are on disk."""
        self._pauses = self.ctx.pauses()
        listing = self.query_one("#pause-list", OptionList)
        listing.clear_options()
        if not self._pauses:
            listing.add_option(Option(NO_PAUSES, id="", disabled=True))
            return
        listing.add_options(Option(pause_text(p), id=p.start.isoformat()) for p in self._pauses)
        listing.highlighted = 0  # so Enter on the list, as soon as it is reached, asks

    def say(self, text: str, *, error: bool = False) -> None:
        """One line under the fields: what was done, or (``error``) what is wrong."""
        message = self.query_one("#pause-message", Static)
        message.set_class(error, "-error")
        message.update(text)

    @on(Input.Changed)
    @on(Select.Changed)
    def edited(self) -> None:
        """A field changed: a complaint about what it held before no longer applies."""
        if self.query_one("#pause-message", Static).has_class("-error"):
            self.say("")

    # -- adding -----------------------------------------------------------------------
    def collect(self) -> Pause:
        """The new pause from the fields; ValidationError names the first bad one."""
        start = parse_day(self.query_one("#pause-from", Input).value, "from")
        end = parse_day(self.query_one("#pause-to", Input).value, "to")
        reason = parse_reason(self.query_one("#pause-reason", Select).value)
        return Pause(start, end, reason)

    @on(Input.Submitted)
    @on(Button.Pressed, "#pause-add")
    def add(self) -> None:
        """Add the pause in the fields."""
        try:
            pause = self.collect()
            self.ctx.add_pause(pause)
        except ValidationError as exc:
            self.say(str(exc), error=True)
            return
        except StoreError as exc:
            self.say(report_store_error(self, exc), error=True)
            return
        self.changed = True
        self.refill()
        self.say(f"Paused {pause.start.isoformat()} to {pause.end.isoformat()} ({pause.reason}).")

    # -- removing -----------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#pause-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a pause: ask, then remove it."""
        if not event.option.id:
            return
        day = date.fromisoformat(event.option.id)
        pause = next((p for p in self._pauses if p.start == day), None)
        if pause is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_pause(pause)

        question = f"Remove the {pause.reason} pause {pause.start} to {pause.end}?"
        self.app.push_screen(
            ConfirmDialog(question, yes="Remove", no="Cancel", destructive=True), answered
        )

    def remove_pause(self, pause: Pause) -> None:
        """Remove ``pause`` from the store."""
        try:
            self.ctx.remove_pause(pause.start)
        except StoreError as exc:  # NotFoundError too: another window removed it
            self.say(report_store_error(self, exc), error=True)
            self.refill()
            return
        self.changed = True
        self.refill()
        self.say(f"Removed the {pause.reason} pause {pause.start} to {pause.end}.")

    # -- leaving ----------------------------------------------------------------------------
    @on(Button.Pressed, "#pause-close")
    def action_close(self) -> None:
        """Close; True when a pause was added or removed."""
        self.dismiss(self.changed)
