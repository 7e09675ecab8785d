"""Local calendar days: which training day a moment belongs to, in the user's zone.

A training day runs from ``day_start_hour`` to the same hour the next day, so with a
day start of 4 a set logged at 01:30 counts for the day before. Conversions are memoised
per 15-minute slot because ten years of history hold ~31,000 timestamps but only a few
thousand distinct slots.

pendulum is the date engine wherever a wall-clock time becomes a moment (a start time
typed for a backfilled workout, a date given to ``hipext log --at``, the local times of
an imported file): it settles the hours that a DST change skips or repeats. Going the
other way, from a stored moment to its local training day, uses the standard library's
``zoneinfo`` on the same IANA database pendulum 3 builds on, because it converts in C
and ten years hold tens of thousands of moments. Zones are looked up by name without
importing pendulum, so ``hipext status`` at a prompt never pays for its parser.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hipext_tui.domain.text import one_line

UTC: tzinfo = UTC


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError (or OSError for odd paths) when there is none."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise ValueError(f"no timezone named {name!r}") from None


def resolve_timezone(name: str | None, *, warn: Callable[[str], None] | None = None) -> tzinfo:
    """The named IANA zone, or the system's local zone when ``name`` is empty.

    The system zone comes from ``TZ`` when it is set. A ``TZ`` that names no zone (a
    folder, a FIFO, a path that is not a zone file, thousands of characters...) never
    stops hipext: UTC is used and ``warn`` (default: one line on stderr) is told once
    per process. Nothing here opens anything but a regular file, so it never waits.
    """
    if name:
        return zone_named(name)
    tz_env = os.environ.get("TZ")
    if tz_env:
        zone = _zone_from_env(tz_env)
        if zone is not None:
            return zone
        _warn_once(f"TZ={one_line(tz_env[:40])}{'...' if len(tz_env) > 40 else ''} is not a "
                   "timezone hipext can read; using UTC", warn)  # fmt: skip
        return UTC
    try:
        return _named_localtime() or _system_zone()
    except Exception:  # a broken /etc/localtime: same fallback as a bad TZ
        _warn_once("the system timezone cannot be read; using UTC", warn)
        return UTC


def _named_localtime() -> tzinfo | None:
    """The zone ``/etc/localtime`` links to (``.../zoneinfo/Europe/Paris``), if it does."""
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    parts = Path(target).parts
    if "zoneinfo" not in parts:
        return None
    key = "/".join(parts[len(parts) - parts[::-1].index("zoneinfo") :])
    if not _ZONE_NAME.fullmatch(key):
        return None
    try:
        return zone_named(key)
    except (ValueError, OSError):
        return None


def _system_zone() -> tzinfo:
    """The system zone found the long way (``/etc/timezone``, ``/etc/localtime``...)."""
    from pendulum.tz.local_timezone import get_local_timezone

    return _plain_zone(get_local_timezone())


_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")
_warned = False


def _zone_from_env(value: str) -> tzinfo | None:
    """The zone a ``TZ`` value names (``Europe/Paris``, ``:/path/to/zonefile``); None
    when it names none."""
    value = value.removeprefix(":")
    if len(value) > 255 or "\0" in value:
        return None
    try:
        if value.startswith("/"):
            st = os.stat(value)
            if not stat.S_ISREG(st.st_mode) or st.st_size > 1 << 20:
                return None
            with open(os.open(value, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
                return ZoneInfo.from_file(handle)
        if not _ZONE_NAME.fullmatch(value):
            return None
        return zone_named(value)
    except Exception:  # any reason a zone cannot be read means "not a zone"
        return None


def _warn_once(message: str, warn: Callable[[str], None] | None) -> None:
    global _warned
    if warn is not None:
        warn(message)
        return
    if not _warned:
        _warned = True
        print(f"hipext: warning: {message}", file=sys.stderr)


def timezone_name(tz: tzinfo) -> str:
    """The IANA name of a zone, for display and JSON output."""
    return str(getattr(tz, "name", None) or getattr(tz, "key", None) or tz)


def training_day(moment: datetime, tz: tzinfo, day_start_hour: int = 0) -> date:
    """The local training day that ``moment`` counts for."""
    # Every zone offset in use is a multiple of 15 minutes, so all moments in one
    # 15-minute UTC slot fall on the same local day: convert each slot once.
    return _slot_day(int(moment.timestamp()) // 900, tz, day_start_hour)


def slot_day(slot: int, tz: tzinfo, day_start_hour: int = 0) -> date:
    """The local training day of a 15-minute UTC slot (``int(timestamp) // 900``)."""
    return _slot_day(slot, tz, day_start_hour)


@lru_cache(maxsize=131072)
def _slot_day(slot: int, tz: tzinfo, day_start_hour: int) -> date:
    local = datetime.fromtimestamp(slot * 900, _plain_zone(tz))
    return (local - timedelta(hours=day_start_hour)).date()


@lru_cache(maxsize=64)
def _plain_zone(tz: tzinfo) -> tzinfo:
    """The standard library's zone of the same name: pendulum's zones convert in Python,
    ``zoneinfo`` in C, about four times faster, to the same local times."""
    if isinstance(tz, ZoneInfo) and type(tz) is not ZoneInfo and tz.key:
        return ZoneInfo(tz.key)
    return tz


def local_moment(day: date, hour: int, minute: int, tz: tzinfo) -> datetime:
    """The aware moment of wall-clock ``hour:minute`` on ``day`` in ``tz``, by pendulum's
    rules: a time a spring-forward gap skips moves forward by the gap; one an autumn
    change repeats is taken the second time (after the change)."""
    import pendulum

    moment = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=pendulum_zone(tz))
    return in_zone(moment, tz)


@lru_cache(maxsize=64)
def pendulum_zone(tz: tzinfo) -> tzinfo:
    """pendulum's zone of the same name, made once: given a ``zoneinfo`` zone, pendulum
    builds (and reads from disk) a zone of its own at every call, about 40 us each, which
    an import of thousands of workouts pays for every one."""
    import pendulum

    key = getattr(tz, "key", None)
    if isinstance(tz, pendulum.Timezone | pendulum.FixedTimezone) or not isinstance(key, str):
        return tz
    return pendulum.timezone(key)


def in_zone(moment: datetime, tz: tzinfo) -> datetime:
    """The aware ``moment`` in ``tz``, as a standard-library datetime whatever type it came
    as (a pendulum DateTime moved to a ``zoneinfo`` zone does its arithmetic naively)."""
    utc = moment.astimezone(UTC)
    plain = datetime(*utc.timetuple()[:6], utc.microsecond, tzinfo=UTC)
    return plain.astimezone(tz)


def now_in(tz: tzinfo) -> datetime:
    """The current moment in ``tz`` (the one place that reads the real clock)."""
    return datetime.now(tz)
