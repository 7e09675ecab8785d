"""Fixtures of the pilot and snapshot tests; the helpers themselves are in ``harness``
(re-exported here for the tests that import them from this module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import (
    NOW,
    TZ_NAME,
    build_app,
    fixed_now,
    press,
    screen_text,
    settle,
    then,
)

__all__ = ["NOW", "TZ_NAME", "build_app", "fixed_now", "press", "screen_text", "settle", "then"]


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


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a focused field's cursor drawn: its blink toggles every 0.5 s, so on a loaded
    machine a snapshot taken a moment later caught it hidden and failed."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
