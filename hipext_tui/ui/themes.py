"""The themes the settings offer: Textual's, and one of high contrast."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="hipext-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)
# The two ansi themes use the terminal's own 16 colours.
THEMES = {
    "default": "textual-dark",
    "high-contrast": HIGH_CONTRAST.name,
    "ansi-dark": "ansi-dark",
    "ansi-light": "ansi-light",
}
