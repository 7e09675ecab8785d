"""import_hevy_7000_s: ``hipext --db X import FILE --format hevy`` on a 7,000-set CSV.

The whole command is timed, as a user runs it (interpreter start-up and imports
included), each sample into a new empty store.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.history import write_empty_store, write_hevy_csv
from bench.metrics.common import (
    Context,
    Metric,
    code_env,
    command_exists,
    hipext_command,
    median,
    missing,
)

SETS = 7000
TIMEOUT = 120


def import_hevy(ctx: Context) -> list[Metric]:
    """Median wall time of a few imports."""
    name, unit, op, goal = "import_hevy_7000_s", "s", "<=", 2.0
    if ctx.empty_store is None:
        return [missing(name, unit, op, goal, ctx.store_problem)]
    if not command_exists("import"):
        return [missing(name, unit, op, goal, "no 'hipext import' command yet")]
    csv_path = ctx.workdir / "hevy-7000.csv"
    rows = write_hevy_csv(csv_path, SETS)
    samples: list[float] = []
    note = ""
    for n in range(ctx.repeats(5, 1)):
        store = ctx.workdir / f"import-{n}" / "hipext.json"
        store.parent.mkdir(parents=True, exist_ok=True)
        write_empty_store(store)
        command = [*hipext_command(), "--db", str(store), "import", str(csv_path)]
        command += ["--format", "hevy"]
        start = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
                env=code_env(),
            )
        except subprocess.TimeoutExpired:
            return [missing(name, unit, op, goal, f"took over {TIMEOUT} s")]
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            message = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()
            return [missing(name, unit, op, goal, f"exit {done.returncode}: {message[-1]}")]
        samples.append(elapsed)
        if n == 0:
            note = _check_count(store, rows)
            ctx.details["import_output"] = done.stdout.strip()[-300:]
    ctx.details["import_samples_s"] = samples
    return [Metric(name, median(samples), unit, op, goal, note=note)]


def _check_count(store_path: Path, rows: int) -> str:
    """A note when the store does not hold every imported set."""
    from hipext_tui.store.tinydb_store import Store

    store = Store.open(store_path, create=False)
    try:
        held = store.count_sets()
    finally:
        store.close()
    return "" if held == rows else f"store holds {held} of {rows} sets"
