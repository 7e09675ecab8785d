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
import itertools
import json
from pathlib import Path
from typing import Any

import xxhash

from hipext_tui.domain.stored import kind_of
from hipext_tui.store import files
from hipext_tui.store.doc_texts import Appended, Texts, appended_text, parse_with_texts
from hipext_tui.store.errors import StoreError

Tables = dict[str, dict[str, Any]]

# Every change of the data held by any storage gets a new number from this counter, so
# caches built from a storage can tell "same data" from "reloaded" even across objects.
_versions = itertools.count(1)


def digest(payload: bytes) -> bytes:
    """The fingerprint of a file's bytes: the 128-bit XXH3 hash, which every cache is
    keyed by and every write checks. Every start hashes every month file, so its speed
    is what the first screen waits for (about 30 GB/s, where SHA-256 runs at 1-2);
    a cache is not a defence against someone who can write the store itself, so it
    needs no cryptographic hash, only one that equal bytes alone share."""
    return xxhash.xxh3_128_digest(payload)


def name_of(*parts: bytes | str) -> str:
    """A file name made from ``parts`` (a code version, a zone, a content key...)."""
    joined = b"\0".join(p.encode() if isinstance(p, str) else p for p in parts)
    return xxhash.xxh3_128_hexdigest(joined)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


class DurableJSONStorage:
    """One TinyDB JSON file, read lazily and replaced atomically on every write.

    It is what TinyDB calls a storage (``read``, ``write``, ``close``) without deriving
    from TinyDB's base class: reading the store (the first screen, ``streak``,
    ``status``) then never imports TinyDB, which only writes need.
    """

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
        # The encoded text of each document at version _texts_version, those of them
        # this encoder wrote (not kept from the file), and the documents touched since,
        # each with what the write added when it only appended (see touched, encode).
        self._texts: dict[tuple[str, str], str] = {}
        self._texts_version = -1
        self._own: set[tuple[str, str]] = set()
        self._touched: tuple[int, int, dict[tuple[str, str], Appended | None]] | None = None

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
        fingerprint = digest(payload)  # known, so that a check under the lock can skip parsing
        if verify and self._loaded and self._data is not None and fingerprint == self._digest:
            self._sig = sig
            return False
        self._load(payload, sig, fingerprint)
        return True

    def take(self, payload: bytes, sig: files.Signature, fingerprint: bytes) -> None:
        """Adopt bytes the caller has just read from the file (version ``sig``)."""
        if self._loaded and self._data is not None and fingerprint == self._digest:
            self._sig = sig
            return
        self._load(payload, sig, fingerprint)

    def _load(self, payload: bytes, sig: files.Signature, fingerprint: bytes | None) -> None:
        """Parse ``payload``; a compact file's document texts are kept for the next
        encode, except those of the tables every write stamps anew."""
        if self.indent is not None:
            self._set(decode(self.path, payload), sig, fingerprint)
            return
        texts: Texts = {}
        self._set(decode(self.path, payload, texts), sig, fingerprint)
        for key in [k for k in texts if k[0] in (self.stamp or {})]:
            del texts[key]
        self._texts, self._texts_version, self._own = texts, self.version, set()

    @property
    def fingerprint(self) -> bytes | None:
        """The hash of the bytes behind the data in memory, when known."""
        return self._digest

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

    def touched(
        self, table: str, doc_id: int, before: int, after: int, appended: Appended | None = None
    ) -> None:
        """Inside a write: document ``doc_id`` of ``table`` changed (or appeared), and
        nothing else, taking the data from version ``before`` to ``after``; with
        ``appended`` (list name, item), the change only added that item at the end of
        that list.

        :meth:`encode` then re-encodes only the documents named since the version it
        last encoded (an appended item alone, see :func:`appended_text`). The chain of
        versions is the guard: any write not reported here (every TinyDB write makes a
        new version) breaks it, and the next encode is whole.
        """
        key = (table, str(doc_id))
        if self._touched is not None and self._touched[1] == before:
            edits = self._touched[2]
            edits[key] = None if key in edits else appended  # two changes: encode it whole
            self._touched = (self._touched[0], after, edits)
        else:
            self._touched = (before, after, {key: appended})

    def encode(self) -> bytes:
        """The bytes to put on disk for the data in memory."""
        touched, self._touched = self._touched, None
        if self.indent is None:
            return self._encode_compact(touched)
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

    def _encode_compact(
        self, touched: tuple[int, int, dict[tuple[str, str], Appended | None]] | None
    ) -> bytes:
        """``json.dumps(data, separators=(",", ":"))`` to the byte, from the encoded text
        of each document kept from the last encode (or from the file, when it was read
        and not changed since), re-encoding only the touched ones (all of them unless the
        touched chain starts at the version last encoded or read). A document kept from
        the file keeps its text there, which is this encoder's unless a hand edit made
        it otherwise."""
        reuse = (
            self._texts
            if touched is not None
            and touched[0] == self._texts_version
            and touched[1] == self.version
            else {}
        )
        changed = touched[2] if touched is not None else {}
        own = self._own if reuse else set()
        texts: dict[tuple[str, str], str] = {}
        mine: set[tuple[str, str]] = set()
        tables = []
        for name, table in (self._data or {}).items():
            docs = []
            for doc_id, doc in table.items():
                key = (name, doc_id)
                text = reuse.get(key)
                if key in changed:
                    appended = changed[key]
                    if text is not None and appended is not None and key in own:
                        text = appended_text(text, doc, appended, _dumps)
                    else:
                        text = None
                if text is None:
                    text = _dumps(doc)
                    mine.add(key)
                elif key in own:
                    mine.add(key)
                texts[key] = text
                docs.append(f"{_dumps(doc_id)}:{text}")
            tables.append(f"{_dumps(name)}:{{{','.join(docs)}}}")
        self._texts, self._texts_version, self._own = texts, self.version, mine
        return ("{" + ",".join(tables) + "}\n").encode("utf-8")

    def encoded(self, table: str, doc_id: int) -> str | None:
        """The JSON text of one document as the last encode wrote it, if the data has not
        changed since."""
        if self._texts_version != self.version:
            return None
        return self._texts.get((table, str(doc_id)))

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


_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def decode(path: Path, payload: bytes, texts: Texts | None = None) -> Tables:
    """Parse and shape-check one TinyDB JSON file; StoreError names the file and problem.

    With ``texts``, the JSON text of each document of a compact file goes into it
    (:func:`~hipext_tui.store.doc_texts.parse_with_texts`).
    """
    if not payload.strip():
        raise StoreError(f"{path}: the file is empty (not a hipext store)")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"{path}: not UTF-8 text (byte 0x{payload[exc.start]:02x} at offset {exc.start})"
        ) from None
    found = parse_with_texts(text, _refuse_constant) if texts is not None else None
    if found is not None and texts is not None:
        raw, kept = found
        texts.update(kept)
    else:
        raw = _loads(path, text)
    check_shape(path, raw)
    return raw


def _loads(path: Path, text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path}: not valid JSON, the file is truncated or damaged "
            f"({exc.msg.removesuffix(' at')} at line {exc.lineno} column {exc.colno})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{path}: not valid JSON ({exc})") from None


def check_shape(path: Path, raw: Any) -> None:
    """Check the TinyDB layout: {table: {"<number>": {document}}}."""
    if not isinstance(raw, dict):
        raise StoreError(
            f"{path}: wrong shape: the top level is {kind_of(raw)}, expected an object of tables"
        )
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise StoreError(
                f"{path}: wrong shape: table '{name}' is {kind_of(table)}, expected an object"
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
                    f"{kind_of(doc)}, expected an object"
                )
