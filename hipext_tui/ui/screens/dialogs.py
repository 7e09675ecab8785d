"""The one yes/no question of every screen."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar


class ConfirmDialog(ModalScreen[bool | None]):
    """Ask a question: ``y`` answers yes, ``n`` no, Escape cancels (None), Enter presses
    the focused button. A destructive question (``destructive=True``) focuses No, so a
    stray Enter never deletes anything; otherwise Yes is focused."""

    CSS_PATH = stylesheets()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes", tooltip="Answer yes"),
        Binding("n", "answer(False)", "No", id="dialog.no", tooltip="Answer no"),
        Binding(
            "escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without answering"
        ),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str = "Yes",
        no: str = "No",
        destructive: bool = False,
    ) -> None:
        super().__init__()
        self.destructive = destructive
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
                yield Button(
                    f"{self.yes_label} (y)",
                    id="yes",
                    variant="error" if self.destructive else "primary",
                    compact=True,
                )
                yield Button(f"{self.no_label} (n)", id="no", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        """Enter on the focused button answers."""
        self.query_one("#no" if self.destructive else "#yes", Button).focus()

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
