"""Start-up, memory and key-press cost of the real program under an 80x24 pty.

One round starts three programs one after another: the bare Textual app, hipext on an
empty store and hipext on the ten-year store, in an order that rotates every round so
that a slow moment of the machine does not always hit the same program. Each run
records

- the first complete frame: exec to the first paint, whatever the app shows first
  (the bare app's text, hipext's loading line or its picker), bottom row included;
- for hipext, the picker ready: the routine name is on screen, which happens only
  after the store and the whole history are loaded;
- the peak RSS (VmHWM) once the picker is ready and output has settled.

The key-press runs start hipext on the ten-year store, wait for the picker to settle,
press Down and count the bytes written until the terminal is quiet again. At the end of
the list a Down draws nothing; the run then presses Home (not counted) and Down again,
so every sample is a Down that moved the highlight and the detail pane.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.bare_app import MARKER as BARE_MARKER
from bench.metrics.common import Context, Metric, code_env, hipext_command, median, missing
from bench.terminal import TerminalApp, terminal_env

BARE_APP = Path(__file__).resolve().parents[1] / "bare_app.py"
# hipext's first paint: the loading line, or the picker if it is drawn first.
FIRST_MARKERS = ("hipext  loading", "Hip extension for runners")
# The picker, drawn once the store and the history are loaded.
READY_MARKERS = ("Hip extension for runners",)
DOWN = b"\x1b[B"
HOME = b"\x1b[H"
FRAME_TIMEOUT = 30.0
SETTLE = 0.5  # seconds of silence that mean a screen is finished
KEY_QUIET = 0.15


@dataclass
class Runs:
    """Per-program samples of one start-up series."""

    first: list[float] = field(default_factory=list)
    ready: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _bare_once(runs: Runs) -> None:
    with TerminalApp([sys.executable, str(BARE_APP)], terminal_env()) as app:
        first = app.wait_for(BARE_MARKER, FRAME_TIMEOUT, whole_frame=True)
        if first is None:
            runs.failures.append(_tail(app))
        else:
            runs.first.append(first)


def _hipext_once(store: Path, runs: Runs) -> None:
    with TerminalApp([*hipext_command(), "--db", str(store)], code_env(terminal_env())) as app:
        first = app.wait_for(FIRST_MARKERS, FRAME_TIMEOUT, whole_frame=True)
        if first is None:
            runs.failures.append(_tail(app))
            return
        runs.first.append(first)
        ready = app.wait_for(READY_MARKERS, FRAME_TIMEOUT)
        if ready is None:
            runs.failures.append("picker never shown: " + _tail(app))
            return
        runs.ready.append(ready)
        app.read_until_quiet(SETTLE)
        rss = app.peak_rss_kib()
        if rss is not None:
            runs.rss_kib.append(rss)


def _tail(app: TerminalApp) -> str:
    """The last visible words a failed run printed (the error, usually)."""
    from bench.terminal import visible_text

    text = " ".join(visible_text(bytes(app.output)).split())
    return (text[-200:] or "no output") + (" (exited)" if app.exited else " (timed out)")


def startup(ctx: Context) -> list[Metric]:
    """startup_ratio, startup_history_ratio, rss_ratio, and the picker-ready figures."""
    names = (
        ("startup_ratio", "x", "<=", 1.3),
        ("startup_history_ratio", "x", "<=", 1.05),
        ("rss_ratio", "x", "<=", 1.3),
    )
    if ctx.ten_year_store is None or ctx.empty_store is None:
        return [missing(n, u, op, g, ctx.store_problem) for n, u, op, g in names]
    bare, empty, full = Runs(), Runs(), Runs()
    plan = [
        lambda: _bare_once(bare),
        lambda: _hipext_once(ctx.empty_store, empty),  # type: ignore[arg-type]
        lambda: _hipext_once(ctx.ten_year_store, full),  # type: ignore[arg-type]
    ]
    rounds = ctx.repeats(15, 3)
    _hipext_once(ctx.ten_year_store, Runs())  # warm the page cache and .pyc files
    _bare_once(Runs())
    for r in range(rounds):
        for i in range(len(plan)):
            plan[(i + r) % len(plan)]()

    ctx.details["startup_samples_s"] = {
        "bare_first_frame": bare.first,
        "empty_first_frame": empty.first,
        "ten_year_first_frame": full.first,
        "empty_ready": empty.ready,
        "ten_year_ready": full.ready,
    }
    ctx.details["peak_rss_kib"] = {"empty": empty.rss_kib, "ten_year": full.rss_kib}
    failures = bare.failures + empty.failures + full.failures
    why = failures[0] if failures else ""

    def ratio(top: list[float], bottom: list[float]) -> float | None:
        return median(top) / median(bottom) if top and bottom else None

    out = [
        Metric("startup_ratio", ratio(full.first, bare.first), "x", "<=", 1.3, note=why),
        Metric("startup_history_ratio", ratio(full.first, empty.first), "x", "<=", 1.05, note=why),
        Metric(
            "rss_ratio",
            ratio([float(v) for v in full.rss_kib], [float(v) for v in empty.rss_kib]),
            "x",
            "<=",
            1.3,
            note=why,
        ),
    ]
    # Reported without a goal: how long until the picker is usable, and the raw times.
    out += [
        Metric("startup_bare_ms", _ms(bare.first), "ms", "", digits=0),
        Metric("startup_first_frame_ms", _ms(full.first), "ms", "", digits=0),
        Metric("startup_ready_ms", _ms(full.ready), "ms", "", digits=0, note=why),
        Metric("startup_ready_empty_ms", _ms(empty.ready), "ms", "", digits=0),
        Metric("startup_ready_ratio", ratio(full.ready, bare.first), "x", ""),
    ]
    return out


def _ms(samples: list[float]) -> float | None:
    return median(samples) * 1000 if samples else None


def keypress(ctx: Context) -> list[Metric]:
    """keypress_bytes: bytes sent to the terminal per Down arrow in the picker."""
    if ctx.ten_year_store is None:
        return [missing("keypress_bytes", "B", "<=", 2048, ctx.store_problem)]
    presses = ctx.repeats(20, 10)
    counts: list[int] = []
    wraps = 0
    problem = ""
    for _ in range(ctx.repeats(3, 1)):
        with TerminalApp(
            [*hipext_command(), "--db", str(ctx.ten_year_store)], code_env(terminal_env())
        ) as app:
            if app.wait_for(READY_MARKERS, FRAME_TIMEOUT) is None:
                problem = "picker never shown: " + _tail(app)
                continue
            app.read_until_quiet(SETTLE)
            for _ in range(presses):
                app.send(DOWN)
                sent = app.read_until_quiet(KEY_QUIET)
                if sent == 0:
                    # The end of the list: Down moves nothing. Jump back to the top
                    # (not counted) and measure a Down that does move the highlight.
                    wraps += 1
                    app.send(HOME)
                    app.read_until_quiet(SETTLE)
                    app.send(DOWN)
                    sent = app.read_until_quiet(KEY_QUIET)
                counts.append(sent)
    ctx.details["keypress_bytes_samples"] = counts
    ctx.details["keypress_home_jumps"] = wraps
    if not counts:
        return [missing("keypress_bytes", "B", "<=", 2048, problem)]
    note = "no redraw at all: is a list focused?" if max(counts) == 0 else ""
    return [Metric("keypress_bytes", median(counts), "B", "<=", 2048, note=note, digits=0)]
