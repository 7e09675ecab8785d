"""One exercise's sets from every month file, in one cache file: what its records read.

The records and charts of one exercise need every set of that exercise, and nothing
else; building every session of ten years (every set of every exercise, checked field
by field) to pick them out costs most of a second. The pack of an exercise holds, for
each month file, the stored form of that exercise's sets with the start of the session
each belongs to:

    <cache dir>/sets/<blake2b of (code version, exercise id)>.json
        {"entries": {"<sha256 of a month file's bytes>":
                     [["2026-03-10T07:00:00+01:00", [{set}, {set}]], ...], ...}}

Its rules are those of the day pack (:mod:`.day_pack`): an entry is found only by the
digest of the exact bytes of the month file it was built from; it is built only from
that file's JSON, after every session in it was checked as strictly as any read checks
it; the sets read from it are checked again as they are decoded, and a pack in any doubt
is ignored and built again. Writing is atomic and never fails a command.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from hipext_tui.domain.stored import decode_set
from hipext_tui.domain.workout import SetEntry, ValidationError
from hipext_tui.store import cache, files, shards
from hipext_tui.store.day_pack import Keys, content_key, month_files, read_month
from hipext_tui.store.storage import digest

CODE_VERSION = b"hipext-sets-1"
MAX_ENTRIES = 2048  # months kept per exercise, over the stores read lately
MAX_BYTES = 1 << 27

# One month's sessions holding the exercise: (start as stored, the sets as stored).
Month = list[tuple[str, list[dict[str, Any]]]]


def exercise_sets(shard_dir: Path, exercise_id: str, seen: Keys | None = None) -> list[SetEntry]:
    """Every set of ``exercise_id``, in the order of their sessions' starts (as the
    store's full history lists them), then as logged in each session. StoreError when
    a month file is bad, as for any read of the store. ``seen``: see
    :func:`.day_pack.month_files`."""
    seen = {} if seen is None else seen
    target = pack_path(exercise_id)
    known = load(target)
    fresh: dict[str, Month] = {}
    for month, path, key, found in month_files(shard_dir, seen):
        entry = known.get(key)
        if entry is None:
            read = read_month(path, key, found, seen)
            if read is None:
                continue
            key, payload, sig = read
            entry = _build(path, month, payload, sig, exercise_id)
        fresh[key] = entry
    try:
        sets = _decoded(fresh.values(), exercise_id)
    except (ValidationError, ValueError, TypeError):  # a forged entry: build them all
        return exercise_sets_built(shard_dir, exercise_id, target)
    if any(key not in known for key in fresh):
        kept = fresh | {k: v for k, v in known.items() if k not in fresh}
        save(target, dict(itertools.islice(kept.items(), MAX_ENTRIES)))
    return sets


def exercise_sets_built(shard_dir: Path, exercise_id: str, target: Path) -> list[SetEntry]:
    """:func:`exercise_sets` with every entry built again from the month files."""
    fresh: dict[str, Month] = {}
    for month in shards.months_in(shard_dir):
        path = shard_dir / shards.shard_file_name(month)
        found = files.read_file(path)
        if found is not None:
            payload, sig = found
            fresh[content_key(payload)] = _build(path, month, payload, sig, exercise_id)
    save(target, fresh)
    return _decoded(fresh.values(), exercise_id)


def _build(path: Path, month: str, payload: bytes, sig: files.Signature, exercise_id: str) -> Month:
    """The exercise's entry for these bytes, after checking every session in them."""
    shard = shards.Shard(path, month)
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


def pack_path(exercise_id: str) -> Path:
    """Where the pack of that exercise lives."""
    name = hashlib.blake2b(CODE_VERSION + b"\0" + exercise_id.encode(), digest_size=20)
    return cache.cache_root() / "sets" / f"{name.hexdigest()}.json"


def load(target: Path) -> dict[str, Month]:
    """The entries of the pack at ``target``; empty on any doubt (each set is checked
    again when decoded)."""
    payload = files.read_quietly(target, MAX_BYTES)
    if payload is None:
        return {}
    try:
        entries = json.loads(payload)["entries"]
    except (ValueError, TypeError, KeyError, RecursionError):
        return {}
    if not isinstance(entries, dict):
        return {}
    for key, month in entries.items():
        if not isinstance(key, str) or not isinstance(month, list):
            return {}
        for session in month:
            if not (
                isinstance(session, list)
                and len(session) == 2
                and isinstance(session[0], str)
                and isinstance(session[1], list)
            ):
                return {}
    return entries


def save(target: Path, entries: dict[str, Month]) -> None:
    """Write the pack (atomically; never raises)."""
    try:
        body = json.dumps({"entries": entries}, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError):
        return
    cache.write_quietly(target, body.encode())
