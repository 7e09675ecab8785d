"""Monthly session shards: one TinyDB file per month, parsed once and kept in memory.

A shard named ``sessions-2026-11.json`` holds, in its ``sessions`` table, every session
whose start timestamp reads November 2026 on its own clock (the first seven characters
of its ISO-8601 form, so no timezone database is needed to find a session's file).

:class:`Shard` keeps the :class:`SessionSummary` of every session in its file together
with the version of the file they match; they are rebuilt only when the file changed,
from the sidecar cache (:mod:`.cache`) when it matches, else from the validated JSON.
The full :class:`Session` objects (every set) are built from the same version only when
something asks for them, so start-up and the history list never build a set.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from datetime import datetime
from pathlib import Path

from hipext_tui.domain.stored import decode_session, decode_summary
from hipext_tui.domain.workout import (
    Session,
    SessionSummary,
    ValidationError,
    summarize,
)
from hipext_tui.store import cache, files, migrations
from hipext_tui.store.doc_texts import Appended
from hipext_tui.store.errors import StoreError
from hipext_tui.store.storage import DurableJSONStorage, Tables, digest

SESSIONS_TABLE = "sessions"
SHARD_NAME = re.compile(r"sessions-(\d{4}-(?:0[1-9]|1[0-2]))\.json")


def month_of(moment: datetime) -> str:
    """The shard month ("2026-11") of a session starting at ``moment``, on its own clock."""
    return moment.isoformat()[:7]


def shard_file_name(month: str) -> str:
    """The file name of the shard for ``month``."""
    return f"sessions-{month}.json"


def months_in(directory: Path) -> list[str]:
    """The months that have a shard file in ``directory``, oldest first."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise StoreError(f"{directory}: is not a directory (it should hold the sessions)") from None
    except OSError as exc:
        raise StoreError(f"{directory}: cannot be read ({files.describe(exc)})") from None
    months = [m.group(1) for name in names if (m := SHARD_NAME.fullmatch(name))]
    months.sort()
    return months


