"""The main file: schema version, settings, rest days and the user's own catalog entries.

:class:`MainFile` reads the file into one validated :class:`MainState` (rebuilt only when
the file changed) and applies each change to these tables inside the store's locked
transaction. Catalog rules (built-in ids, which exercise may go) come from
:mod:`hipext_tui.domain.catalog_rules`; the store only applies them.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.record import record
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import ValidationError
from hipext_tui.store import migrations
from hipext_tui.store.checked import checked_exercise, checked_routine
from hipext_tui.store.errors import NotFoundError, StoreError
from hipext_tui.store.storage import Tables
from hipext_tui.store.transaction import LockedStore, Transaction

if TYPE_CHECKING:  # the catalog is imported where it is used: reads of settings need none
    from tinydb.table import Table

    from hipext_tui.domain.catalog import Catalog, Exercise, Routine
    from hipext_tui.domain.workout import SessionSummary

SETTINGS_TABLE = "settings"
EXERCISES_TABLE = "exercises"
ROUTINES_TABLE = "routines"
REST_DAYS_TABLE = "rest_days"
SETTINGS_DOC_ID = 1


@record
class MainState:
    """The validated contents of the main file."""

    version: int
    settings: Settings
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]
    rest_days: frozenset[date]


class MainFile(LockedStore):
    """Reads and intent writes of the main file's tables."""

    _main_state: MainState | None = None
    _main_built_from = 0  # the main storage version _main_state was built from

    if TYPE_CHECKING:

        def session_summaries(self, since: date | None = None) -> list[SessionSummary]: ...

    # -- reading ---------------------------------------------------------------
    def settings(self) -> Settings:
        """The saved settings (defaults on a new store)."""
        with self._mutex:
            return self._state().settings

    def rest_days(self) -> set[date]:
        """Planned rest days."""
        with self._mutex:
            return set(self._state().rest_days)

    def custom_exercises(self) -> list[Exercise]:
        """The user's own exercises."""
        with self._mutex:
            return list(self._state().exercises)

    def custom_routines(self) -> list[Routine]:
        """The user's own routines."""
        with self._mutex:
            return list(self._state().routines)

    def catalog(self, builtin: Catalog) -> Catalog:
        """``builtin`` plus the user's exercises and routines."""
        with self._mutex:
            state = self._state()
            return builtin.with_custom(state.exercises, state.routines)

    def schema_version(self) -> int:
        """The schema version of the main file as it is on disk (0 before the first write)."""
        with self._mutex:
            return self._state().version

    # -- writing ---------------------------------------------------------------
    def save_settings(self, settings: Settings) -> None:
        """Persist settings (ValidationError if a value is out of range)."""
        raw = Settings.from_dict(settings.to_dict()).to_dict()
        with self._transaction() as txn:
            table = self._main_table(txn, SETTINGS_TABLE)
            if table.contains(doc_id=SETTINGS_DOC_ID):
                table.update(replace_with(raw), doc_ids=[SETTINGS_DOC_ID])
            else:
                from tinydb.table import Document

                table.insert(Document(raw, doc_id=SETTINGS_DOC_ID))

    def add_rest_day(self, day: date) -> None:
        """Mark a planned rest day."""
        with self._transaction() as txn:
            table = self._main_table(txn, REST_DAYS_TABLE)
            if not table.contains(_where("day", day.isoformat())):
                table.insert({"day": day.isoformat()})

    def remove_rest_day(self, day: date) -> None:
        """Unmark a planned rest day (nothing happens if it was not marked)."""
        with self._transaction() as txn:
            table = self._main_table(txn, REST_DAYS_TABLE)
            if table.contains(_where("day", day.isoformat())):
                table.remove(_where("day", day.isoformat()))

    def save_exercise(self, exercise: Exercise) -> None:
        """Add or replace a custom exercise (never a built-in id: ValidationError)."""
        raw = checked_exercise(exercise)
        with self._transaction() as txn:
            _upsert_by_id(self._main_table(txn, EXERCISES_TABLE), raw)

    def delete_exercise(self, exercise_id: str) -> Exercise:
        """Remove a custom exercise; returns it. Built-in ones cannot be removed."""
        from hipext_tui.domain import catalog_rules

        catalog_rules.check_exercise_deletable(exercise_id, self.session_summaries())
        with self._transaction() as txn:
            found = [e for e in self._state().exercises if e.id == exercise_id]
            if not found:
                raise NotFoundError(f"{self.path}: no custom exercise '{exercise_id}'")
            catalog_rules.check_exercise_unused(exercise_id, self._state().routines)
            self._main_table(txn, EXERCISES_TABLE).remove(_where("id", exercise_id))
        return found[0]

    def save_routine(self, routine: Routine) -> None:
        """Add or replace a custom routine (never a built-in id: ValidationError)."""
        from hipext_tui.domain import catalog_rules

        raw = checked_routine(routine)
        with self._transaction() as txn:
            known = catalog_rules.builtin_ids()[0] | {e.id for e in self._state().exercises}
            catalog_rules.check_routine_exercises(routine, known)
            _upsert_by_id(self._main_table(txn, ROUTINES_TABLE), raw)

    def delete_routine(self, routine_id: str) -> None:
        """Remove a custom routine (built-in ones cannot be removed)."""
        from hipext_tui.domain import catalog_rules

        catalog_rules.check_routine_deletable(routine_id)
        with self._transaction() as txn:
            if not any(r.id == routine_id for r in self._state().routines):
                raise NotFoundError(f"{self.path}: no custom routine '{routine_id}'")
            self._main_table(txn, ROUTINES_TABLE).remove(_where("id", routine_id))

    # -- internals ---------------------------------------------------------------
    def _forget(self) -> None:
        super()._forget()
        self._main_state = None

    def _state(self) -> MainState:
        """The validated main file, re-read if another process changed it."""
        self._fresh(self._main)
        if self._main_state is None or self._main_built_from != self._main.version:
            self._main_state = parse_main(self.path, self._main.data or {})
            self._main_built_from = self._main.version
        return self._main_state

    def _main_table(self, txn: Transaction, name: str) -> Table:
        """A table of the main file inside ``txn``, upgrading the schema first."""
        if self._main not in txn.storages:
            txn.join(self._main)
            self._upgrade_main()
        return txn.table(self._main, name)

    def _upgrade_main(self) -> None:
        current = self._main.data or {}
        upgraded = migrations.upgraded(self.path, current)
        if upgraded is not current:
            self._main.write(upgraded)

    def _before_commit(self, txn: Transaction) -> None:
        # The first write of any kind also stamps the current schema version.
        if self._main not in txn.storages and self._state().version < migrations.CURRENT_VERSION:
            txn.join(self._main)
            self._upgrade_main()


