"""Pacing a whole set: which rep and which phase of it ("up", "hold", "down") it is now.

A :class:`Pacer` is an immutable value. It keeps only how many seconds of pacing have
run, so where the set stands at any moment is worked out from the clock reading the
caller passes in (``now``, e.g. a monotonic clock); nothing here reads a clock. Pausing
banks the seconds run so far; resuming starts counting again from the new reading.

Bridges with a 2 s hold pace as: up 1 s, hold 2 s, down 1 s, for each rep. A tempo move
with a five-second lowering paces as: lower 5 s, up 1 s.
"""

from __future__ import annotations

import math
from dataclasses import replace

from hipext_tui.domain.record import record

MOVE_SECONDS = 1  # how long the quick part of a rep (up, down) is given


@record
class Phase:
    """One part of a rep: what to do (``"up"``) and for how many seconds."""

    name: str
    seconds: int


def rep_phases(hold_seconds: int, lower_seconds: int) -> tuple[Phase, ...]:
    """The phases of one rep: a slow lowering if the move has one, else a hold at the top.

    Empty when the move has neither (nothing to pace).
    """
    if lower_seconds > 0:
        return (Phase("lower", lower_seconds), Phase("up", MOVE_SECONDS))
    if hold_seconds > 0:
        return (
            Phase("up", MOVE_SECONDS),
            Phase("hold", hold_seconds),
            Phase("down", MOVE_SECONDS),
        )
    return ()


@record
class PaceView:
    """Where a paced set stands at one moment.

    ``rep`` is the rep under way (1-based; the last rep once finished), ``phase`` the
    phase under way and ``seconds_left`` its whole seconds left (rounded up).
    ``step`` counts phases begun since the start (0 for the first phase of rep 1): when
    it changes, a new phase has begun, which is when a pulse (and a bell) is due.
    ``reps_done`` is how many reps have been completed.
    """

    rep: int
    reps: int
    phase: Phase
    seconds_left: int
    step: int
    reps_done: int
    finished: bool
    paused: bool


@record
class Pacer:
    """A paced set of ``reps`` reps of ``phases`` each; start it with :meth:`start`."""

    reps: int
    phases: tuple[Phase, ...]
    banked: float = 0.0  # seconds paced before the last pause
    resumed_at: float | None = None  # clock reading when counting last (re)started

    def __post_init__(self) -> None:
        if self.reps < 1 or not self.phases or any(p.seconds <= 0 for p in self.phases):
            raise ValueError("a paced set needs at least one rep and phases of 1 s or more")

    @property
    def rep_seconds(self) -> int:
        """How long one rep takes."""
        return sum(p.seconds for p in self.phases)

    @property
    def total_seconds(self) -> int:
        """How long the whole set takes."""
        return self.reps * self.rep_seconds

    @property
    def running(self) -> bool:
        """True while counting (started and not paused)."""
        return self.resumed_at is not None

    def start(self, now: float) -> Pacer:
        """Start (or restart) the set from rep 1."""
        return replace(self, banked=0.0, resumed_at=now)

    def pause(self, now: float) -> Pacer:
        """Stop counting, keeping the place."""
        if self.resumed_at is None:
            return self
        return replace(self, banked=self.elapsed(now), resumed_at=None)

    def resume(self, now: float) -> Pacer:
        """Carry on counting from where the pause left it."""
        if self.resumed_at is not None:
            return self
        return replace(self, resumed_at=now)

    def toggle(self, now: float) -> Pacer:
        """Pause when running, resume when paused (one key does both)."""
        return self.pause(now) if self.running else self.resume(now)

    def elapsed(self, now: float) -> float:
        """Seconds paced so far (never more than the whole set)."""
        running = 0.0 if self.resumed_at is None else max(now - self.resumed_at, 0.0)
        return min(self.banked + running, float(self.total_seconds))

    def view(self, now: float) -> PaceView:
        """Where the set stands at clock reading ``now``."""
        elapsed = self.elapsed(now)
        per_rep = self.rep_seconds
        finished = elapsed >= self.total_seconds
        if finished:
            last = self.phases[-1]
            return PaceView(
                rep=self.reps,
                reps=self.reps,
                phase=last,
                seconds_left=0,
                step=self.reps * len(self.phases),
                reps_done=self.reps,
                finished=True,
                paused=not self.running,
            )
        rep_index = int(elapsed // per_rep)
        into_rep = elapsed - rep_index * per_rep
        phase_index = 0
        for phase_index, phase in enumerate(self.phases):  # noqa: B007 - used after
            if into_rep < phase.seconds:
                break
            into_rep -= phase.seconds
        phase = self.phases[phase_index]
        return PaceView(
            rep=rep_index + 1,
            reps=self.reps,
            phase=phase,
            seconds_left=max(math.ceil(phase.seconds - into_rep), 1),
            step=rep_index * len(self.phases) + phase_index,
            reps_done=rep_index,
            finished=False,
            paused=not self.running,
        )
