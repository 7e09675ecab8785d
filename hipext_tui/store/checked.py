"""The stored form of what is about to be written, refused if it would not read back.

Every write takes its documents from here: a value that would be saved but then refused
on the next read (or read back as something else) is a ValidationError now, before
anything is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hipext_tui.domain.workout import Session, SetEntry, ValidationError

if TYPE_CHECKING:  # the catalog is imported by the writes that need it, not by every read
    from hipext_tui.domain.catalog import Exercise, Routine


def checked_set(entry: SetEntry) -> dict[str, Any]:
    """The on-disk form of ``entry``, refused (ValidationError) if it would not read back."""
    raw = entry.to_dict()
    # Compare stored forms, not datetimes: Python never finds a time in the hour repeated
    # when clocks go back equal to the same instant read back with a fixed offset.
    if SetEntry.from_dict(raw).to_dict() != raw:
        raise ValidationError(f"set '{entry.id}': does not survive saving (check its values)")
    return raw


def checked_session(session: Session) -> dict[str, Any]:
    """The on-disk form of ``session``, checked to read back equal and with unique set ids."""
    raw = session.to_dict()
    if Session.from_dict(raw).to_dict() != raw:
        raise ValidationError(f"session '{session.id}': does not survive saving (check its values)")
    ids = [s.id for s in session.sets]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"session '{session.id}': two sets share an id")
    return raw


def checked_exercise(exercise: Exercise, *, allow_builtin: bool = False) -> dict[str, Any]:
    """The stored form of a user's exercise (see :func:`checked_entry`)."""
    from hipext_tui.domain.catalog import Exercise

    return checked_entry(exercise, Exercise, allow_builtin=allow_builtin)


def checked_routine(routine: Routine, *, allow_builtin: bool = False) -> dict[str, Any]:
    """The stored form of a user's routine (see :func:`checked_entry`)."""
    from hipext_tui.domain.catalog import Routine

    return checked_entry(routine, Routine, allow_builtin=allow_builtin)


def checked_entry(
    entry: Exercise | Routine,
    kind: type[Exercise] | type[Routine],
    *,
    allow_builtin: bool,
) -> dict[str, Any]:
    """The stored form of a user's exercise or routine: it must read back, and, unless
    an import restores it (``allow_builtin``), not take a built-in id nor hold a terminal
    control character."""
    from hipext_tui.domain import catalog_rules
    from hipext_tui.domain.catalog import CatalogError

    raw = entry.to_dict()
    try:
        kind.from_dict(raw)
    except CatalogError as exc:
        raise ValidationError(str(exc)) from None
    catalog_rules.check_custom_id(entry, allow_builtin=allow_builtin)
    if not allow_builtin:  # the user's own save, not an import restoring what a file held
        try:
            catalog_rules.check_plain_text(entry)
        except CatalogError as exc:
            raise ValidationError(str(exc)) from None
    return raw
