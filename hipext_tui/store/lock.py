"""The cross-process write lock: an ``flock`` on the store's month folder."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from hipext_tui.store.errors import StoreError, StoreLockedError
from hipext_tui.store.files import describe
from hipext_tui.store.folders import make_dir

_LOCK_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class ProcessLock:
    """An exclusive ``flock`` on the store's month folder, shared by every hipext process.

    A folder rather than a lock file: a file can be unlinked while held, and the next
    process would then lock a new file and write alongside the holder. The folder holds
    the month files, so it cannot be removed while the store has any; after locking, the
    folder at the path is checked to be the one locked (not renamed or replaced), else
    the lock is taken again.

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
        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open()
            self._wait(fd, deadline)
            # Someone may have removed or replaced the lock file while we waited: a lock
            # on a file no longer at the path excludes nobody. Check, and try again.
            try:
                here = os.lstat(self.lock_path)
            except FileNotFoundError:
                here = None
            except OSError as exc:
                os.close(fd)
                raise StoreError(
                    f"{self.store_path}: cannot lock the store ({describe(exc)})"
                ) from None
            held = os.fstat(fd)
            if here is not None and (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino):
                break
            os.close(fd)
        self._fd = fd
        self._depth = 1
        return self

    def check_held(self) -> None:
        """StoreError unless the folder at the path is still the one this lock holds:
        called before a write renames its files and again after, so that a write that
        may have landed in a folder swapped in meanwhile is never reported as saved."""
        held = os.fstat(self._fd) if self._fd is not None else None
        try:
            here = os.lstat(self.lock_path)
        except OSError:
            here = None
        if (
            held is None
            or here is None
            or (here.st_dev, here.st_ino)
            != (
                held.st_dev,
                held.st_ino,
            )
        ):
            raise StoreError(
                f"{self.store_path}: its folder {self.lock_path.name} was moved or replaced "
                "during the write; the change may not be saved, try again"
            )

    def _open(self) -> int:
        make_dir(self.lock_path)
        try:
            return os.open(self.lock_path, _LOCK_FLAGS)
        except OSError as exc:
            raise StoreError(
                f"{self.store_path}: cannot lock the store ({self.lock_path.name}: {describe(exc)})"
            ) from None

    def _wait(self, fd: int, deadline: float) -> None:
        """flock ``fd``, waiting until ``deadline``; the descriptor is closed on failure."""
        pause = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
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

    def __exit__(self, *exc_info: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            # Closing the descriptor releases the flock.
            os.close(fd)
