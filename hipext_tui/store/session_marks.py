"""A session's note and pain flags, each changed by intent inside the store's lock.

:class:`SessionMarks` is mixed into :class:`~hipext_tui.store.tinydb_store.Store`. Each
write finds the target session as it is on disk inside the locked transaction (or makes
it, when a workout is marked before its first set is logged, as a skip does) and edits
only the field it is about: another window's sets logged meanwhile are kept.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.sessions import SessionTarget, empty_session
from hipext_tui.domain.workout import ValidationError
from hipext_tui.store.errors import NotFoundError

if TYPE_CHECKING:
    from datetime import datetime

    from hipext_tui.domain.workout import BodyPart, Session

Edit = Callable[[MutableMapping[str, Any]], None]


class SessionMarks:
    """Intent writes for a session's note and its pain flags (session or one set)."""

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[Any]: ...
        def _near(self, session_id: str, start: datetime | None) -> Session | None: ...
        def _insert(self, txn: Any, session: Session) -> None: ...
        def _change(self, txn: Any, changed: Session, edit: Edit) -> Session: ...

    def set_session_note(self, target: SessionTarget, note: str, now: datetime) -> Session:
        """Replace the note of the target session (made if not stored yet)."""

        def edit(doc: MutableMapping[str, Any]) -> None:
            doc["notes"] = note

        return self._mark(target, now, lambda s: replace(s, notes=note), edit)

    def flag_session_pain(
        self, target: SessionTarget, part: BodyPart | None, now: datetime
    ) -> Session:
        """Raise (or with None, clear) the pain flag of the target session."""

        def edit(doc: MutableMapping[str, Any]) -> None:
            _put_pain(doc, part)

        return self._mark(target, now, lambda s: replace(s, pain=part), edit)

    def flag_set_pain(self, session_id: str, set_id: str, part: BodyPart | None) -> Session:
        """Raise (or clear) the pain flag of one logged set; NotFoundError without it."""
        with self._transaction() as txn:
            session = self._near(session_id, None)
            if session is None:
                raise ValidationError(f"pain: no session '{session_id}' is stored")
            if not any(s.id == set_id for s in session.sets):
                raise NotFoundError(f"no set '{set_id}' in session '{session_id}'")
            sets = tuple(replace(s, pain=part) if s.id == set_id else s for s in session.sets)

            def edit(doc: MutableMapping[str, Any]) -> None:
                for raw in doc.get("sets", []):
                    if raw.get("id") == set_id:
                        _put_pain(raw, part)

            return self._change(txn, replace(session, sets=sets), edit)

    def _mark(
        self,
        target: SessionTarget,
        now: datetime,
        change: Callable[[Session], Session],
        edit: Edit,
    ) -> Session:
        if target.session_id is None:
            raise ValidationError("no workout is running")
        with self._transaction() as txn:
            found = self._near(target.session_id, target.start)
            if found is None:
                session = change(empty_session(target, now))
                self._insert(txn, session)
                return session
            return self._change(txn, change(found), edit)


def _put_pain(doc: MutableMapping[str, Any], part: BodyPart | None) -> None:
    """Pain is stored only while raised (files without flags keep their form)."""
    if part is None:
        doc.pop("pain", None)
    else:
        doc["pain"] = part.value
