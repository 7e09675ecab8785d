"""Hole 2: removing or swapping what is locked while writers run must not break mutual
exclusion.

Four processes log sets into one store while a fifth unlinks ``PATH.lock`` in a tight
loop, or renames the locked folder ``PATH.d`` away, puts a new empty one in its place
and then the old one back. Every set a writer was told is saved must be on disk at the
end, and no writer may fail because another one cleaned up its temporary file.
``HIPEXT_LONG=1`` logs ten times as many sets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hipext_tui.store.tinydb_store import Store
from tests.reliability.holes import make_store

pytestmark = pytest.mark.reliability

SETS = 400 if os.environ.get("HIPEXT_LONG") == "1" else 40

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    from hipext_tui.domain.workout import SetEntry, Side
    from hipext_tui.store.tinydb_store import Store
    from tests.reliability.holes import START

    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store.open(path, lock_timeout=60)
    for n in range(count):
        entry = SetEntry(id=f"{tag}-{n}", exercise_id="deadlift", side=Side.NONE, reps=5,
                         logged_at=START + timedelta(seconds=n))
        store.log_set("ses-0", entry)
        print(entry.id, flush=True)
    """
)

UNLINKER = textwrap.dedent(
    """
    import os, sys
    lock = sys.argv[1]
    while True:
        try:
            os.unlink(lock)
        except FileNotFoundError:
            pass
    """
)


def run_writers(script: str, db: Path) -> tuple[list[str], list[list[str]]]:
    """Four writer processes at once: the set ids they were told are saved, and the last
    line of each one that failed."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db), f"w{k}", str(SETS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for k in range(4)
    ]
    acknowledged: list[str] = []
    failures = []
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        acknowledged += out.split()
        if writer.returncode:
            failures.append(err.strip().splitlines()[-1:])
    return acknowledged, failures


def test_unlinking_the_lock_loses_no_acknowledged_set(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db, sets=0).close()
    unlinker = subprocess.Popen([sys.executable, "-c", UNLINKER, str(db) + ".lock"])
    try:
        acknowledged, errors = run_writers(WRITER, db)
    finally:
        unlinker.kill()
        unlinker.wait()
    time.sleep(0)
    assert errors == []
    stored = {s.id for s in Store.open(db).session("ses-0").sets}  # type: ignore[union-attr]
    assert len(acknowledged) == 4 * SETS
    assert set(acknowledged) <= stored, f"lost {len(set(acknowledged) - stored)} sets"


# Logs one set at a time and reports each outcome; a refused write (the folder was
# being swapped) is reported and the next set tried.
PATIENT_WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import timedelta
    from hipext_tui.domain.workout import SetEntry, Side
    from hipext_tui.store.errors import StoreError
    from hipext_tui.store.tinydb_store import Store
    from tests.reliability.holes import START

    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    while True:
        try:
            store = Store.open(path, create=False, lock_timeout=60)
            break
        except StoreError:
            time.sleep(0.001)
    for n in range(count):
        entry = SetEntry(id=f"{tag}-{n}", exercise_id="deadlift", side=Side.NONE, reps=5,
                         logged_at=START + timedelta(seconds=n))
        try:
            store.log_set("ses-0", entry)
        except (StoreError, ValueError) as exc:
            print("refused", entry.id, exc, file=sys.stderr, flush=True)
            continue
        print(entry.id, flush=True)
    """
)

SWAPPER = textwrap.dedent(
    """
    import os, sys, time
    folder = sys.argv[1]
    away, stray = folder + ".away", folder + ".stray"
    swaps = 0
    while not os.path.exists(sys.argv[2]):
        os.rename(folder, away)
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass  # a writer made it meanwhile
        time.sleep(0.0005)
        try:
            os.rmdir(folder)
        except OSError:
            os.rename(folder, f"{stray}-{swaps}")  # something was written into it
        os.rename(away, folder)
        swaps += 1
        time.sleep(0.002)
    print(swaps)
    """
)


def test_swapping_the_locked_folder_loses_no_acknowledged_set(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db, sets=0).close()
    stop = tmp_path / "stop"
    swapper = subprocess.Popen(
        [sys.executable, "-c", SWAPPER, str(db) + ".d", str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        acknowledged, crashes = run_writers(PATIENT_WRITER, db)
    finally:
        stop.touch()
        swaps = int(swapper.communicate(timeout=60)[0] or 0)
    assert crashes == []
    assert swaps > 0 and acknowledged, (swaps, len(acknowledged))
    stored = {s.id for s in Store.open(db).session("ses-0").sets}  # type: ignore[union-attr]
    lost = set(acknowledged) - stored
    assert not lost, f"lost {len(lost)} of {len(acknowledged)} acknowledged sets ({swaps} swaps)"


def test_a_writer_removes_only_temporary_files_of_dead_writers(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    store = make_store(db, sets=0)
    shard_dir = db.with_name("h.json.d")
    live = shard_dir / f".sessions-2026-03.json.tmp-{os.getpid()}-abcd1234"
    # A pid that cannot be running: above the kernel's limit.
    dead = shard_dir / ".sessions-2026-03.json.tmp-99999999-abcd1234"
    live.write_bytes(b"in flight")
    dead.write_bytes(b"left by a killed writer")
    fresh = Store.open(db)
    fresh.add_rest_day(__import__("datetime").date(2026, 3, 1))
    assert live.exists() and not dead.exists()
    store.close()
