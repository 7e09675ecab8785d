"""The rest countdown and the pacing timer, driven by an injected clock."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Digits, Input

from hipext_tui.ui.widgets.pace_timer import PaceTimer
from hipext_tui.ui.widgets.rest_timer import RestTimer

from .conftest import build_app, press, screen_text, settle

SIZE = (80, 24)


class Clock:
    """A monotonic clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_rest_countdown_big_digits_next_set_keys_and_zero(store_path: Path) -> None:
    app = build_app(store_path)
    clock = Clock()
    app.monotonic = clock
    rung: list[bool] = []
    app.bell = lambda: rung.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter")  # both sides of set 1: rest starts
        rest = app.screen.query_one(RestTimer)
        digits = app.screen.query_one("#rest-digits", Digits)
        assert rest.display and digits.value == "1:00"
        text = screen_text(app)
        assert "Next: Single-leg glute" in text
        assert rest.next_set == "Next: Single-leg glute bridge, set 2 of 3, left leg"
        await press(pilot, "plus")
        assert digits.value == "1:15"
        await press(pilot, "minus", "minus")
        assert digits.value == "0:45"
        clock.now += 36
        rest.poll()
        await settle(pilot)
        assert digits.value == "0:09"
        assert rest.has_class("-ending")
        clock.now += 9
        rest.poll()
        await settle(pilot)
        assert not rest.display
        assert rung == [True]
        notes = [str(n.message) for n in app._notifications]
        assert notes[-1] == "Rest over. Next: Single-leg glute bridge, set 2 of 3, left leg"


async def test_skipping_the_rest_leaves_no_message(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter", "s")
        assert not app.screen.query_one(RestTimer).display
        assert "Rest skipped" not in screen_text(app)
        assert "Rest over" not in screen_text(app)


async def test_redo_keeps_the_rest_running(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter", "r", "enter")
        assert app.screen.query_one(RestTimer).running
        assert app.screen.query_one("#rest-digits", Digits).value == "1:00"


async def test_pacing_a_bridge_set_rep_by_rep_with_a_pause(store_path: Path) -> None:
    app = build_app(store_path)
    clock = Clock()
    app.monotonic = clock
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert "t: pace 10 reps (hold 2 s)" in screen_text(app)
        await press(pilot, "t")
        pace = app.screen.query_one(PaceTimer)

        async def at(seconds: float) -> str:
            clock.now = 1000.0 + seconds
            pace.poll()
            await settle(pilot)
            return screen_text(app)

        text = await at(0)
        assert "Rep 1 of 10" in text and "UP  1" in text
        assert pace.has_class("-pulse")
        assert not (await at(0.5) and pace.has_class("-pulse"))  # the flash is short
        text = await at(1.5)
        assert "HOLD  2" in text and pace.has_class("-pulse")  # a new phase flashes
        assert "DOWN  1" in await at(3)
        text = await at(4)
        assert "Rep 2 of 10" in text and "UP  1" in text
        await press(pilot, "space")
        text = await at(30)
        assert "Rep 2 of 10" in text and "space: carry on" in text
        await press(pilot, "space")
        clock.now = 1000.0 + 30 + 36  # the other 36 s of the set
        pace.poll()
        await settle(pilot)
        assert app.screen.query_one("#reps", Input).value == "10"
        assert "10 reps paced: Enter logs them." in screen_text(app)


async def test_stopping_the_pacing_early_keeps_the_prefill(store_path: Path) -> None:
    app = build_app(store_path)
    clock = Clock()
    app.monotonic = clock
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "t")
        clock.now += 9
        await press(pilot, "t")
        assert not app.screen.query_one(PaceTimer).active
        assert "t: pace 10 reps (hold 2 s)" in screen_text(app)
