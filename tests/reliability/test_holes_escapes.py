"""Hole 9: control characters in stored names never reach the terminal raw.

What the file said is kept (the export gives it back unchanged), but ``import``,
``exercises`` and ``history`` show C0, C1, ESC, BEL and DEL as visible escapes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.holes import cli

pytestmark = pytest.mark.reliability

HOSTILE = "Glute \x1b[31mBridge\x07 \x1b]0;owned\x07 \x9b2J \x7f end"
RAW_CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]


def _backup(tmp_path: Path) -> Path:
    backup = {
        "format": "hipext",
        "version": 1,
        "exercises": [
            {"id": "glute-x", "name": HOSTILE, "sides": "both", "description": HOSTILE}
        ],
        "sessions": [
            {
                "id": "ses-1",
                "start": "2026-03-10T07:00:00+00:00",
                "notes": HOSTILE,
                "sets": [
                    {"id": "st-1", "exercise_id": "glute-x", "reps": 8,
                     "at": "2026-03-10T07:05:00+00:00"}
                ],
            }
        ],
    }  # fmt: skip
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup))
    return path


def test_names_from_a_file_are_shown_harmlessly_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    source = _backup(tmp_path)
    outputs = []
    for argv in (["import", str(source)], ["exercises"], ["history"], ["history", "--json"]):
        status, out, err = cli(capsys, "--db", str(db), "--tz", "UTC", *argv)
        assert status == 0, err
        outputs.append(out + err)
    for text in outputs:
        assert not any(ch in text for ch in RAW_CONTROLS), repr(text)
    assert "Glute \\x1b[31mBridge\\x07" in outputs[1]
    assert json.loads(outputs[3])["sessions"][0]["notes"] == HOSTILE
    status, _, _ = cli(capsys, "--db", str(db), "export", "-o", str(tmp_path / "out.json"))
    exported = json.loads((tmp_path / "out.json").read_text())
    assert exported["exercises"][0]["name"] == HOSTILE


def test_a_piped_export_is_what_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    cli(capsys, "--db", str(db), "--tz", "UTC", "import", str(_backup(tmp_path)))
    status, out, _ = cli(capsys, "--db", str(db), "export")
    assert status == 0
    assert json.loads(out)["exercises"][0]["name"] == HOSTILE


def test_a_name_typed_with_a_control_code_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    status, out, err = cli(capsys, "--db", str(db), "add-exercise", "Hip \x1b[2Jthrust")
    assert status == 2  # a usage error, like any other bad argument
    assert err.strip().splitlines() == [
        "hipext: exercise 'hip-2jthrust': name: contains the control character \\x1b; "
        "type plain text"
    ]
    assert len(err.strip().splitlines()) == 1 and not any(ch in err for ch in RAW_CONTROLS)
    status, out, err = cli(capsys, "--db", str(db), "add-exercise", "Hip thrust",
                           "--cue", "squeeze\x07")  # fmt: skip
    assert status == 2 and "cue 1: contains the control character \\x07" in err
    status, out, _ = cli(capsys, "--db", str(db), "exercises")
    assert "thrust" not in out.lower()  # nothing was saved


def test_the_store_refuses_a_user_save_with_control_codes_but_an_import_keeps_them(
    tmp_path: Path,
) -> None:
    from hipext_tui.domain.catalog import Exercise
    from hipext_tui.domain.workout import ValidationError
    from hipext_tui.store.tinydb_store import Store

    store = Store.open(tmp_path / "h.json")
    with pytest.raises(ValidationError, match=r"name: contains the control character \\x1b"):
        store.save_exercise(Exercise(id="x", name="a\x1bb"))
    assert store.custom_exercises() == []
    store.import_bundle([], exercises=[Exercise(id="x", name="a\x1bb")])
    assert [e.name for e in store.custom_exercises()] == ["a\x1bb"]
