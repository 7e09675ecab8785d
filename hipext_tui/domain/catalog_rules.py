"""What a user may do with their own exercises and routines.

The store applies these rules inside its write transaction, on the catalog entries it
has just read; it decides nothing itself. Each function raises
:class:`~hipext_tui.domain.workout.ValidationError` with the one line the user sees.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from hipext_tui.domain.catalog import CatalogError, Exercise, Routine, load_catalog
from hipext_tui.domain.text import refuse_controls
from hipext_tui.domain.workout import SessionSummary, ValidationError


@functools.cache
def builtin_ids() -> tuple[frozenset[str], frozenset[str]]:
    """Ids of the built-in exercises and routines, which users may not replace."""
    catalog = load_catalog()
    return frozenset(e.id for e in catalog.exercises), frozenset(r.id for r in catalog.routines)


def uses(routine: Routine, exercise_id: str) -> bool:
    """True when ``routine`` has an item of ``exercise_id``."""
    return any(item.exercise_id == exercise_id for item in routine.items)


def check_custom_id(entry: Exercise | Routine, *, allow_builtin: bool = False) -> None:
    """A user's exercise or routine may not take a built-in id (unless restoring one)."""
    exercises, routines = builtin_ids()
    label, taken = ("exercise", exercises) if isinstance(entry, Exercise) else ("routine", routines)
    if not allow_builtin and entry.id in taken:
        raise ValidationError(
            f"{label} '{entry.id}' is built in; save your own version under another id"
        )


def check_routine_exercises(routine: Routine, known: Iterable[str]) -> None:
    """Every item of ``routine`` must name an exercise of the catalog (``known`` ids)."""
    known_ids = set(known)
    for item in routine.items:
        if item.exercise_id not in known_ids:
            raise ValidationError(
                f"routine '{routine.id}': exercise '{item.exercise_id}' is not in the catalog"
            )


def check_exercise_deletable(exercise_id: str, summaries: Iterable[SessionSummary]) -> None:
    """A built-in exercise, or one with logged sets (in any of ``summaries``), is kept:
    the history and a backup's import could no longer name those sets."""
    if exercise_id in builtin_ids()[0]:
        raise ValidationError(f"exercise '{exercise_id}' is built in and cannot be deleted")
    logged = sum(1 for s in summaries if exercise_id in s.exercise_ids)
    if logged:
        raise ValidationError(
            f"exercise '{exercise_id}' has sets in {logged} session(s); it is kept"
        )


def check_exercise_unused(exercise_id: str, routines: Iterable[Routine]) -> None:
    """An exercise that a user's routine still names is kept."""
    used = [r.id for r in routines if uses(r, exercise_id)]
    if used:
        raise ValidationError(f"exercise '{exercise_id}' is used by routine(s) {', '.join(used)}")


def check_routine_deletable(routine_id: str) -> None:
    """Built-in routines cannot be deleted."""
    if routine_id in builtin_ids()[1]:
        raise ValidationError(f"routine '{routine_id}' is built in and cannot be deleted")


def check_plain_text(entry: Exercise | Routine) -> None:
    """What a user types into their own exercise or routine holds no terminal control
    character (CatalogError naming the field). Imported entries are kept as the file
    said and shown harmlessly instead."""
    label = f"exercise '{entry.id}'" if isinstance(entry, Exercise) else f"routine '{entry.id}'"
    fields: list[tuple[str, str]] = [("name", entry.name)]
    if isinstance(entry, Exercise):
        fields += [("works", entry.works)]
        fields += [(f"equipment {n + 1}", t) for n, t in enumerate(entry.equipment)]
        fields += [(f"step {n + 1}", t) for n, t in enumerate(entry.steps)]
        fields += [(f"cue {n + 1}", t) for n, t in enumerate(entry.cues)]
    else:
        fields += [("description", entry.description)]
    for field, text in fields:
        try:
            refuse_controls(text, f"{label}: {field}")
        except ValueError as exc:
            raise CatalogError(str(exc)) from None
