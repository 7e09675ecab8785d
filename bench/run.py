"""hipext's benchmarks: ``python bench/run.py [--years N] [--quick] [--json FILE]``.

Builds a synthetic history (bench/history.py), runs every benchmark and prints one line
per metric: ``name  value  unit  goal  ok|MISS``. A metric whose piece of hipext is not
there yet (or fails) prints ``n/a`` with the reason below the table. Lines whose goal is
``-`` are figures shown for context, without a goal.

Exit status: 0 whenever the harness ran to the end, MISS or not (the machines that run
it are shared and noisy); 1 when the harness itself broke.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.install import Install
    from bench.metrics.common import Context, Metric

REPO = Path(__file__).resolve().parents[1]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="Run hipext's benchmarks against a synthetic history."
    )
    parser.add_argument(
        "--years", type=float, help="years of synthetic history (default 10; 1 with --quick)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small, fast run (for CI): fewer repeats"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help="comma-separated groups to run: " + ",".join(GROUPS),
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where to build the stores (default: a new temporary directory; it must be "
        "on a real disk, since fsync on tmpfs costs nothing)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    if args.years is None:
        args.years = 1.0 if args.quick else 10.0
    if args.years <= 0:
        parser.error("--years must be positive")
    return args


def machine() -> dict[str, object]:
    """Where the numbers come from."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
    }


def prepare(args: argparse.Namespace, workdir: Path, install: Install) -> Context:
    """Generate the histories and build the stores every group reads."""
    from bench.history import generate, write_empty_store, write_store
    from bench.metrics.common import Context, blames_hipext

    ctx = Context(workdir, args.years, args.quick, install)
    wanted = {"main": args.years, "month": 1 / 12}
    if "scaling" in groups_wanted(args):
        wanted |= {"1y": 1.0, "10y": 10.0, "30y": 30.0}
    ctx.details["history"] = {}
    try:
        path = workdir / "empty" / "hipext.json"
        path.parent.mkdir(parents=True)
        write_empty_store(path)
        ctx.stores["empty"] = path
        built: dict[float, Path] = {}
        for name, years in wanted.items():
            if years in built:  # 10y is the main store of a default run
                ctx.stores[name] = built[years]
                continue
            started = time.perf_counter()
            history = generate(years)
            path = workdir / name / "hipext.json"
            path.parent.mkdir(parents=True)
            write_store(path, history)
            ctx.stores[name] = built[years] = path
            ctx.details["history"][name] = {
                "years": round(years, 3),
                "sessions": len(history.sessions),
                "sets": history.set_count,
                "build_s": round(time.perf_counter() - started, 2),
            }
    except Exception as exc:
        if not blames_hipext(exc):
            raise
        ctx.store_problem = f"store not usable: {type(exc).__name__}: {exc}".strip(": ")
        _log(ctx.store_problem)
    return ctx


GROUPS = ("tui", "keypress", "cli", "write", "import", "status", "scaling")


def groups_wanted(args: argparse.Namespace) -> set[str]:
    """The groups this run measures (--only; the scaling table is skipped by --quick)."""
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - set(GROUPS)
        if unknown:
            raise SystemExit(f"bench/run.py: unknown group(s): {', '.join(sorted(unknown))}")
        return wanted
    return set(GROUPS) - ({"scaling"} if args.quick else set())


def run_all(
    args: argparse.Namespace, workdir: Path, install: Install
) -> tuple[list[Metric], list[Any], dict[str, object]]:
    """Every benchmark group in turn; a group that fails in hipext's code becomes n/a."""
    from bench.metrics import cli, scaling, status_line, store_write, tui
    from bench.metrics.common import Metric, blames_hipext

    ctx = prepare(args, workdir, install)
    groups: dict[str, tuple[Callable[[], list[Metric]], list[str]]] = {
        "tui": (lambda: tui.startup(ctx), list(tui.GOALS)),
        "keypress": (lambda: tui.keypress(ctx), ["keypress_bytes"]),
        "cli": (lambda: cli.cli(ctx), ["streak_cli_ratio", "log_cli_ratio"]),
        "write": (lambda: store_write.set_write(ctx), store_write.ROWS),
        "import": (lambda: cli.import_hevy(ctx), ["import_hevy_7000"]),
        "status": (lambda: status_line.status_ratio(ctx), ["status_ratio"]),
    }
    wanted = groups_wanted(args)
    metrics: list[Metric] = []
    for name, (measure, produces) in groups.items():
        if name not in wanted:
            continue
        _log(f"running {name} ...")
        started = time.perf_counter()
        try:
            metrics += measure()
        except Exception as exc:
            if not blames_hipext(exc):
                raise
            traceback.print_exc(file=sys.stderr)
            why = f"{type(exc).__name__}: {exc}".strip(": ")[:200]
            metrics += [Metric(n, None, "", "", None, note=why) for n in produces]
        _log(f"  {name} done in {time.perf_counter() - started:.1f} s")
    table: list[Any] = []
    if "scaling" in wanted and not ctx.store_problem:
        _log("running scaling ...")
        started = time.perf_counter()
        table = scaling.scaling(ctx)
        _log(f"  scaling done in {time.perf_counter() - started:.1f} s")
    return metrics, table, ctx.details


def render(metrics: list[Metric]) -> str:
    """The aligned table, then the notes of n/a and MISS rows."""
    rows = [("name", "value", "unit", "goal", "status", "ours / floor")]
    notes = []
    for m in metrics:
        rows.append((m.name, m.shown_value, m.unit, m.goal, m.status, m.detail))
        if m.note:
            notes.append(f"  {m.name}: {m.note}")
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = []
    for r in rows:
        cells = [r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].ljust(widths[2])]
        cells += [r[3].ljust(widths[3]), r[4].ljust(widths[4]), r[5]]
        lines.append("  ".join(cells).rstrip())
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)


def _load() -> list[float]:
    """The machine's load average (1, 5, 15 minutes): how shared it was."""
    return [round(x, 2) for x in os.getloadavg()]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; see the module docstring for the exit status."""
    args = parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="hipext-bench-", dir=args.workdir))
    else:
        workdir = Path(tempfile.mkdtemp(prefix="hipext-bench-"))
    started = time.perf_counter()
    try:
        from bench.install import compile_dependencies, ensure_install

        compile_dependencies()
        install = ensure_install(_log)
        metrics, table, details = run_all(args, workdir, install)
    except Exception:
        traceback.print_exc()
        print("bench/run.py: the harness itself failed (see above)", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            _log(f"kept {workdir}")
    if args.quick:
        print(
            f"(--quick: {args.years:g} year(s) of history and few repeats; the goals are set "
            "for ten years, so this run is a smoke test, not a verdict)"
        )
    print(render(metrics))
    if table:
        from bench.metrics.scaling import render as render_scaling

        print("\nscaling (medians; 30 years over 1 year):")
        print(render_scaling(table))
    elapsed = time.perf_counter() - started
    _log(f"\n{details.get('history')}; load {_load()}; total {elapsed:.0f} s")
    if args.json:
        payload = {
            "metrics": [m.to_json() for m in metrics],
            "machine": machine(),
            "quick": args.quick,
            "load_average": _load(),
            "details": details,
            "seconds": round(elapsed, 1),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    # Run as a script from anywhere: make the repository root importable as well.
    sys.path.insert(0, str(REPO))
    sys.exit(main())
