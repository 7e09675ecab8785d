"""Runs from Strava exports, GPX and FIT files (all written here), and weekly km."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pendulum
import pytest

from hipext_tui.domain.runs import Run, weekly_km
from hipext_tui.domain.runs_formats import RunFileError, read_runs
from hipext_tui.domain.streaks import StreakRules
from hipext_tui.domain.workout import ValidationError
from tests.run_files import fit_file, gpx_text, strava_csv

START = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
ROWS = [
    ("101", "Nov 24, 2026, 7:00:00 AM", "Run", 10.02, 3000),
    ("102", "Nov 25, 2026, 6:30:00 PM", "Ride", 30.0, 4000),
    ("103", "Nov 29, 2026, 11:15:00 PM", "Trail Run", 8.5, 3300),
]


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_strava_csv_keeps_runs_in_metres(tmp_path: Path) -> None:
    got = read_runs(write(tmp_path / "activities.csv", strava_csv(ROWS)))
    assert [(r.kind, r.distance_km, r.moving_seconds) for r in got.runs] == [
        ("Run", 10.02, 3000),
        ("Trail Run", 8.5, 3300),
    ]
    assert got.runs[0].start == START
    assert got.runs[1].start == datetime(2026, 11, 29, 23, 15, tzinfo=UTC)
    assert got.skipped == 1


def test_folder_and_zip_give_the_same_runs_as_the_csv(tmp_path: Path) -> None:
    csv_runs = read_runs(write(tmp_path / "activities.csv", strava_csv(ROWS))).runs
    folder = tmp_path / "export_123"
    folder.mkdir()
    write(folder / "activities.csv", strava_csv(ROWS))
    archive = tmp_path / "export_123.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("activities.csv", strava_csv(ROWS))
        z.writestr("activities/101.gpx", "not read")
    ids = [r.id for r in csv_runs]
    assert [r.id for r in read_runs(folder).runs] == ids
    assert [r.id for r in read_runs(archive).runs] == ids
    assert len(set(ids)) == 2


def test_gpx_track(tmp_path: Path) -> None:
    path = write(tmp_path / "run.gpx", gpx_text(START, 121))
    (run,) = read_runs(path).runs
    assert run.start == START
    assert run.kind == "running"
    # 120 steps of 0.001 degree of latitude: about 13.3 km in an hour.
    assert 13.2 < run.distance_km < 13.4
    assert run.moving_seconds == 3600
    again = read_runs(write(tmp_path / "copy.gpx", gpx_text(START, 121))).runs
    assert again[0].id == run.id  # the same content is the same run, whatever its name


def test_gpx_ride_is_skipped(tmp_path: Path) -> None:
    got = read_runs(write(tmp_path / "ride.gpx", gpx_text(START, 10, kind="cycling")))
    assert (got.runs, got.skipped) == ((), 1)


def test_fit_sessions(tmp_path: Path) -> None:
    data = fit_file([(START, 10020.5, 3001.2, 1), (START, 20000, 3600, 2)])
    got = read_runs(write(tmp_path / "watch.fit", data))
    assert [(r.start, r.kind, r.distance_km, r.moving_seconds) for r in got.runs] == [
        (START, "running", 10.021, 3001)
    ]
    assert got.skipped == 1


def corrupt_crc(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0xFF])


BAD = [
    ("notes.txt", "hello", "not a Strava export, a GPX file or a FIT file"),
    ("activities.csv", "Name,Date\nx,y\n", "not a Strava activities.csv (no column Activity ID"),
    ("activities.csv", "", "empty file"),
    ("activities.csv", b"\xff\xfe\x00bad", "not UTF-8 text"),
    (
        "activities.csv",
        strava_csv([("1", "yesterday", "Run", 5, 1500)]),
        "line 2: Activity Date 'yesterday' is not a date",
    ),
    (
        "activities.csv",
        strava_csv(ROWS).replace("10020.0", "far"),
        "line 2: Distance 'far' is not a number",
    ),
    ("activities.csv", strava_csv(ROWS) + "104,short\n", "line 5: 2 fields, the header has 13"),
    ("run.gpx", "<gpx><trk>", "not a readable GPX file"),
    (
        "run.gpx",
        gpx_text(START, 3).replace("<time>", "<x>").replace("</time>", "</x>"),
        "track 1 has no timestamps",
    ),
    ("watch.fit", b".FIT but not", "not a readable FIT file"),
    ("watch.fit", corrupt_crc(fit_file([(START, 1000, 300, 1)])), "not a readable FIT file"),
    ("watch.fit", fit_file([]), "no session in this FIT file"),
    ("export.zip", b"PK\x03\x04 broken", "not a readable zip"),
    # Near year 1 (or 9999) the weeks of a zone far from UTC overflow: never stored.
    (
        "activities.csv",
        strava_csv([("201", "Nov 24, 0001, 7:00:00 AM", "Run", 5.0, 1500)]),
        "run 1 starts 0001-11-24T07:00:00+00:00, out of range (1900 to 2200)",
    ),
    ("run.gpx", gpx_text(START.replace(year=2250), 3), "out of range (1900 to 2200)"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[2][:40] for b in BAD])
def test_a_bad_file_is_one_line_naming_it(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(RunFileError) as caught:
        read_runs(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def test_missing_file_and_folder_without_export(tmp_path: Path) -> None:
    with pytest.raises(RunFileError, match="no such file"):
        read_runs(tmp_path / "gone.gpx")
    with pytest.raises(RunFileError, match=r"no activities\.csv in this folder"):
        read_runs(tmp_path)


def run_at(moment: datetime, km: float) -> Run:
    return Run(f"r{moment.isoformat()}", moment, "Run", km, 1800, "x")


@pytest.mark.parametrize(
    ("zone", "week_start", "day_start", "expected"),
    [
        ("UTC", "monday", 0, {date(2026, 11, 23): 10.0, date(2026, 11, 30): 5.5}),
        # Sunday 23:30 UTC is Monday 00:30 in Berlin: the next week there.
        ("Europe/Berlin", "monday", 0, {date(2026, 11, 23): 4.0, date(2026, 11, 30): 11.5}),
        # Weeks from Sunday: Sunday's run opens the second week.
        ("UTC", "sunday", 0, {date(2026, 11, 22): 4.0, date(2026, 11, 29): 11.5}),
        # A day starting at 4: Monday 01:00 UTC still counts for Sunday.
        ("UTC", "monday", 4, {date(2026, 11, 23): 15.5}),
    ],
)
def test_weekly_km_follows_zone_and_week_start(
    zone: str, week_start: str, day_start: int, expected: dict[date, float]
) -> None:
    runs = [
        run_at(datetime(2026, 11, 24, 7, 0, tzinfo=UTC), 4.0),
        run_at(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), 6.0),
        run_at(datetime(2026, 11, 30, 1, 0, tzinfo=UTC), 5.5),
    ]
    rules = StreakRules(pendulum.timezone(zone), day_start, week_start)
    assert weekly_km(runs, rules) == expected


def test_run_round_trip() -> None:
    run = run_at(START, 10.02)
    assert Run.from_dict(run.to_dict()) == run


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": None}, "run: 'id' is missing"),
        ({"distance_km": None}, "run: 'distance_km' is missing"),
        ({"start": None}, "run: 'start' is missing"),
        ({"moving_seconds": 10**400}, "run: 'moving_seconds' 1000000000... is out of range"),
    ],
)
def test_a_stored_run_missing_a_field_or_far_out_is_named_in_a_short_line(
    change: dict[str, object], message: str
) -> None:
    raw = Run("run-1", datetime(2025, 3, 1, 7, tzinfo=UTC), "Run", 10.0, 3000, "x").to_dict()
    raw.update(change)
    raw = {key: value for key, value in raw.items() if value is not None}
    with pytest.raises(ValidationError) as caught:
        Run.from_dict(raw)
    assert str(caught.value) == message
