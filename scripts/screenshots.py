"""Regenerate ``screenshots/*.svg``: every screen at 80x24 (some at a phone's 45x30),
from the fixed demo history and a fixed clock, so the pictures only change with the UI.
Every store comes from :func:`hipext_tui.ui.demo.write_demo_store` (the one demo
generator); the calendar with pauses and runs adds the demo's pauses and runs.

    python scripts/screenshots.py [--out screenshots] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pendulum

from hipext_tui.ui.app import HipextApp, make_app
from hipext_tui.ui.demo import demo_pauses, demo_runs, write_demo_store

TZ_NAME = "Europe/London"
NOW: datetime = pendulum.datetime(2025, 3, 12, 18, 30, tz=TZ_NAME)
SIZE = (80, 24)
PHONE = (45, 30)

# (file name, keys pressed after the picker has loaded). "history" opens the history
# screen by its action, the way the picker's h key does.
SHOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("picker", ("j",)),
    ("guided", ("enter",)),
    ("rest", ("enter", "enter", "enter")),
    ("pacing", ("enter", "t")),
    ("invalid-entry", ("enter", "tab", "a", "b", "c", "enter")),
    ("rpe", ("j", "j", "enter", "e", "8")),
    ("suggestion", ("j", "j", "j", "enter")),
    ("pain", ("enter", "enter", "p")),
    ("summary", ("enter", "x", "y", "enter", "s", "f", "y")),
    ("settings", ("s",)),
    ("help", ("question_mark",)),
    ("routine-editor", ("e",)),
    ("history", ("history",)),
    # The whole routine to backfill, dated on the calendar's day a week back.
    ("backfill", ("history", "tab", "left", "n")),
)
# (file name, keys, size): with the demo's pauses and runs in the store.
COACH_SHOTS: tuple[tuple[str, tuple[str, ...], tuple[int, int]], ...] = (
    ("history-pause-km", ("history", "tab", "left", "down"), SIZE),
    ("phone-history-pause-km", ("history", "tab", "left", "down"), PHONE),
)


async def shoot(store: Path, keys: Sequence[str], size: tuple[int, int] = SIZE) -> str:
    """The SVG of the app after pressing ``keys``."""
    app: HipextApp = make_app(store, tz_name=TZ_NAME, now=lambda: NOW)
    app.monotonic = lambda: 1000.0
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        for key in keys:
            if key == "history":
                app.action_open_history()
            else:
                await pilot.press(key)
            await _settle(pilot)
        return app.export_screenshot(title="hipext")


async def _settle(pilot: object) -> None:
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]
        await pilot.app.workers.wait_for_complete()  # type: ignore[attr-defined]


async def main(out: Path, only: Sequence[str] = ()) -> None:
    """Write one SVG per screen into ``out`` (only the ``only`` ones when given)."""
    out.mkdir(parents=True, exist_ok=True)
    shots = [(name, keys, SIZE, False) for name, keys in SHOTS]
    # A phone SSH client in portrait, and a terminal below the 40x20 minimum.
    shots += [
        ("phone-picker", ("j",), PHONE, False),
        ("phone-guided", ("enter",), PHONE, False),
        ("phone-history", ("history",), PHONE, False),
        ("phone-backfill", ("history", "tab", "left", "n"), PHONE, False),
        ("too-small", (), (36, 15), False),
    ]
    shots += [(name, keys, size, True) for name, keys, size in COACH_SHOTS]
    for name, keys, size, coach in shots:
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "demo.json"
            if coach:
                write_demo_store(store, NOW, pauses=demo_pauses(NOW), runs=demo_runs(NOW))
            else:
                write_demo_store(store, NOW)
            svg = await shoot(store, keys, size=size)
        (out / f"{name}.svg").write_text(svg, encoding="utf-8")
        print(f"wrote {out / name}.svg")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--only", nargs="*", default=(), help="the shots to write")
    args = parser.parse_args()
    asyncio.run(main(args.out, args.only))
