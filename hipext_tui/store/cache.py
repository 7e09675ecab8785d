"""A sidecar cache that lets a new process load ten years of sessions about twice as fast.

Parsing ~6 MB of JSON costs more than building the Session objects from it. After each
write, the writer (still holding the lock) saves next to the shard a ``marshal`` copy of
the shard's sessions flattened to plain tuples (:func:`codec.parts_of`), stamped with the
signature (inode, size, mtime) of the shard file it was made from. A reader uses the
copy only while the shard's signature is still exactly that; otherwise, and on any
doubt (bad checksum, other Python version, unexpected values), it reads the JSON.

The cache is never the truth: it is written without fsync, readers never write it, and
deleting ``<store>.d/cache/`` at any time is harmless. Only plain values go in (marshal
loads no code), and the directory is private (0700) like the rest of the store.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import secrets
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hipext_tui.domain.workout import Session
from hipext_tui.store import files
from hipext_tui.store.codec import parts_of, session_from_parts

CACHE_DIR = "cache"
MAGIC = b"HXC1"
FORMAT = 1
_PYTHON = tuple(sys.version_info[:2])


def cache_file(shard_path: Path) -> Path:
    """Where the cache of ``shard_path`` lives."""
    return shard_path.parent / CACHE_DIR / (shard_path.stem + ".marshal")


def save(shard_path: Path, sig: files.Signature, docs: Mapping[str, Any]) -> None:
    """Write the cache of a shard just committed as version ``sig``; never raises."""
    target = cache_file(shard_path)
    try:
        entries = tuple((int(doc_id), parts_of(raw)) for doc_id, raw in docs.items())
        body = marshal.dumps((FORMAT, _PYTHON, tuple(sig), entries))
    except (KeyError, TypeError, ValueError, AttributeError):
        files.remove_quietly(target)  # odd data: readers will use the JSON
        return
    payload = MAGIC + zlib.crc32(body).to_bytes(4, "little") + body
    temp = target.with_name(f".{target.name}{files.TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        if not target.parent.is_dir():
            os.mkdir(target.parent, files.DIR_MODE)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.FILE_MODE)
        try:
            os.write(fd, payload)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError:
        files.remove_quietly(temp)
        files.remove_quietly(target)


def load(shard_path: Path, sig: files.Signature) -> list[tuple[int, Session]] | None:
    """The sessions of the shard at version ``sig`` from its cache; None if unusable."""
    with contextlib.suppress(OSError), open(cache_file(shard_path), "rb") as handle:
        payload = handle.read()
        if payload[:4] != MAGIC:
            return None
        body = payload[8:]
        if zlib.crc32(body) != int.from_bytes(payload[4:8], "little"):
            return None
        try:
            fmt, python, stamp, entries = marshal.loads(body)
            if fmt != FORMAT or tuple(python) != _PYTHON or tuple(stamp) != tuple(sig):
                return None
            return [(doc_id, session_from_parts(parts)) for doc_id, parts in entries]
        except (EOFError, KeyError, TypeError, ValueError, AttributeError):
            return None
    return None
