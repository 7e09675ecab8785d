"""The guided set view: one set at a time, logged to disk the moment Enter is pressed.

Where the session stands (which slot is next, whether to rest, when it is done) is always
derived by ``domain.guide`` from what the store holds, so a crash or a quit in the middle
resumes at the same slot. This module draws and logs; the other parts live beside it:
the shared state (``guided_base.py``), suggestions and records (``guided_coach.py``),
the note and pain flags (``guided_marks.py``), skip, redo and finish
(``guided_course.py``), the timers' keys (``guided_timers.py``), what the screen says
(``guided_text.py``) and the set form (``widgets/set_form.py``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from hipext_tui.domain.format import format_set
from hipext_tui.domain.guide import Slot
from hipext_tui.domain.workout import (
    SetEntry,
    Side,
    ValidationError,
    new_id,
)
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.screens.guided_coach import CoachPart
from hipext_tui.ui.screens.guided_course import CoursePart
from hipext_tui.ui.screens.guided_marks import MarksPart
from hipext_tui.ui.screens.guided_text import (
    edit_offer,
    offer_for,
    slot_line,
    slot_text,
    steps_paras,
)
from hipext_tui.ui.screens.guided_timers import TimerScreen
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.widgets.detail_pane import DetailPane
from hipext_tui.ui.widgets.key_bar import KeyBar
from hipext_tui.ui.widgets.pace_timer import PaceTimer
from hipext_tui.ui.widgets.rest_timer import RestTimer
from hipext_tui.ui.widgets.set_form import FieldError, SetForm, Values, show_line

# Keys that begin a number: pressed while no field has focus, they start typing the reps.
NUMBER_KEYS = frozenset("0123456789.,")
PANE_HINT = "Enter logs the set. Tab: form"
FORM_HINT = "Enter logs; Tab next; Esc out"


class GuidedScreen(CoachPart, MarksPart, CoursePart):
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
        yield KeyBar()

    def on_mount(self) -> None:
        """Show the first pending slot; load records and suggestions in the background."""
        self.form.hint(PANE_HINT)
        self._show_slot()
        self._load_marks()
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
            self.add_class("-resting")  # a narrow screen makes room for the countdown
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
