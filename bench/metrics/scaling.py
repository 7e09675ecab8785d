"""The scaling table: the same waits on 1, 10 and 30 years of history.

Each figure is the median of interleaved runs on the three stores (the walks of
bench/metrics/journey.py, the two commands, the set writes), and the verdict compares
30 years with 1 year: within 1.2x is ``ok``. The Hevy import, linear by nature, is not
in it: it reads a file of fixed size into an empty store. ``streak`` grows with the
history by the rules, not by a missing summary: it reads and hashes every month file at
every run (a cache entry is found only by the digest of the file's bytes). Anything
else that grows is work done per session, per set or per week where a summary or a
lazy view would do (bench/README.md has the numbers: the records read every week's
totals, the charts draw only the newest).
"""

from __future__ import annotations

from bench.metrics.cli import log_command, streak_command
from bench.metrics.common import Context, median, timed_run
from bench.metrics.store_write import write_samples
from bench.metrics.tui import series

YEARS = ("1y", "10y", "30y")
GOAL = 1.2


def scaling(ctx: Context) -> list[tuple[str, str, list[float | None]]]:
    """Rows of (figure, unit, value at 1, 10 and 30 years)."""
    rounds = ctx.repeats(5, 1)
    walks = series(ctx, rounds, list(YEARS))
    cli: dict[str, dict[str, list[float]]] = {y: {"streak": [], "log": []} for y in YEARS}
    logs = {}
    for years in YEARS:  # a copy of each store to log into (and warm it once)
        logs[years] = ctx.fresh_copy(years).parent.rename(ctx.workdir / f"log-{years}")
        timed_run(log_command(ctx, logs[years] / ctx.stores[years].name), ctx.workdir)
    for r in range(rounds * 2):
        for i in range(len(YEARS)):
            years = YEARS[(i + r) % len(YEARS)]
            took, _ = timed_run(streak_command(ctx, ctx.stores[years]), ctx.workdir)
            cli[years]["streak"].append(took)
            took, _ = timed_run(log_command(ctx, logs[years] / ctx.stores[years].name), ctx.workdir)
            cli[years]["log"].append(took)
    # The writes in rounds too, each store's in turn: the disk's pace drifts over a run,
    # and all of one store's writes after all of another's would time the drift.
    writes: dict[str, list[float]] = {y: [] for y in YEARS}
    for r in range(rounds * 2):
        for i in range(len(YEARS)):
            years = YEARS[(i + r) % len(YEARS)]
            writes[years] += write_samples(ctx, logs[years] / ctx.stores[years].name, 3)["ours"]

    def ms(values: list[float]) -> float | None:
        return median(values) * 1000 if values else None

    def mib(values: list[float]) -> float | None:
        return median(values) / 1024 if values else None

    rows: list[tuple[str, str, list[float | None]]] = [
        ("usable picker", "ms", [ms(walks[y].picker) for y in YEARS]),
        ("h to first row", "ms", [ms(walks[y].history) for y in YEARS]),
        ("records and charts", "ms", [ms(walks[y].records) for y in YEARS]),
        ("RSS at the picker", "MiB", [mib(walks[y].rss_picker) for y in YEARS]),
        ("RSS at the history", "MiB", [mib(walks[y].rss_history) for y in YEARS]),
        ("RSS at the records", "MiB", [mib(walks[y].rss_records) for y in YEARS]),
        ("hipext streak --json", "ms", [ms(cli[y]["streak"]) for y in YEARS]),
        ("hipext log", "ms", [ms(cli[y]["log"]) for y in YEARS]),
        ("one set write", "ms", [ms(writes[y]) for y in YEARS]),
    ]
    ctx.details["scaling"] = rows
    ctx.details["scaling_samples"] = {
        y: {"walks": walks[y].to_json(), "cli_s": cli[y], "write_s": writes[y]} for y in YEARS
    }
    return rows


def render(rows: list[tuple[str, str, list[float | None]]]) -> str:
    """The table: the three values, 30 years over 1 year, and the verdict."""
    table = [("figure", "unit", "1y", "10y", "30y", "30y/1y", f"<= {GOAL}")]
    for name, unit, values in rows:
        cells = ["n/a" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}") for v in values]
        first, last = values[0], values[-1]
        if first and last:
            growth = last / first
            table.append((name, unit, *cells, f"{growth:.2f}", "ok" if growth <= GOAL else "MISS"))
        else:
            table.append((name, unit, *cells, "n/a", "n/a"))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = []
    for r in table:
        left = [r[0].ljust(widths[0]), r[1].ljust(widths[1])]
        right = [c.rjust(w) for c, w in zip(r[2:], widths[2:], strict=True)]
        lines.append("  ".join(left + right).rstrip())
    return "\n".join(lines)
