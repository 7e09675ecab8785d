"""Reading Strong, Hevy and hipext files into an import plan (pure: no store, no CLI)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum
import pytest

from hipext_tui.domain.catalog import Catalog, Exercise, Measure, Sides, load_catalog
from hipext_tui.domain.exercise_map import catalog_match, split_side
from hipext_tui.domain.importers import (
    SKIP_CARDIO,
    SKIP_EMPTY,
    SKIP_REST,
    ImportFormatError,
    ImportPlan,
    decode,
    plan_import,
)
from hipext_tui.domain.workout import SetType, Side, Unit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# A real export from the Strong app (2023-24 comma format), copied unchanged.
STRONG_REAL = FIXTURES / "strong_export.csv"

BERLIN = pendulum.timezone("Europe/Berlin")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def plan_file(path: Path, catalog: Catalog, **options: object) -> ImportPlan:
    text = decode(path.read_bytes(), path.name)
    kwargs: dict[str, object] = {"catalog": catalog, "zone": BERLIN} | options
    return plan_import(text, path.name, **kwargs)  # type: ignore[arg-type]


def plan_text(text: str, catalog: Catalog, **options: object) -> ImportPlan:
    kwargs: dict[str, object] = {"catalog": catalog, "zone": BERLIN} | options
    return plan_import(text, "test.csv", **kwargs)  # type: ignore[arg-type]


def all_sets(plan: ImportPlan) -> list[tuple[str, Side, SetType, int, float | None]]:
    return [
        (s.exercise_id, s.side, s.set_type, s.reps, s.weight)
        for session in plan.sessions
        for s in session.sets
    ]


# ---------------------------------------------------------------------------
# The real Strong export (2023-24 comma format)


def test_real_strong_file_counts(catalog: Catalog) -> None:
    plan = plan_file(STRONG_REAL, catalog, zone=pendulum.timezone("Europe/Budapest"))
    assert plan.source == "Strong CSV (comma, 2023-24)"
    assert len(plan.sessions) == 95
    assert plan.rows == 1343
    # One row is an empty set (0 kg, 0 reps, no time or distance): it is skipped.
    assert plan.set_count == 1342
    assert plan.skipped == ((SKIP_EMPTY, 1),)
    assert plan.first_start is not None and plan.last_start is not None
    assert plan.first_start.date() == date(2023, 10, 8)
    assert plan.last_start.date() == date(2024, 4, 18)
    assert plan.first_start.isoformat() == "2023-10-08T15:57:35+02:00"
    assert plan.unit is Unit.KG  # the header does not say; the default is kg
    assert {s.unit for p in plan.sessions for s in p.sets} == {Unit.KG}
    # The file has no warm-ups and no hip-extension moves from the catalog.
    assert not any(s.is_warmup for p in plan.sessions for s in p.sets)
    assert plan.mapped == ()
    names = {e.name: e.id for e in plan.new_exercises}
    assert len(names) == 40
    # A barbell deadlift is not the catalog's kettlebell deadlift.
    assert names["Deadlift (Barbell)"] == "deadlift-barbell"
    assert names["Waiter's curls"] == "waiter-s-curls"
    assert names["Straight arm pushdown"] == "straight-arm-pushdown"  # trailing blank gone


def test_real_strong_file_sets_and_times(catalog: Catalog) -> None:
    plan = plan_file(STRONG_REAL, catalog, zone=pendulum.timezone("Europe/Budapest"))
    first = plan.sessions[0]
    assert first.notes == ""
    assert first.end is not None and first.end.isoformat() == "2023-10-08T17:08:35+02:00"
    # Sets are spread over the 1h 11m workout, in file order, the last at its end.
    assert [s.logged_at for s in first.sets] == sorted(s.logged_at for s in first.sets)
    assert first.sets[-1].logged_at == first.end
    assert (first.sets[0].exercise_id, first.sets[0].reps, first.sets[0].weight) == (
        "deadlift-barbell",
        8,
        50.0,
    )
    # Bodyweight moves have weight 0 in the file: stored as no weight.
    push_ups = [s for p in plan.sessions for s in p.sets if s.exercise_id == "push-up"]
    assert push_ups and all(s.weight is None for s in push_ups)
    # RPE 0 means "not recorded" in Strong.
    assert all(s.rpe is None for p in plan.sessions for s in p.sets)
    # A winter session carries the winter offset.
    assert any(p.start.isoformat().endswith("+01:00") for p in plan.sessions)


def test_ids_are_stable_across_reads(catalog: Catalog) -> None:
    one = plan_file(STRONG_REAL, catalog)
    two = plan_file(STRONG_REAL, catalog)
    assert [s.id for s in one.sessions] == [s.id for s in two.sessions]
    assert [x.id for s in one.sessions for x in s.sets] == [
        x.id for s in two.sessions for x in s.sets
    ]
    ids = [x.id for s in one.sessions for x in s.sets]
    assert len(set(ids)) == len(ids)


# ---------------------------------------------------------------------------
# Small fixtures, one per format


def test_strong_semicolon(catalog: Catalog) -> None:
    plan = plan_file(FIXTURES / "strong_semicolon.csv", catalog)
    assert plan.source == "Strong CSV (semicolon)"
    assert plan.unit is Unit.KG
    assert len(plan.sessions) == 2
    assert plan.skipped == ((SKIP_CARDIO, 1),)
    hips = plan.sessions[0]
    assert hips.start.isoformat() == "2022-05-03T07:15:00+02:00"
    assert hips.end is not None and hips.end.isoformat() == "2022-05-03T07:55:00+02:00"
    assert hips.notes == "Felt good; slept well"
    assert all_sets(plan)[:5] == [
        ("barbell-romanian-deadlift", Side.NONE, SetType.WARMUP, 10, 20.0),
        ("barbell-romanian-deadlift", Side.NONE, SetType.WORKING, 8, 42.5),  # "42,5"
        ("barbell-romanian-deadlift", Side.NONE, SetType.WORKING, 8, 42.5),
        ("single-leg-glute-bridge", Side.NONE, SetType.WORKING, 12, None),
        ("plank", Side.NONE, SetType.WORKING, 1, None),
    ]
    assert [s.rpe for s in hips.sets[:3]] == [None, 8.0, 8.5]
    plank = hips.sets[4]
    assert (plank.reps, plank.seconds) == (1, 60)  # a timed row becomes a one-rep hold
    assert dict(plan.mapped) == {
        "Glute Bridge (Single Leg)": "single-leg-glute-bridge",
        "Romanian Deadlift (Barbell)": "barbell-romanian-deadlift",
    }
    new = {e.id: e for e in plan.new_exercises}
    assert set(new) == {"plank", "hip-thrust-barbell"}
    assert new["plank"].measure is Measure.HOLD
    assert new["hip-thrust-barbell"].measure is Measure.REPS


def test_strong_2025(catalog: Catalog) -> None:
    plan = plan_file(FIXTURES / "strong_2025.csv", catalog)
    assert plan.source == "Strong CSV (comma, 2025)"
    assert plan.skipped == ((SKIP_REST, 1),)
    morning, evening = plan.sessions
    assert morning.end is not None and (morning.end - morning.start).total_seconds() == 35 * 60
    assert evening.end is not None and (evening.end - evening.start).total_seconds() == 65 * 60
    assert all_sets(plan) == [
        ("deadlift", Side.NONE, SetType.WARMUP, 10, 12.0),
        ("deadlift", Side.NONE, SetType.WORKING, 13, 24.0),  # "13.0" reps
        ("deadlift", Side.NONE, SetType.WORKING, 12, 24.0),
        ("single-leg-glute-bridge", Side.LEFT, SetType.WORKING, 12, None),
        ("single-leg-glute-bridge", Side.RIGHT, SetType.WORKING, 12, None),
        ("deadlift-barbell", Side.NONE, SetType.WORKING, 8, 60.0),  # D: drop set
        ("deadlift-barbell", Side.NONE, SetType.WORKING, 5, 60.0),  # F: failure
        ("deadlift", Side.NONE, SetType.WORKING, 10, 20.0),  # Deadlift (Dumbbell)
        ("glute-bridge-walkout", Side.NONE, SetType.WORKING, 8, None),
    ]
    assert [e.id for e in plan.new_exercises] == ["deadlift-barbell"]


def test_hevy_kg(catalog: Catalog) -> None:
    plan = plan_file(FIXTURES / "hevy_kg.csv", catalog)
    assert plan.source == "Hevy CSV (kg)"
    assert plan.unit is Unit.KG
    assert plan.skipped == ((SKIP_CARDIO, 1),)
    hip_day, easy = plan.sessions
    assert hip_day.start.isoformat() == "2025-09-15T07:48:00+02:00"
    assert hip_day.end is not None and hip_day.end.isoformat() == "2025-09-15T08:31:00+02:00"
    assert hip_day.notes == "Legs heavy, ok"
    assert [(s.set_type, s.reps, s.weight) for s in hip_day.sets[:4]] == [
        (SetType.WARMUP, 10, 10.0),
        (SetType.WORKING, 10, 22.5),
        (SetType.WORKING, 9, 22.5),  # failure
        (SetType.WORKING, 12, 15.0),  # dropset
    ]
    assert {s.exercise_id for s in hip_day.sets[:4]} == {"barbell-romanian-deadlift"}
    plank = hip_day.sets[4]
    assert (plank.exercise_id, plank.reps, plank.seconds, plank.weight) == ("plank", 1, 45, None)
    assert easy.sets[0].exercise_id == "kickstand-deadlift"
    assert [e.id for e in plan.new_exercises] == ["plank", "bulgarian-split-squat-dumbbell"]


def test_hevy_lb(catalog: Catalog) -> None:
    plan = plan_file(FIXTURES / "hevy_lb.csv", catalog)
    assert plan.source == "Hevy CSV (lb)"
    assert plan.unit is Unit.LB
    (session,) = plan.sessions
    assert [(s.exercise_id, s.weight, s.unit) for s in session.sets] == [
        ("barbell-romanian-deadlift", 95.0, Unit.LB),
        ("barbell-romanian-deadlift", 135.0, Unit.LB),
        ("leg-press-machine", 1100.0, Unit.LB),  # heavier than a typed set may be
    ]
    assert session.sets[1].rpe == 7.5
    assert plan.skipped == ((SKIP_CARDIO, 1),)


def test_hipext_csv(catalog: Catalog) -> None:
    plan = plan_file(FIXTURES / "hipext.csv", catalog)
    assert plan.source == "hipext CSV"
    first, second = plan.sessions
    assert first.id == "ses-aaaaaaaaaaaa"
    assert first.routine_id == "hip-extension-for-runners"
    assert first.notes == "Windy, tired"
    assert [(s.id, s.side, s.set_type, s.seconds) for s in first.sets[:3]] == [
        ("set-aaaaaaaaaaa1", Side.LEFT, SetType.WORKING, 2),
        ("set-aaaaaaaaaaa2", Side.RIGHT, SetType.WORKING, 2),
        ("set-aaaaaaaaaaa3", Side.NONE, SetType.WARMUP, None),
    ]
    assert first.sets[3].rpe == 7.5
    assert second.sets[0].unit is Unit.LB
    (step_up,) = plan.new_exercises
    assert (step_up.id, step_up.name, step_up.sides) == ("step-up", "Step-up (box)", Sides.EACH)


def test_custom_exercise_already_stored_is_not_created_again(catalog: Catalog) -> None:
    mine = catalog.with_custom([Exercise(id="plank", name="Plank")], [])
    plan = plan_file(FIXTURES / "strong_semicolon.csv", mine)
    assert [e.id for e in plan.new_exercises] == ["hip-thrust-barbell"]
    # The same name under another id is found by name.
    mine = catalog.with_custom([Exercise(id="my-plank", name="plank")], [])
    plan = plan_file(FIXTURES / "strong_semicolon.csv", mine)
    assert "my-plank" in {s.exercise_id for p in plan.sessions for s in p.sets}


def test_unit_flag(catalog: Catalog) -> None:
    text = (FIXTURES / "strong_2025.csv").read_text()
    assert plan_text(text, catalog).unit is Unit.KG
    assert plan_text(text, catalog, unit=Unit.LB).unit is Unit.LB
    assert plan_text(text, catalog, default_unit=Unit.LB).unit is Unit.LB
    # A header that names its unit wins over the default, and contradicting it is an error.
    hevy = (FIXTURES / "hevy_kg.csv").read_text()
    assert plan_text(hevy, catalog, default_unit=Unit.LB).unit is Unit.KG
    with pytest.raises(ImportFormatError, match="weights are in kg"):
        plan_text(hevy, catalog, unit=Unit.LB)


def test_forced_format_must_match(catalog: Catalog) -> None:
    text = (FIXTURES / "hevy_kg.csv").read_text()
    assert plan_text(text, catalog, fmt="hevy").source == "Hevy CSV (kg)"
    with pytest.raises(ImportFormatError, match="not strong"):
        plan_text(text, catalog, fmt="strong")


# ---------------------------------------------------------------------------
# Wall-clock times across DST


STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\n"
)


def test_dst_gap_moves_forward_and_ambiguous_takes_standard_time(catalog: Catalog) -> None:
    text = (
        STRONG_HEADER + "2024-03-31 02:30:00,Gap,10m,Squat,1,20,5,0,0,\n"
        "2024-10-27 02:30:00,Twice,10m,Squat,1,20,5,0,0,\n"
    )
    gap, twice = plan_text(text, catalog).sessions
    assert gap.start.isoformat() == "2024-03-31T03:30:00+02:00"
    assert twice.start.isoformat() == "2024-10-27T02:30:00+01:00"


def test_zone_decides_offset(catalog: Catalog) -> None:
    text = STRONG_HEADER + "2024-07-01 07:00:00,Hips,10m,Squat,1,20,5,0,0,\n"
    ny = plan_text(text, catalog, zone=pendulum.timezone("America/New_York"))
    assert ny.sessions[0].start.isoformat() == "2024-07-01T07:00:00-04:00"
    # The wall-clock start decides the id, so the zone does not make a second copy.
    assert ny.sessions[0].id == plan_text(text, catalog).sessions[0].id


# ---------------------------------------------------------------------------
# Rows that hold no set, and cells that are blank


def test_zero_rep_rows(catalog: Catalog) -> None:
    text = STRONG_HEADER + (
        "2024-07-01 07:00:00,W,10m,Plank,1,0,0,0,45,\n"  # hold: 1 rep of 45 s
        "2024-07-01 07:00:00,W,10m,Run,1,0,0,3.2,1200,\n"  # cardio: skipped
        "2024-07-01 07:00:00,W,10m,Bike,1,0,0,0,5400,\n"  # 90 minutes: skipped
        "2024-07-01 07:00:00,W,10m,Squat,1,0,0,0,0,\n"  # empty: skipped
        "2024-07-01 07:00:00,W,10m,Squat,2,,,,,\n"  # blank cells: empty
    )
    plan = plan_text(text, catalog)
    assert all_sets(plan) == [("plank", Side.NONE, SetType.WORKING, 1, None)]
    assert plan.sessions[0].sets[0].seconds == 45
    assert dict(plan.skipped) == {SKIP_CARDIO: 2, SKIP_EMPTY: 2}
    assert plan.rows == 5
    # Only exercises that keep a set are created.
    assert [e.id for e in plan.new_exercises] == ["plank"]


def test_header_only_file_is_an_empty_plan(catalog: Catalog) -> None:
    plan = plan_text(STRONG_HEADER, catalog)
    assert plan.sessions == () and plan.rows == 0


def test_bom_and_crlf(catalog: Catalog) -> None:
    raw = ("\ufeff" + STRONG_HEADER + "2024-07-01 07:00:00,W,10m,Squat,1,20,5,0,0,\n").replace(
        "\n", "\r\n"
    )
    text = decode(raw.encode("utf-8"), "x.csv")
    assert plan_text(text, catalog).set_count == 1


# ---------------------------------------------------------------------------
# Errors: one line naming the file and the line


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("strong_bad_reps.csv", "strong_bad_reps.csv line 4: reps 'abc' is not a whole number"),
        (
            "strong_decimal_reps.csv",
            "strong_decimal_reps.csv line 4: reps '12.5' is not a whole number",
        ),
        (
            "strong_bad_date.csv",
            "strong_bad_date.csv line 3: date '08/10/2023 at 3pm' is not a date and time",
        ),
        ("strong_short_row.csv", "strong_short_row.csv line 4: 5 cells where the header has 12"),
        (
            "strong_missing_column.csv",
            "strong_missing_column.csv: looks like a Strong CSV (comma, 2025) export "
            "but has no 'reps' column",
        ),
        ("unknown_header.csv", "unknown_header.csv: unknown header 'day,activity,load,count'"),
        ("empty.csv", "empty.csv: the file is empty"),
        ("not_utf8.csv", "not_utf8.csv: not UTF-8 text (byte 0xe9"),
    ],
)
def test_malformed_fixtures(catalog: Catalog, fixture: str, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        plan_file(FIXTURES / fixture, catalog)
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text


def test_unknown_header_lists_the_formats(catalog: Catalog) -> None:
    with pytest.raises(ImportFormatError) as caught:
        plan_file(FIXTURES / "unknown_header.csv", catalog)
    for known in ("hipext", "Strong", "Hevy"):
        assert known in str(caught.value)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2024-07-01 07:00:00,W,10m,Squat,X,20,5,0,0,", "set order 'x' is not a number, W, D or F"),
        ("2024-07-01 07:00:00,W,10m,Squat,1,heavy,5,0,0,", "weight 'heavy' is not a number"),
        ("2024-07-01 07:00:00,W,10m,Squat,1,-5,5,0,0,", "weight -5 is out of range"),
        ("2024-07-01 07:00:00,W,10m,Squat,1,20,5,0,0,11", "RPE 11 is out of range (1 to 10)"),
        ("2024-07-01 07:00:00,W,10m,Squat,1,20,-1,0,0,", "reps -1 is out of range"),
        ("2024-07-01 07:00:00,W,ages,Squat,1,20,5,0,0,", "duration 'ages' is not like"),
        ("2024-07-01 07:00:00,W,10m,,1,20,5,0,0,", "the exercise name is blank"),
        (",W,10m,Squat,1,20,5,0,0,", "date is blank"),
        (
            "1800-07-01 07:00:00,W,10m,Squat,1,20,5,0,0,",
            "date '1800-07-01 07:00:00' is out of range",
        ),
    ],
)
def test_bad_cells(catalog: Catalog, row: str, problem: str) -> None:
    text = STRONG_HEADER + "2024-07-01 06:00:00,W,10m,Squat,1,20,5,0,0,\n" + row + "\n"
    with pytest.raises(ImportFormatError) as caught:
        plan_text(text, catalog)
    assert str(caught.value).startswith(f"test.csv line 3: {problem}")


def test_line_numbers_count_quoted_line_breaks(catalog: Catalog) -> None:
    header = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Notes\n"
    text = header + (
        '2024-07-01 07:00:00,W,10m,Squat,1,20,5,"two\nlines"\n'
        "2024-07-01 07:00:00,W,10m,Squat,2,20,five,\n"
    )
    with pytest.raises(ImportFormatError, match=r"^test\.csv line 4: reps 'five'"):
        plan_text(text, catalog)


def test_hevy_bad_set_type(catalog: Catalog) -> None:
    lines = (FIXTURES / "hevy_kg.csv").read_text().splitlines()
    lines[2] = lines[2].replace('"normal"', '"superset"')
    with pytest.raises(ImportFormatError, match=r"line 3: set_type 'superset' is not normal"):
        plan_text("\n".join(lines), catalog)


def test_hipext_csv_errors(catalog: Catalog) -> None:
    lines = (FIXTURES / "hipext.csv").read_text().splitlines()
    duplicate = [*lines, lines[1]]
    with pytest.raises(ImportFormatError, match=r"line 7: set_id 'set-aaaaaaaaaaa1' appears twice"):
        plan_text("\n".join(duplicate), catalog)
    bad_side = [lines[0], lines[1].replace(",left,", ",middle,")]
    with pytest.raises(ImportFormatError, match=r"line 2: 'middle' is not a valid Side"):
        plan_text("\n".join(bad_side), catalog)


def test_hipext_json_errors(catalog: Catalog) -> None:
    with pytest.raises(ImportFormatError, match="newer than this hipext reads"):
        plan_text('{"format": "hipext", "version": 2}', catalog)
    with pytest.raises(ImportFormatError, match="not a hipext export"):
        plan_text('{"sessions": []}', catalog)
    with pytest.raises(ImportFormatError, match=r"test\.csv line 2: not valid JSON"):
        plan_text('{"format": "hipext",\n "version": }', catalog)
    bad = '{"format": "hipext", "version": 1, "sessions": [{"id": "s", "start": "yesterday"}]}'
    with pytest.raises(ImportFormatError, match="session 1: session 's': 'start'"):
        plan_text(bad, catalog)


# ---------------------------------------------------------------------------
# Names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Romanian Deadlift (Barbell)", "barbell-romanian-deadlift"),
        ("Romanian Deadlift (Dumbbell)", "barbell-romanian-deadlift"),
        ("RDL", "barbell-romanian-deadlift"),
        ("Deadlift (Kettlebell)", "deadlift"),
        ("Deadlift (Dumbbell)", "deadlift"),
        ("deadlift (dumbell)", "deadlift"),
        ("Deadlift (Barbell)", None),
        ("Sumo Deadlift (Barbell)", None),
        ("Single Leg Romanian Deadlift (Dumbbell)", None),
        ("Glute Bridge (Single Leg)", "single-leg-glute-bridge"),
        ("Single Leg Glute Bridge", "single-leg-glute-bridge"),
        ("Single-leg glute bridge", "single-leg-glute-bridge"),
        ("Glute Bridge", None),
        ("Hip Thrust (Barbell)", None),
        ("Kickstand RDL", "kickstand-deadlift"),
        ("B-Stance Romanian Deadlift (Dumbbell)", "kickstand-deadlift"),
        ("Glute bridge walk-out", "glute-bridge-walkout"),
    ],
)
def test_catalog_match(name: str, expected: str | None) -> None:
    assert catalog_match(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Single Leg Glute Bridge (Left)", ("Single Leg Glute Bridge", Side.LEFT)),
        ("Kickstand Deadlift - R", ("Kickstand Deadlift", Side.RIGHT)),
        ("Lunge right", ("Lunge", Side.RIGHT)),
        ("Lunge (L)", ("Lunge", Side.LEFT)),
        ("Hack Squat", ("Hack Squat", Side.NONE)),
        ("Curl", ("Curl", Side.NONE)),  # ends in "l", which alone is no side
        ("Right", ("Right", Side.NONE)),
    ],
)
def test_split_side(name: str, expected: tuple[str, Side]) -> None:
    assert split_side(name) == expected
