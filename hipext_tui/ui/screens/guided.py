"""The guided set view: one set at a time, logged to disk the moment Enter is pressed.

Where the session stands (which slot is next, whether to rest, when it is done) is always
derived by ``domain.guide`` from what the store holds, so a crash or a quit in the middle
resumes at the same slot. The pieces live beside this module: the set form
(``widgets/set_form.py``), what the screen says (``guided_text.py``), the timers' keys
(``guided_timers.py``) and the note and pain dialogs (``guided_marks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static

from hipext_tui.domain.format import format_set
from hipext_tui.domain.guide import GuideState, Plan, Slot, progress, session_progress
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    Side,
    ValidationError,
    new_id,
)
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.screens.guided_text import (
    edit_offer,
    hold_for,
    offer_for,
    reps_for,
    slot_line,
    slot_text,
    steps_paras,
)
from hipext_tui.ui.screens.guided_timers import TimerScreen
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.widgets.detail_pane import DetailPane
from hipext_tui.ui.widgets.pace_timer import PaceTimer
from hipext_tui.ui.widgets.rest_timer import RestTimer
from hipext_tui.ui.widgets.set_form import FieldError, SetForm, Values, show_line
from hipext_tui.workouts import SessionTarget

if TYPE_CHECKING:
    from hipext_tui.domain.progression import Advice
    from hipext_tui.domain.workout import BodyPart
    from hipext_tui.ui.context import AppContext
    from hipext_tui.ui.screens.guided_marks import PainChoice

# Keys that begin a number: pressed while no field has focus, they start typing the reps.
NUMBER_KEYS = frozenset("0123456789.,")
PANE_HINT = "Enter logs the set. Tab: form"
FORM_HINT = "Enter logs; Tab next; Esc out"


class GuidedScreen(TimerScreen):
    """Walks through the slots of a :class:`Plan`, logging each set as it is entered."""

    AUTO_FOCUS = "#guided-steps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "log_set",
            "Log",
            id="guided.log",
            tooltip="Save the set and move on",
            priority=False,
        ),
        *TimerScreen.TIMER_BINDINGS,
        Binding("e", "rpe", "RPE", id="guided.rpe", tooltip="Type the set's RPE (1-10, optional)"),
        Binding("w", "warmup", "Warm", id="guided.warmup", tooltip="Mark the set a warm-up"),
        Binding("n", "note", "Note", id="guided.note", tooltip="A note on this workout"),
        Binding("p", "pain", "Pain", id="guided.pain", tooltip="Flag pain on the set or workout"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="guided.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="guided.page_down"),
        Binding(
            "x",
            "skip_exercise",
            "Skip ex",
            id="guided.skip_exercise",
            tooltip="Skip the rest of this exercise",
        ),
        Binding("r", "redo", "Redo", id="guided.redo", tooltip="Edit the last logged set"),
        Binding(
            "f",
            "finish",
            "Finish",
            id="guided.finish",
            tooltip="Finish the workout early",
            show=False,  # the footer keeps its width for the keys of every set; ? lists it
        ),
        Binding(
            "escape", "back", "Back", id="guided.back", tooltip="Back to the list (resume later)"
        ),
    ]

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
        self._history: dict[str, list[SetEntry]] | None = None
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

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Header lines, steps on the left, the form and timers on the right."""
        yield Static("", id="guided-head")
        yield Static("", id="guided-slot")
        with Horizontal(id="guided-body"):
            yield DetailPane(id="guided-steps")
            with Vertical(id="guided-side"):
                yield SetForm(self.ctx.settings.unit, id="entry")
                yield RestTimer(id="rest")
                yield PaceTimer(id="pace")
                yield Static("", id="guided-next")
                yield Static("", id="guided-last")
                yield Static("", id="guided-marks")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the first pending slot; load records and suggestions in the background."""
        self.form.hint(PANE_HINT)
        self._show_slot()
        self._load_history()
        self._load_advice()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Rest keys only while resting; redo only with a set to redo."""
        allowed = self.timer_allowed(action)
        if allowed is not None:
            return allowed
        if action == "redo":
            return self.session is not None and bool(self.session.sets)
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The hint says what keys do where the focus is (Tab visibly moves it)."""
        self.form.hint(FORM_HINT if isinstance(event.widget, Input) else PANE_HINT)

    # -- drawing --------------------------------------------------------------------
    def _show_slot(self, *, refill: bool = True) -> None:
        """Draw the slot being entered, and (``refill``) put its offer in the form."""
        state = self.state
        skipped = f", {state.skipped} skipped" if state.skipped else ""
        self.query_one("#guided-head", Static).update(
            f"{self.plan.name}  |  {state.logged} of {state.total} sets done{skipped}"
        )
        slot = self.slot
        if slot is None:
            return
        exercise = self.ctx.catalog.get(slot.exercise_id)
        name = self._exercise_name(slot.exercise_id)
        if self.editing is not None:
            # While editing, the line names the set being changed, not the next one.
            edited = self.editing
            what = f"Editing the last set ({self._exercise_name(edited.exercise_id)})"
            line = f"[b]{what}[/b]  {format_set(edited, self.ctx.settings.unit)}"
        else:
            line = f"[b]{name}[/b]  {slot_line(slot, self.current_reps(), self.current_hold())}"
        self.query_one("#guided-slot", Static).update(line)
        self.query_one("#guided-steps", DetailPane).show(steps_paras(exercise, name))
        self.show_pace_idle()
        self._show_next()
        if refill:
            self._fill(slot)
        self.refresh_bindings()

    def _fill(self, slot: Slot) -> None:
        if self.editing is not None:
            offer = edit_offer(self.editing)
        else:
            offer = offer_for(
                slot,
                unit=self.ctx.settings.unit,
                session=self.session,
                advice=self._advice_for(slot),
                last_set=self.ctx.prefill(slot)[2],
            )
        self.form.fill(offer)

    def _show_next(self) -> None:
        slot = self.slot
        after = self.state.following(slot) if slot is not None else None
        # "After this", not "Next": while resting, the countdown names the set that is
        # next, and this line the one that follows it.
        text = (
            "This is the last set of the workout."
            if after is None
            else f"After this: {slot_text(after, self._exercise_name(after.exercise_id))}"
        )
        show_line(self.query_one("#guided-next", Static), text)
        session = self.session
        last = session.sets[-1] if session and session.sets else None
        unit = self.ctx.settings.unit
        show_line(
            self.query_one("#guided-last", Static),
            f"Last: {self._exercise_name(last.exercise_id)}, {format_set(last, unit)}"
            if last
            else "",
        )
        marks = []
        if session is not None and session.pain is not None:
            marks.append(f"Pain (workout): {session.pain.label}")
        if session is not None and session.notes:
            marks.append(f"Note: {session.notes}")
        show_line(self.query_one("#guided-marks", Static), "\n".join(marks))

    # -- logging --------------------------------------------------------------------
    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter in any field logs the set."""
        event.stop()
        self.action_log_set()

    def action_log_set(self) -> None:
        """Validate, save to disk, then move on (and start the rest)."""
        slot = self.slot
        if slot is None:
            return
        try:
            values = self.form.read()
        except FieldError as exc:
            self.form.error(str(exc))
            self.form.box(exc.field).focus()
            return
        self.form.error("")
        if self.editing is not None:
            self._save_edit(values)
            return
        entry = SetEntry(
            id=new_id("set-"),
            exercise_id=slot.exercise_id,
            side=slot.side,
            reps=values.reps,
            logged_at=self.ctx.now(),
            weight=values.weight,
            unit=values.unit,
            seconds=self.current_hold() or None,
            rpe=values.rpe,
            set_type=values.set_type,
        )
        # The write is durable before anything on screen moves on; if it fails, nothing
        # moves on and the values stay in the fields for another try.
        try:
            self.session = self.ctx.log_set(entry, self.target)
        except (StoreError, ValidationError) as exc:
            self.form.error(report_store_error(self, exc))
            self.form.box("reps").focus()
            return
        if entry.is_warmup:
            # A warm-up is not a set of the plan: the same set is still to do.
            self.form.note("Warm-up logged; w when the working sets start.")
            self._show_slot()
            self._leave_fields()
            return
        notes = [self._record_note(entry)]
        rest = self.state.rest_after(slot)
        self.state = self._progress()
        if self.state.complete:
            self._finish()
            return
        if rest:
            after = self.slot
            next_set = (
                "Next: " + slot_text(after, self._exercise_name(after.exercise_id))
                if after is not None
                else ""
            )
            self.query_one(RestTimer).start(rest, next_set)
        elif self.state.is_side_switch(slot) or (
            self.slot is not None and self.slot.side is Side.RIGHT
        ):
            notes.append("Switch sides.")
        self.form.note(" ".join(n for n in notes if n))
        self._show_slot()
        self._leave_fields()

    def _leave_fields(self) -> None:
        """Focus the steps pane: letters are commands there, a digit starts the reps."""
        self.query_one("#guided-steps", DetailPane).focus()

    def on_key(self, event: events.Key) -> None:
        """A digit pressed outside the fields starts typing the reps (replacing the prefill)."""
        if isinstance(self.focused, Input) or event.character not in NUMBER_KEYS:
            return
        event.stop()
        event.prevent_default()
        reps_box = self.form.box("reps")
        # Not select-on-focus this time: the focus lands after this key, and selecting
        # then would let the next digit replace this one ("10" typed fast became "0").
        reps_box.select_on_focus = False
        reps_box.focus()
        reps_box.value = event.character or ""
        reps_box.cursor_position = len(reps_box.value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A field left selects its value again the next time it is entered."""
        if isinstance(event.widget, Input):
            event.widget.select_on_focus = True

    def _save_edit(self, values: Values) -> None:
        assert self.editing is not None and self.session is not None
        changed = replace(
            self.editing,
            reps=values.reps,
            weight=values.weight,
            unit=values.unit,
            rpe=values.rpe,
            set_type=values.set_type,
        )
        try:
            self.ctx.update_set(self.session.id, changed)
        except (StoreError, ValidationError) as exc:
            self.form.error(report_store_error(self, exc))
            return
        self.session = self.ctx.session(self.session.id) or self.session
        self.editing = None
        self.form.note(f"Last set changed to {format_set(changed, self.ctx.settings.unit)}.")
        self.state = self._progress()
        self._show_slot()
        self._leave_fields()

    def _record_note(self, entry: SetEntry) -> str:
        """'New record: ...!' when ``entry`` beats one (warm-ups never do)."""
        if self._history is None:
            return ""
        from hipext_tui.domain.progress import is_new_record

        earlier = self._history.setdefault(entry.exercise_id, [])
        beaten = is_new_record(earlier, entry, self.ctx.settings.unit)
        earlier.append(entry)
        if not beaten:
            return ""
        self.notify(
            f"New record on {self._exercise_name(entry.exercise_id)}: {', '.join(beaten)}",
            timeout=4,
        )
        return f"New record: {', '.join(beaten)}!"

    @work(thread=True, exclusive=True, group="history")
    def _load_history(self) -> None:
        """Earlier sets of this plan's exercises, for the "New record" check."""
        wanted = {s.exercise_id for s in self.plan.slots}
        current = self.session.id if self.session else None
        history: dict[str, list[SetEntry]] = {e: [] for e in wanted}
        for session in self.ctx.sessions():
            if session.id == current:
                continue
            for entry in session.sets:
                if entry.exercise_id in wanted:
                    history[entry.exercise_id].append(entry)
        if self.session is not None:
            for entry in self.session.sets:
                history.setdefault(entry.exercise_id, []).append(entry)
        self.app.call_from_thread(setattr, self, "_history", history)

    @work(thread=True, exclusive=True, group="advice")
    def _load_advice(self) -> None:
        """The progression suggestion and the last time of every slot (off the UI thread)."""
        advice = self.ctx.advice(self.plan, self.target.session_id)
        self.app.call_from_thread(self._advice_loaded, advice)

    def _advice_loaded(self, advice: dict[tuple[int, Side], Advice]) -> None:
        """Show the suggestion; it fills the fields only if nothing was typed yet (the
        user's typing always wins)."""
        self._advice = advice
        if self.slot is not None:
            self._show_slot(refill=self.editing is None and not self.form.typed)
            if self.form.typed or self.editing is not None:
                self._show_reason(self.slot)

    def _show_reason(self, slot: Slot) -> None:
        """The reason and last-time lines, leaving the fields as they are."""
        offer = offer_for(
            slot,
            unit=self.ctx.settings.unit,
            session=self.session,
            advice=self._advice_for(slot),
            last_set=None,
        )
        self.form.explain(offer.why, offer.previous)

    # -- form keys --------------------------------------------------------------------
    def action_rpe(self) -> None:
        """Type the set's RPE."""
        self.form.box("rpe").focus()

    def action_warmup(self) -> None:
        """Mark the set a warm-up, or a working set again."""
        self.form.set_warmup(not self.form.warmup)

    def action_page(self, pages: int) -> None:
        """PageUp/PageDown scroll the coaching pane, wherever the focus is."""
        pane = self.query_one("#guided-steps", DetailPane)
        step = max(1, pane.scrollable_content_region.height - 1)
        pane.scroll_to(y=pane.scroll_offset.y + pages * step, animate=False)

    # -- note and pain ----------------------------------------------------------------
    def action_note(self) -> None:
        """A note on the workout (saved at once)."""
        from hipext_tui.ui.screens.guided_marks import NoteDialog

        def answered(text: str | None) -> None:
            if text is None:
                return
            if self._write(lambda: self.ctx.set_session_note(self.target, text)):
                self.form.note("Note saved." if text else "Note cleared.")

        self.app.push_screen(NoteDialog(self.session.notes if self.session else ""), answered)

    def action_pain(self) -> None:
        """Flag pain on the last set or on the workout (saved at once)."""
        from hipext_tui.ui.screens.guided_marks import PainDialog

        session = self.session
        last = session.sets[-1] if session and session.sets else None
        described = (
            f"{self._exercise_name(last.exercise_id)}, {format_set(last, self.ctx.settings.unit)}"
            if last
            else None
        )

        def answered(choice: PainChoice | None) -> None:
            if choice is None:
                return
            set_id = last.id if choice.on_set and last is not None else None
            if self._write(lambda: self.ctx.flag_pain(self.target, choice.part, set_id)):
                self.form.note(_pain_note(choice.part, set_id is not None))

        self.app.push_screen(PainDialog(described), answered)

    def _write(self, change: Callable[[], Session]) -> bool:
        """Run one service write; on success show the session as stored."""
        try:
            self.session = change()
        except (StoreError, ValidationError) as exc:
            self.form.error(report_store_error(self, exc))
            return False
        self.form.error("")
        self.state = self._progress()
        self._show_next()
        self.refresh_bindings()
        return True

    # -- changing course --------------------------------------------------------------
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

    def action_back(self) -> None:
        """Escape: leave a field, cancel an edit, else go back to the list (the session can
        be resumed)."""
        if isinstance(self.focused, Input):
            self._leave_fields()
            return
        if self.editing is not None:
            self.editing = None
            self._show_slot()
            self.form.note("Edit cancelled.")
            return
        self.app.clear_notifications()
        if self.in_progress:
            self.notify("Workout paused: Enter on the routine resumes it.", timeout=4)
        self.dismiss(None)


def _pain_note(part: BodyPart | None, on_set: bool) -> str:
    what = "the last set" if on_set else "the workout"
    return f"Pain flag cleared on {what}." if part is None else f"Pain ({part.label}) on {what}."
