"""The calendar heatmap: weeks as columns, weekdays as rows, one character per day.

It draws the pure cell data of :func:`hipext_tui.domain.streaks.heatmap_weeks` and has a
day cursor moved with the arrow keys. Each kind of day has its own glyph, so the
calendar reads the same with ``NO_COLOR`` or in a 16-colour terminal: training days are
shaded in four levels by the number of sets (``░ ▒ ▓ █``, see
:mod:`hipext_tui.domain.effort`), ``○`` is a planned rest day, ``≈`` a day inside a
pause, ``·`` nothing logged, blank a day still to come, and ``✓`` sits under a week
that met the weekly goal; with ASCII marks these are ``- + x #``, ``o``, ``~``, ``.``
and ``*``. When runs were imported, a ``Km`` row under the weeks shows each week's
running in four levels (``▁ ▃ ▅ ▇``, ASCII ``1 2 3 4``). The cursor is drawn in
reverse video. As many weeks as fit are shown, newest on the right; moving the cursor
past the left edge scrolls back, past the right edge adds weeks to come (up to
:data:`MAX_WEEKS_AHEAD`), so a rest day can be planned on any day of the next two years.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from hipext_tui.domain.effort import effort_level, km_level, km_ranges, level_ranges
from hipext_tui.domain.streaks import DayCell
from hipext_tui.ui.glyphs import UNICODE, Glyphs, app_glyphs

FUTURE = " "
_ROW_LABEL_WIDTH = 4  # "Mon " before the cells
MAX_WEEKS_AHEAD = 104


def cell_glyph(cell: DayCell, sets: int | None = None, glyphs: Glyphs = UNICODE) -> str:
    """The character drawn for one day (a trained rest day shows as trained).

    ``sets`` picks the shade of a training day; without it the darkest is drawn.
    """
    if cell.trained:
        level = effort_level(sets) if sets is not None else len(glyphs.levels)
        return glyphs.levels[max(1, level) - 1]
    if cell.paused:
        return glyphs.paused
    if cell.rest:
        return glyphs.rest
    if cell.future:
        return FUTURE
    return glyphs.nothing


def legend_lines(
    weekly_goal: int,
    glyphs: Glyphs = UNICODE,
    width: int = 80,
    *,
    paused: bool = False,
    running: bool = False,
) -> list[str]:
    """The key to the glyphs: one line when it fits ``width``, else two; with
    ``paused`` the pause mark, and with ``running`` a line for the km row."""
    # ASCII marks are letters and digits themselves: "=" keeps "1" apart from "<10".
    sep = "=" if glyphs.ascii else ""
    shades = " ".join(f"{g}{sep}{r}" for g, r in zip(glyphs.levels, level_ranges(), strict=True))
    pause = f"{glyphs.paused} paused  " if paused else ""
    marks = (
        f"{glyphs.rest} rest  {pause}{glyphs.nothing} none  {glyphs.kept} {weekly_goal}+ days/wk"
    )
    one = f"sets {shades}  {marks}"
    lines = [one] if len(one) <= width else [f"sets {shades}", marks]
    if running:
        km = " ".join(f"{g}{sep}{r}" for g, r in zip(glyphs.km, km_ranges(), strict=True))
        lines.append(f"km/wk {km}")
    return lines


def week_after(
    column: Sequence[DayCell], rest_days: Collection[date], paused: Collection[date] = ()
) -> list[DayCell]:
    """The seven days after ``column``, all still to come."""
    start = column[-1].day + timedelta(days=1)
    days = [start + timedelta(days=i) for i in range(7)]
    return [
        DayCell(day=d, trained=False, rest=d in rest_days, future=True, paused=d in paused)
        for d in days
    ]


class Heatmap(Widget, can_focus=True):
    """A contribution-graph style calendar of training days with a day cursor."""

    DEFAULT_CSS = """
    Heatmap {
        height: auto;
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
        self._sets: Mapping[date, int] = {}
        self._rest: Collection[date] = frozenset()
        self._paused: Collection[date] = frozenset()
        self._km: Mapping[date, float] | None = None
        self._ahead = 0  # weeks added after the last column given
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
        *,
        sets_by_day: Mapping[date, int] | None = None,
        rest_days: Collection[date] = frozenset(),
        paused_days: Collection[date] = frozenset(),
        weekly_km: Mapping[date, float] | None = None,
    ) -> None:
        """Show these week columns (oldest first) and put the cursor on ``cursor``.

        ``sets_by_day`` shades the training days; ``rest_days`` and ``paused_days`` mark
        the planned rest days and pauses of weeks added past the last column;
        ``weekly_km`` (by the week's first day) draws the running row, None leaves it
        out. Without ``cursor`` the cursor stays where it was, or goes to the last day
        that is not in the future.
        """
        self._columns = [list(c) for c in columns]
        self._sets = sets_by_day or {}
        self._rest = rest_days
        self._paused = paused_days
        self._km = weekly_km
        self._ahead = 0
        self._kept = kept_weeks
        self._weekly_goal = weekly_goal
        wanted = cursor or self._cursor or self._last_past_day()
        if wanted:
            self._extend_to(wanted)  # a cursor in the weeks to come stays there
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
        wanted = self._cursor + timedelta(days=days)
        self._extend_to(wanted)
        target = self._clamp(wanted)
        if target != self._cursor:
            self._cursor = target
            self.refresh()
            self.post_message(self.DaySelected(self, target))

    def _extend_to(self, day: date) -> None:
        """Add weeks to come until ``day`` is in the calendar (up to MAX_WEEKS_AHEAD)."""
        while self._columns and day > self._columns[-1][-1].day:
            if self._ahead >= MAX_WEEKS_AHEAD:
                break
            self._columns.append(week_after(self._columns[-1], self._rest, self._paused))
            self._ahead += 1

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

    def _legend(self, width: int) -> list[str]:
        return legend_lines(
            self._weekly_goal,
            app_glyphs(self.app),
            width,
            paused=bool(self._paused),
            running=self._km is not None,
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Month row, seven days, the kept row, the km row (with runs) and the legend."""
        return 9 + (self._km is not None) + len(self._legend(width))

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
        glyphs = app_glyphs(self.app)
        if not self._columns:
            out.append("(no calendar yet)")
            return out
        first = self._first_visible = self._window()
        visible = self._columns[first : first + self._visible_weeks()]
        out.append(_month_line(visible, self._visible_weeks()) + "\n")
        for row in range(7):
            label = visible[0][row].day.strftime("%a")
            out.append(label.ljust(_ROW_LABEL_WIDTH), style="dim")
            for column in visible:
                cell = column[row]
                style = "reverse" if cell.day == self._cursor else ""
                out.append(cell_glyph(cell, self._sets.get(cell.day), glyphs), style=style)
            out.append("\n")
        out.append("Kept".ljust(_ROW_LABEL_WIDTH), style="dim")
        kept = "".join(glyphs.kept if c[0].day in self._kept else " " for c in visible)
        out.append(kept + "\n")
        if self._km is not None:
            out.append("Km".ljust(_ROW_LABEL_WIDTH), style="dim")
            out.append("".join(self._km_glyph(c[0].day, glyphs) for c in visible) + "\n")
        out.append("\n".join(self._legend(self.content_size.width)), style="dim")
        return out

    def _km_glyph(self, week: date, glyphs: Glyphs) -> str:
        level = km_level((self._km or {}).get(week, 0.0))
        return glyphs.km[level - 1] if level else " "


def _month_line(columns: Sequence[Sequence[DayCell]], room: int = 0) -> str:
    """The line over the day rows: month names over their weeks, or, when too few weeks
    are shown for a name to fit over them, the month of the newest day shown that is not
    still to come, in the label column (so a calendar of one or two weeks is dated).
    ``room``: the columns the line may use, past the weeks shown, for the last name.

    The first name and each January carry the year (``Nov'24``) where that leaves room
    for the next name; otherwise a later name of that year carries it, or the label
    column does (``'24 Nov Dec``). A first month shown in too few weeks for its name
    starts in the label column when that is free (`` Jan Feb Mar'25``); the next
    month's name is never hidden by the one before it.
    """
    line = _month_labels(columns, room)
    if line[_ROW_LABEL_WIDTH:].strip():
        return line
    newest = columns[-1]
    shown = next((c.day for c in reversed(newest) if not c.future), newest[0].day)
    return shown.strftime("%b").ljust(_ROW_LABEL_WIDTH) + line[_ROW_LABEL_WIDTH:]


def _month_row(columns: Sequence[Sequence[DayCell]], room: int = 0) -> str:
    """The month names over the weeks (the line of :func:`_month_line` past the label
    column)."""
    return _month_labels(columns, room)[_ROW_LABEL_WIDTH:]


def _month_labels(columns: Sequence[Sequence[DayCell]], room: int = 0) -> str:
    """The label column and the month names over the first week holding a 1st (and the
    first column), a space at least between two (see :func:`_month_line`)."""
    starts: list[tuple[int, date]] = []
    for index, column in enumerate(columns):
        first = next((c.day for c in column if c.day.day == 1), None)
        if index == 0 or first is not None:
            starts.append((_ROW_LABEL_WIDTH + index, first or column[0].day))
    line = [" "] * (_ROW_LABEL_WIDTH + max(len(columns), room))
    owed: date | None = None  # the first name's year, until it is written
    carrying = False  # the names of that year may still write it
    skipped: tuple[int, str] | None = None  # a first name with no room over its weeks
    placed = False
    for k, (at, day) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(line)  # a space before
        if not placed:  # the first name written owes its year
            owed, carrying = day, True
        elif carrying and owed is not None and day.year != owed.year:
            carrying = False
        with_year = day.month == 1 or carrying
        names = [f"{day:%b'%y}", f"{day:%b}"] if with_year else [f"{day:%b}"]
        name = next((n for n in names if at + len(n) <= end), None)
        if name is None:
            if k == 0:
                skipped = (end, f"{day:%b}")
            continue
        line[at : at + len(name)] = list(name)
        placed = True
        if carrying and "'" in name:
            owed, carrying = None, False
    if placed and owed is not None:
        line[0:3] = list(f"'{owed:%y}")
    elif placed and skipped is not None:
        end, name = skipped
        line[end - len(name) : end] = list(name)
    text = "".join(line)
    # No blank room at the end.
    return text[: max(_ROW_LABEL_WIDTH + len(columns), len(text.rstrip()))]
