"""``?``: the keys of the screen underneath, with what each does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

# What every screen shares; listed after the screen's own keys.
GENERAL = (
    ("?", "this help"),
    (":", "command palette (also ctrl+p)"),
    ("Escape", "back / close"),
    ("Tab", "next field or pane"),
    ("q", "quit (asks during a workout)"),
)

SCREEN_NOTES = {
    "PickerScreen": "Routines come first, then single exercises. Enter starts the "
    "highlighted one; the pane on the right explains it.",
    "GuidedScreen": "Type the reps and the weight, Enter logs the set (it is saved at once). "
    "Letters that are not keys below go into the field. The rest timer starts by itself.",
    "SettingsScreen": "Edit a field, Enter or ctrl+s saves all of them.",
}


def _key_label(app_key: str) -> str:
    names = {"question_mark": "?", "colon": ":", "slash": "/", "plus": "+", "escape": "Escape"}
    keys = [names.get(k.strip(), k.strip()) for k in app_key.split(",")]
    return "/".join(k.capitalize() if len(k) > 1 and k not in names.values() else k for k in keys)


class HelpScreen(ModalScreen[None]):
    """The key map of ``screen`` (its bindings, its focused widget's, and the app's)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close help"
        ),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        """A scrollable list of keys."""
        with VerticalScroll(id="help"):
            yield Static(self.help_text(), id="help-text")
        yield Footer(compact=True)

    def help_text(self) -> str:
        """The lines shown: a note about the screen, then key and description."""
        name = type(self.for_screen).__name__
        lines = [f"[b]Keys: {name.removesuffix('Screen') or name}[/b]"]
        note = SCREEN_NOTES.get(name)
        if note:
            lines += [note, ""]
        seen: set[str] = set()
        for binding in self._screen_bindings():
            label = _key_label(binding.key)
            if label in seen or label in {g[0] for g in GENERAL}:
                continue
            seen.add(label)
            text = binding.tooltip or binding.description
            lines.append(f"  {label:<12} {text}")
        lines.append("")
        lines.extend(f"  {key:<12} {text}" for key, text in GENERAL)
        return "\n".join(lines)

    def _screen_bindings(self) -> list[Binding]:
        out: list[Binding] = []
        nodes: list[DOMNode] = [self.for_screen]
        if self.for_screen.focused is not None:
            nodes.insert(0, self.for_screen.focused)
        for node in nodes:
            for binding in node._bindings.key_to_bindings.values():
                out.extend(b for b in binding if b.description or b.tooltip)
        return out

    async def action_dismiss(self, result: None = None) -> None:
        """Close help."""
        self.dismiss(None)
