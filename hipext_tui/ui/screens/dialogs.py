"""Small modal dialogs: a yes/no question."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static


class ConfirmDialog(ModalScreen[bool | None]):
    """Ask a question: ``y``/Enter answers yes, ``n`` no, Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes", tooltip="Answer yes"),
        Binding("n", "answer(False)", "No", id="dialog.no", tooltip="Answer no"),
        Binding(
            "escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without answering"
        ),
    ]

    def __init__(
        self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No"
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        """Question, detail, two buttons."""
        with Vertical(id="dialog"):
            yield Static(self.question, id="dialog-question")
            if self.detail:
                yield Static(self.detail, id="dialog-detail")
            with Horizontal(id="dialog-buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary", compact=True)
                yield Button(f"{self.no_label} (n)", id="no", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Enter on the focused button answers; yes is focused."""
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """y or n answers."""
        self.dismiss(yes)

    def action_cancel(self) -> None:
        """Escape closes without an answer."""
        self.dismiss(None)
