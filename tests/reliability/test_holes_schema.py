"""Hole 11: a month file from a newer hipext is refused like the main file, never rewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.holes import cli, make_store, month_file

pytestmark = pytest.mark.reliability


def test_month_files_carry_a_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    tables = json.loads(month_file(db).read_text())
    assert tables["meta"] == {"1": {"schema_version": 1}}


@pytest.mark.parametrize("version", [2, 99])
def test_a_newer_month_file_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: int
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)
    tables = json.loads(shard.read_text())
    tables["meta"] = {"1": {"schema_version": version}}
    shard.write_text(json.dumps(tables))
    before = shard.read_bytes()
    for argv in (["history"], ["log", "deadlift", "--reps", "5", "--at", "2026-03-10T09:00"]):
        status, _, err = cli(capsys, "--db", str(db), "--tz", "UTC", *argv)
        assert status == 1, err
        assert "sessions-2026-03.json" in err and "newer hipext" in err
        assert shard.read_bytes() == before


def test_a_bad_month_schema_version_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)
    tables = json.loads(shard.read_text())
    tables["meta"] = {"1": {"schema_version": "one"}}
    shard.write_text(json.dumps(tables))
    status, _, err = cli(capsys, "--db", str(db), "--tz", "UTC", "history")
    assert status == 1 and "schema_version" in err and "sessions-2026-03.json" in err
