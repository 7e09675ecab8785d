"""The app under stress: every terminal size and a storm of resizes while a rest runs.

CI runs a sample of the sizes; ``HIPEXT_LONG=1`` walks every size from 20x8 to 300x80.
At each size the screen must either work or say, in words, that it is too small.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from hipext_tui.ui.app import MIN_HEIGHT, MIN_WIDTH
from hipext_tui.ui.screens.guided import GuidedScreen
from tests.ui.conftest import build_app, press, screen_text, settle

pytestmark = pytest.mark.reliability

LONG = os.environ.get("HIPEXT_LONG") == "1"
WIDTHS = range(20, 301) if LONG else range(20, 301, 23)
HEIGHTS = range(8, 81) if LONG else range(8, 81, 9)


def _check(text: str, width: int, height: int) -> None:
    message = f"terminal too small: need {MIN_WIDTH}x{MIN_HEIGHT}, have {width}x{height}"
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        # The message may wrap on a very narrow screen: compare without line breaks.
        flat = " ".join(text.split())
        assert message in flat or message.replace(" ", "") in flat.replace(" ", "")
    else:
        assert "terminal too small" not in text
        # The guided view is drawn, not a broken layout (narrow heads are shorter).
        assert "2 of 20" in text and "Set 2 of 3" in text


async def test_every_size_while_the_rest_timer_runs(tmp_path: Path) -> None:
    app = build_app(tmp_path / "hipext.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter")  # start; left and right side: rest
        assert isinstance(app.screen, GuidedScreen)
        assert "Rest" in screen_text(app)
        for width in WIDTHS:
            for height in HEIGHTS:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                _check(screen_text(app), width, height)
        assert app.return_code is None  # still running


async def test_a_storm_of_random_resizes_does_not_crash(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    app = build_app(tmp_path / "hipext.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter")
        for _ in range(1000 if LONG else 50):
            # No pause between most of them: resizes arrive faster than frames.
            await pilot.resize_terminal(rng.randint(1, 320), rng.randint(1, 90))
            if rng.random() < 0.2:
                await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        _check(screen_text(app), 80, 24)
        await press(pilot, "s")  # skip the rest: the screen still answers keys
        assert app.return_code is None
