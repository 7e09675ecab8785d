"""Shared helpers for the pilot and snapshot tests of the app shell and its screens.

Every app here runs with a fixed clock, a fixed zone and a store in ``tmp_path``; timers
read a frozen monotonic clock, so nothing depends on how fast the machine is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pendulum
import pytest
from textual.app import App
from textual.pilot import Pilot

from hipext_tui.ui.app import HipextApp, make_app

TZ_NAME = "Europe/London"
# A Wednesday evening; the demo history ends the day before.
NOW: datetime = pendulum.datetime(2025, 3, 12, 18, 30, tz=TZ_NAME)


def fixed_now() -> datetime:
    """The test clock."""
    return NOW


def build_app(path: Path, term: str | None = None) -> HipextApp:
    """The app as the command line builds it, but with the test clock and zone."""
    app = make_app(path, tz_name=TZ_NAME, now=fixed_now, term=term)
    app.monotonic = lambda: 1000.0  # frozen: countdowns show their start value
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen redraw."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one by one, settling after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def screen_text(app: App[Any]) -> str:
    """Everything visible on the terminal, as plain text (what the user reads)."""
    update = app.screen._compositor.render_full_update(simplify=True)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` for snapshots: wait for the picker, then press ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return run_before


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """An empty store location."""
    return tmp_path / "hipext.json"


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    """A store holding the fixed demo history."""
    from hipext_tui.ui.demo import write_demo_store

    path = tmp_path / "demo.json"
    write_demo_store(path, NOW)
    return path
