"""The shared parts of every import: the plan it produces, its error, and the readers of
CSV rows and cells (numbers, times, durations) that the formats use.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from hipext_tui.domain.catalog import (
    Exercise,
    Routine,
)
from hipext_tui.domain.record import record
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import (
    LATEST_YEAR,
    Session,
    SetType,
    Unit,
    ValidationError,
)

if TYPE_CHECKING:
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.runs import Run

FORMAT_CHOICES = ("auto", "hipext", "strong", "hevy")
KNOWN_FORMATS = (
    "hipext JSON or CSV export",
    "Strong CSV (comma 2023-24, comma 2025, or semicolon)",
    "Hevy CSV (kg or lb)",
)
MAX_IMPORT_WEIGHT = 2000.0  # heavier than the 1000 a user may type: leg presses in lb
MAX_REPS = 1000
MAX_HOLD_SECONDS = 3600
MIN_YEAR, MAX_YEAR = 1970, LATEST_YEAR
MAX_WORKOUT_SECONDS = 12 * 3600
PROGRESS_EVERY = 500
MAX_MESSAGE = 300  # rows between progress callbacks

# Why a row became no set; the summary counts each reason.
SKIP_EMPTY = "empty set (no reps, time or distance)"
SKIP_CARDIO = "cardio (distance, or over an hour, without reps)"
SKIP_REST = "rest timer"


class ImportFormatError(ValidationError):
    """The file cannot be imported; ``str()`` is one line naming the file (and the line)."""

    def __init__(self, message: str) -> None:
        # Messages quote cells from the file: keep them on one line and of sane length.
        shown = "".join(
            ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
            for ch in message
        )
        if len(shown) > MAX_MESSAGE:
            shown = shown[: MAX_MESSAGE - 3] + "..."
        super().__init__(shown)


@record
class ImportPlan:
    """What a file holds, ready to hand to ``Store.import_bundle``."""

    source: str  # the format as shown to the user, e.g. "Strong CSV (comma, 2023-24)"
    sessions: tuple[Session, ...]
    new_exercises: tuple[Exercise, ...] = ()
    mapped: tuple[tuple[str, str], ...] = ()  # (name in the file, catalog exercise id)
    rows: int = 0  # set rows read, including skipped ones
    skipped: tuple[tuple[str, int], ...] = ()  # (reason, how many rows)
    unit: Unit | None = None  # the weight unit of the file, when it has one
    routines: tuple[Routine, ...] = ()
    rest_days: tuple[date, ...] = ()
    settings: Settings | None = None
    pauses: tuple[Pause, ...] = ()
    runs: tuple[Run, ...] = ()

    @property
    def set_count(self) -> int:
        """How many sets the plan holds."""
        return sum(len(s.sets) for s in self.sessions)

    @property
    def first_start(self) -> datetime | None:
        """The earliest session start, or None for an empty plan."""
        return min((s.start for s in self.sessions), default=None)

    @property
    def last_start(self) -> datetime | None:
        """The latest session start, or None for an empty plan."""
        return max((s.start for s in self.sessions), default=None)


Progress = Callable[[int], None]


def decode(data: bytes, name: str) -> str:
    """The file's bytes as text (UTF-8, a byte-order mark allowed), or ImportFormatError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "export the file again or save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise ImportFormatError(f"{name}: holds NUL bytes; this is not a CSV or JSON export")
    return text


