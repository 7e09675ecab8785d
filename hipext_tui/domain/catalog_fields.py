"""Reading a catalog entry's fields, each failure naming the entry and the field; and
the slug of a display name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_LOAD_STEP = 100.0


class CatalogError(ValueError):
    """A catalog file (or a stored custom entry) is malformed."""


def _str(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _slug(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = _str(raw, key, where)
    if not all(c.isalnum() or c in "-_" for c in value):
        raise CatalogError(f"{where}: '{key}' may hold only letters, digits, '-' and '_'")
    return value


def _strs(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _count(
    raw: Mapping[str, Any], key: str, where: str, low: int, high: int, default: int = 0
) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CatalogError(f"{where}: '{key}' must be a whole number from {low} to {high}")
    return value


def _step(raw: Mapping[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_LOAD_STEP
    ):
        raise CatalogError(
            f"{where}: '{key}' must be a number above 0 and at most {MAX_LOAD_STEP:g}"
        )
    return float(value)


def _rep_range(raw: Mapping[str, Any], where: str) -> tuple[int | None, int | None]:
    given = [key for key in ("rep_min", "rep_max") if raw.get(key) is not None]
    if not given:
        return None, None
    if len(given) == 1:
        raise CatalogError(f"{where}: give both 'rep_min' and 'rep_max', or neither")
    low = _count(raw, "rep_min", where, 1, 1000)
    high = _count(raw, "rep_max", where, 1, 1000)
    if low > high:
        raise CatalogError(f"{where}: 'rep_min' ({low}) is above 'rep_max' ({high})")
    return low, high


def _given(**values: Any) -> dict[str, Any]:
    """The keys whose value is set, so files written before a field existed stay
    byte-for-byte the same when the field is not used."""
    return {key: value for key, value in values.items() if value is not None}


def slugify(name: str) -> str:
    """An id made from a display name ("Hip thrust (Barbell)" -> "hip-thrust-barbell")."""
    out: list[str] = []
    for ch in name.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-") or "exercise"
