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
