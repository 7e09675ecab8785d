"""``hipext status``: the one line a prompt shows, across weeks, DST and rest days."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

import pendulum
import pytest

from hipext_tui.cli import main
from hipext_tui.commands import common

ZONE = "Europe/Paris"
_now = {"at": pendulum.datetime(2026, 11, 25, 7, 30, tz=ZONE)}


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    def clock(tz: tzinfo) -> datetime:
        return _now["at"].in_timezone(tz)  # type: ignore[arg-type]

    at("2026-12-31T12:00")  # after every set the tests log; each test then sets "now"
    common.set_clock(clock)
    yield
    common.set_clock(None)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "hipext.json"


def at(text: str) -> None:
    _now["at"] = pendulum.parse(text, tz=ZONE)  # type: ignore[assignment]


def hipext(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(["--db", str(db), "--tz", ZONE, *argv])
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def train(capsys: pytest.CaptureFixture[str], db: Path, *moments: str) -> None:
    for moment in moments:
        status, _, err = hipext(capsys, db, "log", "deadlift", "--reps", "10", "--at", moment)
        assert status == 0, err


def status_line(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    status, out, err = hipext(capsys, db, "status", *argv)
    assert (status, err) == (0, "")
    return out.rstrip("\n")


def test_across_a_week_boundary(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    # Saturday and Sunday keep the week that ends on Sunday; Monday starts a new one.
    train(capsys, db, "2026-11-21T09:00", "2026-11-22T09:00")
    at("2026-11-22T20:00")
    assert status_line(capsys, db) == "hip: 2 days · week 2/2 ✓ · last today"
    at("2026-11-23T07:00")
    assert status_line(capsys, db) == (
        "hip: 2 days (train today) · week 0/2 (2 more by Sun) · last Sun"
    )
    assert status_line(capsys, db, "--format", "{weeks} {week_done}/{week_goal} {due}") == (
        "1 0/2 2"
    )
    fields = json.loads(status_line(capsys, db, "--json"))
    assert fields["due_by"] == "Sun" and fields["last_date"] == "2026-11-22"


def test_across_the_autumn_dst_change(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    # Paris leaves summer time at 03:00 on Sunday 25 October 2026. A set at 00:30 that
    # night is Sunday's (22:30 UTC on Saturday), and 23:30 that Sunday is still Sunday.
    train(capsys, db, "2026-10-24T09:00", "2026-10-25T00:30", "2026-10-25T23:30")
    at("2026-10-26T07:00")
    fields = json.loads(status_line(capsys, db, "--json"))
    assert fields["days"] == 2
    assert fields["weeks"] == 1
    assert fields["week_done"] == 0
    assert fields["last"] == "Sun"
    assert fields["as_of"] == "2026-10-26"
    at("2026-10-25T23:59")
    assert status_line(capsys, db) == "hip: 2 days · week 2/2 ✓ · last today"


def test_a_rest_day_keeps_the_streak(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    train(capsys, db, "2026-11-23T08:00")  # Monday
    hipext(capsys, db, "rest", "--on", "2026-11-24")  # Tuesday
    at("2026-11-24T20:00")
    # Resting today: nothing is due today.
    assert status_line(capsys, db) == "hip: 1 day · week 1/2 (1 more by Sun) · last Mon"
    at("2026-11-25T07:00")
    assert status_line(capsys, db) == (
        "hip: 1 day (train today) · week 1/2 (1 more by Sun) · last Mon"
    )
    at("2026-11-26T07:00")  # Wednesday was missed: the streak is gone
    assert status_line(capsys, db).startswith("hip: 0 days · week 1/2")


def test_agrees_with_streak_for_a_streak_longer_than_the_window(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    start = pendulum.datetime(2026, 8, 1, 8, tz=ZONE)
    train(capsys, db, *(start.add(days=d).isoformat() for d in range(116)))
    at("2026-11-24T20:00")
    _, out, _ = hipext(capsys, db, "streak", "--json")
    streak = json.loads(out)
    fields = json.loads(status_line(capsys, db, "--json"))
    assert (fields["days"], fields["weeks"]) == (
        streak["current_days"],
        streak["current_weeks"],
    )
    assert fields["days"] == 116


def test_missing_store_prints_nothing(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert hipext(capsys, db, "status") == (0, "", "")
    assert not db.exists()


def test_unreadable_store_is_a_note_on_stderr(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    db.parent.mkdir()
    db.write_text("{not json", encoding="utf-8")
    status, out, err = hipext(capsys, db, "status")
    assert (status, out) == (0, "")
    assert err.startswith("hipext status: ") and len(err.splitlines()) == 1
    assert db.read_text(encoding="utf-8") == "{not json"


def test_a_bad_template_is_a_note(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    train(capsys, db, "2026-11-23T08:00")
    status, out, err = hipext(capsys, db, "status", "--format", "{streak}")
    assert (status, out, err) == (0, "", "hipext status: --format: no field {streak}\n")


def test_runs_without_textual_while_a_writer_holds_the_lock(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    train(capsys, db, "2026-11-23T08:00")
    code = (
        "import sys\n"
        "from hipext_tui.cli import main\n"
        f"main(['--db', {str(db)!r}, 'status', '--as-of', '2026-11-23', '--format', '{{days}}'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('hipext_tui.ui')))\n"
    )
    with open(db.with_name(db.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            env=os.environ | {"NO_COLOR": "1"},
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["1", "[]"]


def test_a_pause_keeps_the_streak_as_streak_does(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    train(capsys, db, "2026-11-20T08:00", "2026-11-21T08:00")  # Friday, Saturday
    status, _, err = hipext(capsys, db, "pause", "--from", "2026-11-22", "--to", "2026-11-26")
    assert status == 0, err
    at("2026-11-25T20:00")  # Wednesday, inside the trip
    _, out, _ = hipext(capsys, db, "streak", "--json")
    streak = json.loads(out)
    fields = json.loads(status_line(capsys, db, "--json"))
    assert streak["current_days"] == 2
    assert fields["days"] == streak["current_days"]
    assert fields["days_until_break"] == streak["days_until_break"]
    assert fields["paused_today"] is True
    # Paused today: the line asks for nothing today.
    assert status_line(capsys, db).startswith("hip: 2 days · week")
