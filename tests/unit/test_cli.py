"""The ``hipext`` command as a user types it: output, exit status, and what lands on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from hipext_tui.cli import main
from tests.cli_clock import pinned

NOW = pendulum.datetime(2026, 11, 25, 7, 30, tz="Europe/Paris")


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    yield from pinned(NOW)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "hipext.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse's --help, --version and usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def log(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "--tz", "Europe/Paris", "log", *argv)


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert (status, out.strip()) == (0, "hipext 0.1.0")
    for command in ("exercises", "log", "history", "streak", "rest", "add-exercise"):
        status, out, _ = run(capsys, command, "--help")
        assert status == 0
        assert f"usage: hipext {command}" in out


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hipext_tui", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == "hipext 0.1.0"


def test_unknown_command_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "lift")
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "invalid choice: 'lift'" in err


def test_exercises_lists_the_routine_in_order(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, _ = run(capsys, "--db", str(db), "exercises")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith(" 1. single-leg-glute-bridge")
    assert lines[4].startswith(" 5. barbell-romanian-deadlift")
    assert "Routine: Hip extension for runners" in out
    assert "Single-leg glute bridge: 3 x 10 per side, hold 2 s, rest 60 s" in out
    status, out, _ = run(capsys, "--db", str(db), "exercises", "--json")
    ids = [e["id"] for e in json.loads(out)["exercises"]]
    assert ids[:2] == ["single-leg-glute-bridge", "deadlift"]


def test_log_saves_the_set_and_prints_it(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, _ = log(capsys, db, "dead", "--reps", "10", "--weight", "16,5")
    assert status == 0
    assert out.startswith("Saved Deadlift: 10 reps x 16.5 kg, 2026-11-25 07:30")
    status, out, _ = run(capsys, "--db", str(db), "history", "--json")
    sessions = json.loads(out)["sessions"]
    assert len(sessions) == 1
    saved = sessions[0]["sets"][0]
    assert (saved["exercise_id"], saved["reps"], saved["weight"]) == ("deadlift", 10, 16.5)
    assert saved["at"] == "2026-11-25T07:30:00+01:00"


def test_sets_of_one_day_share_a_session(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    log(capsys, db, "single", "--reps", "10", "--side", "left")
    log(capsys, db, "single", "--reps", "10", "--side", "right", "--json")
    log(capsys, db, "deadlift", "--reps", "8", "--at", "2026-11-24T18:00")
    status, out, _ = run(capsys, "--db", str(db), "--tz", "Europe/Paris", "history")
    assert status == 0
    # A session that followed no routine is named by its exercises, as in the app, and
    # bodyweight work shows as reps, not "0 kg".
    assert "2026-11-24 18:00  Deadlift  1 set  8 reps\n" in out
    assert "  Single-leg glute bridge  2 sets  20 reps\n" in out
    assert "Free session" not in out and "0 kg" not in out
    assert "Single-leg glute bridge: 10 reps, left leg" in out
    status, out, _ = run(
        capsys, "--db", str(db), "--tz", "Europe/Paris", "history", "--since", "2026-11-25"
    )
    assert "2026-11-24" not in out
    assert out.count("Single-leg glute bridge: ") == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadlift", "--reps", "ten"], "reps: 'ten' is not a whole number (1 to 1000)"),
        (["deadlift", "--reps", "5", "--weight", "-2"], "weight: -2 is out of range"),
        (["single", "--reps", "5"], "one side at a time: add --side left|right"),
        (["deadlift", "--reps", "5", "--side", "left"], "uses both legs together"),
        (["squat", "--reps", "5"], "no exercise matches 'squat'"),
        (["bridge", "--reps", "5"], "'bridge' is ambiguous"),
        (["deadlift", "--reps", "5", "--at", "2027-01-01T10:00"], "is in the future"),
        (["deadlift", "--reps", "5", "--at", "soon"], "--at: 'soon' is not an ISO-8601"),
        (["deadlift", "--reps", "5", "--at", "0001-01-01"], "is before 1900"),
        (["deadlift", "--reps", "5", "--unit", "st"], "unit: 'st' is not kg or lb"),
        (["deadlift"], "the following arguments are required: --reps"),
    ],
)
def test_bad_log_input_is_one_line_exit_2_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str], message: str
) -> None:
    status, out, err = log(capsys, db, *argv)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    _, out, _ = run(capsys, "--db", str(db), "history", "--json")
    assert json.loads(out)["sessions"] == []


def test_streak_json_has_exactly_the_documented_keys(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    for day in ("2026-11-22", "2026-11-23", "2026-11-25"):
        log(capsys, db, "deadlift", "--reps", "8", "--at", f"{day}T07:00")
    run(capsys, "--db", str(db), "rest", "--on", "2026-11-24")
    status, out, _ = run(capsys, "--db", str(db), "streak", "--json", "--tz", "Europe/Paris")
    assert status == 0
    data = json.loads(out)
    assert set(data) == {
        "current_days",
        "longest_days",
        "current_weeks",
        "longest_weeks",
        "weekly_goal",
        "last_workout",
        "as_of",
        "timezone",
        "paused_days",
        "days_until_break",
    }
    # The rest day on the 24th bridges the 23rd and the 25th without adding to the count.
    assert data["current_days"] == 3
    assert data["last_workout"] == "2026-11-25"
    assert data["as_of"] == "2026-11-25"
    assert data["timezone"] == "Europe/Paris"
    assert (data["paused_days"], data["days_until_break"]) == (0, 1)  # trained today


def test_streak_as_of_ignores_later_sets(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for day in ("2026-11-20", "2026-11-21", "2026-11-25"):
        log(capsys, db, "deadlift", "--reps", "8", "--at", f"{day}T07:00")
    status, out, _ = run(
        capsys, "--db", str(db), "streak", "--json", "--as-of", "2026-11-21", "--tz", "UTC"
    )
    data = json.loads(out)
    assert (data["current_days"], data["last_workout"], data["as_of"]) == (
        2,
        "2026-11-21",
        "2026-11-21",
    )
    status, out, _ = run(capsys, "--db", str(db), "--tz", "UTC", "streak", "--weekly-goal", "1")
    assert status == 0
    assert "Current streak: 1 day (longest 2)" in out
    assert "Weekly goal 1 days: 2 weeks in a row" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["streak", "--as-of", "yesterday"], "--as-of: 'yesterday' is not a date (YYYY-MM-DD)"),
        (["streak", "--tz", "Mars/Base"], "timezone: 'Mars/Base' is not a known IANA zone"),
        (["streak", "--weekly-goal", "0"], "weekly goal: 0 is out of range (1 to 7)"),
        (["streak", "--week-start", "friday"], "week start: 'friday' is not monday or sunday"),
        (["streak", "--day-start-hour", "24"], "day start hour: 24 is out of range (0 to 23)"),
        (["rest", "--on", "2026-13-01"], "--on: '2026-13-01' is not a date"),
        (["rest", "--remove", "--on", "2026-11-01"], "2026-11-01 is not a planned rest day"),
        (["history", "--since", "last week"], "--since: 'last week' is not a date"),
        # Near year 1 or 9999 the days around it overflow (was an internal error, exit 70).
        (["rest", "--on", "0001-01-02"], "--on: 0001-01-02 is out of range (1900 to 2200)"),
        (["rest", "--on", "9999-12-31"], "--on: 9999-12-31 is out of range (1900 to 2200)"),
    ],
)
def test_bad_flags_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, "--db", str(db), *argv)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_rest_day_can_be_planned_and_removed(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, _ = run(capsys, "--db", str(db), "--tz", "UTC", "rest")
    assert (status, out.strip()) == (
        0,
        "Planned a rest day on 2026-11-25: it will not break your streak.",
    )
    status, out, _ = run(capsys, "--db", str(db), "rest", "--remove", "--on", "2026-11-25")
    assert (status, out.strip()) == (0, "Removed the rest day on 2026-11-25.")


@pytest.mark.parametrize(
    "content",
    [b"", b'{"_meta": {', b"not json at all", b"[1, 2, 3]", b"\xff\xfe\x00garbage"],
    ids=["empty", "truncated", "not-json", "wrong-shape", "not-utf8"],
)
def test_a_broken_store_exits_1_and_is_left_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "hipext.json"
    path.write_bytes(content)
    for argv in (["history"], ["log", "deadlift", "--reps", "5"], ["streak", "--json"]):
        status, out, err = run(capsys, "--db", str(path), *argv)
        assert status == 1
        assert str(path) in err
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in err + out
    assert path.read_bytes() == content


def test_store_location_comes_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.json"
    monkeypatch.setenv("HIPEXT_DB", str(path))
    status, _, _ = run(capsys, "--tz", "UTC", "log", "deadlift", "--reps", "5")
    assert status == 0
    assert path.exists()


def test_custom_exercises_are_added_used_and_removed(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, _ = run(
        capsys, "--db", str(db), "add-exercise", "Hip thrust", "--step", "Back on a bench."
    )
    assert (status, out.strip()) == (0, "Added Hip thrust (hip-thrust), both legs together.")
    status, out, _ = log(capsys, db, "hip", "--reps", "8", "--weight", "60")
    assert status == 0 and out.startswith("Saved Hip thrust: 8 reps x 60 kg")
    _, out, _ = run(capsys, "--db", str(db), "exercises")
    assert " 6. hip-thrust" in out and "(yours)" in out
    status, _, err = run(capsys, "--db", str(db), "add-exercise", "Deadlift")
    assert status == 2 and "the id 'deadlift' exists already" in err
    status, _, err = run(capsys, "--db", str(db), "remove-exercise", "deadlift")
    assert status == 2 and "is built in and cannot be deleted" in err
    status, _, err = run(capsys, "--db", str(db), "remove-exercise", "squat")
    assert status == 2 and "'squat' is not one of your exercises" in err
    status, _, err = run(capsys, "--db", str(db), "remove-exercise", "hip-thrust")
    assert status == 2 and "has sets in 1 session(s); it is kept" in err
    run(capsys, "--db", str(db), "add-exercise", "Step up", "--sides", "each")
    status, out, _ = run(capsys, "--db", str(db), "remove-exercise", "step-up")
    assert (status, out.strip()) == (0, "Removed Step up (step-up).")
    _, out, _ = run(capsys, "--db", str(db), "exercises", "--json")
    ids = [e["id"] for e in json.loads(out)["exercises"]]
    assert "step-up" not in ids and "hip-thrust" in ids


def test_export_refuses_to_overwrite_the_store(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    log(capsys, db, "deadlift", "--reps", "5")
    before = db.read_bytes()
    for target in (db, db.with_name(db.name + ".d") / "x.json"):
        status, _, err = run(capsys, "--db", str(db), "export", "-o", str(target))
        assert status == 2 and "is part of the store" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "at", ["2026-10-25T02:30", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00"]
)
def test_a_set_in_the_hour_repeated_when_clocks_go_back_is_saved(
    capsys: pytest.CaptureFixture[str], db: Path, at: str
) -> None:
    status, out, err = log(capsys, db, "deadlift", "--reps", "5", "--at", at)
    assert (status, err) == (0, "")
    _, out, _ = run(capsys, "--db", str(db), "history", "--json")
    saved = json.loads(out)["sessions"][0]["sets"][0]["at"]
    assert saved.startswith("2026-10-25T02:30:00+0")


def test_a_set_from_earlier_in_the_day_moves_the_session_start(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    log(capsys, db, "deadlift", "--reps", "5", "--at", "2026-11-24T18:00")
    status, out, _ = log(capsys, db, "deadlift", "--reps", "6", "--at", "2026-11-24T09:00+00:00")
    assert status == 0
    assert ", 2026-11-24 10:00 (session" in out  # shown in the user's zone (Paris)
    _, out, _ = run(capsys, "--db", str(db), "--tz", "Europe/Paris", "history")
    lines = out.splitlines()
    assert lines[0] == "2026-11-24 10:00  Deadlift  2 sets  11 reps"
    assert lines[1].startswith("  10:00  Deadlift: 6 reps")
    assert lines[2].startswith("  18:00  Deadlift: 5 reps")


def test_rest_on_a_day_with_training_is_refused_unless_forced(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    base = ("--db", str(db), "--tz", "UTC")
    run(capsys, *base, "log", "deadlift", "--reps", "10", "--at", "2026-11-24T07:30")
    status, _, err = run(capsys, *base, "rest", "--on", "2026-11-24")
    assert status == 2
    assert err.strip().endswith(
        "2026-11-24 has training logged (1 set); add --force to plan a rest day anyway"
    )
    status, out, _ = run(capsys, *base, "rest", "--on", "2026-11-24", "--force")
    assert (status, out.strip()) == (
        0,
        "Planned a rest day on 2026-11-24: it will not break your streak.",
    )


def test_history_in_lb_shows_every_weight_in_lb_rounded_to_a_pound(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    base = ("--db", str(db), "--tz", "UTC")
    run(capsys, *base, "log", "deadlift", "--reps", "10", "--weight", "18", "--unit", "kg",
        "--at", "2026-11-24T07:30")  # fmt: skip
    from hipext_tui.domain.settings import Settings
    from hipext_tui.domain.workout import Unit
    from hipext_tui.store.tinydb_store import Store
    from hipext_tui.workouts import Workouts

    store = Store.open(db)
    Workouts.load(store).apply_settings(Settings(unit=Unit.LB))
    store.close()
    status, out, _ = run(capsys, *base, "history")
    assert status == 0
    assert "Deadlift: 10 reps x 40 lb" in out  # 18 kg is 39.68 lb, shown to the pound
    assert " kg" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "~0"],
        ["runs", "import", "~0/activities.csv"],
        ["export", "-o", "~0/out.json"],
        ["--db", "~0/h.json", "streak"],
        ["--db", "~0/h.json", "log", "deadlift", "--reps", "5"],
    ],
)
def test_a_tilde_for_an_unknown_home_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str]
) -> None:
    if argv[0] != "--db":
        argv = ["--db", str(db), *argv]
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err == "hipext: ~0: no such home directory\n"
    assert not db.exists()
