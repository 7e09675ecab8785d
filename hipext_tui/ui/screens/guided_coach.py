"""The guided view's coaching: the progression suggestion and last time of every slot
(loaded off the UI thread), and the "New record" check of each logged set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from hipext_tui.domain.workout import SetEntry, Side
from hipext_tui.ui.screens.guided_base import GuidedBase
from hipext_tui.ui.screens.guided_text import offer_for

if TYPE_CHECKING:
    from hipext_tui.domain.guide import Slot
    from hipext_tui.domain.progress import Records
    from hipext_tui.domain.progression import Advice


class CoachPart(GuidedBase):
    """Suggestions and records."""

    def _record_note(self, entry: SetEntry) -> str:
        """'New record: ...!' when ``entry`` beats one (warm-ups never do)."""
        if self._marks is None:
            return ""
        from hipext_tui.domain.progress import mark_set, records_beaten

        beaten = records_beaten(mark_set(self._marks, entry), entry, self.ctx.settings.unit)
        if not beaten:
            return ""
        self.notify(
            f"New record on {self._exercise_name(entry.exercise_id)}: {', '.join(beaten)}",
            timeout=4,
        )
        return f"New record: {', '.join(beaten)}!"

    @work(thread=True, exclusive=True, group="history")
    def _load_marks(self) -> None:
        """The records so far of this plan's exercises, for the "New record" check."""
        stored = {s.id for s in self.session.sets} if self.session is not None else set()
        marks = self.ctx.record_marks({s.exercise_id for s in self.plan.slots})
        self.app.call_from_thread(self._marks_loaded, marks, stored)

    def _marks_loaded(self, marks: dict[tuple[str, Side], Records], stored: set[str]) -> None:
        """Keep the records, with the sets this view logged since they were read (those
        ``stored`` before are in them already)."""
        from hipext_tui.domain.progress import mark_set

        for entry in self.session.sets if self.session is not None else ():
            if entry.id not in stored:
                mark_set(marks, entry)
        self._marks = marks

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
