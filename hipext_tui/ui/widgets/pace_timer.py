"""The pacing timer of the guided view: a whole set, rep by rep, phase by phase.

The rules are :class:`hipext_tui.domain.pacing.Pacer`'s; this widget reads the app's
injected monotonic clock a few times a second, draws the rep, the phase and its seconds,
and pulses (a flash of colour) at the start of every phase. It posts
:class:`PaceTimer.PhaseBegan` for the optional bell and :class:`PaceTimer.Finished` with
the reps done. :meth:`PaceTimer.poll` is public so a test can move its clock and poll.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from hipext_tui.domain.pacing import Pacer, PaceView, Phase

POLL_SECONDS = 0.1
PULSE_SECONDS = 0.4


class PaceTimer(Vertical):
    """Paces a set; shows an idle hint (e.g. "t: pace the set") while not pacing."""

    @dataclass
    class PhaseBegan(Message):
        """A new phase (``view.phase``) has begun."""

        view: PaceView

    @dataclass
    class Finished(Message):
        """The last rep ended; ``reps_done`` reps were paced."""

        reps_done: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pacer: Pacer | None = None
        self._timer: Timer | None = None
        self._step = -1
        self._phase_began = 0.0
        self._idle = ""

    def compose(self) -> ComposeResult:
        """The rep line, the phase in large letters, and the keys."""
        yield Static("", id="pace-rep")
        yield Static("", id="pace-phase")
        yield Static("", id="pace-keys")

    def _now(self) -> float:
        return float(self.app.monotonic())  # type: ignore[attr-defined]

    @property
    def active(self) -> bool:
        """True from the start until the set is done or stopped (paused counts)."""
        return self.pacer is not None

    def set_idle(self, text: str) -> None:
        """What the widget says when not pacing."""
        self._idle = text
        if self.pacer is None:
            self._show_idle()

    def start(self, reps: int, phases: tuple[Phase, ...]) -> None:
        """Pace ``reps`` reps of ``phases`` from now."""
        self.pacer = Pacer(reps, phases).start(self._now())
        self._step = -1
        if self._timer is None:
            self._timer = self.set_interval(POLL_SECONDS, self.poll)
        self.poll()

    def toggle_pause(self) -> None:
        """Pause, or carry on after a pause."""
        if self.pacer is not None:
            self.pacer = self.pacer.toggle(self._now())
            self.poll()

    def stop(self) -> None:
        """Stop pacing and show the idle hint."""
        self.pacer = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._show_idle()

    def _show_idle(self) -> None:
        # Idle: one line (or none), so a narrow screen keeps its rows for the steps.
        self.add_class("-idle")
        self.set_class(not self._idle, "-blank")
        self.query_one("#pace-rep", Static).update(self._idle)
        self.query_one("#pace-phase", Static).update("")
        self.query_one("#pace-keys", Static).update("")
        self.remove_class("-pulse", "-paused")

    def poll(self) -> None:
        """Read the clock and redraw; pulse on a new phase; finish after the last rep."""
        if self.pacer is None:
            return
        now = self._now()
        view = self.pacer.view(now)
        if view.finished:
            self.stop()
            self.query_one("#pace-rep", Static).update(f"Done: {view.reps_done} reps paced")
            self.post_message(self.Finished(view.reps_done))
            return
        if view.step != self._step:
            self._step = view.step
            self._phase_began = now
            self.post_message(self.PhaseBegan(view))
        self.remove_class("-idle", "-blank")
        self.set_class(now - self._phase_began < PULSE_SECONDS and not view.paused, "-pulse")
        self.set_class(view.paused, "-paused")
        self.query_one("#pace-rep", Static).update(f"Rep {view.rep} of {view.reps}")
        self.query_one("#pace-phase", Static).update(
            f"{view.phase.name.upper()}  {view.seconds_left}"
        )
        keys = "space: carry on   t: stop" if view.paused else "space: pause   t: stop"
        self.query_one("#pace-keys", Static).update(keys)
