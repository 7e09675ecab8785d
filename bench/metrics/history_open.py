"""history_open_ms: open the store, list the history, compute every streak.

The history list is what the history screen shows: one line per session (date, routine,
sets, volume), which it builds from ``Store.session_summaries()``; the streaks come from
the same summaries' time slots. Full sessions with their sets are read only under an
exercise filter or when one session is opened, so they are not part of this figure.

Each sample is a fresh interpreter (nothing cached in memory from an earlier run); the
modules are imported before the clock starts, since importing is the start-up
benchmark's business, and the clock stops when the streaks are known. The child's CPU
time for the same work is reported beside it, without a goal.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.history import DEFAULT_END
from bench.metrics.common import Context, Metric, code_env, median, missing

# Runs in the child: argv[1] is the store, argv[2] the day the streaks are computed for.
CHILD = """
import json, sys, time
from datetime import date
from pathlib import Path
from hipext_tui.domain.days import resolve_timezone
from hipext_tui.domain.streaks import StreakRules, compute_streaks, training_days_of_summaries
from hipext_tui.store.tinydb_store import Store

start = time.perf_counter()
cpu = time.process_time()
store = Store.open(Path(sys.argv[1]), create=False)
summaries = store.session_summaries()
settings = store.settings()
rules = StreakRules(
    timezone=resolve_timezone(settings.timezone),
    day_start_hour=settings.day_start_hour,
    week_start=settings.week_start,
    weekly_goal=settings.weekly_goal,
)
days = training_days_of_summaries(summaries, rules)
streaks = compute_streaks(days, store.rest_days(), date.fromisoformat(sys.argv[2]), rules)
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu
store.close()
print(json.dumps({
    "ms": elapsed * 1000,
    "cpu_ms": cpu * 1000,
    "sessions": len(summaries),
    "sets": sum(s.total_sets for s in summaries),
    "longest_days": streaks.longest_days,
}))
"""


def history_open(ctx: Context) -> list[Metric]:
    """Median over several cold processes."""
    if ctx.ten_year_store is None:
        return [missing("history_open_ms", "ms", "<=", 100, ctx.store_problem)]
    samples: list[float] = []
    cpu: list[float] = []
    last: dict[str, object] = {}
    for _ in range(ctx.repeats(9, 3)):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(ctx.ten_year_store), DEFAULT_END.isoformat()],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env=code_env(),
        )
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or ["no output"]
            return [missing("history_open_ms", "ms", "<=", 100, lines[-1][:200])]
        last = json.loads(done.stdout.strip().splitlines()[-1])
        samples.append(float(last["ms"]))  # type: ignore[arg-type]
        cpu.append(float(last["cpu_ms"]))  # type: ignore[arg-type]
    ctx.details["history_open"] = {"samples_ms": samples, "cpu_ms": cpu, "loaded": last}
    return [
        Metric("history_open_ms", median(samples), "ms", "<=", 100, digits=1),
        # CPU time of the same work: on a busy machine it shows how much of the wall
        # time was spent waiting for a core rather than working.
        Metric("history_open_cpu_ms", median(cpu), "ms", "", digits=1),
    ]
