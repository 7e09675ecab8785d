"""Pauses and runs in the main file, each in its own table, each change by intent.

:class:`CoachTables` is mixed into :class:`~hipext_tui.store.tinydb_store.Store`: every
write reads the table as it is on disk inside the store's locked transaction, applies
one change and commits. A malformed document is refused with a line naming the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.workout import ValidationError
from hipext_tui.store.errors import NotFoundError, StoreError

if TYPE_CHECKING:
    import threading
    from datetime import date
    from pathlib import Path

    from tinydb.table import Table

    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.runs import Run
    from hipext_tui.store.storage import DurableJSONStorage

PAUSES_TABLE = "pauses"
RUNS_TABLE = "runs"


class CoachTables:
    """Reads and intent writes for the ``pauses`` and ``runs`` tables."""

    if TYPE_CHECKING:
        path: Path
        _main: DurableJSONStorage
        _mutex: threading.RLock

        def _transaction(self) -> AbstractContextManager[Any]: ...
        def _main_table(self, txn: Any, name: str) -> Table: ...
        def _fresh(self, storage: DurableJSONStorage) -> None: ...

    # -- reading -------------------------------------------------------------
    def pauses(self) -> list[Pause]:
        """Every pause, earliest first."""
        with self._mutex:
            self._fresh(self._main)
            return self._parsed_pauses((self._main.data or {}).get(PAUSES_TABLE, {}))

    def runs(self) -> list[Run]:
        """Every imported run, earliest first."""
        from hipext_tui.domain.runs import Run

        with self._mutex:
            self._fresh(self._main)
            docs = (self._main.data or {}).get(RUNS_TABLE, {})
            return sorted(self._parsed(docs, Run.from_dict, "run"), key=lambda r: r.start)

    # -- writing -------------------------------------------------------------
    def add_pause(self, pause: Pause) -> Pause:
        """Add a pause; ValidationError when it shares a day with another."""
        from hipext_tui.domain.pauses import first_overlap

        with self._transaction() as txn:
            table = self._main_table(txn, PAUSES_TABLE)
            clash = first_overlap(pause, self._parsed_pauses(_docs(table)))
            if clash is not None:
                raise ValidationError(
                    f"pause: {pause.start.isoformat()} to {pause.end.isoformat()} overlaps "
                    f"the {clash.reason.value} pause from {clash.start.isoformat()} "
                    f"to {clash.end.isoformat()}"
                )
            table.insert(pause.to_dict())
        return pause

    def remove_pause(self, day: date) -> Pause:
        """Remove the pause holding ``day``; NotFoundError when none does."""
        with self._transaction() as txn:
            table = self._main_table(txn, PAUSES_TABLE)
            for doc_id, raw in _docs(table).items():
                pause = self._parsed_pauses({doc_id: raw})[0]
                if pause.start <= day <= pause.end:
                    table.remove(doc_ids=[int(doc_id)])
                    return pause
        raise NotFoundError(f"no pause holds {day.isoformat()}")

    def add_runs(self, runs: Iterable[Run]) -> int:
        """Add the runs whose id the store does not hold yet, all in one write; how
        many were added."""
        with self._transaction() as txn:
            table = self._main_table(txn, RUNS_TABLE)
            held = {str(doc.get("id")) for doc in _docs(table).values()}
            fresh = {run.id: run.to_dict() for run in runs if run.id not in held}
            if fresh:
                table.insert_multiple(list(fresh.values()))
            return len(fresh)

    def _import_coach(
        self, txn: Any, pauses: Iterable[Pause], runs: Iterable[Run]
    ) -> tuple[int, int]:
        """Inside an import's transaction: add the runs whose id is not held and the
        pauses not stored already; a pause sharing a day with a different stored one is
        refused (ValidationError), so a second import of one file changes nothing.
        How many pauses and runs were added."""
        from hipext_tui.domain.pauses import first_overlap

        pauses, runs = list(pauses), list(runs)
        added_pauses = 0
        if pauses:
            table = self._main_table(txn, PAUSES_TABLE)
            held = self._parsed_pauses(_docs(table))
            fresh = []
            for pause in pauses:
                if pause in held:
                    continue
                clash = first_overlap(pause, held)
                if clash is not None:
                    raise ValidationError(
                        f"pause {pause.start.isoformat()} to {pause.end.isoformat()} overlaps "
                        f"the stored {clash.reason.value} pause from {clash.start.isoformat()} "
                        f"to {clash.end.isoformat()}"
                    )
                held.append(pause)
                fresh.append(pause.to_dict())
            if fresh:
                table.insert_multiple(fresh)
            added_pauses = len(fresh)
        added_runs = 0
        if runs:
            table = self._main_table(txn, RUNS_TABLE)
            have = {str(doc.get("id")) for doc in _docs(table).values()}
            new_runs = {run.id: run.to_dict() for run in runs if run.id not in have}
            if new_runs:
                table.insert_multiple(list(new_runs.values()))
            added_runs = len(new_runs)
        return added_pauses, added_runs

    # -- helpers -------------------------------------------------------------
    def _parsed_pauses(self, docs: dict[str, Any]) -> list[Pause]:
        from hipext_tui.domain.pauses import Pause

        return sorted(self._parsed(docs, Pause.from_dict, "pause"), key=lambda p: p.start)

    def _parsed(self, docs: dict[str, Any], build: Any, what: str) -> Iterator[Any]:
        for doc_id, raw in docs.items():
            try:
                yield build(raw)
            except ValidationError as exc:
                raise StoreError(f"{self.path}: {what} {doc_id}: {exc}") from None


def _docs(table: Table) -> dict[str, Any]:
    return {str(doc.doc_id): dict(doc) for doc in table.all()}
