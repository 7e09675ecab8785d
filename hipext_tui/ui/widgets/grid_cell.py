"""A text box for a number, a date or a time: it takes only the characters such a value
is written with, and leaves ``?`` (help) and ``:`` (the command palette) to the app.

A plain Input types every printable key into itself, so in the backfill grid ``?``
put a question mark into a reps cell instead of opening the help the footer promises.
A :class:`GridCell` refuses characters that cannot be part of its value (the terminal
bell sounds, nothing is typed), and passes ``?`` and ``:``, when they are not among
them, on to the screen's and app's keys. Other letters (``q`` among them) are refused,
never taken as keys: a slip of a finger in a half-typed grid does not quit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

if TYPE_CHECKING:
    from textual import events

# Keys a cell leaves to the app when its value cannot hold them.
APP_KEYS = frozenset("?:")
DIGITS = "0123456789"


class GridCell(Input):
    """An :class:`~textual.widgets.Input` that takes only ``chars`` (see the module)."""

    def __init__(self, value: str, *, chars: str, **kwargs: Any) -> None:
        super().__init__(value, restrict=f"[{re.escape(chars)}]*", **kwargs)
        self.chars = frozenset(chars)

    def passes(self, character: str | None) -> bool:
        """Whether ``character`` is a key of the app here rather than typed."""
        return character in APP_KEYS and character not in self.chars

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """``?`` and ``:`` stay the app's keys (and in the footer) unless typed here."""
        if self.passes(character):
            return False
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls this before Input's own handler; preventing the default skips
        # Input's (nothing typed) and the key goes on to the bindings.
        if self.passes(event.character):
            event.prevent_default()
