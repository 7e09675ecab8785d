"""Hole 1: an import is all or nothing, even when killed (kill -9) in the middle.

A three-year Strong CSV lands in 36 month files and the main file. Each round starts
``hipext import`` on a new store, kills it at a random moment (spread over the whole
run, so some rounds land during the renames), opens the store the way the next command
would and counts the sets: 0 or all of them, nothing in between. Bounded in CI;
``HIPEXT_LONG=1`` runs 200 rounds.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hipext_tui.store.tinydb_store import Store

pytestmark = pytest.mark.reliability

ROUNDS = 200 if os.environ.get("HIPEXT_LONG") == "1" else 12
HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"  # noqa: E501


def three_years(path: Path) -> int:
    """A Strong export: two workouts a week for three years, three sets each."""
    rows = [HEADER]
    day = datetime(2022, 1, 3, 7, 0)
    count = 0
    while day.year < 2025:
        for order in (1, 2, 3):
            rows.append(
                f'{day:%Y-%m-%d %H:%M:%S},"Pull",1h,"Deadlift (Barbell)",{order},60,8,0,0,"","",0\n'
            )
            count += 1
        day += timedelta(days=3 if day.weekday() == 0 else 4)
    path.write_text("".join(rows))
    return count


def test_a_killed_import_leaves_none_or_all_of_it(tmp_path: Path) -> None:
    source = tmp_path / "strong.csv"
    total = three_years(source)
    command = [sys.executable, "-m", "hipext_tui", "import", str(source), "--tz", "UTC"]
    started = time.monotonic()
    subprocess.run([*command, "--db", str(tmp_path / "whole" / "h.json")], check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    whole = time.monotonic() - started
    assert Store.open(tmp_path / "whole" / "h.json").count_sets() == total
    rng = random.Random(1)
    outcomes = {"none": 0, "all": 0}
    for n in range(ROUNDS):
        db = tmp_path / f"r{n}" / "h.json"
        child = subprocess.Popen([*command, "--db", str(db)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        # Watch the month folder and kill once the new files start to appear: some
        # rounds while they are being written, most while they are renamed into place.
        renamed = n % 3 != 0
        deadline = time.monotonic() + whole * 3
        shard_dir = db.with_name("h.json.d")
        while time.monotonic() < deadline and child.poll() is None:
            names = os.listdir(shard_dir) if shard_dir.is_dir() else []
            if any(name.startswith("sessions-") if renamed else ".tmp-" in name for name in names):
                break
        if not renamed or rng.random() < 0.5:
            time.sleep(rng.uniform(0, 0.0005) if renamed else rng.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        child.wait()
        count = Store.open(db).count_sets()
        assert count in (0, total), f"round {n}: {count} of {total} sets"
        outcomes["none" if count == 0 else "all"] += 1
        assert not list(db.parent.glob("*.commit"))  # the next open finished the commit
    print(f"{ROUNDS} kill rounds: {outcomes}")
