"""``?``: the one help of every screen: its own keys first, then the keys every screen
shares, then (folded away) the generic text-editing keys of the focused field.

A screen can add to what is listed with three class attributes: ``HELP_TITLE`` (the
heading, by default the class name without "Screen"), ``HELP_KEYS`` (keys handled
without a binding, such as the arrows of a list) and ``HELP_NOTE`` (a sentence or two
about the screen).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Collapsible, Footer, Static

from hipext_tui.ui.glyphs import app_glyphs

# What every screen shares; listed after the screen's own keys.
GENERAL = (
    ("?", "this help"),
    (":", "command palette (also ctrl+p)"),
    ("Escape", "back / close"),
    ("Tab", "next field or pane"),
    ("q", "quit (asks during a workout)"),
)
# Notes of screens that do not carry a HELP_NOTE themselves.
SCREEN_NOTES = {
    "PickerScreen": "Routines come first, then single exercises. Enter starts the "
    "highlighted one; the pane beside or under the list explains it.",
    "GuidedScreen": "Type the reps and the weight, Enter logs the set (it is saved at once). "
    "Letters that are not keys below go into the field. The rest timer starts by itself.",
    "SettingsScreen": "Change a field, Enter or ctrl+s saves all of them.",
}
_NAMES = {
    "question_mark": "?",
    "colon": ":",
    "slash": "/",
    "plus": "+",
    "escape": "Escape",
    "full_stop": ".",
}


def key_label(binding: Binding) -> str:
    """How a binding's keys are written in the help, e.g. ``Down/j``."""
    if binding.key_display:
        return binding.key_display
    keys = [_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(",")]
    return "/".join(k.capitalize() if len(k) > 1 and k not in _NAMES.values() else k for k in keys)


def _own(node: DOMNode) -> bool:
    """Whether ``node`` is one of hipext's widgets (not one of Textual's own)."""
    return type(node).__module__.startswith("hipext_tui.")


def _bindings(nodes: Iterable[DOMNode]) -> list[Binding]:
    out: list[Binding] = []
    for node in nodes:
        for bindings in node._bindings.key_to_bindings.values():
            # Without an id a binding is Textual's own (a Screen's Shift+Tab, Ctrl+C):
            # every hipext binding has one, for the keymap.
            own = (b for b in bindings if b.id or not _own(node))
            out.extend(b for b in own if b.description or b.tooltip)
    return out


def _lines(pairs: Iterable[tuple[str, str]], skip: set[str]) -> list[str]:
    lines = []
    for label, text in pairs:
        if label in skip:
            continue
        skip.add(label)
        lines.append(f"  {label:<12} {text}")
    return lines


class HelpScreen(ModalScreen[None]):
    """The key map of ``screen``: its bindings, its focused widget's, and the app's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close help"
        ),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    @property
    def title_text(self) -> str:
        """The heading, e.g. ``History keys``."""
        name = type(self.for_screen).__name__
        title = getattr(self.for_screen, "HELP_TITLE", "") or name.removesuffix("Screen") or name
        return f"{title} keys"

    def compose(self) -> ComposeResult:
        """A scrollable list of keys, with the text-editing ones folded away."""
        glyphs = app_glyphs(self.app)
        with VerticalScroll(id="help"):
            yield Static(self.help_text(), id="help-text", markup=False)
            editing = self.editing_text()
            if editing:
                with Collapsible(
                    title="Text editing",
                    collapsed=True,
                    collapsed_symbol=">" if glyphs.ascii else "▶",
                    expanded_symbol="v" if glyphs.ascii else "▼",
                    id="help-editing",
                ):
                    yield Static(editing, markup=False)
        yield Footer(compact=True)

    def own_pairs(self) -> list[tuple[str, str]]:
        """(key, what it does) for the screen's own keys, in the order shown."""
        focused = self.for_screen.focused
        nodes: list[DOMNode] = [self.for_screen]
        if focused is not None and _own(focused):
            nodes.insert(0, focused)
        pairs = [(key_label(b), b.tooltip or b.description) for b in _bindings(nodes)]
        pairs += list(getattr(self.for_screen, "HELP_KEYS", ()))
        return pairs

    def help_text(self) -> str:
        """The title, the screen's note, its own keys, then the shared ones."""
        lines = [self.title_text]
        name = type(self.for_screen).__name__
        note = getattr(self.for_screen, "HELP_NOTE", "") or SCREEN_NOTES.get(name, "")
        if note:
            lines += [note, ""]
        general = {key for key, _ in GENERAL}
        lines += _lines(self.own_pairs(), set(general))
        lines.append("")
        lines += _lines(GENERAL, set())
        return "\n".join(lines)

    def editing_text(self) -> str:
        """The generic keys of a focused Textual field (cursor, selection, copy)."""
        focused = self.for_screen.focused
        if focused is None or _own(focused):
            return ""
        taken = {label for label, _ in self.own_pairs()} | {key for key, _ in GENERAL}
        pairs = [(key_label(b), b.tooltip or b.description) for b in _bindings([focused])]
        return "\n".join(_lines(pairs, taken))

    async def action_dismiss(self, result: None = None) -> None:
        """Close help."""
        self.dismiss(None)
