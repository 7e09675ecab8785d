"""Runs live in ``<store>.d/runs.json``; a store that kept them in its main file (older
hipext) shows them at once and has them moved by its next write, all or nothing."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hipext_tui.domain.runs import Run
from hipext_tui.store import files
from hipext_tui.store.tinydb_store import Store, StoreError

RUNS = [
    Run(f"run-{n}", datetime(2026, 11, 1 + n, 7, 0, tzinfo=UTC), "Run", 5.0 + n, 1800, "a.csv")
    for n in range(3)
]


def legacy_store(db: Path, runs: list[Run]) -> None:
    """A store as older hipext wrote it: the runs in the main file's 'runs' table."""
    store = Store.open(db)
    store.add_rest_day(date(2026, 11, 2))
    store.close()
    tables = json.loads(db.read_text())
    tables["runs"] = {str(n + 1): run.to_dict() for n, run in enumerate(runs)}
    db.write_text(json.dumps(tables))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def runs_file(db: Path) -> Path:
    return db.with_name(db.name + ".d") / "runs.json"


def test_new_runs_go_to_their_own_file_not_the_main_one(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    store = Store.open(db)
    assert store.add_runs(RUNS) == 3
    assert "runs" not in json.loads(db.read_text())
    assert len(json.loads(runs_file(db).read_text())["runs"]) == 3
    assert Store.open(db).runs() == RUNS


def test_old_runs_are_read_at_once_and_moved_by_the_next_write(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    legacy_store(db, RUNS[:2])
    before = snapshot(tmp_path)
    store = Store.open(db)
    assert store.runs() == RUNS[:2]
    assert snapshot(tmp_path) == before  # reading moved nothing
    store.add_rest_day(date(2026, 11, 9))  # any write
    assert "runs" not in json.loads(db.read_text())
    assert [d["id"] for d in json.loads(runs_file(db).read_text())["runs"].values()] == [
        "run-0",
        "run-1",
    ]
    assert Store.open(db).runs() == RUNS[:2]
    assert Store.open(db).rest_days() == {date(2026, 11, 2), date(2026, 11, 9)}


def test_adding_runs_to_an_old_store_keeps_each_run_once(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    legacy_store(db, RUNS[:2])
    assert Store.open(db).add_runs(RUNS[1:]) == 1  # run-1 is held (in the old table)
    assert Store.open(db).runs() == RUNS
    assert len(json.loads(runs_file(db).read_text())["runs"]) == 3


def test_a_bad_old_run_is_named_and_stays_while_other_writes_go_on(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    legacy_store(db, RUNS[:1])
    tables = json.loads(db.read_text())
    tables["runs"]["1"]["distance_km"] = -4
    db.write_text(json.dumps(tables))
    store = Store.open(db)
    with pytest.raises(StoreError, match=r"h\.json: run 1: run: 'distance_km' -4 is out of range"):
        store.runs()
    store.add_rest_day(date(2026, 11, 9))
    assert json.loads(db.read_text())["runs"]["1"]["distance_km"] == -4


def test_a_move_cut_short_is_finished_by_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.json"
    legacy_store(db, RUNS)
    real_replace = os.replace
    calls: list[str] = []

    def dies_at_the_second_file(src: str, dst: str) -> None:
        calls.append(str(dst))
        # The journal is renamed first, then the files of the write one by one.
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", dies_at_the_second_file)
    with pytest.raises(StoreError, match="half done"):
        Store.open(db).add_rest_day(date(2026, 11, 9))
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert db.with_name("h.json.commit").exists()
    store = Store.open(db)
    assert store.runs() == RUNS
    assert "runs" not in json.loads(db.read_text())
    assert date(2026, 11, 9) in store.rest_days()
    assert not db.with_name("h.json.commit").exists()


@pytest.mark.parametrize("table", [[], "", 0, None])
def test_a_runs_table_of_the_wrong_kind_is_named_even_when_it_looks_empty(
    tmp_path: Path, table: object
) -> None:
    """A store with no runs reads none without parsing anything; a runs table that is
    not an object (even an empty list) is still an error that names the file."""
    db = tmp_path / "hipext.json"
    store = Store.open(db)
    store.add_runs(RUNS[:1])
    assert [r.id for r in store.runs()] == ["run-0"]
    store.close()
    path = runs_file(db)
    tables = json.loads(path.read_text())
    tables["runs"] = table
    path.write_text(json.dumps(tables))
    with pytest.raises(StoreError, match=r"runs\.json"):
        Store.open(db).runs()
    assert Store.open(tmp_path / "none.json").runs() == []
