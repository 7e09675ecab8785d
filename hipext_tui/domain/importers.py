"""Reading workout histories from Strong, Hevy and hipext's own exports.

:func:`plan_import` turns the text of a file into an :class:`ImportPlan`: the sessions,
the new custom exercises and a summary, without touching any store. Everything about the
formats (which columns, which times, what is skipped and why) is in docs/FORMATS.md.

The ids of imported sessions and sets are derived from the file's content (the app, the
workout's wall-clock start and its name), so importing the same history again produces
the same ids and the store skips what it already holds.

Any problem raises :class:`ImportFormatError` with one line naming the file and, for a
bad row, its line number: ``strong.csv line 57: reps 'abc' is not a whole number``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import pendulum

from hipext_tui.domain.catalog import (
    Catalog,
    CatalogError,
    Exercise,
    Measure,
    Routine,
    Sides,
    slugify,
)
from hipext_tui.domain.exercise_map import catalog_match, split_side
from hipext_tui.domain.exporters import JSON_FORMAT, JSON_VERSION
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.stored import decode_session
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    SetType,
    Side,
    Unit,
    ValidationError,
)

FORMAT_CHOICES = ("auto", "hipext", "strong", "hevy")
KNOWN_FORMATS = (
    "hipext JSON or CSV export",
    "Strong CSV (comma 2023-24, comma 2025, or semicolon)",
    "Hevy CSV (kg or lb)",
)
MAX_IMPORT_WEIGHT = 2000.0  # heavier than the 1000 a user may type: leg presses in lb
MAX_REPS = 1000
MAX_HOLD_SECONDS = 3600
MIN_YEAR, MAX_YEAR = 1970, 2200
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


@dataclass(frozen=True, slots=True)
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


def plan_import(
    text: str,
    name: str,
    *,
    catalog: Catalog,
    zone: tzinfo,
    default_unit: Unit = Unit.KG,
    unit: Unit | None = None,
    fmt: str = "auto",
    progress: Progress | None = None,
) -> ImportPlan:
    """Read a whole export into an ImportPlan; ImportFormatError on the first problem.

    ``catalog`` holds the built-in and the user's exercises (to map names and not to
    create an exercise twice); ``zone`` is the zone the file's wall-clock times are read
    in; ``unit`` is what the user said the weights are (``--unit``), ``default_unit``
    what to assume when neither the file nor the user says.
    """
    if fmt not in FORMAT_CHOICES:
        raise ImportFormatError(f"format '{fmt}' is not one of {', '.join(FORMAT_CHOICES)}")
    if not text.strip():
        raise ImportFormatError(f"{name}: the file is empty")
    if text.lstrip().startswith("{"):
        if fmt not in ("auto", "hipext"):
            raise ImportFormatError(f"{name}: this is a JSON file, not a {fmt} CSV export")
        return _plan_hipext_json(text, name, catalog)
    header, delimiter = _read_header(text, name)
    family, source, columns = _identify(header, delimiter, name)
    if fmt not in ("auto", family):
        raise ImportFormatError(
            f"{name}: the header is that of a {source} export, not {fmt} (try --format auto)"
        )
    lines = _csv_rows(text, name, delimiter, len(header))
    if family == "hipext":
        return _plan_hipext_csv(lines, name, columns, catalog, zone, progress)
    file_unit = _file_unit(header)
    if unit is not None and file_unit is not None and unit is not file_unit:
        raise ImportFormatError(
            f"{name}: the file's weights are in {file_unit.value} (its header says so); "
            f"leave out --unit {unit.value}"
        )
    reader = _strong_rows if family == "strong" else _hevy_rows
    raw_rows = reader(lines, name, columns, progress)
    builder = _Builder(name, family, catalog, zone, file_unit or unit or default_unit)
    return builder.build(raw_rows, source)


# ---------------------------------------------------------------------------
# Header detection


def _read_header(text: str, name: str) -> tuple[list[str], str]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        raise ImportFormatError(f"{name}: the first line is not a CSV header") from None
    return [h.strip().lower() for h in header], delimiter


def _identify(header: list[str], delimiter: str, name: str) -> tuple[str, str, dict[str, int]]:
    """The format family, its label for the summary, and each column's index."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        columns.setdefault(title, index)
    if {"session_id", "set_id", "exercise_id"} <= columns.keys():
        family, source, required = "hipext", "hipext CSV", _HIPEXT_REQUIRED
    elif {"workout name", "exercise name"} <= columns.keys():
        family, required = "strong", _STRONG_REQUIRED
        if delimiter == ";":
            source = "Strong CSV (semicolon)"
        elif "notes" in columns:
            source = "Strong CSV (comma, 2023-24)"
        else:
            source = "Strong CSV (comma, 2025)"
    elif {"exercise_title", "start_time"} <= columns.keys():
        family, source, required = "hevy", "Hevy CSV", _HEVY_REQUIRED
    else:
        shown = ",".join(header[:6]) + (",..." if len(header) > 6 else "")
        raise ImportFormatError(
            f"{name}: unknown header '{shown}'; hipext reads: {'; '.join(KNOWN_FORMATS)}"
        )
    for alternatives in required:
        if not any(a in columns for a in alternatives):
            raise ImportFormatError(
                f"{name}: looks like a {source} export but has no '{alternatives[0]}' column"
            )
    if family == "hevy" and "weight_lbs" in columns and "weight_kg" not in columns:
        source = "Hevy CSV (lb)"
    elif family == "hevy":
        source = "Hevy CSV (kg)"
    return family, source, columns


