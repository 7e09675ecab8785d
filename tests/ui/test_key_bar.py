"""The key bar at the foot of the picker: which keys fit, help never cut off, clicks."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipext_tui.ui.app import make_app
from hipext_tui.ui.screens.picker import PickerScreen
from hipext_tui.ui.widgets.key_bar import KeyBar, Shown, fit

from .conftest import TZ_NAME, build_app, fixed_now, press, screen_text, settle


def key(display: str, description: str) -> Shown:
    return Shown(display, display, description, True, "")


KEYS = [key("⏎", "Start"), key("/", "Filter"), key("h", "History"), key("q", "Quit")]
HELP = key("?", "Help")


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (80, "⏎ Start|/ Filter|h History|q Quit|? Help"),  # all fit: declared order
        (40, "⏎ Start|/ Filter|h History|q Quit|? Help"),  # exactly 40 cells
        (39, "⏎ Start|/ Filter|h History|? Help"),  # q goes, help stays
        (23, "⏎ Start|/ Filter|? Help"),
        (22, "⏎ Start|? Help"),
        (6, "? Help"),
        (5, ""),  # not even help fits
    ],
)
def test_fit_keeps_the_order_and_never_drops_help(width: int, shown: str) -> None:
    got = fit([*KEYS, HELP], width, HELP)
    assert "|".join(f"{k.display} {k.description}" for k in got) == shown


def test_fit_without_a_help_key_cuts_from_the_end() -> None:
    assert [k.display for k in fit(KEYS, 20, None)] == ["⏎", "/"]


@pytest.mark.parametrize("size", [(40, 20), (45, 30), (80, 24), (200, 50)])
async def test_the_picker_bar_always_shows_help(store_path: Path, size: tuple[int, int]) -> None:
    app = build_app(store_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        bar = screen_text(app).splitlines()[-1]
    assert "? Help" in bar and "⏎ Start" in bar and "h History" in bar
    assert ("q Quit" in bar) is (size[0] >= 80)


async def test_a_click_on_a_key_presses_it(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = screen_text(app).splitlines()[-1]
        await pilot.click(KeyBar, offset=(bar.index("History"), 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_the_preloaded_picker_shows_a_remapped_key(tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"picker.history" = "y"\n')
    app = make_app(tmp_path / "h.json", tz_name=TZ_NAME, now=fixed_now, preload=True, keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert "y History" in screen_text(app).splitlines()[-1]
        await press(pilot, "y")
        assert type(app.screen).__name__ == "HistoryScreen"
