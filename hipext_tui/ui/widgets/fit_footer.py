"""The footer of every screen: as many of its keys as fit the width, and always ``?``.

Textual's Footer lays its keys out in the order of the bindings and lets those past
the right edge fall off; on a phone (40-45 columns) that was often ``? Help``, the one
key that lists all the others. This footer keeps the help key and, before it, the
longest run of the screen's keys (in their order) that fits beside it; the rest are
hidden until the terminal is wide enough again. A wide terminal sees the same footer
as before. Which keys show is decided from their text alone, after every rebuild and
on every resize, without changing how the keys are composed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual import events

# The actions of the help key: the app's own, or a screen's that names the app.
HELP_ACTIONS = frozenset({"help", "app.help"})


def key_width(key: FooterKey, *, compact: bool) -> int:
    """Columns ``key`` takes (without the gap after it), as FooterKey draws it."""
    width = cell_len(key.key_display)
    if not compact:
        width += 2  # a space either side of the key
    if key.description:
        width += 1 + cell_len(key.description)
    return width


def keys_to_show(widths: list[int], help_index: int | None, room: int, gap: int) -> set[int]:
    """The indexes of the keys to show in ``room`` columns: the help key, then the
    longest run of the others, from the first, that still fits (``gap`` after each)."""
    used = 0
    shown: set[int] = set()
    if help_index is not None:
        used = widths[help_index]
        shown.add(help_index)
    for index, width in enumerate(widths):
        if index == help_index:
            continue
        if used + gap + width > room and used:
            break
        used += gap + width if used else width
        shown.add(index)
    return shown


class FitFooter(Footer):
    """A compact :class:`~textual.widgets.Footer` that hides the keys past its width,
    the help key last (see the module docstring)."""

    def __init__(self, *, compact: bool = True, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)

    async def recompose(self) -> None:
        """Rebuild the keys, then hide those that do not fit."""
        await super().recompose()
        self.fit_keys()

    def on_resize(self, event: events.Resize) -> None:
        """A new width: show the keys that fit it."""
        self.fit_keys(event.size.width)

    def fit_keys(self, width: int | None = None) -> None:
        """Show the help key and the first keys that fit ``width`` (the footer's own
        width by default); hide the others."""
        room = width or self.size.width
        if not room:
            return
        keys = list(self.query_children(FooterKey))  # the keys of a group stay as they are
        docked = [key for key in keys if key.has_class("-command-palette")]
        flowing = [key for key in keys if key not in docked]
        compact = self.compact
        gap = 1 if compact else 0
        # A docked command-palette key keeps its place on the right.
        room -= sum(key_width(key, compact=compact) + 1 for key in docked)
        widths = [key_width(key, compact=compact) for key in flowing]
        help_index = next((i for i, key in enumerate(flowing) if key.action in HELP_ACTIONS), None)
        shown = keys_to_show(widths, help_index, room, gap)
        for index, key in enumerate(flowing):
            key.display = index in shown
