"""One exercise's progress per month file, in small cache files: what its records screen reads.

The records screen shows all-time records and weekly series. Reading every set of the
exercise for them (the set pack, :mod:`.set_pack`) costs time and memory in proportion
to the history; this pack keeps, for each month file, the exercise's progress summed up
(:class:`~hipext_tui.domain.progress_months.MonthProgress`: a few numbers per side and
per week, and the few sets that may hold a record), and the merge of every month file
but the newest (:func:`~hipext_tui.domain.progress_span.merge`), so the screen reads two
small files whatever the length of the history and composes them
(:func:`~hipext_tui.domain.progress_compose.compose`):

    <cache dir>/records/<XXH3 of (code version, exercise, unit, zone, day-start hour,
                                     week start)>/
        <XXH3-128 of a month file's bytes>.json        its summary, or null (no set of it)
        run-<XXH3 of the digests of every month file but the newest>.json
                                                     the merge of those months, or null

Its rules are those of the day pack (:mod:`.day_pack`): an entry is found only by the
digests of the exact bytes of the month files it was built from, in a folder named by
the code version and every setting the numbers depend on (the unit, the zone by name and
the bytes of its zone file, the day-start hour, the week start), so a copied store
(``cp -a``) hits it and an edited month file has none. A month's entry is built only from
that file's JSON, after every session in it was checked as strictly as any read checks
it; a merge only from month files read and checked in the same call, never from other
entries (so it is made again, from the JSON, once a month and after an old month is
edited). An entry in any doubt (not what
:func:`~hipext_tui.domain.progress_stored.decode_month` accepts) is ignored and built
again; a kept record set that does not match its numbers has every entry built again.
Where the months cannot give exactly what the sets give, the sets are read (from the set
pack). Writing is atomic and never fails a command; a folder keeps its :data:`KEEP_RUNS`
newest merges.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from hipext_tui.domain.progress_compose import ExerciseProgress, compose, progress_of_sets
from hipext_tui.domain.progress_months import MonthProgress, month_progress
from hipext_tui.domain.progress_span import merge
from hipext_tui.domain.progress_stored import decode_month, encode_month
from hipext_tui.domain.record import record
from hipext_tui.domain.stored import decode_set
from hipext_tui.domain.workout import Unit, ValidationError
from hipext_tui.store import cache, files, set_pack
from hipext_tui.store.day_pack import Keys, MonthFile, month_files, read_month, zone_identity
from hipext_tui.store.storage import name_of

CODE_VERSION = b"hipext-records-3"
MAX_BYTES = 1 << 24
KEEP_RUNS = 8


class _Missing(enum.Enum):
    """No entry (null is one: no set of the exercise there)."""

    MISSING = 0


_MISSING = _Missing.MISSING


@record
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
        folder = pack_folder(settings, identity)
        # Every month file's key (the bytes of those just read are not kept: a month
        # whose entry is missing is read again, as seldom happens).
        files_now: _Files = [
            (m, path, key, None) for m, path, key, _ in month_files(shard_dir, seen)
        ]
        try:
            progress = _from_run(folder, files_now, settings, seen)
            if progress is None:
                progress = _from_months(folder, files_now, settings, seen, rebuild=False)
        except ValidationError:  # a kept set in doubt: build every entry again
            try:
                progress = _from_months(folder, files_now, settings, seen, rebuild=True)
            except ValidationError:
                progress = None
    if progress is not None:
        return progress
    sets = set_pack.exercise_sets(shard_dir, exercise_id, seen)
    return progress_of_sets(
        sets, exercise_id, unit, tz=tz, day_start_hour=day_start_hour, week_start=week_start
    )


_Files = list[MonthFile]
_Month = tuple[str, MonthProgress | None]  # a month file's key and its summary


def _from_run(
    folder: Path, files_now: _Files, settings: _Settings, seen: Keys
) -> ExerciseProgress | None:
    """The progress from the merge of all months but the newest and the newest's entry;
    None when the merge is missing or in doubt."""
    if len(files_now) < 2:
        return None
    run = _entry(folder / run_name([key for _, _, key, _ in files_now[:-1]]))
    if run is _MISSING:
        return None
    newest = _month(folder, files_now[-1], settings, seen, rebuild=False)
    parts = [m for m in (run, newest and newest[1]) if isinstance(m, MonthProgress)]
    return compose(parts, settings.exercise_id, settings.unit)


def _from_months(
    folder: Path, files_now: _Files, settings: _Settings, seen: Keys, *, rebuild: bool
) -> ExerciseProgress | None:
    """The progress from each month, and the merge of all but the newest written for the
    next read. The merge is a cache entry too, so it is made only from month files read
    now, never from other entries (the months but the newest are built from their JSON
    here: on a first visit, as each month ends, after an old month is edited); the
    newest month's entry is used when it is there and not in doubt."""
    built = [_month(folder, item, settings, seen, True) for item in files_now[:-1]]
    newest = [_month(folder, item, settings, seen, rebuild) for item in files_now[-1:]]
    months = [m for m in (*built, *newest) if m]
    progress = compose([m for _, m in months if m], settings.exercise_id, settings.unit)
    if progress is not None and len(months) >= 2:
        older = [m for _, m in months[:-1] if m]
        run = merge(older) if older else None
        if run is not None or not older:
            target = folder / run_name([key for key, _ in months[:-1]])
            _save(target, None if run is None else encode_month(run))
            _prune_runs(folder, target)
    return progress


