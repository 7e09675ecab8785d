"""The hipext store: TinyDB tables in atomic, locked, versioned, sharded JSON files.

Layout on disk, for a store opened as ``/home/ann/.local/share/hipext/hipext.json``::

    hipext.json            main file: tables meta (schema_version), settings,
                           exercises and routines (the user's own), rest_days, pauses
    hipext.json.d/         one file per month of sessions (directory mode 0700); every
                           writer holds an flock on this folder
        sessions-2026-10.json
        sessions-2026-11.json   each a TinyDB file whose 'sessions' table holds one
                                document per session (Session.to_dict(): its sets inside)
        runs.json               the imported runs (a TinyDB file, table 'runs'),
                                read only when runs are asked for
    hipext.json.commit     only while a multi-file write renames its files

Why shards: every write replaces a whole file (that is what makes it atomic), so the
cost of a write grows with the file. Ten years of history (~31,000 sets) is about
6 MB of JSON; re-encoding and rewriting that per logged set costs ~150 ms with TinyDB's
own JSONStorage. A month holds a few dozen sessions, so logging a set rewrites ~50 KB
and takes a few milliseconds, fsyncs included. A session lives in the shard of the month
its start timestamp shows on its own clock (the ISO string's ``YYYY-MM`` prefix), so a
session and all its sets are always in one file and a set write touches exactly one file.
Settings and custom catalog entries change rarely and stay small in the main file.

Guarantees (each has a test in ``tests/reliability/test_holes_*.py``):

* Durable and atomic per file: temp file + fsync + ``os.replace`` + fsync of the
  directory (:mod:`hipext_tui.store.files`). A method that writes returns only after
  the data is on disk; a kill -9 at any instant leaves each file old or new.
* All or nothing across files: a write touching several files lists its renames in
  ``<store>.commit`` (written atomically) before doing them; the next open, read or
  write finishes them under the lock (:func:`files.recover`). A reader outside the lock
  may see a multi-file write half done only while its renames run.
* Safe with several processes: every write holds an ``flock`` on the month folder and
  checks that the folder locked is still the one at the path (after locking, and before
  and after renaming its files: a write into a folder swapped in meanwhile is refused,
  never reported saved); it re-reads, by content,
  every file it changes. Temp files are removed only when their writer is gone.
* Honest: a file that is not a regular file, a link, empty, not JSON, of the wrong
  shape, holding a value outside the ranges of user input (:mod:`domain.stored`), or
  from a newer schema (main or month file) raises :class:`StoreError` naming the file,
  session and field; opening or reading a store never writes its files, except to finish
  a multi-file write a killed process left half done.
* Private: folders 0700 and files 0600 whatever the umask; a store folder another user
  owns or others can write is refused; a store file another user owns is never written.
* Fast: each month's :class:`SessionSummary` list is kept in memory and, across
  processes, in the summary cache (:mod:`hipext_tui.store.cache`: under the user cache
  dir, found by a hash of the month file's bytes, built only from the JSON, ignored on
  any doubt). Full sessions are always built from the month files. A write does not
  wait for the cache: the entry of the bytes it wrote (decoded from the documents it
  changed) is written when the store is closed or the process exits. The training
  days the streaks need come from the day pack (:mod:`hipext_tui.store.day_pack`: one
  cache file holding each month file's days, found the same way), so the streaks
  summarize no session; an exercise's records screen from its record pack
  (:mod:`hipext_tui.store.record_pack`: each month file's progress summed up, and the
  merge of all but the newest, found the same way), so it decodes no set.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from hipext_tui.store import folders, migrations
from hipext_tui.store.bundle import BundleImport, ImportResult
from hipext_tui.store.errors import NotFoundError, StoreError, StoreLockedError
from hipext_tui.store.session_marks import SessionMarks
from hipext_tui.store.session_writes import SessionWrites
from hipext_tui.store.transaction import DEFAULT_LOCK_TIMEOUT

__all__ = ["ImportResult", "NotFoundError", "Store", "StoreError", "StoreLockedError"]


class Store(SessionWrites, BundleImport, SessionMarks):
    """Durable, locked, versioned TinyDB store. Every write is on disk when it returns.

    Use :meth:`open`. All methods are safe to call from several threads; several
    processes may use the same store at once.

    Its parts, one job each: the locked transaction and multi-file commit
    (:mod:`.transaction`), the main file's tables (:mod:`.main_file`), where each
    session lives (:mod:`.shard_index`), reading sessions (:mod:`.session_reads`),
    the write intents on sessions (:mod:`.session_writes`), imports
    (:mod:`.bundle`), pauses (:mod:`.coach`), runs (:mod:`.runs_file`).
    """

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> Store:
        """Open (creating on first run when ``create``) and validate; StoreError on any problem.

        Only the main file is read here; session files are read (and validated) when
        sessions are first asked for. Use :meth:`validate` to check every file now.
        ``lock_timeout`` is how long a write waits for another process's lock.
        """
        # Resolved once: a link to the store is followed here, and every file of the
        # store is then found beside (and written over) the real file, never the link.
        store = cls(Path(os.path.realpath(path)), lock_timeout=lock_timeout)
        folders.check_dir(store.path.parent, shared_ok=True)
        folders.check_dir(store.shard_dir)
        store._finish_interrupted()
        store._main.refresh()
        if not store._main.exists():
            if not create:
                raise StoreError(f"{store.path}: no hipext store here")
            store._create()
        store._state()
        return store

    def _create(self) -> None:
        folders.make_dir(self.path.parent, shared_ok=True)
        with self._mutex, self._lock:
            self._main.refresh()
            if self._main.exists():  # another process created it meanwhile
                return
            self._main.write({migrations.META_TABLE: {migrations.META_DOC: {"schema_version": 1}}})
            folders.make_dir(self.shard_dir)

    def close(self) -> None:
        """Drop cached data. No file stays open between calls, so nothing else is held;
        a closed store that is used again simply re-reads its files."""
        with self._mutex:
            self._forget()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def validate(self) -> int:
        """Read and check every file of the store now; the number of sets it holds."""
        with self._mutex:
            self._state()
            self.pauses()
            self.runs()
            shards = self._all_shards(use_cache=False)
            for shard in shards:
                shard.sessions  # noqa: B018 - builds (and so checks) every set
            return sum(shard.set_count for shard in shards)
