"""Crash-safe file primitives: safe reads, atomic durable replace, multi-file commit.

A file is never rewritten in place. New contents go to a temporary file in the same
directory, which is flushed and fsynced, then renamed over the old name with
``os.replace`` (atomic on POSIX), and finally the directory itself is fsynced so that
the rename survives a power cut. Whatever instant a process dies at, the name points
to either the complete old file or the complete new one; at worst a stray temporary
file is left behind, which the next writer removes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hipext_tui.store.errors import StoreError

FILE_MODE = 0o600
TEMP_MARK = ".tmp-"

# (inode, size, mtime in ns): if any of them differs, another process replaced the file.
Signature = tuple[int, int, int]

# A path for the reads: a string where many files are read at once (a pathlib object per
# file costs more than reading a small one).
StrPath = str | Path


def signature(st: os.stat_result) -> Signature:
    """What identifies one version of a file on disk."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def describe(exc: OSError) -> str:
    """A short, human reason for an OS error ("No space left on device")."""
    if exc.errno is not None:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


# Never follow a link inside a store, never wait on a FIFO, never inherit into a child.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _not_regular(path: StrPath, mode: int) -> StoreError:
    if stat.S_ISDIR(mode):
        return StoreError(f"{path}: is a directory, not a store file")
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or (stat.S_ISBLK(mode))
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    return StoreError(f"{path}: is {kind}, not a regular file; hipext reads only regular files")


def open_regular(path: StrPath) -> int | None:
    """A read-only descriptor of the regular file ``path``; None if absent.

    StoreError for a symbolic link, a FIFO, a device or anything else that is not a
    regular file (checked on the open descriptor, so nothing can be swapped in between).
    """
    opened = _open_regular(path)
    return None if opened is None else opened[0]


def _open_regular(path: StrPath) -> tuple[int, os.stat_result] | None:
    """:func:`open_regular`, with the descriptor's stat."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(
                f"{path}: is a symbolic link; hipext does not follow links inside a store"
            ) from None
        if exc.errno == errno.EISDIR:
            raise StoreError(f"{path}: is a directory, not a store file") from None
        raise StoreError(f"{path}: cannot be read ({describe(exc)})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise _not_regular(path, st.st_mode)
    return fd, st


def read_file(path: StrPath) -> tuple[bytes, Signature] | None:
    """The bytes of the regular file ``path`` and the signature of exactly that version;
    None if absent (StoreError for anything but a regular file)."""
    opened = _open_regular(path)
    if opened is None:
        return None
    # The stat of the open descriptor, so the signature matches the bytes read even if
    # another process replaces the file meanwhile.
    fd, st = opened
    try:
        # One read asks for a byte more than the file holds: a short read is the end
        # (a file that grew meanwhile is read on to its end).
        chunks = [os.read(fd, st.st_size + 1)]
        while len(chunks) > 1 or len(chunks[0]) > st.st_size:
            chunk = os.read(fd, max(st.st_size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks), signature(st)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({describe(exc)})") from None
    finally:
        os.close(fd)


def read_quietly(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` if it is one and at most ``limit`` bytes
    long; None on any problem (for caches, which may always be missing)."""
    try:
        opened = _open_regular(path)
    except StoreError:
        return None
    if opened is None:
        return None
    fd, st = opened
    try:
        if st.st_size > limit:
            return None
        return os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def stat_signature(path: StrPath) -> Signature | None:
    """The current signature of ``path``, or None when it does not exist."""
    try:
        return signature(os.lstat(path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({describe(exc)})") from None


@dataclass
class PendingWrite:
    """A complete, fsynced temporary file waiting to be renamed over ``target``."""

    target: Path
    temp: Path
    signature: Signature


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside ``target``: this process's id and random bytes
    (from ``os.urandom``, as ``secrets`` would, without importing it into every write),
    in the form :func:`remove_stale_temps` knows."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")


def prepare(target: Path, payload: bytes) -> PendingWrite:
    """Write ``payload`` to a fresh temporary file next to ``target`` and fsync it."""
    temp = temp_path(target)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as exc:
        raise _write_error(target, exc) from None
    try:
        try:
            os.fchmod(fd, FILE_MODE)  # a strict umask may only remove bits; make it exact
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        remove_quietly(temp)
        raise _write_error(target, exc) from None
    # The rename keeps inode, size and mtime, so this is the signature of the final file.
    return PendingWrite(target, temp, signature(st))


def commit(pending: list[PendingWrite], journal: Path | None = None) -> None:
    """Rename every prepared file into place, in order, then fsync their directories.

    With more than one file and a ``journal`` path, the renames are first written to
    that small file (atomically, fsynced): a process killed between two renames leaves
    it behind, and :func:`recover` (run before anyone reads or writes the store next)
    does the remaining renames, so the change is whole or absent, never half. If a rename
    fails, the journal and the files not yet renamed are kept for :func:`recover`;
    without a journal, those files are removed. Either way StoreError is raised.
    """
    journaled = journal is not None and len(pending) > 1
    if journaled:
        assert journal is not None
        base = journal.parent
        plan = [[os.path.relpath(i.temp, base), os.path.relpath(i.target, base)] for i in pending]
        try:
            atomic_write(journal, json.dumps({"renames": plan}).encode())
        except StoreError:
            discard(pending)
            raise
    done = 0
    try:
        for item in pending:
            os.replace(item.temp, item.target)
            done += 1
    except OSError as exc:
        if not journaled:
            discard(pending[done:])
            raise _write_error(pending[done].target, exc) from None
        raise StoreError(
            f"{pending[done].target}: could not be saved ({describe(exc)}); the change is "
            "half done and the next hipext command completes it"
        ) from None
    _sync_dirs(item.target.parent for item in pending)
    if journaled:
        assert journal is not None
        _finish(journal)


def _sync_dirs(directories: Iterable[Path]) -> None:
    for directory in dict.fromkeys(directories):
        try:
            fsync_dir(directory)
        except OSError as exc:
            raise StoreError(
                f"{directory}: saved, but the disk did not confirm it ({describe(exc)})"
            ) from None


def _finish(journal: Path) -> None:
    try:
        os.unlink(journal)
        fsync_dir(journal.parent)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"{journal}: cannot be removed ({describe(exc)})") from None


