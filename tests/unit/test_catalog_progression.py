"""Rep ranges and load steps in the catalog: defaults, validation, old files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hipext_tui.domain.catalog import (
    CatalogError,
    Exercise,
    Routine,
    RoutineItem,
    builtin_catalog_path,
    load_catalog,
)
from hipext_tui.domain.settings import Settings, validate_settings
from hipext_tui.domain.workout import Unit, ValidationError


def test_built_in_routine_is_8_to_12_from_todays_numbers() -> None:
    routine = load_catalog().routine("hip-extension-for-runners")
    assert [i.rep_range for i in routine.items] == [(8, 12)] * 5
    assert [i.reps for i in routine.items] == [10, 10, 8, 6, 8]


@pytest.mark.parametrize(
    ("exercise_id", "kg", "lb"),
    [
        ("deadlift", 4, 5),
        ("kickstand-deadlift", 4, 5),
        ("barbell-romanian-deadlift", 2.5, 5),
        ("single-leg-glute-bridge", 2, 5),
    ],
)
def test_built_in_load_steps(exercise_id: str, kg: float, lb: float) -> None:
    exercise = load_catalog().exercise(exercise_id)
    assert (exercise.load_step(Unit.KG), exercise.load_step(Unit.LB)) == (kg, lb)


@pytest.mark.parametrize(
    ("equipment", "kg"),
    [(("Dumbbells",), 2), (("Kettlebell",), 4), (("Barbell", "Rack"), 2.5), ((), 2)],
)
def test_default_load_step_by_equipment(equipment: tuple[str, ...], kg: float) -> None:
    exercise = Exercise("x", "X", equipment=equipment)
    assert exercise.load_step(Unit.KG) == kg
    assert exercise.load_step(Unit.LB) == 5


@pytest.mark.parametrize(("reps", "expected"), [(10, (8, 12)), (6, (6, 12)), (15, (8, 15))])
def test_an_old_item_gets_8_to_12_widened_to_its_reps(reps: int, expected: tuple[int, int]) -> None:
    item = RoutineItem.from_dict({"exercise_id": "deadlift", "reps": reps}, "item")
    assert item.rep_range == expected
    assert "rep_min" not in item.to_dict()  # an old item is written back unchanged


def test_new_fields_round_trip() -> None:
    item = RoutineItem("deadlift", reps=6, rep_min=5, rep_max=8)
    assert RoutineItem.from_dict(item.to_dict(), "item") == item
    exercise = Exercise("x", "X", load_step_kg=1.25, load_step_lb=2.5)
    assert Exercise.from_dict(exercise.to_dict()) == exercise
    assert "load_step_kg" not in Exercise("y", "Y").to_dict()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rep_min": 12, "rep_max": 8}, "'rep_min' (12) is above 'rep_max' (8)"),
        ({"rep_min": 8}, "give both 'rep_min' and 'rep_max', or neither"),
        ({"rep_max": 8}, "give both 'rep_min' and 'rep_max', or neither"),
        ({"rep_min": 0, "rep_max": 8}, "'rep_min' must be a whole number from 1 to 1000"),
        ({"rep_min": 8, "rep_max": "12"}, "'rep_max' must be a whole number from 1 to 1000"),
        ({"rep_min": True, "rep_max": 12}, "'rep_min' must be a whole number"),
    ],
)
def test_bad_rep_ranges_are_named(fields: dict[str, Any], message: str) -> None:
    raw = {"id": "r", "name": "R", "items": [{"exercise_id": "deadlift", **fields}]}
    with pytest.raises(CatalogError) as caught:
        Routine.from_dict(raw)
    assert str(caught.value).startswith("routine 'r' item 1: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("value", [0, -2, 101, "4", True, float("nan")])
def test_bad_load_steps_are_named(value: object) -> None:
    with pytest.raises(CatalogError) as caught:
        Exercise.from_dict({"id": "x", "name": "X", "load_step_kg": value})
    assert str(caught.value) == (
        "exercise 'x': 'load_step_kg' must be a number above 0 and at most 100"
    )


def test_a_catalog_file_with_a_bad_range_names_the_file(tmp_path: Path) -> None:
    raw = json.loads(builtin_catalog_path().read_text(encoding="utf-8"))
    raw["routines"][0]["items"][1]["rep_min"] = 20
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == (
        f"{path}: routine 'hip-extension-for-runners' item 2: "
        "'rep_min' (20) is above 'rep_max' (12)"
    )


def test_suggestions_setting() -> None:
    assert Settings().suggestions is True
    assert Settings.from_dict({}).suggestions is True  # a store written before the setting
    off = Settings(suggestions=False)
    assert Settings.from_dict(off.to_dict()) == off
    with pytest.raises(ValidationError, match="suggestions: must be true or false"):
        Settings.from_dict({"suggestions": "no"})
    form = {k: v for k, v in Settings().to_dict().items() if k != "suggestions"}
    assert validate_settings(form).suggestions is True
