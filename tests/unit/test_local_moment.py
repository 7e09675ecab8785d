"""A wall-clock time on a day becomes one moment by pendulum's DST rules."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pendulum
import pytest

from hipext_tui.domain.backfill import parse_start
from hipext_tui.domain.days import local_moment, training_day

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("day", "hour", "minute", "shown"),
    [
        (date(2026, 6, 1), 7, 30, "2026-06-01T07:30:00+02:00"),  # summer, no change
        (date(2026, 3, 29), 2, 30, "2026-03-29T03:30:00+02:00"),  # skipped: moves forward
        (date(2026, 10, 25), 2, 30, "2026-10-25T02:30:00+01:00"),  # repeated: after the change
        (date(2026, 1, 5), 0, 0, "2026-01-05T00:00:00+01:00"),
    ],
)
def test_wall_time_to_moment(day: date, hour: int, minute: int, shown: str) -> None:
    moment = local_moment(day, hour, minute, PARIS)
    assert moment.isoformat() == shown
    by_pendulum = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz="Europe/Paris")
    assert moment.timestamp() == by_pendulum.timestamp()


def test_a_backfilled_start_in_a_dst_gap_lands_on_its_day() -> None:
    start = parse_start(date(2026, 3, 29), "02:15", PARIS)
    assert start.isoformat() == "2026-03-29T03:15:00+02:00"
    assert training_day(start, PARIS) == date(2026, 3, 29)
