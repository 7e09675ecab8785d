"""Monthly session shards: one TinyDB file per month, parsed once and kept in memory.

A shard named ``sessions-2026-11.json`` holds, in its ``sessions`` table, every session
whose start timestamp reads November 2026 on its own clock (the first seven characters
of its ISO-8601 form, so no timezone database is needed to find a session's file).

:class:`Shard` keeps the built :class:`Session` objects of its file together with the
version of the file they were built from; they are rebuilt only when it changed.
:func:`decode_session` is a fast path for :meth:`Session.from_dict`: it accepts exactly
the documents ``from_dict`` accepts and builds equal objects, and on anything unusual it
hands over to ``from_dict``, so the error message is always the domain's own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit, ValidationError
from hipext_tui.store import files
from hipext_tui.store.errors import StoreError
from hipext_tui.store.storage import DurableJSONStorage

SESSIONS_TABLE = "sessions"
SHARD_NAME = re.compile(r"sessions-(\d{4}-(?:0[1-9]|1[0-2]))\.json")

_SIDES = {s.value: s for s in Side}
_UNITS = {u.value: u for u in Unit}
_SET_TYPES = {t.value: t for t in SetType}
_from_iso = datetime.fromisoformat


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
    """One month's session file and the sessions built from its current version."""

    def __init__(self, path: Path, month: str) -> None:
        self.path = path
        self.month = month
        self.storage = DurableJSONStorage(path)
        self.built_from = 0  # the storage version the sessions were built from
        self.sessions: tuple[Session, ...] = ()
        self.doc_ids: dict[str, int] = {}
        self.set_count = 0
        self._latest: dict[tuple[str, Side], SetEntry] | None = None

    def rebuild_if_stale(self) -> bool:
        """Rebuild the sessions if the storage's data changed; True when rebuilt."""
        if self.built_from == self.storage.version:
            return False
        self._build()
        return True

    def session(self, session_id: str) -> Session | None:
        """The built session with that id (call :meth:`current` first)."""
        if session_id not in self.doc_ids:
            return None
        for session in self.sessions:
            if session.id == session_id:
                return session
        return None  # pragma: no cover - doc_ids and sessions are built together

    def latest_sets(self) -> dict[tuple[str, Side], SetEntry]:
        """The latest set of each (exercise, side) in this shard."""
        if self._latest is None:
            latest: dict[tuple[str, Side], SetEntry] = {}
            for session in self.sessions:
                for entry in session.sets:
                    key = (entry.exercise_id, entry.side)
                    best = latest.get(key)
                    if best is None or entry.logged_at >= best.logged_at:
                        latest[key] = entry
            self._latest = latest
        return self._latest

    def adopt(self, session: Session, before: int, after: int) -> None:
        """Take ``session`` (same id and document as before) as this shard's new version
        of it, instead of rebuilding every session from the file just written.

        Only used when the sessions were built from version ``before`` and the storage
        is now at ``after``, the version our own write produced.
        """
        if self.built_from != before or self.storage.version != after:
            return  # something else changed too: the next read rebuilds from the file
        old = self.session(session.id)
        if old is None:
            return
        self.sessions = tuple(session if s.id == session.id else s for s in self.sessions)
        self.set_count += len(session.sets) - len(old.sets)
        self._latest = None
        self.built_from = after

    def _build(self) -> None:
        tables = self.storage.data or {}
        docs = tables.get(SESSIONS_TABLE, {})
        sessions: list[Session] = []
        doc_ids: dict[str, int] = {}
        count = 0
        for doc_id, raw in docs.items():
            try:
                session = decode_session(raw)
            except ValidationError as exc:
                raise StoreError(f"{self.path}: session document {doc_id}: {exc}") from None
            if month_of(session.start) != self.month:
                raise StoreError(
                    f"{self.path}: session '{session.id}' starts {session.start.isoformat()}, "
                    f"which belongs in {shard_file_name(month_of(session.start))}"
                )
            if session.id in doc_ids:
                raise StoreError(f"{self.path}: session id '{session.id}' appears twice")
            doc_ids[session.id] = int(doc_id)
            count += len(session.sets)
            sessions.append(session)
        sessions.sort(key=_start)
        self.sessions = tuple(sessions)
        self.doc_ids = doc_ids
        self.set_count = count
        self._latest = None
        self.built_from = self.storage.version


