"""Keeping user-facing messages on one harmless line."""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes.

    Messages often quote what the user typed; a newline or a terminal control code in
    it must not break the promise of a single, harmless line.
    """
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