def csv_rows(text: str, name: str, delimiter: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for each data row; blank lines are passed over."""
    # StringIO with newline="" splits only at \r, \n and \r\n, as editors number lines.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        next(reader)  # the header, already read
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != width:
                raise ImportFormatError(
                    f"{name} line {start}: {len(cells)} cells where the header has {width}"
                )
            yield start, cells
    except csv.Error as exc:
        raise ImportFormatError(f"{name} line {line}: not valid CSV ({exc})") from None


# ---------------------------------------------------------------------------
# Strong and Hevy rows, turned into one neutral shape


@dataclass(slots=True)
class Row:
    line: int
    workout_key: tuple[str, str]  # (start cell, workout name): rows of one workout share it
    start: datetime  # naive wall clock
    end: datetime | None  # naive wall clock, when known
    workout: str
    notes: str
    exercise: str
    set_type: SetType | None  # None: a rest-timer row
    reps: int
    weight: float | None
    seconds: int | None
    distance: float
    rpe: float | None


class Cells:
    """Reads named cells of one row, with messages that name the line."""

    __slots__ = ("cells", "columns", "line", "name")

    def __init__(self, name: str, columns: Mapping[str, int]) -> None:
        self.name = name
        self.columns = columns
        self.line = 0
        self.cells: list[str] = []

    def fail(self, problem: str) -> ImportFormatError:
        return ImportFormatError(f"{self.name} line {self.line}: {problem}")

    def get(self, *titles: str) -> str:
        for title in titles:
            index = self.columns.get(title)
            if index is not None:
                return self.cells[index].strip()
        return ""


_WALL_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d %b %Y, %H:%M",
    "%d %b %Y, %H:%M:%S",
    "%d %b %Y %H:%M",
    "%Y-%m-%d",
)


class WallClock:
    """Parses the wall-clock stamps of a file, each distinct text once."""

    def __init__(self) -> None:
        self._seen: dict[str, datetime] = {}
        self._formats = list(_WALL_FORMATS)

    def parse(self, text: str, cells: Cells, label: str) -> datetime:
        known = self._seen.get(text)
        if known is not None:
            return known
        cleaned = text.replace("Sept ", "Sep ")
        for index, pattern in enumerate(self._formats):
            try:
                moment = datetime.strptime(cleaned, pattern)
            except ValueError:
                continue
            if not MIN_YEAR <= moment.year <= MAX_YEAR:
                raise cells.fail(f"{label} '{text}' is out of range")
            if index:  # try the format this file uses first next time
                self._formats.insert(0, self._formats.pop(index))
            self._seen[text] = moment
            return moment
        if not text:
            raise cells.fail(f"{label} is blank")
        raise cells.fail(f"{label} '{text}' is not a date and time like 2024-03-31 18:05:00")


# ---------------------------------------------------------------------------
# Cell readers: blank is allowed where the apps leave cells blank.


def _number(text: str, cells: Cells, label: str, what: str = "a number") -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise cells.fail(f"{label} '{text}' is not {what}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise cells.fail(f"{label} '{text}' is not {what}")
    return value


def read_reps(text: str, cells: Cells) -> int:
    """Whole reps (``13.0`` is 13); blank is 0, which the builder decides about."""
    if not text:
        return 0
    value = _number(text, cells, "reps", "a whole number")
    if value != int(value):
        raise cells.fail(f"reps '{text}' is not a whole number")
    if not 0 <= value <= MAX_REPS:
        raise cells.fail(f"reps {text} is out of range (0 to {MAX_REPS})")
    return int(value)


def read_weight(text: str, cells: Cells) -> float | None:
    """The load; blank or 0 is a bodyweight set (None)."""
    if not text:
        return None
    value = _number(text, cells, "weight")
    if not 0 <= value <= MAX_IMPORT_WEIGHT:
        raise cells.fail(f"weight {text} is out of range (0 to {MAX_IMPORT_WEIGHT:g})")
    return round(value, 3) or None


def read_seconds(text: str, cells: Cells, label: str) -> int | None:
    """A duration in seconds; blank or 0 is none. Fractions are rounded."""
    if not text:
        return None
    value = _number(text, cells, label)
    if value < 0 or value > 10**7:
        raise cells.fail(f"{label} {text} is out of range")
    return round(value) or None


def read_distance(text: str, cells: Cells) -> float:
    if not text:
        return 0.0
    value = _number(text, cells, "distance")
    if value < 0:
        raise cells.fail(f"distance {text} is negative")
    return value


def read_rpe(text: str, cells: Cells) -> float | None:
    """RPE 1 to 10; blank or 0 (Strong's "not recorded") is none."""
    if not text:
        return None
    value = _number(text, cells, "RPE")
    if value == 0:
        return None
    if not 1 <= value <= 10:
        raise cells.fail(f"RPE {text} is out of range (1 to 10)")
    return value


def read_duration(text: str, cells: Cells) -> int | None:
    """A workout length: seconds ("4260"), or Strong's "1h 11m", "35m", "50s".

    Lengths over 12 hours are a timer left running (the real Strong file has one of
    53 hours): they are treated as unknown rather than refused.
    """
    if not text:
        return None
    if text.replace(".", "", 1).isdecimal():
        total = int(text.split(".")[0] or 0)
    else:
        total = _duration_words(text, cells)
    if total > MAX_WORKOUT_SECONDS:
        return None
    return total or None


def _duration_words(text: str, cells: Cells) -> int:
    total = 0
    for part in text.split():
        number, suffix = part[:-1], part[-1:].lower()
        if not number.isdecimal() or suffix not in ("h", "m", "s"):
            raise cells.fail(f"duration '{text}' is not like '1h 5m' or a number of seconds")
        total += int(number) * {"h": 3600, "m": 60, "s": 1}[suffix]
    return total


def hashed_id(prefix: str, *parts: str) -> str:
    """A stable id from the content it stands for (same file, same id)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"
