"""Hole 4: a hand-edited month file is checked with the ranges a user's input is held to.

A bad value gives one line naming the month file, the session and the field, exit 1,
and the file is left as it is; nothing crashes (exit 70) or slips through to an export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.holes import cli, make_store, month_file

pytestmark = pytest.mark.reliability

BAD_VALUES = [
    ("weight", 1e308),
    ("weight", -5),
    ("reps", 10**30),
    ("reps", 0),
    ("rpe", 11),
    ("seconds", -1),
    ("seconds", 10**6),
]


def _edit(path: Path, change: Any) -> None:
    tables = json.loads(path.read_text())
    doc = next(iter(tables["sessions"].values()))
    change(doc)
    path.write_text(json.dumps(tables))


@pytest.mark.parametrize(("field", "value"), BAD_VALUES)
@pytest.mark.parametrize("command", ["history", "export", "streak"])
def test_an_out_of_range_stored_value_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, field: str, value: Any
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)
    _edit(shard, lambda doc: doc["sets"][0].update({field: value}))
    before = shard.read_bytes()
    argv = ["--db", str(db), "--tz", "UTC", command]
    if command == "export":
        argv += ["-o", str(tmp_path / "out.json")]
    status, out, err = cli(capsys, *argv)
    assert status == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "sessions-2026-03.json" in lines[0]
    assert "ses-0" in lines[0]
    assert f"'{field}'" in lines[0]
    assert shard.read_bytes() == before
    assert not (tmp_path / "out.json").exists()


def test_a_set_that_is_not_an_object_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)

    def to_list(doc: dict[str, Any]) -> None:
        doc["sets"][0] = [1, 2]

    _edit(shard, to_list)
    for command in ("history", "streak", "exercises"):
        status, _, err = cli(capsys, "--db", str(db), "--tz", "UTC", command)
        if command == "exercises":
            assert status == 0  # the catalog does not read the sessions
            continue
        assert status == 1, err
        assert "sessions-2026-03.json" in err and "ses-0" in err and "set 1" in err


def test_a_log_into_a_bad_month_is_refused_and_leaves_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)
    _edit(shard, lambda doc: doc["sets"][0].update({"rpe": 11}))
    before = shard.read_bytes()
    status, _, err = cli(
        capsys, "--db", str(db), "--tz", "UTC", "log", "deadlift", "--reps", "5",
        "--at", "2026-03-10T08:00",
    )  # fmt: skip
    assert status == 1, err
    assert "ses-0" in err and "'rpe'" in err
    assert shard.read_bytes() == before


async def test_the_app_names_the_month_file(tmp_path: Path) -> None:
    from hipext_tui.ui.app import make_app

    db = tmp_path / "h.json"
    make_store(db).close()
    _edit(month_file(db), lambda doc: doc["sets"][0].update({"weight": 1e308}))
    app = make_app(db, tz_name="UTC")
    async with app.run_test() as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.error_message:
                break
    assert app.error_message is not None
    assert "sessions-2026-03.json" in app.error_message
    assert str(db) + ":" not in app.error_message
    assert "ses-0" in app.error_message and "'weight'" in app.error_message
