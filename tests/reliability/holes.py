"""Shared helpers for the hole tests: a small store on disk and the CLI as a user runs it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipext_tui.cli import main
from hipext_tui.domain.workout import Session, SetEntry, Side
from hipext_tui.store.tinydb_store import Store

START = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)


def make_store(db: Path, sessions: int = 1, sets: int = 2) -> Store:
    """A store with ``sessions`` sessions (one per day, from START) of ``sets`` sets each."""
    store = Store.open(db)
    for n in range(sessions):
        start = START + timedelta(days=n)
        entries = tuple(
            SetEntry(
                id=f"set-{n}-{k}",
                exercise_id="deadlift",
                side=Side.NONE,
                reps=8,
                logged_at=start + timedelta(minutes=k),
                weight=40.0,
            )
            for k in range(sets)
        )
        store.add_session(Session(id=f"ses-{n}", start=start, sets=entries))
    return store


def month_file(db: Path, month: str = "2026-03") -> Path:
    return db.with_name(db.name + ".d") / f"sessions-{month}.json"


def edit_first_set(path: Path, **changes: Any) -> None:
    """Hand-edit the first set of the first session of a month file."""
    tables = json.loads(path.read_text())
    doc = next(iter(tables["sessions"].values()))
    doc["sets"][0].update(changes)
    path.write_text(json.dumps(tables))


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``hipext ARGV`` in this process: (exit status, stdout, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err
