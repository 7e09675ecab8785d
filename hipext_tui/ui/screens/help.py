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

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Collapsible, Static

from hipext_tui.ui.glyphs import app_glyphs
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar

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


def key_pairs(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, what they do), one row per action: Textual splits ``end,G`` into a binding
    per key, and those (or two bindings of one action) share a row, ``End/G``."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        text = binding.tooltip or binding.description
        labels = rows.setdefault((binding.action, text), [])
        label = key_label(binding)
        if label not in labels:
            labels.append(label)
    return [("/".join(labels), text) for (_action, text), labels in rows.items()]


def _rows(pairs: Iterable[tuple[str, str]], skip: set[str]) -> list[tuple[str, str]]:
    rows = []
    for label, text in pairs:
        if label in skip:
            continue
        skip.add(label)
        rows.append((label, text))
    return rows


def key_table(rows: Iterable[tuple[str, str]], width: int = 0) -> Padding:
    """Keys in a column of their own (at least ``width`` wide), indented, and what they
    do beside them; a long description wraps under its own first word, never back to
    the left edge."""
    table = Table.grid(padding=(0, 1))
    table.add_column(min_width=width, no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for label, text in rows:
        table.add_row(Text(label), Text(text))
    return Padding(table, (0, 0, 0, 2))


class HelpScreen(ModalScreen[None]):
    """The key map of ``screen``: its bindings, its focused widget's, and the app's."""

    CSS_PATH = stylesheets()

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
            yield Static(self.help_body(), id="help-text")
            editing = self.editing_rows()
            if editing:
                with Collapsible(
                    title="Text editing",
                    collapsed=True,
                    collapsed_symbol=">" if glyphs.ascii else "▶",
                    expanded_symbol="v" if glyphs.ascii else "▼",
                    id="help-editing",
                ):
                    yield Static(key_table(editing))
        yield KeyBar()

    def own_pairs(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the screen's own keys, in the order shown."""
        focused = self.for_screen.focused
        nodes: list[DOMNode] = [self.for_screen]
        if focused is not None and _own(focused):
            nodes.insert(0, focused)
        pairs = key_pairs(_bindings(nodes))
        pairs += list(getattr(self.for_screen, "HELP_KEYS", ()))
        return pairs

    def help_body(self) -> Group:
        """The title, the screen's note, its own keys, then the shared ones."""
        parts: list[RenderableType] = [Text(self.title_text)]
        name = type(self.for_screen).__name__
        note = getattr(self.for_screen, "HELP_NOTE", "") or SCREEN_NOTES.get(name, "")
        if note:
            parts += [Text(note), Text("")]
        own = _rows(self.own_pairs(), {key for key, _ in GENERAL})
        # One key column for both lists, as wide as the longest key name.
        width = max(len(label) for label, _ in [*own, *GENERAL])
        parts += [key_table(own, width), Text(""), key_table(GENERAL, width)]
        return Group(*parts)

    def editing_rows(self) -> list[tuple[str, str]]:
        """The generic keys of a focused Textual field (cursor, selection, copy)."""
        focused = self.for_screen.focused
        if focused is None or _own(focused):
            return []
        taken = {label for label, _ in self.own_pairs()} | {key for key, _ in GENERAL}
        return _rows(key_pairs(_bindings([focused])), taken)

    async def action_dismiss(self, result: None = None) -> None:
        """Close help."""
        self.dismiss(None)
