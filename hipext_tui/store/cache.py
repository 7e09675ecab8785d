"""A sidecar cache that lets a new process load ten years of sessions about twice as fast.

Parsing ~6 MB of JSON costs more than building the Session objects from it. After each
write, the writer (still holding the lock) saves next to the shard two ``marshal`` files,
each stamped with the signature (inode, size, mtime) of the shard file they were made
from:

* ``sessions-YYYY-MM.marshal``: the shard's sessions flattened to plain tuples
  (:func:`codec.parts_of`), from which the full Session objects are built;
* ``sessions-YYYY-MM.summary``: one :class:`SessionSummary` per session
  (:func:`codec.summary_row`), a few dozen values each, which is all that start-up and
  the history list read. Ten years of them load in a few milliseconds.

A reader uses a file only while the shard's signature is still exactly its stamp;
otherwise, and on any doubt (bad checksum, other Python version, unexpected values), it
falls back (summaries from the sessions file, then anything from the JSON). A reader
that had to fall back never writes the missing file itself; the next write, which holds
the lock, writes the summaries of every shard read without them (see ``Shard``).

The cache is never the truth: it is written without fsync, readers never write it, and
deleting ``<store>.d/cache/`` at any time is harmless. Only plain values go in (marshal
loads no code), and the directory is private (0700) like the rest of the store.
"""

from __future__ import annotations

import marshal
import os
import secrets
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hipext_tui.domain.workout import Session, SessionSummary
from hipext_tui.store import files
from hipext_tui.store.codec import (
    parts_of,
    session_from_parts,
    summary_from_parts,
    summary_from_row,
    summary_row,
)
from hipext_tui.store.errors import StoreError

CACHE_DIR = "cache"
MAGIC = b"HXC1"
SUMMARY_MAGIC = b"HXS1"
FORMAT = 1
_PYTHON = tuple(sys.version_info[:2])


def cache_file(shard_path: Path) -> Path:
    """Where the flattened sessions of ``shard_path`` are cached."""
    return shard_path.parent / CACHE_DIR / (shard_path.stem + ".marshal")


def summary_file(shard_path: Path) -> Path:
    """Where the session summaries of ``shard_path`` are cached."""
    return shard_path.parent / CACHE_DIR / (shard_path.stem + ".summary")


def save(
    shard_path: Path,
    sig: files.Signature,
    docs: Mapping[str, Any],
    summaries: list[tuple[int, SessionSummary]] | None = None,
) -> None:
    """Write both caches of a shard just committed as version ``sig``; never raises.

    ``summaries`` are those of ``docs`` when the caller already knows them; otherwise
    they are worked out here.
    """
    try:
        parts = tuple((int(doc_id), parts_of(raw)) for doc_id, raw in docs.items())
    except (KeyError, TypeError, ValueError, AttributeError):
        parts = None  # odd data: readers will use the JSON
    _write(cache_file(shard_path), MAGIC, sig, parts)
    if parts is None:
        summaries = None
    elif summaries is None:
        try:
            summaries = [(doc_id, summary_from_parts(p)) for doc_id, p in parts]
        except (KeyError, TypeError, ValueError, AttributeError):
            summaries = None
    save_summaries(shard_path, sig, summaries)


def save_summaries(
    shard_path: Path, sig: files.Signature, summaries: list[tuple[int, SessionSummary]] | None
) -> None:
    """Write the summary cache of version ``sig`` of a shard (remove it for None)."""
    rows = None if summaries is None else tuple((d, summary_row(s)) for d, s in summaries)
    _write(summary_file(shard_path), SUMMARY_MAGIC, sig, rows)


def load(shard_path: Path, sig: files.Signature) -> list[tuple[int, Session]] | None:
    """The sessions of the shard at version ``sig`` from its cache; None if unusable."""
    entries = _read(cache_file(shard_path), MAGIC, sig)
    if entries is None:
        return None
    try:
        return [(doc_id, session_from_parts(parts)) for doc_id, parts in entries]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def load_summaries(
    shard_path: Path, sig: files.Signature
) -> list[tuple[int, SessionSummary]] | None:
    """The session summaries of the shard at version ``sig`` from the summary file;
    None if unusable."""
    rows = _read(summary_file(shard_path), SUMMARY_MAGIC, sig)
    if rows is None:
        return None
    try:
        return [(doc_id, summary_from_row(row)) for doc_id, row in rows]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def summaries_from_sessions_cache(
    shard_path: Path, sig: files.Signature
) -> list[tuple[int, SessionSummary]] | None:
    """The session summaries worked out from the flattened sessions (a cache written
    before summaries existed, or whose summary file is gone) without building any set;
    None if unusable."""
    entries = _read(cache_file(shard_path), MAGIC, sig)
    if entries is None:
        return None
    try:
        return [(doc_id, summary_from_parts(parts)) for doc_id, parts in entries]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _write(target: Path, magic: bytes, sig: files.Signature, entries: Any) -> None:
    """Replace ``target`` with ``entries`` stamped with ``sig``, or remove it when
    ``entries`` is None or cannot be written."""
    if entries is None:
        files.remove_quietly(target)
        return
    try:
        body = marshal.dumps((FORMAT, _PYTHON, tuple(sig), entries))
    except ValueError:  # a value marshal cannot hold
        files.remove_quietly(target)
        return
    payload = magic + zlib.crc32(body).to_bytes(4, "little") + body
    temp = target.with_name(f".{target.name}{files.TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        if not target.parent.is_dir():
            os.mkdir(target.parent, files.DIR_MODE)
        if not files.check_dir(target.parent):
            return
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.FILE_MODE)
        try:
            os.write(fd, payload)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except (OSError, StoreError):
        files.remove_quietly(temp)


def _read(target: Path, magic: bytes, sig: files.Signature) -> Any:
    """The entries ``target`` holds for shard version ``sig``; None if unusable."""
    payload = files.read_quietly(target, 1 << 26)
    if payload is not None:
        if payload[:4] != magic:
            return None
        body = payload[8:]
        if zlib.crc32(body) != int.from_bytes(payload[4:8], "little"):
            return None
        try:
            fmt, python, stamp, entries = marshal.loads(body)
            if fmt != FORMAT or tuple(python) != _PYTHON or tuple(stamp) != tuple(sig):
                return None
        except (EOFError, KeyError, TypeError, ValueError, AttributeError):
            return None
        return entries
    return None
