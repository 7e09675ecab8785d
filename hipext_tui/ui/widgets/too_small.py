"""The "terminal too small" message that replaces any screen's layout below the minimum.

The app calls :meth:`TooSmall.update_screen` on every resize and screen change, so it
works on every screen, including ones that know nothing about it: the message is mounted
into the screen on demand and the screen's other children are hidden by a CSS class
(not removed), so the layout comes back intact when the terminal grows again.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from hipext_tui.ui.app import TOO_SMALL_CLASS


class TooSmall(Static):
    """A centred one-line message: "terminal too small: need WxH, have WxH"."""

    # The rules below style the screen around this widget, so they must not be scoped.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 100%;
        height: 100%;
        content-align: center middle;
        text-align: center;
    }
    Screen.-too-small > * {
        display: none;
    }
    Screen.-too-small > TooSmall {
        display: block;
    }
    """

    @staticmethod
    def message(width: int, height: int) -> str:
        """The text shown for a terminal of ``width`` x ``height``."""
        from hipext_tui.ui.app import MIN_HEIGHT, MIN_WIDTH

        return (
            f"terminal too small: need {MIN_WIDTH}x{MIN_HEIGHT}, have {width}x{height}\n"
            "make the window larger (q quits)"
        )

    @classmethod
    def update_screen(cls, screen: Screen[object], width: int, height: int) -> None:
        """Show the message on ``screen`` when it is too small, hide it otherwise."""
        from hipext_tui.ui.app import MIN_HEIGHT, MIN_WIDTH

        if not screen.is_attached:
            return
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        try:
            notice = screen.query_one(TooSmall)
        except NoMatches:
            if not too_small:
                return
            notice = TooSmall()
            screen.mount(notice)
        if too_small:
            notice.update(cls.message(width, height))
            if not screen.has_class(TOO_SMALL_CLASS):
                _remember_focus(screen)
                screen.add_class(TOO_SMALL_CLASS)
        elif screen.has_class(TOO_SMALL_CLASS):
            screen.remove_class(TOO_SMALL_CLASS)
            _restore_focus(screen)


def _remember_focus(screen: Screen[object]) -> None:
    # Hiding the focused widget drops focus; keep it to give it back afterwards.
    screen._hipext_focus = screen.focused  # type: ignore[attr-defined]


def _restore_focus(screen: Screen[object]) -> None:
    focused: Widget | None = getattr(screen, "_hipext_focus", None)
    if focused is not None and focused.is_attached:
        screen.call_after_refresh(focused.focus)
