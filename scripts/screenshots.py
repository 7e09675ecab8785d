"""Regenerate ``screenshots/*.svg``: every screen at 80x24 (some at a phone's 45x30),
from the fixed demo history and a fixed clock, so the pictures only change with the UI.

    python scripts/screenshots.py [--out screenshots]
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
from hipext_tui.ui.demo import write_demo_store

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


async def main(out: Path) -> None:
    """Write one SVG per screen into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for name, keys in SHOTS:
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "demo.json"
            write_demo_store(store, NOW)
            svg = await shoot(store, keys)
        (out / f"{name}.svg").write_text(svg, encoding="utf-8")
        print(f"wrote {out / name}.svg")
    # A phone SSH client in portrait, and a terminal below the 40x20 minimum.
    for name, keys, size in (
        ("phone-picker", ("j",), PHONE),
        ("phone-guided", ("enter",), PHONE),
        ("phone-history", ("history",), PHONE),
        ("too-small", (), (36, 15)),
    ):
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "demo.json"
            write_demo_store(store, NOW)
            svg = await shoot(store, keys, size=size)
        (out / f"{name}.svg").write_text(svg, encoding="utf-8")
        print(f"wrote {out / name}.svg")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    asyncio.run(main(parser.parse_args().out))
