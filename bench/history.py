"""A synthetic training history for the benchmarks, the same every run (fixed seed).

Ten years by default: about 2,000 sessions and 31,000 sets of the five catalog
exercises, dated in Europe/Berlin (so the history crosses twenty DST changes) with a
share of sessions that start just before midnight and run past it. One-sided moves are
logged left and right, two-sided moves once per set; loads creep up over the years,
some sessions are logged in pounds, some skip an exercise, some open with warm-ups.

Also here: the same sessions as a plain TinyDB file (the baseline for the set-write
benchmark) and a Hevy-format CSV export (the input of the import benchmark).

Run it directly to write a store: ``python bench/history.py --years 10 --out DIR``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import LB_PER_KG, Session, SetEntry, SetType, Side, Unit

SEED = 20_260_917
ZONE = "Europe/Berlin"
# A fixed last day keeps the history identical from one run to the next.
DEFAULT_END = date(2026, 10, 31)
ROUTINE_ID = "hip-extension-for-runners"


@dataclass(frozen=True, slots=True)
class Move:
    """How the generator logs one catalog exercise."""

    exercise_id: str
    one_sided: bool
    sets: int
    reps: tuple[int, int]
    # Working load in kg at the start and at the end of the history (None: bodyweight).
    load: tuple[float, float] | None
    hold: bool = False
    warmups: int = 0


# Routine order, as in data/catalog.json.
MOVES: tuple[Move, ...] = (
    Move("single-leg-glute-bridge", True, 3, (8, 12), None, hold=True),
    Move("deadlift", False, 3, (8, 12), (16.0, 40.0), warmups=2),
    Move("kickstand-deadlift", True, 3, (6, 10), (10.0, 32.0)),
    Move("glute-bridge-walkout", False, 2, (5, 8), None, hold=True),
    Move("barbell-romanian-deadlift", False, 3, (6, 10), (30.0, 95.0), warmups=2),
)


@dataclass(frozen=True, slots=True)
class History:
    """What the generator made: sessions (oldest first), planned rest days, settings."""

    sessions: tuple[Session, ...]
    rest_days: tuple[date, ...]
    settings: Settings

    @property
    def set_count(self) -> int:
        """How many sets all sessions hold."""
        return sum(len(s.sets) for s in self.sessions)


class _Ids:
    """Deterministic ids in the store's style (the real ones come from ``secrets``)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __call__(self, prefix: str) -> str:
        return f"{prefix}{self._rng.getrandbits(48):012x}"


def generate(
    years: float = 10, *, seed: int = SEED, end: date = DEFAULT_END, zone: str = ZONE
) -> History:
    """Build ``years`` of history ending on ``end``; same arguments, same history."""
    rng = random.Random(seed)
    ids = _Ids(random.Random(seed + 1))
    tz = ZoneInfo(zone)
    first = end - timedelta(days=round(365.25 * years))
    first -= timedelta(days=first.weekday())  # start on a Monday
    span = max((end - first).days, 1)
    sessions: list[Session] = []
    rest_days: list[date] = []
    week = first
    while week <= end:
        days = [week + timedelta(days=i) for i in range(7) if week + timedelta(days=i) <= end]
        # A few weeks off each year (holidays, injuries, races).
        count = 0 if rng.random() < 0.04 else rng.choices((2, 3, 4, 5, 6), (6, 24, 40, 25, 5))[0]
        trained = sorted(rng.sample(days, min(count, len(days))))
        for day in trained:
            progress = (day - first).days / span
            sessions.append(_session(rng, ids, tz, day, progress))
        free = [d for d in days if d not in trained]
        if free and rng.random() < 0.3:
            rest_days.append(rng.choice(free))
        week += timedelta(days=7)
    return History(tuple(sessions), tuple(rest_days), Settings(timezone=zone))


def _start_time(rng: random.Random, tz: ZoneInfo, day: date) -> datetime:
    """Mornings and evenings, and one session in ten just before midnight."""
    kind = rng.random()
    if kind < 0.55:
        minutes = rng.randint(6 * 60, 9 * 60)
    elif kind < 0.9:
        minutes = rng.randint(17 * 60, 21 * 60)
    else:
        minutes = rng.randint(23 * 60 + 30, 23 * 60 + 59)  # the last sets land after 00:00
    # Aware datetime arithmetic is wall-clock arithmetic: 07:00 stays 07:00 on DST days.
    return datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(minutes=minutes)


def _session(rng: random.Random, ids: _Ids, tz: ZoneInfo, day: date, progress: float) -> Session:
    start = _start_time(rng, tz, day)
    unit = Unit.LB if rng.random() < 0.08 else Unit.KG
    moves = list(MOVES)
    if rng.random() < 0.35:  # a short day: skip one to three moves
        for _ in range(rng.randint(1, 3)):
            moves.remove(rng.choice(moves))
    with_warmups = rng.random() < 0.3
    # On a light day every move gets one set fewer.
    fewer = 1 if rng.random() < 0.4 else 0
    moment = start
    sets: list[SetEntry] = []
    for move in moves:
        load = None
        if move.load is not None:
            low, high = move.load
            kg = low + (high - low) * progress + rng.uniform(-2.0, 2.0)
            load = max(kg, 2.0)
        if with_warmups and load is not None:
            for i in range(move.warmups):
                moment += timedelta(seconds=rng.randint(45, 90))
                sets.append(
                    _entry(rng, ids, move, Side.NONE, moment, load * (0.4 + 0.2 * i), unit, True)
                )
        sides = (Side.LEFT, Side.RIGHT) if move.one_sided else (Side.NONE,)
        for _ in range(move.sets - fewer):
            for side in sides:
                moment += timedelta(seconds=rng.randint(50, 150))
                sets.append(_entry(rng, ids, move, side, moment, load, unit, False))
    end = moment + timedelta(minutes=rng.randint(1, 5))
    return Session(
        id=ids("ses-"),
        start=start,
        end=end,
        routine_id=ROUTINE_ID if rng.random() < 0.85 else None,
        notes="felt strong" if rng.random() < 0.05 else "",
        sets=tuple(sets),
    )


