"""The summary cache: what start-up and the history list read, without parsing months.

Parsing ten years of month files (~6 MB of JSON) costs more than anything else at
start-up, yet start-up and the history list need only one :class:`SessionSummary` per
session. So for each month file, the summaries of its sessions are kept in a small
JSON file named by a hash of the month file's exact bytes and of :data:`CODE_VERSION`:

    ~/.cache/hipext/summaries/<XXH3 of (code version, digest of the month file)>.json

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
* Entries live under the user cache dir (``$XDG_CACHE_HOME``, as platformdirs names
  it), private (0700), where backup tools skip them and where deleting them is always harmless.
  The full sessions are always built from the month files themselves.
* A write does not wait for the entry of the bytes it wrote: it hands over the stored
  documents it changed (:func:`save_later`), and they are decoded and the entry written
  when the store is closed or the process exits (:func:`flush`). A process killed
  before that leaves no entry, and the next reader builds it from the JSON.
"""

from __future__ import annotations

import atexit
import json
import os
from collections.abc import Iterable
from pathlib import Path

from hipext_tui.domain.stored import decode_summary, summary_from_row, summary_row
from hipext_tui.domain.workout import SessionSummary, ValidationError
from hipext_tui.store import files, folders
from hipext_tui.store.errors import StoreError
from hipext_tui.store.storage import name_of

CODE_VERSION = b"hipext-summaries-5"
MAX_BYTES = 1 << 24

Entries = list[tuple[int, SessionSummary]]


def cache_root() -> Path:
    """The folder of the summary cache (``HIPEXT_CACHE_DIR`` overrides it)."""
    override = os.environ.get("HIPEXT_CACHE_DIR")
    if override:
        return Path(override)
    from hipext_tui.paths import user_dir

    return user_dir("cache") / "summaries"


def entry_path(content_digest: bytes, root: Path | None = None) -> Path:
    """Where the summaries of a month file whose bytes hash to ``content_digest`` go."""
    return (root or cache_root()) / f"{name_of(CODE_VERSION, content_digest)}.json"


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


def save(content_digest: bytes, entries: Entries, root: Path | None = None) -> None:
    """Write the entry for those bytes, atomically; never raises."""
    try:
        body = json.dumps([[d, summary_row(s)] for d, s in entries], allow_nan=False)
    except ValueError:
        return
    root = root or cache_root()
    write_quietly(entry_path(content_digest, root), body.encode(), root)


def write_quietly(target: Path, body: bytes, root: Path | None = None) -> None:
    """Replace the cache file ``target`` (under ``root``, default :func:`cache_root`)
    with ``body``: temp file + rename, in private folders (the root is checked first, so
    a folder others can write is never used); never raises: a cache that cannot be
    written is simply not there."""
    root = root or cache_root()
    folder = target.parent
    temp = files.temp_path(target)
    try:
        folders.make_dir(root)
        if folder != root:
            folders.make_dir(folder)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.FILE_MODE)
        try:
            os.write(fd, body)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except (OSError, StoreError, ValueError):
        files.remove_quietly(temp)


class Entry:
    """The summaries of one version of a month file, by document id: those decoded from
    its JSON, plus stored documents of that version still to be decoded (the ones a write
    changed, as the JSON text written, so no later change in memory can alter them),
    decoded when first needed."""

    __slots__ = ("_decoded", "_docs")

    def __init__(
        self, decoded: dict[int, SessionSummary], docs: dict[int, str] | None = None
    ) -> None:
        self._decoded = decoded
        self._docs = docs or {}

    def keys(self) -> set[int]:
        """The document ids this version holds."""
        return set(self._decoded) | set(self._docs)

    def with_docs(self, docs: dict[int, str]) -> Entry:
        """The entry of the next version, in which only ``docs`` (copies) changed."""
        return Entry(self._decoded, {**self._docs, **docs})

    def summaries(self) -> dict[int, SessionSummary] | None:
        """Every summary (the waiting documents decoded now); None if one is bad."""
        if self._docs:
            try:
                fresh = {d: decode_summary(json.loads(raw)) for d, raw in self._docs.items()}
            except (ValidationError, ValueError, RecursionError):
                return None
            self._decoded = {**self._decoded, **fresh}
            self._docs = {}
        return self._decoded


_pending: dict[str, tuple[Path, bytes, Entry]] = {}
_exit_hook: list[object] = []  # not empty once flush is registered to run at exit


def save_later(key: str, content_digest: bytes, entry: Entry) -> None:
    """Write ``entry`` for those bytes at the next :func:`flush` (at the latest when the
    process exits), into the cache folder of now; a later call with the same ``key``
    (month file) replaces it."""
    if not _exit_hook:
        atexit.register(flush)
        _exit_hook.append(flush)
    _pending[key] = (cache_root(), content_digest, entry)


def flush(keys: Iterable[str] | None = None) -> None:
    """Write the entries waiting for ``keys`` (all when None); never raises."""
    for key in list(_pending) if keys is None else list(keys):
        waiting = _pending.pop(key, None)
        if waiting is None:
            continue
        root, content_digest, entry = waiting
        summaries = entry.summaries()
        if summaries is not None:
            save(content_digest, list(summaries.items()), root)
