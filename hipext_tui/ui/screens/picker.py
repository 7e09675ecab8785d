"""The first screen: routines, then exercises, a detail pane, and the streak line."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from hipext_tui.domain.catalog import Exercise, Routine
from hipext_tui.domain.guide import (
    build_plan,
    default_item,
    prescription_text,
    session_progress,
    single_exercise_plan,
)
from hipext_tui.domain.sessions import estimate_minutes
from hipext_tui.domain.streaks import Streaks
from hipext_tui.ui.widgets.detail_pane import DetailPane, Para
from hipext_tui.ui.widgets.key_bar import KeyBar
from hipext_tui.ui.widgets.pick_list import PickItem, PickList
from hipext_tui.ui.widgets.streak_panel import StreakPanel

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

ROUTINE = "r:"
EXERCISE = "e:"


def routine_paras(routine: Routine, ctx: AppContext) -> list[Para]:
    """What the detail pane says about a routine."""
    paras = [Para("title", routine.name)]
    plan = build_plan(routine, ctx.catalog)
    minutes = estimate_minutes(plan)
    paras.append(Para("text", f"{plan.total} sets, about {minutes} min. Enter starts it."))
    if routine.description:
        paras.append(Para("text", routine.description))
    paras.append(Para("heading", "Exercises"))
    for n, item in enumerate(routine.items, 1):
        exercise = ctx.catalog.get(item.exercise_id)
        name = exercise.name if exercise else item.exercise_id
        paras.append(Para("step", f"{name}: {prescription_text(item, exercise)}", n))
    if not routine.builtin:
        paras.append(Para("text", "Your routine: e edits it."))
    else:
        paras.append(Para("text", "Built in: e makes your own copy to change."))
    return paras


def exercise_paras(exercise: Exercise, ctx: AppContext) -> list[Para]:
    """What the detail pane says about an exercise."""
    item = default_item(exercise, ctx.catalog, ctx.settings.rest_seconds)
    default = prescription_text(item, exercise)
    # Fixed-shape lines first: their shared beginnings ("Sides: ") are not resent
    # when the highlight moves between exercises.
    paras = [Para("title", exercise.name)]
    paras.append(Para("text", f"Sides: {exercise.sides_label}"))
    paras.append(Para("text", f"Default: {default}"))
    if exercise.equipment:
        gear = ", ".join(exercise.equipment)
        if exercise.substitutes:
            gear += f" (or {', '.join(exercise.substitutes)})"
        paras.append(Para("text", f"Equipment: {gear}"))
    if exercise.works:
        paras.append(Para("text", f"Works: {exercise.works}"))
    if exercise.steps:
        paras.append(Para("heading", "Steps"))
        paras.extend(Para("step", step, n) for n, step in enumerate(exercise.steps, 1))
    if exercise.cues:
        paras.append(Para("heading", "Cues"))
        paras.extend(Para("bullet", cue) for cue in exercise.cues)
    return paras


class PickerScreen(Screen[None]):
    """Pick a routine or an exercise; see its details and the streak."""

    AUTO_FOCUS = "#items"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="picker.filter", tooltip="Type to filter the list"),
        Binding(
            "h",
            "app.open_history",
            "History",
            id="picker.history",
            tooltip="Past workouts and streaks",
        ),
        Binding("n", "new_routine", "New", id="picker.new", tooltip="Build a routine of your own"),
        Binding(
            "e", "edit_routine", "Edit", id="picker.edit", tooltip="Change the highlighted routine"
        ),
        Binding(
            "s",
            "app.open_settings",
            "Setup",
            id="picker.settings",
            tooltip="Units, zone, goal, rest, bell, theme",
        ),
        Binding(
            "tab",
            "focus_next",
            "Details",
            show=False,
            id="picker.tab",
            tooltip="Move between list and details",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear",
            show=False,
            id="picker.clear",
            tooltip="Clear the filter",
        ),
    ]

    def __init__(
        self,
        ctx: AppContext,
        streaks: tuple[Streaks, int] | None = None,
        *,
        resume: str | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._streaks = streaks
        self._resume = resume
        self._seen_revision = ctx.revision

    def compose(self) -> ComposeResult:
        """The filter and the list on the left, the streak box and the details on the
        right (app.tcss places them on a grid; below 80 columns they stack: streak,
        filter, list, details). The widgets are the screen's own children, with no
        container between: each widget more costs its share of the first frame."""
        yield Input(placeholder="/ filter", id="filter", compact=True)
        # The streak box never changes while browsing, so it also keeps the part of
        # the screen that an arrow key repaints small.
        yield StreakPanel(id="streak")
        yield PickList(id="items")
        yield DetailPane(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill the list and the streak; offer to resume today's unfinished workout."""
        self._fill_list()
        self._show_streaks()
        if self._resume is not None:
            session = self.ctx.session(self._resume)
            if session is not None and session.routine_id:
                self.call_after_refresh(self._offer_resume, session.routine_id)

    # -- list -----------------------------------------------------------------------
    def _entries(self, query: str) -> list[PickItem]:
        wanted = query.strip().lower()

        def hit(*texts: str) -> bool:
            return not wanted or any(wanted in t.lower() for t in texts)

        routines = [r for r in self.ctx.catalog.routines if hit(r.name, r.id)]
        exercises = [e for e in self.ctx.catalog.exercises if hit(e.name, e.id, e.works)]
        items: list[PickItem] = []
        if routines:
            items.append(PickItem("Routines"))
            for r in routines:
                mark = "" if r.builtin else " *"
                items.append(PickItem(f"{r.name}{mark}", ROUTINE + r.id))
        if exercises:
            items.append(PickItem("Exercises"))
            items.extend(PickItem(e.name, EXERCISE + e.id) for e in exercises)
        if not items:
            items.append(PickItem(f"nothing matches '{query.strip()}'"))
        return items

    def _fill_list(self, keep: str | None = None) -> None:
        query = self.query_one("#filter", Input).value
        entries = self._entries(query)
        self.query_one(DetailPane).reserve([self._detail(e.key) for e in entries if e.key])
        self.query_one(PickList).set_items(entries, keep=keep)

    @on(Input.Changed, "#filter")
    def filter_list(self, event: Input.Changed) -> None:
        """Type to filter: the list narrows as the query grows."""
        current = self.query_one(PickList).highlighted
        self._fill_list(keep=current.key if current else None)

    @on(Input.Submitted, "#filter")
    def leave_filter(self) -> None:
        """Enter in the filter goes back to the list."""
        self.query_one(PickList).focus()

    def on_key(self, event: object) -> None:
        """Down or Escape in the filter returns to the list."""
        from textual.events import Key

        if not isinstance(event, Key):
            return
        if self.focused is self.query_one("#filter", Input) and event.key in ("down", "escape"):
            if event.key == "escape":
                self.query_one("#filter", Input).value = ""
            self.query_one(PickList).focus()
            event.stop()

    @on(PickList.Highlighted)
    def show_detail(self, event: PickList.Highlighted) -> None:
        """The detail pane follows the highlight."""
        key = event.item.key if event.item else None
        self.query_one(DetailPane).show(self._detail(key))

    def _detail(self, key: str | None) -> list[Para]:
        if key is None:
            return [Para("text", "Nothing to show. Escape clears the filter.")]
        if key.startswith(ROUTINE):
            return routine_paras(self.ctx.catalog.routine(key[len(ROUTINE) :]), self.ctx)
        return exercise_paras(self.ctx.catalog.exercise(key[len(EXERCISE) :]), self.ctx)

    @on(PickList.Selected)
    def start_selected(self, event: PickList.Selected) -> None:
        """Enter: start the routine, or the exercise on its own."""
        key = event.item.key or ""
        if key.startswith(ROUTINE):
            self.start_routine(key[len(ROUTINE) :])
        elif key.startswith(EXERCISE):
            self.start_exercise(key[len(EXERCISE) :])

    # -- starting -----------------------------------------------------------------------
    def start_routine(self, routine_id: str) -> None:
        """Start a routine, offering to resume today's unfinished session of it."""
        from hipext_tui.ui.screens.guided import GuidedScreen

        found = self.ctx.resumable_today()
        if found is None or found[1].routine_id != routine_id:
            routine = self.ctx.catalog.routine(routine_id)
            self.app.push_screen(GuidedScreen(self.ctx, build_plan(routine, self.ctx.catalog)))
            return
        self._offer_resume(routine_id)

    def _offer_resume(self, routine_id: str) -> None:
        from hipext_tui.ui.screens.dialogs import ConfirmDialog
        from hipext_tui.ui.screens.guided import GuidedScreen

        found = self.ctx.resumable_today()
        if found is None or found[1].routine_id != routine_id:
            return
        session, plan = found
        state = session_progress(plan, session)

        def answered(resume: bool | None) -> None:
            if resume is None:
                return
            self.app.push_screen(GuidedScreen(self.ctx, plan, session if resume else None))

        self.app.push_screen(
            ConfirmDialog(
                "Resume today's workout?",
                f"{plan.name}: {state.done} of {state.total} sets done.",
                yes="Resume",
                no="Start over",
            ),
            answered,
        )

    def start_exercise(self, exercise_id: str) -> None:
        """Start one exercise outside a routine, with its default prescription."""
        from hipext_tui.ui.screens.guided import GuidedScreen

        exercise = self.ctx.catalog.exercise(exercise_id)
        # The same prescription the pane shows (one source: default_item).
        item = default_item(exercise, self.ctx.catalog, self.ctx.settings.rest_seconds)
        plan = single_exercise_plan(
            exercise, catalog=self.ctx.catalog, rest_seconds=item.rest_seconds
        )
        self.app.push_screen(GuidedScreen(self.ctx, plan))

    # -- streak -----------------------------------------------------------------------
    def _show_streaks(self) -> None:
        panel = self.query_one(StreakPanel)
        if self._streaks is None:
            panel.show(None)
        else:
            panel.show(*self._streaks)

    def on_screen_resume(self) -> None:
        """After a workout (or a history edit) the streak and the routines may change."""
        if self.ctx.revision != self._seen_revision:
            self._seen_revision = self.ctx.revision
            current = self.query_one(PickList).highlighted
            self._fill_list(keep=current.key if current else None)
            self._recount_streaks()

    @work(thread=True, exclusive=True, group="streaks")
    def _recount_streaks(self) -> None:
        streaks = self.ctx.streak_summary()
        self.app.call_from_thread(self._set_streaks, streaks)

    def _set_streaks(self, streaks: tuple[Streaks, int]) -> None:
        self._streaks = streaks
        self._show_streaks()

    # -- actions ------------------------------------------------------------------------
    def action_filter(self) -> None:
        """Focus the filter field."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Escape: clear the filter (the picker is the first screen; nothing is behind it)."""
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(PickList).focus()

    def action_new_routine(self) -> None:
        """Build a new routine."""
        from hipext_tui.ui.screens.routine_editor import RoutineEditor

        self.app.push_screen(RoutineEditor(self.ctx, None), self._routine_saved)

    def action_edit_routine(self) -> None:
        """Edit the highlighted routine (a built-in one is copied first)."""
        from hipext_tui.ui.screens.routine_editor import RoutineEditor

        item = self.query_one(PickList).highlighted
        if item is None or not (item.key or "").startswith(ROUTINE):
            self.notify("Highlight a routine to edit it (n builds a new one).")
            return
        routine = self.ctx.catalog.routine((item.key or "")[len(ROUTINE) :])
        self.app.push_screen(RoutineEditor(self.ctx, routine), self._routine_saved)

    def _routine_saved(self, routine_id: str | None) -> None:
        if routine_id:
            self._seen_revision = self.ctx.revision
            self._fill_list(keep=ROUTINE + routine_id)
