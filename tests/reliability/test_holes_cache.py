"""Hole 3: the summary cache is never the truth and never the reason a command fails.

Entries are found by the month file's bytes, so an edit the file's stamp hides still
shows; a forged, damaged or odd entry is ignored; a copied store gets its entries from
a read-only command; and no cache problem stops a command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hipext_tui.store.tinydb_store import Store
from tests.reliability.holes import cli, make_store, month_file

pytestmark = pytest.mark.reliability


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_an_edit_that_keeps_size_and_mtime_still_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], private_summary_cache: Path
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    assert cli(capsys, "--db", str(db), "--tz", "UTC", "history")[0] == 0
    assert entries(private_summary_cache)
    shard = month_file(db)
    st = shard.stat()
    text = shard.read_text()
    assert '"weight":40.0' in text
    shard.write_text(text.replace('"weight":40.0', '"weight": 90.0'))  # same size
    os.utime(shard, ns=(st.st_atime_ns, st.st_mtime_ns))
    summaries = Store.open(db).session_summaries()
    assert summaries[0].kg_volume == 2 * 8 * 90.0


@pytest.mark.parametrize(
    "forged",
    [
        b"not json",
        b"",
        b'[[1, ["ses-0", "2026-03-10T07:00:00+00:00", null, null, "", 2, 0, 1e400, 0.0, '
        b'[], ["x"], [2]]]]',
        b'[[1, ["ses-0", "2026-03-10T07:00:00+00:00", null, null, "", 999, 0, 999.0, 0.0, '
        b'["deadlift"], [1], [999]]]]',
        b"[" * 100000,
    ],
)
def test_a_forged_or_damaged_entry_never_breaks_or_fools_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], private_summary_cache: Path, forged: bytes
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    status, expected, _ = cli(capsys, "--db", str(db), "--tz", "UTC", "history")
    streak = cli(capsys, "--db", str(db), "--tz", "UTC", "streak")[1]
    for entry in entries(private_summary_cache):
        entry.write_bytes(forged)
    for command, before in (("history", expected), ("streak", streak)):
        status, out, err = cli(capsys, "--db", str(db), "--tz", "UTC", command)
        assert (status, err) == (0, "")
        if b"999" not in forged:  # a well-formed forged entry may only mislead summaries
            assert out == before
    # The history's sets always come from the month file itself.
    assert "999" not in cli(capsys, "--db", str(db), "--tz", "UTC", "history")[1]


def test_a_copied_store_gets_its_entries_from_a_read_only_command(
    tmp_path: Path, private_summary_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a" / "h.json"
    make_store(db, sessions=40).close()
    shutil.rmtree(private_summary_cache, ignore_errors=True)
    copy = tmp_path / "b"
    subprocess.run(["cp", "-a", str(db.parent), str(copy)], check=True)
    done = subprocess.run(
        [sys.executable, "-m", "hipext_tui", "--db", str(copy / "h.json"), "streak"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(entries(private_summary_cache)) == 2  # March and April
    # A new reader now builds no summary from JSON at all.

    def refuse(raw: object) -> None:
        raise AssertionError("parsed a month file for its summaries")

    monkeypatch.setattr("hipext_tui.store.shards.decode_summary", refuse)
    assert len(Store.open(copy / "h.json").session_summaries()) == 40


def test_an_unusable_cache_folder_never_fails_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    for place in (blocker / "summaries", blocker):
        monkeypatch.setenv("HIPEXT_CACHE_DIR", str(place))
        status, out, err = cli(capsys, "--db", str(db), "--tz", "UTC", "history")
        assert (status, err) == (0, ""), err
        assert "2026-03-10" in out
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("HIPEXT_CACHE_DIR", str(shared))
    assert cli(capsys, "--db", str(db), "--tz", "UTC", "streak")[0] == 0
    assert entries(shared) == []  # a folder others can write is not used
    assert json.loads(cli(capsys, "--db", str(db), "history", "--json")[1])["sessions"]
