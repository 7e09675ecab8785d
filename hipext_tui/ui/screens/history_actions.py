"""What the history screen's keys change: rest days, pauses, deletes and their undo,
the exercise filter and view, and past workouts.

:class:`HistoryActions` is the base of :class:`~.history.HistoryScreen`, which lays out
and loads what these act on; every change goes through ``Workouts`` (``self.ctx``) and
ends with a reload of the view.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import DataTable, Static

from hipext_tui.store.errors import StoreError
from hipext_tui.ui.screens.history_dialogs import ConfirmDialog, ExercisePickDialog
from hipext_tui.ui.screens.history_session import UndoSlot
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.heatmap import Heatmap

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext
    from hipext_tui.ui.screens.history_backfill import Backfilled
    from hipext_tui.ui.screens.history_data import HistoryView


class HistoryActions(Screen[None]):
    """The history screen's changes (see the module docstring)."""

    CSS_PATH = stylesheets("history", "dialogs")

    ctx: AppContext
    view: HistoryView | None
    exercise_filter: str | None
    undo: UndoSlot
    _keep_session: str | None
    _row_ids: list[str]

    def reload(self) -> None:
        """Rebuild what the screen shows from the store (the screen defines how)."""
        raise NotImplementedError

    def highlighted_session_id(self) -> str | None:
        """The id of the session under the table cursor."""
        table = self.query_one("#history-sessions", DataTable)
        if not 0 <= table.cursor_row < min(table.row_count, len(self._row_ids)):
            return None
        return self._row_ids[table.cursor_row]

    def say(self, message: str) -> None:
        """One line of feedback above the footer."""
        self.query_one("#history-message", Static).update(message)

    def calendar_day(self) -> date:
        """The calendar's selected day, or today."""
        return self.query_one("#history-calendar", Heatmap).cursor or self.ctx.today()

    # -- days: rest and pauses ------------------------------------------------------------
    def action_toggle_rest(self) -> None:
        """Mark or unmark the selected calendar day as a planned rest day."""
        day = self.query_one("#history-calendar", Heatmap).cursor
        if day is None or self.view is None:
            return
        rest = day not in self.view.rest_days
        try:
            self.ctx.set_rest_day(day, rest)
        except StoreError as exc:
            self.say(report_store_error(self, exc))
            return
        if rest:
            self.say(f"{day.isoformat()} marked as a planned rest day.")
        else:
            self.say(f"{day.isoformat()} is no longer a rest day.")
        self.reload()

    def action_pauses(self) -> None:
        """The pauses dialog, opened on the calendar's selected day."""
        from hipext_tui.ui.screens.history_pauses import PauseDialog

        day = self.calendar_day()

        def closed(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.app.push_screen(PauseDialog(self.ctx, day), closed)

    # -- deletes and undo ---------------------------------------------------------------------
    def action_delete_session(self) -> None:
        """Delete the highlighted session after a confirmation."""
        session_id = self.highlighted_session_id()
        if session_id is None or self.view is None:
            self.say("No session to delete.")
            return
        row = self.view.rows[self._row_ids.index(session_id)]

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.undo.last = self.ctx.delete_session(session_id)
                except StoreError as exc:
                    self.say(report_store_error(self, exc))
                    return
                self.refresh_bindings()
                self.say(f"Deleted the session of {row.date_text}. u undoes it.")
                self.reload()

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the session of {row.date_text} {row.time_text}"
                f" ({row.title}, {row.sets_text} set{'' if row.sets_text == '1' else 's'})?"
            ),
            answered,
        )

    def action_undo(self) -> None:
        """Put back what the last delete removed."""
        restored, message = self.undo.restore(self.ctx, self)
        self.say(message)
        if restored is not None:
            self.refresh_bindings()
            self._keep_session = restored.session_id
            self.reload()

    # -- filter and per-exercise view ------------------------------------------------------------
    def action_filter(self) -> None:
        """Choose an exercise to filter the list by (or all)."""

        def chosen(exercise_id: str | None) -> None:
            if exercise_id is None:
                return
            self.exercise_filter = exercise_id or None
            self.say("")
            self.reload()

        self.app.push_screen(
            ExercisePickDialog("Show sessions with", self.ctx.catalog.exercises, True), chosen
        )

    def action_exercise(self) -> None:
        """Open the per-exercise view (the filtered exercise, or one picked now)."""
        from hipext_tui.ui.screens.history_exercise import ExerciseScreen

        if self.exercise_filter:
            self.app.push_screen(ExerciseScreen(self.ctx, self.exercise_filter))
            return

        def chosen(exercise_id: str | None) -> None:
            if exercise_id:
                self.app.push_screen(ExerciseScreen(self.ctx, exercise_id))

        self.app.push_screen(
            ExercisePickDialog("Records of", self.ctx.catalog.exercises, False), chosen
        )

    # -- backfill ----------------------------------------------------------------------------------
    def action_backfill(self) -> None:
        """Log a whole past workout, dated on the calendar's selected day."""
        from hipext_tui.ui.screens.history_backfill import BackfillScreen

        day = self.calendar_day()

        def saved(result: Backfilled | None) -> None:
            if result is None:
                return
            session = result.session
            self._keep_session = session.id
            start = session.start.astimezone(self.ctx.tz)
            self.say(
                f"Logged {len(session.sets)} sets of {result.name} on "
                f"{start:%a %Y-%m-%d} from {start:%H:%M}."
            )
            self.reload()

        self.app.push_screen(BackfillScreen(self.ctx, day, self.exercise_filter), saved)
