"""A keyboard list that repaints only the rows that change.

Textual's OptionList repaints its whole region when the highlight moves. Over a slow SSH
link that is most of the bytes of a key press, so this list redraws just the row that
lost the highlight and the row that gained it (the whole list only when it scrolls).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from hipext_tui.domain.record import record


@record
class PickItem:
    """One row: a selectable entry (``key`` set) or a section heading (``key`` None)."""

    label: str
    key: str | None = None

    @property
    def selectable(self) -> bool:
        """Headings cannot be highlighted."""
        return self.key is not None


class PickList(Widget, can_focus=True):
    """Rows with one highlighted; Enter selects it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pick-list--heading",
        "pick-list--highlight",
    }
    DEFAULT_CSS = """
    PickList { height: 1fr; }
    PickList > .pick-list--heading { text-style: bold; color: $text-muted; }
    PickList > .pick-list--highlight { background: $accent 40%; text-style: bold; }
    PickList:focus > .pick-list--highlight { background: $accent; color: $text; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False, id="pick.down", tooltip="Next entry"),
        Binding("up,k", "move(-1)", "Up", show=False, id="pick.up", tooltip="Previous entry"),
        Binding("home", "edge(-1)", "First", show=False, id="pick.first", tooltip="First entry"),
        Binding("end", "edge(1)", "Last", show=False, id="pick.last", tooltip="Last entry"),
        Binding("enter", "select", "Start", id="pick.select", tooltip="Start the entry"),
    ]

    @dataclass
    class Highlighted(Message):
        """The highlight moved to ``item`` (None when the list is empty)."""

        pick_list: PickList
        item: PickItem | None

    @dataclass
    class Selected(Message):
        """Enter was pressed on ``item``."""

        pick_list: PickList
        item: PickItem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[PickItem] = []
        self._index: int | None = None
        self._top = 0

    # -- content --------------------------------------------------------------------
    @property
    def items(self) -> list[PickItem]:
        """The rows shown."""
        return list(self._items)

    @property
    def highlighted(self) -> PickItem | None:
        """The highlighted entry."""
        return None if self._index is None else self._items[self._index]

    def set_items(self, items: list[PickItem], keep: str | None = None) -> None:
        """Replace the rows; keep the highlight on ``keep`` if it is still listed."""
        self._items = list(items)
        self._top = 0
        choices = [i for i, item in enumerate(self._items) if item.selectable]
        index = next((i for i in choices if self._items[i].key == keep), None)
        self._index = index if index is not None else (choices[0] if choices else None)
        self._scroll_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted))

    def highlight_key(self, key: str) -> None:
        """Move the highlight to the entry with ``key``."""
        for i, item in enumerate(self._items):
            if item.key == key:
                self._move_to(i)
                return

    # -- movement -------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        """Move to the next selectable row in direction ``step``."""
        if self._index is None:
            return
        i = self._index + step
        while 0 <= i < len(self._items) and not self._items[i].selectable:
            i += step
        if 0 <= i < len(self._items):
            self._move_to(i)

    def action_edge(self, direction: int) -> None:
        """Jump to the first (-1) or last (1) selectable row."""
        order = range(len(self._items)) if direction < 0 else range(len(self._items) - 1, -1, -1)
        for i in order:
            if self._items[i].selectable:
                self._move_to(i)
                return

    def action_select(self) -> None:
        """Select the highlighted row."""
        item = self.highlighted
        if item is not None:
            self.post_message(self.Selected(self, item))

    def _move_to(self, index: int) -> None:
        if index == self._index:
            return
        old = self._index
        self._index = index
        if self._scroll_into_view():
            self.refresh()
        else:
            # Only the two rows whose look changed are sent to the terminal.
            for row in (old, index):
                if row is not None:
                    self.refresh(Region(0, row - self._top, self.size.width, 1))
        self.post_message(self.Highlighted(self, self.highlighted))

    def _scroll_into_view(self) -> bool:
        """Adjust the first visible row; True when it changed."""
        height = self.size.height
        if self._index is None or height <= 0:
            return False
        top = self._top
        if self._index < top:
            top = self._index
            # Keep the section heading above the first entry visible.
            if top > 0 and not self._items[top - 1].selectable:
                top -= 1
        elif self._index >= top + height:
            top = self._index - height + 1
        changed = top != self._top
        self._top = top
        return changed

    # -- events -----------------------------------------------------------------------
    def on_resize(self) -> None:
        """Keep the highlight visible at the new height, from the top where possible."""
        self._top = 0
        self._scroll_into_view()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """Click highlights a row; a second click on it selects it."""
        row = event.y + self._top
        if 0 <= row < len(self._items) and self._items[row].selectable:
            if row == self._index:
                self.action_select()
            else:
                self._move_to(row)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As tall as the rows (the CSS usually gives it the remaining space)."""
        return len(self._items)

    # -- drawing ----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """One row, padded to the full width."""
        width = self.size.width
        row = y + self._top
        base = self.rich_style
        if row >= len(self._items):
            return Strip([Segment(" " * width, base)], width)
        item = self._items[row]
        if not item.selectable:
            style = base + self.get_component_rich_style("pick-list--heading", partial=True)
            text = item.label
        else:
            style = base
            if row == self._index:
                style = base + self.get_component_rich_style("pick-list--highlight", partial=True)
            text = f" {item.label}"
        text = _fit(text, width)
        return Strip([Segment(text, style or Style())], width)


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells (with an ellipsis) and pad it."""
    if len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return text.ljust(width)
