"""The store's one way to write: a locked transaction, committed to every file at once.

:class:`LockedStore` is the base of :class:`~hipext_tui.store.tinydb_store.Store`. It
holds the paths, the thread and process locks and the storages in memory, and offers
:meth:`LockedStore._transaction`: inside it, every file a write touches is re-read by
content (:class:`Transaction`), changed in memory, and at the end written once: one
durable replace for one file, a journaled multi-file commit (:func:`files.commit`) for
several. A commit a killed process left half done is finished, under the lock, before
anything is read or written (:func:`files.recover`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hipext_tui.store import files, folders
from hipext_tui.store.errors import StoreError
from hipext_tui.store.lock import ProcessLock
from hipext_tui.store.storage import DurableJSONStorage, digest

if TYPE_CHECKING:
    from tinydb.table import Table

    from hipext_tui.domain.workout import Session, SessionSummary
    from hipext_tui.store.shards import Shard

DEFAULT_LOCK_TIMEOUT = 5.0


class Transaction:
    """The files one write touches; they are written together when it ends."""

    def __init__(self) -> None:
        self.storages: list[DurableJSONStorage] = []
        self._verified: list[DurableJSONStorage] = []
        # (shard, changed session, version before, version after, its summary): once the
        # files are written, each shard takes the changed session instead of re-reading.
        self.adoptions: list[tuple[Shard, Session, int, int, SessionSummary]] = []

    def verify(self, storage: DurableJSONStorage) -> None:
        """Make sure ``storage`` holds what is on disk now, by content (once per transaction)."""
        if not any(s is storage for s in self._verified):
            storage.refresh(verify=True)
            self._verified.append(storage)

    def join(self, storage: DurableJSONStorage) -> None:
        """Take part in this transaction: read the latest version, defer its writes."""
        if any(s is storage for s in self.storages):
            return
        self.verify(storage)
        storage.in_transaction = True
        self.storages.append(storage)

    def table(self, storage: DurableJSONStorage, name: str) -> Table:
        """A fresh TinyDB table on ``storage`` (no TinyDB cache outlives a transaction)."""
        from tinydb import TinyDB

        self.join(storage)
        return TinyDB(storage=lambda: storage).table(name)


class LockedStore:
    """Paths, locks and in-memory storages of one store, and its write transaction."""

    path: Path

    def __init__(self, path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = path
        self.shard_dir = path.with_name(path.name + ".d")
        # Left only while a multi-file write is renaming its files (see files.commit).
        self.journal_path = path.with_name(path.name + ".commit")
        self.lock_path = self.shard_dir  # flocked by every writer (see lock.ProcessLock)
        self._main = DurableJSONStorage(path, indent=1)
        self._txn: Transaction | None = None
        self._shards: dict[str, Shard] = {}
        self._others: list[DurableJSONStorage] = []  # other files of the store (runs)
        self._lock = ProcessLock(self.lock_path, path, lock_timeout)
        self._mutex = threading.RLock()
        self._temps_cleaned = False

    def _forget(self) -> None:
        """Drop everything read (each layer adds what it keeps)."""
        self._main.invalidate()
        for storage in self._others:
            storage.invalidate()

    def _before_commit(self, txn: Transaction) -> None:
        """A last change every write makes (the main file stamps its schema version)."""

    def _fresh(self, storage: DurableJSONStorage) -> None:
        """Bring ``storage`` up to date: by signature for reads, by content inside a write."""
        if self._txn is None:
            storage.refresh()
        else:
            self._txn.verify(storage)

    @contextmanager
    def _transaction(self) -> Iterator[Transaction]:
        """Hold the thread and process locks, collect the writes, then write each file once."""
        with self._mutex, self._lock:
            folders.check_owner(self.path)
            self._recover()
            self._clean_temps()
            txn = self._txn = Transaction()
            try:
                yield txn
                self._before_commit(txn)
                self._commit(txn)
                for shard, changed, before, after, summary in txn.adoptions:
                    shard.adopt(changed, before, after, summary)
            except BaseException:
                for storage in txn.storages:
                    storage.invalidate()
                raise
            finally:
                self._txn = None

    def _commit(self, txn: Transaction) -> None:
        dirty = [s for s in txn.storages if s.dirty]
        for storage in txn.storages:
            if not storage.dirty:
                storage.in_transaction = False
        if not dirty:
            return
        # The month files' folder is the lock's: made and checked when the lock was
        # taken, and check_held below makes sure it is still that folder.
        pending: list[files.PendingWrite] = []
        fingerprints: list[bytes] = []
        try:
            for storage in dirty:
                payload = storage.encode()
                fingerprints.append(digest(payload))
                pending.append(files.prepare(storage.path, payload))
        except BaseException:
            files.discard(pending)
            raise
        try:
            self._lock.check_held()
        except StoreError:
            files.discard(pending)
            raise
        files.commit(pending, self.journal_path)
        self._lock.check_held()
        for storage, item, fingerprint in zip(dirty, pending, fingerprints, strict=True):
            storage.committed(item.signature, fingerprint)
        for shard in list(self._shards.values()):
            if shard.storage in dirty:
                shard.save_cache()

    def _finish_interrupted(self) -> None:
        """Outside a write: if a multi-file write was cut short (or is under way), wait
        for the lock and finish it, so that nothing is read half done."""
        if self._txn is None and os.path.lexists(self.journal_path):
            with self._mutex, self._lock:
                folders.check_owner(self.path)
                self._recover()

    def _recover(self) -> None:
        """Under the lock: roll a half-done multi-file write forward, then forget what
        was read, since files changed."""
        if files.recover(self.journal_path):
            self._main.invalidate()
            for storage in self._others:
                storage.invalidate()
            for shard in self._shards.values():
                shard.storage.invalidate()

    def _clean_temps(self) -> None:
        """Once per Store, remove temp files left by a killed writer (we hold the lock)."""
        if self._temps_cleaned:
            return
        self._temps_cleaned = True
        files.remove_stale_temps(self.path.parent, f".{self.path.name}{files.TEMP_MARK}")
        files.remove_stale_temps(self.shard_dir, ".sessions-", ".runs.json")
