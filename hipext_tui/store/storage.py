"""A TinyDB ``Storage`` that is validated, cached, atomic and durable.

TinyDB's own ``JSONStorage`` rewrites its file in place (a crash mid-write leaves half
a file), creates an empty file when asked to read a missing one, and re-parses the whole
file on every operation. :class:`DurableJSONStorage` instead:

* reads the file once and keeps the parsed data until the file's signature (inode,
  size, mtime) changes, which is how it notices another process's writes;
* checks the TinyDB shape (an object of tables, each an object of numbered documents)
  and raises :class:`StoreError` naming the file and the problem, never writing to it;
* writes through :func:`files.atomic_write`, or, inside a transaction, only records
  the new data so that the transaction can write every touched file once at the end.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from hipext_tui.store import files
from hipext_tui.store.errors import StoreError

Tables = dict[str, dict[str, Any]]

# Every change of the data held by any storage gets a new number from this counter, so
# caches built from a storage can tell "same data" from "reloaded" even across objects.
_versions = itertools.count(1)


def digest(payload: bytes) -> bytes:
    """A short fingerprint of a file's bytes."""
    return hashlib.blake2b(payload, digest_size=16).digest()


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


class DurableJSONStorage(Storage):
    """One TinyDB JSON file, read lazily and replaced atomically on every write."""

    def __init__(
        self, path: Path, *, indent: int | None = None, stamp: Tables | None = None
    ) -> None:
        self.path = path
        self.indent = indent
        self.stamp = stamp  # tables every write includes (a month file's schema version)
        self._data: Tables | None = None
        self._sig: files.Signature | None = None
        self._digest: bytes | None = None  # of the bytes behind _data, when known
        self._loaded = False
        self.version = next(_versions)
        self.in_transaction = False
        self.dirty = False

    # -- reading ------------------------------------------------------------
    @property
    def signature(self) -> files.Signature | None:
        """The signature of the version held in memory (None: no file)."""
        return self._sig

    @property
    def data(self) -> Tables | None:
        """The parsed tables held in memory (call :meth:`refresh` first)."""
        return self._data

    @property
    def loaded(self) -> bool:
        """True once the file was read (or found missing) and not invalidated since."""
        return self._loaded

    def exists(self) -> bool:
        """True when the file was present at the last refresh."""
        return self._data is not None

    def refresh(self, *, verify: bool = False) -> bool:
        """Re-read the file if it changed on disk; True when the data in memory changed.

        Normally a matching signature means "unchanged". With ``verify`` (used under the
        write lock) the bytes are read and compared too: on a file system with coarse
        timestamps a reused inode number, an equal size and an equal mtime could
        otherwise hide another process's write, and a write must never build on stale data.
        """
        if not verify and self._loaded and files.stat_signature(self.path) == self._sig:
            return False
        found = files.read_file(self.path)
        if found is None:
            if self._loaded and self._data is None:
                return False
            self._set(None, None, None)
            return True
        payload, sig = found
        fingerprint = digest(payload) if verify else None
        if verify and self._loaded and self._data is not None and fingerprint == self._digest:
            self._sig = sig
            return False
        self._set(decode(self.path, payload), sig, fingerprint)
        return True

    def _set(self, data: Tables | None, sig: files.Signature | None, fp: bytes | None) -> None:
        self._data, self._sig, self._digest = data, sig, fp
        self._loaded = True
        self.version = next(_versions)

    def invalidate(self) -> None:
        """Forget the data in memory; the next refresh reads the file again."""
        self._data, self._sig, self._digest, self._loaded = None, None, None, False
        self.version = next(_versions)
        self.in_transaction = False
        self.dirty = False

    def read(self) -> Tables | None:
        """TinyDB's read: the current tables (reloaded if another process changed them)."""
        if not self.in_transaction:
            self.refresh()
        return self._data

    # -- writing ------------------------------------------------------------
    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's write: durable at once, or recorded until the transaction commits."""
        if self.stamp:
            data.update(copy.deepcopy(self.stamp))
        self._data = data
        self.version = next(_versions)
        if self.in_transaction:
            self.dirty = True
            return
        payload = self.encode()
        try:
            sig = files.atomic_write(self.path, payload)
        except StoreError:
            self.invalidate()
            raise
        self.committed(sig, digest(payload))

    def encode(self) -> bytes:
        """The bytes to put on disk for the data in memory."""
        return (
            json.dumps(
                self._data or {},
                ensure_ascii=False,
                allow_nan=False,
                indent=self.indent,
                separators=(",", ": ") if self.indent is not None else (",", ":"),
            )
            + "\n"
        ).encode("utf-8")

    def committed(self, sig: files.Signature, fingerprint: bytes) -> None:
        """Record that the data in memory is now on disk as version ``sig``."""
        self._sig = sig
        self._digest = fingerprint
        self._loaded = True
        self.in_transaction = False
        self.dirty = False

    def close(self) -> None:
        """Nothing stays open between operations; drop the cached data."""
        self.invalidate()


def decode(path: Path, payload: bytes) -> Tables:
    """Parse and shape-check one TinyDB JSON file; StoreError names the file and problem."""
    if not payload.strip():
        raise StoreError(f"{path}: the file is empty (not a hipext store)")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"{path}: not UTF-8 text (byte 0x{payload[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        raw = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path}: not valid JSON, the file is truncated or damaged "
            f"({exc.msg.removesuffix(' at')} at line {exc.lineno} column {exc.colno})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{path}: not valid JSON ({exc})") from None
    check_shape(path, raw)
    return raw  # type: ignore[no-any-return]


def check_shape(path: Path, raw: Any) -> None:
    """Check the TinyDB layout: {table: {"<number>": {document}}}."""
    if not isinstance(raw, dict):
        raise StoreError(
            f"{path}: wrong shape: the top level is {_kind(raw)}, expected an object of tables"
        )
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise StoreError(
                f"{path}: wrong shape: table '{name}' is {_kind(table)}, expected an object"
            )
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()):
                raise StoreError(
                    f"{path}: wrong shape: table '{name}' has document key '{doc_id}', "
                    "expected a number"
                )
            if not isinstance(doc, dict):
                raise StoreError(
                    f"{path}: wrong shape: document {doc_id} of table '{name}' is "
                    f"{_kind(doc)}, expected an object"
                )


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "an object"
