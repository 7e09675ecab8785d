"""``hipext export``: the JSON round trip, the CSV columns, and writing files safely."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from hipext_tui.cli import main
from hipext_tui.domain.catalog import Exercise, Routine, RoutineItem, Sides
from hipext_tui.domain.exporters import CSV_COLUMNS
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Unit
from hipext_tui.store.tinydb_store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STRONG_REAL = FIXTURES / "strong_export.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def full_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store with imported history, a custom exercise and routine, rest days, settings."""
    db = tmp_path / "a" / "hipext.json"
    run(capsys, "import", STRONG_REAL, "--db", db, "--tz", "Europe/Budapest")
    run(capsys, "import", FIXTURES / "hipext.csv", "--db", db)
    store = Store.open(db)
    try:
        store.save_exercise(Exercise(id="step-down", name="Step-down", sides=Sides.EACH))
        store.save_routine(
            Routine(
                id="short-hips",
                name="Short hips",
                items=(RoutineItem("step-down", sets=2), RoutineItem("deadlift")),
            )
        )
        store.add_rest_day(date(2024, 1, 7))
        store.add_rest_day(date(2023, 12, 24))
        store.save_settings(
            Settings(unit=Unit.LB, timezone="Europe/Budapest", weekly_goal=3, day_start_hour=4)
        )
    finally:
        store.close()
    return db


def test_json_round_trip_is_byte_identical(
    capsys: pytest.CaptureFixture[str], full_store: Path, tmp_path: Path
) -> None:
    status, first, err = run(capsys, "export", "--format", "json", "--db", full_store)
    assert (status, err) == (0, "")
    document = json.loads(first)
    assert (document["format"], document["version"]) == ("hipext", 1)
    assert len(document["sessions"]) == 97
    assert sum(len(s["sets"]) for s in document["sessions"]) == 1342 + 5
    assert document["rest_days"] == ["2023-12-24", "2024-01-07"]
    assert [r["id"] for r in document["routines"]] == ["short-hips"]
    assert "step-down" in {e["id"] for e in document["exercises"]}
    assert document["settings"]["weekly_goal"] == 3

    exported = tmp_path / "backup.json"
    exported.write_text(first, encoding="utf-8")
    empty = tmp_path / "b" / "hipext.json"
    status, out, err = run(capsys, "import", exported, "--db", empty)
    assert (status, err) == (0, "")
    assert "hipext JSON: backup.json" in out
    status, second, _ = run(capsys, "export", "--format", "json", "--db", empty)
    assert status == 0
    assert second == first

    # Importing the backup again adds nothing and keeps the bytes.
    run(capsys, "import", exported, "--db", empty)
    assert run(capsys, "export", "--db", empty)[1] == first


def test_settings_are_not_replaced_in_a_store_with_workouts(
    capsys: pytest.CaptureFixture[str], full_store: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    run(capsys, "export", "--db", full_store, "-o", backup)
    other = tmp_path / "c" / "hipext.json"
    run(capsys, "import", FIXTURES / "hevy_kg.csv", "--db", other)
    run(capsys, "import", backup, "--db", other)
    store = Store.open(other)
    try:
        assert store.settings() == Settings()
        assert len(store.sessions()) == 97 + 2
    finally:
        store.close()


def test_csv_columns_and_rows(capsys: pytest.CaptureFixture[str], full_store: Path) -> None:
    status, out, _ = run(capsys, "export", "--format", "csv", "--db", full_store)
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0][:4] == ["session_id", "session_start", "session_end", "routine_id"]
    assert len(rows) == 1 + 1342 + 5
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["session_start"] == "2023-10-08T15:57:35+02:00"
    assert first["exercise_id"] == "deadlift-barbell"
    assert first["exercise_name"] == "Deadlift (Barbell)"
    assert (first["side"], first["set_type"], first["reps"]) == ("none", "working", "8")
    assert (first["weight"], first["unit"], first["seconds"], first["rpe"]) == ("50", "kg", "", "")
    assert first["logged_at"].endswith("+02:00")
    bridge = next(dict(zip(rows[0], r, strict=True)) for r in rows if "set-aaaaaaaaaaa1" in r)
    assert bridge["side"] == "left"
    assert bridge["exercise_name"] == "Single-leg glute bridge"
    assert bridge["session_notes"] == "Windy, tired"


def test_csv_round_trip(
    capsys: pytest.CaptureFixture[str], full_store: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "history.csv"
    status, out, _ = run(capsys, "export", "--db", full_store, "-o", out_file)
    assert status == 0
    assert out == f"Exported 97 sessions and 1,347 sets to {out_file}\n"
    empty = tmp_path / "d" / "hipext.json"
    status, out, _ = run(capsys, "import", out_file, "--db", empty)
    assert status == 0 and "hipext CSV: history.csv" in out
    again = run(capsys, "export", "--format", "csv", "--db", empty)[1]
    assert again == out_file.read_text(encoding="utf-8")


def test_output_file_is_replaced_atomically(
    capsys: pytest.CaptureFixture[str], full_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    target.write_text("old contents")
    target.chmod(0o640)
    status, _, _ = run(capsys, "export", "--db", full_store, "-o", target)
    assert status == 0
    assert json.loads(target.read_text())["format"] == "hipext"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["export.json"]  # no temp left

    fresh = tmp_path / "out" / "new.json"
    run(capsys, "export", "--db", full_store, "-o", fresh)
    assert fresh.stat().st_mode & 0o777 == 0o600


def test_output_into_missing_directory(
    capsys: pytest.CaptureFixture[str], full_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "export.json"
    status, out, err = run(capsys, "export", "--db", full_store, "-o", target)
    assert status == 2
    assert out == ""
    assert err == (f"hipext: cannot write {target}: the directory {target.parent} does not exist\n")
    assert not target.parent.exists()
    status, _, err = run(capsys, "export", "--db", full_store, "-o", tmp_path)
    assert status == 2 and "it is a directory" in err


def test_export_of_an_empty_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "hipext.json"
    status, out, _ = run(capsys, "export", "--db", db)
    assert status == 0
    document = json.loads(out)
    assert document["sessions"] == [] and document["exercises"] == []
    status, out, _ = run(capsys, "export", "--format", "csv", "--db", db)
    assert out == ",".join(CSV_COLUMNS) + "\n"
