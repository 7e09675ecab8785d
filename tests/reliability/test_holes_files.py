"""Holes 5 to 8: special files, symbolic links, folders others can write, another owner.

Each case runs ``hipext`` as a user would (a separate process, with a time limit so
that a hang fails the test) and checks what it says and what is left on disk.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.holes import make_store, month_file

pytestmark = pytest.mark.reliability

AS_ROOT = os.geteuid() == 0
OTHER_UID = 54321


def hipext(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "TZ": "UTC", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "hipext_tui", *argv],
        capture_output=True,
        text=True,
        timeout=30,
        env=full_env,
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


# -- hole 5: special files -----------------------------------------------------------
def test_a_fifo_as_the_store_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "h.json"
    os.mkfifo(fifo)
    line = one_line_error(hipext("history", env={"HIPEXT_DB": str(fifo)}))
    assert "not a regular file" in line


def test_dev_zero_as_the_store_is_refused(tmp_path: Path) -> None:
    line = one_line_error(hipext("--db", "/dev/zero", "history"))
    assert "not a regular file" in line


def test_a_fifo_as_a_month_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)
    shard.unlink()
    os.mkfifo(shard)
    line = one_line_error(hipext("--db", str(db), "history"))
    assert "sessions-2026-03.json" in line and "not a regular file" in line


def test_a_fifo_among_the_caches_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    # Whatever the cache files are called, a FIFO under every name a cache may take.
    env = {"XDG_CACHE_HOME": str(cache_dir)}
    assert hipext("--db", str(db), "history", env=env).returncode == 0
    for path in [*cache_dir.rglob("*"), *db.with_name("h.json.d").rglob("*")]:
        if path.is_file() and path.name != "sessions-2026-03.json":
            path.unlink()
            os.mkfifo(path)
    done = hipext("--db", str(db), "history", env=env)
    assert done.returncode == 0, done.stderr
    assert "1 Mar" in done.stdout or "2026-03-10" in done.stdout


# -- hole 6: symbolic links ------------------------------------------------------------
def test_a_linked_store_keeps_its_link_and_its_month_files_beside_the_target(
    tmp_path: Path,
) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir(mode=0o700)
    real = real_dir / "real.json"
    make_store(real).close()
    link = tmp_path / "h.json"
    link.symlink_to(real)
    done = hipext("--db", str(link), "log", "deadlift", "--reps", "5", "--at", "2026-03-10T09:00")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == real
    assert not (tmp_path / "h.json.d").exists()
    history = hipext("--db", str(real), "history")
    assert history.stdout.count("Deadlift: ") == 3  # two sets from before and the new one


def test_a_month_file_that_is_a_link_is_refused_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    shard = month_file(db)
    target = tmp_path / "elsewhere.json"
    shard.rename(target)
    shard.symlink_to(target)
    line = one_line_error(
        hipext("--db", str(db), "log", "deadlift", "--reps", "5", "--at", "2026-03-10T09:00")
    )
    assert "symbolic link" in line
    assert shard.is_symlink()


# -- hole 7: folders -------------------------------------------------------------------
def test_every_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "h.json"
    done = subprocess.run(
        ["sh", "-c", f'umask 000 && "{sys.executable}" -m hipext_tui --db "{db}" '
         'log deadlift --reps 5 --at 2026-03-10T09:00'],
        capture_output=True, text=True, timeout=30, env={**os.environ, "TZ": "UTC"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", db.with_name("h.json.d")):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in (db, month_file(db)):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_a_month_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    folder = db.with_name("h.json.d")
    folder.chmod(0o777)
    line = one_line_error(hipext("--db", str(db), "history"))
    assert "h.json.d" in line and "others can write" in line


@pytest.mark.skipif(not AS_ROOT, reason="needs root to give a folder to another user")
def test_a_month_folder_another_user_owns_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    db.parent.chmod(0o755)
    make_store(db).close()
    folder = db.with_name("h.json.d")
    os.chown(folder, OTHER_UID, OTHER_UID)
    os.chown(db, OTHER_UID, OTHER_UID)
    line = one_line_error(
        hipext("--db", str(db), "log", "deadlift", "--reps", "5", "--at", "2026-03-10T09:00")
    )
    assert "another user" in line or "belongs to" in line


# -- hole 8: another owner -------------------------------------------------------------
@pytest.mark.skipif(not AS_ROOT, reason="needs root to write a store another user owns")
def test_root_does_not_take_a_users_store(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    for path in (tmp_path, db, db.with_name("h.json.d"), month_file(db)):
        os.chown(path, OTHER_UID, OTHER_UID)
    before = month_file(db).read_bytes()
    line = one_line_error(
        hipext("--db", str(db), "log", "deadlift", "--reps", "5", "--at", "2026-03-10T09:00")
    )
    assert "belongs to" in line
    for path in (db, month_file(db)):
        assert path.stat().st_uid == OTHER_UID
    assert month_file(db).read_bytes() == before
    assert hipext("--db", str(db), "history").returncode == 0  # reading is fine
