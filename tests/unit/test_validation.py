"""Every message a user sees for a bad value, and the values that are accepted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from hipext_tui.domain.settings import Settings, validate_settings
from hipext_tui.domain.workout import (
    Session,
    SetEntry,
    Side,
    Unit,
    ValidationError,
    check_not_future,
    parse_reps,
    parse_rpe,
    parse_seconds,
    parse_side,
    parse_unit,
    parse_weight,
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "reps: enter a whole number from 1 to 1000"),
        ("abc", "reps: 'abc' is not a whole number (1 to 1000)"),
        ("8.5", "reps: '8.5' is not a whole number (1 to 1000)"),
        ("0", "reps: 0 is out of range (1 to 1000)"),
        ("-3", "reps: -3 is out of range (1 to 1000)"),
        ("1001", "reps: 1001 is out of range (1 to 1000)"),
    ],
)
def test_bad_reps_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_reps(text)
    assert str(err.value) == message


@pytest.mark.parametrize(("text", "value"), [("1", 1), (" 12 ", 12), ("13.0", 13), ("1000", 1000)])
def test_good_reps(text: str, value: int) -> None:
    assert parse_reps(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("42.5", 42.5), ("42,5", 42.5), ("0", 0.0), ("1000", 1000.0), ("", None)]
)
def test_weight_accepts_point_comma_and_blank(text: str, value: float | None) -> None:
    assert parse_weight(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("heavy", "weight: 'heavy' is not a number (0 to 1000)"),
        ("-5", "weight: -5 is out of range (0 to 1000)"),
        ("1000.5", "weight: 1000.5 is out of range (0 to 1000)"),
        ("nan", "weight: nan is out of range (0 to 1000)"),
    ],
)
def test_bad_weight(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_weight(text)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", "seconds: 'x' is not a whole number (1 to 3600)"),
        ("0", "seconds: 0 is out of range (1 to 3600)"),
        ("3601", "seconds: 3601 is out of range (1 to 3600)"),
        ("2.5", "seconds: '2.5' is not a whole number (1 to 3600)"),
    ],
)
def test_bad_seconds(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_seconds(text)
    assert str(err.value) == message


def test_seconds_and_rpe_accept_good_values() -> None:
    assert parse_seconds("30") == 30
    assert parse_seconds("") is None
    assert parse_rpe("7,5") == 7.5
    assert parse_rpe(None) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11", "RPE: 11 is out of range (1 to 10)"),
        ("hard", "RPE: 'hard' is not a number (1 to 10)"),
    ],
)
def test_bad_rpe(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_rpe(text)
    assert str(err.value) == message


def test_units_and_sides() -> None:
    assert parse_unit("LBS") is Unit.LB
    assert parse_side("L") is Side.LEFT
    assert parse_side(None) is Side.NONE
    with pytest.raises(ValidationError, match="unit: 'stone' is not kg or lb"):
        parse_unit("stone")
    with pytest.raises(ValidationError, match="side: 'middle' is not left, right or none"):
        parse_side("middle")


def test_future_timestamps_are_refused_but_clock_skew_is_tolerated() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert check_not_future(now + timedelta(seconds=30), now)
    with pytest.raises(ValidationError, match="is in the future"):
        check_not_future(now + timedelta(hours=1), now)


def test_settings_messages() -> None:
    good = Settings().to_dict()
    with pytest.raises(ValidationError, match=r"weekly goal: 9 is out of range \(1 to 7\)"):
        validate_settings(good | {"weekly_goal": 9})
    with pytest.raises(ValidationError, match="day start hour: 'x' is not a whole number"):
        validate_settings(good | {"day_start_hour": "x"})
    with pytest.raises(ValidationError, match="timezone: 'Mars/Base' is not a known IANA zone"):
        validate_settings(good | {"timezone": "Mars/Base"})
    with pytest.raises(ValidationError, match="week start: 'friday' is not monday or sunday"):
        validate_settings(good | {"week_start": "friday"})
    assert Settings.from_dict({"weekly_goal": 3, "unknown": 1}).weekly_goal == 3


def test_session_round_trips_through_its_stored_form() -> None:
    at = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    entry = SetEntry("set-1", "deadlift", Side.NONE, 10, at, weight=16.0)
    session = Session("ses-1", at, routine_id="hip-extension-for-runners", sets=(entry,))
    assert Session.from_dict(session.to_dict()) == session
    assert session.to_dict()["sets"][0]["at"] == "2026-03-29T01:30:00+01:00"


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"reps": "ten"}, "'reps' must be a whole number"),
        ({"at": "yesterday"}, "'at': 'yesterday' is not an ISO-8601 timestamp"),
        ({"at": "2026-01-01T10:00:00"}, "has no UTC offset"),
        ({"side": "up"}, "'side': 'up' is not left, right or none"),
    ],
)
def test_stored_set_with_a_bad_field_is_named(patch: dict[str, object], message: str) -> None:
    raw = {
        "id": "s",
        "exercise_id": "deadlift",
        "side": "none",
        "reps": 5,
        "at": "2026-01-01T10:00:00+00:00",
    }
    with pytest.raises(ValidationError, match=message):
        SetEntry.from_dict(raw | patch)
