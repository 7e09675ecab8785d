"""Where the stylesheets are. ``app.tcss`` is the app's own (the picker, the help, the
confirm dialog, what every screen shares); each other screen names its file in
``CSS_PATH`` and Textual reads it the first time such a screen is shown, so start-up
parses only the one it draws."""

from __future__ import annotations

from pathlib import Path, PurePath

UI_DIR = Path(__file__).resolve().parent


def stylesheets(*names: str) -> list[str | PurePath]:
    """The paths of ``names`` (without ``.tcss``), for a ``CSS_PATH``."""
    return [UI_DIR / f"{name}.tcss" for name in names]
