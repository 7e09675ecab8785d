"""PLACEHOLDER: the store helper replaces this file with the real implementation.

The public API below is the contract other modules code against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

from hipext_tui.domain.catalog import Catalog, Exercise, Routine
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Session, SetEntry, Side


class StoreError(Exception):
    """The store cannot be opened or written; ``str()`` is one line naming the file."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import added (items already present are counted as skipped)."""

    sessions_added: int
    sets_added: int
    sessions_skipped: int
    exercises_added: int


class Store:
    """Durable, locked, versioned TinyDB store. Every write is on disk when it returns."""

    path: Path

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Store:
        """Open (creating on first run when ``create``) and validate; StoreError on any problem."""
        raise NotImplementedError

    def close(self) -> None:
        """Release file handles."""
        raise NotImplementedError

    # -- reading ---------------------------------------------------------------
    def sessions(self, since: date | None = None) -> list[Session]:
        """All sessions, oldest first; ``since`` keeps those starting on/after that date."""
        raise NotImplementedError

    def session(self, session_id: str) -> Session | None:
        """One session by id."""
        raise NotImplementedError

    def session_for_day(self, day: date, tz: tzinfo, day_start_hour: int = 0) -> Session | None:
        """The latest session whose start falls on training day ``day``."""
        raise NotImplementedError

    def last_set_for(self, exercise_id: str, side: Side) -> SetEntry | None:
        """The most recently logged set of that exercise and side (for prefilling)."""
        raise NotImplementedError

    def count_sets(self) -> int:
        """How many sets the store holds."""
        raise NotImplementedError

    def settings(self) -> Settings:
        """The saved settings (defaults on a new store)."""
        raise NotImplementedError

    def rest_days(self) -> set[date]:
        """Planned rest days."""
        raise NotImplementedError

    def custom_exercises(self) -> list[Exercise]:
        """The user's own exercises."""
        raise NotImplementedError

    def custom_routines(self) -> list[Routine]:
        """The user's own routines."""
        raise NotImplementedError

    def catalog(self, builtin: Catalog) -> Catalog:
        """``builtin`` plus the user's exercises and routines."""
        raise NotImplementedError

    # -- writing: durable and under the cross-process lock -----------------------
    def add_session(self, session: Session) -> Session:
        """Store a new session (with any sets it already holds)."""
        raise NotImplementedError

    def update_session(self, session: Session) -> Session:
        """Replace the stored session with the same id."""
        raise NotImplementedError

    def delete_session(self, session_id: str) -> Session:
        """Remove a session; returns it (for undo)."""
        raise NotImplementedError

    def log_set(self, session_id: str, entry: SetEntry) -> SetEntry:
        """Append a set to a session; on disk before this returns."""
        raise NotImplementedError

    def update_set(self, session_id: str, entry: SetEntry) -> SetEntry:
        """Replace the set with ``entry.id`` in that session."""
        raise NotImplementedError

    def delete_set(self, session_id: str, set_id: str) -> SetEntry:
        """Remove one set; returns it (for undo)."""
        raise NotImplementedError

    def save_settings(self, settings: Settings) -> None:
        """Persist settings."""
        raise NotImplementedError

    def add_rest_day(self, day: date) -> None:
        """Mark a planned rest day."""
        raise NotImplementedError

    def remove_rest_day(self, day: date) -> None:
        """Unmark a planned rest day."""
        raise NotImplementedError

    def save_exercise(self, exercise: Exercise) -> None:
        """Add or replace a custom exercise (never a built-in id)."""
        raise NotImplementedError

    def save_routine(self, routine: Routine) -> None:
        """Add or replace a custom routine (never a built-in id)."""
        raise NotImplementedError

    def delete_routine(self, routine_id: str) -> None:
        """Remove a custom routine."""
        raise NotImplementedError

    def import_bundle(
        self,
        sessions: Iterable[Session],
        exercises: Iterable[Exercise] = (),
        routines: Iterable[Routine] = (),
        rest_days: Iterable[date] = (),
        settings: Settings | None = None,
    ) -> ImportResult:
        """Add many things at once, all or nothing; sessions whose id is stored are skipped."""
        raise NotImplementedError
