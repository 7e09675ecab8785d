"""A workout's note and pain flags: written by intent, so nothing else written
meanwhile is lost, and only the field in question changes on disk."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipext_tui.domain.sessions import SessionTarget
from hipext_tui.domain.workout import BodyPart, SetEntry, Side, ValidationError, new_id
from hipext_tui.store.errors import NotFoundError
from hipext_tui.store.tinydb_store import Store
from hipext_tui.workouts import Workouts

NOW = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
ROUTINE = "hip-extension-for-runners"


def service(db: Path) -> Workouts:
    return Workouts.load(Store.open(db), tz_name="UTC", clock=lambda: NOW)


def a_set(reps: int, minutes: int) -> SetEntry:
    return SetEntry(
        new_id("set-"), "deadlift", Side.NONE, reps, NOW + timedelta(minutes=minutes), weight=16.0
    )


def stored_docs(db: Path) -> list[dict[str, object]]:
    """The raw session documents in the month files."""
    docs: list[dict[str, object]] = []
    for file in sorted(db.parent.rglob("*.json")):
        raw = json.loads(file.read_text(encoding="utf-8"))
        docs.extend(raw.get("sessions", {}).values())
    return docs


def test_note_and_pain_keep_the_sets_another_window_logged(tmp_path: Path) -> None:
    db = tmp_path / "hipext.json"
    tui, cli = service(db), service(db)
    target = SessionTarget.running(new_id("ses-"), NOW, ROUTINE)
    first = a_set(10, 1)
    tui.log_set(first, target)
    for n in range(3):  # another window logs into the same workout meanwhile
        cli.log_set(a_set(8, 2 + n), target)
    before = tui.revision
    noted = tui.set_session_note(target, "  tight hamstring  ")
    assert noted.notes == "tight hamstring" and len(noted.sets) == 4
    flagged = tui.flag_pain(target, BodyPart.KNEE, first.id)
    assert flagged.sets[0].pain is BodyPart.KNEE and len(flagged.sets) == 4
    tui.flag_pain(target, BodyPart.GLUTE)
    assert tui.revision == before + 3
    [session] = Store.open(db).sessions()
    assert (session.notes, session.pain, len(session.sets)) == (
        "tight hamstring",
        BodyPart.GLUTE,
        4,
    )
    assert [s.pain for s in session.sets] == [BodyPart.KNEE, None, None, None]


def test_clearing_a_flag_leaves_no_pain_field_on_disk(tmp_path: Path) -> None:
    db = tmp_path / "hipext.json"
    app = service(db)
    target = SessionTarget.running(new_id("ses-"), NOW, ROUTINE)
    entry = a_set(10, 1)
    app.log_set(entry, target)
    app.flag_pain(target, BodyPart.LOW_BACK, entry.id)
    app.flag_pain(target, BodyPart.LOW_BACK)
    app.flag_pain(target, None, entry.id)
    app.flag_pain(target, None)
    [doc] = stored_docs(db)
    assert "pain" not in doc
    assert all("pain" not in s for s in doc["sets"])  # type: ignore[attr-defined]


def test_a_note_before_any_set_makes_the_workout(tmp_path: Path) -> None:
    db = tmp_path / "hipext.json"
    app = service(db)
    target = SessionTarget.running("ses-new", NOW, ROUTINE)
    made = app.set_session_note(target, "felt strong")
    assert (made.id, made.routine_id, made.sets, made.start) == ("ses-new", ROUTINE, (), NOW)
    app.log_set(a_set(10, 1), target)
    [session] = Store.open(db).sessions()
    assert (session.notes, len(session.sets)) == ("felt strong", 1)


def test_bad_notes_and_flags_are_refused_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "hipext.json"
    app = service(db)
    target = SessionTarget.running(new_id("ses-"), NOW, ROUTINE)
    app.log_set(a_set(10, 1), target)
    with pytest.raises(ValidationError, match="note: 501 characters is too long"):
        app.set_session_note(target, "x" * 501)
    with pytest.raises(NotFoundError, match="no set 'set-gone'"):
        app.flag_pain(target, BodyPart.KNEE, "set-gone")
    with pytest.raises(ValidationError, match="no workout is running"):
        app.flag_pain(SessionTarget.day_of_set(), BodyPart.KNEE, "set-x")
    [session] = Store.open(db).sessions()
    assert (session.notes, session.pain) == ("", None)
