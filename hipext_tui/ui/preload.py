"""Start-up: the store, the streaks and the picker's imports, loaded in a thread that
starts with the app, and the cyclic collector held off until the picker is drawn."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipext_tui.domain.streaks import Streaks
    from hipext_tui.ui.context import AppContext

    # The context, the streaks with this week's count, and the session to resume.
    Prepared = tuple[AppContext, tuple[Streaks, int], str | None]

# Seconds the first screen waits for the store before it says "loading" instead.
FIRST_SCREEN_WAIT = 0.3

# Seconds after the picker is pushed at which the cyclic collector runs again.
GC_AFTER = 1.0


def collect_again() -> None:
    """Let the cyclic collector run again, without rescanning what start-up made."""
    gc.freeze()
    gc.enable()


class Preload:
    """Runs ``prepare`` in a thread started with the app, before Textual starts.

    Textual's own start-up (driver, stylesheet, first frame) spends part of its time
    waiting on the terminal; the store, the streaks and the picker's imports load in
    that time instead of after the first frame.
    """

    def __init__(self, prepare: Callable[[], Prepared | str]) -> None:
        self._outcome: Prepared | str = "the store was not loaded"
        self._thread = threading.Thread(target=self._run, args=(prepare,), daemon=True)
        self._thread.start()

    def _run(self, prepare: Callable[[], Prepared | str]) -> None:
        try:
            self._outcome = prepare()
        except Exception as exc:  # reported by the app as its one-line failure
            self._outcome = f"{type(exc).__name__}: {exc}"

    def result(self, timeout: float | None = None) -> Prepared | str | None:
        """What ``prepare`` returned (waits for it; None if ``timeout`` passed first)."""
        self._thread.join(timeout)
        return None if self._thread.is_alive() else self._outcome
