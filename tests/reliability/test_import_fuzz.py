"""Fuzzing the importer: random rows in every format never crash it.

Each file is either imported, giving sets the store accepts, or refused with one
ImportFormatError line; no other exception ever escapes. Cells are drawn from a mix of
plausible values (so that many files get deep into the parser) and arbitrary text.
Set HIPEXT_LONG=1 for many more examples.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipext_tui.domain.catalog import Catalog, load_catalog
from hipext_tui.domain.exporters import CSV_COLUMNS
from hipext_tui.domain.importers import ImportFormatError, ImportPlan, decode, plan_import
from hipext_tui.domain.workout import Session, SetEntry

pytestmark = pytest.mark.reliability

EXAMPLES = 2000 if os.environ.get("HIPEXT_LONG") == "1" else 60
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CATALOG: Catalog = load_catalog()
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kathmandu"]

# Cells that look like what the apps write, including their edge cases.
numbers = st.sampled_from(["0", "0.0", "1", "8", "13.0", "12.5", "42,5", "-3", "1e9", "", "nan"])
stamps = st.sampled_from(
    [
        "2024-03-31 02:30:00",
        "2024-10-27 02:30:00",
        "2023-10-08 15:57:35",
        "15 Sep 2025, 07:48",
        "2 Mar 2025, 17:10",
        "2024-07-01T07:00:00",
        "1969-12-31 23:59:59",
        "2024-02-30 10:00:00",
        "",
    ]
)
names = st.sampled_from(
    [
        "Romanian Deadlift (Barbell)",
        "Deadlift (Barbell)",
        "Single Leg Glute Bridge (Left)",
        "Plank",
        "Rest Timer",
        "deadlift",
        "",
        "Évezés",
    ]
)
anything = st.text(max_size=12)

COLUMN_CELLS: dict[str, st.SearchStrategy[str]] = {
    "date": stamps,
    "start_time": stamps,
    "end_time": stamps,
    "duration": st.sampled_from(["1h 11m", "35m", "53h 35m", "4260", "", "0s", "1x"]),
    "duration (sec)": st.sampled_from(["2400", "0", "", "3000.0"]),
    "exercise name": names,
    "exercise_title": names,
    "set order": st.sampled_from(["1", "2", "W", "D", "F", "Rest Timer", "", "X"]),
    "set_type": st.sampled_from(["normal", "warmup", "failure", "dropset", "", "odd"]),
    "reps": numbers,
    "weight": numbers,
    "weight (kg)": numbers,
    "weight_kg": numbers,
    "weight_lbs": numbers,
    "seconds": st.sampled_from(["0", "45", "5400", "", "x"]),
    "duration_seconds": st.sampled_from(["0", "45", "5400", "", "x"]),
    "distance": numbers,
    "distance_km": numbers,
    "distance_miles": numbers,
    "distance (meters)": numbers,
    "rpe": st.sampled_from(["0", "8", "8.5", "11", ""]),
    # hipext CSV
    "session_id": st.sampled_from(["ses-a", "ses-b", "bad id", ""]),
    "set_id": st.sampled_from(["set-1", "set-2", "set-3", "x y"]),
    "session_start": st.sampled_from(["2024-06-01T07:00:00+02:00", "2024-06-01T07:00:00", "no"]),
    "session_end": st.sampled_from(["2024-06-01T07:40:00+02:00", "", "later"]),
    "logged_at": st.sampled_from(["2024-06-01T07:05:00+02:00", "2024-06-01 07:05", "?"]),
    "exercise_id": st.sampled_from(["deadlift", "step-up", "single-leg-glute-bridge", "a b"]),
    "side": st.sampled_from(["left", "right", "none", "", "up"]),
    "unit": st.sampled_from(["kg", "lb", "", "stone"]),
}

HEADERS = {
    "strong 2023-24": [
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
        "Workout Notes",
        "RPE",
    ],
    "strong 2025": [
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "RPE",
    ],
    "strong semicolon": [
        "Workout #",
        "Date",
        "Workout Name",
        "Duration (sec)",
        "Exercise Name",
        "Set Order",
        "Weight (kg)",
        "Reps",
        "RPE",
        "Distance (meters)",
        "Seconds",
        "Notes",
        "Workout Notes",
    ],
    "hevy kg": [
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
    ],
    "hevy lb": [
        "title",
        "start_time",
        "end_time",
        "description",
        "exercise_title",
        "superset_id",
        "exercise_notes",
        "set_index",
        "set_type",
        "weight_lbs",
        "reps",
        "distance_miles",
        "duration_seconds",
        "rpe",
    ],
    "hipext csv": list(CSV_COLUMNS),
}


def cell_for(column: str) -> st.SearchStrategy[str]:
    plausible = COLUMN_CELLS.get(column.lower(), st.sampled_from(["Hips", "", "a;b", 'say "hi"']))
    return st.one_of(plausible, plausible, plausible, anything)


@st.composite
def csv_files(draw: st.DrawFn, fmt: str) -> str:
    header = HEADERS[fmt]
    delimiter = ";" if fmt == "strong semicolon" else ","
    rows = draw(
        st.lists(st.tuples(*(cell_for(c) for c in header)), min_size=0, max_size=8).map(
            lambda r: [list(x) for x in r]
        )
    )
    for row in rows:  # now and then a row too short or too long
        if draw(st.integers(0, 9)) == 0:
            del row[draw(st.integers(0, len(row) - 1)) :]
        elif draw(st.integers(0, 9)) == 0:
            row.append(draw(anything))
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.integers(0, 9)) == 0:  # raw damage: a stray quote, a cut-off tail
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "", "\x00", "\u2028", "\r"])) + text[at:]
    return text


def check_plan(plan: ImportPlan) -> None:
    """Everything an import hands the store is something the store accepts."""
    session_ids = [s.id for s in plan.sessions]
    assert len(set(session_ids)) == len(session_ids)
    for session in plan.sessions:
        assert Session.from_dict(session.to_dict()) == session
        assert session.start.tzinfo is not None
        set_ids = [s.id for s in session.sets]
        assert len(set(set_ids)) == len(set_ids)
        for entry in session.sets:
            assert SetEntry.from_dict(entry.to_dict()) == entry
            assert 1 <= entry.reps <= 1000
            assert entry.seconds is None or 1 <= entry.seconds <= 3600
            assert entry.weight is None or 0 <= entry.weight <= 2000
            assert entry.rpe is None or 1 <= entry.rpe <= 10
    assert plan.set_count <= plan.rows


def attempt(text: str, zone: str, name: str = "fuzz.csv") -> None:
    try:
        plan = plan_import(text, name, catalog=CATALOG, zone=pendulum.timezone(zone))
    except ImportFormatError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message
        assert len(message) <= 300
        return
    check_plan(plan)


@pytest.mark.parametrize("fmt", sorted(HEADERS))
def test_random_rows_never_crash(fmt: str) -> None:
    @FUZZ
    @given(csv_files(fmt), st.sampled_from(ZONES))
    def check(text: str, zone: str) -> None:
        attempt(text, zone)

    check()


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.bin")
    except ImportFormatError:
        return
    attempt(text, "UTC")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
set_dicts = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["set-1", "set-2", ""]) | json_values,
        "exercise_id": st.sampled_from(["deadlift", "nope"]) | json_values,
        "side": st.sampled_from(["left", "none"]) | json_values,
        "reps": st.integers(-2, 1002) | json_values,
        "weight": st.floats(-1, 3000, allow_nan=False) | json_values,
        "unit": st.sampled_from(["kg", "lb"]) | json_values,
        "seconds": st.integers(-1, 4000) | json_values,
        "rpe": st.floats(0, 12) | json_values,
        "set_type": st.sampled_from(["working", "warmup"]) | json_values,
        "at": st.sampled_from(["2024-06-01T07:05:00+02:00", "2024-06-01T07:05:00"]) | json_values,
    },
)
session_dicts = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["ses-1", "ses-2"]) | json_values,
        "start": st.sampled_from(["2024-06-01T07:00:00+02:00", "x"]) | json_values,
        "end": st.sampled_from(["2024-06-01T08:00:00+02:00", None]) | json_values,
        "sets": st.lists(set_dicts, max_size=3) | json_values,
        "skipped": st.lists(st.text(max_size=4), max_size=2) | json_values,
        "notes": json_values,
    },
)


@FUZZ
@given(
    st.fixed_dictionaries(
        {"format": st.just("hipext"), "version": st.sampled_from([1, 1, 1, 2, 0, "1"])},
        optional={
            "sessions": st.lists(session_dicts, max_size=3) | json_values,
            "exercises": st.lists(json_values, max_size=2),
            "routines": st.lists(json_values, max_size=2),
            "rest_days": st.lists(
                st.sampled_from(["2024-01-01", "soon"]) | json_values, max_size=2
            ),
            "settings": st.dictionaries(
                st.sampled_from(["unit", "timezone", "weekly_goal", "bell"]), json_values
            )
            | json_values,
        },
    )
)
def test_random_hipext_json_never_crashes(document: dict[str, Any]) -> None:
    attempt(json.dumps(document), "UTC", "fuzz.json")
