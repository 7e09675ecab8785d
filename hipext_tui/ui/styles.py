"""Where the stylesheets are. ``app.tcss`` is the app's own (the picker and what every
screen shares); every other screen names its own files and ``shared.tcss`` (the
dialogs, the help, the looks of widgets the picker does not have) in ``CSS_PATH``, and
Textual reads them the first time such a screen is shown, so start-up parses only the
one it draws."""

from __future__ import annotations

from pathlib import Path, PurePath

UI_DIR = Path(__file__).resolve().parent
# The app's own file, read at start-up.
FIRST = "app"
# What every screen after the first needs: each CSS_PATH made here ends with it.
SHARED = "shared"


def stylesheets(*names: str) -> list[str | PurePath]:
    """The paths of ``names`` (without ``.tcss``) and of ``shared.tcss``, for a
    ``CSS_PATH``; ``stylesheets(FIRST)`` is the app's file alone."""
    wanted = list(names) if names == (FIRST,) else [*names, SHARED]
    return [UI_DIR / f"{name}.tcss" for name in wanted]
