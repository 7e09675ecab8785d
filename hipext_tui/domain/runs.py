"""Runs kept beside the strength history, and the weekly kilometres they add up to.

A :class:`Run` comes from a file a runner already has (:mod:`.runs_formats`). Its
``id`` is a stable hash of where it came from, so reading the same file again gives the
same ids and an import can skip what it already holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.record import record
from hipext_tui.domain.workout import EARLIEST_YEAR, LATEST_YEAR, ValidationError

if TYPE_CHECKING:
    from hipext_tui.domain.streaks import StreakRules

MAX_DISTANCE_KM = 1e6
MAX_MOVING_SECONDS = 10**9


@record
class Run:
    """One run: when it started (aware), its type as the source names it ("Run", "Trail
    Run", "running"), distance in km, moving time in seconds, and the file it came from."""

    id: str
    start: datetime
    kind: str
    distance_km: float
    moving_seconds: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.id,
            "start": self.start.isoformat(),
            "type": self.kind,
            "distance_km": self.distance_km,
            "moving_seconds": self.moving_seconds,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Run:
        """Read the stored form; ValidationError names the field."""
        try:
            start = datetime.fromisoformat(str(raw["start"]))
            distance = raw["distance_km"]
            moving = raw["moving_seconds"]
            if start.tzinfo is None:
                raise ValueError("start has no UTC offset")
            if not EARLIEST_YEAR <= start.year <= LATEST_YEAR:
                raise ValueError(
                    f"start {start.isoformat()} is out of range ({EARLIEST_YEAR} to {LATEST_YEAR})"
                )
            if isinstance(distance, bool) or not isinstance(distance, int | float):
                raise ValueError("'distance_km' must be a number")
            if isinstance(moving, bool) or not isinstance(moving, int):
                raise ValueError("'moving_seconds' must be a whole number")
            # The ranges of what the run importers accept (a NaN fails too).
            if not 0 <= distance < MAX_DISTANCE_KM:
                raise ValueError(f"'distance_km' {_short(distance)} is out of range")
            if not 0 <= moving < MAX_MOVING_SECONDS:
                raise ValueError(f"'moving_seconds' {_short(moving)} is out of range")
            if not str(raw["id"]):
                raise ValueError("'id' is empty")
            return cls(
                id=str(raw["id"]),
                start=start,
                kind=str(raw.get("type", "Run")),
                distance_km=float(distance),
                moving_seconds=moving,
                source=str(raw.get("source", "")),
            )
        except KeyError as exc:
            raise ValidationError(f"run: {exc} is missing") from None
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"run: {exc}") from None


def _short(value: float) -> str:
    """A number for a one-line message: a huge whole number is cut short."""
    text = str(value)
    return text if len(text) <= 13 else text[:10] + "..."


def run_id(source_key: str, activity_key: str) -> str:
    """The stable id of activity ``activity_key`` of source ``source_key``."""
    digest = hashlib.sha256(f"{source_key}#{activity_key}".encode()).hexdigest()
    return f"run-{digest[:20]}"


def is_run(kind: str) -> bool:
    """True for running activities ("Run", "Trail Run", "running", "Virtual Run")."""
    return "run" in kind.lower()


def weekly_km(runs: Iterable[Run], rules: StreakRules) -> dict[date, float]:
    """Kilometres per week, keyed by the week's first day in the user's zone, day-start
    hour and week start (the same weeks as the weekly streak); rounded to 0.1 km."""
    from hipext_tui.domain.days import training_day
    from hipext_tui.domain.streaks import week_start_of

    totals: dict[date, float] = {}
    for run in runs:
        day = training_day(run.start, rules.timezone, rules.day_start_hour)
        week = week_start_of(day, rules.week_start)
        totals[week] = totals.get(week, 0.0) + run.distance_km
    return {week: round(km, 1) for week, km in sorted(totals.items())}
