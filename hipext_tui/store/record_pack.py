"""One exercise's progress per month file, in one cache file: what its records screen reads.

The records screen shows all-time records and weekly series. Reading every set of the
exercise for them (the set pack, :mod:`.set_pack`) costs time and memory in proportion
to the history; this pack keeps, for each month file, the exercise's progress summed up
(:class:`~hipext_tui.domain.progress_months.MonthProgress`: a few numbers per side and
per week, and the few sets that may hold a record), so the screen reads one small entry
per month and composes them (:func:`~hipext_tui.domain.progress_compose.compose`):

    <cache dir>/records/<blake2b of (code version, exercise, unit, zone, day-start hour,
                                     week start)>.json
        {"entries": {"<sha256 of a month file's bytes>": <month summary> | null, ...}}

(null: the month holds no set of the exercise.) Its rules are those of the day pack
(:mod:`.day_pack`): an entry is found only by the digest of the exact bytes of the month
file it was built from, in a pack named by the code version and every setting the
numbers depend on (the unit, the zone by name and the bytes of its zone file, the
day-start hour, the week start), so a copied store (``cp -a``) hits it and an edited
month file has no entry. It is built only from that file's JSON, after every session in
it was checked as strictly as any read checks it. An entry in any doubt (not what
:func:`~hipext_tui.domain.progress_stored.decode_month` accepts) is ignored and built
again; a kept record set that does not match its numbers has every entry built again.
Where the months cannot give exactly what the sets give, the sets are read (from the
set pack). Writing is atomic, never fails a command, and keeps the entries of the other
stores read lately (up to :data:`MAX_ENTRIES`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from hipext_tui.domain.progress_compose import ExerciseProgress, compose, progress_of_sets
from hipext_tui.domain.progress_months import MonthProgress, month_progress
from hipext_tui.domain.progress_stored import decode_month, encode_month
from hipext_tui.domain.stored import decode_set
from hipext_tui.domain.workout import Unit, ValidationError
from hipext_tui.store import cache, files, set_pack
from hipext_tui.store.day_pack import Keys, month_files, read_month, zone_identity

CODE_VERSION = b"hipext-records-1"
MAX_ENTRIES = 2048  # months: a 30-year store is 360
MAX_BYTES = 1 << 25

Pack = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Settings:
    """What an exercise's numbers depend on besides the month files."""

    exercise_id: str
    unit: Unit
    tz: tzinfo
    day_start_hour: int
    week_start: str


def exercise_progress(
    shard_dir: Path,
    exercise_id: str,
    unit: Unit,
    *,
    tz: tzinfo,
    day_start_hour: int = 0,
    week_start: str = "monday",
    seen: Keys | None = None,
) -> ExerciseProgress:
    """The records and weekly totals of ``exercise_id`` over every month file, exactly as
    :func:`~hipext_tui.domain.progress_compose.progress_of_sets` gives them from all its
    sets. StoreError when a month file is bad, as for any read of the store. ``seen``:
    see :func:`.day_pack.month_files`."""
    seen = {} if seen is None else seen
    settings = _Settings(exercise_id, unit, tz, day_start_hour, week_start)
    identity = zone_identity(tz)
    progress: ExerciseProgress | None = None
    if identity is not None:
        target = pack_path(settings, identity)
        known = load(target)
        try:
            months, fresh, built = _months(shard_dir, settings, known, seen)
            progress = compose(months, exercise_id, unit)
        except ValidationError:  # a kept set in doubt: build every entry again
            months, fresh, built = _months(shard_dir, settings, {}, seen)
            try:
                progress = compose(months, exercise_id, unit)
            except ValidationError:
                progress = None
        if built:
            kept = fresh | {k: v for k, v in known.items() if k not in fresh}
            save(target, dict(list(kept.items())[:MAX_ENTRIES]))
    if progress is not None:
        return progress
    sets = set_pack.exercise_sets(shard_dir, exercise_id, seen)
    return progress_of_sets(
        sets, exercise_id, unit, tz=tz, day_start_hour=day_start_hour, week_start=week_start
    )


def _months(
    shard_dir: Path, settings: _Settings, known: Pack, seen: Keys
) -> tuple[list[MonthProgress], Pack, bool]:
    """Each month file's summary (oldest first, months without the exercise left out),
    the entries to keep, and whether one was built."""
    months: list[MonthProgress] = []
    fresh: Pack = {}
    built = False
    for month, path, key, found in month_files(shard_dir, seen):
        raw = known.get(key, False)  # False: no entry (null is a month without the exercise)
        entry: MonthProgress | None = None
        if raw is not None and raw is not False:
            try:
                entry = decode_month(raw)
            except ValidationError:
                raw = False
        if raw is False:
            built = True
            read = read_month(path, key, found, seen)
            if read is None:
                continue
            key, payload, sig = read
            entry = _build(path, month, payload, sig, settings)
            raw = None if entry is None else encode_month(entry)
        fresh[key] = raw
        if entry is not None:
            months.append(entry)
    return months, fresh, built


def _build(
    path: Path, month: str, payload: bytes, sig: files.Signature, settings: _Settings
) -> MonthProgress | None:
    """The summary of these bytes of a month file, after checking every session in them."""
    stored = set_pack.build_entry(path, month, payload, sig, settings.exercise_id)
    sessions = [
        (datetime.fromisoformat(start), [decode_set(raw) for raw in raws]) for start, raws in stored
    ]
    return month_progress(
        sessions,
        settings.exercise_id,
        settings.unit,
        tz=settings.tz,
        day_start_hour=settings.day_start_hour,
        week_start=settings.week_start,
    )


def pack_path(settings: _Settings, identity: str) -> Path:
    """Where the pack for that exercise and those settings lives."""
    name = hashlib.blake2b(
        CODE_VERSION
        + b"\0"
        + "\0".join(
            (
                settings.exercise_id,
                settings.unit.value,
                identity,
                str(settings.day_start_hour),
                settings.week_start,
            )
        ).encode(),
        digest_size=20,
    ).hexdigest()
    return cache.cache_root() / "records" / f"{name}.json"


def load(target: Path) -> Pack:
    """The entries of the pack at ``target``; empty when it is not a pack at all (each
    entry is checked when used)."""
    payload = files.read_quietly(target, MAX_BYTES)
    if payload is None:
        return {}
    try:
        entries = json.loads(payload, parse_constant=_no_constant)["entries"]
    except (ValueError, TypeError, KeyError, RecursionError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON, and never written here: the pack is in doubt."""
    raise ValueError(f"{name} in a record pack")


def save(target: Path, entries: Pack) -> None:
    """Write the pack (atomically; never raises)."""
    try:
        body = json.dumps({"entries": entries}, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError):
        return
    cache.write_quietly(target, body.encode())
