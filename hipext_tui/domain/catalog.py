"""The exercise catalog and routines.

The built-in catalog lives in ``data/catalog.json`` (shipped inside the wheel as
``hipext_tui/data/catalog.json``). Users add their own exercises and routines to their
store; :class:`Catalog` merges both, and a user's entry never replaces a built-in one.

A malformed catalog raises :class:`CatalogError` naming the file and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from hipext_tui.domain.catalog_fields import CatalogError as CatalogError  # re-exported
from hipext_tui.domain.catalog_fields import (
    _count,
    _given,
    _rep_range,
    _slug,
    _step,
    _str,
    _strs,
)
from hipext_tui.domain.catalog_fields import slugify as slugify  # re-exported
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import Side, Unit, ValidationError

DEFAULT_REP_RANGE = (8, 12)
DEFAULT_STEP_LB = 5.0
DEFAULT_STEP_KG = 2.0  # dumbbells, and any equipment not named below
DEFAULT_STEPS_KG = (("kettlebell", 4.0), ("barbell", 2.5), ("dumbbell", 2.0))


class Sides(StrEnum):
    """Whether a move uses both legs at once or is done on each side in turn."""

    BOTH = "both"
    EACH = "each"


class Measure(StrEnum):
    """How a set is measured."""

    REPS = "reps"  # plain repetitions
    HOLD = "hold"  # repetitions with a timed hold at the top
    TEMPO = "tempo"  # repetitions with a slow, counted lowering


@record
class Exercise:
    """One movement, with everything needed to coach it."""

    id: str
    name: str
    sides: Sides = Sides.BOTH
    measure: Measure = Measure.REPS
    equipment: tuple[str, ...] = ()
    substitutes: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    works: str = ""
    hold_seconds: int = 0
    lower_seconds: int = 0
    builtin: bool = False
    load_step_kg: float | None = None  # None: the default for the equipment
    load_step_lb: float | None = None  # None: 5 lb

    @property
    def one_sided(self) -> bool:
        """True when the move is done on each leg in turn."""
        return self.sides is Sides.EACH

    @property
    def side_order(self) -> tuple[Side, ...]:
        """The sides a set walks through, in order."""
        return (Side.LEFT, Side.RIGHT) if self.one_sided else (Side.NONE,)

    @property
    def sides_label(self) -> str:
        """Human description of the sides."""
        return "each side in turn" if self.one_sided else "both legs together"

    def load_step(self, unit: Unit) -> float:
        """How much weight one step up adds, in ``unit``: the exercise's own step when
        it has one, else 5 lb, else by its first equipment (kettlebell 4 kg, barbell
        2.5 kg, anything else 2 kg, a dumbbell's step)."""
        own = self.load_step_lb if unit is Unit.LB else self.load_step_kg
        if own is not None:
            return own
        if unit is Unit.LB:
            return DEFAULT_STEP_LB
        gear = self.equipment[0].lower() if self.equipment else ""
        for word, step in DEFAULT_STEPS_KG:
            if word in gear:
                return step
        return DEFAULT_STEP_KG

    def to_dict(self) -> dict[str, Any]:
        """The stored form (the same shape as the catalog file)."""
        return {
            "id": self.id,
            "name": self.name,
            "sides": self.sides.value,
            "measure": self.measure.value,
            "equipment": list(self.equipment),
            "substitutes": list(self.substitutes),
            "steps": list(self.steps),
            "cues": list(self.cues),
            "works": self.works,
            "hold_seconds": self.hold_seconds,
            "lower_seconds": self.lower_seconds,
        } | _given(load_step_kg=self.load_step_kg, load_step_lb=self.load_step_lb)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, builtin: bool = False) -> Exercise:
        """Read the stored form; raises CatalogError naming the field."""
        where = f"exercise {raw.get('id', '?')!r}" if isinstance(raw, Mapping) else "exercise"
        if not isinstance(raw, Mapping):
            raise CatalogError(f"{where}: expected an object")
        try:
            return cls(
                id=_slug(raw, "id", where),
                name=_str(raw, "name", where),
                sides=Sides(raw.get("sides", "both")),
                measure=Measure(raw.get("measure", "reps")),
                equipment=_strs(raw, "equipment", where),
                substitutes=_strs(raw, "substitutes", where),
                steps=_strs(raw, "steps", where),
                cues=_strs(raw, "cues", where),
                works=str(raw.get("works", "")),
                hold_seconds=_count(raw, "hold_seconds", where, 0, 600),
                lower_seconds=_count(raw, "lower_seconds", where, 0, 60),
                builtin=builtin,
                load_step_kg=_step(raw, "load_step_kg", where),
                load_step_lb=_step(raw, "load_step_lb", where),
            )
        except ValueError as exc:
            if isinstance(exc, CatalogError):
                raise
            raise CatalogError(f"{where}: {exc}") from None


