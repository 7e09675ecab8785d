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
    from hipext_tui.domain.progression import Advice


class CoachPart(GuidedBase):
    """Suggestions and records."""

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
