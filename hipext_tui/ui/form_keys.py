"""Enter on a form screen: save, unless it is meant for the widget in focus.

A screen whose fields are lists (``Select``) and text boxes binds Enter as a priority
key, so its footer can say "Enter Save" over the fields' own Enter. :func:`press_enter`
keeps what Enter does on a button (press it), a closed list (open it) and an open list
(choose the highlighted item), and saves everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widgets import Button, OptionList, Select


def press_enter(screen: Screen[Any], save: Callable[[], None]) -> None:
    """What Enter does on ``screen`` (see the module docstring)."""
    focused = screen.focused
    if isinstance(focused, Button):
        focused.press()
    elif isinstance(focused, Select):
        focused.action_show_overlay()
    elif isinstance(focused, OptionList):  # the open list of a Select
        focused.action_select()
    else:
        save()
