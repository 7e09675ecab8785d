"""Older names of the history tests' helpers, kept for tests that import them from here.

The helpers live in :mod:`tests.ui.harness` (apps, clock, store) and the data in
:mod:`hipext_tui.ui.demo` (the one demo generator).
"""

from __future__ import annotations

from hipext_tui.ui.demo import HISTORY_REST_DAYS as REST_DAYS
from hipext_tui.ui.demo import history_days as demo_days
from hipext_tui.ui.demo import history_session as demo_session
from hipext_tui.ui.demo import history_sessions as demo_sessions

from .harness import NOW, TODAY, TZ, TZ_NAME, ScreenApp, make_ctx, open_store, screen_text

__all__ = [
    "NOW",
    "REST_DAYS",
    "TODAY",
    "TZ",
    "TZ_NAME",
    "ScreenApp",
    "demo_days",
    "demo_session",
    "demo_sessions",
    "make_ctx",
    "open_store",
    "screen_text",
]
