"""What every benchmark shares: the result row, the run context, medians, and the
checks that tell a missing piece of hipext (reported ``n/a``) from a broken harness."""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        if self.note:
            row["note"] = self.note
        return row


def missing(name: str, unit: str, goal_op: str, goal_value: float | None, why: str) -> Metric:
    """An n/a row that says why."""
    return Metric(name, None, unit, goal_op, goal_value, note=why)


@dataclass
class Context:
    """What the benchmarks run against, prepared once by ``run.py``."""

    workdir: Path
    years: float
    quick: bool
    ten_year_store: Path | None  # None when the store cannot be built
    empty_store: Path | None
    store_problem: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def repeats(self, full: int, quick: int) -> int:
        """How many repeats to run in this mode."""
        return quick if self.quick else full


def median(values: Sequence[float]) -> float:
    """The median (the benchmarks never average: one slow outlier must not count)."""
    return float(statistics.median(values))


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def code_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this environment) with this checkout first on PYTHONPATH, so
    that every child process runs the code next to this bench/ directory even when the
    environment's editable install points at another copy of the repository."""
    import os

    env = dict(os.environ if base is None else base)
    rest = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + rest if rest else "")
    return env


def hipext_command() -> list[str]:
    """How to start hipext as a user does: the console script of this interpreter's
    environment, else ``python -m hipext_tui``."""
    script = Path(sys.executable).parent / "hipext"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "hipext_tui"]


def command_exists(subcommand: str) -> bool:
    """True when ``hipext SUBCOMMAND --help`` works (the piece has landed)."""
    try:
        done = subprocess.run(
            [*hipext_command(), subcommand, "--help"],
            capture_output=True,
            timeout=60,
            check=False,
            env=code_env(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


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
