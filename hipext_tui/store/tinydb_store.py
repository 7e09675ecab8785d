"""The hipext store: TinyDB tables in atomic, locked, versioned, sharded JSON files.

Layout on disk, for a store opened as ``/home/ann/.local/share/hipext/hipext.json``::

    hipext.json            main file: tables meta (schema_version), settings,
                           exercises and routines (the user's own), rest_days
    hipext.json.d/         one file per month of sessions (directory mode 0700); every
                           writer holds an flock on this folder
        sessions-2026-10.json
        sessions-2026-11.json   each a TinyDB file whose 'sessions' table holds one
                                document per session (Session.to_dict(): its sets inside)
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
  checks that the folder locked is still the one at the path; it re-reads, by content,
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
  any doubt). Full sessions are always built from the month files.
"""

from __future__ import annotations

import functools
import itertools
import os
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from hipext_tui.domain.catalog import Catalog, CatalogError, Exercise, Routine
from hipext_tui.domain.sessions import SessionTarget, empty_session, place_set
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import (
    Session,
    SessionSummary,
    SetEntry,
    ValidationError,
    summarize,
)
from hipext_tui.store import files, migrations
from hipext_tui.store.coach import CoachTables
from hipext_tui.store.errors import NotFoundError, StoreError, StoreLockedError
from hipext_tui.store.shards import (
    SESSIONS_TABLE,
    Shard,
    month_of,
    months_in,
    shard_file_name,
)
from hipext_tui.store.storage import DurableJSONStorage, Tables, digest

__all__ = ["ImportResult", "NotFoundError", "Store", "StoreError", "StoreLockedError"]

DEFAULT_LOCK_TIMEOUT = 5.0
SETTINGS_TABLE = "settings"
EXERCISES_TABLE = "exercises"
ROUTINES_TABLE = "routines"
REST_DAYS_TABLE = "rest_days"
SETTINGS_DOC_ID = 1

