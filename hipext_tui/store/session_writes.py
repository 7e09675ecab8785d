"""Changes to sessions, each by intent, applied to what is on disk inside the lock.

Each method says what the user did (append this set where it belongs, finish, skip,
edit, delete, put back). It reads the session as stored now, under the lock, edits
its stored document in place and commits; nothing writes back a session computed from
a copy held in memory. Where a set goes is the domain's rule
(:func:`hipext_tui.domain.sessions.place_set`).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.workout import Session, SetEntry, ValidationError, summarize
from hipext_tui.store.checked import checked_session, checked_set
from hipext_tui.store.doc_texts import Appended
from hipext_tui.store.errors import NotFoundError
from hipext_tui.store.session_reads import SessionReads
from hipext_tui.store.shards import SESSIONS_TABLE, month_of
from hipext_tui.store.transaction import Transaction

if TYPE_CHECKING:  # the session rules are imported by the writes, not by every read
    from hipext_tui.domain.sessions import SessionTarget

_Edit = Callable[[MutableMapping[str, Any]], None]


class SessionWrites(SessionReads):
    """The write intents on sessions and their sets."""

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
        from hipext_tui.domain.sessions import place_set

        raw = checked_set(entry)
        with self._transaction() as txn:
            found = self._target_session(target, entry, tz, day_start_hour)
            placement = place_set(entry, target, found)
            if placement.create is not None:
                self._insert(txn, placement.create)
                return placement.create
            assert found is not None
            changed = found.with_set(entry)
            if placement.new_start is None:
                return self._change(
                    txn, changed, lambda doc: _append_raw(doc, raw), appended=("sets", raw)
                )
            changed = replace(changed, start=placement.new_start)
            start = changed.start.isoformat()

            def append_earlier(doc: MutableMapping[str, Any]) -> None:
                _append_raw(doc, raw)
                doc["start"] = start

            return self._change(txn, changed, append_earlier)

    def log_set(self, session_id: str, entry: SetEntry) -> SetEntry:
        """Append a set to a stored session; on disk before this returns."""
        raw = checked_set(entry)
        with self._transaction() as txn:
            session = self._stored(session_id)
            if any(s.id == entry.id for s in session.sets):
                raise ValidationError(f"set '{entry.id}' is already in session '{session_id}'")
            self._change(
                txn,
                session.with_set(entry),
                lambda doc: _append_raw(doc, raw),
                appended=("sets", raw),
            )
        return entry

    def finish_session(self, session_id: str, at: datetime) -> Session:
        """Mark the session finished at ``at`` (kept as it is when already finished)."""
        with self._transaction() as txn:
            session = self._stored(session_id)
            if session.is_finished:
                return session
            changed = replace(session, end=max(at, session.start))
            end = checked_session(changed)["end"]
            return self._change(txn, changed, lambda doc: doc.__setitem__("end", end))

    def skip_exercise(self, target: SessionTarget, exercise_id: str, now: datetime) -> Session:
        """Note ``exercise_id`` as skipped in the target session (made if not stored yet)."""
        from hipext_tui.domain.sessions import empty_session

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
        raw = checked_set(entry)
        with self._transaction() as txn:
            session = self._stored(session_id)
            _set_of(session, entry.id)

            def replace_set(doc: MutableMapping[str, Any]) -> None:
                doc["sets"] = [raw if s.get("id") == entry.id else s for s in doc["sets"]]

            sets = tuple(entry if s.id == entry.id else s for s in session.sets)
            self._change(txn, replace(session, sets=sets), replace_set)
        return entry

    def delete_set(self, session_id: str, set_id: str) -> SetEntry:
        """Remove one set; returns it (for undo)."""
        with self._transaction() as txn:
            session = self._stored(session_id)
            removed = _set_of(session, set_id)

            def drop_set(doc: MutableMapping[str, Any]) -> None:
                doc["sets"] = [s for s in doc["sets"] if s.get("id") != set_id]

            sets = tuple(s for s in session.sets if s.id != set_id)
            self._change(txn, replace(session, sets=sets), drop_set)
        return removed

    def restore_set(self, session_id: str, entry: SetEntry, index: int) -> Session:
        """Put a deleted set back at ``index`` of its session (undo)."""
        raw = checked_set(entry)
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
    def _insert(self, txn: Transaction, session: Session) -> None:
        raw = checked_session(session)
        shard = self._current_shard(month_of(session.start))
        if session.id in shard.doc_ids or self._indexed_elsewhere(session.id):
            raise ValidationError(f"session '{session.id}' is already stored")
        before = shard.storage.version
        doc_id = txn.table(shard.storage, SESSIONS_TABLE).insert(raw)
        shard.note_edit(doc_id, before, shard.storage.version)

    def _change(
        self, txn: Transaction, changed: Session, edit: _Edit, appended: Appended | None = None
    ) -> Session:
        """Apply ``edit`` to the stored document of ``changed.id`` (read under the lock);
        ``changed`` is what that session becomes, used for the summary cache. With
        ``appended`` (list name, item), ``edit`` only adds that item at the end of that
        list, which lets the month file be encoded without encoding the document again."""
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
        shard.note_edit(doc_id, before, after, appended)
        # The hot path: patch the cached sessions rather than rebuild the month.
        txn.adoptions.append((shard, changed, before, after, summary))
        return changed

    def _stored(self, session_id: str) -> Session:
        """The session as stored now (NotFoundError when it is not)."""
        session = self._locate(session_id).session(session_id)
        assert session is not None
        return session

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


def _append_raw(doc: MutableMapping[str, Any], raw: dict[str, Any]) -> None:
    doc["sets"] = [*doc.get("sets", []), raw]


def _set_of(session: Session, set_id: str) -> SetEntry:
    for entry in session.sets:
        if entry.id == set_id:
            return entry
    raise NotFoundError(f"no set '{set_id}' in session '{session.id}'")
