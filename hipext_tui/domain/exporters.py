"""hipext's own export formats: a lossless JSON document and a CSV with one row per set.

Both are documented in docs/FORMATS.md. The output depends only on what is stored
(no export time, sorted where the store has no order), so exporting twice, or exporting,
importing into an empty store and exporting again, gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.catalog import Exercise, Routine
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.stored import encode_session
from hipext_tui.domain.workout import Session

if TYPE_CHECKING:
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.runs import Run

JSON_FORMAT = "hipext"
JSON_VERSION = 1

# The CSV columns, in order. docs/FORMATS.md describes each one.
CSV_COLUMNS: tuple[str, ...] = (
    "session_id",
    "session_start",
    "session_end",
    "routine_id",
    "exercise_id",
    "exercise_name",
    "side",
    "set_type",
    "reps",
    "weight",
    "unit",
    "seconds",
    "rpe",
    "logged_at",
    "set_id",
    "session_notes",
    "pain",
    "session_pain",
)


def ordered_sessions(sessions: Iterable[Session]) -> list[Session]:
    """Sessions oldest first, ties broken by id, so the order never depends on the store."""
    return sorted(sessions, key=lambda s: (s.start.timestamp(), s.id))


def export_document(
    sessions: Iterable[Session],
    exercises: Iterable[Exercise],
    routines: Iterable[Routine],
    rest_days: Iterable[date],
    settings: Settings,
    pauses: Iterable[Pause] = (),
    runs: Iterable[Run] = (),
) -> dict[str, Any]:
    """The JSON export as a plain dictionary (see :func:`export_json`)."""
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "settings": settings.to_dict(),
        "exercises": [e.to_dict() for e in sorted(exercises, key=lambda e: e.id)],
        "routines": [r.to_dict() for r in sorted(routines, key=lambda r: r.id)],
        "rest_days": [d.isoformat() for d in sorted(set(rest_days))],
        "pauses": [p.to_dict() for p in sorted(pauses, key=lambda p: (p.start, p.end))],
        "runs": [r.to_dict() for r in sorted(runs, key=lambda r: (r.start.timestamp(), r.id))],
        "sessions": [encode_session(s) for s in ordered_sessions(sessions)],
    }


def export_json(
    sessions: Iterable[Session],
    exercises: Iterable[Exercise],
    routines: Iterable[Routine],
    rest_days: Iterable[date],
    settings: Settings,
    pauses: Iterable[Pause] = (),
    runs: Iterable[Run] = (),
) -> str:
    """Everything in the store as one JSON document (UTF-8 text, trailing newline)."""
    document = export_document(sessions, exercises, routines, rest_days, settings, pauses, runs)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export_csv(sessions: Iterable[Session], names: Mapping[str, str]) -> str:
    """One row per set, with the columns of :data:`CSV_COLUMNS` and a header row.

    ``names`` maps exercise ids to display names; an id without one is written as is.
    Sessions without sets have no row (the JSON export keeps them).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for session in ordered_sessions(sessions):
        start = session.start.isoformat()
        end = session.end.isoformat() if session.end else ""
        for entry in session.sets:
            writer.writerow(
                (
                    session.id,
                    start,
                    end,
                    session.routine_id or "",
                    entry.exercise_id,
                    names.get(entry.exercise_id, entry.exercise_id),
                    entry.side.value,
                    entry.set_type.value,
                    entry.reps,
                    _number(entry.weight),
                    entry.unit.value,
                    "" if entry.seconds is None else entry.seconds,
                    _number(entry.rpe),
                    entry.logged_at.isoformat(),
                    entry.id,
                    session.notes,
                    entry.pain.value if entry.pain else "",
                    session.pain.value if session.pain else "",
                )
            )
    return out.getvalue()


def _number(value: float | None) -> str:
    """A weight or RPE without a pointless ".0" (60 rather than 60.0); blank for none."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else repr(value)
