"""The rest countdown of the guided view, readable from the floor.

While resting, the time left is drawn in large digits with the next set under it; the
digits change colour in the last :data:`ENDING_SECONDS` seconds. The widget reads seconds
from ``app.monotonic`` (``time.monotonic`` unless a test injects a clock) and polls it a
few times a second; :meth:`RestTimer.poll` is public so a test can advance its clock and
poll without waiting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Digits, Static

ENDING_SECONDS = 10
POLL_SECONDS = 0.25


def clock_text(seconds: int) -> str:
    """``1:05`` for 65 seconds."""
    seconds = max(seconds, 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class RestTimer(Vertical):
    """The rest between sets; hidden while not resting. Posts :class:`RestTimer.Done`."""

    @dataclass
    class Done(Message):
        """Rest is over; ``skipped`` when the user cut it short; ``next_set`` is what is next."""

        timer: RestTimer
        skipped: bool
        next_set: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._deadline: float | None = None
        self._timer: Timer | None = None
        self._shown = -1
        self.next_set = ""

    def compose(self) -> ComposeResult:
        """A title line, the digits, and the next set."""
        # The keys are named here, beside the time, so the footer keeps room.
        yield Static("Rest  [dim]s skips, + / - 15 s[/]", id="rest-title")
        yield Digits("", id="rest-digits")
        yield Static("", id="rest-next")

    def on_mount(self) -> None:
        """Hidden until a rest starts."""
        self.display = False

    def _now(self) -> float:
        return float(self.app.monotonic())  # type: ignore[attr-defined]

    @property
    def running(self) -> bool:
        """True while counting down."""
        return self._deadline is not None

    @property
    def remaining(self) -> int:
        """Whole seconds left (rounded up), 0 when stopped."""
        if self._deadline is None:
            return 0
        return max(math.ceil(self._deadline - self._now()), 0)

    def start(self, seconds: int, next_set: str) -> None:
        """Rest for ``seconds``; ``next_set`` says what comes after (shown under the time)."""
        self._deadline = self._now() + seconds
        self.next_set = next_set
        self.query_one("#rest-next", Static).update(next_set)
        if self._timer is None:
            self._timer = self.set_interval(POLL_SECONDS, self.poll)
        self.display = True
        self._shown = -1
        self._draw()

    def extend(self, seconds: int) -> None:
        """Add ``seconds`` to the rest (a negative number takes time off; never below 1 s)."""
        if self._deadline is None:
            return
        self._deadline = max(self._deadline + seconds, self._now() + 1)
        self._draw()

    def skip(self) -> None:
        """End the rest now."""
        if self.running:
            self.stop()
            self.post_message(self.Done(self, skipped=True, next_set=self.next_set))

    def stop(self) -> None:
        """Stop counting and hide (no message lingers after a rest)."""
        self._deadline = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.display = False
        self.remove_class("-ending")

    def poll(self) -> None:
        """Read the clock: redraw when the whole second changed, finish at zero."""
        if self._deadline is None:
            return
        if self.remaining <= 0:
            self.stop()
            self.post_message(self.Done(self, skipped=False, next_set=self.next_set))
        else:
            self._draw()

    def _draw(self) -> None:
        left = self.remaining
        if left == self._shown:
            return
        self._shown = left
        self.query_one("#rest-digits", Digits).update(clock_text(left))
        self.set_class(left <= ENDING_SECONDS, "-ending")