def _entry(
    rng: random.Random,
    ids: _Ids,
    move: Move,
    side: Side,
    moment: datetime,
    load_kg: float | None,
    unit: Unit,
    warmup: bool,
) -> SetEntry:
    weight = None
    if load_kg is not None:
        if unit is Unit.LB:
            weight = round(load_kg * LB_PER_KG / 2.5) * 2.5  # plates in 2.5 lb steps
        else:
            weight = round(load_kg * 2) / 2
    return SetEntry(
        id=ids("set-"),
        exercise_id=move.exercise_id,
        side=side,
        reps=rng.randint(*move.reps),
        logged_at=moment,
        weight=weight,
        unit=unit,
        seconds=rng.choice((2, 3, 5)) if move.hold else None,
        rpe=None if warmup or rng.random() >= 0.25 else rng.choice((6.0, 7.0, 7.5, 8.0, 9.0)),
        set_type=SetType.WARMUP if warmup else SetType.WORKING,
    )


def write_store(path: Path, history: History) -> None:
    """Create a hipext store at ``path`` holding ``history`` (one bulk import)."""
    from hipext_tui.store.tinydb_store import Store

    store = Store.open(path)
    try:
        store.import_bundle(
            history.sessions, rest_days=history.rest_days, settings=history.settings
        )
    finally:
        store.close()


def write_empty_store(path: Path) -> None:
    """Create a new, empty hipext store at ``path`` (as a first run would)."""
    from hipext_tui.store.tinydb_store import Store

    Store.open(path).close()


def write_tinydb_baseline(path: Path, history: History) -> None:
    """The same sessions as documents of one TinyDB table, with the default JSONStorage."""
    from tinydb import TinyDB

    with TinyDB(path) as db:
        db.table("sessions").insert_multiple(s.to_dict() for s in history.sessions)


# ---------------------------------------------------------------------------------
# Hevy export

HEVY_HEADER = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)
# Hevy's own spellings; the one-sided moves sometimes carry the side in the name.
_HEVY_TITLES = {
    "single-leg-glute-bridge": "Single Leg Glute Bridge",
    "deadlift": "Deadlift (Kettlebell)",
    "kickstand-deadlift": "Kickstand Deadlift (Dumbbell)",
    "glute-bridge-walkout": "Glute Bridge Walkout",
    "barbell-romanian-deadlift": "Romanian Deadlift (Barbell)",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hevy_time(moment: datetime) -> str:
    """Hevy's time format, e.g. ``15 Sep 2025, 07:48`` (English months, any locale)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def hevy_rows(set_count: int = 7000, *, seed: int = SEED) -> Iterator[tuple[str, ...]]:
    """Rows of a Hevy export holding exactly ``set_count`` sets, workouts oldest first."""
    history = generate(years=4, seed=seed + 7)
    extra = random.Random(seed + 8)
    written = 0
    for session in history.sessions:
        if written >= set_count:
            return
        local_start = session.start.replace(tzinfo=None)
        end = (session.end or session.start).astimezone(session.start.tzinfo).replace(tzinfo=None)
        title = "Hip extension for runners" if session.routine_id else "Strength"
        with_sides = extra.random() < 0.5
        index: dict[str, int] = {}
        sets = list(session.sets)
        if extra.random() < 0.1:  # now and then a move from outside the catalog
            sets.append(
                SetEntry(
                    id="x",
                    exercise_id="hip-thrust",
                    side=Side.NONE,
                    reps=10,
                    logged_at=session.start,
                    weight=60.0,
                )
            )
        for entry in sets:
            if written >= set_count:
                return
            name = _HEVY_TITLES.get(entry.exercise_id, "Hip Thrust (Barbell)")
            if with_sides and entry.side is not Side.NONE:
                name = f"{name} ({entry.side.value.title()})"
            position = index.get(name, 0)
            index[name] = position + 1
            weight = entry.weight_in(Unit.KG) if entry.weight is not None else None
            yield (
                title,
                hevy_time(local_start),
                hevy_time(end),
                "",
                name,
                "",
                "",
                str(position),
                "warmup" if entry.is_warmup else "normal",
                "" if weight is None else f"{weight:.2f}".rstrip("0").rstrip("."),
                str(entry.reps),
                "",
                "" if entry.seconds is None else str(entry.seconds),
                "" if entry.rpe is None else f"{entry.rpe:g}",
            )
            written += 1


def write_hevy_csv(path: Path, set_count: int = 7000, *, seed: int = SEED) -> int:
    """Write a Hevy-format CSV of ``set_count`` sets; returns the number of set rows."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEVY_HEADER)
        for row in hevy_rows(set_count, seed=seed):
            writer.writerow(row)
            rows += 1
    return rows


def main() -> None:
    """Write a synthetic store (and optionally a Hevy CSV) from the command line."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--hevy", type=int, metavar="SETS", help="also write hevy.csv")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    history = generate(args.years)
    write_store(args.out / "hipext.json", history)
    print(f"{len(history.sessions)} sessions, {history.set_count} sets -> {args.out}")
    if args.hevy:
        rows = write_hevy_csv(args.out / "hevy.csv", args.hevy)
        print(f"{rows} Hevy rows -> {args.out / 'hevy.csv'}")


if __name__ == "__main__":
    main()
