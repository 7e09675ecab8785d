"""``hipext pause``, ``hipext streak --json`` with pauses, and ``hipext runs``, as typed."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pendulum
import pytest

from hipext_tui.cli import main
from tests.cli_clock import pinned
from tests.run_files import fit_file, gpx_text, strava_csv

NOW = pendulum.datetime(2026, 12, 3, 9, 0, tz="UTC")  # a Thursday


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    yield from pinned(NOW)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "hipext.json"


def hipext(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(["--db", str(db), "--tz", "UTC", *argv])
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def streak(capsys: pytest.CaptureFixture[str], db: Path, as_of: str) -> dict[str, object]:
    status, out, _ = hipext(capsys, db, "streak", "--json", "--as-of", as_of)
    assert status == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_pause_keeps_the_streak_and_gives_slack(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    for day in ("2026-11-23", "2026-11-24", "2026-11-29", "2026-11-30"):
        assert hipext(capsys, db, "log", "deadlift", "--reps", "10", "--at", f"{day}T07:00")[0] == 0
    before = streak(capsys, db, "2026-12-03")
    assert (before["current_days"], before["paused_days"], before["days_until_break"]) == (0, 0, 0)

    status, out, _ = hipext(
        capsys, db, "pause", "--from", "2026-12-01", "--to", "2026-12-07", "--reason", "trip"
    )
    assert (status, out) == (
        0,
        "Paused from 2026-12-01 to 2026-12-07 (trip): the streaks step over it.\n",
    )
    after = streak(capsys, db, "2026-12-03")
    assert after["current_days"] == 2  # the 29th and the 30th, bridged by the pause
    assert (after["paused_days"], after["days_until_break"]) == (3, 5)  # the 3rd to the 7th
    assert after["current_weeks"] == 1  # this week is paused: last week's run holds
    stored = json.loads(db.read_text(encoding="utf-8"))["pauses"]
    assert list(stored.values()) == [{"from": "2026-12-01", "to": "2026-12-07", "reason": "trip"}]

    status, out, _ = hipext(capsys, db, "pause", "--list")
    assert out == "2026-12-01 to 2026-12-07  trip  (7 days)\n"
    status, out, _ = hipext(capsys, db, "pause", "--list", "--json")
    assert json.loads(out) == [{"from": "2026-12-01", "to": "2026-12-07", "reason": "trip"}]
    status, out, _ = hipext(capsys, db, "pause", "--remove", "2026-12-04")
    assert (status, out) == (0, "Removed the trip pause from 2026-12-01 to 2026-12-07.\n")
    assert streak(capsys, db, "2026-12-03")["current_days"] == 0
    assert hipext(capsys, db, "pause", "--list")[1] == "No pauses.\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--from", "2026-12-05", "--to", "2026-12-01"],
            "pause: ends 2026-12-01, before it starts",
        ),
        (["--from", "2026-12-01"], "pause: give both --from and --to"),
        (["--from", "soon", "--to", "2026-12-01"], "--from"),
        (["--from", "2026-12-01", "--to", "2026-12-02", "--reason", "fun"], "reason: 'fun'"),
        (["--list", "--remove", "2026-12-01"], "pause: give --from and --to, or --list"),
        ([], "pause: give --from and --to, or --list"),
        (["--remove", "2026-12-10"], "--remove: no pause holds 2026-12-10"),
        (["--from", "2026-12-02", "--to", "2026-12-03"], "overlaps the injury pause"),
    ],
)
def test_bad_pause_requests_are_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str], message: str
) -> None:
    hipext(capsys, db, "pause", "--from", "2026-11-30", "--to", "2026-12-02", "--reason", "injury")
    status, _, err = hipext(capsys, db, "pause", *argv)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def export_files(tmp: Path) -> list[Path]:
    gpx = tmp / "run.gpx"
    gpx.write_text(gpx_text(datetime(2026, 11, 24, 7, 0, tzinfo=UTC), 121), encoding="utf-8")
    csv_rows = [
        ("101", "Nov 25, 2026, 7:00:00 AM", "Run", 10.02, 3000),
        ("102", "Nov 26, 2026, 6:30:00 PM", "Ride", 30.0, 4000),
        ("103", "Dec 1, 2026, 6:15:00 AM", "Trail Run", 8.5, 3300),
    ]
    archive = tmp / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/activities.csv", strava_csv(csv_rows))
    fit = tmp / "watch.fit"
    fit.write_bytes(fit_file([(datetime(2026, 12, 2, 7, 0, tzinfo=UTC), 5000, 1500, 1)]))
    return [gpx, archive, fit]


def test_runs_import_dry_run_then_twice(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    paths = [str(p) for p in export_files(tmp_path)]
    status, out, _ = hipext(capsys, db, "runs", "import", *paths, "--dry-run")
    assert status == 0
    assert out.splitlines()[-1] == (
        "Dry run: would import 4 runs, 1 other activity left out; nothing written."
    )
    assert "Trail Run  8.5 km  55:00" in out
    assert not db.exists()

    status, out, _ = hipext(capsys, db, "runs", "import", *paths)
    assert (status, out) == (0, "Imported 4 runs, 1 other activity left out.\n")
    runs_file = db.with_name(db.name + ".d") / "runs.json"  # runs have a file of their own
    stored = json.loads(runs_file.read_text(encoding="utf-8"))["runs"]
    assert sorted(r["distance_km"] for r in stored.values()) == [5.0, 8.5, 10.02, 13.358]
    assert "runs" not in json.loads(db.read_text(encoding="utf-8"))

    status, out, _ = hipext(capsys, db, "runs", "import", *paths)
    assert out == "Imported 0 runs, 4 already in the store, 1 other activity left out.\n"
    assert len(json.loads(runs_file.read_text(encoding="utf-8"))["runs"]) == 4

    status, out, _ = hipext(capsys, db, "runs", "weeks", "--json")
    assert json.loads(out) == {"2026-11-23": 23.4, "2026-11-30": 13.5}


def test_one_bad_file_imports_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    good = export_files(tmp_path)
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"\x0e\x20junk")
    status, _, err = hipext(capsys, db, "runs", "import", *map(str, good), str(bad))
    assert status == 2
    assert err.startswith(f"hipext: {bad}: ")
    assert "not a readable FIT file" in err and "\n" not in err.strip()
    assert not db.exists()


def test_one_run_is_one_run(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    gpx = tmp_path / "one.gpx"
    gpx.write_text(gpx_text(datetime(2026, 11, 24, 7, 0, tzinfo=UTC), 40), encoding="utf-8")
    status, out, _ = hipext(capsys, db, "runs", "import", str(gpx), "--dry-run")
    assert out.splitlines()[-1] == "Dry run: would import 1 run; nothing written."
    status, out, _ = hipext(capsys, db, "runs", "import", str(gpx))
    assert (status, out) == (0, "Imported 1 run.\n")