_Dated = TypeVar("_Dated", Session, SessionSummary)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import added (items already present are counted as skipped)."""

    sessions_added: int
    sets_added: int
    sessions_skipped: int
    exercises_added: int


@dataclass(frozen=True, slots=True)
class _MainState:
    """The validated contents of the main file."""

    version: int
    settings: Settings
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]
    rest_days: frozenset[date]


@functools.cache
def _builtin_ids() -> tuple[frozenset[str], frozenset[str]]:
    """Ids of the built-in exercises and routines, which users may not replace."""
    from hipext_tui.domain.catalog import load_catalog

    catalog = load_catalog()
    return frozenset(e.id for e in catalog.exercises), frozenset(r.id for r in catalog.routines)


class _Transaction:
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
        self.join(storage)
        return TinyDB(storage=lambda: storage).table(name)


class Store(CoachTables):
    """Durable, locked, versioned TinyDB store. Every write is on disk when it returns.

    Use :meth:`open`. All methods are safe to call from several threads; several
    processes may use the same store at once.
    """

    path: Path

    def __init__(self, path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        """Prefer :meth:`open`, which also creates and validates the store."""
        self.path = path
        self.shard_dir = path.with_name(path.name + ".d")
        # Left only while a multi-file write is renaming its files (see files.commit).
        self.journal_path = path.with_name(path.name + ".commit")
        self.lock_path = self.shard_dir  # flocked by every writer (see files.ProcessLock)
        self._main = DurableJSONStorage(path, indent=1)
        self._main_state: _MainState | None = None
        self._main_built_from = 0  # the main storage version _main_state was built from
        self._txn: _Transaction | None = None
        self._shards: dict[str, Shard] = {}
        self._index: dict[str, str] = {}  # session id -> month of its shard
        self._indexed: dict[str, set[str]] = {}  # month -> session ids indexed from it
        self._indexed_serial: dict[str, int] = {}  # month -> shard serial it was indexed at
        self._history: tuple[tuple[int, ...], list[Session]] | None = None
        self._summaries: tuple[tuple[int, ...], list[SessionSummary]] | None = None
        self._lock = files.ProcessLock(self.lock_path, path, lock_timeout)
        self._mutex = threading.RLock()
        self._temps_cleaned = False

    # -- opening ------------------------------------------------------------------
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
        files.check_dir(store.path.parent, shared_ok=True)
        files.check_dir(store.shard_dir)
        store._finish_interrupted()
        store._main.refresh()
        if not store._main.exists():
            if not create:
                raise StoreError(f"{store.path}: no hipext store here")
            store._create()
        store._state()
        return store

    def _create(self) -> None:
        files.make_dir(self.path.parent, shared_ok=True)
        with self._mutex, self._lock:
            self._main.refresh()
            if self._main.exists():  # another process created it meanwhile
                return
            self._main.write({migrations.META_TABLE: {migrations.META_DOC: {"schema_version": 1}}})
            files.make_dir(self.shard_dir)

    def close(self) -> None:
        """Drop cached data. No file stays open between calls, so nothing else is held;
        a closed store that is used again simply re-reads its files."""
        with self._mutex:
            self._main.invalidate()
            self._main_state = None
            self._shards.clear()
            self._index.clear()
            self._indexed.clear()
            self._indexed_serial.clear()
            self._history = None
            self._summaries = None

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
            shards = self._all_shards(use_cache=False)
            for shard in shards:
                shard.sessions  # noqa: B018 - builds (and so checks) every set
            return sum(shard.set_count for shard in shards)

    # -- reading ---------------------------------------------------------------
    def sessions(self, since: date | None = None) -> list[Session]:
        """All sessions, oldest first; ``since`` keeps those starting on/after that date."""
        with self._mutex:
            if since is not None:
                first = f"{since.year:04d}-{since.month:02d}"
                shards = [s for s in self._all_shards(first) if s.month >= first]
                ordered = _in_order([s.sessions for s in shards])
                return [session for session in ordered if session.start.date() >= since]
            shards = self._all_shards()
            key = tuple(s.serial for s in shards)
            if self._history is None or self._history[0] != key:
                history = _in_order([s.sessions for s in shards])
                # Building the sessions rebuilds a shard whose file changed meanwhile
                # (new serial), so the key is taken again afterwards.
                self._history = (tuple(s.serial for s in shards), history)
            return list(self._history[1])

    def session_summaries(self, since: date | None = None) -> list[SessionSummary]:
        """A summary of every session, oldest first, in step with :meth:`sessions`.

        ``summarize(session)`` for each stored session, without building any set: this
        is what start-up, the streaks and the history list read. ``since`` keeps those
        starting on/after that date and reads only the months from then on.
        """
        with self._mutex:
            if since is not None:
                first = f"{since.year:04d}-{since.month:02d}"
                shards = [s for s in self._all_shards(first) if s.month >= first]
                ordered = _in_order([s.summaries for s in shards])
                return [summary for summary in ordered if summary.start.date() >= since]
            shards = self._all_shards()
            key = tuple(s.serial for s in shards)
            if self._summaries is None or self._summaries[0] != key:
                self._summaries = (key, _in_order([s.summaries for s in shards]))
            return list(self._summaries[1])

    def training_days(self, tz: tzinfo, day_start_hour: int = 0) -> set[date]:
        """Every local training day (a day with a set), from the day pack
        (:mod:`.day_pack`: one cache file, not a summary per session) when the zone
        has a name, else from the summaries."""
        from hipext_tui.store.day_pack import training_days

        with self._mutex:
            self._finish_interrupted()
            days = training_days(self.shard_dir, tz, day_start_hour)
        if days is not None:
            return days
        from hipext_tui.domain.days import slot_day

        return {slot_day(k, tz, day_start_hour) for s in self.session_summaries() for k in s.slots}

    def session(self, session_id: str) -> Session | None:
        """One session by id."""
        with self._mutex:
            shard = self._find(session_id)
            return shard.session(session_id) if shard else None

    def session_for_day(self, day: date, tz: tzinfo, day_start_hour: int = 0) -> Session | None:
        """The latest session whose start falls on training day ``day``."""
        # A start's own clock and the user's zone differ by at most ~26 hours, and the
        # day-start hour shifts by under a day more: two days either side is enough.
        months = {month_of_date(day + timedelta(days=d)) for d in range(-2, 3)}
        from hipext_tui.domain.days import training_day  # pendulum: only when needed

        with self._mutex:
            on_disk = set(months_in(self.shard_dir))
            found: Session | None = None
            for month in sorted(months & on_disk):
                for session in self._current_shard(month).sessions:
                    if training_day(session.start, tz, day_start_hour) != day:
                        continue
                    if found is None or session.start >= found.start:
                        found = session
            return found

    def recent_sets(self, exercise_id: str) -> Iterator[SetEntry]:
        """The sets of ``exercise_id``, newest first, read a month at a time as asked for.

        Months whose summaries do not name the exercise are passed over unread.
        """
        with self._mutex:
            months = sorted(months_in(self.shard_dir), reverse=True)
        for month in months:
            with self._mutex:
                shard = self._current_shard(month)
                if not any(exercise_id in s.exercise_ids for s in shard.summaries):
                    continue
                found = [
                    e for session in shard.sessions for e in session.sets
                    if e.exercise_id == exercise_id
                ]  # fmt: skip
            found.sort(key=lambda e: e.logged_at, reverse=True)
            yield from found

    def count_sets(self) -> int:
        """How many sets the store holds."""
        with self._mutex:
            return sum(shard.set_count for shard in self._all_shards())

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

    # -- writing: durable and under the cross-process lock -----------------------
    def add_session(self, session: Session) -> Session:
        """Store a new session (with any sets it already holds).

        ValidationError if a session with that id is already stored.
        """
        with self._transaction() as txn:
            self._insert(txn, session)
        return session

    def append_set(
        self, entry: SetEntry, target: SessionTarget, tz: tzinfo, day_start_hour: int = 0
    ) -> Session:
        """Add a new set where the placement rule puts it; returns its session as stored.

        The session the set joins is looked up inside the lock, on what is on disk now
        (:func:`hipext_tui.domain.sessions.place_set`): finding the day's session and
        adding to it are one transaction, so writers started together share one session.
        """
        raw = _checked_set(entry)
        with self._transaction() as txn:
            found = self._target_session(target, entry, tz, day_start_hour)
            placement = place_set(entry, target, found)
            if placement.create is not None:
                self._insert(txn, placement.create)
                return placement.create
            assert found is not None
            changed = found.with_set(entry)
            if placement.new_start is None:
                return self._change(txn, changed, lambda doc: _append_raw(doc, raw))
            changed = replace(changed, start=placement.new_start)
            start = changed.start.isoformat()

            def append_earlier(doc: MutableMapping[str, Any]) -> None:
                _append_raw(doc, raw)
                doc["start"] = start

            return self._change(txn, changed, append_earlier)

    def log_set(self, session_id: str, entry: SetEntry) -> SetEntry:
        """Append a set to a stored session; on disk before this returns."""
        raw = _checked_set(entry)
        with self._transaction() as txn:
            session = self._stored(session_id)
            if any(s.id == entry.id for s in session.sets):
                raise ValidationError(f"set '{entry.id}' is already in session '{session_id}'")
            self._change(txn, session.with_set(entry), lambda doc: _append_raw(doc, raw))
        return entry

    def finish_session(self, session_id: str, at: datetime) -> Session:
        """Mark the session finished at ``at`` (kept as it is when already finished)."""
        with self._transaction() as txn:
            session = self._stored(session_id)
            if session.is_finished:
                return session
            changed = replace(session, end=max(at, session.start))
            end = _checked_session(changed)["end"]
            return self._change(txn, changed, lambda doc: doc.__setitem__("end", end))

    def skip_exercise(self, target: SessionTarget, exercise_id: str, now: datetime) -> Session:
        """Note ``exercise_id`` as skipped in the target session (made if not stored yet)."""
        if target.session_id is None:
            raise ValidationError("skip: no workout is running")
        with self._transaction() as txn:
            found = self._near(target.session_id, target.start)
            if found is None:
                session = replace(empty_session(target, now), skipped=(exercise_id,))
                self._insert(txn, session)
                return session
            if exercise_id in found.skipped:
                return found
            changed = replace(found, skipped=(*found.skipped, exercise_id))

            def skip(doc: MutableMapping[str, Any]) -> None:
                doc["skipped"] = [*doc.get("skipped", []), exercise_id]

            return self._change(txn, changed, skip)

    def update_set(self, session_id: str, entry: SetEntry) -> SetEntry:
        """Replace the set with ``entry.id`` in that session (its other sets untouched)."""
        raw = _checked_set(entry)
        with self._transaction() as txn:
            session = self._stored(session_id)
            self._set_of(session, entry.id)

            def replace_set(doc: MutableMapping[str, Any]) -> None:
                doc["sets"] = [raw if s.get("id") == entry.id else s for s in doc["sets"]]

            sets = tuple(entry if s.id == entry.id else s for s in session.sets)
            self._change(txn, replace(session, sets=sets), replace_set)
        return entry

    def delete_set(self, session_id: str, set_id: str) -> SetEntry:
        """Remove one set; returns it (for undo)."""
        with self._transaction() as txn:
            session = self._stored(session_id)
            removed = self._set_of(session, set_id)

            def drop_set(doc: MutableMapping[str, Any]) -> None:
                doc["sets"] = [s for s in doc["sets"] if s.get("id") != set_id]

            sets = tuple(s for s in session.sets if s.id != set_id)
            self._change(txn, replace(session, sets=sets), drop_set)
        return removed

    def restore_set(self, session_id: str, entry: SetEntry, index: int) -> Session:
        """Put a deleted set back at ``index`` of its session (undo)."""
        raw = _checked_set(entry)
        with self._transaction() as txn:
            session = self._find_session(session_id)
            if session is None:
                raise ValidationError("undo: the set's session has been deleted since")
            if any(s.id == entry.id for s in session.sets):
                raise ValidationError("undo: that set is already back")
            sets = list(session.sets)
            place = max(0, min(index, len(sets)))
            sets.insert(place, entry)

            def put_back(doc: MutableMapping[str, Any]) -> None:
                rows = list(doc.get("sets", []))
                rows.insert(max(0, min(index, len(rows))), raw)
                doc["sets"] = rows

            return self._change(txn, replace(session, sets=tuple(sets)), put_back)

    def restore_session(self, session: Session) -> Session:
        """Put a deleted session back whole (undo); refused when it is stored again."""
        try:
            return self.add_session(session)
        except ValidationError:
            raise ValidationError("undo: that session is already back") from None

    def delete_session(self, session_id: str) -> Session:
        """Remove a session; returns it (for undo)."""
        with self._transaction() as txn:
            shard = self._locate(session_id)
            removed = shard.session(session_id)
            assert removed is not None
            txn.table(shard.storage, SESSIONS_TABLE).remove(doc_ids=[shard.doc_ids[session_id]])
        return removed

    # -- internals: one session's change -------------------------------------------
    def _insert(self, txn: _Transaction, session: Session) -> None:
        raw = _checked_session(session)
        shard = self._current_shard(month_of(session.start))
        if session.id in shard.doc_ids or self._indexed_elsewhere(session.id):
            raise ValidationError(f"session '{session.id}' is already stored")
        txn.table(shard.storage, SESSIONS_TABLE).insert(raw)

    def _change(
        self,
        txn: _Transaction,
        changed: Session,
        edit: Callable[[MutableMapping[str, Any]], None],
    ) -> Session:
        """Apply ``edit`` to the stored document of ``changed.id`` (read under the lock);
        ``changed`` is what that session becomes, used for the summary cache."""
        shard = self._locate(changed.id)
        doc_id = shard.doc_ids[changed.id]
        if month_of(changed.start) != shard.month:
            # The start moved to another month: the edited document moves with it, new
            # home first (the commit switches both files together).
            doc = dict(txn.table(shard.storage, SESSIONS_TABLE).get(doc_id=doc_id) or {})
            edit(doc)
            txn.table(self._current_shard(month_of(changed.start)).storage, SESSIONS_TABLE).insert(
                doc
            )
            txn.table(shard.storage, SESSIONS_TABLE).remove(doc_ids=[doc_id])
            return changed
        summary = summarize(changed)
        before = shard.storage.version
        txn.table(shard.storage, SESSIONS_TABLE).update(edit, doc_ids=[doc_id])
        after = shard.storage.version
        # The hot path: patch the cached sessions rather than rebuild the month.
        txn.adoptions.append((shard, changed, before, after, summary))
        return changed

    def _stored(self, session_id: str) -> Session:
        """The session as stored now (NotFoundError when it is not)."""
        session = self._locate(session_id).session(session_id)
        assert session is not None
        return session

    def _find_session(self, session_id: str) -> Session | None:
        shard = self._find(session_id)
        return shard.session(session_id) if shard else None

    def _near(self, session_id: str, start: datetime | None) -> Session | None:
        """The stored session ``session_id``, looked for first in the month of ``start``
        (a workout being logged lives there), then wherever the index knows it is."""
        if start is not None:
            shard = self._current_shard(month_of(start))
            found = shard.session(session_id)
            if found is not None:
                return found
            month = self._index.get(session_id)
            if month is None:
                return None
        return self._find_session(session_id)

    def _target_session(
        self, target: SessionTarget, entry: SetEntry, tz: tzinfo, day_start_hour: int
    ) -> Session | None:
        if target.session_id is not None:
            return self._near(target.session_id, target.start)
        from hipext_tui.domain.days import training_day

        day = training_day(entry.logged_at, tz, day_start_hour)
        return self.session_for_day(day, tz, day_start_hour)

    @staticmethod
    def _set_of(session: Session, set_id: str) -> SetEntry:
        for entry in session.sets:
            if entry.id == set_id:
                return entry
        raise NotFoundError(f"no set '{set_id}' in session '{session.id}'")

    def save_settings(self, settings: Settings) -> None:
        """Persist settings (ValidationError if a value is out of range)."""
        raw = Settings.from_dict(settings.to_dict()).to_dict()
        with self._transaction() as txn:
            table = self._main_table(txn, SETTINGS_TABLE)
            if table.contains(doc_id=SETTINGS_DOC_ID):
                table.update(_replace_with(raw), doc_ids=[SETTINGS_DOC_ID])
            else:
                table.insert(Document(raw, doc_id=SETTINGS_DOC_ID))

    def add_rest_day(self, day: date) -> None:
        """Mark a planned rest day."""
        with self._transaction() as txn:
            table = self._main_table(txn, REST_DAYS_TABLE)
            if not table.contains(Query().day == day.isoformat()):
                table.insert({"day": day.isoformat()})

    def remove_rest_day(self, day: date) -> None:
        """Unmark a planned rest day (nothing happens if it was not marked)."""
        with self._transaction() as txn:
            table = self._main_table(txn, REST_DAYS_TABLE)
            if table.contains(Query().day == day.isoformat()):
                table.remove(Query().day == day.isoformat())

    def save_exercise(self, exercise: Exercise) -> None:
        """Add or replace a custom exercise (never a built-in id: ValidationError)."""
        raw = _checked_exercise(exercise)
        with self._transaction() as txn:
            _upsert_by_id(self._main_table(txn, EXERCISES_TABLE), raw)

    def delete_exercise(self, exercise_id: str) -> Exercise:
        """Remove a custom exercise; returns it. Built-in ones cannot be removed."""
        if exercise_id in _builtin_ids()[0]:
            raise ValidationError(f"exercise '{exercise_id}' is built in and cannot be deleted")
        # Logged sets keep their exercise: without it the history and a backup's
        # import could no longer name them.
        logged = sum(1 for s in self.session_summaries() if exercise_id in s.exercise_ids)
        if logged:
            raise ValidationError(
                f"exercise '{exercise_id}' has sets in {logged} session(s); it is kept"
            )
        with self._transaction() as txn:
            found = [e for e in self._state().exercises if e.id == exercise_id]
            if not found:
                raise NotFoundError(f"{self.path}: no custom exercise '{exercise_id}'")
            used = [r.id for r in self._state().routines if _uses(r, exercise_id)]
            if used:
                raise ValidationError(
                    f"exercise '{exercise_id}' is used by routine(s) {', '.join(used)}"
                )
            self._main_table(txn, EXERCISES_TABLE).remove(Query().id == exercise_id)
        return found[0]

    def save_routine(self, routine: Routine) -> None:
        """Add or replace a custom routine (never a built-in id: ValidationError)."""
        raw = _checked_routine(routine)
        with self._transaction() as txn:
            known = _builtin_ids()[0] | {e.id for e in self._state().exercises}
            _check_routine_exercises(routine, known)
            _upsert_by_id(self._main_table(txn, ROUTINES_TABLE), raw)

    def delete_routine(self, routine_id: str) -> None:
        """Remove a custom routine (built-in ones cannot be removed)."""
        if routine_id in _builtin_ids()[1]:
            raise ValidationError(f"routine '{routine_id}' is built in and cannot be deleted")
        with self._transaction() as txn:
            if not any(r.id == routine_id for r in self._state().routines):
                raise NotFoundError(f"{self.path}: no custom routine '{routine_id}'")
            self._main_table(txn, ROUTINES_TABLE).remove(Query().id == routine_id)

    def import_bundle(
        self,
        sessions: Iterable[Session],
        exercises: Iterable[Exercise] = (),
        routines: Iterable[Routine] = (),
        rest_days: Iterable[date] = (),
        settings: Settings | None = None,
    ) -> ImportResult:
        """Add many things at once, all or nothing; sessions whose id is stored are skipped.

        Everything is validated before anything is written (ValidationError names the
        first bad item). Exercises and routines whose id is built in or already stored
        are skipped too, so importing the same bundle twice changes nothing.
        """
        incoming = [(s, _checked_session(s)) for s in sessions]
        new_exercises = [(e, _checked_exercise(e, allow_builtin=True)) for e in exercises]
        new_routines = [(r, _checked_routine(r, allow_builtin=True)) for r in routines]
        days = {d.isoformat() for d in rest_days}
        settings_raw = None if settings is None else Settings.from_dict(settings.to_dict())
        builtin_ex, builtin_rt = _builtin_ids()
        with self._transaction() as txn:
            state = self._state()
            self._all_shards()
            known = set(self._index)
            by_month: dict[str, list[dict[str, Any]]] = {}
            added = sets_added = skipped = 0
            for session, raw in incoming:
                if session.id in known:
                    skipped += 1
                    continue
                known.add(session.id)
                by_month.setdefault(month_of(session.start), []).append(raw)
                added += 1
                sets_added += len(session.sets)
            stored_ex = builtin_ex | {e.id for e in state.exercises}
            ex_docs = [raw for e, raw in new_exercises if e.id not in stored_ex]
            all_ex = stored_ex | {e.id for e, _ in new_exercises}
            stored_rt = builtin_rt | {r.id for r in state.routines}
            rt_docs = []
            for routine, raw in new_routines:
                if routine.id not in stored_rt:
                    _check_routine_exercises(routine, all_ex)
                    rt_docs.append(raw)
            new_days = sorted(days - {d.isoformat() for d in state.rest_days})
            # Main file first, so that sessions never refer to exercises not yet saved.
            if ex_docs or rt_docs or new_days or settings_raw is not None:
                _dedupe_insert(self._main_table(txn, EXERCISES_TABLE), ex_docs)
                _dedupe_insert(self._main_table(txn, ROUTINES_TABLE), rt_docs)
                if new_days:
                    self._main_table(txn, REST_DAYS_TABLE).insert_multiple(
                        {"day": d} for d in new_days
                    )
                if settings_raw is not None:
                    table = self._main_table(txn, SETTINGS_TABLE)
                    table.truncate()
                    table.insert(Document(settings_raw.to_dict(), doc_id=SETTINGS_DOC_ID))
            for month in sorted(by_month):
                shard = self._shard(month)
                txn.table(shard.storage, SESSIONS_TABLE).insert_multiple(by_month[month])
        return ImportResult(
            sessions_added=added,
            sets_added=sets_added,
            sessions_skipped=skipped,
            exercises_added=len({e["id"] for e in ex_docs}),
        )

    # -- internals: main file ----------------------------------------------------
    def _state(self) -> _MainState:
        """The validated main file, re-read if another process changed it."""
        self._fresh(self._main)
        if self._main_state is None or self._main_built_from != self._main.version:
            self._main_state = _parse_main(self.path, self._main.data or {})
            self._main_built_from = self._main.version
        return self._main_state

    def _main_table(self, txn: _Transaction, name: str) -> Table:
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

    # -- internals: shards -------------------------------------------------------
    def _shard(self, month: str) -> Shard:
        shard = self._shards.get(month)
        if shard is None:
            shard = Shard(self.shard_dir / shard_file_name(month), month)
            self._shards[month] = shard
        return shard

    def _current_shard(self, month: str, *, use_cache: bool = True) -> Shard:
        """The shard of ``month``, re-read and rebuilt if its file changed."""
        shard = self._shard(month)
        if self._txn is None:
            shard.refresh(use_cache=use_cache)
        else:
            self._txn.verify(shard.storage)
            shard.refresh_verified()
        # By serial rather than by "rebuilt": a shard also rebuilds itself when its
        # sessions are built after the file changed.
        if self._indexed_serial.get(month) != shard.serial:
            self._reindex(shard)
        return shard

    def _fresh(self, storage: DurableJSONStorage) -> None:
        """Bring ``storage`` up to date: by signature for reads, by content inside a write."""
        if self._txn is None:
            storage.refresh()
        else:
            self._txn.verify(storage)

    def _all_shards(self, first_month: str = "", *, use_cache: bool = True) -> list[Shard]:
        """Every shard on disk (from ``first_month`` on), each brought up to date."""
        self._finish_interrupted()
        months = months_in(self.shard_dir)
        for gone in set(self._shards) - set(months):
            self._shards.pop(gone)
            self._indexed_serial.pop(gone, None)
            for session_id in self._indexed.pop(gone, set()):
                if self._index.get(session_id) == gone:
                    del self._index[session_id]
        return [self._current_shard(m, use_cache=use_cache) for m in months if m >= first_month]

    def _reindex(self, shard: Shard) -> None:
        before = self._indexed.get(shard.month, set())
        now = set(shard.doc_ids)
        for session_id in before - now:
            if self._index.get(session_id) == shard.month:
                del self._index[session_id]
        for session_id in now:
            self._index[session_id] = shard.month
        self._indexed[shard.month] = now
        self._indexed_serial[shard.month] = shard.serial

    def _find(self, session_id: str) -> Shard | None:
        """The up-to-date shard holding ``session_id``.

        The index answers for every shard already read; otherwise shards are read newest
        first (the session being logged to is nearly always recent), all of them only
        when the id is not stored at all.
        """
        month = self._index.get(session_id)
        if month is not None:
            shard = self._current_shard(month)
            if session_id in shard.doc_ids:
                return shard
        for month in reversed(months_in(self.shard_dir)):
            shard = self._current_shard(month)
            if session_id in shard.doc_ids:
                return shard
        return None

    def _indexed_elsewhere(self, session_id: str) -> bool:
        """True if a shard already read holds ``session_id`` (no other shard is read:
        ids are random, so a clash with an unread month is not worth reading ten years)."""
        month = self._index.get(session_id)
        return month is not None and session_id in self._current_shard(month).doc_ids

    def _locate(self, session_id: str) -> Shard:
        shard = self._find(session_id)
        if shard is None:
            raise NotFoundError(f"{self.path}: no session '{session_id}'")
        return shard

    # -- internals: transactions ---------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[_Transaction]:
        """Hold the thread and process locks, collect the writes, then write each file once."""
        with self._mutex, self._lock:
            files.check_owner(self.path)
            self._recover()
            self._clean_temps()
            txn = self._txn = _Transaction()
            try:
                yield txn
                if self._main not in txn.storages and self._state().version < (
                    migrations.CURRENT_VERSION
                ):
                    # The first write of any kind also stamps the current schema version.
                    txn.join(self._main)
                    self._upgrade_main()
                self._commit(txn)
                for shard, changed, before, after, summary in txn.adoptions:
                    shard.adopt(changed, before, after, summary)
            except BaseException:
                for storage in txn.storages:
                    storage.invalidate()
                raise
            finally:
                self._txn = None

    def _commit(self, txn: _Transaction) -> None:
        dirty = [s for s in txn.storages if s.dirty]
        for storage in txn.storages:
            if not storage.dirty:
                storage.in_transaction = False
        if not dirty:
            return
        if any(s is not self._main for s in dirty):
            files.make_dir(self.shard_dir)
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
        files.commit(pending, self.journal_path)
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
                files.check_owner(self.path)
                self._recover()

    def _recover(self) -> None:
        """Under the lock: roll a half-done multi-file write forward, then forget what
        was read, since files changed."""
        if files.recover(self.journal_path):
            self._main.invalidate()
            for shard in self._shards.values():
                shard.storage.invalidate()

    def _clean_temps(self) -> None:
        """Once per Store, remove temp files left by a killed writer (we hold the lock)."""
        if self._temps_cleaned:
            return
        self._temps_cleaned = True
        files.remove_stale_temps(self.path.parent, f".{self.path.name}{files.TEMP_MARK}")
        files.remove_stale_temps(self.shard_dir, ".sessions-")


# ---------------------------------------------------------------------------
# Helpers


def month_of_date(day: date) -> str:
    """The shard month of a calendar date."""
    return f"{day.year:04d}-{day.month:02d}"


def _in_order(per_shard: list[tuple[_Dated, ...]]) -> list[_Dated]:
    """The sessions (or summaries) of month-ordered shards, oldest first."""
    result: list[_Dated] = []
    for items in per_shard:
        result.extend(items)
    # Shards are ordered by each start's own clock; sessions in different offsets near
    # a month boundary can be out of order in absolute time, so check and sort if so.
    if any(a.start > b.start for a, b in itertools.pairwise(result)):
        result.sort(key=lambda s: s.start)
    return result


def _append_raw(doc: MutableMapping[str, Any], raw: dict[str, Any]) -> None:
    doc["sets"] = [*doc.get("sets", []), raw]


def _replace_with(raw: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(raw)

    return replace


def _upsert_by_id(table: Table, raw: dict[str, Any]) -> None:
    doc_ids = [doc.doc_id for doc in table.search(Query().id == raw["id"])]
    if doc_ids:
        table.update(_replace_with(raw), doc_ids=doc_ids[:1])
        if len(doc_ids) > 1:
            table.remove(doc_ids=doc_ids[1:])
    else:
        table.insert(raw)


def _dedupe_insert(table: Table, docs: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    unique = []
    for doc in docs:
        if doc["id"] not in seen:
            seen.add(doc["id"])
            unique.append(doc)
    if unique:
        table.insert_multiple(unique)


def _uses(routine: Routine, exercise_id: str) -> bool:
    return any(item.exercise_id == exercise_id for item in routine.items)


def _checked_set(entry: SetEntry) -> dict[str, Any]:
    """The on-disk form of ``entry``, refused (ValidationError) if it would not read back."""
    raw = entry.to_dict()
    # Compare stored forms, not datetimes: Python never finds a time in the hour repeated
    # when clocks go back equal to the same instant read back with a fixed offset.
    if SetEntry.from_dict(raw).to_dict() != raw:
        raise ValidationError(f"set '{entry.id}': does not survive saving (check its values)")
    return raw


def _checked_session(session: Session) -> dict[str, Any]:
    """The on-disk form of ``session``, checked to read back equal and with unique set ids."""
    raw = session.to_dict()
    if Session.from_dict(raw).to_dict() != raw:
        raise ValidationError(f"session '{session.id}': does not survive saving (check its values)")
    ids = [s.id for s in session.sets]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"session '{session.id}': two sets share an id")
    return raw


def _checked_exercise(exercise: Exercise, *, allow_builtin: bool = False) -> dict[str, Any]:
    return _checked_entry(exercise, Exercise, "exercise", _builtin_ids()[0], allow_builtin)


def _checked_routine(routine: Routine, *, allow_builtin: bool = False) -> dict[str, Any]:
    return _checked_entry(routine, Routine, "routine", _builtin_ids()[1], allow_builtin)


def _checked_entry(
    entry: Exercise | Routine,
    kind: type[Exercise] | type[Routine],
    label: str,
    builtin_ids: Collection[str],
    allow_builtin: bool,
) -> dict[str, Any]:
    """The stored form of a user's exercise or routine: it must read back and not
    take a built-in id (unless restoring one)."""
    raw = entry.to_dict()
    try:
        kind.from_dict(raw)
    except CatalogError as exc:
        raise ValidationError(str(exc)) from None
    if not allow_builtin and entry.id in builtin_ids:
        raise ValidationError(
            f"{label} '{entry.id}' is built in; save your own version under another id"
        )
    return raw


def _check_routine_exercises(routine: Routine, known: Iterable[str]) -> None:
    known_ids = set(known)
    for item in routine.items:
        if item.exercise_id not in known_ids:
            raise ValidationError(
                f"routine '{routine.id}': exercise '{item.exercise_id}' is not in the catalog"
            )


def _parse_main(path: Path, tables: Tables) -> _MainState:
    """Validate the main file's tables; StoreError names the file and the first problem."""
    version = migrations.schema_version(path, tables)
    settings_docs = list(tables.get(SETTINGS_TABLE, {}).values())
    try:
        settings = Settings.from_dict(settings_docs[0]) if settings_docs else Settings()
    except ValidationError as exc:
        raise StoreError(f"{path}: settings: {exc}") from None
    try:
        exercises = tuple(Exercise.from_dict(d) for d in tables.get(EXERCISES_TABLE, {}).values())
        routines = tuple(Routine.from_dict(d) for d in tables.get(ROUTINES_TABLE, {}).values())
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
    return _MainState(version, settings, exercises, routines, frozenset(days))
