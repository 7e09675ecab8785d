"""Enter on a form screen: save, unless it is meant for the widget in focus.

A screen whose fields are lists (``Select``) and text boxes binds Enter as a priority
key, so its footer can say "Enter Save" over the fields' own Enter. :func:`press_enter`
keeps what Enter does on a button (press it), a closed list (open it) and an open list
(choose the highlighted item), and saves everywhere else. The arrows, priority keys
too, move between fields (:func:`press_arrow`), or in a list while it is open.
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


def move_in_open_list(screen: Screen[Any], step: int) -> bool:
    """Up/Down in the open list of a Select, when one is open; False otherwise."""
    focused = screen.focused
    if not isinstance(focused, OptionList):
        return False
    if step > 0:
        focused.action_cursor_down()
    else:
        focused.action_cursor_up()
    return True


def press_arrow(screen: Screen[Any], step: int) -> None:
    """Up/Down on a form: in an open list, its choices; elsewhere, the field before or
    after (a closed list too: its own Down would open it)."""
    if move_in_open_list(screen, step):
        return
    if step > 0:
        screen.focus_next()
    else:
        screen.focus_previous()
