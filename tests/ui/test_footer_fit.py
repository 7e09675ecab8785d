"""The footer on a phone: ``? Help`` and the first keys of every screen stay on screen
at 40 and 45 columns, and a wide terminal still shows every key in the screen's order."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from hipext_tui.ui.demo import HISTORY_REST_DAYS, history_sessions, write_demo_store
from hipext_tui.ui.screens.history import HistoryScreen

from .harness import NOW, ScreenApp, build_app, make_ctx, press, screen_text, settle

# Screen: keys from the first screen, the footer's first keys at 40 columns, its keys at
# 80. The first four open in the whole app; the history ones on the history screen alone.
SCREENS = {
    "picker": ((), "⏎ Start / Filter h History", "s Setup ? Help : More q Quit"),
    "guided": (("enter",), "⏎ Log t Timer e RPE", "x Skip ex esc Back ? Help : More q Quit"),
    "resting": (("enter", "enter", "enter"), "⏎ Log t Timer s Skip", "esc Back ? Help"),
    "settings": (("s",), "⏎ Save esc Back", "⏎ Save esc Back ? Help : More q Quit"),
    "h-list": ((), "esc Back f Filter e Records", "p Pause d Del ? Help : Commands q Quit"),
    "h-calendar": (("tab",), "esc Back f Filter e Records", "r Rest p Pause d Del ? Help"),
    "h-session": (("down", "enter"), "esc Back e Edit d Del set", "x Del session ? Help"),
    "h-backfill": (("tab", "left", "up", "n"), "⏎ Save esc Cancel", "⏎ Save esc Cancel ? Help"),
}
WIDTHS = [(40, 20), (45, 30)]


async def footer_of(name: str, size: tuple[int, int], tmp_path: Path) -> str:
    """The bottom row of the terminal on screen ``name`` at ``size``."""
    if name.startswith("h-"):
        ctx = make_ctx(tmp_path / "hipext.json", history_sessions(), HISTORY_REST_DAYS)
        app: App[object] = ScreenApp(lambda: HistoryScreen(ctx))
    else:
        path = tmp_path / "demo.json"
        write_demo_store(path, NOW)
        app = build_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, *SCREENS[name][0])
        return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("name", sorted(SCREENS))
@pytest.mark.parametrize("size", WIDTHS, ids=["40x20", "45x30"])
async def test_help_and_the_first_keys_show_on_a_phone(
    tmp_path: Path, name: str, size: tuple[int, int]
) -> None:
    shown = await footer_of(name, size, tmp_path)
    assert shown.startswith(SCREENS[name][1])
    assert "? Help" in shown
    assert len(shown.rstrip()) <= size[0]


@pytest.mark.parametrize("name", sorted(SCREENS))
async def test_the_wide_footer_is_the_screens_keys_in_order(tmp_path: Path, name: str) -> None:
    assert SCREENS[name][2] in await footer_of(name, (80, 24), tmp_path)


async def test_a_wide_terminal_shows_every_key_and_a_narrow_one_brings_them_back(
    demo_path: Path,
) -> None:
    app = build_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wide = "⏎ Start / Filter h History n New e Edit s Setup ? Help : More q Quit"
        assert screen_text(app).splitlines()[-1].rstrip() == wide
        await pilot.resize_terminal(45, 30)
        await settle(pilot)
        narrow = "⏎ Start / Filter h History n New ? Help"
        assert screen_text(app).splitlines()[-1].rstrip() == narrow
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen_text(app).splitlines()[-1].rstrip() == wide
