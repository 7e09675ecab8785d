"""Countdowns for the guided view: the rest between sets, and the hold / slow lowering.

Both read seconds from ``app.monotonic`` (``time.monotonic`` unless a test freezes it)
and tick once a second, so each tick repaints one short line.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static


def clock_text(seconds: int) -> str:
    """``1:05`` for 65 seconds."""
    seconds = max(seconds, 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class _Countdown(Static):
    """A countdown to a deadline on the app's monotonic clock."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._deadline: float | None = None
        self._timer: Timer | None = None

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
        left = self._deadline - self._now()
        return max(int(-(-left // 1)), 0)

    def _start(self, seconds: int) -> None:
        self._deadline = self._now() + seconds
        if self._timer is None:
            self._timer = self.set_interval(1.0, self._tick)
        else:
            self._timer.reset()
        self._draw()

    def stop(self) -> None:
        """Stop counting and clear the line."""
        self._deadline = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.update("")

    def _tick(self) -> None:
        if self._deadline is None:
            return
        if self.remaining <= 0:
            self._deadline = None
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self._finished()
        else:
            self._draw()

    def _draw(self) -> None:
        raise NotImplementedError

    def _finished(self) -> None:
        raise NotImplementedError


class RestTimer(_Countdown):
    """The rest countdown; posts :class:`RestTimer.Done` at zero (or when skipped)."""

    @dataclass
    class Done(Message):
        """Rest is over; ``skipped`` when the user cut it short."""

        timer: RestTimer
        skipped: bool

    def start(self, seconds: int) -> None:
        """Rest for ``seconds``."""
        self._start(seconds)

    def extend(self, seconds: int) -> None:
        """Add ``seconds`` to the rest."""
        if self._deadline is not None:
            self._deadline += seconds
            self._draw()

    def skip(self) -> None:
        """End the rest now."""
        if self.running:
            self.stop()
            self.update("Rest skipped.")
            self.post_message(self.Done(self, skipped=True))

    def _draw(self) -> None:
        self.update(f"Rest {clock_text(self.remaining)}")

    def _finished(self) -> None:
        self.update("Rest over: next set!")
        self.post_message(self.Done(self, skipped=False))


class HoldTimer(_Countdown):
    """A count for one rep: the hold at the top, or the slow lowering."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._what = "Hold"
        self._idle = ""

    def set_idle(self, text: str) -> None:
        """What the line says when no count runs (e.g. "t: hold 2 s")."""
        self._idle = text
        if not self.running:
            self.update(text)

    def start(self, what: str, seconds: int) -> None:
        """Count ``seconds`` for ``what`` ("Hold" or "Lower")."""
        self._what = what
        self._start(seconds)

    def stop(self) -> None:
        """Stop and show the idle hint."""
        super().stop()
        self.update(self._idle)

    def _draw(self) -> None:
        left = self.remaining
        self.update(f"{self._what}: {left}  " + "#" * left)

    def _finished(self) -> None:
        done = "release" if self._what == "Hold" else "up"
        self.update(f"{self._what}: done, {done}!  (t for the next rep)")
