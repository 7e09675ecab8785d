"""The command line's rows: ``hipext streak --json``, ``hipext log`` and the Hevy import.

The floor is the smallest Python program that can do any of this work: the bench
install's interpreter running ``import tinydb, pendulum``. Every sample is a whole
process, timed from the parent (interpreter start-up and imports included), and the
floor runs interleaved with the commands, so that both see the same machine.

``log`` writes: it runs on its own copy of the main store (``log``, warmed by one run),
so that the stores the other rows read do not grow; its ``_copy`` row logs into a
fresh ``cp -a`` copy each time. The import goes into a new empty store each time.
"""

from __future__ import annotations

from pathlib import Path

from bench.history import write_empty_store, write_hevy_csv
from bench.metrics.common import Context, Metric, missing, ratio_metric, timed_run

FLOOR = ("-c", "import tinydb, pendulum")
HEVY_SETS = 7000
GOALS = {
    "streak_cli_ratio": 1.5,
    "log_cli_ratio": 1.6,
    # 7,000 sets parsed, checked and written durably: linear work, over a floor that does
    # none of it; the goal keeps it within a few interpreter start-ups.
    "import_hevy_7000": 6.0,
}


def streak_command(ctx: Context, store: Path) -> list[str]:
    """What a shell prompt or a status bar would run."""
    return [*ctx.hipext(), "--db", str(store), "streak", "--json"]


def log_command(ctx: Context, store: Path) -> list[str]:
    """One set from the shell, into today's session."""
    return [*ctx.hipext(), "--db", str(store), "log", "deadlift", "--reps", "10", "--weight", "32"]


def cli(ctx: Context) -> list[Metric]:
    """streak_cli_ratio and log_cli_ratio, warm and on a fresh copy."""
    if "main" not in ctx.stores:
        return [missing(n, "x", "<=", g, ctx.store_problem) for n, g in GOALS.items()]
    log_store = ctx.fresh_copy("main").parent
    kept = ctx.workdir / "log-store"
    log_store.rename(kept)
    ctx.stores["log"] = kept / ctx.stores["main"].name
    samples: dict[str, list[float]] = {k: [] for k in ("floor", "streak", "streak+copy")}
    samples |= {"log": [], "log+copy": []}
    problems: list[str] = []

    def run(kind: str) -> None:
        store = ctx.stores["main"]
        if kind == "floor":
            command = [str(ctx.install.python), *FLOOR]
        elif kind.startswith("streak"):
            store = ctx.fresh_copy("main") if kind.endswith("copy") else store
            command = streak_command(ctx, store)
        else:
            store = ctx.fresh_copy("main") if kind.endswith("copy") else ctx.stores["log"]
            command = log_command(ctx, store)
        took, problem = timed_run(command, ctx.workdir)
        if problem:
            problems.append(f"{kind}: {problem}")
        else:
            samples[kind].append(took)

    for kind in ("floor", "streak", "log"):  # warm-up
        run(kind)
    for values in samples.values():
        values.clear()
    kinds = list(samples)
    for r in range(ctx.repeats(11, 3)):
        for i in range(len(kinds)):
            run(kinds[(i + r) % len(kinds)])
    ctx.details["cli_samples_s"] = samples
    why = problems[0] if problems else ""
    floor = samples["floor"]
    return [
        ratio_metric("streak_cli_ratio", samples["streak"], floor, 1.5, note=why),
        ratio_metric("streak_cli_ratio_copy", samples["streak+copy"], floor, 1.5),
        ratio_metric("log_cli_ratio", samples["log"], floor, 1.6),
        ratio_metric("log_cli_ratio_copy", samples["log+copy"], floor, 1.6),
    ]


def import_hevy(ctx: Context) -> list[Metric]:
    """import_hevy_7000: a 7,000-set Hevy CSV into a new empty store, over the floor."""
    name, goal = "import_hevy_7000", GOALS["import_hevy_7000"]
    csv_path = ctx.workdir / "hevy-7000.csv"
    rows = write_hevy_csv(csv_path, HEVY_SETS)
    ours: list[float] = []
    floor: list[float] = []
    note = ""
    for n in range(ctx.repeats(5, 1)):
        took, problem = timed_run([str(ctx.install.python), *FLOOR], ctx.workdir)
        floor.append(took)
        store = ctx.workdir / f"import-{n}" / "hipext.json"
        store.parent.mkdir(parents=True, exist_ok=True)
        write_empty_store(store)
        command = [*ctx.hipext(), "--db", str(store), "import", str(csv_path), "--format", "hevy"]
        took, problem = timed_run(command, ctx.workdir)
        if problem:
            return [missing(name, "x", "<=", goal, problem)]
        ours.append(took)
        if n == 0:
            note = _check_count(store, rows)
    ctx.details["import_samples_s"] = {"import": ours, "floor": floor}
    return [ratio_metric(name, ours, floor, goal, note=note)]


def _check_count(store_path: Path, rows: int) -> str:
    """A note when the store does not hold every imported set."""
    from hipext_tui.store.tinydb_store import Store

    store = Store.open(store_path, create=False)
    try:
        held = store.count_sets()
    finally:
        store.close()
    return "" if held == rows else f"store holds {held} of {rows} sets"
