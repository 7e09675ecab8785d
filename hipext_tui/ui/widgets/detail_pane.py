"""A scrollable text pane that repaints only the lines whose text changed.

The picker's detail pane follows the highlight, so it changes on every arrow key. A
plain Static would resend every cell of the pane; this pane wraps its paragraphs itself
and refreshes just the lines that differ from what is on screen (blank lines that stay
blank cost nothing).
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hipext_tui.domain.record import record


@record
class Para:
    """A paragraph: ``kind`` is "title", "heading", "text", "bullet" or "step"."""

    kind: str
    text: str
    number: int = 0


@record
class _Line:
    text: str
    kind: str


class DetailPane(ScrollView, can_focus=True):
    """Wrapped paragraphs with bold titles and headings; scroll with the arrows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail-pane--title", "detail-pane--heading"}
    DEFAULT_CSS = """
    DetailPane { height: 1fr; }
    DetailPane > .detail-pane--title { text-style: bold; color: $accent; }
    DetailPane > .detail-pane--heading { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down,j", "scroll_down", "Scroll", show=False, id="detail.down", tooltip="Scroll down"
        ),
        Binding("up,k", "scroll_up", "Scroll", show=False, id="detail.up", tooltip="Scroll up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._paras: tuple[Para, ...] = ()
        self._lines: list[_Line] = []
        self._wrapped_for = 0
        self._reserve: tuple[tuple[Para, ...], ...] = ()
        self._reserved_height = 0

    @property
    def text(self) -> str:
        """The pane's text as plain lines (for tests)."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    def reserve(self, contents: Sequence[Sequence[Para]]) -> None:
        """Size the scroll area for the longest of ``contents`` (everything the pane may
        show), so that moving between them never changes the scroll area: a change
        there would repaint the whole pane and its scrollbar."""
        self._reserve = tuple(tuple(c) for c in contents)
        self._reserved_height = 0
        self._rewrap(full=True)

    def show(self, paras: Sequence[Para]) -> None:
        """Replace the content, repainting only lines that changed."""
        self._paras = tuple(paras)
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
            self._rewrap(full=True)
        else:
            self._rewrap(full=False)

    def on_resize(self) -> None:
        """Re-wrap for the new width."""
        self._rewrap(full=True)

    def _rewrap(self, *, full: bool) -> None:
        if self.scrollable_content_region.width <= 0:
            # Not laid out yet (a new screen's first layout): wrapping for a guessed width
            # would paint one word per line until the first resize; the first frame wraps
            # for its real width instead (render_line).
            self._wrapped_for = 0
            return
        width = max(self.scrollable_content_region.width, 10)
        if width != self._wrapped_for:
            self._wrapped_for = width
            self._reserved_height = 0
        if not self._reserved_height and self._reserve:
            self._reserved_height = max(len(_wrap(c, width - 2)) for c in self._reserve)
        old = self._lines
        new = _wrap(self._paras, width - 2)
        self._lines = new
        height = max(len(new), self._reserved_height, 1)
        if self.virtual_size.height != height or self.virtual_size.width != width:
            self.virtual_size = Size(width, height)
        if full:
            self.refresh()
            return
        width = self.scrollable_content_region.width
        top = self.scroll_offset.y
        visible = range(top, top + self.scrollable_content_region.height)
        for y in visible:
            before = old[y] if y < len(old) else _BLANK
            after = new[y] if y < len(new) else _BLANK
            if before == after:
                continue
            if before.kind != after.kind:
                start, end = 0, width
            else:
                # Resend only the cells between the first and the last that differ (never
                # the scrollbar column): shared prefixes like "Sides: " and trailing
                # blanks cost nothing.
                start, end = _changed_span(f" {before.text}", f" {after.text}", width)
            if end > start:
                self.refresh(Region(start, y - top, end - start, 1))

    def render_line(self, y: int) -> Strip:
        """One wrapped line, padded to the width."""
        width = self.scrollable_content_region.width
        if max(width, 10) != self._wrapped_for:
            # Laid out at a width the lines were not wrapped for (the first frame, or a
            # frame drawn before the Resize event is handled): wrap for it now, so no
            # frame ever shows lines wrapped for another width; the scroll area follows.
            self._wrapped_for = max(width, 10)
            self._reserved_height = 0
            self._lines = _wrap(self._paras, self._wrapped_for - 2)
            self.call_later(self._rewrap, full=True)
        index = y + self.scroll_offset.y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip([Segment(" " * width, base)], width)
        line = self._lines[index]
        style: Style = base
        if line.kind == "title":
            style = base + self.get_component_rich_style("detail-pane--title", partial=True)
        elif line.kind == "heading":
            style = base + self.get_component_rich_style("detail-pane--heading", partial=True)
        # The left margin is part of the text: a padding would cost a style change per line.
        text = f" {line.text}"[:width].ljust(width)
        return Strip([Segment(text, style)], width)


_BLANK = _Line("", "text")


def _changed_span(before: str, after: str, width: int) -> tuple[int, int]:
    """The cells [start, end) in which two lines (padded to ``width``) differ."""
    a = before[:width].ljust(width)
    b = after[:width].ljust(width)
    start = 0
    while start < width and a[start] == b[start]:
        start += 1
    end = width
    while end > start and a[end - 1] == b[end - 1]:
        end -= 1
    return start, end


# A number and its unit ("60 s", "16 kg") stay on one line.
_GLUE = re.compile(r"(\d) (s|kg|lb|min|reps?|sets?)\b")
_NBSP = "\N{NO-BREAK SPACE}"


def _wrap(paras: Sequence[Para], width: int) -> list[_Line]:
    """Paragraphs to display lines; a blank line before each heading."""
    return list(_wrapped(tuple(paras), width))


@functools.lru_cache(maxsize=64)
def _wrapped(paras: tuple[Para, ...], width: int) -> tuple[_Line, ...]:
    # The picker wraps every entry's text at each width (to size the scroll area), then
    # again as the highlight moves: each (text, width) is wrapped once.
    lines: list[_Line] = []
    width = max(width, 8)
    for para in paras:
        if para.kind == "heading" and lines:
            lines.append(_Line("", "text"))
        if para.kind == "bullet":
            first, rest = "- ", "  "
        elif para.kind == "step":
            first = f"{para.number}. "
            rest = " " * len(first)
        else:
            first = rest = ""
        glued = _GLUE.sub(rf"\1{_NBSP}\2", para.text)
        wrapped = textwrap.wrap(glued, width, initial_indent=first, subsequent_indent=rest) or [""]
        kind = para.kind if para.kind in ("title", "heading") else "text"
        lines.extend(_Line(text.replace(_NBSP, " "), kind) for text in wrapped)
    return tuple(lines)
