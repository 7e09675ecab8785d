"""Snapshot tests of the history screens at 80x24 and 200x50 (fixed clock and data).

Update the baselines with ``pytest tests/ui/test_history_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/ui/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hipext_tui.ui.demo import HISTORY_REST_DAYS, history_sessions
from hipext_tui.ui.screens.history import HistoryScreen

from .harness import ScreenApp, make_ctx, then

SIZES = [
    pytest.param((40, 20), id="40x20"),
    pytest.param((45, 30), id="45x30"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((200, 50), id="200x50"),
]
SnapCompare = Callable[..., bool]


def history_app(tmp_path: Path) -> ScreenApp:
    """The history screen over the demo data, with the fixed clock."""
    ctx = make_ctx(tmp_path / "hipext.json", history_sessions(), HISTORY_REST_DAYS)
    return ScreenApp(lambda: HistoryScreen(ctx))


@pytest.mark.parametrize("size", SIZES)
def test_history_list(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(history_app(tmp_path), terminal_size=size, run_before=then())


@pytest.mark.parametrize("size", SIZES)
def test_history_calendar(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    # The calendar focused; from Wednesday 12 March the cursor goes a week back and two
    # days on, to Friday 7, which r marks as a planned rest day.
    keys = ("tab", "left", "down", "down", "r")
    assert snap_compare(history_app(tmp_path), terminal_size=size, run_before=then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_history_session(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    keys = ("down", "enter")  # Thursday's session, which has a warm-up set
    assert snap_compare(history_app(tmp_path), terminal_size=size, run_before=then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_history_exercise(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    keys = ("e", "down", "down", "enter")  # Kickstand deadlift: one-sided, weighted
    assert snap_compare(history_app(tmp_path), terminal_size=size, run_before=then(*keys))
