"""A small text bar chart: one column per week, bars drawn with block glyphs.

It is made for a terminal over SSH: it needs no colour (the bar height is the glyph),
it fits 80 columns by showing the most recent weeks that fit, and it prints the scale
(the top value and 0) and the first and last week shown, so it can be read as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

# Eighths of a cell, from empty to full; a bar of height h rows uses h*8 steps.
_EIGHTHS = " ▁▂▃▄▅▆▇█"
_LABEL_WIDTH = 8  # room for "12,345 " on the left


def format_amount(value: float) -> str:
    """A compact number for an axis label: 950, 1,250, 12.5k, 1.2M."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value >= 100_000:
        return f"{value / 1000:.0f}k"
    if value >= 10_000:
        return f"{value / 1000:.1f}k"
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.1f}"


def bar_columns(values: Sequence[float | None], rows: int) -> list[str]:
    """Each value as a column of ``rows`` glyphs, top row first, scaled to the largest.

    A week with no value shows a dot on the baseline so a gap reads as "nothing logged"
    and not as a rendering fault; a positive value always shows at least an eighth.
    """
    top = max((v for v in values if v is not None), default=0.0)
    columns: list[str] = []
    for value in values:
        if value is None:
            columns.append(" " * (rows - 1) + "·")
            continue
        steps = 0 if top <= 0 else round(value / top * rows * 8)
        if value > 0:
            steps = max(steps, 1)
        cells = []
        for row in range(rows):  # bottom row first
            filled = min(8, max(0, steps - row * 8))
            cells.append(_EIGHTHS[filled])
        columns.append("".join(reversed(cells)))
    return columns


class BarChart(Widget):
    """A titled weekly bar chart; give it ``(week_start, value)`` points, oldest first."""

    DEFAULT_CSS = """
    BarChart {
        height: 7;
        width: 1fr;
    }
    """

    title: reactive[str] = reactive("")

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self._points: list[tuple[date, float | None]] = []
        self.empty_text = "(nothing logged yet)"

    def set_points(
        self,
        points: Sequence[tuple[date, float | None]],
        title: str = "",
        empty_text: str = "",
    ) -> None:
        """Replace the data (and optionally the title and the no-data text) and redraw."""
        self._points = list(points)
        if title:
            self.title = title
        if empty_text:
            self.empty_text = empty_text
        self.refresh()

    @property
    def points(self) -> list[tuple[date, float | None]]:
        """The data being shown, oldest first."""
        return list(self._points)

    def render(self) -> Text:
        """Title, bars with a left scale, and a date axis under them."""
        width = max(self.size.width, _LABEL_WIDTH + 2)
        rows = max(self.size.height - 2, 1)
        out = Text(no_wrap=True, overflow="crop")
        out.append(self.title[:width], style="bold")
        room = width - _LABEL_WIDTH
        shown = self._points[-room:]
        if not any(v for _, v in shown):
            out.append("\n" + " " * _LABEL_WIDTH + self.empty_text)
            return out
        values = [v for _, v in shown]
        top = max(v for v in values if v is not None)
        # With few weeks and a wide terminal, draw each week wider (up to 3 cells, the
        # last one a gap) so the chart does not huddle against the axis.
        bar = max(1, min(3, room // len(values)))
        columns = [
            col
            for one in bar_columns(values, rows)
            for col in ([one] * (bar - 1) + [" " * rows] if bar > 1 else [one])
        ]
        for row in range(rows):
            if row == 0:
                label = format_amount(top)
            elif row == rows - 1:
                label = "0"
            else:
                label = ""
            out.append("\n" + label.rjust(_LABEL_WIDTH - 2) + " │")
            out.append("".join(col[row] for col in columns))
        first, last = shown[0][0], shown[-1][0]
        axis = " " * _LABEL_WIDTH + first.strftime("%d %b %y")
        end = last.strftime("%d %b %y")
        gap = _LABEL_WIDTH + len(columns) - len(axis) - len(end)
        if gap >= 2:
            axis += " " * gap + end
        out.append("\n" + axis, style="dim")
        return out
