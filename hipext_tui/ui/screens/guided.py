"""The guided set view: one set at a time, logged to disk the moment Enter is pressed.

Where the session stands (which slot is next, whether to rest, when it is done) is always
derived by ``domain.guide`` from what the store holds, so a crash or a quit in the middle
resumes at the same slot.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from hipext_tui.domain.format import format_number, format_set
from hipext_tui.domain.guide import GuideState, Plan, Slot, progress, session_progress
from hipext_tui.domain.pacing import rep_phases
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    Side,
    ValidationError,
    new_id,
    parse_reps,
    parse_weight,
)
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.widgets.detail_pane import DetailPane, Para
from hipext_tui.ui.widgets.pace_timer import PaceTimer
from hipext_tui.ui.widgets.rest_timer import RestTimer
from hipext_tui.workouts import SessionTarget

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Exercise
    from hipext_tui.ui.context import AppContext

EXTEND_SECONDS = 15
# Keys that begin a number: pressed while no field has focus, they start typing the reps.
NUMBER_KEYS = frozenset("0123456789.,")


class GuidedScreen(Screen[None]):
    """Walks through the slots of a :class:`Plan`, logging each set as it is entered."""

    AUTO_FOCUS = "#guided-steps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "log_set",
            "Log set",
            id="guided.log",
            tooltip="Save the set and move on",
            priority=False,
        ),
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
            "plus", "extend_rest", "+15s", id="guided.extend_rest", tooltip="Add 15 s to the rest"
        ),
        Binding(
            "minus",
            "shorten_rest",
            "-15s",
            id="guided.shorten_rest",
            tooltip="Take 15 s off the rest",
        ),
        Binding(
            "x",
            "skip_exercise",
            "Skip ex",
            id="guided.skip_exercise",
            tooltip="Skip the rest of this exercise",
        ),
        Binding("r", "redo", "Redo", id="guided.redo", tooltip="Edit the last logged set"),
        Binding("f", "finish", "Finish", id="guided.finish", tooltip="Finish the workout early"),
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
        # (or skip), and read back after each write, so sets logged from another window
        # count too.
        self.target = SessionTarget.running(
            session.id if session else new_id("ses-"), self.started, plan.routine_id
        )
        self.state: GuideState = self._progress()
        self._history: dict[str, list[SetEntry]] | None = None

    # -- state ----------------------------------------------------------------------
    @property
    def in_progress(self) -> bool:
        """True while a started session is not finished (quitting asks first)."""
        return self.session is not None and not self.session.is_finished

    @property
    def slot(self) -> Slot | None:
        """The slot being entered (None when the plan is done)."""
        return self.state.next_slot

    def _progress(self) -> GuideState:
        if self.session is None:
            return progress(self.plan, None, ())
        return session_progress(self.plan, self.session)

    def _exercise(self, exercise_id: str) -> Exercise | None:
        return self.ctx.catalog.get(exercise_id)

    def _exercise_name(self, exercise_id: str) -> str:
        exercise = self._exercise(exercise_id)
        return exercise.name if exercise else exercise_id

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Header lines, steps on the left, entry and timers on the right."""
        yield Static("", id="guided-head")
        yield Static("", id="guided-slot")
        with Horizontal(id="guided-body"):
            yield DetailPane(id="guided-steps")
            with Vertical(id="guided-side"):
                with Horizontal(classes="entry-row"):
                    yield Label("Reps", classes="entry-label")
                    yield Input(id="reps", compact=True, select_on_focus=True)
                with Horizontal(classes="entry-row"):
                    yield Label(f"Weight {self.ctx.settings.unit.value}", classes="entry-label")
                    yield Input(
                        id="weight",
                        compact=True,
                        placeholder="none",
                        select_on_focus=True,
                    )
                yield Static("Enter logs the set; type a number to change it", id="entry-hint")
                yield Static("", id="entry-error")
                yield Static("", id="entry-note")
                yield RestTimer(id="rest")
                yield PaceTimer(id="pace")
                yield Static("", id="guided-next")
                yield Static("", id="guided-last")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the first pending slot and load the record history in the background."""
        self._show_slot()
        self._load_history()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Rest keys only while resting; redo only with a set to redo."""
        if action in ("skip_rest", "extend_rest", "shorten_rest"):
            return self.query_one(RestTimer).running
        if action == "pause_pace":
            return self.query_one(PaceTimer).active
        if action == "redo":
            return self.session is not None and bool(self.session.sets)
        if action == "timer":
            slot = self.slot
            return bool(slot and (slot.hold_seconds or slot.lower_seconds))
        return True

    # -- drawing --------------------------------------------------------------------
    def _show_slot(self) -> None:
        """Draw the slot being entered, and prefill the fields."""
        state = self.state
        head = self.query_one("#guided-head", Static)
        skipped = f", {state.skipped} skipped" if state.skipped else ""
        head.update(f"{self.plan.name}  |  {state.logged} of {state.total} sets done{skipped}")
        slot = self.slot
        if slot is None:
            return
        exercise = self._exercise(slot.exercise_id)
        name = self._exercise_name(slot.exercise_id)
        parts = [f"Set {slot.set_number} of {slot.total_sets}"]
        if slot.side is not Side.NONE:
            parts.append(slot.side.label)
        parts.append(f"{slot.reps} reps")
        if slot.hold_seconds:
            parts.append(f"hold {slot.hold_seconds} s")
        if slot.lower_seconds:
            parts.append(f"lower in {slot.lower_seconds} s")
        if self.editing is not None:
            # While editing, the line names the set being changed, not the next one.
            edited = self.editing
            what = f"Editing the last set ({self._exercise_name(edited.exercise_id)})"
            line = f"[b]{what}[/b]  {format_set(edited)}"
        else:
            line = f"[b]{name}[/b]  {' | '.join(parts)}"
        self.query_one("#guided-slot", Static).update(line)
        self.query_one("#guided-steps", DetailPane).show(self._steps(exercise, name))
        pace = self.query_one(PaceTimer)
        pace.stop()
        if slot.lower_seconds:
            pace.set_idle(f"t: pace {slot.reps} reps (lower {slot.lower_seconds} s)")
        elif slot.hold_seconds:
            pace.set_idle(f"t: pace {slot.reps} reps (hold {slot.hold_seconds} s)")
        else:
            pace.set_idle("")
        self._show_next()
        self._prefill(slot)
        self.refresh_bindings()

    def _steps(self, exercise: Exercise | None, name: str) -> list[Para]:
        if exercise is None:
            return [Para("title", name)]
        paras = [Para("heading", "Steps")]
        paras.extend(Para("step", s, n) for n, s in enumerate(exercise.steps, 1))
        if exercise.cues:
            paras.append(Para("heading", "Cues"))
            paras.extend(Para("bullet", c) for c in exercise.cues)
        return paras

    def _show_next(self) -> None:
        slot = self.slot
        after = self.state.following(slot) if slot is not None else None
        # "After this", not "Next": while resting, the countdown names the set that is
        # next, and this line the one that follows it.
        text = (
            "This is the last set of the workout."
            if after is None
            else f"After this: {self._slot_text(after)}"
        )
        self.query_one("#guided-next", Static).update(text)
        last = self.session.sets[-1] if self.session and self.session.sets else None
        self.query_one("#guided-last", Static).update(
            f"Last: {self._exercise_name(last.exercise_id)}, {format_set(last)}" if last else ""
        )

    def _slot_text(self, slot: Slot) -> str:
        side = f", {slot.side.label.lower()}" if slot.side is not Side.NONE else ""
        name = self._exercise_name(slot.exercise_id)
        return f"{name}, set {slot.set_number} of {slot.total_sets}{side}"

    def _prefill(self, slot: Slot) -> None:
        if self.editing is not None:
            reps: int = self.editing.reps
            weight = self.editing.weight
        else:
            reps, weight, _ = self.ctx.prefill(slot)
        reps_box = self.query_one("#reps", Input)
        weight_box = self.query_one("#weight", Input)
        reps_box.value = str(reps)
        weight_box.value = format_number(weight) if weight else ""
        # Typing replaces a prefilled value; Enter alone accepts it.
        for box in (reps_box, weight_box):
            box.select_all()
        self._error("")

    def _error(self, message: str) -> None:
        self.query_one("#entry-error", Static).update(message)

    def _note(self, message: str) -> None:
        self.query_one("#entry-note", Static).update(message)

    # -- logging --------------------------------------------------------------------
    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter in either field logs the set."""
        event.stop()
        self.action_log_set()

    def action_log_set(self) -> None:
        """Validate, save to disk, then move on (and start the rest)."""
        slot = self.slot
        if slot is None:
            return
        reps_box = self.query_one("#reps", Input)
        weight_box = self.query_one("#weight", Input)
        try:
            reps = parse_reps(reps_box.value)
        except ValidationError as exc:
            self._error(str(exc))
            reps_box.focus()
            return
        try:
            weight = parse_weight(weight_box.value)
        except ValidationError as exc:
            self._error(str(exc))
            weight_box.focus()
            return
        self._error("")
        if self.editing is not None:
            self._save_edit(reps, weight)
            return
        entry = SetEntry(
            id=new_id("set-"),
            exercise_id=slot.exercise_id,
            side=slot.side,
            reps=reps,
            logged_at=self.ctx.now(),
            weight=weight,
            unit=self.ctx.settings.unit,
            seconds=slot.hold_seconds or None,
        )
        # The write is durable before anything on screen moves on; if it fails, nothing
        # moves on and the values stay in the fields for another try.
        try:
            self.session = self.ctx.log_set(entry, self.target)
        except (StoreError, ValidationError) as exc:
            self._error(report_store_error(self, exc))
            reps_box.focus()
            return
        self._announce_record(entry)
        rest = self.state.rest_after(slot)
        self.state = self._progress()
        if self.state.complete:
            self._finish()
            return
        if rest:
            after = self.slot
            next_set = "Next: " + self._slot_text(after) if after is not None else ""
            self.query_one(RestTimer).start(rest, next_set)
        elif self.state.is_side_switch(slot) or (
            self.slot is not None and self.slot.side is Side.RIGHT
        ):
            self._note("Switch sides.")
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
        reps_box = self.query_one("#reps", Input)
        reps_box.focus()
        reps_box.value = event.character or ""
        reps_box.cursor_position = len(reps_box.value)

    def _save_edit(self, reps: int, weight: float | None) -> None:
        assert self.editing is not None and self.session is not None
        changed = replace(self.editing, reps=reps, weight=weight)
        try:
            self.ctx.update_set(self.session.id, changed)
        except (StoreError, ValidationError) as exc:
            self._error(report_store_error(self, exc))
            return
        self.session = self.ctx.session(self.session.id) or self.session
        self.editing = None
        self._note(f"Last set changed to {format_set(changed)}.")
        self.state = self._progress()
        self._show_slot()
        self._leave_fields()

    def _announce_record(self, entry: SetEntry) -> None:
        if self._history is None:
            self._note("")
            return
        from hipext_tui.domain.progress import is_new_record

        earlier = self._history.setdefault(entry.exercise_id, [])
        beaten = is_new_record(earlier, entry, self.ctx.settings.unit)
        earlier.append(entry)
        self._note(f"New record: {', '.join(beaten)}!" if beaten else "")
        if beaten:
            self.notify(
                f"New record on {self._exercise_name(entry.exercise_id)}: {', '.join(beaten)}"
            )

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

    # -- rest and holds ---------------------------------------------------------------
    @on(RestTimer.Done)
    def rest_done(self, event: RestTimer.Done) -> None:
        """At zero: the bell (unless turned off; it does not reach a browser) and a
        notification saying what is next (which does)."""
        if not event.skipped:
            if self.ctx.settings.bell:
                self.app.bell()
            self.notify(f"Rest over. {event.next_set}".strip(), timeout=6)
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

    def action_timer(self) -> None:
        """Pace the set (hold or slow lowering, every rep); pressed again, stop pacing."""
        slot = self.slot
        pace = self.query_one(PaceTimer)
        if slot is None:
            return
        if pace.active:
            pace.stop()
        else:
            phases = rep_phases(slot.hold_seconds, slot.lower_seconds)
            if phases:
                pace.start(slot.reps, phases)
        self.refresh_bindings()

    def action_pause_pace(self) -> None:
        """Space: pause the pacing, or carry on."""
        self.query_one(PaceTimer).toggle_pause()

    @on(PaceTimer.Finished)
    def pacing_done(self, event: PaceTimer.Finished) -> None:
        """The last rep ended: the reps field holds the count, Enter logs it."""
        reps_box = self.query_one("#reps", Input)
        reps_box.value = str(event.reps_done)
        self._note(f"{event.reps_done} reps paced: Enter logs them.")
        if self.ctx.settings.bell:
            self.app.bell()
        self.refresh_bindings()

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
            self._error(report_store_error(self, exc))
            return
        self.query_one(RestTimer).stop()
        self.state = self._progress()
        self._note(f"Skipped {self._exercise_name(exercise_id)}.")
        if self.state.complete:
            self._finish()
        else:
            self._show_slot()

    def action_redo(self) -> None:
        """Put the last logged set back in the fields; Enter saves the change."""
        if self.session is None or not self.session.sets:
            return
        self.editing = self.session.sets[-1]
        self._note("Change the values, Enter saves, Escape cancels.")
        self._show_slot()
        self.query_one("#reps", Input).focus()

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
        self.app.switch_screen(SummaryScreen(self.ctx, self.plan, self.session))

    def action_back(self) -> None:
        """Escape: leave a field, cancel an edit, else go back to the list (the session can
        be resumed)."""
        if isinstance(self.focused, Input):
            self._leave_fields()
            return
        if self.editing is not None:
            self.editing = None
            self._note("Edit cancelled.")
            self._show_slot()
            return
        if self.in_progress:
            self.notify("Workout paused: Enter on the routine resumes it.")
        self.dismiss(None)