@record
class RoutineItem:
    """One exercise inside a routine, with its prescription."""

    exercise_id: str
    sets: int = 3
    reps: int = 10  # per side for one-sided moves
    rest_seconds: int = 60
    hold_seconds: int = 0
    rep_min: int | None = None  # the rep range for progression; None: see rep_range
    rep_max: int | None = None

    @property
    def rep_range(self) -> tuple[int, int]:
        """(bottom, top) of the rep range: the item's own, else 8 to 12 widened to
        hold ``reps`` (an item written before rep ranges existed)."""
        if self.rep_min is not None and self.rep_max is not None:
            return self.rep_min, self.rep_max
        return min(DEFAULT_REP_RANGE[0], self.reps), max(DEFAULT_REP_RANGE[1], self.reps)

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "exercise_id": self.exercise_id,
            "sets": self.sets,
            "reps": self.reps,
            "rest_seconds": self.rest_seconds,
            "hold_seconds": self.hold_seconds,
        } | _given(rep_min=self.rep_min, rep_max=self.rep_max)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], where: str) -> RoutineItem:
        """Read the stored form; raises CatalogError naming the field."""
        if not isinstance(raw, Mapping):
            raise CatalogError(f"{where}: each item must be an object")
        rep_min, rep_max = _rep_range(raw, where)
        return cls(
            exercise_id=_slug(raw, "exercise_id", where),
            sets=_count(raw, "sets", where, 1, 20, default=3),
            reps=_count(raw, "reps", where, 1, 1000, default=10),
            rest_seconds=_count(raw, "rest_seconds", where, 0, 3600, default=60),
            hold_seconds=_count(raw, "hold_seconds", where, 0, 600, default=0),
            rep_min=rep_min,
            rep_max=rep_max,
        )


@record
class Routine:
    """An ordered list of exercises with sets, reps, rest and holds."""

    id: str
    name: str
    items: tuple[RoutineItem, ...]
    description: str = ""
    builtin: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, builtin: bool = False) -> Routine:
        """Read the stored form; raises CatalogError naming the field."""
        if not isinstance(raw, Mapping):
            raise CatalogError("routine: expected an object")
        where = f"routine {raw.get('id', '?')!r}"
        items = raw.get("items")
        if not isinstance(items, list) or not items:
            raise CatalogError(f"{where}: 'items' must be a non-empty list")
        return cls(
            id=_slug(raw, "id", where),
            name=_str(raw, "name", where),
            description=str(raw.get("description", "")),
            items=tuple(
                RoutineItem.from_dict(item, f"{where} item {n}") for n, item in enumerate(items, 1)
            ),
            builtin=builtin,
        )


@record
class Catalog:
    """Built-in and user exercises and routines, in display order (built-ins first)."""

    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]
    _by_id: dict[str, Exercise] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.exercises})

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with that id; KeyError if there is none."""
        return self._by_id[exercise_id]

    def get(self, exercise_id: str) -> Exercise | None:
        """The exercise with that id, or None."""
        return self._by_id.get(exercise_id)

    def routine(self, routine_id: str) -> Routine:
        """The routine with that id; KeyError if there is none."""
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)

    def find_exercise(self, query: str) -> Exercise:
        """An exercise by id, exact name, or unambiguous prefix of name, id or word.

        Raises ValidationError with the candidates when the query is unknown or ambiguous.
        """
        wanted = query.strip().lower()
        if not wanted:
            raise ValidationError("exercise: give an exercise id or name")
        for ex in self.exercises:
            if wanted in (ex.id, ex.name.lower()):
                return ex
        hits = [
            ex
            for ex in self.exercises
            if ex.id.startswith(wanted) or ex.name.lower().startswith(wanted)
        ]
        if not hits:  # then the start of any word: "romanian", "bridge"
            hits = [
                ex
                for ex in self.exercises
                if any(w.startswith(wanted) for w in slugify(ex.name).split("-"))
            ]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            known = ", ".join(e.id for e in self.exercises)
            raise ValidationError(f"exercise: no exercise matches '{query}' (known: {known})")
        names = ", ".join(e.id for e in hits)
        raise ValidationError(f"exercise: '{query}' is ambiguous ({names})")

    def with_custom(self, exercises: Iterable[Exercise], routines: Iterable[Routine]) -> Catalog:
        """This catalog plus user entries; an entry whose id is built in is ignored."""
        builtin_ex = {e.id for e in self.exercises}
        builtin_rt = {r.id for r in self.routines}
        extra_ex = tuple(replace(e, builtin=False) for e in exercises if e.id not in builtin_ex)
        extra_rt = tuple(replace(r, builtin=False) for r in routines if r.id not in builtin_rt)
        return Catalog(self.exercises + extra_ex, self.routines + extra_rt)


def builtin_catalog_path() -> Path:
    """Where the shipped catalog is: inside the package when installed, else ``data/``."""
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "data" / "catalog.json"
    if installed.is_file():
        return installed
    return package_dir.parent / "data" / "catalog.json"


def load_catalog(path: Path | None = None) -> Catalog:
    """Read a catalog file; CatalogError names the file and the field on any problem."""
    path = path or builtin_catalog_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path}: not a readable JSON catalog ({exc})") from None
    try:
        return parse_catalog(raw)
    except CatalogError as exc:
        raise CatalogError(f"{path}: {exc}") from None


def parse_catalog(raw: Any) -> Catalog:
    """Build a built-in Catalog from the decoded catalog JSON."""
    if not isinstance(raw, dict):
        raise CatalogError("top level must be an object")
    exercises_raw = raw.get("exercises")
    routines_raw = raw.get("routines", [])
    if not isinstance(exercises_raw, list) or not exercises_raw:
        raise CatalogError("'exercises' must be a non-empty list")
    if not isinstance(routines_raw, list):
        raise CatalogError("'routines' must be a list")
    exercises = tuple(Exercise.from_dict(e, builtin=True) for e in exercises_raw)
    routines = tuple(Routine.from_dict(r, builtin=True) for r in routines_raw)
    ids = {e.id for e in exercises}
    if len(ids) != len(exercises):
        raise CatalogError("exercise ids must be unique")
    for routine in routines:
        for item in routine.items:
            if item.exercise_id not in ids:
                raise CatalogError(
                    f"routine {routine.id!r}: 'exercise_id' {item.exercise_id!r} "
                    "is not in the catalog"
                )
    return Catalog(exercises, routines)
