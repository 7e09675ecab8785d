"""status_ratio: ``hipext status`` on the main (ten-year) store over the CLI floor.

``hipext status`` runs at every shell prompt, so its whole process (interpreter start,
imports, reading the store, printing) is timed from the parent, against the floor that
the command-line rows use: the bench install's interpreter running
``import tinydb, pendulum``. The two alternate, round by round; each figure is a median.
``--as-of`` pins the day to the history's last one, so the run reads what a prompt reads
the day after a workout, whatever the date of the run.
"""

from __future__ import annotations

from bench.history import DEFAULT_END
from bench.metrics.common import Context, Metric, missing, ratio_metric, timed_run

FLOOR = ("-c", "import tinydb, pendulum")
GOAL = 1.3


def status_ratio(ctx: Context) -> list[Metric]:
    """Median wall time of ``hipext status`` over the floor's, interleaved."""
    if "main" not in ctx.stores:
        return [missing("status_ratio", "x", "<=", GOAL, ctx.store_problem)]
    status = [*ctx.hipext(), "--db", str(ctx.stores["main"]), "status"]
    status += ["--as-of", DEFAULT_END.isoformat()]
    floor = [str(ctx.install.python), *FLOOR]
    samples: dict[str, list[float]] = {"status": [], "floor": []}
    problems: list[str] = []
    for round_ in range(ctx.repeats(21, 5) + 1):
        for kind, command in (("status", status), ("floor", floor))[:: 1 if round_ % 2 else -1]:
            took, problem = timed_run(command, ctx.workdir)
            if problem:
                problems.append(f"{kind}: {problem}")
            elif round_:  # round 0 warms both up
                samples[kind].append(took)
    ctx.details["status_samples_s"] = samples
    why = problems[0] if problems else ""
    return [ratio_metric("status_ratio", samples["status"], samples["floor"], GOAL, note=why)]
