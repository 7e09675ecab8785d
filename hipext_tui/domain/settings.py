"""User settings, stored in the store and edited from the settings screen or flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from hipext_tui.domain.record import record
from hipext_tui.domain.workout import Unit, ValidationError

WEEK_STARTS = ("monday", "sunday")
THEMES = ("default", "high-contrast", "ansi-dark", "ansi-light")


@record
class Settings:
    """Everything a user can change; the defaults are what a new store starts with.

    ``timezone`` empty means "the system zone".
    """

    unit: Unit = Unit.KG
    timezone: str = ""
    week_start: str = "monday"
    day_start_hour: int = 0
    weekly_goal: int = 2
    rest_seconds: int = 60
    bell: bool = True
    theme: str = "default"
    balance_threshold: int = 10  # percent gap between sides that gets flagged
    suggestions: bool = True  # prefill the next set from the progression rule
    ascii: bool = False  # draw marks in plain ASCII (old terminals, missing glyphs)

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"unit": self.unit.value}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Settings:
        """Read and validate; unknown keys are ignored, missing keys take defaults."""
        base = cls()
        values = {f.name: raw.get(f.name, getattr(base, f.name)) for f in fields(cls)}
        return validate_settings(values)


def validate_settings(values: Mapping[str, Any]) -> Settings:
    """Check each value and build Settings; ValidationError names the first bad one."""
    try:
        unit = Unit(str(values["unit"]))
    except ValueError:
        raise ValidationError(f"unit: '{values['unit']}' is not kg or lb") from None
    week_start = str(values["week_start"]).lower()
    if week_start not in WEEK_STARTS:
        raise ValidationError(f"week start: '{values['week_start']}' is not monday or sunday")
    theme = str(values["theme"])
    if theme not in THEMES:
        raise ValidationError(f"theme: '{theme}' is not one of {', '.join(THEMES)}")
    tz = str(values["timezone"] or "")
    if tz:
        check_timezone(tz)
    bell = _switch(values["bell"], "bell")
    ascii_marks = _switch(values["ascii"], "ascii")
    # A form that does not show this field yet leaves it on.
    suggestions = _switch(values.get("suggestions", True), "suggestions")
    return Settings(
        unit=unit,
        timezone=tz,
        week_start=week_start,
        day_start_hour=_whole(values["day_start_hour"], "day start hour", 0, 23),
        weekly_goal=_whole(values["weekly_goal"], "weekly goal", 1, 7),
        rest_seconds=_whole(values["rest_seconds"], "rest seconds", 0, 3600),
        bell=bell,
        theme=theme,
        balance_threshold=_whole(values["balance_threshold"], "balance threshold", 1, 100),
        suggestions=suggestions,
        ascii=ascii_marks,
    )


def _switch(value: Any, label: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{label}: must be true or false")
    return value


def check_timezone(name: str) -> str:
    """Return ``name`` if it is a known IANA zone, else raise ValidationError."""
    from hipext_tui.domain.days import zone_named

    try:
        zone_named(name)
    except (ValueError, OSError):  # an unknown name is a ValueError; odd paths an OSError
        raise ValidationError(f"timezone: '{name}' is not a known IANA zone") from None
    return name


def _whole(value: Any, label: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(f"{label}: '{value}' is not a whole number") from None
    if not low <= number <= high:
        raise ValidationError(f"{label}: {number} is out of range ({low} to {high})")
    return number
