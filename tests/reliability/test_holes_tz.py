"""Hole 10: a TZ that is a folder, absurdly long or a FIFO falls back to UTC, once.

Every command must still run (never exit 1 and never wait); a command that uses the
zone gives one warning line on stderr saying UTC is used.

A TZ naming a FIFO is tried in-process only: the C library opens TZ's file while the
Python interpreter itself starts, so such a process waits before any of hipext runs
(README says so); what hipext can promise is that its own zone lookup never waits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import tzinfo
from pathlib import Path

import pytest

from tests.reliability.holes import make_store

pytestmark = pytest.mark.reliability


BAD_VALUES = ["Europe", "A" * 5000, "../../../etc/passwd", "Mars/Olympus", "/etc", ":/dev/zero"]


@pytest.mark.parametrize("command", [["streak"], ["history"], ["exercises"]])
def test_a_bad_tz_falls_back_to_utc_with_one_warning(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    for value in BAD_VALUES:
        done = subprocess.run(
            [sys.executable, "-m", "hipext_tui", "--db", str(db), *command],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "TZ": value},
        )
        assert done.returncode == 0, (value[:40], done.stderr)
        warnings = done.stderr.strip().splitlines()
        if command == ["exercises"]:  # the catalog needs no zone
            assert len(warnings) <= 1
            continue
        assert len(warnings) == 1, (value[:40], done.stderr)
        assert "TZ" in warnings[0] and "UTC" in warnings[0]
        assert len(warnings[0]) < 200


def test_a_good_tz_is_used_without_a_word(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    make_store(db).close()
    done = subprocess.run(
        [sys.executable, "-m", "hipext_tui", "--db", str(db), "history"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "TZ": "Asia/Tokyo"},
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "2026-03-10 16:00" in done.stdout  # 07:00 UTC on a Tokyo clock


def test_the_app_falls_back_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from hipext_tui.domain.days import resolve_timezone, timezone_name

    told: list[str] = []
    monkeypatch.setenv("TZ", "Europe")
    zone = resolve_timezone(None, warn=told.append)
    assert timezone_name(zone) == "UTC"  # the name every screen and command shows
    assert len(told) == 1 and "UTC" in told[0]


def test_a_fifo_tz_never_makes_the_zone_lookup_wait(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import threading

    from hipext_tui.domain.days import resolve_timezone, timezone_name

    fifo = tmp_path / "zone"
    os.mkfifo(fifo)
    for value in (str(fifo), f":{fifo}"):
        monkeypatch.setenv("TZ", value)
        told: list[str] = []
        found: list[object] = []
        worker = threading.Thread(
            target=lambda out=found, said=told: out.append(
                resolve_timezone(None, warn=said.append)
            ),
            daemon=True,
        )
        worker.start()
        worker.join(10)
        if worker.is_alive():  # unblock it, then fail
            with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
                pass
            pytest.fail(f"TZ={value} made the zone lookup wait")
        assert isinstance(found[0], tzinfo)
        assert timezone_name(found[0]) == "UTC"
        assert len(told) == 1
