"""set_write_ratio: one durable set write over one durable atomic replace (the floor).

The floor is the least any durable store can do for a change: write a month-sized JSON
file (the bytes of the main store's newest full month) to a temporary file, fsync it,
rename it over the old one and fsync the folder. Ours is one ``Store.log_set`` that
appends a set to the latest session. Both run in one child process of the bench
install, one of ours then one floor write, on the same disk (the first write of the
process is not counted: it is the cold row's).

The ``_copy`` row times the first set a user logs on a fresh ``cp -a`` copy of the
store, as the guided view logs it: each sample copies the store (not timed), opens it
with the workout service and makes the reads the guided view makes when it opens (the
records so far and the suggestions, off the UI thread while the user reads the first
cue; not timed), then times the write. Those reads leave the month being logged to
read, so the write checks it by its bytes' hash under the lock rather than parsing it.

``first_write_cold_ratio`` (information, no goal) is the first write of a store opened
with nothing read: it parses the month under the lock, as ``hipext log`` does in its
one write (whose whole run ``log_cli_ratio`` times).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench.metrics.common import Context, Metric, child_env, missing, ratio_metric

GOAL = 2.0
ROWS = ["set_write_ratio", "set_write_ratio_copy", "first_write_cold_ratio"]

# argv: store, floor file, rounds, "warm" / "guided" / "cold", a folder of copies to open
# one by one ("guided", "cold").
CHILD = r"""
import itertools, json, os, sys, time
from datetime import timedelta
from pathlib import Path
from hipext_tui.domain.workout import SetEntry, Side
from hipext_tui.store.tinydb_store import Store

store_path, floor_path = Path(sys.argv[1]), Path(sys.argv[2])
rounds, mode, copies = int(sys.argv[3]), sys.argv[4], sys.argv[5]
payload = floor_path.read_bytes()
numbers = itertools.count(1)
# Set ids unique across children: the scaling table runs several on one store.
prefix = f"set-bench{os.getpid():07d}-"
# The copies were just made: write their pages back now, so that no fsync timed here
# (ours or the floor's) waits for them.
os.sync()

def floor_write():
    tmp = floor_path.with_suffix(".tmp")
    start = time.perf_counter()
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, floor_path)
    folder = os.open(floor_path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return time.perf_counter() - start

def guided_reads(store):
    # What the guided view reads when it opens on the routine (see guided_coach).
    from hipext_tui.domain.catalog import load_catalog
    from hipext_tui.domain.guide import build_plan
    from hipext_tui.workouts import Workouts

    catalog = load_catalog()
    moment = store.session_summaries()[-1].start + timedelta(days=1)
    ctx = Workouts.load(store, catalog, clock=lambda: moment)
    plan = build_plan(catalog.routines[0], ctx.catalog)
    ctx.record_marks({slot.exercise_id for slot in plan.slots})
    ctx.advice(plan, None)

def one_write(store):
    latest = store.session_summaries()[-1]
    moment = latest.start + timedelta(minutes=90)
    entry = SetEntry(id=f"{prefix}{next(numbers):05d}", exercise_id="deadlift",
                     side=Side.NONE, reps=10, logged_at=moment, weight=32.0)
    start = time.perf_counter()
    store.log_set(latest.id, entry)
    return time.perf_counter() - start

ours, floor = [], []
if mode == "warm":
    store = Store.open(store_path, create=False)
    one_write(store)  # the first write of the process is the cold row's
    for _ in range(rounds):
        ours.append(one_write(store))
        floor.append(floor_write())
    store.close()
else:
    for path in sorted(Path(copies).iterdir()):
        store = Store.open(path / store_path.name, create=False)
        if mode == "guided":
            guided_reads(store)
        ours.append(one_write(store))
        store.close()
        floor.append(floor_write())
print(json.dumps({"ours": ours, "floor": floor}))
"""


def set_write(ctx: Context) -> list[Metric]:
    """set_write_ratio and set_write_ratio_copy."""
    if "main" not in ctx.stores:
        return [missing("set_write_ratio", "x", "<=", GOAL, ctx.store_problem)]
    store = ctx.stores["main"]
    floor_file = floor_file_of(ctx, store)
    ctx.details["floor_file_bytes"] = floor_file.stat().st_size

    # Its own copy, so that the other rows' store does not grow.
    own = ctx.fresh_copy("main").parent.rename(ctx.workdir / "write-store")
    ctx.stores["write"] = own / store.name
    folders = {}
    for mode in ("guided", "cold"):
        folders[mode] = ctx.workdir / f"write-copies-{mode}"
        folders[mode].mkdir()
        for n in range(ctx.repeats(7, 2)):
            copy = folders[mode] / f"{n:02d}"
            subprocess.run(["cp", "-a", str(own), str(copy)], check=True)
    try:
        warm = _child(ctx, ctx.stores["write"], floor_file, ctx.repeats(30, 6), "warm")
        guided = _child(ctx, ctx.stores["write"], floor_file, 0, "guided", folders["guided"])
        cold = _child(ctx, ctx.stores["write"], floor_file, 0, "cold", folders["cold"])
    except RuntimeError as exc:
        return [missing("set_write_ratio", "x", "<=", GOAL, str(exc))]
    ctx.details["set_write_s"] = {"warm": warm, "copy": guided, "cold": cold}
    return [
        ratio_metric("set_write_ratio", warm["ours"], warm["floor"], GOAL),
        ratio_metric("set_write_ratio_copy", guided["ours"], guided["floor"], GOAL),
        ratio_metric("first_write_cold_ratio", cold["ours"], cold["floor"], None),
    ]


def floor_file_of(ctx: Context, store: Path) -> Path:
    """A month-sized JSON file: the bytes of ``store``'s newest full month."""
    shards = sorted((store.parent / f"{store.name}.d").glob("sessions-*.json"))
    month = shards[-2] if len(shards) > 1 else shards[-1]
    floor_file = ctx.workdir / "floor" / f"{store.parent.name}.json"
    floor_file.parent.mkdir(parents=True, exist_ok=True)
    floor_file.write_bytes(month.read_bytes())
    return floor_file


def write_samples(ctx: Context, store: Path, rounds: int) -> dict[str, list[float]]:
    """Warm writes into ``store`` (which they change) and floor writes, interleaved."""
    return _child(ctx, store, floor_file_of(ctx, store), rounds, "warm")


def _child(
    ctx: Context, store: Path, floor: Path, rounds: int, mode: str, copies: Path | None = None
) -> dict[str, list[float]]:
    argv = [str(store), str(floor), str(rounds), mode, str(copies or "")]
    done = subprocess.run(
        [str(ctx.install.python), "-c", CHILD, *argv],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=child_env(),
        cwd=ctx.workdir,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        raise RuntimeError(f"set-write child failed: {lines[-1]}")
    result: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