def _month(
    folder: Path,
    item: MonthFile,
    settings: _Settings,
    seen: Keys,
    rebuild: bool,
) -> _Month | None:
    """A month file's key and summary, from its entry or built (and saved); None when
    the file went away meanwhile."""
    month, path, key, _ = item
    if not rebuild:
        entry = _entry(folder / f"{key}.json")
        if not isinstance(entry, _Missing):
            return key, entry
    read = read_month(item, seen)
    if read is None:
        return None
    key, payload, sig = read
    built = _build(path, month, payload, sig, settings)
    _save(folder / f"{key}.json", None if built is None else encode_month(built))
    return key, built


def _entry(target: Path) -> MonthProgress | _Missing | None:
    """The summary at ``target``, None for null, or _MISSING when there is none or it is
    in any doubt."""
    payload = files.read_quietly(target, MAX_BYTES)
    if payload is None:
        return _MISSING
    try:
        raw = json.loads(payload, parse_constant=_no_constant)
        return None if raw is None else decode_month(raw)
    except (ValueError, RecursionError, ValidationError):
        return _MISSING


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON, and never written here: the entry is in doubt."""
    raise ValueError(f"{name} in a record pack")


def _build(
    path: str, month: str, payload: bytes, sig: files.Signature, settings: _Settings
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


def pack_folder(settings: _Settings, identity: str) -> Path:
    """Where the entries for that exercise and those settings live."""
    name = "\0".join(
        (
            settings.exercise_id,
            settings.unit.value,
            identity,
            str(settings.day_start_hour),
            settings.week_start,
        )
    )
    return cache.cache_root() / "records" / name_of(CODE_VERSION, name)


def run_name(keys: list[str]) -> str:
    """The file name of the merge of the month files with those keys, in that order."""
    return f"run-{name_of(CODE_VERSION, *keys)}.json"


def _save(target: Path, entry: Any) -> None:
    """Write one entry (atomically; never raises)."""
    try:
        body = json.dumps(entry, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError):
        return
    cache.write_quietly(target, body.encode())


def _prune_runs(folder: Path, kept: Path) -> None:
    """Remove all but the newest :data:`KEEP_RUNS` merges (never ``kept``); never raises."""
    try:
        runs = sorted(
            (entry.stat().st_mtime_ns, entry)
            for entry in folder.glob("run-*.json")
            if entry != kept
        )
    except OSError:
        return
    for _, old in runs[: max(0, len(runs) - (KEEP_RUNS - 1))]:
        files.remove_quietly(old)
