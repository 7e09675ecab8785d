"""status_ratio: ``hipext status`` on the ten-year store over ``import tinydb, pendulum``.

``hipext status`` runs at every shell prompt, so its whole process (interpreter start,
imports, reading the store, printing) is timed as a shell runs it, against a process
that only imports the two libraries it cannot do without. The two alternate, round by
round, and each figure is a median. Byte-code caching is allowed in the children (a
user's installed copy has its ``.pyc`` files), and one untimed run of each comes first.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.history import DEFAULT_END
from bench.metrics.common import Context, Metric, code_env, hipext_command, median, missing

NAME, UNIT, OP, GOAL = "status_ratio", "x", "<=", 1.3
BASELINE = [sys.executable, "-c", "import tinydb, pendulum"]


def status_ratio(ctx: Context) -> list[Metric]:
    """Median wall time of ``hipext status`` over the baseline's, interleaved."""
    if ctx.ten_year_store is None:
        return [missing(NAME, UNIT, OP, GOAL, ctx.store_problem)]
    status = [*hipext_command(), "--db", str(ctx.ten_year_store), "status"]
    status += ["--as-of", DEFAULT_END.isoformat()]
    env = code_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    first = subprocess.run(status, capture_output=True, text=True, env=env, check=False)
    if first.returncode != 0 or not first.stdout.startswith("hip:"):
        why = (first.stderr.strip() or first.stdout.strip() or "no line").splitlines()[-1]
        return [missing(NAME, UNIT, OP, GOAL, why[:200])]
    subprocess.run(BASELINE, capture_output=True, env=env, check=True)
    ours: list[float] = []
    base: list[float] = []
    for _ in range(ctx.repeats(21, 5)):
        for command, samples in ((status, ours), (BASELINE, base)):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, env=env, check=True, timeout=60)
            samples.append(time.perf_counter() - start)
    ctx.details["status"] = {"line": first.stdout.strip(), "ms": ours, "baseline_ms": base}
    return [
        Metric(NAME, median(ours) / median(base), UNIT, OP, GOAL),
        Metric("status_ms", median(ours) * 1000, "ms", "", digits=0),
        Metric("status_baseline_ms", median(base) * 1000, "ms", "", digits=0),
    ]
