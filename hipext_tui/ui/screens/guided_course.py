"""The guided view's changes of course: skip an exercise, redo the last set, finish."""

from __future__ import annotations

from hipext_tui.domain.workout import ValidationError
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.screens.guided_base import GuidedBase
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.widgets.pace_timer import PaceTimer
from hipext_tui.ui.widgets.rest_timer import RestTimer


class CoursePart(GuidedBase):
    """Skip, redo, finish early, and the end of the workout."""

    def action_skip_exercise(self) -> None:
        """Skip what is left of the current exercise (asks first)."""
        from hipext_tui.ui.screens.dialogs import ConfirmDialog

        slot = self.slot
        if slot is None:
            return
        name = self._exercise_name(slot.exercise_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self._skip(slot.exercise_id)

        self.app.push_screen(
            ConfirmDialog(f"Skip the rest of {name}?", "It is noted as skipped in the session."),
            answered,
        )

    def _skip(self, exercise_id: str) -> None:
        try:
            self.session = self.ctx.skip_exercise(self.target, exercise_id)
        except (StoreError, ValidationError) as exc:
            self.form.error(report_store_error(self, exc))
            return
        self.query_one(RestTimer).stop()
        self.remove_class("-resting")
        self.state = self._progress()
        self.form.note(f"Skipped {self._exercise_name(exercise_id)}.")
        if self.state.complete:
            self._finish()
        else:
            self._show_slot()

    def action_redo(self) -> None:
        """Put the last logged set back in the fields; Enter saves the change."""
        if self.session is None or not self.session.sets:
            return
        self.editing = self.session.sets[-1]
        self._show_slot()
        self.form.note("Change the values, Enter saves, Escape cancels.")
        self.form.box("reps").focus()

    def action_finish(self) -> None:
        """Finish early (asks first): the session ends now with what was logged."""
        from hipext_tui.ui.screens.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._finish()

        left = self.state.total - self.state.done
        self.app.push_screen(
            ConfirmDialog("Finish the workout now?", f"{left} sets are left; they are not logged."),
            answered,
        )

    def _finish(self) -> None:
        """End the session (saved) and show the summary."""
        from hipext_tui.ui.screens.summary import SummaryScreen

        self.query_one(RestTimer).stop()
        self.remove_class("-resting")
        self.query_one(PaceTimer).stop()
        if self.session is not None and not self.session.is_finished:
            try:
                self.session = self.ctx.finish_session(self.session.id)
            except (StoreError, ValidationError) as exc:
                # The sets are saved; only the end time is missing.
                report_store_error(self, exc)
        # The set's notices belong to this screen: they must not cover the next (fix 5).
        self.app.clear_notifications()
        self.app.switch_screen(SummaryScreen(self.ctx, self.plan, self.session))
