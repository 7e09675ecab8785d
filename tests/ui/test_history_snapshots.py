"""Snapshot tests of the history screens at 40x20, 45x30, 80x24 and 200x50 (fixed clock
and data): the list, the calendar (with pauses and running), a session, an exercise,
the pauses dialog and the backfill grid.

Update the baselines with ``pytest tests/ui/test_history_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/ui/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
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


@pytest.mark.parametrize("size", SIZES)
def test_history_backfill(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    # The calendar on last Tuesday (a week back, a day back), then n: the whole routine.
    keys = ("tab", "left", "up", "n")
    assert snap_compare(history_app(tmp_path), terminal_size=size, run_before=then(*keys))


def test_history_backfill_bad_cell(snap_compare: SnapCompare, tmp_path: Path) -> None:
    # Letters are not typed into a number cell: a bad cell is an out-of-range number.
    keys = ("tab", "left", "up", "n", "backspace", "backspace", "0", "enter")
    assert snap_compare(history_app(tmp_path), terminal_size=(80, 24), run_before=then(*keys))


def paused_app(tmp_path: Path) -> ScreenApp:
    """The demo history with a pause over last weekend and two weeks of runs."""
    import pendulum

    from hipext_tui.domain.pauses import Pause, PauseReason
    from hipext_tui.domain.runs import Run

    ctx = make_ctx(tmp_path / "hipext.json", history_sessions(), HISTORY_REST_DAYS)
    ctx.add_pause(Pause(date(2025, 3, 7), date(2025, 3, 9), PauseReason.TRIP))
    ctx.add_pause(Pause(date(2025, 3, 20), date(2025, 3, 26), PauseReason.TAPER))
    runs = []
    for k, km in enumerate((6.0, 14.5, 22.0, 31.0, 42.2, 18.0, 9.5, 26.0)):
        day = date(2025, 1, 20) + timedelta(weeks=k)
        start = pendulum.datetime(day.year, day.month, day.day, 18, tz="Europe/London")
        runs.append(Run(f"run-{k}", start, "Run", km, int(km * 330), "demo.gpx"))
    ctx.import_runs(runs)
    return ScreenApp(lambda: HistoryScreen(ctx))


@pytest.mark.parametrize("size", [(45, 30), (80, 24), (200, 50)], ids=["45x30", "80x24", "200x50"])
def test_history_pause_and_km(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    # The calendar on Saturday 8 March, inside the trip.
    keys = ("tab", "left", "down", "down", "down")
    assert snap_compare(paused_app(tmp_path), terminal_size=size, run_before=then(*keys))


def test_history_pauses_dialog(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(paused_app(tmp_path), terminal_size=(80, 24), run_before=then("p"))


def test_history_backfill_no_color_ascii(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A phone over SSH to an old terminal: no colour, ASCII marks; the whole app.
    from hipext_tui.ui.demo import write_demo_store

    from .harness import NOW, build_app

    monkeypatch.setenv("NO_COLOR", "1")
    path = tmp_path / "demo.json"
    write_demo_store(path, NOW)
    app = build_app(path, term="linux")
    keys = ("h", "tab", "left", "n", "down", "down")
    assert snap_compare(app, terminal_size=(45, 30), run_before=then(*keys))