_HIPEXT_REQUIRED: tuple[tuple[str, ...], ...] = (
    ("session_id",),
    ("session_start",),
    ("exercise_id",),
    ("reps",),
    ("logged_at",),
    ("set_id",),
)
_STRONG_REQUIRED: tuple[tuple[str, ...], ...] = (
    ("date",),
    ("workout name",),
    ("exercise name",),
    ("set order",),
    ("weight", "weight (kg)", "weight (lbs)", "weight (lb)"),
    ("reps",),
)
_HEVY_REQUIRED: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("start_time",),
    ("exercise_title",),
    ("set_type",),
    ("weight_kg", "weight_lbs"),
    ("reps",),
)


def _file_unit(header: Sequence[str]) -> Unit | None:
    """The weight unit a header names, if any."""
    for title in header:
        if title in ("weight_kg", "weight (kg)"):
            return Unit.KG
        if title in ("weight_lbs", "weight (lbs)", "weight (lb)"):
            return Unit.LB
    return None


def _csv_rows(text: str, name: str, delimiter: str, width: int) -> Iterator[tuple[int, list[str]]]:
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
class _Row:
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


class _Cells:
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


class _WallClock:
    """Parses the wall-clock stamps of a file, each distinct text once."""

    def __init__(self) -> None:
        self._seen: dict[str, datetime] = {}
        self._formats = list(_WALL_FORMATS)

    def parse(self, text: str, cells: _Cells, label: str) -> datetime:
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


def _strong_rows(
    lines: Iterator[tuple[int, list[str]]],
    name: str,
    columns: Mapping[str, int],
    progress: Progress | None,
) -> Iterator[_Row]:
    cells = _Cells(name, columns)
    clock = _WallClock()
    durations: dict[str, int | None] = {}
    for count, (line, values) in enumerate(lines, 1):
        cells.line, cells.cells = line, values
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line)
        date_text = cells.get("date")
        start = clock.parse(date_text, cells, "date")
        duration_text = cells.get("duration", "duration (sec)")
        if duration_text not in durations:
            durations[duration_text] = _duration(duration_text, cells)
        seconds_long = durations[duration_text]
        order = cells.get("set order").lower()
        set_type: SetType | None
        if order.isdigit() or order in ("", "d", "f"):
            set_type = SetType.WORKING
        elif order == "w":
            set_type = SetType.WARMUP
        elif order.replace(" ", "") == "resttimer":
            set_type = None
        else:
            raise cells.fail(f"set order '{order}' is not a number, W, D or F")
        workout = cells.get("workout name")
        yield _Row(
            line=line,
            workout_key=(date_text, workout),
            start=start,
            end=start + timedelta(seconds=seconds_long) if seconds_long else None,
            workout=workout,
            notes=cells.get("workout notes"),
            exercise=cells.get("exercise name"),
            set_type=set_type,
            reps=_reps(cells.get("reps"), cells),
            weight=_weight(
                cells.get("weight", "weight (kg)", "weight (lbs)", "weight (lb)"), cells
            ),
            seconds=_seconds(cells.get("seconds"), cells, "seconds"),
            distance=_distance(
                cells.get("distance", "distance (meters)", "distance (km)", "distance (miles)"),
                cells,
            ),
            rpe=_rpe(cells.get("rpe"), cells),
        )


