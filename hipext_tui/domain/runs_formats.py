"""Reading runs from the files runners already have.

- A Strava bulk export: its ``activities.csv``, the unpacked export folder holding it,
  or the export's zip. Activity dates there are UTC. When the file has two ``Distance``
  columns (the export's kilometres and, later, metres), the metres are used; one
  ``Distance`` column is read as kilometres. ``Moving Time`` is in seconds (else the
  ``Elapsed Time``). Only running activities are kept; the activity id identifies a run
  across exports.
- GPX (read with gpxpy): each track is one run; its start is its first timestamp, its
  distance the length over the ground and its moving time gpxpy's moving time.
- FIT (read with fitdecode, CRC checked): each ``session`` message is one run.

Every problem is a :class:`RunFileError` whose text names the file and what is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hipext_tui.domain.record import record
from hipext_tui.domain.runs import Run, is_run, run_id
from hipext_tui.domain.text import one_line
from hipext_tui.domain.workout import EARLIEST_YEAR, LATEST_YEAR

STRAVA_CSV = "activities.csv"
STRAVA_DATES = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")
MAX_FILE_BYTES = 200 * 1024 * 1024


class RunFileError(ValueError):
    """A file could not be read as runs; ``str()`` is one line naming it."""


@record
class RunFile:
    """What one file held: its runs, and how many activities were not runs."""

    path: str
    runs: tuple[Run, ...]
    skipped: int = 0


def read_runs(path: Path) -> RunFile:
    """The runs in ``path``, told apart by what it is (folder, zip, CSV, GPX, FIT); a
    run dated before 1900 or after 2200 is refused (the stored form's range)."""
    found = _read_file(path)
    for number, run in enumerate(found.runs, 1):
        if not EARLIEST_YEAR <= run.start.year <= LATEST_YEAR:
            raise RunFileError(
                f"{path}: run {number} starts {run.start.isoformat()}, out of range "
                f"({EARLIEST_YEAR} to {LATEST_YEAR})"
            )
    return found


def _read_file(path: Path) -> RunFile:
    name = str(path)
    if path.is_dir():
        found = sorted(path.rglob(STRAVA_CSV))
        if not found:
            raise RunFileError(f"{name}: no {STRAVA_CSV} in this folder (not a Strava export)")
        return _strava(name, _read_bytes(found[0]))
    suffix = path.suffix.lower()
    data = _read_bytes(path)
    if suffix == ".zip":
        return _strava(name, _zip_member(name, data))
    if suffix == ".csv":
        return _strava(name, data)
    if suffix == ".gpx":
        return _gpx(name, data)
    if suffix == ".fit":
        return _fit(name, data)
    raise RunFileError(f"{name}: not a Strava export, a GPX file or a FIT file")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RunFileError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise RunFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise RunFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _zip_member(name: str, data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.namelist() if m.rsplit("/", 1)[-1] == STRAVA_CSV]
            if not members:
                raise RunFileError(f"{name}: no {STRAVA_CSV} in this zip (not a Strava export)")
            info = archive.getinfo(sorted(members, key=len)[0])
            if info.file_size > MAX_FILE_BYTES:
                raise RunFileError(f"{name}: {STRAVA_CSV} is too large")
            return archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise RunFileError(f"{name}: not a readable zip ({exc})") from None


def _strava(name: str, data: bytes) -> RunFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RunFileError(f"{name}: not UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RunFileError(f"{name}: empty file")
    header = [h.strip() for h in rows[0]]
    needed = ("Activity ID", "Activity Date", "Activity Type", "Distance")
    missing = [h for h in needed if h not in header]
    if missing:
        raise RunFileError(f"{name}: not a Strava activities.csv (no column {', '.join(missing)})")
    at = {h: header.index(h) for h in needed}
    distances = [i for i, h in enumerate(header) if h == "Distance"]
    metres = len(distances) > 1
    km_column = distances[-1]
    times = [i for i, h in enumerate(header) if h == "Moving Time"] or [
        i for i, h in enumerate(header) if h == "Elapsed Time"
    ]
    runs: list[Run] = []
    skipped = 0
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}: line {line}"
        if len(row) < len(header):
            raise RunFileError(f"{where}: {len(row)} fields, the header has {len(header)}")
        kind = row[at["Activity Type"]].strip()
        if not is_run(kind):
            skipped += 1
            continue
        activity = row[at["Activity ID"]].strip()
        if not activity:
            raise RunFileError(f"{where}: no Activity ID")
        distance = _number(row[km_column], where, "Distance")
        seconds = _number(row[times[0]], where, "Moving Time") if times else 0.0
        runs.append(
            Run(
                id=run_id("strava", activity),
                start=_strava_date(row[at["Activity Date"]], where),
                kind=kind,
                distance_km=round(distance / 1000 if metres else distance, 3),
                moving_seconds=round(seconds),
                source=name,
            )
        )
    return RunFile(name, tuple(runs), skipped)


def _number(text: str, where: str, column: str) -> float:
    raw = text.strip().replace(",", "")
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise RunFileError(f"{where}: {column} '{one_line(text)}' is not a number") from None
    if not 0 <= value < 1e9:  # NaN fails too
        raise RunFileError(f"{where}: {column} {one_line(text)} is out of range")
    return value


def _strava_date(text: str, where: str) -> datetime:
    raw = text.strip()
    for pattern in STRAVA_DATES:
        try:
            return datetime.strptime(raw, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise RunFileError(f"{where}: Activity Date '{one_line(text)}' is not a date")


def _source_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _gpx(name: str, data: bytes) -> RunFile:
    import gpxpy
    import gpxpy.gpx

    try:
        parsed = gpxpy.parse(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, gpxpy.gpx.GPXException, ValueError) as exc:
        raise RunFileError(
            f"{name}: not a readable GPX file ({one_line(str(exc))[:120]})"
        ) from None
    key = _source_key(data)
    runs: list[Run] = []
    skipped = 0
    for index, track in enumerate(parsed.tracks):
        kind = (track.type or "Run").strip()
        if not is_run(kind):
            skipped += 1
            continue
        bounds = track.get_time_bounds()
        if bounds.start_time is None:
            raise RunFileError(f"{name}: track {index + 1} has no timestamps")
        start = bounds.start_time
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        moving = track.get_moving_data()
        runs.append(
            Run(
                id=run_id(key, f"track{index}"),
                start=start,
                kind=kind,
                distance_km=round(track.length_2d() / 1000, 3),
                moving_seconds=round(moving.moving_time) if moving else 0,
                source=name,
            )
        )
    if not runs and not skipped:
        raise RunFileError(f"{name}: no track in this GPX file")
    return RunFile(name, tuple(runs), skipped)


def _fit(name: str, data: bytes) -> RunFile:
    import fitdecode

    key = _source_key(data)
    runs: list[Run] = []
    skipped = 0
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            sessions = [
                frame
                for frame in reader
                if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == "session"
            ]
    except (fitdecode.FitError, ValueError, KeyError, IndexError) as exc:
        raise RunFileError(
            f"{name}: not a readable FIT file ({one_line(str(exc))[:120]})"
        ) from None
    if not sessions:
        raise RunFileError(f"{name}: no session in this FIT file")
    for index, frame in enumerate(sessions):
        kind = str(_value(frame, "sport") or "running")
        if not is_run(kind):
            skipped += 1
            continue
        start = _value(frame, "start_time")
        if not isinstance(start, datetime):
            raise RunFileError(f"{name}: session {index + 1} has no start time")
        distance = _value(frame, "total_distance") or 0
        seconds = _value(frame, "total_timer_time") or _value(frame, "total_elapsed_time") or 0
        runs.append(
            Run(
                id=run_id(key, f"session{index}"),
                start=start if start.tzinfo else start.replace(tzinfo=UTC),
                kind=kind,
                distance_km=round(float(distance) / 1000, 3),
                moving_seconds=round(float(seconds)),
                source=name,
            )
        )
    return RunFile(name, tuple(runs), skipped)


def _value(frame: object, field: str) -> Any:
    has = getattr(frame, "has_field", None)
    if has is None or not has(field):
        return None
    return frame.get_value(field)  # type: ignore[attr-defined]


def all_runs(files: Iterable[RunFile]) -> list[Run]:
    """The runs of several files, each id once, in start order."""
    unique = {run.id: run for f in files for run in f.runs}
    return sorted(unique.values(), key=lambda r: r.start)