def recover(journal: Path) -> bool:
    """Finish the multi-file commit a killed process left in ``journal`` (call under the
    write lock): rename each prepared file still there into place, then remove the
    journal. True when there was one."""
    found = read_file(journal)
    if found is None:
        return False
    base = journal.parent
    try:
        plan = json.loads(found[0])["renames"]
        pairs = [(base / temp, base / target) for temp, target in plan]
        if not all(_inside(base, p) for pair in pairs for p in pair):
            raise ValueError("outside the store")
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            f"{journal}: not an unfinished hipext commit ({exc}); remove it if you did not "
            "put it there"
        ) from None
    for temp, target in pairs:
        try:
            os.replace(temp, target)
        except FileNotFoundError:
            continue  # renamed before the process died
        except OSError as exc:
            raise StoreError(
                f"{target}: cannot finish an interrupted save ({describe(exc)})"
            ) from None
    _sync_dirs(target.parent for _, target in pairs)
    _finish(journal)
    return True


def _inside(base: Path, path: Path) -> bool:
    return path.is_relative_to(base) and ".." not in path.relative_to(base).parts


def discard(pending: list[PendingWrite]) -> None:
    """Remove prepared temporary files that will not be committed."""
    for item in pending:
        remove_quietly(item.temp)


def atomic_write(target: Path, payload: bytes) -> Signature:
    """Replace ``target`` with ``payload`` durably and atomically; its new signature."""
    item = prepare(target, payload)
    commit([item])
    return item.signature


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it is there; cleanup must never hide the original error."""
    with contextlib.suppress(OSError):
        os.unlink(path)


STALE_AFTER = 3600.0  # seconds: a temp file this old is left over whoever wrote it


def remove_stale_temps(directory: Path, *prefixes: str) -> None:
    """Delete temporary files a killed writer left behind (call only under the lock),
    those of the files whose temp names start with one of ``prefixes``.

    Only provably stale ones: the process named in the file name is gone, or the file
    is over an hour old. Another process's file in flight is never touched.
    """
    try:
        names = os.listdir(directory)
    except OSError:
        return
    now = time.time()
    for name in names:
        if name.startswith(prefixes) and TEMP_MARK in name:
            path = directory / name
            try:
                old = now - os.lstat(path).st_mtime > STALE_AFTER
            except OSError:
                continue
            if old or not _running(_writer_pid(name)):
                remove_quietly(path)


def _writer_pid(name: str) -> int | None:
    """The pid a temp name carries (``.NAME.tmp-PID-RANDOM``)."""
    tail = name.rsplit(TEMP_MARK, 1)[-1]
    pid = tail.split("-", 1)[0]
    return int(pid) if pid.isascii() and pid.isdigit() else None


def _running(pid: int | None) -> bool:
    if pid is None or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid < 2**22  # someone else's live process (or a pid that cannot exist)
    return True


def _write_error(target: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"{target}: could not be saved ({describe(exc)}); the file on disk is unchanged"
    )
