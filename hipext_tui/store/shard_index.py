"""Where each session lives: the month shards in memory and an index of their ids.

:class:`ShardIndex` keeps one :class:`~hipext_tui.store.shards.Shard` per month file it
has read, each brought up to date before use (by signature for reads, by content inside
a write), and maps every session id it has seen to its month, so that finding the
session being logged to reads one file, not ten years.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import TypeVar

from hipext_tui.domain.workout import Session, SessionSummary
from hipext_tui.store import cache
from hipext_tui.store.errors import NotFoundError
from hipext_tui.store.shards import Shard, months_in, shard_file_name
from hipext_tui.store.transaction import DEFAULT_LOCK_TIMEOUT, LockedStore

_Dated = TypeVar("_Dated", Session, SessionSummary)


class ShardIndex(LockedStore):
    """The month shards of a store and the index of the session ids they hold."""

    def __init__(self, path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        super().__init__(path, lock_timeout=lock_timeout)
        self._index: dict[str, str] = {}  # session id -> month of its shard
        self._indexed: dict[str, set[str]] = {}  # month -> session ids indexed from it
        self._indexed_serial: dict[str, int] = {}  # month -> shard serial it was indexed at

    def _forget(self) -> None:
        """Drop everything read (the next use reads the files again)."""
        super()._forget()
        cache.flush(str(shard.path) for shard in self._shards.values())
        self._shards.clear()
        self._index.clear()
        self._indexed.clear()
        self._indexed_serial.clear()

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

    def _find_session(self, session_id: str) -> Session | None:
        shard = self._find(session_id)
        return shard.session(session_id) if shard else None

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


def month_of_date(day: date) -> str:
    """The shard month of a calendar date."""
    return f"{day.year:04d}-{day.month:02d}"


def in_order(per_shard: list[tuple[_Dated, ...]]) -> list[_Dated]:
    """The sessions (or summaries) of month-ordered shards, oldest first."""
    result: list[_Dated] = []
    for items in per_shard:
        result.extend(items)
    # Shards are ordered by each start's own clock; sessions in different offsets near
    # a month boundary can be out of order in absolute time, so check and sort if so.
    if any(a.start > b.start for a, b in itertools.pairwise(result)):
        result.sort(key=lambda s: s.start)
    return result