_HEVY_TYPES = {
    "normal": SetType.WORKING,
    "": SetType.WORKING,
    "failure": SetType.WORKING,
    "dropset": SetType.WORKING,
    "warmup": SetType.WARMUP,
}


def _hevy_rows(
    lines: Iterator[tuple[int, list[str]]],
    name: str,
    columns: Mapping[str, int],
    progress: Progress | None,
) -> Iterator[_Row]:
    cells = _Cells(name, columns)
    clock = _WallClock()
    for count, (line, values) in enumerate(lines, 1):
        cells.line, cells.cells = line, values
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line)
        start_text = cells.get("start_time")
        start = clock.parse(start_text, cells, "start_time")
        end_text = cells.get("end_time")
        end = clock.parse(end_text, cells, "end_time") if end_text else None
        kind = cells.get("set_type").lower()
        set_type = _HEVY_TYPES.get(kind)
        if set_type is None:
            raise cells.fail(f"set_type '{kind}' is not normal, warmup, failure or dropset")
        title = cells.get("title")
        yield _Row(
            line=line,
            workout_key=(start_text, title),
            start=start,
            end=end if end is not None and end > start else None,
            workout=title,
            notes=cells.get("description"),
            exercise=cells.get("exercise_title"),
            set_type=set_type,
            reps=_reps(cells.get("reps"), cells),
            weight=_weight(cells.get("weight_kg", "weight_lbs"), cells),
            seconds=_seconds(cells.get("duration_seconds"), cells, "duration_seconds"),
            distance=_distance(cells.get("distance_km", "distance_miles"), cells),
            rpe=_rpe(cells.get("rpe"), cells),
        )


# ---------------------------------------------------------------------------
# Cell readers: blank is allowed where the apps leave cells blank.