def replace_with(raw: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that makes the document exactly ``raw``."""

    def replace(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(raw)

    return replace


def _where(field: str, value: object) -> Any:
    """TinyDB's ``Query().<field> == value`` (TinyDB is imported by writes only)."""
    from tinydb import Query

    return Query()[field] == value


def _upsert_by_id(table: Table, raw: dict[str, Any]) -> None:
    doc_ids = [doc.doc_id for doc in table.search(_where("id", raw["id"]))]
    if doc_ids:
        table.update(replace_with(raw), doc_ids=doc_ids[:1])
        if len(doc_ids) > 1:
            table.remove(doc_ids=doc_ids[1:])
    else:
        table.insert(raw)


def dedupe_insert(table: Table, docs: list[dict[str, Any]]) -> None:
    """Insert ``docs``, the first of each id only."""
    seen: set[str] = set()
    unique = []
    for doc in docs:
        if doc["id"] not in seen:
            seen.add(doc["id"])
            unique.append(doc)
    if unique:
        table.insert_multiple(unique)


def parse_main(path: Path, tables: Tables) -> MainState:
    """Validate the main file's tables; StoreError names the file and the first problem."""
    version = migrations.schema_version(path, tables)
    settings_docs = list(tables.get(SETTINGS_TABLE, {}).values())
    try:
        settings = Settings.from_dict(settings_docs[0]) if settings_docs else Settings()
    except ValidationError as exc:
        raise StoreError(f"{path}: settings: {exc}") from None
    exercise_docs = tables.get(EXERCISES_TABLE, {})
    routine_docs = tables.get(ROUTINES_TABLE, {})
    exercises: tuple[Exercise, ...] = ()
    routines: tuple[Routine, ...] = ()
    if exercise_docs or routine_docs:  # most stores have none: no catalog import then
        from hipext_tui.domain.catalog import CatalogError, Exercise, Routine

        try:
            exercises = tuple(Exercise.from_dict(d) for d in exercise_docs.values())
            routines = tuple(Routine.from_dict(d) for d in routine_docs.values())
        except CatalogError as exc:
            raise StoreError(f"{path}: {exc}") from None
    days: set[date] = set()
    for doc_id, doc in tables.get(REST_DAYS_TABLE, {}).items():
        value = doc.get("day")
        try:
            days.add(date.fromisoformat(value))
        except (TypeError, ValueError):
            raise StoreError(
                f"{path}: rest day {doc_id}: 'day' must be a date like 2026-11-03, found {value!r}"
            ) from None
    return MainState(version, settings, exercises, routines, frozenset(days))
