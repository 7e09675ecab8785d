"""One user's walk through the TUI on one store, timed from what the screen shows.

A run starts the installed ``hipext --db STORE`` under an 80x24 pty and reads the
screen through a terminal emulator (bench/terminal.py):

1. the usable picker: the routine list, the streak box filled in (no "counting...")
   and the footer drawn; timed from fork/exec, so interpreter start-up, imports, the
   store and the streaks all count;
2. after the output settles, ``h``: the history screen with its first session row
   (a date and a time in the table), timed from the key press;
3. after it settles, ``e`` opens the exercise chooser, Down picks Deadlift, and Enter
   opens its records and charts; timed from Enter until the records table is drawn.

The peak RSS (VmHWM) is read at each of the three screens once the output has been
quiet for a moment. A store without sessions has no history rows, so on the empty
store the walk stops at the picker.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.bare_app import MARKER as BARE_MARKER
from bench.metrics.common import Context
from bench.terminal import TerminalApp, terminal_env, visible_text

SCREEN_TIMEOUT = 30.0
SETTLE = 0.4  # seconds of silence that mean a screen is finished
ROUTINE = "Hip extension for runners"
# A session row: "Sat 2026-10-24  23:49  ..." (the day line under the calendar has no time).
SESSION_ROW = re.compile(r"\b[A-Z][a-z]{2} \d{4}-\d\d-\d\d +\d\d:\d\d\b")
BARE_APP = Path(__file__).resolve().parents[1] / "bare_app.py"


def picker_usable(rows: list[str]) -> bool:
    """The picker a user can act on: routines listed, streaks counted, footer drawn."""
    text = "\n".join(rows)
    return (
        ROUTINE in text
        and "Streak:" in text
        and "counting" not in text
        and "History" in rows[-1]
        and "Quit" in rows[-1]
    )


def history_filled(rows: list[str]) -> bool:
    """The history screen with at least one session row."""
    return any(SESSION_ROW.search(row) for row in rows) and "Records" in rows[-1]


def records_drawn(rows: list[str]) -> bool:
    """The records screen with its numbers in (not "Loading records...")."""
    text = "\n".join(rows)
    return "Best set" in text and "Loading" not in text


@dataclass
class Walk:
    """The samples of one series of walks (one store, or one kind of copy)."""

    first: list[float] = field(default_factory=list)
    picker: list[float] = field(default_factory=list)
    history: list[float] = field(default_factory=list)
    records: list[float] = field(default_factory=list)
    rss_picker: list[float] = field(default_factory=list)
    rss_history: list[float] = field(default_factory=list)
    rss_records: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, list[float] | list[str]]:
        """The raw samples for ``--json``."""
        return {k: v for k, v in self.__dict__.items() if v}


def bare_once(ctx: Context, walk: Walk) -> None:
    """The floor: the one-Static Textual app to its first frame."""
    argv = [str(ctx.install.python), str(BARE_APP)]
    with TerminalApp(argv, terminal_env()) as app:
        seen = app.wait_screen(lambda rows: BARE_MARKER in "\n".join(rows), SCREEN_TIMEOUT)
        if seen is None:
            walk.failures.append("bare app: " + tail(app))
        else:
            walk.first.append(seen)


def walk_once(ctx: Context, store: Path, walk: Walk, *, deep: bool = True) -> None:
    """Picker, then (with ``deep``) history and records, on ``store``."""
    argv = [*ctx.hipext(), "--db", str(store)]
    with TerminalApp(argv, terminal_env()) as app:
        first = app.wait_screen(lambda rows: any(r.strip() for r in rows), SCREEN_TIMEOUT)
        usable = app.wait_screen(picker_usable, SCREEN_TIMEOUT)
        if first is None or usable is None:
            walk.failures.append("picker never usable: " + tail(app))
            return
        walk.first.append(first)
        walk.picker.append(usable)
        app.read_until_quiet(SETTLE)
        _rss(app, walk.rss_picker)
        if not deep:
            return
        if not _step(app, b"h", history_filled, walk, "history"):
            return
        app.send(b"e")
        if app.wait_screen(lambda rows: "Records of" in "\n".join(rows), SCREEN_TIMEOUT) is None:
            walk.failures.append("no exercise chooser: " + tail(app))
            return
        app.read_until_quiet(SETTLE)
        app.send(b"\x1b[B")  # the second exercise: Deadlift (weighted, so e1RM too)
        app.read_until_quiet(SETTLE)
        _step(app, b"\r", records_drawn, walk, "records")


def _step(
    app: TerminalApp, key: bytes, shows: Callable[[list[str]], bool], walk: Walk, screen: str
) -> bool:
    """Press ``key``, time it until ``shows(rows)``, let the screen settle and read the
    peak RSS; the samples go to ``walk.<screen>`` and ``walk.rss_<screen>``."""
    start = time.perf_counter()
    app.send(key)
    if app.wait_screen(shows, SCREEN_TIMEOUT) is None:
        walk.failures.append(f"{screen} never drawn: " + tail(app))
        return False
    getattr(walk, screen).append(time.perf_counter() - start)
    app.read_until_quiet(SETTLE)
    _rss(app, getattr(walk, f"rss_{screen}"))
    return True


def _rss(app: TerminalApp, into: list[float]) -> None:
    kib = app.peak_rss_kib()
    if kib is not None:
        into.append(float(kib))


def tail(app: TerminalApp) -> str:
    """The last visible words a failed run printed (the error, usually)."""
    text = " ".join(visible_text(bytes(app.output)).split())
    return (text[-200:] or "no output") + (" (exited)" if app.exited else " (timed out)")
