"""What the front ends see of the store, and what a delete keeps for its undo.

:class:`StoreReader` is the read-only face of the store that :attr:`Workouts.store`
hands to screens and commands: mypy rejects a write through it. :class:`Deletion` is
what :meth:`Workouts.delete_set` and :meth:`Workouts.delete_session` return so that
:meth:`Workouts.undo` can put back exactly what was removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from hipext_tui.domain.record import record

if TYPE_CHECKING:
    from datetime import date, tzinfo

    from hipext_tui.domain.catalog import Catalog, Exercise, Routine
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.progress_compose import ExerciseProgress
    from hipext_tui.domain.runs import Run
    from hipext_tui.domain.settings import Settings
    from hipext_tui.domain.workout import Session, SessionSummary, SetEntry, Unit

__all__ = ["Deletion", "StoreReader"]


class StoreReader(Protocol):
    """The store's read side: all that front ends may call on it directly."""

    def session(self, session_id: str) -> Session | None: ...

    def sessions(self, since: date | None = None) -> list[Session]: ...

    def session_summaries(self, since: date | None = None) -> list[SessionSummary]: ...

    def session_for_day(self, day: date, tz: tzinfo, day_start_hour: int = 0) -> Session | None: ...

    def rest_days(self) -> set[date]: ...

    def training_days(self, tz: tzinfo, day_start_hour: int = 0) -> set[date]: ...

    def training_ordinals(self, tz: tzinfo, day_start_hour: int = 0) -> list[int]: ...

    def exercise_sets(self, exercise_id: str) -> list[SetEntry]: ...

    def exercise_progress(
        self,
        exercise_id: str,
        unit: Unit,
        tz: tzinfo,
        day_start_hour: int = 0,
        week_start: str = "monday",
    ) -> ExerciseProgress: ...

    def pauses(self) -> list[Pause]: ...

    def runs(self) -> list[Run]: ...

    def custom_routines(self) -> list[Routine]: ...

    def custom_exercises(self) -> list[Exercise]: ...

    def settings(self) -> Settings: ...

    def catalog(self, builtin: Catalog) -> Catalog: ...

    def close(self) -> None: ...


@record
class Deletion:
    """What a delete removed, kept so an undo can put it back exactly.

    A deleted session keeps every set; a deleted set remembers its session and its place
    in that session's list.
    """

    session_id: str
    session: Session | None = None
    entry: SetEntry | None = None
    index: int = 0

    def describe(self, catalog: Catalog) -> str:
        """A short name for the message line, e.g. ``the set of Deadlift``."""
        if self.session is not None:
            return f"the session of {self.session.start.strftime('%Y-%m-%d')}"
        if self.entry is not None:
            exercise = catalog.get(self.entry.exercise_id)
            name = exercise.name if exercise else self.entry.exercise_id
            return f"the set of {name}"
        return "nothing"
