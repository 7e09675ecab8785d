"""Where the picker puts its parts: a grid from 80 columns, one column below, and the
too-small message across the whole window at any width."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import build_app, screen_text, settle


def row_of(rows: list[str], text: str) -> tuple[int, int]:
    """(row, column) of the first line showing ``text``."""
    for y, row in enumerate(rows):
        if text in row:
            return y, row.index(text)
    raise AssertionError(f"{text!r} is not on screen:\n" + "\n".join(rows))


async def picker_rows(store_path: Path, size: tuple[int, int]) -> list[str]:
    """The picker's rows of text at ``size``, once it has settled."""
    app = build_app(store_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        return screen_text(app).splitlines()


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_a_wide_picker_has_the_list_left_and_the_streak_over_the_details(
    store_path: Path, size: tuple[int, int]
) -> None:
    rows = await picker_rows(store_path, size)
    assert row_of(rows, "/ filter") == (0, 0)
    streak, routine, detail = (
        row_of(rows, "Streak:"),
        row_of(rows, "Hip extension for runners"),  # the list's entry (left)
        row_of(rows, "20 sets, about 30 min"),  # the details of the highlighted one
    )
    assert streak[0] == 0 and streak[1] > 30, "the streak box tops the right column"
    assert routine[1] <= 1 and detail[1] > 30
    assert detail[0] > streak[0] + 2, "the details start under the streak box"
    assert rows[-1].startswith("⏎ Start")


@pytest.mark.parametrize("size", [(45, 30), (79, 24)])
async def test_a_narrow_picker_stacks_streak_filter_list_and_details(
    store_path: Path, size: tuple[int, int]
) -> None:
    rows = await picker_rows(store_path, size)
    order = [
        row_of(rows, text)
        for text in ("Streak:", "/ filter", "Routines", "Exercises", "20 sets, about")
    ]
    assert [y for y, _ in order] == sorted(y for y, _ in order)
    assert all(x <= 1 for _, x in order), "one column: everything starts at the left"


async def test_a_wide_but_short_window_shows_the_message_whole(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(120, 15)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "terminal too small: need 40x20, have 120x15" in text
        assert "Streak:" not in text and "/ filter" not in text
