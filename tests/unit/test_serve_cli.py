"""``hipext serve`` refuses unsafe addresses before anything listens."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from hipext_tui.cli import main
from hipext_tui.commands.serve import app_command, is_loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_a_non_loopback_bind_needs_allow_remote(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, host: str
) -> None:
    status = main(["--db", str(tmp_path / "h.json"), "serve", "--host", host])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"hipext: refusing to listen on {host} without --allow-remote")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "h.json").exists()  # refused before the store is touched


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "::1", "localhost", "[::1]"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


def test_each_tab_runs_this_interpreter_on_the_same_store() -> None:
    command = shlex.split(app_command("/data/my store/h.json", "Europe/Paris"))
    assert command == [
        sys.executable,
        "-m",
        "hipext_tui",
        "--db",
        "/data/my store/h.json",
        "--tz",
        "Europe/Paris",
    ]


def test_a_bad_port_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "h.json"), "serve", "--port", "70000"]) == 2
    assert "--port: 70000 is not a TCP port" in capsys.readouterr().err
