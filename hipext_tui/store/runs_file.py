"""Runs in a file of their own, ``<store>.d/runs.json``, read only when runs are asked for.

Thousands of runs would make the main file, which every start reads, several hundred
kilobytes; so they live beside the month files, in the folder the lock covers, and are
written by the same locked transactions and multi-file commit.

Stores written before this file existed kept runs in the main file's ``runs`` table.
Reads take both (a run id once); the first write of any kind moves the old table into
this file, in the same all-or-nothing commit as the write itself (not while a document
of it is bad: then it stays, and reading the runs names that document).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipext_tui.store import migrations
from hipext_tui.store.coach import docs_of, parse_docs
from hipext_tui.store.errors import StoreError
from hipext_tui.store.main_file import MainFile
from hipext_tui.store.storage import DurableJSONStorage
from hipext_tui.store.transaction import DEFAULT_LOCK_TIMEOUT, Transaction

if TYPE_CHECKING:
    from hipext_tui.domain.runs import Run

RUNS_TABLE = "runs"
RUNS_FILE = "runs.json"


class RunsFile(MainFile):
    """Reads and intent writes of the runs, and the move of the old ``runs`` table."""

    def __init__(self, path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        super().__init__(path, lock_timeout=lock_timeout)
        self.runs_path = self.shard_dir / RUNS_FILE
        self._runs = DurableJSONStorage(self.runs_path, stamp=migrations.SHARD_META)
        self._others.append(self._runs)

    def runs(self) -> list[Run]:
        """Every imported run, earliest first."""
        with self._mutex:
            self._finish_interrupted()
            self._fresh(self._runs)
            self._fresh(self._main)
            own = self._runs.data or {}
            migrations.schema_version(self.runs_path, own, migrations.SHARD_VERSION)
            legacy = (self._main.data or {}).get(RUNS_TABLE, {})
            if own.get(RUNS_TABLE, {}) == {} and legacy == {}:
                return []  # most stores: no runs (and no module to import for them)
            from hipext_tui.domain.runs import Run

            found = {
                run.id: run
                for run in parse_docs(self.runs_path, own.get(RUNS_TABLE, {}), Run.from_dict, "run")
            }
            for run in parse_docs(self.path, legacy, Run.from_dict, "run"):
                found.setdefault(run.id, run)
            return sorted(found.values(), key=lambda r: r.start)

    def add_runs(self, runs: Iterable[Run]) -> int:
        """Add the runs whose id the store does not hold yet, all in one write; how
        many were added."""
        with self._transaction() as txn:
            return self._import_runs(txn, runs)

    def _import_runs(self, txn: Transaction, runs: Iterable[Run]) -> int:
        """Inside a transaction: add the runs whose id is not held (here or in the old
        table, which this write moves here); how many were added."""
        fresh_runs = list(runs)
        if not fresh_runs:
            return 0
        table = txn.table(self._runs, RUNS_TABLE)
        self._fresh(self._main)
        legacy = (self._main.data or {}).get(RUNS_TABLE, {})
        held = {str(doc.get("id")) for doc in docs_of(table).values()}
        held |= {str(doc.get("id")) for doc in legacy.values() if isinstance(doc, dict)}
        fresh = {run.id: run.to_dict() for run in fresh_runs if run.id not in held}
        if fresh:
            table.insert_multiple(list(fresh.values()))
        return len(fresh)

    def _before_commit(self, txn: Transaction) -> None:
        super()._before_commit(txn)
        self._fresh(self._main)
        if RUNS_TABLE in (self._main.data or {}):
            self._move_legacy_runs(txn)

    def _move_legacy_runs(self, txn: Transaction) -> None:
        """Move the main file's old ``runs`` table into the runs file (each id once),
        checked as a read checks it; both files are committed together."""
        from hipext_tui.domain.runs import Run

        legacy = dict((self._main.data or {}).get(RUNS_TABLE, {}))
        try:
            list(parse_docs(self.path, legacy, Run.from_dict, "run"))
        except StoreError:
            return  # left where it is: reading the runs names the bad one; nothing is lost
        table = txn.table(self._runs, RUNS_TABLE)
        held = {str(doc.get("id")) for doc in docs_of(table).values()}
        moved: dict[str, dict[str, Any]] = {}
        for doc in legacy.values():
            if str(doc.get("id")) not in held:
                moved.setdefault(str(doc.get("id")), doc)
        if moved:
            table.insert_multiple(list(moved.values()))
        self._main_table(txn, RUNS_TABLE)  # joins the main file to the transaction
        from tinydb import TinyDB

        TinyDB(storage=lambda: self._main).drop_table(RUNS_TABLE)
