"""Pauses and runs travel in hipext's JSON export: export, import elsewhere, export
again gives the same bytes; a second import adds nothing; a clash is refused whole."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hipext_tui.cli import main
from hipext_tui.domain.pauses import Pause, PauseReason
from hipext_tui.domain.runs import Run
from hipext_tui.store.tinydb_store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


RUNS = [
    Run("run-b", datetime(2026, 11, 21, 7, 0, tzinfo=UTC), "Trail Run", 12.5, 4500, "b.gpx"),
    Run("run-a", datetime(2026, 11, 18, 18, 0, tzinfo=UTC), "Run", 8.0, 2700, "activities.csv"),
]


@pytest.fixture
def source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "a" / "h.json"
    status, _, err = run(capsys, "--db", db, "--tz", "UTC", "log", "deadlift", "--reps", "8",
                         "--at", "2026-11-19T07:00")  # fmt: skip
    assert status == 0, err
    for argv in (
        ["pause", "--from", "2026-11-20", "--to", "2026-11-24", "--reason", "trip"],
        ["pause", "--from", "2026-12-01", "--to", "2026-12-02"],
    ):
        status, _, err = run(capsys, "--db", db, "--tz", "UTC", *argv)
        assert status == 0, err
    store = Store.open(db)
    assert store.add_runs(RUNS) == 2
    store.close()
    return db


def test_pauses_and_runs_round_trip_through_an_export_file(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.json"
    assert run(capsys, "--db", source, "export", "-o", first)[0] == 0
    document = json.loads(first.read_text())
    assert document["pauses"] == [
        {"from": "2026-11-20", "to": "2026-11-24", "reason": "trip"},
        {"from": "2026-12-01", "to": "2026-12-02", "reason": "other"},
    ]
    assert [r["id"] for r in document["runs"]] == ["run-a", "run-b"]  # oldest first

    copy = tmp_path / "b" / "h.json"
    status, out, err = run(capsys, "--db", copy, "--tz", "UTC", "import", first)
    assert status == 0, err
    assert "  pauses    2" in out and "  runs      2" in out
    assert "1 workout with 1 set, 2 pauses, 2 runs" in out
    second = tmp_path / "second.json"
    assert run(capsys, "--db", copy, "export", "-o", second)[0] == 0
    assert second.read_bytes() == first.read_bytes()

    store = Store.open(copy, create=False)
    assert store.pauses() == [
        Pause(date(2026, 11, 20), date(2026, 11, 24), PauseReason.TRIP),
        Pause(date(2026, 12, 1), date(2026, 12, 2), PauseReason.OTHER),
    ]
    assert store.runs() == sorted(RUNS, key=lambda r: r.start)
    store.close()

    status, out, _ = run(capsys, "--db", copy, "--tz", "UTC", "import", first)
    assert status == 0 and "Nothing new to import." in out
    assert run(capsys, "--db", copy, "export", "-o", second)[0] == 0
    assert second.read_bytes() == first.read_bytes()


def test_a_pause_that_clashes_with_a_stored_one_refuses_the_whole_import(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.json"
    assert run(capsys, "--db", source, "export", "-o", first)[0] == 0
    other = tmp_path / "c" / "h.json"
    status, _, err = run(capsys, "--db", other, "--tz", "UTC", "pause", "--from", "2026-11-23",
                         "--to", "2026-11-25", "--reason", "injury")  # fmt: skip
    assert status == 0, err
    before = other.read_bytes()
    status, _, err = run(capsys, "--db", other, "--tz", "UTC", "import", first)
    assert status == 2, err
    assert err.strip().splitlines() == [
        "hipext: pause 2026-11-20 to 2026-11-24 overlaps the stored injury pause from "
        "2026-11-23 to 2026-11-25"
    ]
    assert other.read_bytes() == before  # no run, no pause, no workout was written
    assert list(other.with_name("h.json.d").glob("sessions-*.json")) == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("pauses", [{"from": "2026-11-20", "to": "soon"}], "pause 1: to: 'soon' is not a date"),
        ("pauses", [{"from": "2026-11-20", "to": "2026-11-22"},
                    {"from": "2026-11-22", "to": "2026-11-23"}], "pause 2 (2026-11-22 to"),
        ("runs", [{"id": "r", "start": "2026-11-20T07:00:00+00:00", "distance_km": -3,
                   "moving_seconds": 60}], "run 1: run: 'distance_km' -3 is out of range"),
        ("runs", [{"id": "r", "start": "2026-11-20T07:00:00", "distance_km": 3,
                   "moving_seconds": 60}], "run 1: run: start has no UTC offset"),
        ("runs", ["x"], "run 1: expected an object"),
        ("runs", {"id": "r"}, "'runs' must be a list"),
    ],
)  # fmt: skip
def test_bad_pauses_and_runs_in_a_file_are_one_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: object, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "hipext", "version": 1, key: value}))
    db = tmp_path / "h.json"
    status, _, err = run(capsys, "--db", db, "import", path)
    assert status == 2, err  # a bad file is a usage error, as for every import
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert not db.exists() or Store.open(db).pauses() == []


def test_the_import_line_counts_the_rest_days_it_added(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--db", source, "--tz", "UTC", "rest", "--on", "2026-11-26")
    assert status == 0, err
    exported = tmp_path / "with-rest.json"
    assert run(capsys, "--db", source, "export", "-o", exported)[0] == 0
    copy = tmp_path / "c" / "h.json"
    status, out, err = run(capsys, "--db", copy, "--tz", "UTC", "import", exported)
    assert status == 0, err
    assert "  rest days 1" in out
    assert "1 workout with 1 set, 1 rest day, 2 pauses, 2 runs." in out
    store = Store.open(copy, create=False)
    assert store.rest_days() == {date(2026, 11, 26)}
    store.close()
    status, out, _ = run(capsys, "--db", copy, "--tz", "UTC", "import", exported)
    assert status == 0 and "Nothing new to import." in out
