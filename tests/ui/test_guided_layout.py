"""The guided view as it is laid out: no frame shows the steps one word per line, Tab
and PageUp/PageDown reach the coaching pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.strip import Strip

from hipext_tui.ui.screens.guided import GuidedScreen
from hipext_tui.ui.widgets.detail_pane import DetailPane

from .conftest import build_app, press, screen_text, settle


class Painted:
    """Every line the steps pane hands the compositor, frame after frame."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.lines: list[tuple[int, str]] = []
        original = DetailPane.render_line

        def spy(pane: DetailPane, y: int) -> Strip:
            strip = original(pane, y)
            if pane.id == "guided-steps":
                self.lines.append((pane.scrollable_content_region.width, strip.text.rstrip()))
            return strip

        monkeypatch.setattr(DetailPane, "render_line", spy)

    def one_word_steps(self) -> list[str]:
        """Painted step lines holding one word after the number (the "1. Lie" bug)."""
        return [t for _, t in self.lines if t.strip()[:1].isdigit() and len(t.split()) <= 2]

    def too_long(self) -> list[str]:
        """Painted lines whose text was cut at the pane's edge (wrapped for a wider pane)."""
        return [t for width, t in self.lines if len(t) >= width and not t.endswith(" ")]


async def test_no_frame_paints_the_steps_wrapped_for_another_width(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    painted = Painted(monkeypatch)
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        # The first frame after Enter starts the routine (the pane laid out for the first
        # time): wrapped for its real width, never one word per line.
        assert isinstance(app.screen, GuidedScreen)
        first = [t for _, t in painted.lines if t.startswith(" 1. Lie")]
        assert first and first[0].startswith(" 1. Lie face up with both knees")
        assert painted.one_word_steps() == []
        # A resize to 60x20: no frame keeps the lines of the old width either.
        painted.lines.clear()
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert painted.lines, "the pane was not repainted"
        assert painted.one_word_steps() == []
        assert painted.too_long() == []
        assert "1. Lie face up with both knees bent and both feet" in screen_text(app)


@pytest.mark.parametrize("width", range(12, 40))
def test_a_number_never_wraps_away_from_its_unit(width: int) -> None:
    from hipext_tui.ui.widgets.detail_pane import Para, _wrap

    text = "Deadlift: 3 x 10, rest 90 s, hold 2 s, then 16 kg for 12 reps"
    lines = [line.text for line in _wrap([Para("step", text, 2)], width)]
    assert " ".join(" ".join(lines).split()) == f"2. {text}"
    for line in lines:
        words = line.split()
        assert not (words and words[0] in {"s", "kg", "reps"}), lines


@pytest.mark.parametrize("size", [(40, 20), (45, 30)])
async def test_the_countdown_fits_a_narrow_screen_whole(
    store_path: Path, size: tuple[int, int]
) -> None:
    from textual.widgets import Digits

    app = build_app(store_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter")  # both sides of set 1: resting
        digits = app.screen.query_one("#rest-digits", Digits)
        side = app.screen.query_one("#guided-side")
        assert digits.region.height == 3
        assert side.region.intersection(digits.region) == digits.region  # not cut off
        assert "Enter logs the set" not in screen_text(app)  # explanations make room
        await press(pilot, "s")  # the rest ends: they are back
        assert "Enter logs the set" in screen_text(app)
