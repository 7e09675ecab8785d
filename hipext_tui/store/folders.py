"""The store's folders: created private whatever the umask, refused when others could
write into them, and files written only by the user who owns them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hipext_tui.store.errors import StoreError
from hipext_tui.store.files import describe, fsync_dir

DIR_MODE = 0o700


def make_dir(directory: Path, *, shared_ok: bool = False) -> None:
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
    check_dir(directory, shared_ok=shared_ok)


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