def _number(text: str, cells: _Cells, label: str, what: str = "a number") -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise cells.fail(f"{label} '{text}' is not {what}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise cells.fail(f"{label} '{text}' is not {what}")
    return value


def _reps(text: str, cells: _Cells) -> int:
    """Whole reps (``13.0`` is 13); blank is 0, which the builder decides about."""
    if not text:
        return 0
    value = _number(text, cells, "reps", "a whole number")
    if value != int(value):
        raise cells.fail(f"reps '{text}' is not a whole number")
    if not 0 <= value <= MAX_REPS:
        raise cells.fail(f"reps {text} is out of range (0 to {MAX_REPS})")
    return int(value)


def _weight(text: str, cells: _Cells) -> float | None:
    """The load; blank or 0 is a bodyweight set (None)."""
    if not text:
        return None
    value = _number(text, cells, "weight")
    if not 0 <= value <= MAX_IMPORT_WEIGHT:
        raise cells.fail(f"weight {text} is out of range (0 to {MAX_IMPORT_WEIGHT:g})")
    return round(value, 3) or None


def _seconds(text: str, cells: _Cells, label: str) -> int | None:
    """A duration in seconds; blank or 0 is none. Fractions are rounded."""
    if not text:
        return None
    value = _number(text, cells, label)
    if value < 0 or value > 10**7:
        raise cells.fail(f"{label} {text} is out of range")
    return round(value) or None


def _distance(text: str, cells: _Cells) -> float:
    if not text:
        return 0.0
    value = _number(text, cells, "distance")
    if value < 0:
        raise cells.fail(f"distance {text} is negative")
    return value


def _rpe(text: str, cells: _Cells) -> float | None:
    """RPE 1 to 10; blank or 0 (Strong's "not recorded") is none."""
    if not text:
        return None
    value = _number(text, cells, "RPE")
    if value == 0:
        return None
    if not 1 <= value <= 10:
        raise cells.fail(f"RPE {text} is out of range (1 to 10)")
    return value


def _duration(text: str, cells: _Cells) -> int | None:
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


def _duration_words(text: str, cells: _Cells) -> int:
    total = 0
    for part in text.split():
        number, suffix = part[:-1], part[-1:].lower()
        if not number.isdecimal() or suffix not in ("h", "m", "s"):
            raise cells.fail(f"duration '{text}' is not like '1h 5m' or a number of seconds")
        total += int(number) * {"h": 3600, "m": 60, "s": 1}[suffix]
    return total


# ---------------------------------------------------------------------------
# From neutral rows to sessions


@dataclass(slots=True)
class _NewExercise:
    id: str
    name: str
    one_sided: bool = False
    timed: int = 0
    sets: int = 0


@dataclass(slots=True)
class _Workout:
    key: tuple[str, str]
    start: datetime
    end: datetime | None
    name: str
    notes: str
    sets: list[tuple[str, Side, _Row]] = field(default_factory=list)


class _Builder:
    """Groups rows into workouts and resolves exercise names, for Strong and Hevy."""

    def __init__(self, name: str, family: str, catalog: Catalog, zone: tzinfo, unit: Unit) -> None:
        self.name = name
        self.family = family
        self.catalog = catalog
        self.zone = zone
        self.unit = unit
        self.by_name = {e.name.strip().lower(): e.id for e in catalog.exercises}
        self.resolved: dict[str, tuple[str, Side]] = {}
        self.mapped: dict[str, str] = {}
        self.new: dict[str, _NewExercise] = {}
        self.aware: dict[datetime, datetime] = {}

    def build(self, rows: Iterator[_Row], source: str) -> ImportPlan:
        workouts: dict[tuple[str, str], _Workout] = {}
        skipped: dict[str, int] = {}
        count = 0
        for row in rows:
            count += 1
            reason = self._skip_reason(row)
            if reason:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            workout = workouts.get(row.workout_key)
            if workout is None:
                workout = _Workout(row.workout_key, row.start, row.end, row.workout, row.notes)
                workouts[row.workout_key] = workout
            elif row.notes and not workout.notes:
                workout.notes = row.notes
            if not row.exercise:
                raise ImportFormatError(f"{self.name} line {row.line}: the exercise name is blank")
            exercise_id, side = self._resolve(row.exercise, timed=row.reps == 0)
            workout.sets.append((exercise_id, side, row))
        sessions = [self._session(w) for w in workouts.values()]
        sessions.sort(key=lambda s: (s.start.timestamp(), s.id))
        return ImportPlan(
            source=source,
            sessions=tuple(sessions),
            new_exercises=tuple(self._exercise(n) for n in self.new.values()),
            mapped=tuple(sorted(self.mapped.items())),
            rows=count,
            skipped=tuple(sorted(skipped.items())),
            unit=self.unit,
        )

    @staticmethod
    def _skip_reason(row: _Row) -> str | None:
        """Why a row holds no set hipext can store, or None when it does."""
        if row.set_type is None:
            return SKIP_REST
        if row.reps:
            return None
        if row.distance > 0 or (row.seconds or 0) > MAX_HOLD_SECONDS:
            return SKIP_CARDIO
        if row.seconds:
            return None  # a timed hold: one rep held that long
        return SKIP_EMPTY

    def _resolve(self, raw_name: str, *, timed: bool) -> tuple[str, Side]:
        """The exercise id and side for a name in the file, creating a custom one once."""
        known = self.resolved.get(raw_name)
        if known is None:
            known = self._resolve_new(raw_name)
            self.resolved[raw_name] = known
        exercise_id = known[0]
        new = self.new.get(exercise_id)
        if new is not None:
            new.sets += 1
            new.timed += timed
        return known

    def _resolve_new(self, raw_name: str) -> tuple[str, Side]:
        base, side = split_side(raw_name)
        catalog_id = catalog_match(base)
        if catalog_id is not None:
            builtin = self.catalog.get(catalog_id)
            if builtin is not None:
                self.mapped[raw_name] = catalog_id
                return catalog_id, side if builtin.one_sided else Side.NONE
        existing = self.by_name.get(base.lower())
        if existing is not None:
            exercise = self.catalog.get(existing)
            one_sided = exercise is not None and exercise.one_sided
            return existing, side if one_sided else Side.NONE
        slug = slugify(base)
        if not any(ch.isalnum() for ch in base):
            # No letters to make an id from ("!!!"): a stable id per name, so two such
            # names never share one, and a second import finds the same id again.
            slug = f"exercise-{hashlib.sha1(base.encode('utf-8')).hexdigest()[:8]}"
        exercise = self.catalog.get(slug)
        if exercise is not None and not exercise.builtin:
            return slug, side if exercise.one_sided else Side.NONE
        if exercise is not None:  # a different movement whose slug is a built-in id
            slug = f"{slug}-imported"
        new = self.new.get(slug)
        if new is None:
            new = _NewExercise(slug, base)
            self.new[slug] = new
            self.by_name[base.lower()] = slug
        new.one_sided = new.one_sided or side is not Side.NONE
        return slug, side

    def _exercise(self, new: _NewExercise) -> Exercise:
        return Exercise(
            id=new.id,
            name=new.name,
            sides=Sides.EACH if new.one_sided else Sides.BOTH,
            measure=Measure.HOLD if new.sets and new.timed == new.sets else Measure.REPS,
        )

    def _localize(self, wall: datetime) -> datetime:
        """A wall-clock time read in the zone, as a fixed-offset moment (cached)."""
        moment = self.aware.get(wall)
        if moment is None:
            # pendulum moves a time in a spring-forward gap forward by the gap, and
            # reads an ambiguous autumn time as the later (standard-time) one.
            local = pendulum.datetime(
                wall.year,
                wall.month,
                wall.day,
                wall.hour,
                wall.minute,
                wall.second,
                tz=self.zone,
            )
            moment = datetime.fromisoformat(local.isoformat())
            self.aware[wall] = moment
        return moment

    def _session(self, workout: _Workout) -> Session:
        start = self._localize(workout.start)
        end = self._localize(workout.end) if workout.end else None
        count = len(workout.sets)
        span = (end - start).total_seconds() if end and end > start else 0.0
        session_id = _hashed_id("ses-", self.family, workout.start.isoformat(), workout.name)
        sets = []
        for index, (exercise_id, side, row) in enumerate(workout.sets):
            # The files hold only the workout's start and length: spread the sets
            # evenly over it, each logged when it ended; without a length, a second apart.
            offset = span * (index + 1) / count if span else index
            reps, seconds = (row.reps, row.seconds) if row.reps else (1, row.seconds)
            if seconds is not None and seconds > MAX_HOLD_SECONDS:
                seconds = None
            sets.append(
                SetEntry(
                    id=_hashed_id("set-", session_id, str(index)),
                    exercise_id=exercise_id,
                    side=side,
                    reps=reps,
                    logged_at=start + timedelta(seconds=round(offset)),
                    weight=row.weight,
                    unit=self.unit,
                    seconds=seconds,
                    rpe=row.rpe,
                    set_type=row.set_type or SetType.WORKING,
                )
            )
        last = sets[-1].logged_at if sets else start
        return Session(
            id=session_id,
            start=start,
            end=end if end and end >= last else last,
            notes=workout.notes,
            sets=tuple(sets),
        )


def _hashed_id(prefix: str, *parts: str) -> str:
    """A stable id from the content it stands for (same file, same id)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


# ---------------------------------------------------------------------------
# hipext's own CSV


def _plan_hipext_csv(
    lines: Iterator[tuple[int, list[str]]],
    name: str,
    columns: Mapping[str, int],
    catalog: Catalog,
    zone: tzinfo,
    progress: Progress | None,
) -> ImportPlan:
    cells = _Cells(name, columns)
    sessions: dict[str, dict[str, Any]] = {}
    set_ids: set[str] = set()
    new: dict[str, _NewExercise] = {}
    count = 0
    for count, (line, values) in enumerate(lines, 1):
        cells.line, cells.cells = line, values
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line)
        session_id = _slug_cell(cells, "session_id")
        set_id = _slug_cell(cells, "set_id")
        if set_id in set_ids:
            raise cells.fail(f"set_id '{set_id}' appears twice")
        set_ids.add(set_id)
        exercise_id = _slug_cell(cells, "exercise_id")
        try:
            side = Side(cells.get("side").lower() or "none")
            set_type = SetType(cells.get("set_type").lower() or "working")
            unit = Unit(cells.get("unit").lower() or "kg")
        except ValueError as exc:
            raise cells.fail(str(exc)) from None
        reps = _reps(cells.get("reps"), cells)
        if reps < 1:
            raise cells.fail("reps must be at least 1")
        seconds = _seconds(cells.get("seconds"), cells, "seconds")
        if seconds is not None and seconds > MAX_HOLD_SECONDS:
            raise cells.fail(f"seconds {seconds} is out of range (1 to {MAX_HOLD_SECONDS})")
        entry = SetEntry(
            id=set_id,
            exercise_id=exercise_id,
            side=side,
            reps=reps,
            logged_at=_stamp_cell(cells, "logged_at", zone),
            weight=_weight(cells.get("weight"), cells),
            unit=unit,
            seconds=seconds,
            rpe=_rpe(cells.get("rpe"), cells),
            set_type=set_type,
        )
        if catalog.get(exercise_id) is None:
            extra = new.get(exercise_id)
            if extra is None:
                extra = _NewExercise(exercise_id, cells.get("exercise_name") or exercise_id)
                new[exercise_id] = extra
            extra.one_sided = extra.one_sided or side is not Side.NONE
            extra.sets += 1
            extra.timed += seconds is not None
        session = sessions.get(session_id)
        if session is None:
            end_text = cells.get("session_end")
            session = {
                "start": _stamp_cell(cells, "session_start", zone),
                "end": _stamp_cell(cells, "session_end", zone) if end_text else None,
                "routine_id": cells.get("routine_id") or None,
                "notes": cells.get("session_notes"),
                "sets": [],
            }
            sessions[session_id] = session
        session["sets"].append(entry)
    built = [
        Session(
            id=sid,
            start=raw["start"],
            end=raw["end"],
            routine_id=raw["routine_id"],
            notes=raw["notes"],
            sets=tuple(raw["sets"]),
        )
        for sid, raw in sessions.items()
    ]
    built.sort(key=lambda s: (s.start.timestamp(), s.id))
    exercises = tuple(
        Exercise(
            id=n.id,
            name=n.name,
            sides=Sides.EACH if n.one_sided else Sides.BOTH,
            measure=Measure.HOLD if n.sets and n.timed == n.sets else Measure.REPS,
        )
        for n in new.values()
    )
    return ImportPlan(
        source="hipext CSV", sessions=tuple(built), new_exercises=exercises, rows=count
    )


def _slug_cell(cells: _Cells, title: str) -> str:
    value = cells.get(title)
    if not value:
        raise cells.fail(f"{title} is blank")
    if not all(c.isalnum() or c in "-_" for c in value):
        raise cells.fail(f"{title} '{value}' may hold only letters, digits, '-' and '_'")
    return value


def _stamp_cell(cells: _Cells, title: str, zone: tzinfo) -> datetime:
    text = cells.get(title)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise cells.fail(f"{title} '{text}' is not an ISO-8601 time") from None
    if moment.tzinfo is None:  # hand-edited files: read in the user's zone
        local = pendulum.instance(moment, tz=zone)
        moment = datetime.fromisoformat(local.isoformat())
    return moment


# ---------------------------------------------------------------------------
# hipext's own JSON


def _plan_hipext_json(text: str, name: str, catalog: Catalog) -> ImportPlan:
    def refuse_constant(word: str) -> float:
        raise ImportFormatError(f"{name}: {word} is not a number hipext can store")

    try:
        document = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ImportFormatError(f"{name}: JSON nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ImportFormatError(
            f'{name}: a JSON file that is not a hipext export (no "format": "hipext"); '
            f"hipext reads: {'; '.join(KNOWN_FORMATS)}"
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportFormatError(f"{name}: 'version' must be a whole number")
    if version > JSON_VERSION:
        raise ImportFormatError(
            f"{name}: export version {version} is newer than this hipext reads "
            f"({JSON_VERSION}); update hipext"
        )
    if version < 1:
        raise ImportFormatError(f"{name}: export version {version} is not valid")

    def items(key: str) -> list[Any]:
        value = document.get(key, [])
        if not isinstance(value, list):
            raise ImportFormatError(f"{name}: '{key}' must be a list")
        return value

    try:
        exercises = tuple(Exercise.from_dict(raw) for raw in items("exercises"))
        routines = tuple(Routine.from_dict(raw) for raw in items("routines"))
    except CatalogError as exc:
        raise ImportFormatError(f"{name}: {exc}") from None
    sessions = []
    for number, raw in enumerate(items("sessions"), 1):
        try:
            sessions.append(decode_session(raw))
        except ValidationError as exc:
            raise ImportFormatError(f"{name}: session {number}: {exc}") from None
    rest_days = []
    for raw in items("rest_days"):
        try:
            rest_days.append(date.fromisoformat(str(raw)))
        except ValueError:
            raise ImportFormatError(f"{name}: rest day '{raw}' is not a date") from None
    settings_raw = document.get("settings")
    settings = None
    if settings_raw is not None:
        if not isinstance(settings_raw, dict):
            raise ImportFormatError(f"{name}: 'settings' must be an object")
        try:
            settings = Settings.from_dict(settings_raw)
        except ValidationError as exc:
            raise ImportFormatError(f"{name}: settings: {exc}") from None
    seen: set[str] = set()
    for session in sessions:
        for entry in session.sets:
            problem = _json_set_problem(entry)
            if problem:
                raise ImportFormatError(f"{name}: session {session.id}: set {entry.id}: {problem}")
        if session.id in seen:
            raise ImportFormatError(f"{name}: session id '{session.id}' appears twice")
        seen.add(session.id)
    known = {e.id for e in catalog.exercises} | {e.id for e in exercises}
    for session in sessions:
        for entry in session.sets:
            if entry.exercise_id not in known:
                raise ImportFormatError(
                    f"{name}: session {session.id}: set {entry.id} is of exercise "
                    f"'{entry.exercise_id}', which is neither built in nor in the file"
                )
    fresh = tuple(e for e in exercises if catalog.get(e.id) is None)
    return ImportPlan(
        source="hipext JSON",
        sessions=tuple(sessions),
        new_exercises=fresh,
        rows=sum(len(s.sets) for s in sessions),
        routines=routines,
        rest_days=tuple(rest_days),
        settings=settings,
    )


def _json_set_problem(entry: SetEntry) -> str | None:
    """What makes a set from a (hand-edited) JSON file unfit to store, or None."""
    if not 1 <= entry.reps <= MAX_REPS:
        return f"reps {entry.reps} is out of range (1 to {MAX_REPS})"
    if entry.weight is not None and not 0 <= entry.weight <= MAX_IMPORT_WEIGHT:
        return f"weight {entry.weight} is out of range (0 to {MAX_IMPORT_WEIGHT:g})"
    if entry.seconds is not None and not 1 <= entry.seconds <= MAX_HOLD_SECONDS:
        return f"seconds {entry.seconds} is out of range (1 to {MAX_HOLD_SECONDS})"
    if entry.rpe is not None and not 1 <= entry.rpe <= 10:
        return f"RPE {entry.rpe} is out of range (1 to 10)"
    return None
