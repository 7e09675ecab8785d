"""What every benchmark shares: the result row, the run context, medians, and the
checks that tell a missing piece of hipext (reported ``n/a``) from a broken harness."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.install import Install

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Metric:
    """One line of the report. ``value`` None means n/a (a piece is missing or failed)."""

    name: str
    value: float | None
    unit: str
    goal_op: str  # "<=", ">=", or "" for a figure reported without a goal
    goal_value: float | None = None
    note: str = ""
    digits: int = 2
    # What the ratio was made of, e.g. "612 ms / 250 ms", shown beside it.
    detail: str = ""

    @property
    def goal(self) -> str:
        """The goal as text, e.g. ``<= 1.3``."""
        if not self.goal_op or self.goal_value is None:
            return "-"
        return f"{self.goal_op} {self.goal_value:g}"

    @property
    def ok(self) -> bool | None:
        """True when the goal is met, None when there is no value or no goal."""
        if self.value is None or not self.goal_op or self.goal_value is None:
            return None
        if self.goal_op == "<=":
            return self.value <= self.goal_value
        return self.value >= self.goal_value

    @property
    def shown_value(self) -> str:
        """The value as printed."""
        if self.value is None:
            return "n/a"
        digits = self.digits
        # Never print a MISS as a number that looks like it meets the goal (1.3009 as
        # "1.30" against "<= 1.3"): add digits until the rounding tells the truth.
        while digits < 4 and self.ok is not None:
            shown = round(self.value, digits)
            meets = shown <= self.goal_value if self.goal_op == "<=" else shown >= self.goal_value
            if meets == self.ok:
                break
            digits += 1
        return f"{self.value:.{digits}f}"

    @property
    def status(self) -> str:
        """``ok``, ``MISS``, ``n/a`` or ``-`` (no goal)."""
        if self.value is None:
            return "n/a"
        if self.ok is None:
            return "-"
        return "ok" if self.ok else "MISS"

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` form (note only when there is one)."""
        row: dict[str, Any] = {
            "name": self.name,
            "value": None if self.value is None else round(self.value, 4),
            "unit": self.unit,
            "goal": self.goal,
            "ok": self.ok,
        }
        if self.detail:
            row["detail"] = self.detail
        if self.note:
            row["note"] = self.note
        return row


def missing(name: str, unit: str, goal_op: str, goal_value: float | None, why: str) -> Metric:
    """An n/a row that says why."""
    return Metric(name, None, unit, goal_op, goal_value, note=why)


@dataclass
class Context:
    """What the benchmarks run against, prepared once by ``run.py``.

    ``stores`` maps a name (``empty``, ``month``, ``main``, and for the scaling table
    ``1y``, ``10y``, ``30y``) to a store file; a name is missing when that store could
    not be built, and ``store_problem`` says why.
    """

    workdir: Path
    years: float
    quick: bool
    install: Install
    stores: dict[str, Path] = field(default_factory=dict)
    store_problem: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    _copies: int = 0

    def repeats(self, full: int, quick: int) -> int:
        """How many repeats to run in this mode."""
        return quick if self.quick else full

    def hipext(self) -> list[str]:
        """The installed console script, as a user starts it."""
        return [str(self.install.hipext)]

    def fresh_copy(self, name: str) -> Path:
        """A new ``cp -a`` copy of store ``name`` (its folder: main file, shards, cache),
        as a user who restores a backup or moves to a new machine has: every inode and
        mtime differs from the original's. The previous copies are deleted first."""
        source = self.stores[name]
        root = self.workdir / "copies"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        self._copies += 1
        target = root / f"{name}-{self._copies}"
        subprocess.run(["cp", "-a", str(source.parent), str(target)], check=True)
        # A copy made just now would still be in the page cache; so is the original.
        return target / source.name


def child_env() -> dict[str, str]:
    """The environment of every child: this one without PYTHONPATH (the children run
    the installed copy, never the checkout) and without Textual's dev switches."""
    return {
        k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("TEXTUAL")
    }


def timed_run(command: Sequence[str], cwd: Path, timeout: float = 120) -> tuple[float, str]:
    """Run ``command``; its wall time in seconds and, when it failed, its last line."""
    start = time.perf_counter()
    done = subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=child_env(),
        cwd=cwd,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        lines = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()
        return elapsed, f"exit {done.returncode}: {lines[-1][:200]}"
    return elapsed, ""


def ratio_metric(
    name: str,
    top: Sequence[float],
    bottom: Sequence[float],
    goal: float | None,
    *,
    unit: str = "ms",
    scale: float = 1000.0,
    note: str = "",
) -> Metric:
    """``median(top) / median(bottom)`` as a row, the two medians in its detail."""
    if not top or not bottom:
        return Metric(name, None, "x", "<=" if goal else "", goal, note=note or "no samples")
    a, b = median(top) * scale, median(bottom) * scale
    digits = 0 if max(a, b) >= 100 else 1
    detail = f"{a:.{digits}f} / {b:.{digits}f} {unit}"
    return Metric(name, a / b, "x", "<=" if goal else "", goal, note=note, detail=detail)


def median(values: Sequence[float]) -> float:
    """The median (the benchmarks never average: one slow outlier must not count)."""
    return float(statistics.median(values))


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def blames_hipext(exc: BaseException) -> bool:
    """True when the exception passed through hipext_tui's code (a product problem: the
    metric is n/a); False when only the harness and libraries were involved (a bug here)."""
    package = str(REPO / "hipext_tui")
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(package):
            return True
        tb = tb.tb_next
    return False
