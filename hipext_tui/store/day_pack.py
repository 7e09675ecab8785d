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
import os
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import date, timezone, tzinfo
from itertools import chain
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
_LAST: dict[Path, tuple[tuple[str, ...], files.Signature | None, tuple[int, ...]]] = {}

Pack = dict[str, list[int]]


# What one Store has read of each month file of its folder, by month: the file's
# signature and the key of its bytes.
Keys = dict[str, tuple[files.Signature, str]]

# One month file as the packs list it: (month, path, key of its bytes, its bytes and
# signature when they were just read). The path is a plain string: a pathlib object per
# file costs more than reading and hashing a small month file (30 years hold 360).
MonthFile = tuple[str, str, str, tuple[bytes, files.Signature] | None]


def month_files(shard_dir: Path, seen: Keys) -> Iterator[MonthFile]:
    """Each month file of ``shard_dir``, oldest first. A file whose signature is the one
    ``seen`` holds is not read again (as the store's own shards are not, within one
    open Store); a pack miss reads it with :func:`read_month`."""
    folder = f"{shard_dir}{os.sep}"
    for month in shards.months_in(shard_dir):
        path = folder + shards.shard_file_name(month)
        known = seen.get(month)
        if known is not None and known[0] == files.stat_signature(path):
            yield month, path, known[1], None
            continue
        found = files.read_file(path)
        if found is None:  # removed meanwhile (a month emptied by a delete)
            continue
        key = content_key(found[0])
        seen[month] = (found[1], key)
        yield month, path, key, found


def read_month(item: MonthFile, seen: Keys) -> tuple[str, bytes, files.Signature] | None:
    """The key, bytes and signature of a month file for building its entry: the ones
    just read, else the file read again (its key too, should it have changed since)."""
    month, path, key, found = item
    if found is None:
        found = files.read_file(path)
        if found is None:
            return None
        key = content_key(found[0])
        seen[month] = (found[1], key)
    return key, found[0], found[1]


def training_days(
    shard_dir: Path, tz: tzinfo, day_start_hour: int, seen: Keys | None = None
) -> list[int] | None:
    """Every local training day of the sessions in ``shard_dir`` (days with a set) as a
    date ordinal, in order, or None when the zone cannot name a pack (the caller then
    builds them the long way). StoreError when a month file is bad, as for any read of
    the store. Ordinals, not dates: the streaks work on them, and 30 years hold 6,000
    days that need not become date objects and back."""
    identity = zone_identity(tz)
    if identity is None:
        return None
    seen = {} if seen is None else seen
    target = pack_path(identity, day_start_hour)
    last = _LAST.get(target)
    stream: Iterable[MonthFile] = month_files(shard_dir, seen)
    if last is not None:  # read before in this process: perhaps the same bytes again
        # Only the keys are kept: holding every month's bytes at once would cost the
        # size of the whole history in memory (a month with no entry is read again).
        listing = [(month, path, key, None) for month, path, key, _ in stream]
        stamp = _stamp(target)
        if last[0] == tuple(key for _, _, key, _ in listing) and stamp == last[1] is not None:
            return list(last[2])  # the same month files' bytes and the same pack: same days
        stream = listing
    known = load(target)
    fresh: Pack = {}
    read_keys: list[str] = []  # the key of each month's bytes the days come from
    built = False
    for item in stream:
        ordinals = known.get(item[2])
        if ordinals is None or not valid(ordinals):
            built = True
            made = _build(item, seen, tz, day_start_hour)
            if made is None:
                continue
            key, ordinals = made
        else:
            key = item[2]
        fresh[key] = ordinals
        read_keys.append(key)
    if built:
        kept = fresh | {k: v for k, v in known.items() if k not in fresh and valid(v)}
        save(target, dict(list(kept.items())[:MAX_ENTRIES]))
    # Each entry is in order and the months are, so this is nearly sorted already (a
    # session's day may fall in the month before its file's).
    every = sorted(set(chain.from_iterable(fresh.values())))
    _LAST[target] = (tuple(read_keys), _stamp(target), tuple(every))
    return every


def _build(
    item: MonthFile, seen: Keys, tz: tzinfo, day_start_hour: int
) -> tuple[str, list[int]] | None:
    """The key and entry of a month file's bytes, from its JSON (None: it went away)."""
    read = read_month(item, seen)
    if read is None:
        return None
    key, payload, sig = read
    month, path = item[0], Path(item[1])
    entries = shards.Shard(path, month).build_from(payload, sig, digest(payload))
    days = {slot_day(slot, tz, day_start_hour) for _, s in entries for slot in s.slots}
    return key, sorted(day.toordinal() for day in days)


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
