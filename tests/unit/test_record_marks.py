"""The records the guided view's "New record" compares with: kept up one set at a time,
and read from the store's record packs, they are what the earlier sets themselves give."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hipext_tui.domain.progress import (
    Records,
    is_new_record,
    mark_set,
    record_mark,
    records_beaten,
    records_for,
    with_set,
)
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.workouts import Workouts

START = datetime(2024, 3, 4, 7, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

# Weights in steps that make near ties (within the 0.01 tolerance) and kg/lb pairs.
weights = st.one_of(
    st.none(),
    st.sampled_from([0.0, 20.0, 20.005, 20.01, 20.015, 44.1, 45.0, 60.0, 60.004, 100.0]),
)
set_fields = st.tuples(
    st.integers(min_value=1, max_value=20),
    weights,
    st.sampled_from([Unit.KG, Unit.LB]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=90)),
    st.sampled_from([SetType.WORKING, SetType.WORKING, SetType.WARMUP]),
)


def entries(fields: list[tuple[int, float | None, Unit, int | None, SetType]]) -> list[SetEntry]:
    return [
        SetEntry(
            f"set-{i}",
            "deadlift",
            Side.NONE,
            reps,
            START + timedelta(minutes=i),
            weight=weight,
            unit=unit,
            seconds=seconds,
            set_type=kind,
        )
        for i, (reps, weight, unit, seconds, kind) in enumerate(fields)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(set_fields, max_size=25))
def test_records_kept_up_one_set_at_a_time_are_those_of_all_the_sets(fields: list) -> None:
    sets = entries(fields)
    kept = functools.reduce(with_set, sets, record_mark("deadlift", Side.NONE))
    assert kept == records_for(sets, Unit.KG, "deadlift", Side.NONE)


@settings(max_examples=300, deadline=None)
@given(st.lists(set_fields, min_size=1, max_size=25), st.sampled_from([Unit.KG, Unit.LB]))
def test_each_set_beats_what_all_the_sets_before_it_would_say(fields: list, unit: Unit) -> None:
    sets = entries(fields)
    marks: dict[tuple[str, Side], Records] = {}
    for i, entry in enumerate(sets):
        before = mark_set(marks, entry)
        assert records_beaten(before, entry, unit) == is_new_record(sets[:i], entry, unit)
    assert marks[("deadlift", Side.NONE)] == records_for(sets, Unit.KG, "deadlift", Side.NONE)


def logged(store: Store, day: int, *sets: tuple[str, Side, int, float | None]) -> None:
    start = START + timedelta(days=day)
    entries = tuple(
        SetEntry(f"s{day}-{n}", ex, side, reps, start + timedelta(minutes=n), weight=weight)
        for n, (ex, side, reps, weight) in enumerate(sets)
    )
    store.add_session(Session(id=f"ses-{day}", start=start, end=start, sets=entries))


def test_the_marks_from_the_store_are_the_records_of_its_sets(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    store = Store.open(db)
    bridge, kick = "single-leg-glute-bridge", "kickstand-deadlift"
    # Over three months: a two-sided move, a one-sided one, and a one-sided one that
    # also holds a set on no side (as an import from another app may).
    for day in range(0, 90, 3):
        load = 20.0 + day / 3
        logged(
            store,
            day,
            ("deadlift", Side.NONE, 10, load),
            ("deadlift", Side.NONE, 8 + day % 5, load + 2.5),
            (bridge, Side.LEFT, 10 + day % 4, None),
            (bridge, Side.RIGHT, 12 - day % 3, None),
            (kick, Side.LEFT, 8, load / 2),
            (kick, Side.RIGHT, 8, load / 2 + (day % 2)),
        )
    logged(store, 95, (kick, Side.NONE, 12, 30.0))
    store.close()

    workouts = Workouts.load(Store.open(db), tz_name="UTC", clock=lambda: NOW)
    marks = workouts.record_marks(["deadlift", bridge, kick, "glute-bridge-walkout"])
    every_set = [s for session in Store.open(db).sessions() for s in session.sets]

    assert set(marks) == {
        ("deadlift", Side.NONE),
        (bridge, Side.LEFT),
        (bridge, Side.RIGHT),
        (kick, Side.LEFT),
        (kick, Side.RIGHT),
        (kick, Side.NONE),
        ("glute-bridge-walkout", Side.NONE),  # no set yet: nothing to beat
    }
    for (exercise_id, side), mark in marks.items():
        truth = records_for(every_set, Unit.KG, exercise_id, side)
        assert (mark.sets, mark.heaviest, mark.best_e1rm, mark.longest_hold, mark.reps_at) == (
            truth.sets,
            truth.heaviest,
            truth.best_e1rm,
            truth.longest_hold,
            truth.reps_at,
        ), (exercise_id, side)
    # What a new set is told: a heavier deadlift beats the heaviest, a lighter one not.
    top = marks[("deadlift", Side.NONE)].heaviest
    assert top is not None and top.value == 51.5
    heavier = SetEntry("new-1", "deadlift", Side.NONE, 5, NOW, weight=55.0)
    lighter = SetEntry("new-2", "deadlift", Side.NONE, 5, NOW, weight=40.0)
    assert "heaviest" in records_beaten(marks[("deadlift", Side.NONE)], heavier, Unit.KG)
    assert records_beaten(marks[("deadlift", Side.NONE)], lighter, Unit.KG) == []
