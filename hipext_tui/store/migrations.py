"""Schema versions of the main store file and the steps that upgrade one to the next.

The version lives in the ``meta`` table of the main file as ``schema_version``.
A store is upgraded in memory when it is read, and the upgraded form reaches the disk
only with the next write (opening a store never writes to it). A version newer than
:data:`CURRENT_VERSION` is refused: an older program must not rewrite data it does not
understand.

History:

* 0: a TinyDB file with no ``meta`` table (what TinyDB's own storage writes).
* 1: adds ``meta`` with ``schema_version``; sessions live in monthly shard files.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hipext_tui.store.errors import StoreError

CURRENT_VERSION = 1
META_TABLE = "meta"
META_DOC = "1"

Tables = dict[str, dict[str, Any]]


def _v0_to_v1(tables: Tables) -> Tables:
    """Version 0 had the same tables without a version stamp: add the stamp."""
    tables[META_TABLE] = {META_DOC: {"schema_version": 1}}
    return tables


# MIGRATIONS[n] turns a version-n store into a version-(n+1) store.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: _v0_to_v1}


# Month files carry their own version in the same ``meta`` table (1: the first form).
SHARD_VERSION = 1
SHARD_META: Tables = {META_TABLE: {META_DOC: {"schema_version": SHARD_VERSION}}}


def schema_version(path: Path, tables: Tables, current: int = CURRENT_VERSION) -> int:
    """The version a store file declares (0 without a meta table); StoreError if it is
    not a whole number or newer than ``current`` (what this hipext reads)."""
    meta = tables.get(META_TABLE)
    if not meta:
        return 0
    doc = meta.get(META_DOC) or next(iter(meta.values()))
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StoreError(f"{path}: 'schema_version' must be a whole number, found {version!r}")
    if version > current:
        raise StoreError(
            f"{path}: written by a newer hipext (schema version {version}; "
            f"this version reads up to {current}); upgrade hipext"
        )
    return version


def upgraded(path: Path, tables: Tables) -> Tables:
    """``tables`` brought to the current version (a copy when anything changes)."""
    version = schema_version(path, tables)
    if version == CURRENT_VERSION:
        return tables
    result = copy.deepcopy(tables)
    while version < CURRENT_VERSION:
        result = MIGRATIONS[version](result)
        version += 1
    return result
