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


# C0 (but line feed and tab), DEL and C1: the characters a terminal may act on.
_CONTROLS = [c for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)]
_SHOWN = {c: f"\\x{c:02x}" for c in _CONTROLS}
_JSON_SHOWN = {c: f"\\u{c:04x}" for c in _CONTROLS}


def harmless(text: str) -> str:
    """``text`` with every terminal control character (ESC, BEL, DEL, C1...) shown as a
    visible escape; line feeds and tabs are kept. For output, never for what is stored."""
    return text.translate(_SHOWN)


def harmless_json(text: str) -> str:
    """JSON text with any raw control character left in it written as a ``\\u`` escape
    (still valid JSON that decodes to the same string)."""
    return text.translate(_JSON_SHOWN)


def control_in(text: str, *, lines: bool = False) -> str | None:
    """The first terminal control character in ``text`` as an escape ("\\x1b"), or None.
    With ``lines``, line feeds and tabs are allowed (a note may have several lines)."""
    for ch in text:
        code = ord(ch)
        if code in _SHOWN or (not lines and code in (0x09, 0x0A)):
            return f"\\x{code:02x}"
    return None


def refuse_controls(text: str, what: str, *, lines: bool = False) -> str:
    """``text`` if it holds no terminal control character (ESC, BEL, DEL, C1...; line
    breaks too, unless ``lines``); else ValueError naming ``what`` and the character.
    For what a user types: what a file held is kept, and shown with :func:`harmless`."""
    found = control_in(text, lines=lines)
    if found is not None:
        raise ValueError(f"{what}: contains the control character {found}; type plain text")
    return text
