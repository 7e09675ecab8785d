"""The state every part of the guided view shares: the plan, the session as stored, the
set being edited, the advice loaded for each slot, and where the session stands.

:class:`GuidedBase` is the root of the guided screen's parts (``guided_coach``,
``guided_marks``, ``guided_course``); :class:`~hipext_tui.ui.screens.guided.GuidedScreen`
puts them together and draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipext_tui.domain.guide import GuideState, Plan, Slot, progress, session_progress
from hipext_tui.domain.workout import Session, SetEntry, Side, new_id
from hipext_tui.ui.screens.guided_text import hold_for, reps_for
from hipext_tui.ui.screens.guided_timers import TimerScreen
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.set_form import SetForm
from hipext_tui.workouts import SessionTarget

if TYPE_CHECKING:
    from hipext_tui.domain.progress import Records
    from hipext_tui.domain.progression import Advice
    from hipext_tui.ui.context import AppContext


class GuidedBase(TimerScreen):
    """The guided view's state; the drawing methods are the screen's."""

    CSS_PATH = stylesheets("guided", "dialogs")

    def __init__(self, ctx: AppContext, plan: Plan, session: Session | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan = plan
        self.session = session
        self.editing: SetEntry | None = None
        self.started = ctx.now() if session is None else session.start
        # The workout every set of this screen goes to: made on disk by its first set
        # (or skip, note, pain flag), and read back after each write, so sets logged
        # from another window count too.
        self.target = SessionTarget.running(
            session.id if session else new_id("ses-"), self.started, plan.routine_id
        )
        self.state: GuideState = self._progress()
        # The records of every working set so far per (exercise, side), for "New
        # record"; loaded in a worker, then kept up with each set logged here.
        self._marks: dict[tuple[str, Side], Records] | None = None
        # Suggestions and last times per (routine item, side), loaded in a worker.
        self._advice: dict[tuple[int, Side], Advice] | None = None

    # -- state ----------------------------------------------------------------------
    @property
    def in_progress(self) -> bool:
        """True while a started session is not finished (quitting asks first)."""
        return self.session is not None and not self.session.is_finished

    @property
    def slot(self) -> Slot | None:
        """The slot being entered (None when the plan is done)."""
        return self.state.next_slot

    @property
    def form(self) -> SetForm:
        """The set form."""
        return self.query_one(SetForm)

    def current_slot(self) -> Slot | None:
        """The set being entered (for the timers)."""
        return self.slot

    def current_hold(self) -> int:
        """The hold of the set being entered: the suggestion's when there is one."""
        slot = self.slot
        return hold_for(slot, self._advice_for(slot)) if slot else 0

    def current_reps(self) -> int:
        """The reps to aim for in the set being entered (the suggestion's when there is one)."""
        slot = self.slot
        return reps_for(slot, self._advice_for(slot)) if slot else 0

    def _advice_for(self, slot: Slot) -> Advice | None:
        return self._advice.get((slot.item_index, slot.side)) if self._advice else None

    def _progress(self) -> GuideState:
        if self.session is None:
            return progress(self.plan, None, ())
        return session_progress(self.plan, self.session)

    def _exercise_name(self, exercise_id: str) -> str:
        exercise = self.ctx.catalog.get(exercise_id)
        return exercise.name if exercise else exercise_id

    # -- drawn by the screen --------------------------------------------------------
    def _show_slot(self, *, refill: bool = True) -> None:
        """Draw the slot being entered, and (``refill``) put its offer in the form."""
        raise NotImplementedError

    def _show_next(self) -> None:
        """Draw what comes after, the last set, the workout's note and pain flag."""
        raise NotImplementedError

    def _leave_fields(self) -> None:
        """Focus the steps pane."""
        raise NotImplementedError
