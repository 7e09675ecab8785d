"""Build or change a routine: pick exercises, order them, set sets, reps, rest and hold.

A built-in routine is never changed: editing it starts a copy of your own. Every value
is checked by the catalog's own rules (``Routine.from_dict``) before it is saved with
``store.save_routine``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from hipext_tui.domain.catalog import CatalogError, Routine, RoutineItem, slugify
from hipext_tui.domain.catalog_rules import check_plain_text
from hipext_tui.domain.guide import default_item
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar
from hipext_tui.ui.widgets.pick_list import PickItem, PickList

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

NUMBER_FIELDS = ("sets", "reps", "rest_seconds", "hold_seconds")


class ExerciseChooser(ModalScreen[str | None]):
    """Pick one exercise to add; Escape cancels."""

    CSS_PATH = stylesheets("settings")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="chooser.cancel", tooltip="Add nothing"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        """The exercises of the catalog."""
        with Vertical(id="dialog"):
            yield Static("Add which exercise? (Enter adds)", id="dialog-question")
            yield OptionList(
                *(Option(e.name, id=e.id) for e in self.ctx.catalog.exercises), id="chooser"
            )
        yield KeyBar()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter adds the highlighted exercise."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Escape adds nothing."""
        self.dismiss(None)


class RoutineEditor(Screen[str | None]):
    """Edit a routine; dismisses with the saved routine's id (None when cancelled)."""

    CSS_PATH = stylesheets("settings")

    AUTO_FOCUS = "#editor-name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="editor.add", tooltip="Add an exercise"),
        Binding("x", "remove", "Remove", id="editor.remove", tooltip="Remove the exercise"),
        Binding("u", "move(-1)", "Up", id="editor.up", tooltip="Move the exercise earlier"),
        Binding("d", "move(1)", "Down", id="editor.down", tooltip="Move the exercise later"),
        Binding("s", "save", "Save", id="editor.save", tooltip="Check and save the routine"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel", tooltip="Leave without saving"),
    ]

    def __init__(self, ctx: AppContext, routine: Routine | None) -> None:
        super().__init__()
        self.ctx = ctx
        if routine is None:
            self.routine_id: str | None = None
            self.name_text = "My routine"
            self.items: list[RoutineItem] = []
            self.description = ""
        elif routine.builtin:
            self.routine_id = None
            self.name_text = f"{routine.name} (mine)"
            self.items = list(routine.items)
            self.description = routine.description
        else:
            self.routine_id = routine.id
            self.name_text = routine.name
            self.items = list(routine.items)
            self.description = routine.description
        self._filling = False

    def compose(self) -> ComposeResult:
        """Name, the list of exercises, and the numbers of the highlighted one."""
        with Vertical(id="editor"):
            with Horizontal(id="editor-name-row"):
                yield Label("Name")
                yield Input(self.name_text, id="editor-name", compact=True)
            yield PickList(id="editor-items")
            with Horizontal(id="editor-fields"):
                for field, label in zip(
                    NUMBER_FIELDS, ("Sets", "Reps", "Rest s", "Hold s"), strict=True
                ):
                    yield Label(label, classes="editor-label")
                    yield Input(id=f"editor-{field}", compact=True, classes="editor-number")
            yield Static(
                "Tab moves between name, list and numbers. In the list: a add, x remove, "
                "u/d move, s save.",
                id="editor-help",
            )
            yield Static("", id="editor-error")
        yield KeyBar()

    def on_mount(self) -> None:
        """Show the items."""
        self._show_items(0)

    # -- list ----------------------------------------------------------------------
    def _label(self, n: int, item: RoutineItem) -> str:
        exercise = self.ctx.catalog.get(item.exercise_id)
        name = exercise.name if exercise else item.exercise_id
        hold = f", hold {item.hold_seconds} s" if item.hold_seconds else ""
        return f"{n}. {name}: {item.sets} x {item.reps}, rest {item.rest_seconds} s{hold}"

    def _show_items(self, index: int | None) -> None:
        rows = [PickItem(self._label(n, it), str(n - 1)) for n, it in enumerate(self.items, 1)]
        if not rows:
            rows = [PickItem("(no exercises yet: press a to add one)")]
        keep = str(index) if index is not None and 0 <= index < len(self.items) else None
        self.query_one(PickList).set_items(rows, keep=keep)

    def _current(self) -> int | None:
        item = self.query_one(PickList).highlighted
        return int(item.key) if item and item.key is not None else None

    @on(PickList.Highlighted)
    def fill_fields(self) -> None:
        """The number fields follow the highlighted exercise."""
        index = self._current()
        self._filling = True
        for field in NUMBER_FIELDS:
            box = self.query_one(f"#editor-{field}", Input)
            box.value = "" if index is None else str(getattr(self.items[index], field))
        self._filling = False

    @on(Input.Changed, ".editor-number")
    def number_changed(self, event: Input.Changed) -> None:
        """Typing a number changes the highlighted exercise (checked on save)."""
        index = self._current()
        if self._filling or index is None or event.input.id is None:
            return
        field = event.input.id.removeprefix("editor-")
        try:
            value = int(event.value.strip())
        except ValueError:
            self._error(f"{field.replace('_', ' ')}: '{event.value}' is not a whole number")
            return
        self._error("")
        changes: dict[str, int] = {field: value}
        self.items[index] = replace(self.items[index], **changes)  # type: ignore[arg-type]
        self.query_one(PickList).set_items(
            [PickItem(self._label(n, it), str(n - 1)) for n, it in enumerate(self.items, 1)],
            keep=str(index),
        )

    @on(Input.Submitted)
    def submitted(self) -> None:
        """Enter in a field saves."""
        self.action_save()

    def _error(self, message: str) -> None:
        self.query_one("#editor-error", Static).update(message)

    # -- actions ------------------------------------------------------------------------
    def action_add(self) -> None:
        """Choose an exercise and append it with its default prescription."""

        def chosen(exercise_id: str | None) -> None:
            if exercise_id is None:
                return
            exercise = self.ctx.catalog.exercise(exercise_id)
            self.items.append(default_item(exercise, self.ctx.catalog))
            self._show_items(len(self.items) - 1)
            self.query_one(PickList).focus()

        self.app.push_screen(ExerciseChooser(self.ctx), chosen)

    def action_remove(self) -> None:
        """Remove the highlighted exercise."""
        index = self._current()
        if index is not None:
            del self.items[index]
            self._show_items(min(index, len(self.items) - 1))

    def action_move(self, step: int) -> None:
        """Move the highlighted exercise earlier or later."""
        index = self._current()
        if index is None or not 0 <= index + step < len(self.items):
            return
        self.items[index], self.items[index + step] = self.items[index + step], self.items[index]
        self._show_items(index + step)

    def build(self) -> Routine:
        """The routine as typed; CatalogError names what is wrong."""
        name = self.query_one("#editor-name", Input).value.strip()
        if not name:
            raise CatalogError("name: give the routine a name")
        if not self.items:
            raise CatalogError("add at least one exercise (press a)")
        routine_id = self.routine_id or slugify(name)
        if any(r.id == routine_id and r.builtin for r in self.ctx.catalog.routines):
            routine_id += "-mine"
        raw = {
            "id": routine_id,
            "name": name,
            "description": self.description,
            "items": [item.to_dict() for item in self.items],
        }
        routine = Routine.from_dict(raw)
        check_plain_text(routine)
        return routine

    def action_save(self) -> None:
        """Check and save; back to the picker with the routine highlighted."""
        try:
            routine = self.build()
        except CatalogError as exc:
            self._error(str(exc))
            return
        try:
            self.ctx.save_routine(routine)
        except StoreError as exc:
            self._error(report_store_error(self, exc))
            return
        self.notify(f"Saved routine '{routine.name}'.")
        self.dismiss(routine.id)

    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)
