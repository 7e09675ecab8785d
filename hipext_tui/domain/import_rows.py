"""Strong and Hevy exports: recognising the file by its header and reading its rows
into neutral rows (see docs/FORMATS.md); :mod:`.import_apps` builds the sessions."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta

from hipext_tui.domain.import_cells import (
    KNOWN_FORMATS,
    PROGRESS_EVERY,
    Cells,
    ImportFormatError,
    Progress,
    Row,
    WallClock,
    read_distance,
    read_duration,
    read_reps,
    read_rpe,
    read_seconds,
    read_weight,
)
from hipext_tui.domain.workout import (
    SetType,
    Unit,
)

# ---------------------------------------------------------------------------
# Header detection


def read_header(text: str, name: str) -> tuple[list[str], str]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        raise ImportFormatError(f"{name}: the first line is not a CSV header") from None
    return [h.strip().lower() for h in header], delimiter


def identify(header: list[str], delimiter: str, name: str) -> tuple[str, str, dict[str, int]]:
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


def unit_of_header(header: Sequence[str]) -> Unit | None:
    """The weight unit a header names, if any."""
    for title in header:
        if title in ("weight_kg", "weight (kg)"):
            return Unit.KG
        if title in ("weight_lbs", "weight (lbs)", "weight (lb)"):
            return Unit.LB
    return None


def strong_rows(
    lines: Iterator[tuple[int, list[str]]],
    name: str,
    columns: Mapping[str, int],
    progress: Progress | None,
) -> Iterator[Row]:
    cells = Cells(name, columns)
    clock = WallClock()
    durations: dict[str, int | None] = {}
    for count, (line, values) in enumerate(lines, 1):
        cells.line, cells.cells = line, values
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line)
        date_text = cells.get("date")
        start = clock.parse(date_text, cells, "date")
        duration_text = cells.get("duration", "duration (sec)")
        if duration_text not in durations:
            durations[duration_text] = read_duration(duration_text, cells)
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
        yield Row(
            line=line,
            workout_key=(date_text, workout),
            start=start,
            end=start + timedelta(seconds=seconds_long) if seconds_long else None,
            workout=workout,
            notes=cells.get("workout notes"),
            exercise=cells.get("exercise name"),
            set_type=set_type,
            reps=read_reps(cells.get("reps"), cells),
            weight=read_weight(
                cells.get("weight", "weight (kg)", "weight (lbs)", "weight (lb)"), cells
            ),
            seconds=read_seconds(cells.get("seconds"), cells, "seconds"),
            distance=read_distance(
                cells.get("distance", "distance (meters)", "distance (km)", "distance (miles)"),
                cells,
            ),
            rpe=read_rpe(cells.get("rpe"), cells),
        )


_HEVY_TYPES = {
    "normal": SetType.WORKING,
    "": SetType.WORKING,
    "failure": SetType.WORKING,
    "dropset": SetType.WORKING,
    "warmup": SetType.WARMUP,
}


def hevy_rows(
    lines: Iterator[tuple[int, list[str]]],
    name: str,
    columns: Mapping[str, int],
    progress: Progress | None,
) -> Iterator[Row]:
    cells = Cells(name, columns)
    clock = WallClock()
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
        yield Row(
            line=line,
            workout_key=(start_text, title),
            start=start,
            end=end if end is not None and end > start else None,
            workout=title,
            notes=cells.get("description"),
            exercise=cells.get("exercise_title"),
            set_type=set_type,
            reps=read_reps(cells.get("reps"), cells),
            weight=read_weight(cells.get("weight_kg", "weight_lbs"), cells),
            seconds=read_seconds(cells.get("duration_seconds"), cells, "duration_seconds"),
            distance=read_distance(cells.get("distance_km", "distance_miles"), cells),
            rpe=read_rpe(cells.get("rpe"), cells),
        )
