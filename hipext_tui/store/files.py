"""Crash-safe file primitives: atomic durable replace, directory creation, the process lock.

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
import fcntl
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from hipext_tui.store.errors import StoreError, StoreLockedError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_MARK = ".tmp-"

# (inode, size, mtime in ns): if any of them differs, another process replaced the file.
Signature = tuple[int, int, int]


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


def _not_regular(path: Path, mode: int) -> StoreError:
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


def open_regular(path: Path) -> int | None:
    """A read-only descriptor of the regular file ``path``; None if absent.

    StoreError for a symbolic link, a FIFO, a device or anything else that is not a
    regular file (checked on the open descriptor, so nothing can be swapped in between).
    """
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
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_regular(path, mode)
    return fd


def read_file(path: Path) -> tuple[bytes, Signature] | None:
    """The bytes of the regular file ``path`` and the signature of exactly that version;
    None if absent (StoreError for anything but a regular file)."""
    fd = open_regular(path)
    if fd is None:
        return None
    try:
        # fstat on the open descriptor, so the signature matches the bytes we read
        # even if another process replaces the file meanwhile.
        st = os.fstat(fd)
        chunks: list[bytes] = []
        while True:
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
        fd = open_regular(path)
    except StoreError:
        return None
    if fd is None:
        return None
    try:
        if os.fstat(fd).st_size > limit:
            return None
        return os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def stat_signature(path: Path) -> Signature | None:
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


def prepare(target: Path, payload: bytes) -> PendingWrite:
    """Write ``payload`` to a fresh temporary file next to ``target`` and fsync it."""
    temp = target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
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


def commit(pending: list[PendingWrite]) -> None:
    """Rename every prepared file into place, in order, then fsync their directories.

    If a rename fails, the temporary files not yet renamed are removed and StoreError is
    raised; files renamed before it keep their new contents.
    """
    done = 0
    try:
        for item in pending:
            os.replace(item.temp, item.target)
            done += 1
    except OSError as exc:
        discard(pending[done:])
        raise _write_error(pending[done].target, exc) from None
    for directory in dict.fromkeys(item.target.parent for item in pending):
        try:
            fsync_dir(directory)
        except OSError as exc:
            raise StoreError(
                f"{directory}: saved, but the disk did not confirm it ({describe(exc)})"
            ) from None


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


def remove_stale_temps(directory: Path, prefix: str) -> None:
    """Delete temporary files a killed writer left behind (call only under the lock)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and TEMP_MARK in name:
            remove_quietly(directory / name)


def make_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents, each with mode 0700 whatever the
    umask; then check it (:func:`check_dir`). Existing folders are not changed."""
    missing: list[Path] = []
    probe = directory
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            continue  # another process made it meanwhile; checked below
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create the directory ({describe(exc)})") from None
        try:
            os.chmod(folder, DIR_MODE)  # exact mode whatever the umask
            fsync_dir(folder.parent)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create the directory ({describe(exc)})") from None
    check_dir(directory)


def current_uid() -> int:
    """The effective user id (a function, so tests can stand in another user)."""
    return os.geteuid()


def check_dir(directory: Path, *, shared_ok: bool = False) -> bool:
    """Refuse a store folder that is not a real directory, that another user owns or that
    others can write (they could swap a month file); False when it does not exist.

    ``shared_ok`` is for the folder holding the main file: a folder like ``/tmp`` that
    others may write, but whose sticky bit stops them renaming our files, is accepted.
    """
    try:
        st = os.lstat(directory)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"{directory}: cannot be read ({describe(exc)})") from None
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(
            f"{directory}: is a symbolic link; hipext does not follow links inside a store"
        )
    if not stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{directory}: exists but is not a directory")
    uid = current_uid()
    if st.st_uid not in (uid, 0) and uid != 0:
        raise StoreError(
            f"{directory}: belongs to another user (uid {st.st_uid}); hipext keeps a store "
            "only in folders you own"
        )
    writable = st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if writable and not (shared_ok and st.st_mode & stat.S_ISVTX):
        raise StoreError(
            f"{directory}: others can write to this folder (mode {stat.S_IMODE(st.st_mode):o}); "
            "make it private (chmod 700) or choose another place"
        )
    return True


def check_owner(path: Path) -> None:
    """Refuse to write ``path`` unless the running user owns it: a file rewritten by
    another user (root, say) would end up theirs and lock its owner out."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({describe(exc)})") from None
    uid = current_uid()
    if st.st_uid != uid:
        raise StoreError(
            f"{path}: belongs to {_user_name(st.st_uid)}, not to you; run hipext as that "
            "user to change it (reading it is fine)"
        )


def _user_name(uid: int) -> str:
    try:
        import pwd

        return f"user {pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class ProcessLock:
    """An exclusive ``flock`` on a lock file, shared by every hipext process on a store.

    Re-entrant within one object, so a write that calls another write does not wait
    for itself. Waits up to ``timeout`` seconds for another process, then raises
    :class:`StoreLockedError`.
    """

    def __init__(self, lock_path: Path, store_path: Path, timeout: float) -> None:
        self.lock_path = lock_path
        self.store_path = store_path
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    def __enter__(self) -> ProcessLock:
        if self._depth:
            self._depth += 1
            return self
        try:
            fd = os.open(self.lock_path, _LOCK_FLAGS, FILE_MODE)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise StoreError(f"{self.lock_path}: is not a regular file; remove it")
        except OSError as exc:
            raise StoreError(
                f"{self.store_path}: cannot create the lock file {self.lock_path.name} "
                f"({describe(exc)})"
            ) from None
        deadline = time.monotonic() + self.timeout
        pause = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise StoreError(
                        f"{self.store_path}: cannot lock the store ({describe(exc)})"
                    ) from None
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StoreLockedError(
                    f"{self.store_path}: is locked by another hipext process "
                    f"(waited {self.timeout:g} s)"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        self._fd = fd
        self._depth = 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            # Closing the descriptor releases the flock.
            os.close(fd)


def _write_error(target: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"{target}: could not be saved ({describe(exc)}); the file on disk is unchanged"
    )