def _start(session: Session) -> datetime:
    return session.start


def decode_session(raw: Mapping[str, Any]) -> Session:
    """``Session.from_dict(raw)``, several times faster for well-formed documents."""
    try:
        session_id = raw["id"]
        start_text = raw["start"]
        end_value = raw.get("end")
        sets_raw = raw.get("sets", [])
        skipped = raw.get("skipped", [])
        if (
            type(session_id) is str
            and session_id
            and type(start_text) is str
            and type(sets_raw) is list
            and type(skipped) is list
            and (not end_value or type(end_value) is str)
        ):
            start = _from_iso(start_text)
            end = _from_iso(end_value) if end_value else None
            if start.tzinfo is not None and (end is None or end.tzinfo is not None):
                routine_id = raw.get("routine_id")
                return Session(
                    id=session_id,
                    start=start,
                    end=end,
                    routine_id=str(routine_id) if routine_id else None,
                    notes=str(raw.get("notes") or ""),
                    skipped=tuple(str(s) for s in skipped),
                    sets=_decode_sets(sets_raw),
                )
    except (KeyError, TypeError, ValueError, AttributeError):
        pass  # let from_dict find the problem and word it
    return Session.from_dict(raw)


# The hot loop builds SetEntry positionally (a third faster than keywords); that is only
# safe while the field order is the one below, so it is checked once at import.
_POSITIONAL = tuple(f.name for f in fields(SetEntry)) == (
    "id",
    "exercise_id",
    "side",
    "reps",
    "logged_at",
    "weight",
    "unit",
    "seconds",
    "rpe",
    "set_type",
)


def _decode_sets(sets_raw: list[Any]) -> tuple[SetEntry, ...]:
    """Build the sets of one session; ValueError (or KeyError...) on anything unusual."""
    sides, units, set_types, from_iso = _SIDES, _UNITS, _SET_TYPES, _from_iso
    out: list[SetEntry] = []
    append = out.append
    for raw in sets_raw:
        set_id = raw["id"]
        exercise_id = raw["exercise_id"]
        reps = raw["reps"]
        weight = raw.get("weight")
        seconds = raw.get("seconds")
        rpe = raw.get("rpe")
        if not (
            type(set_id) is str
            and set_id
            and type(exercise_id) is str
            and exercise_id
            and type(reps) is int
            and (weight is None or type(weight) is float or type(weight) is int)
            and (seconds is None or type(seconds) is int)
            and (rpe is None or type(rpe) is float or type(rpe) is int)
        ):
            raise ValueError("not the common form")
        logged_at = from_iso(raw["at"])
        if logged_at.tzinfo is None:
            raise ValueError("no offset")
        side = sides[raw.get("side", "none")]
        unit = units[raw.get("unit", "kg")]
        set_type = set_types[raw.get("set_type", "working")]
        if weight is not None:
            weight = float(weight)
        if rpe is not None:
            rpe = float(rpe)
        if _POSITIONAL:
            append(
                SetEntry(
                    set_id, exercise_id, side, reps, logged_at, weight, unit, seconds, rpe, set_type
                )
            )
        else:  # pragma: no cover - only if the domain reorders SetEntry's fields
            append(
                SetEntry(
                    id=set_id,
                    exercise_id=exercise_id,
                    side=side,
                    reps=reps,
                    logged_at=logged_at,
                    weight=weight,
                    unit=unit,
                    seconds=seconds,
                    rpe=rpe,
                    set_type=set_type,
                )
            )
    return tuple(out)
