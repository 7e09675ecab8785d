"""The summary cache: what start-up and the history list read, without parsing months.

Parsing ten years of month files (~6 MB of JSON) costs more than anything else at
start-up, yet start-up and the history list need only one :class:`SessionSummary` per
session. So for each month file, the summaries of its sessions are kept in a small
JSON file named by a hash of the month file's exact bytes and of :data:`CODE_VERSION`:

    ~/.cache/hipext/summaries/<blake2b of (code version, month file bytes)>.json

Rules that keep the cache from ever being the truth:

* A cache entry is found only through the bytes it was built from, so a month file
  edited in any way (same size, mtime put back, another inode) has no entry, and one
  built by another version of the code is never found. It is always built from the
  month file's parsed JSON, never from another cache.
* Any doubt when reading one (missing, not a regular file, not JSON, a value of the
  wrong kind, summaries that do not fit the month file) means "no entry": the summaries
  are built from the JSON and the entry is written again. Writing is atomic (temp file +
  rename) and never fails a command; a read-only command may write entries too, so a
  store copied elsewhere (``cp -a``, a backup, a new machine) is fast from its second
  command on, and a copy on the same machine at once, since entries go by content.
* Entries live under ``platformdirs.user_cache_dir`` (``$XDG_CACHE_HOME``), private
  (0700), where backup tools skip them and where deleting them is always harmless.
  The full sessions are always built from the month files themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path

from hipext_tui.domain.stored import summary_from_row, summary_row
from hipext_tui.domain.workout import SessionSummary
from hipext_tui.store import files
from hipext_tui.store.errors import StoreError

CODE_VERSION = b"hipext-summaries-3"
MAX_BYTES = 1 << 24

Entries = list[tuple[int, SessionSummary]]


def cache_root() -> Path:
    """The folder of the summary cache (``HIPEXT_CACHE_DIR`` overrides it)."""
    override = os.environ.get("HIPEXT_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("hipext", appauthor=False)) / "summaries"


def entry_path(content_digest: bytes, root: Path | None = None) -> Path:
    """Where the summaries of a month file whose bytes hash to ``content_digest`` go."""
    name = hashlib.blake2b(CODE_VERSION + content_digest, digest_size=20).hexdigest()
    return (root or cache_root()) / f"{name}.json"


def load(content_digest: bytes) -> Entries | None:
    """The cached summaries (by document id) for those bytes; None on any doubt."""
    payload = files.read_quietly(entry_path(content_digest), MAX_BYTES)
    if payload is None:
        return None
    try:
        rows = json.loads(payload)
        entries = [(doc_id, summary_from_row(row)) for doc_id, row in rows]
        if not all(type(doc_id) is int for doc_id, _ in entries):
            return None
        return entries
    except (ValueError, TypeError, RecursionError):
        return None


def save(content_digest: bytes, entries: Entries) -> None:
    """Write the entry for those bytes, atomically; never raises."""
    try:
        body = json.dumps([[d, summary_row(s)] for d, s in entries], allow_nan=False)
    except ValueError:
        return
    write_quietly(entry_path(content_digest), body.encode())


def write_quietly(target: Path, body: bytes) -> None:
    """Replace the cache file ``target`` (under :func:`cache_root`) with ``body``: temp
    file + rename, in private folders (the root is checked first, so a folder others
    can write is never used); never raises: a cache that cannot be written is simply
    not there."""
    folder = target.parent
    temp = folder / f".{target.name}{files.TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        files.make_dir(cache_root())
        files.make_dir(folder)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.FILE_MODE)
        try:
            os.write(fd, body)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except (OSError, StoreError, ValueError):
        files.remove_quietly(temp)
