"""One session's sets: edit or delete a set, delete the session, undo the last delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from hipext_tui.domain.format import counted, format_work
from hipext_tui.domain.workout import Session, SetEntry, ValidationError
from hipext_tui.domain.workout_summary import session_summary
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.glyphs import app_glyphs
from hipext_tui.ui.screens.history_data import session_title, set_row
from hipext_tui.ui.screens.history_dialogs import ConfirmDialog, EditSetDialog
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar
from hipext_tui.workouts import Deletion

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

SET_COLUMNS = ("Time", "Exercise", "Side", "Reps", "Weight", "Secs", "RPE", "Warm")


class UndoSlot:
    """The last delete made on any history screen; one level of undo, shared."""

    def __init__(self) -> None:
        self.last: Deletion | None = None

    def restore(self, ctx: AppContext, widget: Widget) -> tuple[Deletion | None, str]:
        """Put back the last delete through ``ctx``: what was restored (None when
        nothing was) and the line to show. A failed write keeps it, so ``u`` can try
        again once the disk is writable."""
        deletion = self.last
        if deletion is None:
            return None, "Nothing to undo."
        try:
            ctx.undo(deletion)
        except ValidationError as exc:
            return None, str(exc)
        except StoreError as exc:
            return None, report_store_error(widget, exc)
        self.last = None
        return deletion, f"Restored {deletion.describe(ctx.catalog)}."


class SessionScreen(Screen[str | None]):
    """The sets of one session, in the order they were logged."""

    CSS_PATH = stylesheets("history", "dialogs")

    HELP_TITLE = "Session"
    HELP_KEYS = (("Enter", "Edit the highlighted set"), ("Up/Down", "Move between sets"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="session.back", tooltip="Back to the history"),
        Binding("e", "edit_set", "Edit", id="session.edit",
                tooltip="Edit the highlighted set (reps, weight, seconds, side)"),
        Binding("d", "delete_set", "Del set", id="session.delete_set",
                tooltip="Delete the highlighted set (asks first)"),
        Binding("x", "delete_session", "Del session", id="session.delete_session",
                tooltip="Delete this whole session (asks first)"),
        Binding("u", "undo", "Undo", id="session.undo", tooltip="Undo the last delete"),
    ]  # fmt: skip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Undo (in the footer too) only when there is a delete to undo."""
        if action == "undo":
            return self.undo.last is not None
        return True

    def __init__(self, ctx: AppContext, session_id: str, undo: UndoSlot | None = None) -> None:
        """Show ``session_id``; ``undo`` is shared with the history list. The screen
        dismisses with a message for the list when it deleted the whole session."""
        super().__init__(classes="history-screen")
        self.ctx = ctx
        self.session_id = session_id
        self.undo = undo or UndoSlot()
        self.current: Session | None = None

    def compose(self) -> ComposeResult:
        """Title line, the set table, a message line and the footer."""
        yield Header(icon=app_glyphs(self.app).header_icon)
        yield Static("", id="session-title", classes="history-line")
        table: DataTable[str] = DataTable(id="session-sets", cursor_type="row", zebra_stripes=True)
        table.add_columns(*SET_COLUMNS)
        yield table
        yield Static("", id="session-message", classes="history-message")
        yield KeyBar()

    def on_mount(self) -> None:
        """Read the session (one session is small: no worker needed) and draw it."""
        self.title = "History"
        self.sub_title = "Session"
        self.reload()

    def reload(self) -> None:
        """Re-read the session from the store and redraw the table."""
        self.current = self.ctx.session(self.session_id)
        table = self.query_one("#session-sets", DataTable)
        row = table.cursor_row
        table.clear()
        title = self.query_one("#session-title", Static)
        if self.current is None:
            title.update("This session has been deleted (u puts it back).")
            return
        session = self.current
        unit = self.ctx.settings.unit
        summary = session_summary(session, self.ctx.catalog, unit, self.ctx.now())
        start = session.start.astimezone(self.ctx.tz)
        warm = f" + {summary.warmup_sets} warm-up" if summary.warmup_sets else ""
        title.update(
            f"{start.strftime('%a %Y-%m-%d %H:%M')}  {session_title(session, self.ctx.catalog)}"
            f"  {summary.sets} set{'' if summary.sets == 1 else 's'}{warm}"
            f"  {format_work(summary.volume, unit, summary.reps, summary.held_seconds)}"
            f"  {summary.minutes} min"
            + (f"\nPain: {session.pain.label}" if session.pain else "")
            + (f"\nNote: {session.notes}" if session.notes else "")
        )
        title.set_class(bool(session.pain or session.notes), "-marked")
        for entry in session.sets:
            line = set_row(entry, self.ctx.catalog, self.ctx.tz, unit)
            table.add_row(*line.cells, key=line.set_id)
        if session.sets:
            table.move_cursor(row=min(row, len(session.sets) - 1))

    def say(self, message: str) -> None:
        """Show one line of feedback under the table."""
        self.query_one("#session-message", Static).update(message)

    def highlighted_set(self) -> SetEntry | None:
        """The set under the table cursor."""
        if self.current is None or not self.current.sets:
            return None
        table = self.query_one("#session-sets", DataTable)
        index = table.cursor_row
        if 0 <= index < len(self.current.sets):
            return self.current.sets[index]
        return None

    # -- actions --------------------------------------------------------------------
    def action_back(self) -> None:
        """Return to the history list."""
        self.dismiss(None)

    @on(DataTable.RowSelected)
    def row_chosen(self) -> None:
        """Enter on a row edits that set."""
        self.action_edit_set()

    def action_edit_set(self) -> None:
        """Open the edit dialog for the highlighted set."""
        entry = self.highlighted_set()
        if entry is None:
            self.say("No set to edit.")
            return
        exercise = self.ctx.catalog.get(entry.exercise_id)

        def saved(result: object) -> None:
            if isinstance(result, SetEntry) and result != entry:
                try:
                    self.ctx.update_set(self.session_id, result)
                except (StoreError, ValidationError) as exc:
                    self.say(report_store_error(self, exc))
                    return
                self.reload()
                self.say("Set saved.")

        self.app.push_screen(EditSetDialog(entry, exercise), saved)

    def action_delete_set(self) -> None:
        """Delete the highlighted set after a confirmation."""
        entry = self.highlighted_set()
        if entry is None or self.current is None:
            self.say("No set to delete.")
            return
        name = set_row(entry, self.ctx.catalog, self.ctx.tz, self.ctx.settings.unit).cells[1]

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.undo.last = self.ctx.delete_set(self.session_id, entry.id)
                except StoreError as exc:
                    self.say(report_store_error(self, exc))
                    return
                self.refresh_bindings()
                self.reload()
                self.say(f"Deleted a set of {name}. u undoes it.")

        self.app.push_screen(
            ConfirmDialog(f"Delete this set of {name} ({entry.reps} reps)?"), answered
        )

    def action_delete_session(self) -> None:
        """Delete the whole session after a confirmation, then go back to the list."""
        session = self.current
        if session is None:
            return
        count = len(session.sets)
        day = session.start.astimezone(self.ctx.tz).strftime("%Y-%m-%d")

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.undo.last = self.ctx.delete_session(session.id)
                except StoreError as exc:
                    self.say(report_store_error(self, exc))
                    return
                self.dismiss(f"Deleted the session of {day}. u undoes it.")

        self.app.push_screen(
            ConfirmDialog(f"Delete the whole session of {day} ({counted(count, 'set')})?"),
            answered,
        )

    def action_undo(self) -> None:
        """Put back what the last delete removed."""
        restored, message = self.undo.restore(self.ctx, self)
        if restored is not None:
            self.refresh_bindings()
            self.reload()
        self.say(message)
