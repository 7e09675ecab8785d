"""The coach's part of the use-case layer: what to lift next, pauses of the streaks,
and the runs beside the strength. :class:`~hipext_tui.workouts.Workouts` is made of
this and its own reads and changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Catalog
    from hipext_tui.domain.guide import Plan, Slot
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.progress import Records
    from hipext_tui.domain.progression import Advice, Suggestion
    from hipext_tui.domain.runs import Run
    from hipext_tui.domain.settings import Settings
    from hipext_tui.domain.streaks import StreakRules
    from hipext_tui.domain.workout import Side
    from hipext_tui.store.tinydb_store import Store

# The last three outings are all the progression rule reads; this many days of history
# hold them for anyone who trains, without decoding ten years of sets.
SUGGESTION_LOOKBACK_DAYS = 400


class CoachUseCases:
    """Suggestions, pauses and runs, over the store of a ``Workouts``."""

    if TYPE_CHECKING:  # what Workouts provides
        _store: Store
        settings: Settings

        @property
        def catalog(self) -> Catalog: ...
        def today(self) -> date: ...
        def streak_rules(self) -> StreakRules: ...
        def _touch(self) -> None: ...

    def suggestion(self, plan: Plan, slot: Slot, session_id: str | None) -> Suggestion | None:
        """The progression rule's next set for ``slot`` (None when the setting is off or
        the exercise is gone); ``session_id`` is the session being trained, left out."""
        from hipext_tui.domain.progression import suggest_for_slot

        if not self.settings.suggestions:
            return None
        # The last three outings are all the rule reads; a year and a bit of history
        # holds them for anyone who trains, without decoding ten years of sets.
        since = self.today() - timedelta(days=SUGGESTION_LOOKBACK_DAYS)
        return suggest_for_slot(
            plan,
            slot,
            self.catalog,
            self._store.sessions(since=since),
            self.settings.unit,
            current_session_id=session_id,
        )

    def advice(self, plan: Plan, session_id: str | None) -> dict[tuple[int, Side], Advice]:
        """Per routine item and side: the suggestion (None when the setting is off) and
        the working sets of the last time, the session being trained left out."""
        from hipext_tui.domain.progression import plan_advice

        since = self.today() - timedelta(days=SUGGESTION_LOOKBACK_DAYS)
        return plan_advice(
            plan,
            self.catalog,
            self._store.sessions(since=since),
            self.settings.unit,
            current_session_id=session_id,
            suggestions=self.settings.suggestions,
        )

    def record_marks(self, exercise_ids: Iterable[str]) -> dict[tuple[str, Side], Records]:
        """Per exercise and side: the records (in kg) of every working set logged so far,
        what the guided view's "New record" compares each new set with
        (:func:`~hipext_tui.domain.progress.records_beaten`). They come from each
        exercise's record pack (a summary per month), not from its sets."""
        from hipext_tui.domain.progress import records_for
        from hipext_tui.domain.workout import Side, Unit

        rules = self.streak_rules()
        marks: dict[tuple[str, Side], Records] = {}
        for exercise_id in exercise_ids:
            records = self._store.exercise_progress(
                exercise_id, Unit.KG, rules.timezone, rules.day_start_hour, rules.week_start
            ).records
            sided = [r for r in (records.left, records.right) if r is not None]
            for part in sided:
                if part.side is not None:
                    marks[(exercise_id, part.side)] = part
            if not sided:
                marks[(exercise_id, Side.NONE)] = records.overall
            elif records.overall.sets > sum(part.sets for part in sided):
                # Sets on no side beside sets on a side (imported, say) are compared
                # only with each other: from the sets themselves, as seldom happens.
                sets = self._store.exercise_sets(exercise_id)
                marks[(exercise_id, Side.NONE)] = records_for(sets, Unit.KG, exercise_id, Side.NONE)
        return marks

    def pauses(self) -> list[Pause]:
        """Every pause, earliest first."""
        return self._store.pauses()

    def add_pause(self, pause: Pause) -> Pause:
        """Pause the streaks over ``pause`` (ValidationError when it overlaps another)."""
        added = self._store.add_pause(pause)
        self._touch()
        return added

    def remove_pause(self, day: date) -> Pause:
        """Remove the pause holding ``day`` (NotFoundError when none does)."""
        removed = self._store.remove_pause(day)
        self._touch()
        return removed

    def runs(self) -> list[Run]:
        """Every imported run, earliest first."""
        return self._store.runs()

    def import_runs(self, runs: Iterable[Run]) -> int:
        """Save the runs not held yet, in one write; how many were new."""
        added = self._store.add_runs(runs)
        self._touch()
        return added

    def weekly_km(self) -> dict[date, float]:
        """Running km per week (first day of the week -> km), in this run's zone."""
        runs = self.runs()
        if not runs:
            return {}
        from hipext_tui.domain.runs import weekly_km

        return weekly_km(runs, self.streak_rules())
