"""Strong and Hevy exports: building sessions and new exercises from the neutral rows
that :mod:`.import_rows` reads (see docs/FORMATS.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

import pendulum

from hipext_tui.domain.catalog import (
    Catalog,
    Exercise,
    Measure,
    Sides,
    slugify,
)
from hipext_tui.domain.days import pendulum_zone
from hipext_tui.domain.exercise_map import catalog_match, split_side
from hipext_tui.domain.import_cells import (
    MAX_HOLD_SECONDS,
    SKIP_CARDIO,
    SKIP_EMPTY,
    SKIP_REST,
    ImportFormatError,
    ImportPlan,
    Row,
    hashed_id,
)
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    SetType,
    Side,
    Unit,
)

# ---------------------------------------------------------------------------
# From neutral rows to sessions


@dataclass(slots=True)
class NewExercise:
    id: str
    name: str
    one_sided: bool = False
    timed: int = 0
    sets: int = 0


@dataclass(slots=True)
class _Workout:
    key: tuple[str, str]
    start: datetime
    end: datetime | None
    name: str
    notes: str
    sets: list[tuple[str, Side, Row]] = field(default_factory=list)


class Builder:
    """Groups rows into workouts and resolves exercise names, for Strong and Hevy."""

    def __init__(self, name: str, family: str, catalog: Catalog, zone: tzinfo, unit: Unit) -> None:
        self.name = name
        self.family = family
        self.catalog = catalog
        self.zone = zone
        self.unit = unit
        self.by_name = {e.name.strip().lower(): e.id for e in catalog.exercises}
        self.resolved: dict[str, tuple[str, Side]] = {}
        self.mapped: dict[str, str] = {}
        self.new: dict[str, NewExercise] = {}
        self.aware: dict[datetime, datetime] = {}

    def build(self, rows: Iterator[Row], source: str) -> ImportPlan:
        workouts: dict[tuple[str, str], _Workout] = {}
        skipped: dict[str, int] = {}
        count = 0
        for row in rows:
            count += 1
            reason = self._skip_reason(row)
            if reason:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            workout = workouts.get(row.workout_key)
            if workout is None:
                workout = _Workout(row.workout_key, row.start, row.end, row.workout, row.notes)
                workouts[row.workout_key] = workout
            elif row.notes and not workout.notes:
                workout.notes = row.notes
            if not row.exercise:
                raise ImportFormatError(f"{self.name} line {row.line}: the exercise name is blank")
            exercise_id, side = self._resolve(row.exercise, timed=row.reps == 0)
            workout.sets.append((exercise_id, side, row))
        sessions = [self._session(w) for w in workouts.values()]
        sessions.sort(key=lambda s: (s.start.timestamp(), s.id))
        return ImportPlan(
            source=source,
            sessions=tuple(sessions),
            new_exercises=tuple(self._exercise(n) for n in self.new.values()),
            mapped=tuple(sorted(self.mapped.items())),
            rows=count,
            skipped=tuple(sorted(skipped.items())),
            unit=self.unit,
        )

    @staticmethod
    def _skip_reason(row: Row) -> str | None:
        """Why a row holds no set hipext can store, or None when it does."""
        if row.set_type is None:
            return SKIP_REST
        if row.reps:
            return None
        if row.distance > 0 or (row.seconds or 0) > MAX_HOLD_SECONDS:
            return SKIP_CARDIO
        if row.seconds:
            return None  # a timed hold: one rep held that long
        return SKIP_EMPTY

    def _resolve(self, raw_name: str, *, timed: bool) -> tuple[str, Side]:
        """The exercise id and side for a name in the file, creating a custom one once."""
        known = self.resolved.get(raw_name)
        if known is None:
            known = self._resolve_new(raw_name)
            self.resolved[raw_name] = known
        exercise_id = known[0]
        new = self.new.get(exercise_id)
        if new is not None:
            new.sets += 1
            new.timed += timed
        return known

    def _resolve_new(self, raw_name: str) -> tuple[str, Side]:
        base, side = split_side(raw_name)
        catalog_id = catalog_match(base)
        if catalog_id is not None:
            builtin = self.catalog.get(catalog_id)
            if builtin is not None:
                self.mapped[raw_name] = catalog_id
                return catalog_id, side if builtin.one_sided else Side.NONE
        existing = self.by_name.get(base.lower())
        if existing is not None:
            exercise = self.catalog.get(existing)
            one_sided = exercise is not None and exercise.one_sided
            return existing, side if one_sided else Side.NONE
        slug = slugify(base)
        if not any(ch.isalnum() for ch in base):
            # No letters to make an id from ("!!!"): a stable id per name, so two such
            # names never share one, and a second import finds the same id again.
            slug = f"exercise-{hashlib.sha1(base.encode('utf-8')).hexdigest()[:8]}"
        exercise = self.catalog.get(slug)
        if exercise is not None and not exercise.builtin:
            return slug, side if exercise.one_sided else Side.NONE
        if exercise is not None:  # a different movement whose slug is a built-in id
            slug = f"{slug}-imported"
        new = self.new.get(slug)
        if new is None:
            new = NewExercise(slug, base)
            self.new[slug] = new
            self.by_name[base.lower()] = slug
        new.one_sided = new.one_sided or side is not Side.NONE
        return slug, side

    def _exercise(self, new: NewExercise) -> Exercise:
        return Exercise(
            id=new.id,
            name=new.name,
            sides=Sides.EACH if new.one_sided else Sides.BOTH,
            measure=Measure.HOLD if new.sets and new.timed == new.sets else Measure.REPS,
        )

    def _localize(self, wall: datetime) -> datetime:
        """A wall-clock time read in the zone, as a fixed-offset moment (cached)."""
        moment = self.aware.get(wall)
        if moment is None:
            # pendulum moves a time in a spring-forward gap forward by the gap, and
            # reads an ambiguous autumn time as the later (standard-time) one.
            local = pendulum.datetime(
                wall.year,
                wall.month,
                wall.day,
                wall.hour,
                wall.minute,
                wall.second,
                tz=pendulum_zone(self.zone),
            )
            moment = datetime.fromisoformat(local.isoformat())
            self.aware[wall] = moment
        return moment

    def _session(self, workout: _Workout) -> Session:
        start = self._localize(workout.start)
        end = self._localize(workout.end) if workout.end else None
        count = len(workout.sets)
        span = (end - start).total_seconds() if end and end > start else 0.0
        session_id = hashed_id("ses-", self.family, workout.start.isoformat(), workout.name)
        sets = []
        for index, (exercise_id, side, row) in enumerate(workout.sets):
            # The files hold only the workout's start and length: spread the sets
            # evenly over it, each logged when it ended; without a length, a second apart.
            offset = span * (index + 1) / count if span else index
            reps, seconds = (row.reps, row.seconds) if row.reps else (1, row.seconds)
            if seconds is not None and seconds > MAX_HOLD_SECONDS:
                seconds = None
            sets.append(
                SetEntry(
                    id=hashed_id("set-", session_id, str(index)),
                    exercise_id=exercise_id,
                    side=side,
                    reps=reps,
                    logged_at=start + timedelta(seconds=round(offset)),
                    weight=row.weight,
                    unit=self.unit,
                    seconds=seconds,
                    rpe=row.rpe,
                    set_type=row.set_type or SetType.WORKING,
                )
            )
        last = sets[-1].logged_at if sets else start
        return Session(
            id=session_id,
            start=start,
            end=end if end and end >= last else last,
            notes=workout.notes,
            sets=tuple(sets),
        )
