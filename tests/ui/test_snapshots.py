"""Snapshot tests of the app shell's screens (pytest-textual-snapshot).

Every picture comes from the fixed demo history and the fixed test clock. To accept a
deliberate change in the look, run ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/ui/__snapshots__`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import build_app, then

SMALL = (80, 24)
LARGE = (200, 50)
PHONE = (45, 30)
TINY = (40, 20)
SIZES = [
    pytest.param(TINY, id="40x20"),
    pytest.param(PHONE, id="45x30"),
    pytest.param(SMALL, id="80x24"),
    pytest.param(LARGE, id="200x50"),
]


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare: Any, demo_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(demo_path), terminal_size=size, run_before=then("j"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "200x50"])
def test_guided(snap_compare: Any, demo_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(demo_path), terminal_size=size, run_before=then("enter"))


def test_guided_resting(snap_compare: Any, demo_path: Path) -> None:
    # Two sides of the first set logged: the rest countdown runs (frozen at its start).
    run = then("enter", "enter", "enter")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("size", [TINY, PHONE, LARGE], ids=["40x20", "45x30", "200x50"])
def test_guided_resting_sizes(snap_compare: Any, demo_path: Path, size: tuple[int, int]) -> None:
    # The rest countdown of test_guided_resting at the other sizes.
    run = then("enter", "enter", "enter")
    assert snap_compare(build_app(demo_path), terminal_size=size, run_before=run)


def test_guided_pacing_a_hold(snap_compare: Any, demo_path: Path) -> None:
    # The pacing timer just started on the bridges (the frozen clock holds rep 1, "up").
    run = then("enter", "t")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


def test_guided_invalid_entry(snap_compare: Any, demo_path: Path) -> None:
    run = then("enter", "tab", "a", "b", "c", "enter")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


def test_guided_set_with_rpe_and_suggestion(snap_compare: Any, demo_path: Path) -> None:
    # Deadlift alone: the suggestion prefilled with its reason, the last time under it,
    # and an RPE typed.
    run = then("j", "j", "enter", "e", "8")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


def test_guided_suggestion_per_leg(snap_compare: Any, demo_path: Path) -> None:
    # The kickstand deadlift alone: the left leg's own suggestion and last time.
    run = then("j", "j", "j", "enter")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


def test_guided_pain_dialog(snap_compare: Any, demo_path: Path) -> None:
    run = then("enter", "enter", "p")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


def test_summary(snap_compare: Any, demo_path: Path) -> None:
    # Skip two exercises, log one set, finish early: the summary of a short workout.
    run = then("enter", "x", "y", "enter", "s", "f", "y")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_settings(snap_compare: Any, demo_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(demo_path), terminal_size=size, run_before=then("s"))


@pytest.mark.parametrize("size", [TINY, PHONE], ids=["40x20", "45x30"])
def test_guided_narrow(snap_compare: Any, demo_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(demo_path), terminal_size=size, run_before=then("enter"))


def test_picker_no_color(
    snap_compare: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(build_app(demo_path), terminal_size=PHONE, run_before=then("j"))


@pytest.mark.parametrize("size", [PHONE, SMALL], ids=["45x30", "80x24"])
def test_settings_no_color(
    snap_compare: Any, demo_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(build_app(demo_path), terminal_size=size, run_before=then("s"))


def test_picker_ascii_terminal(snap_compare: Any, demo_path: Path) -> None:
    app = build_app(demo_path, term="linux")
    assert snap_compare(app, terminal_size=PHONE, run_before=then("j", "h"))


def test_help(snap_compare: Any, demo_path: Path) -> None:
    run = then("question_mark")
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=run)


def test_routine_editor(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(build_app(demo_path), terminal_size=SMALL, run_before=then("e"))


def test_too_small(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(build_app(demo_path), terminal_size=(50, 15), run_before=then())
