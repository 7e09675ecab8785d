"""One exercise's sets from every month file, in one cache file: what its records read.

The records and charts of one exercise need every set of that exercise, and nothing
else; building every session of ten years (every set of every exercise, checked field
by field) to pick them out costs most of a second. The pack of an exercise holds, for
each month file, the stored form of that exercise's sets with the start of the session
each belongs to, one small file per month file (so a read parses the months of this
store only, whatever other stores the cache also serves):

    <cache dir>/sets/<XXH3 of (code version, exercise id)>/<XXH3-128 of a month file>.json
        [["2026-03-10T07:00:00+01:00", [{set}, {set}]], ...]

Its rules are those of the day pack (:mod:`.day_pack`): an entry is found only by the
digest of the exact bytes of the month file it was built from; it is built only from
that file's JSON, after every session in it was checked as strictly as any read checks
it; the sets read from it are checked again as they are decoded, and an entry in any
doubt is ignored and built again. Writing is atomic and never fails a command.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from hipext_tui.domain.stored import decode_set
from hipext_tui.domain.workout import SetEntry, ValidationError
from hipext_tui.store import cache, files, shards
from hipext_tui.store.day_pack import Keys, month_files, read_month
from hipext_tui.store.storage import digest, name_of

CODE_VERSION = b"hipext-sets-3"
MAX_BYTES = 1 << 24

# One month's sessions holding the exercise: (start as stored, the sets as stored).
Month = list[tuple[str, list[dict[str, Any]]]]


def exercise_sets(shard_dir: Path, exercise_id: str, seen: Keys | None = None) -> list[SetEntry]:
    """Every set of ``exercise_id``, in the order of their sessions' starts (as the
    store's full history lists them), then as logged in each session. StoreError when
    a month file is bad, as for any read of the store. ``seen``: see
    :func:`.day_pack.month_files`."""
    seen = {} if seen is None else seen
    folder = pack_folder(exercise_id)
    months: list[Month] = []
    for item in month_files(shard_dir, seen):
        entry = load(folder / f"{item[2]}.json")
        if entry is not None:
            months.append(entry)
            continue
        read = read_month(item, seen)
        if read is None:
            continue
        key, payload, sig = read
        entry = build_entry(item[1], item[0], payload, sig, exercise_id)
        save(folder / f"{key}.json", entry)
        months.append(entry)
    try:
        return _decoded(months, exercise_id)
    except (ValidationError, ValueError, TypeError):  # a forged entry: build them all
        return exercise_sets_built(shard_dir, exercise_id, seen)


def exercise_sets_built(shard_dir: Path, exercise_id: str, seen: Keys) -> list[SetEntry]:
    """:func:`exercise_sets` with every entry built again from the month files."""
    folder = pack_folder(exercise_id)
    months: list[Month] = []
    for item in month_files(shard_dir, seen):
        read = read_month(item, seen)
        if read is not None:
            key, payload, sig = read
            months.append(build_entry(item[1], item[0], payload, sig, exercise_id))
            save(folder / f"{key}.json", months[-1])
    return _decoded(months, exercise_id)


def build_entry(
    path: str, month: str, payload: bytes, sig: files.Signature, exercise_id: str
) -> Month:
    """The exercise's entry for these bytes of a month file, after checking every session
    in them: (start as stored, the exercise's sets as stored) of each session holding
    one, in start order."""
    shard = shards.Shard(Path(path), month)
    shard.build_from(payload, sig, digest(payload))
    by_id = {session.id: session for session in shard.sessions}  # checks every set
    docs = (shard.storage.data or {}).get(shards.SESSIONS_TABLE, {})
    found: list[tuple[datetime, str, list[dict[str, Any]]]] = []
    for raw in docs.values():
        session = by_id[raw["id"]]
        mine = [s for s in raw["sets"] if s["exercise_id"] == exercise_id]
        if mine:
            found.append((session.start, session.start.isoformat(), mine))
    found.sort(key=lambda item: item[0])  # stable, as the shard sorts its sessions
    return [(start, mine) for _, start, mine in found]


def _decoded(months: Any, exercise_id: str) -> list[SetEntry]:
    """The sets of the entries, checked, with the sessions in start order."""
    sessions = [(datetime.fromisoformat(start), raws) for month in months for start, raws in month]
    if any(a[0] > b[0] for a, b in itertools.pairwise(sessions)):
        sessions.sort(key=lambda item: item[0])
    sets = [decode_set(raw) for _, raws in sessions for raw in raws]
    if any(s.exercise_id != exercise_id for s in sets):
        raise ValidationError("a set of another exercise")
    return sets


def pack_folder(exercise_id: str) -> Path:
    """Where the entries of that exercise live."""
    return cache.cache_root() / "sets" / name_of(CODE_VERSION, exercise_id)


def load(target: Path) -> Month | None:
    """The entry at ``target``; None on any doubt (each set is checked again when
    decoded)."""
    payload = files.read_quietly(target, MAX_BYTES)
    if payload is None:
        return None
    try:
        month = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(month, list):
        return None
    for session in month:
        if not (
            isinstance(session, list)
            and len(session) == 2
            and isinstance(session[0], str)
            and isinstance(session[1], list)
        ):
            return None
    return month


def save(target: Path, entry: Month) -> None:
    """Write one entry (atomically; never raises)."""
    try:
        body = json.dumps(entry, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError):
        return
    cache.write_quietly(target, body.encode())
