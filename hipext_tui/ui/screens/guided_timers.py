"""The timers of the guided view: the rest countdown's keys and the pacing timer.

:class:`TimerScreen` is the base of :class:`~hipext_tui.ui.screens.guided.GuidedScreen`:
it holds the keys and handlers of both timers, the screen supplies the set being done
(:meth:`current_slot`, :meth:`current_hold`) and the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from hipext_tui.domain.pacing import rep_phases
from hipext_tui.ui.widgets.pace_timer import PaceTimer
from hipext_tui.ui.widgets.rest_timer import RestTimer
from hipext_tui.ui.widgets.set_form import SetForm

if TYPE_CHECKING:
    from hipext_tui.domain.guide import Slot
    from hipext_tui.ui.context import AppContext

EXTEND_SECONDS = 15


class TimerScreen(Screen[None]):
    """Rest and pacing keys: ``s`` ``+`` ``-`` while resting, ``t`` and Space to pace."""

    # The screen lists these among its own (the footer keeps the screen's order).
    TIMER_BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "t",
            "timer",
            "Timer",
            id="guided.timer",
            tooltip="Pace the set rep by rep (hold or slow lowering); again to stop",
        ),
        Binding("space", "pause_pace", "Pause", id="guided.pause_pace", tooltip="Pause the pacing"),
        Binding("s", "skip_rest", "Skip", id="guided.skip_rest", tooltip="End the rest now"),
        Binding(
            "plus",
            "extend_rest",
            "+15s",
            id="guided.extend_rest",
            tooltip="Add 15 s to the rest",
            show=False,  # named beside the countdown
        ),
        Binding(
            "minus",
            "shorten_rest",
            "-15s",
            id="guided.shorten_rest",
            tooltip="Take 15 s off the rest",
            show=False,
        ),
    ]

    ctx: AppContext

    def current_slot(self) -> Slot | None:
        """The set being entered (the screen says)."""
        raise NotImplementedError

    def current_hold(self) -> int:
        """The hold of the set being entered, in seconds."""
        raise NotImplementedError

    def current_reps(self) -> int:
        """The reps to aim for in the set being entered."""
        raise NotImplementedError

    def timer_allowed(self, action: str) -> bool | None:
        """For ``check_action``: rest keys only while resting, pacing only for a set
        with a hold or a counted lowering; None for actions that are not the timers'."""
        if action in ("skip_rest", "extend_rest", "shorten_rest"):
            return self.query_one(RestTimer).running
        if action == "pause_pace":
            return self.query_one(PaceTimer).active
        if action == "timer":
            slot = self.current_slot()
            return bool(slot and (self.current_hold() or slot.lower_seconds))
        return None

    def show_pace_idle(self) -> None:
        """Stop any pacing and say what ``t`` would pace for the set now shown."""
        slot = self.current_slot()
        pace = self.query_one(PaceTimer)
        pace.stop()
        hold, reps = self.current_hold(), self.current_reps()
        if slot is None:
            pace.set_idle("")
        elif slot.lower_seconds:
            pace.set_idle(f"t: pace {reps} reps (lower {slot.lower_seconds} s)")
        elif hold:
            pace.set_idle(f"t: pace {reps} reps (hold {hold} s)")
        else:
            pace.set_idle("")

    # -- rest -------------------------------------------------------------------------
    @on(RestTimer.Done)
    def rest_done(self, event: RestTimer.Done) -> None:
        """At zero: the bell (unless turned off; it does not reach a browser) and a
        notification saying what is next (which does). The notes of the last set end
        with the rest (fix 5)."""
        if not event.skipped:
            if self.ctx.settings.bell:
                self.app.bell()
            self.notify(f"Rest over. {event.next_set}".strip(), timeout=6)
        self.query_one(SetForm).note("")
        self.remove_class("-resting")
        self.refresh_bindings()

    def action_skip_rest(self) -> None:
        """End the rest now."""
        self.query_one(RestTimer).skip()

    def action_extend_rest(self) -> None:
        """Add 15 seconds to the rest."""
        self.query_one(RestTimer).extend(EXTEND_SECONDS)

    def action_shorten_rest(self) -> None:
        """Take 15 seconds off the rest."""
        self.query_one(RestTimer).extend(-EXTEND_SECONDS)

    # -- pacing -----------------------------------------------------------------------
    def action_timer(self) -> None:
        """Pace the set (hold or slow lowering, every rep); pressed again, stop pacing."""
        slot = self.current_slot()
        pace = self.query_one(PaceTimer)
        if slot is None:
            return
        if pace.active:
            pace.stop()
        else:
            phases = rep_phases(self.current_hold(), slot.lower_seconds)
            if phases:
                pace.start(self.current_reps(), phases)
        self.refresh_bindings()

    def action_pause_pace(self) -> None:
        """Space: pause the pacing, or carry on."""
        self.query_one(PaceTimer).toggle_pause()

    @on(PaceTimer.Finished)
    def pacing_done(self, event: PaceTimer.Finished) -> None:
        """The last rep ended: the reps field holds the count, Enter logs it."""
        form = self.query_one(SetForm)
        form.box("reps").value = str(event.reps_done)
        form.note(f"{event.reps_done} reps paced: Enter logs them.")
        if self.ctx.settings.bell:
            self.app.bell()
        self.refresh_bindings()
