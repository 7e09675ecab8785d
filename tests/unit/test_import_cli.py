"""``hipext import`` end to end: what the user reads and what ends up on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hipext_tui.cli import main
from hipext_tui.commands.transfer import ProgressBar
from hipext_tui.domain.workout import SetEntry, SetType, Side, Unit
from hipext_tui.store.tinydb_store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STRONG_REAL = FIXTURES / "strong_export.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (the store is a main file plus monthly shards)."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "hipext.json"


def stored_sets(db: Path) -> list[SetEntry]:
    store = Store.open(db)
    try:
        return [s for session in store.sessions() for s in session.sets]
    finally:
        store.close()


def test_real_strong_import_then_again(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, err = run(capsys, "import", STRONG_REAL, "--db", db, "--tz", "Europe/Budapest")
    assert (status, err) == (0, "")
    assert "Strong CSV (comma, 2023-24): strong_export.csv" in out
    assert "workouts  95 (95 new, 0 already in the store)" in out
    assert "sets      1,342 from 1,343 rows" in out
    assert "skipped   1 row: empty set (no reps, time or distance)" in out
    assert "dates     2023-10-08 to 2024-04-18 (times read in Europe/Budapest)" in out
    assert "new exercises (40):" in out
    assert "    Deadlift (Barbell) [deadlift-barbell]" in out
    assert out.rstrip().endswith("Imported 95 workouts with 1,342 sets and 40 new exercises.")

    store = Store.open(db)
    try:
        assert len(store.sessions()) == 95
        assert store.count_sets() == 1342
        assert len(store.custom_exercises()) == 40
    finally:
        store.close()

    before = snapshot(db.parent)
    status, out, err = run(capsys, "import", STRONG_REAL, "--db", db, "--tz", "Europe/Budapest")
    assert (status, err) == (0, "")
    assert "workouts  95 (0 new, 95 already in the store)" in out
    assert "new exercises" not in out
    assert out.rstrip().endswith("Nothing new to import.")
    assert snapshot(db.parent) == before


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, _ = run(capsys, "import", FIXTURES / "hevy_kg.csv", "--db", db, "--dry-run")
    assert status == 0
    assert "workouts  2 (2 new, 0 already in the store)" in out
    assert "mapped    Romanian Deadlift (Dumbbell) -> barbell-romanian-deadlift" in out
    assert "    Plank [plank]" in out
    assert out.rstrip().endswith("Dry run: nothing was written.")
    assert not db.parent.exists()  # not even an empty store is created

    run(capsys, "import", FIXTURES / "strong_2025.csv", "--db", db, "--tz", "UTC")
    before = snapshot(db.parent)
    status, out, _ = run(capsys, "import", FIXTURES / "hevy_kg.csv", "--db", db, "--dry-run")
    assert status == 0 and "Dry run" in out
    assert snapshot(db.parent) == before


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("strong_bad_reps.csv", "strong_bad_reps.csv line 4: reps 'abc' is not a whole number"),
        ("strong_decimal_reps.csv", "strong_decimal_reps.csv line 4: reps '12.5'"),
        ("strong_bad_date.csv", "strong_bad_date.csv line 3: date '08/10/2023 at 3pm'"),
        ("strong_short_row.csv", "strong_short_row.csv line 4: 5 cells"),
        ("strong_missing_column.csv", "strong_missing_column.csv: looks like a Strong"),
        ("unknown_header.csv", "unknown_header.csv: unknown header"),
        ("empty.csv", "empty.csv: the file is empty"),
        ("not_utf8.csv", "not_utf8.csv: not UTF-8 text"),
    ],
)
def test_malformed_file_changes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, fixture: str, message: str
) -> None:
    run(capsys, "import", FIXTURES / "strong_2025.csv", "--db", db, "--tz", "UTC")
    before = snapshot(db.parent)
    status, out, err = run(capsys, "import", FIXTURES / fixture, "--db", db, "--tz", "UTC")
    assert status == 2
    assert out == ""
    assert err.startswith(f"hipext: {message}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert snapshot(db.parent) == before


def test_bad_row_late_in_a_big_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    lines = STRONG_REAL.read_text(encoding="utf-8").splitlines()
    lines[1200] = lines[1200].replace(",0,0,,,0", ",0,zero,,,0")
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, err = run(capsys, "import", broken, "--db", db)
    assert status == 2
    assert err == "hipext: broken.csv line 1201: seconds 'zero' is not a number\n"
    assert not db.parent.exists()  # not even an empty store was created


def test_unreadable_inputs(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    status, _, err = run(capsys, "import", tmp_path / "nope.csv", "--db", db)
    assert (status, err) == (2, f"hipext: {tmp_path / 'nope.csv'}: no such file\n")
    status, _, err = run(capsys, "import", tmp_path, "--db", db)
    assert status == 2 and "is a directory" in err
    good = FIXTURES / "hevy_kg.csv"
    status, _, err = run(capsys, "import", good, "--db", db, "--tz", "Mars/Olympus")
    assert status == 2 and err.startswith("hipext: --tz: ") and err.count("\n") == 1
    status, _, err = run(capsys, "import", good, "--db", db, "--unit", "stone")
    assert status == 2 and err.startswith("hipext: --unit: ")
    status, _, err = run(capsys, "import", good, "--db", db, "--format", "strong")
    assert status == 2 and "header is that of a Hevy CSV (kg) export" in err


def test_each_format_lands_in_the_store(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for name in ("strong_semicolon.csv", "strong_2025.csv", "hevy_kg.csv", "hevy_lb.csv"):
        status, _, err = run(capsys, "import", FIXTURES / name, "--db", db, "--tz", "Europe/Berlin")
        assert (status, err) == (0, "")
    status, _, _ = run(capsys, "import", FIXTURES / "hipext.csv", "--db", db)
    assert status == 0
    sets = stored_sets(db)
    assert len(sets) == 7 + 9 + 7 + 3 + 5
    warmups = [s for s in sets if s.set_type is SetType.WARMUP]
    assert len(warmups) == 5  # one in each file
    bridges = [s for s in sets if s.exercise_id == "single-leg-glute-bridge"]
    assert {s.side for s in bridges} == {Side.NONE, Side.LEFT, Side.RIGHT}
    assert {s.unit for s in sets if s.exercise_id == "leg-press-machine"} == {Unit.LB}


def test_custom_exercise_is_created_once(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "import", FIXTURES / "strong_semicolon.csv", "--db", db)
    status, out, _ = run(capsys, "import", FIXTURES / "hevy_kg.csv", "--db", db)
    assert status == 0
    # Plank came with the Strong file; Hevy's Plank sets join it.
    assert "    Plank [plank]" not in out
    store = Store.open(db)
    try:
        ids = sorted(e.id for e in store.custom_exercises())
    finally:
        store.close()
    assert ids == ["bulgarian-split-squat-dumbbell", "hip-thrust-barbell", "plank"]


def test_progress_bar_redraws_sparingly() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, total=10_000, label="Reading x.csv", width=10)
    for line in range(0, 10_001, 10):
        bar.update(line)
    assert stream.getvalue().count("\r") == 101  # once per percent, not per call
    assert stream.getvalue().endswith("Reading x.csv [##########] 100%")
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_names_without_letters_never_share_an_exercise(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    header = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,"
        "Distance,Seconds,Notes,Workout Notes,RPE\n"
    )
    first = tmp_path / "a.csv"
    first.write_text(header + '2024-01-01 10:00:00,"A",30m,"!!!",1,10,5,0,0,,,0\n')
    second = tmp_path / "b.csv"
    second.write_text(
        header
        + '2024-01-02 10:00:00,"B",30m,"???",1,10,5,0,0,,,0\n'
        + '2024-01-02 10:00:00,"B",30m,"!!!",2,10,5,0,0,,,0\n'
    )
    assert run(capsys, "--db", db, "import", first)[0] == 0
    assert run(capsys, "--db", db, "import", second)[0] == 0
    store = Store.open(db)
    names = {e.id: e.name for e in store.custom_exercises()}
    assert sorted(names.values()) == ["!!!", "???"]
    by_name = {name: ex_id for ex_id, name in names.items()}
    sets = [s for session in store.sessions() for s in session.sets]
    assert sorted(s.exercise_id for s in sets) == sorted(
        [by_name["!!!"], by_name["!!!"], by_name["???"]]
    )


def hipext_bundle(sessions: list[dict[str, object]], runs: list[dict[str, object]]) -> str:
    import json

    return json.dumps({"format": "hipext", "version": 1, "sessions": sessions, "runs": runs})


def bundle_session(at: str) -> dict[str, object]:
    entry = {"id": "set-far", "exercise_id": "deadlift", "side": "none", "reps": 10,
             "weight": 16.0, "unit": "kg", "seconds": None, "rpe": None,
             "set_type": "working", "at": at}  # fmt: skip
    return {"id": "ses-far", "start": at, "end": None, "routine_id": None, "notes": "",
            "skipped": [], "sets": [entry]}  # fmt: skip


def bundle_run(at: str) -> dict[str, object]:
    return {"id": "run-far", "start": at, "type": "Run", "distance_km": 10.0,
            "moving_seconds": 3000, "source": "x.csv"}  # fmt: skip


@pytest.mark.parametrize(
    ("sessions", "runs", "message"),
    [
        ([bundle_session("9999-12-31T23:00:00+00:00")], [], "session 1: 'start': "),
        ([], [bundle_run("0001-01-01T00:00:00+00:00")], "run 1: run: start "),
        ([], [bundle_run("9999-12-31T23:00:00+00:00")], "run 1: run: start "),
    ],
)
def test_a_bundle_dated_out_of_range_is_refused_and_the_store_still_reads(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    sessions: list[dict[str, object]],
    runs: list[dict[str, object]],
    message: str,
) -> None:
    """A hand-made hipext JSON dated near year 1 or 9999 once landed, and then ``hipext
    streak``, ``history`` and ``runs weeks`` in a zone far from UTC failed (exit 70)."""
    run(capsys, "import", FIXTURES / "strong_2025.csv", "--db", db, "--tz", "UTC")
    before = snapshot(db.parent)
    bundle = tmp_path / "far.json"
    bundle.write_text(hipext_bundle(sessions, runs))
    status, out, err = run(capsys, "import", bundle, "--db", db)
    assert (status, out) == (2, "")
    assert err.startswith(f"hipext: far.json: {message}") and "out of range" in err
    assert err.count("\n") == 1
    assert snapshot(db.parent) == before
    for command in (["streak"], ["history"], ["runs", "weeks"]):
        status, _out, err = run(capsys, "--db", db, "--tz", "Pacific/Kiritimati", *command)
        assert (status, err) == (0, ""), command


STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
)


@pytest.mark.parametrize(
    ("when", "imported"),
    [
        ("2026-03-12 18:00:00", True),  # a few hours after the pinned now: a clock off
        ("2026-03-14 09:00:00", False),  # two days on
        ("2031-01-01 09:00:00", False),  # another year
    ],
)
def test_an_import_refuses_workouts_after_now(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, when: str, imported: bool
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from hipext_tui.commands import common

    csv = tmp_path / "strong.csv"
    csv.write_text(
        STRONG_HEADER
        + '2026-03-01 07:00:00,"A",30m,"Deadlift (Barbell)",1,50.0,8,0,0,,,0\n'
        + f'{when},"B",30m,"Deadlift (Barbell)",1,50.0,8,0,0,,,0\n'
    )
    common.set_clock(lambda tz: datetime(2026, 3, 12, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    try:
        status, out, err = run(capsys, "import", csv, "--db", db, "--tz", "Europe/Berlin")
    finally:
        common.set_clock(None)
    if imported:
        assert (status, err) == (0, "")
        assert len(stored_sets(db)) == 2
        return
    assert status == 2 and out == ""
    assert err.strip() == (
        f"hipext: strong.csv: the workout of {when[:16]} has a time after now "
        f"({when[:16]}); check the dates in the file, or this machine's clock"
    )
    assert not db.exists()  # nothing written, not even an empty store
