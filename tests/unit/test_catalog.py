"""The built-in catalog: the five moves in routine order, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hipext_tui.domain.catalog import (
    Catalog,
    CatalogError,
    Exercise,
    Measure,
    load_catalog,
    slugify,
)
from hipext_tui.domain.workout import ValidationError

ROUTINE_ORDER = [
    "single-leg-glute-bridge",
    "deadlift",
    "kickstand-deadlift",
    "glute-bridge-walkout",
    "barbell-romanian-deadlift",
]


def test_builtin_catalog_has_the_five_moves_in_routine_order() -> None:
    catalog = load_catalog()
    assert [e.id for e in catalog.exercises] == ROUTINE_ORDER
    routine = catalog.routine("hip-extension-for-runners")
    assert routine.name == "Hip extension for runners"
    assert [i.exercise_id for i in routine.items] == ROUTINE_ORDER
    assert all(e.builtin and e.steps and e.cues and e.works for e in catalog.exercises)


def test_sides_and_measures_follow_the_source() -> None:
    catalog = load_catalog()
    one_sided = {e.id for e in catalog.exercises if e.one_sided}
    assert one_sided == {"single-leg-glute-bridge", "kickstand-deadlift"}
    rdl = catalog.exercise("barbell-romanian-deadlift")
    assert rdl.measure is Measure.TEMPO
    assert rdl.lower_seconds == 5


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("deadlift", "deadlift"),
        ("Kick", "kickstand-deadlift"),
        ("barbell", "barbell-romanian-deadlift"),
        ("romanian", "barbell-romanian-deadlift"),
    ],
)
def test_find_exercise_by_id_or_unambiguous_prefix(query: str, found: str) -> None:
    assert load_catalog().find_exercise(query).id == found


def test_ambiguous_and_unknown_names_are_explained() -> None:
    catalog = load_catalog()
    with pytest.raises(ValidationError, match="'bridge' is ambiguous"):
        catalog.find_exercise("bridge")
    with pytest.raises(ValidationError, match="no exercise matches 'squat'"):
        catalog.find_exercise("squat")


def test_user_entries_never_replace_builtins() -> None:
    catalog = load_catalog()
    impostor = Exercise(id="deadlift", name="Not a deadlift")
    mine = Exercise(id="hip-thrust", name="Hip thrust")
    merged = catalog.with_custom([impostor, mine], [])
    assert merged.exercise("deadlift").name == "Deadlift"
    assert merged.exercise("hip-thrust").builtin is False
    assert isinstance(merged, Catalog)


def _write(tmp_path: Path, payload: object) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_malformed_catalog_names_file_and_field(tmp_path: Path) -> None:
    good = json.loads((Path(__file__).parents[2] / "data" / "catalog.json").read_text())
    good["exercises"][1]["sides"] = "three"
    path = _write(tmp_path, good)
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert str(path) in str(err.value)
    assert "exercise 'deadlift'" in str(err.value)

    good["exercises"][1]["sides"] = "both"
    good["routines"][0]["items"][0]["sets"] = 0
    with pytest.raises(CatalogError, match="'sets' must be a whole number from 1 to 20"):
        load_catalog(_write(tmp_path, good))


def test_unreadable_catalog_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogError, match="not a readable JSON catalog"):
        load_catalog(path)
    with pytest.raises(CatalogError, match="catalog file not found"):
        load_catalog(tmp_path / "missing.json")


def test_slugify() -> None:
    assert slugify("Hip Thrust (Barbell)") == "hip-thrust-barbell"
    assert slugify("***") == "exercise"
