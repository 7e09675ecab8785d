"""Fuzzing the command line and the value parsers: no traceback, ever.

Whatever a user types, ``hipext`` answers with its output or one line on stderr and an
exit status of 0, 1 or 2; the parsers return a clean value or raise ValidationError.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipext_tui.cli import main
from hipext_tui.commands import common
from hipext_tui.domain.days import resolve_timezone, training_day
from hipext_tui.domain.workout import (
    ValidationError,
    parse_reps,
    parse_rpe,
    parse_seconds,
    parse_side,
    parse_unit,
    parse_weight,
)

pytestmark = pytest.mark.reliability

EXAMPLES = 1500 if os.environ.get("HIPEXT_LONG") == "1" else 80
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = pendulum.datetime(2026, 11, 25, 7, 30, tz="Europe/Paris")

# Pieces a user might type: real flags and values mixed with junk.
WORDS = st.sampled_from(
    [
        "log",
        "history",
        "streak",
        "rest",
        "exercises",
        "export",
        "import",
        "deadlift",
        "single",
        "bridge",
        "--reps",
        "--weight",
        "--unit",
        "--side",
        "--seconds",
        "--rpe",
        "--at",
        "--tz",
        "--json",
        "--since",
        "--as-of",
        "--on",
        "--weekly-goal",
        "--week-start",
        "--day-start-hour",
        "--remove",
        "--warmup",
        "left",
        "right",
        "kg",
        "lb",
        "10",
        "0",
        "-1",
        "42,5",
        "1e9",
        "nan",
        "inf",
        "2026-11-24",
        "2026-02-30",
        "2026-11-24T07:00",
        "Europe/Paris",
        "Mars/Base",
        "monday",
        "friday",
        "24",
        "",
        "--",
        "-x",
        "--help-me",
    ]
)
# Always a subcommand first: with none, hipext opens the terminal app, which is the UI
# tests' business, not this one's.
COMMANDS = st.sampled_from(["log", "history", "streak", "rest", "exercises", "export", "import"])
ARGV = st.builds(
    lambda command, rest: [command, *rest],
    COMMANDS,
    st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=7),
)


@contextlib.contextmanager
def _fixed_clock() -> Iterator[None]:
    def clock(tz: tzinfo) -> datetime:
        return NOW.in_timezone(tz)  # type: ignore[arg-type]

    common.set_clock(clock)
    try:
        yield
    finally:
        common.set_clock(None)


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse: --help, usage errors
            status = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    return status, err.getvalue()


@FUZZ
@given(argv=ARGV)
def test_any_command_line_gets_an_answer_not_a_traceback(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder, _fixed_clock():
        db = str(Path(folder) / "hipext.json")
        if "--help" in argv or "-h" in argv:
            return  # help text is long by design
        status, err = _run(["--db", db, *argv])
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in err
    assert "internal error" not in err, err
    assert len(err.strip().splitlines()) <= 1, err


@FUZZ
@given(text=st.one_of(st.text(max_size=10), st.integers().map(str), st.floats().map(str)))
def test_value_parsers_return_clean_values_or_explain(text: str) -> None:
    for parse in (parse_reps, parse_weight, parse_seconds, parse_rpe, parse_unit, parse_side):
        try:
            value = parse(text)
        except ValidationError as exc:
            message = str(exc)
            assert message and "\n" not in message
            continue
        if parse is parse_reps:
            assert isinstance(value, int) and 1 <= value <= 1000
        elif parse is parse_weight and value is not None:
            assert isinstance(value, float) and 0 <= value <= 1000
        elif parse is parse_seconds and value is not None:
            assert isinstance(value, int) and 1 <= value <= 3600
        elif parse is parse_rpe and value is not None:
            assert isinstance(value, float) and 1 <= value <= 10


ZONES = st.sampled_from(
    ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]
)


@FUZZ
@given(
    zone=ZONES,
    moment=st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2037, 12, 31),
        timezones=ZONES.map(resolve_timezone),
        allow_imaginary=False,  # wall times skipped by a DST change name no instant
    ),
    hour=st.integers(0, 23),
)
def test_training_day_is_the_local_date_shifted_by_the_day_start(
    zone: str, moment: datetime, hour: int
) -> None:
    tz = resolve_timezone(zone)
    local = pendulum.instance(moment).in_timezone(zone)
    # A training day shifts the wall clock back by the day-start hour.
    assert training_day(moment, tz, hour) == local.naive().subtract(hours=hour).date()