class Shard:
    """One month's session file, the summaries of its sessions and, built on demand, the
    sessions themselves, all from one version of the file."""

    def __init__(self, path: Path, month: str) -> None:
        self.path = path
        self.month = month
        self.storage = DurableJSONStorage(path, stamp=migrations.SHARD_META)
        self.summaries: tuple[SessionSummary, ...] = ()
        self.doc_ids: dict[str, int] = {}
        self.set_count = 0
        self.serial = 0  # a new number whenever ``summaries`` (and so the sessions) change
        self._sessions: tuple[Session, ...] | None = ()  # None: not built yet
        self._built = False
        self._built_sig: files.Signature | None = None  # the file version they match
        self._built_version = -1  # the storage version they were built from; -1: cache
        # The digest of the bytes whose cache entry the summaries came from (None: they
        # were built from the JSON here).
        self._cached_from: bytes | None = None
        # The summaries decoded from the storage's documents at version _json_version,
        # by document id (never from the cache): a write that edits one document
        # re-decodes only that one to make the cache entry of the new bytes.
        # While the sessions are not all built: those built one by one, at _some_version.
        self._some: dict[str, Session] = {}
        self._some_version = -1
        self._json: cache.Entry | None = None
        self._json_version = -1
        self._edited: tuple[int, int, set[int]] | None = None  # (before, after, doc ids)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Every session of the version the summaries describe, oldest first (built on
        first use; StoreError if the file turns out to be bad)."""
        if self._sessions is None:
            self._sessions = self._build_sessions()
        return self._sessions

    def refresh(self, *, use_cache: bool = True) -> bool:
        """Bring the summaries up to date with the file (for reading); True when rebuilt.

        A file whose signature is unchanged is not read again. A changed one is read and
        its summaries taken from the cache entry of exactly those bytes when there is
        one, else built from the parsed JSON (and cached). ``use_cache=False`` insists
        on the JSON (validation).
        """
        sig = files.stat_signature(self.path)
        if self._built and sig == self._built_sig and (use_cache or self._cached_from is None):
            return False
        storage = self.storage
        if storage.loaded and storage.signature == sig and sig is not None:
            self._build_from_storage()
            return True
        found = files.read_file(self.path)
        if found is None:
            storage.refresh()
            self._build_from_storage()
            return True
        payload, sig = found
        fingerprint = digest(payload)
        if use_cache:
            entries = cache.load(fingerprint)
            if entries is not None and self._install(entries, sig, -1):
                self._cached_from = fingerprint
                return True
        storage.take(payload, sig, fingerprint)
        entries = self._build_from_storage()
        if use_cache:
            cache.save(fingerprint, entries)
        return True

    def build_from(
        self, payload: bytes, sig: files.Signature, fingerprint: bytes
    ) -> list[tuple[int, SessionSummary]]:
        """Summaries (by document id) of exactly these bytes, just read from the file,
        checked as strictly as the sessions (StoreError names the file and the problem);
        they are also written to the summary cache."""
        self.storage.take(payload, sig, fingerprint)
        entries = self._build_from_storage()
        cache.save(fingerprint, entries)
        return entries

    def refresh_verified(self) -> bool:
        """Rebuild from the storage, which the caller has just verified against the disk
        (inside a write); True when rebuilt.

        Summaries taken from the cache entry of exactly the bytes now verified are kept
        when they name every document by its id and start: that entry was built from
        those bytes, checked as strictly, by this version of the code. The entry of the
        bytes the write leaves is still made from the documents written
        (:meth:`save_cache`), never from this one.
        """
        if self._built and self._built_version == self.storage.version:
            return False
        fingerprint = self.storage.fingerprint
        if (
            self._built
            and self._cached_from is not None
            and self._cached_from == fingerprint
            and self._names_every_document()
        ):
            self._built_version = self.storage.version
            self._built_sig = self.storage.signature
            return False
        self._build_from_storage()
        return True

    def _names_every_document(self) -> bool:
        """Whether the summaries name exactly the storage's documents, each by its id and
        start, so that no entry (even one forged for these bytes) can hide, invent or
        move a session a write looks for."""
        docs = (self.storage.data or {}).get(SESSIONS_TABLE, {})
        if len(docs) != len(self.doc_ids) or len(self.summaries) != len(self.doc_ids):
            return False
        for summary in self.summaries:
            raw = docs.get(str(self.doc_ids.get(summary.id)))
            if not isinstance(raw, dict) or raw.get("id") != summary.id:
                return False
            if raw.get("start") != summary.start.isoformat():
                return False
        return True

    def session(self, session_id: str) -> Session | None:
        """The session with that id, of the version the summaries describe (refresh
        first). While the month's sessions are not built, only its document is decoded."""
        if session_id not in self.doc_ids:
            return None
        if self._sessions is None and self._built_version == self.storage.version:
            if self._some_version != self._built_version:
                self._some, self._some_version = {}, self._built_version
            found = self._some.get(session_id)
            if found is not None:
                return found
            raw = (
                (self.storage.data or {}).get(SESSIONS_TABLE, {}).get(str(self.doc_ids[session_id]))
            )
            try:
                one = decode_session(raw)
            except ValidationError as exc:
                raise StoreError(f"{self.path}: {exc}") from None
            if one.id == session_id:
                self._some[session_id] = one
                return one
        for session in self.sessions:
            if session.id == session_id:
                return session
        return None  # pragma: no cover - doc_ids and sessions are built together

    def adopt(
        self, session: Session, before: int, after: int, summary: SessionSummary | None = None
    ) -> None:
        """Take ``session`` (same id, start and document as before) as this shard's new
        version of it, instead of rebuilding every session from the file just written.

        Only used when the sessions were built from storage version ``before`` and the
        storage is now at ``after``, the version our own committed write produced.
        """
        if self._built_version != before or self.storage.version != after:
            return  # something else changed too: the next read rebuilds from the file
        old = next((s for s in self.summaries if s.id == session.id), None)
        if old is None or old.start != session.start:
            return
        if self._sessions is not None:
            self._sessions = tuple(session if s.id == session.id else s for s in self._sessions)
        else:
            some = self._some if self._some_version == before else {}
            self._some, self._some_version = {**some, session.id: session}, after
        fresh = summary or summarize(session)
        self.summaries = tuple(fresh if s.id == session.id else s for s in self.summaries)
        self.set_count += len(session.sets) - old.total_sets
        self._built_version = after
        self._built_sig = self.storage.signature
        self.serial = next(_serials)

    def note_edit(
        self, doc_id: int, before: int, after: int, appended: Appended | None = None
    ) -> None:
        """Inside a write: document ``doc_id`` was edited, taking the storage from version
        ``before`` to ``after`` (edits in a row add up); ``appended``: the edit only
        added that item to the end of that list (see DurableJSONStorage.touched)."""
        self.storage.touched(SESSIONS_TABLE, doc_id, before, after, appended)
        if self._edited is not None and self._edited[1] == before:
            self._edited = (self._edited[0], after, {*self._edited[2], doc_id})
        else:
            self._edited = (before, after, {doc_id})

    def save_cache(self) -> None:
        """After a committed write: hand the summary cache the entry of the bytes just
        written, made from the documents written (never from the summaries in memory or
        another cache entry). When the write only edited or added documents of a version
        decoded here, only those documents are decoded again, and only when the entry is
        written (:func:`cache.save_later`), not while the user waits for the write; so
        are all of them after a few edits to a month whose summaries came from the cache.
        A write of mostly new documents (an import) has them decoded at once."""
        data, fingerprint = self.storage.data, self.storage.fingerprint
        edited, self._edited = self._edited, None
        if data is None or fingerprint is None:
            return
        docs = data.get(SESSIONS_TABLE, {})
        base = self._json
        if (
            base is not None
            and edited is not None
            and edited[0] == self._json_version
            and edited[1] == self.storage.version
            and set(docs) == {str(doc_id) for doc_id in base.keys() | edited[2]}
        ):
            entry = base.with_docs(
                {
                    d: self.storage.encoded(SESSIONS_TABLE, d) or json.dumps(docs[str(d)])
                    for d in edited[2]
                }
            )
        elif edited is not None and len(edited[2]) < len(docs):
            # Some documents changed in a month not decoded here (its summaries came
            # from the cache entry of the bytes before): every document, as written,
            # decoded when the entry is written.
            entry = cache.Entry(
                {},
                {
                    int(d): self.storage.encoded(SESSIONS_TABLE, int(d)) or json.dumps(doc)
                    for d, doc in docs.items()
                },
            )
        else:  # mostly new documents (an import): decoded now, from the data written
            try:
                entry = cache.Entry(dict(_summaries_of(self.path, data)))
            except StoreError:
                self._json = None
                return
        self._json, self._json_version = entry, self.storage.version
        cache.save_later(str(self.path), fingerprint, entry)

    def _build_from_storage(self) -> list[tuple[int, SessionSummary]]:
        """Summaries from the storage's documents, checked as strictly as the sessions."""
        entries = _summaries_of(self.path, self.storage.data or {})
        self._install(entries, self.storage.signature, self.storage.version, strict=True)
        self._json = cache.Entry(dict(entries))
        self._json_version = self.storage.version
        return entries

    def _build_sessions(self) -> tuple[Session, ...]:
        """The sessions of the version the summaries were built from.

        From the sidecar cache or the storage when either still holds that version;
        otherwise (the file changed since, or the cache went away) everything is rebuilt
        from the file as it is now, so summaries and sessions always agree.
        """
        if self._built_version == self.storage.version:
            return _sorted_sessions(self._decode_storage())
        if not self.storage.in_transaction:
            self.storage.refresh()
        entries = self._decode_storage()
        self._install([(d, summarize(s)) for d, s in entries], self.storage.signature,
                      self.storage.version, strict=True)  # fmt: skip
        return _sorted_sessions(entries)

    def _decode_storage(self) -> list[tuple[int, Session]]:
        docs = (self.storage.data or {}).get(SESSIONS_TABLE, {})
        entries: list[tuple[int, Session]] = []
        for doc_id, raw in docs.items():
            try:
                entries.append((int(doc_id), decode_session(raw)))
            except ValidationError as exc:
                raise StoreError(f"{self.path}: {exc}") from None
        return entries

    def _install(
        self,
        entries: list[tuple[int, SessionSummary]],
        sig: files.Signature | None,
        version: int,
        *,
        strict: bool = False,
    ) -> bool:
        """Adopt summaries after checking they belong here; False (or StoreError when
        ``strict``) if they do not. The sessions are built again on demand."""
        doc_ids: dict[str, int] = {}
        count = 0
        for doc_id, summary in entries:
            problem = ""
            if month_of(summary.start) != self.month:
                problem = (
                    f"session '{summary.id}' starts {summary.start.isoformat()}, "
                    f"which belongs in {shard_file_name(month_of(summary.start))}"
                )
            elif summary.id in doc_ids:
                problem = f"session id '{summary.id}' appears twice"
            elif type(doc_id) is not int:
                problem = f"document key {doc_id!r} is not a number"
            if problem:
                if strict:
                    raise StoreError(f"{self.path}: {problem}")
                return False
            doc_ids[summary.id] = doc_id
            count += summary.total_sets
        summaries = [summary for _, summary in entries]
        summaries.sort(key=_start)
        self.summaries = tuple(summaries)
        self.doc_ids = doc_ids
        self.set_count = count
        self._sessions = None
        self._built = True
        self._built_sig = sig
        self._built_version = version
        self._cached_from = None
        self.serial = next(_serials)
        return True


_serials = itertools.count(1)


def _summaries_of(path: Path, tables: Tables) -> list[tuple[int, SessionSummary]]:
    """The summaries (by document id) of a month file's tables; StoreError if bad."""
    migrations.schema_version(path, tables, migrations.SHARD_VERSION)
    entries: list[tuple[int, SessionSummary]] = []
    for doc_id, raw in tables.get(SESSIONS_TABLE, {}).items():
        try:
            entries.append((int(doc_id), decode_summary(raw)))
        except ValidationError as exc:
            raise StoreError(f"{path}: {exc}") from None
    return entries


def _start(item: Session | SessionSummary) -> datetime:
    return item.start


def _sorted_sessions(entries: list[tuple[int, Session]]) -> tuple[Session, ...]:
    sessions = [session for _, session in entries]
    sessions.sort(key=_start)
    return tuple(sessions)
