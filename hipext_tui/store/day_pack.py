"""The training days of every month file, in one cache file: what the streaks read.

The streak box on the first screen, ``hipext streak`` and ``hipext status`` need the
local training day of every set ever logged. Building them from the summary cache
(:mod:`.cache`) means reading one small file per month and building a summary per
session: for ten years, 120 files and 2,000 summaries, more than everything else the
first screen does. The pack holds, for each month file, only its training days (as
date ordinals) under one zone and one day-start hour:

    <cache dir>/days/<XXH3 of (code version, zone, day-start hour)>.json
        {"entries": {"<XXH3-128 of a month file's bytes>": [738000, 738002, ...], ...}}

It follows the summary cache's rules (see :mod:`.cache`):

* An entry is found only through the digest of the exact bytes of the month file it was
  built from, inside a pack named by the code version, the zone (its name and the bytes
  of its zone file, so new tz rules mean a new pack) and the day-start hour. A copied
  store (``cp -a``) hits the same entries; an edited month file has none.
* Entries are built only from the month file's own JSON, checked as strictly as when
  the store reads it; a pack in any doubt (not JSON, a value of the wrong kind) counts
  as empty. Writing is atomic, never fails a command, and keeps the entries of the
  other stores read lately (up to :data:`MAX_ENTRIES`).
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import date, timezone, tzinfo
from pathlib import Path

from hipext_tui.domain.days import slot_day
from hipext_tui.store import cache, files, shards
from hipext_tui.store.errors import StoreError
from hipext_tui.store.storage import digest, name_of

CODE_VERSION = b"hipext-days-3"
MAX_ENTRIES = 4096  # about eleven 30-year stores
MAX_BYTES = 1 << 24
_LAST_ORDINAL = date.max.toordinal()
# The days this process read last, per pack: the keys of the month files (in order),
# the pack file's signature and the days. The same keys mean the same bytes, so the
# same days, without loading the pack again (the picker's streaks, then the history,
# read them one after another); a pack changed since (damaged, say) is read again, so
# it is rewritten as at any read.
_LAST: dict[Path, tuple[tuple[str, ...], files.Signature | None, frozenset[date]]] = {}

Pack = dict[str, list[int]]


# What one Store has read of each month file: its signature and the key of its bytes.
Keys = dict[Path, tuple[files.Signature, str]]


def month_files(
    shard_dir: Path, seen: Keys
) -> Iterator[tuple[str, Path, str, tuple[bytes, files.Signature] | None]]:
    """Each month file: (month, path, key of its bytes, its bytes and signature when they
    were just read). A file whose signature is the one ``seen`` holds is not read again
    (as the store's own shards are not, within one open Store); a pack miss reads it
    with :func:`read_month`."""
    for month in shards.months_in(shard_dir):
        path = shard_dir / shards.shard_file_name(month)
        known = seen.get(path)
        if known is not None and known[0] == files.stat_signature(path):
            yield month, path, known[1], None
            continue
        found = files.read_file(path)
        if found is None:  # removed meanwhile (a month emptied by a delete)
            continue
        key = content_key(found[0])
        seen[path] = (found[1], key)
        yield month, path, key, found


def read_month(
    path: Path, key: str, found: tuple[bytes, files.Signature] | None, seen: Keys
) -> tuple[str, bytes, files.Signature] | None:
    """The key, bytes and signature of a month file for building its entry: the ones
    just read, else the file read again (its key too, should it have changed since)."""
    if found is None:
        found = files.read_file(path)
        if found is None:
            return None
        key = content_key(found[0])
        seen[path] = (found[1], key)
    return key, found[0], found[1]


def training_days(
    shard_dir: Path, tz: tzinfo, day_start_hour: int, seen: Keys | None = None
) -> set[date] | None:
    """Every local training day of the sessions in ``shard_dir`` (days with a set), or
    None when the zone cannot name a pack (the caller then builds them the long way).
    StoreError when a month file is bad, as for any read of the store."""
    identity = zone_identity(tz)
    if identity is None:
        return None
    seen = {} if seen is None else seen
    target = pack_path(identity, day_start_hour)
    last = _LAST.get(target)
    stream: Iterable[tuple[str, Path, str, tuple[bytes, files.Signature] | None]]
    stream = month_files(shard_dir, seen)
    if last is not None:  # read before in this process: perhaps the same bytes again
        # Only the keys are kept: holding every month's bytes at once would cost the
        # size of the whole history in memory (a month with no entry is read again).
        listing = [(month, path, key, None) for month, path, key, _ in stream]
        stamp = _stamp(target)
        if last[0] == tuple(key for _, _, key, _ in listing) and stamp == last[1] is not None:
            return set(last[2])  # the same month files' bytes and the same pack: same days
        stream = listing
    known = load(target)
    fresh: Pack = {}
    read_keys: list[str] = []  # the key of each month's bytes the days come from
    built = False
    for month, path, key, found in stream:
        ordinals = known.get(key)
        if ordinals is None or not valid(ordinals):
            built = True
            read = read_month(path, key, found, seen)
            if read is None:
                continue
            key, payload, sig = read
            entries = shards.Shard(path, month).build_from(payload, sig, digest(payload))
            days = {slot_day(slot, tz, day_start_hour) for _, s in entries for slot in s.slots}
            ordinals = sorted(day.toordinal() for day in days)
        fresh[key] = ordinals
        read_keys.append(key)
    if built:
        kept = fresh | {k: v for k, v in known.items() if k not in fresh and valid(v)}
        save(target, dict(list(kept.items())[:MAX_ENTRIES]))
    every = {date.fromordinal(o) for ordinals in fresh.values() for o in ordinals}
    _LAST[target] = (tuple(read_keys), _stamp(target), frozenset(every))
    return every


def _stamp(target: Path) -> files.Signature | None:
    """The pack file's signature (None when it is missing or cannot be read)."""
    try:
        return files.stat_signature(target)
    except StoreError:
        return None


def content_key(payload: bytes) -> str:
    """The key of a month file's bytes in a pack: its :func:`~.storage.digest`."""
    return digest(payload).hex()


def zone_identity(tz: tzinfo) -> str | None:
    """What names a zone's rules: its IANA name and the digest of its zone file (or the
    offset of a fixed zone); None for a zone known by neither."""
    if isinstance(tz, timezone):
        return f"fixed:{tz.utcoffset(None)}"
    key = getattr(tz, "key", None)
    if not isinstance(tz, zoneinfo.ZoneInfo) or not key:
        return None
    for folder in zoneinfo.TZPATH:
        rules = files.read_quietly(Path(folder) / key, 1 << 20)
        if rules is not None:
            return f"{key}:{name_of(rules)}"
    return f"{key}:tzdata"


def pack_path(identity: str, day_start_hour: int) -> Path:
    """Where the pack for that zone and day-start hour lives."""
    name = name_of(CODE_VERSION, identity, str(day_start_hour))
    return cache.cache_root() / "days" / f"{name}.json"


def load(target: Path) -> Pack:
    """The entries of the pack at ``target``; empty when it is not a pack at all."""
    payload = files.read_quietly(target, MAX_BYTES)
    if payload is None:
        return {}
    try:
        entries = json.loads(payload)["entries"]
    except (ValueError, TypeError, KeyError, RecursionError):
        return {}
    if not isinstance(entries, dict):
        return {}
    # Each entry's days are checked when used (:func:`valid`): a pack that also serves
    # other stores is not checked whole at every start.
    return entries


def valid(ordinals: object) -> bool:
    """True for a list of day ordinals (what an entry must be)."""
    if not isinstance(ordinals, list):
        return False
    # Whole-list checks in C: a pack holds thousands of days, read at every start.
    return not ordinals or (
        set(map(type, ordinals)) == {int} and min(ordinals) > 0 and max(ordinals) <= _LAST_ORDINAL
    )


def save(target: Path, entries: Pack) -> None:
    """Write the pack (atomically; never raises)."""
    cache.write_quietly(target, json.dumps({"entries": entries}, separators=(",", ":")).encode())
