"""Pauses in the main file, in a table of their own, each change by intent.

:class:`CoachTables` is part of :class:`~hipext_tui.store.tinydb_store.Store`: every
write reads the table as it is on disk inside the store's locked transaction, applies
one change and commits. A malformed document is refused with a line naming the file.
Runs have a file of their own (:mod:`.runs_file`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from hipext_tui.domain.workout import ValidationError
from hipext_tui.store.errors import NotFoundError, StoreError
from hipext_tui.store.main_file import MainFile
from hipext_tui.store.transaction import Transaction

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from tinydb.table import Table

    from hipext_tui.domain.pauses import Pause

_T = TypeVar("_T")

PAUSES_TABLE = "pauses"


class CoachTables(MainFile):
    """Reads and intent writes for the ``pauses`` table."""

    # -- reading -------------------------------------------------------------
    def pauses(self) -> list[Pause]:
        """Every pause, earliest first."""
        with self._mutex:
            self._fresh(self._main)
            return self._parsed_pauses((self._main.data or {}).get(PAUSES_TABLE, {}))

    # -- writing -------------------------------------------------------------
    def add_pause(self, pause: Pause) -> Pause:
        """Add a pause; ValidationError when it shares a day with another."""
        from hipext_tui.domain.pauses import first_overlap

        with self._transaction() as txn:
            table = self._main_table(txn, PAUSES_TABLE)
            clash = first_overlap(pause, self._parsed_pauses(docs_of(table)))
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
            for doc_id, raw in docs_of(table).items():
                pause = self._parsed_pauses({doc_id: raw})[0]
                if pause.start <= day <= pause.end:
                    table.remove(doc_ids=[int(doc_id)])
                    return pause
        raise NotFoundError(f"no pause holds {day.isoformat()}")

    def _import_pauses(self, txn: Transaction, pauses: Iterable[Pause]) -> int:
        """Inside an import's transaction: add the pauses not stored already; one sharing
        a day with a different stored pause is refused (ValidationError), so a second
        import of one file changes nothing. How many were added."""
        from hipext_tui.domain.pauses import first_overlap

        pauses = list(pauses)
        if not pauses:
            return 0
        table = self._main_table(txn, PAUSES_TABLE)
        held = self._parsed_pauses(docs_of(table))
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
        return len(fresh)

    # -- helpers -------------------------------------------------------------
    def _parsed_pauses(self, docs: dict[str, Any]) -> list[Pause]:
        from hipext_tui.domain.pauses import Pause

        return sorted(parse_docs(self.path, docs, Pause.from_dict, "pause"), key=lambda p: p.start)


def parse_docs(
    path: Path, docs: dict[str, Any], build: Callable[[Mapping[str, Any]], _T], what: str
) -> Iterator[_T]:
    """Each document built; a bad one is a StoreError naming ``path`` and the document."""
    for doc_id, raw in docs.items():
        try:
            yield build(raw)
        except ValidationError as exc:
            raise StoreError(f"{path}: {what} {doc_id}: {exc}") from None


def docs_of(table: Table) -> dict[str, Any]:
    """The documents of ``table`` by id, as plain dictionaries."""
    return {str(doc.doc_id): dict(doc) for doc in table.all()}
