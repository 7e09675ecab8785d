"""hipext's own exports read back: the CSV and the JSON bundle (see docs/FORMATS.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime, tzinfo
from typing import Any

import pendulum

from hipext_tui.domain.catalog import (
    Catalog,
    CatalogError,
    Exercise,
    Measure,
    Routine,
    Sides,
)
from hipext_tui.domain.days import pendulum_zone
from hipext_tui.domain.exporters import JSON_FORMAT, JSON_VERSION
from hipext_tui.domain.import_apps import (
    NewExercise,
)
from hipext_tui.domain.import_cells import (
    KNOWN_FORMATS,
    MAX_HOLD_SECONDS,
    MAX_IMPORT_WEIGHT,
    MAX_REPS,
    PROGRESS_EVERY,
    Cells,
    ImportFormatError,
    ImportPlan,
    Progress,
    read_reps,
    read_rpe,
    read_seconds,
    read_weight,
)
from hipext_tui.domain.pauses import Pause, first_overlap
from hipext_tui.domain.runs import Run
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.stored import decode_session
from hipext_tui.domain.workout import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    BodyPart,
    Session,
    SetEntry,
    SetType,
    Side,
    Unit,
    ValidationError,
    parse_pain,
)

# ---------------------------------------------------------------------------
# hipext's own CSV


def plan_hipext_csv(
    lines: Iterator[tuple[int, list[str]]],
    name: str,
    columns: Mapping[str, int],
    catalog: Catalog,
    zone: tzinfo,
    progress: Progress | None,
) -> ImportPlan:
    cells = Cells(name, columns)
    sessions: dict[str, dict[str, Any]] = {}
    set_ids: set[str] = set()
    new: dict[str, NewExercise] = {}
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
        reps = read_reps(cells.get("reps"), cells)
        if reps < 1:
            raise cells.fail("reps must be at least 1")
        seconds = read_seconds(cells.get("seconds"), cells, "seconds")
        if seconds is not None and seconds > MAX_HOLD_SECONDS:
            raise cells.fail(f"seconds {seconds} is out of range (1 to {MAX_HOLD_SECONDS})")
        entry = SetEntry(
            id=set_id,
            exercise_id=exercise_id,
            side=side,
            reps=reps,
            logged_at=_stamp_cell(cells, "logged_at", zone),
            weight=read_weight(cells.get("weight"), cells),
            unit=unit,
            seconds=seconds,
            rpe=read_rpe(cells.get("rpe"), cells),
            set_type=set_type,
            pain=_pain_cell(cells, "pain"),
        )
        if catalog.get(exercise_id) is None:
            extra = new.get(exercise_id)
            if extra is None:
                extra = NewExercise(exercise_id, cells.get("exercise_name") or exercise_id)
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
                "pain": _pain_cell(cells, "session_pain"),
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
            pain=raw["pain"],
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


def _pain_cell(cells: Cells, title: str) -> BodyPart | None:
    """A pain column (absent in files from before pain flags: then none)."""
    try:
        return parse_pain(cells.get(title))
    except ValidationError as exc:
        raise cells.fail(str(exc)) from None


def _slug_cell(cells: Cells, title: str) -> str:
    value = cells.get(title)
    if not value:
        raise cells.fail(f"{title} is blank")
    if not all(c.isalnum() or c in "-_" for c in value):
        raise cells.fail(f"{title} '{value}' may hold only letters, digits, '-' and '_'")
    return value


def _stamp_cell(cells: Cells, title: str, zone: tzinfo) -> datetime:
    text = cells.get(title)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise cells.fail(f"{title} '{text}' is not an ISO-8601 time") from None
    if moment.tzinfo is None:  # hand-edited files: read in the user's zone
        local = pendulum.instance(moment, tz=pendulum_zone(zone))
        moment = datetime.fromisoformat(local.isoformat())
    return moment


# ---------------------------------------------------------------------------
# hipext's own JSON


def plan_hipext_json(text: str, name: str, catalog: Catalog) -> ImportPlan:
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
            sessions.append(_in_range(decode_session(raw)))
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
    pauses, runs = _coach_items(items("pauses"), items("runs"), name)
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
        pauses=pauses,
        runs=runs,
    )


def _coach_items(
    raw_pauses: list[Any], raw_runs: list[Any], name: str
) -> tuple[tuple[Pause, ...], tuple[Run, ...]]:
    """The pauses and runs of a hipext JSON export, each checked as the store checks it;
    two pauses of the file sharing a day, or two runs one id, are refused."""
    pauses: list[Pause] = []
    for number, raw in enumerate(raw_pauses, 1):
        try:
            pause = Pause.from_dict(raw)
        except ValidationError as exc:
            raise ImportFormatError(f"{name}: pause {number}: {exc}") from None
        clash = first_overlap(pause, pauses)
        if clash is not None:
            raise ImportFormatError(
                f"{name}: pause {number} ({pause.start.isoformat()} to "
                f"{pause.end.isoformat()}) overlaps the one from {clash.start.isoformat()}"
            )
        pauses.append(pause)
    runs: dict[str, Run] = {}
    for number, raw in enumerate(raw_runs, 1):
        if not isinstance(raw, dict):
            raise ImportFormatError(f"{name}: run {number}: expected an object")
        try:
            run = Run.from_dict(raw)
        except ValidationError as exc:
            raise ImportFormatError(f"{name}: run {number}: {exc}") from None
        if run.id in runs:
            raise ImportFormatError(f"{name}: run id '{run.id}' appears twice")
        runs[run.id] = run
    return tuple(pauses), tuple(runs.values())


def _in_range(session: Session) -> Session:
    """``session`` if its times are from 1900 to 2200; ValidationError otherwise (near
    year 9999 a zone far from UTC overflows every date computed from it)."""
    stamps = [("start", session.start), ("end", session.end)]
    stamps += [(f"set '{entry.id}'", entry.logged_at) for entry in session.sets]
    for label, moment in stamps:
        if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise ValidationError(
                f"'{label}': {moment.isoformat()} is out of range "
                f"({EARLIEST_YEAR} to {LATEST_YEAR})"
            )
    return session


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
