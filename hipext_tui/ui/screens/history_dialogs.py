"""Dialogs of the history screens: edit a set, pick an exercise.

Each dialog validates what was typed with the domain's ``parse_*`` functions and shows
the first problem on one line under the fields; it dismisses with a value only when
everything is valid, so nothing half-typed ever reaches the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from hipext_tui.domain.catalog import Exercise
from hipext_tui.domain.workout import (
    SetEntry,
    SetType,
    Side,
    ValidationError,
    parse_reps,
    parse_rpe,
    parse_seconds,
    parse_side,
    parse_weight,
)
from hipext_tui.ui.screens.dialogs import ConfirmDialog as BaseConfirm
from hipext_tui.ui.styles import stylesheets


def check_side(side: Side, exercise: Exercise | None) -> Side:
    """A one-sided move needs a leg; a two-legged move has none (the domain's rule)."""
    if exercise is not None:
        from hipext_tui.domain.sessions import check_side as side_fits

        side_fits(exercise, side)
    return side


def ConfirmDialog(question: str, confirm_label: str = "Delete") -> BaseConfirm:
    """The app's one confirm dialog, asking before a delete (No is focused)."""
    return BaseConfirm(question, yes=confirm_label, no="Cancel", destructive=True)


class _FormDialog(ModalScreen[object]):
    """Shared behaviour: Enter in any field submits, Escape cancels, errors show inline."""

    CSS_PATH = stylesheets("history", "dialogs")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    def show_error(self, message: str) -> None:
        """Put ``message`` on the error line (blank clears it)."""
        self.query_one(".form-error", Static).update(message)

    def action_cancel(self) -> None:
        """Close without a value."""
        self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        """Enter in any field tries to save."""
        self.save()

    @on(Button.Pressed, "#form-save")
    def save_pressed(self) -> None:
        """The Save button tries to save."""
        self.save()

    @on(Button.Pressed, "#form-cancel")
    def cancel_pressed(self) -> None:
        """The Cancel button closes."""
        self.dismiss(None)

    def save(self) -> None:
        """Validate and dismiss; subclasses implement :meth:`collect`."""
        try:
            value = self.collect()
        except ValidationError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(value)

    def collect(self) -> object:
        """The dialog's value from its fields; raises ValidationError."""
        raise NotImplementedError

    def value_of(self, field_id: str) -> str:
        """The text typed in one Input."""
        return self.query_one(f"#{field_id}", Input).value

    def buttons(self) -> ComposeResult:
        """Save/Cancel row and the error line."""
        yield Static("", classes="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save (Enter)", id="form-save", variant="primary", compact=True)
            yield Button("Cancel (Esc)", id="form-cancel", compact=True)


def _field(label: str, field_id: str, value: str, placeholder: str = "") -> ComposeResult:
    yield Label(label, classes="form-label")
    yield Input(value, id=field_id, placeholder=placeholder, compact=True)


class EditSetDialog(_FormDialog):
    """Change a logged set's reps, weight, seconds and side; dismisses with the new set."""

    def __init__(self, entry: SetEntry, exercise: Exercise | None) -> None:
        super().__init__(classes="history-dialog")
        self.entry = entry
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        """Title, the fields (RPE and warm-up too), the error line and the buttons."""
        name = self.exercise.name if self.exercise else self.entry.exercise_id
        when = self.entry.logged_at.strftime("%Y-%m-%d %H:%M")
        with Vertical(classes="dialog-box"):
            yield Static(f"Edit set: {name}, {when}", classes="dialog-title")
            with Grid(classes="form-grid"):
                yield from _field("Reps", "edit-reps", str(self.entry.reps))
                weight = "" if self.entry.weight is None else f"{self.entry.weight:g}"
                yield from _field(
                    f"Weight ({self.entry.unit.value})", "edit-weight", weight, "blank: bodyweight"
                )
                seconds = "" if self.entry.seconds is None else str(self.entry.seconds)
                yield from _field("Seconds", "edit-seconds", seconds, "blank: none")
                side = "" if self.entry.side is Side.NONE else self.entry.side.value
                yield from _field("Side", "edit-side", side, "left, right or blank")
                rpe = "" if self.entry.rpe is None else f"{self.entry.rpe:g}"
                yield from _field("RPE", "edit-rpe", rpe, "1 to 10, blank: none")
                yield Label("Set", classes="form-label")
                yield Select(
                    [("Working set", SetType.WORKING.value), ("Warm-up", SetType.WARMUP.value)],
                    value=self.entry.set_type.value,
                    allow_blank=False,
                    id="edit-type",
                    compact=True,
                )
            yield from self.buttons()

    def collect(self) -> SetEntry:
        """The edited set; ValidationError names the first bad field."""
        reps = parse_reps(self.value_of("edit-reps"))
        weight = parse_weight(self.value_of("edit-weight"))
        seconds = parse_seconds(self.value_of("edit-seconds"))
        side = check_side(parse_side(self.value_of("edit-side")), self.exercise)
        rpe = parse_rpe(self.value_of("edit-rpe"))
        kind = SetType(str(self.query_one("#edit-type", Select).value))
        return replace(
            self.entry, reps=reps, weight=weight, seconds=seconds, side=side, rpe=rpe, set_type=kind
        )


class ExercisePickDialog(ModalScreen[str | None]):
    """Choose an exercise (or, for a filter, all of them); dismisses with the id or ""."""

    CSS_PATH = stylesheets("history", "dialogs")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel", tooltip="Close"),
    ]

    def __init__(self, title: str, exercises: Iterable[Exercise], allow_all: bool) -> None:
        super().__init__(classes="history-dialog")
        self.title_text = title
        self.exercises = list(exercises)
        self.allow_all = allow_all

    def compose(self) -> ComposeResult:
        """A title and the list."""
        options = [Option("All exercises", id="")] if self.allow_all else []
        options += [Option(e.name, id=e.id) for e in self.exercises]
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(*options, id="pick-list")
            yield Static("Enter choose  Esc cancel", classes="dialog-hint")

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Close with the chosen id ("" means all)."""
        self.dismiss(event.option.id or "")
