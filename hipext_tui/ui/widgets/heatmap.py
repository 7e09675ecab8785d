"""The calendar heatmap: weeks as columns, weekdays as rows, one character per day.

It draws the pure cell data of :func:`hipext_tui.domain.streaks.heatmap_weeks` and has a
day cursor moved with the arrow keys. Each kind of day has its own glyph, so the
calendar reads the same with ``NO_COLOR`` or in a 16-colour terminal:

``█`` trained, ``○`` planned rest day, ``·`` nothing logged, blank for days still to
come, and ``✓`` under a week that met the weekly goal. The cursor is drawn in reverse
video. As many weeks as fit are shown, newest on the right; moving the cursor past the
left edge scrolls back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from hipext_tui.domain.streaks import DayCell

TRAINED = "█"
REST = "○"
NOTHING = "·"
FUTURE = " "
KEPT = "✓"
_ROW_LABEL_WIDTH = 4  # "Mon " before the cells


def cell_glyph(cell: DayCell) -> str:
    """The character drawn for one day (a trained rest day shows as trained)."""
    if cell.trained:
        return TRAINED
    if cell.rest:
        return REST
    if cell.future:
        return FUTURE
    return NOTHING


def legend(weekly_goal: int) -> str:
    """The one-line key to the glyphs."""
    return (
        f"{TRAINED} trained  {REST} rest day  {NOTHING} none  "
        f"{KEPT} week kept ({weekly_goal}+ days)"
    )


class Heatmap(Widget, can_focus=True):
    """A contribution-graph style calendar of training days with a day cursor."""

    DEFAULT_CSS = """
    Heatmap {
        height: 10;
        width: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-7)", "Week back", show=False, id="heatmap.week_back",
                tooltip="Move the cursor one week back"),
        Binding("right", "move(7)", "Week on", show=False, id="heatmap.week_on",
                tooltip="Move the cursor one week forward"),
        Binding("up", "move(-1)", "Day back", show=False, id="heatmap.day_back",
                tooltip="Move the cursor to the day before"),
        Binding("down", "move(1)", "Day on", show=False, id="heatmap.day_on",
                tooltip="Move the cursor to the day after"),
    ]  # fmt: skip

    @dataclass
    class DaySelected(Message):
        """The cursor moved to ``day``."""

        heatmap: Heatmap
        day: date

        @property
        def control(self) -> Heatmap:
            """The heatmap that sent this."""
            return self.heatmap

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns: list[list[DayCell]] = []
        self._kept: Collection[date] = frozenset()
        self._weekly_goal = 2
        self._cursor: date | None = None
        # Index of the leftmost column drawn; None means "end with the newest week".
        # It is settled at draw time, when the widget's width is known.
        self._first_visible: int | None = None

    # -- data ---------------------------------------------------------------------
    def set_weeks(
        self,
        columns: Sequence[Sequence[DayCell]],
        kept_weeks: Collection[date],
        weekly_goal: int,
        cursor: date | None = None,
    ) -> None:
        """Show these week columns (oldest first) and put the cursor on ``cursor``.

        Without ``cursor`` the cursor stays where it was, or goes to the last day that
        is not in the future.
        """
        self._columns = [list(c) for c in columns]
        self._kept = kept_weeks
        self._weekly_goal = weekly_goal
        wanted = cursor or self._cursor or self._last_past_day()
        self._cursor = self._clamp(wanted) if wanted else None
        self._first_visible = None
        self.refresh()

    @property
    def cursor(self) -> date | None:
        """The selected day."""
        return self._cursor

    def cell(self, day: date) -> DayCell | None:
        """The cell drawn for ``day``, if it is in the calendar."""
        for column in self._columns:
            if column[0].day <= day <= column[-1].day:
                return column[(day - column[0].day).days]
        return None

    # -- cursor -------------------------------------------------------------------
    def action_move(self, days: int) -> None:
        """Move the cursor by ``days`` (rows are days, columns are weeks)."""
        if self._cursor is None:
            return
        target = self._clamp(self._cursor + timedelta(days=days))
        if target != self._cursor:
            self._cursor = target
            self.refresh()
            self.post_message(self.DaySelected(self, target))

    def _clamp(self, day: date) -> date:
        if not self._columns:
            return day
        first, last = self._columns[0][0].day, self._columns[-1][-1].day
        return min(max(day, first), last)

    def _last_past_day(self) -> date | None:
        for column in reversed(self._columns):
            for cell in reversed(column):
                if not cell.future:
                    return cell.day
        return self._columns[-1][-1].day if self._columns else None

    def _visible_weeks(self) -> int:
        return max(1, self.content_size.width - _ROW_LABEL_WIDTH)

    def _window(self) -> int:
        """The first column to draw: the newest weeks that fit, with the cursor in view."""
        visible = self._visible_weeks()
        count = len(self._columns)
        first = count - visible if self._first_visible is None else self._first_visible
        if self._cursor is not None and self._columns:
            index = (self._cursor - self._columns[0][0].day).days // 7
            if index < first:
                first = index
            elif index >= first + visible:
                first = index - visible + 1
        return max(0, min(first, count - visible))

    def on_resize(self) -> None:
        """After a resize, end with the newest weeks again (the cursor stays in view)."""
        self._first_visible = None

    # -- drawing ------------------------------------------------------------------
    def render(self) -> Text:
        """Month row, seven day rows, the kept-week row and the legend."""
        out = Text(no_wrap=True, overflow="crop")
        if not self._columns:
            out.append("(no calendar yet)")
            return out
        first = self._first_visible = self._window()
        visible = self._columns[first : first + self._visible_weeks()]
        out.append(" " * _ROW_LABEL_WIDTH + _month_row(visible) + "\n")
        for row in range(7):
            label = visible[0][row].day.strftime("%a")
            out.append(label.ljust(_ROW_LABEL_WIDTH), style="dim")
            for column in visible:
                cell = column[row]
                style = "reverse" if cell.day == self._cursor else ""
                out.append(cell_glyph(cell), style=style)
            out.append("\n")
        out.append("Kept".ljust(_ROW_LABEL_WIDTH), style="dim")
        out.append("".join(KEPT if c[0].day in self._kept else " " for c in visible) + "\n")
        out.append(legend(self._weekly_goal), style="dim")
        return out


def _month_row(columns: Sequence[Sequence[DayCell]]) -> str:
    """Month names placed over the first week holding a 1st (and the first column)."""
    row = [" "] * len(columns)
    for index, column in enumerate(columns):
        starts_month = any(cell.day.day == 1 for cell in column)
        if index == 0 or starts_month:
            first = next((c.day for c in column if c.day.day == 1), column[0].day)
            # January and the leftmost label carry the year, so the calendar is dated.
            name = (
                first.strftime("%b'%y") if first.month == 1 or index == 0 else first.strftime("%b")
            )
            free = all(ch == " " for ch in row[max(0, index - 1) : index + len(name)])
            if index + len(name) <= len(row) and free:
                row[index : index + len(name)] = list(name)
    return "".join(row)
