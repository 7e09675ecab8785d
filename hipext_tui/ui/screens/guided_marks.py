"""The guided view's note on the workout and pain flags: the keys, and their two dialogs.

The dialogs only collect a value (:class:`MarksPart` writes it through the service): the note is
checked with the domain's ``parse_note`` before the dialog closes; the pain flag is a
body part (or none, to clear) on the last logged set or on the whole workout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from hipext_tui.domain.format import format_set
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import BodyPart, Session, ValidationError, parse_note
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.screens.guided_base import GuidedBase
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar

CLEAR = "none"


class NoteDialog(ModalScreen[str | None]):
    """One line about the workout; Enter saves (blank clears), Escape cancels."""

    CSS_PATH = stylesheets("dialogs")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, note: str) -> None:
        super().__init__(classes="history-dialog")
        self.note = note

    def compose(self) -> ComposeResult:
        """Title, the field, the error line."""
        with Vertical(classes="dialog-box"):
            yield Static("Note on this workout", classes="dialog-title")
            yield Input(self.note, id="note-text", placeholder="e.g. tight left hamstring")
            yield Static("Enter saves (blank clears it), Esc cancels", classes="dialog-hint")
            yield Static("", classes="form-error")
        yield KeyBar()

    @on(Input.Submitted)
    def save(self) -> None:
        """Check the note and close with it."""
        try:
            text = parse_note(self.query_one(Input).value)
        except ValidationError as exc:
            self.query_one(".form-error", Static).update(str(exc))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)


@record
class PainChoice:
    """Where it hurt (None: no pain, clear the flag) and on what."""

    part: BodyPart | None
    on_set: bool


class PainDialog(ModalScreen[PainChoice | None]):
    """Pick a body part; Tab switches between the last set and the whole workout."""

    CSS_PATH = stylesheets("dialogs")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pain.cancel", tooltip="Close without a flag"),
        Binding(
            "tab", "switch", "Set/workout", id="pain.switch", tooltip="Flag the set or the workout"
        ),
    ]

    def __init__(self, last_set: str | None) -> None:
        super().__init__(classes="history-dialog")
        self.last_set = last_set
        self.on_set = last_set is not None

    def compose(self) -> ComposeResult:
        """Title, what the flag goes on, the body parts."""
        with Vertical(classes="dialog-box"):
            yield Static("Pain: where?", classes="dialog-title")
            yield Static(self._target(), id="pain-target")
            options = [Option(part.label, id=part.value) for part in BodyPart]
            options.append(Option("no pain (clear the flag)", id=CLEAR))
            yield OptionList(*options, id="pain-parts", compact=True)
            yield Static("Enter flags it, Esc cancels", classes="dialog-hint")
        yield KeyBar()

    def _target(self) -> str:
        if self.last_set is None:
            return "On: the whole workout (no set logged yet)"
        if self.on_set:
            return f"On: the last set, {self.last_set} (Tab: the whole workout)"
        return "On: the whole workout (Tab: the last set)"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Switching needs a set to switch to."""
        return self.last_set is not None if action == "switch" else True

    def action_switch(self) -> None:
        """Flag the last set or the whole workout."""
        self.on_set = not self.on_set
        self.query_one("#pain-target", Static).update(self._target())

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Enter on a body part closes with the flag."""
        value = event.option.id or CLEAR
        part = None if value == CLEAR else BodyPart(value)
        self.dismiss(PainChoice(part, self.on_set))

    def action_cancel(self) -> None:
        """Close without a flag."""
        self.dismiss(None)


class MarksPart(GuidedBase):
    """``n`` writes the workout's note, ``p`` flags pain; each saved at once."""

    def action_note(self) -> None:
        """A note on the workout (saved at once)."""

        def answered(text: str | None) -> None:
            if text is None:
                return
            if self._write(lambda: self.ctx.set_session_note(self.target, text)):
                self.form.note("Note saved." if text else "Note cleared.")

        self.app.push_screen(NoteDialog(self.session.notes if self.session else ""), answered)

    def action_pain(self) -> None:
        """Flag pain on the last set or on the workout (saved at once)."""
        session = self.session
        last = session.sets[-1] if session and session.sets else None
        described = (
            f"{self._exercise_name(last.exercise_id)}, {format_set(last, self.ctx.settings.unit)}"
            if last
            else None
        )

        def answered(choice: PainChoice | None) -> None:
            if choice is None:
                return
            set_id = last.id if choice.on_set and last is not None else None
            if self._write(lambda: self.ctx.flag_pain(self.target, choice.part, set_id)):
                self.form.note(_pain_note(choice.part, set_id is not None))

        self.app.push_screen(PainDialog(described), answered)

    def _write(self, change: Callable[[], Session]) -> bool:
        """Run one service write; on success show the session as stored."""
        try:
            self.session = change()
        except (StoreError, ValidationError) as exc:
            self.form.error(report_store_error(self, exc))
            return False
        self.form.error("")
        self.state = self._progress()
        self._show_next()
        self.refresh_bindings()
        return True


def _pain_note(part: BodyPart | None, on_set: bool) -> str:
    what = "the last set" if on_set else "the workout"
    return f"Pain flag cleared on {what}." if part is None else f"Pain ({part.label}) on {what}."
