"""Pauses: date ranges (a trip, an injury, a taper) that a streak steps over.

A paused day counts like a planned rest day: it neither breaks the daily streak nor
adds to it, and training on it still counts as training. A week with 4 or more paused
days neither breaks the weekly streak nor adds to it. The rules themselves are applied
in :mod:`hipext_tui.domain.streaks`; this module holds the ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from hipext_tui.domain.record import record
from hipext_tui.domain.workout import ValidationError

MAX_PAUSE_DAYS = 366
PAUSED_WEEK_DAYS = 4  # paused days that make a whole week paused


class PauseReason(StrEnum):
    """Why the training stops."""

    TRIP = "trip"
    INJURY = "injury"
    TAPER = "taper"
    OTHER = "other"


@record
class Pause:
    """The local dates ``start`` to ``end``, both included."""

    start: date
    end: date
    reason: PauseReason = PauseReason.OTHER

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"pause: ends {self.end.isoformat()}, before it starts {self.start.isoformat()}"
            )
        if (self.end - self.start).days >= MAX_PAUSE_DAYS:
            raise ValidationError(f"pause: at most {MAX_PAUSE_DAYS} days at a time")

    @property
    def length(self) -> int:
        """How many days the pause holds."""
        return (self.end - self.start).days + 1

    def days(self) -> list[date]:
        """Every date of the pause, in order."""
        return [self.start + timedelta(days=k) for k in range(self.length)]

    def overlaps(self, other: Pause) -> bool:
        """True when the two pauses share a day."""
        return self.start <= other.end and other.start <= self.end

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "reason": self.reason.value,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Pause:
        """Read the stored form; ValidationError names what is wrong."""
        if not isinstance(raw, Mapping):
            raise ValidationError("pause: expected an object")
        return cls(
            parse_day(raw.get("from"), "from"),
            parse_day(raw.get("to"), "to"),
            parse_reason(raw.get("reason", "other")),
        )


def parse_day(text: object, label: str) -> date:
    """A date typed as YYYY-MM-DD."""
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValidationError(f"{label}: '{text}' is not a date (YYYY-MM-DD)") from None


def parse_reason(text: object) -> PauseReason:
    """``trip``, ``injury``, ``taper`` or ``other``."""
    try:
        return PauseReason(str(text).strip().lower())
    except ValueError:
        known = ", ".join(r.value for r in PauseReason)
        raise ValidationError(f"reason: '{text}' is not one of {known}") from None


def paused_dates(pauses: Iterable[Pause]) -> set[date]:
    """Every paused date."""
    return {day for pause in pauses for day in pause.days()}


def first_overlap(pause: Pause, others: Iterable[Pause]) -> Pause | None:
    """The first of ``others`` sharing a day with ``pause``."""
    return next((p for p in others if p.overlaps(pause)), None)
