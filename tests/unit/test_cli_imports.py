"""What a command imports: only its own module, and never Textual, pendulum or dateutil.

``hipext status`` runs at every prompt and ``hipext streak --json`` in status bars, so
the modules a command drags in are what the user waits for. Each case runs the command
in a fresh interpreter and lists the modules it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipext_tui.cli import COMMAND_MODULES, NO_COMMAND, build_parser, command_named

PROBE = (
    "import json, sys\n"
    "from hipext_tui.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print(json.dumps([status, sorted(sys.modules)]))\n"
)
# Heavy packages none of these commands needs.
NEVER = ("textual", "pendulum", "dateutil", "hipext_tui.ui")


def loaded(db: Path, *argv: str) -> tuple[int, list[str]]:
    """Exit status and modules of ``hipext --db DB ARGV...`` in a fresh interpreter
    (its output line is the probe's last one)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(db), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"NO_COLOR": "1", "TZ": "Europe/Berlin"},
        check=False,
    )
    assert done.stderr == ""
    status, modules = json.loads(done.stdout.splitlines()[-1])
    return status, modules


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "hipext.json"
    status, _ = loaded(path, "log", "deadlift", "--reps", "8", "--weight", "20")
    assert status == 0
    return path


@pytest.mark.parametrize(
    ("argv", "own"),
    [
        (["status"], "status"),
        (["streak", "--json"], "streak"),
        (["log", "deadlift", "--reps", "5", "--weight", "24"], "log"),
        (["history", "--json"], "history"),
    ],
)
def test_a_command_imports_its_module_only(db: Path, argv: list[str], own: str) -> None:
    status, modules = loaded(db, *argv)
    assert status == 0
    commands = {m for m in modules if m.startswith("hipext_tui.commands.")}
    assert commands == {f"hipext_tui.commands.{own}", "hipext_tui.commands.common"}
    heavy = [m for m in modules if m.split(".")[0] in NEVER or m.startswith(NEVER)]
    assert heavy == []


@pytest.mark.parametrize("argv", [["status"], ["streak", "--json"], ["history", "--json"]])
def test_a_command_that_only_reads_never_imports_tinydb(db: Path, argv: list[str]) -> None:
    """TinyDB's tables are for writes; reading parses the JSON files itself."""
    status, modules = loaded(db, *argv)
    assert status == 0
    assert [m for m in modules if m.split(".")[0] == "tinydb"] == []


def test_the_app_reads_its_first_screen_without_tinydb(db: Path) -> None:
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from hipext_tui.ui.app import make_app\n"
        "outcome = make_app(Path(sys.argv[1])).prepare()\n"
        "print(json.dumps([isinstance(outcome, tuple), sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"TZ": "Europe/Berlin"},
        check=True,
    )
    ready, modules = json.loads(done.stdout.splitlines()[-1])
    assert ready
    assert "hipext_tui.ui.screens.picker" in modules
    assert [m for m in modules if m.split(".")[0] == "tinydb"] == []


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ([], NO_COMMAND),
        (["--db", "store.json"], NO_COMMAND),
        (["--db", "status", "log", "x"], "log"),  # --db takes the next word as its value
        (["--db=store.json", "--tz", "UTC", "status"], "status"),
        (["status", "--help"], "status"),
        (["--help"], None),
        (["--version"], None),
        (["stat"], None),  # a typo: the whole parser says what the commands are
    ],
)
def test_the_command_is_found_before_the_parser_is_built(
    argv: list[str], named: str | None
) -> None:
    assert command_named(argv) == named


def test_each_command_alone_parses_like_the_whole_parser() -> None:
    whole = build_parser()
    for command in COMMAND_MODULES:
        alone = build_parser(command)
        sub_alone = alone._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        sub_whole = whole._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        assert sub_alone.format_help() == sub_whole.format_help()


@pytest.mark.parametrize("argv", [["status"], ["streak", "--json"]])
def test_the_prompt_commands_need_no_catalog_and_no_session_rules(
    db: Path, argv: list[str]
) -> None:
    status, modules = loaded(db, *argv)
    assert status == 0
    unneeded = {
        "hipext_tui.domain.catalog",
        "hipext_tui.domain.sessions",
        "hipext_tui.domain.guide",
        "platformdirs",  # the XDG folders are worked out without it on Linux
    }
    assert unneeded.isdisjoint(modules)


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/ann"},
        {"HOME": "/home/ann", "XDG_CACHE_HOME": "/var/tmp/ann-cache"},
        {"HOME": "/home/ann", "XDG_CACHE_HOME": "relative/cache"},
        {"HOME": "/home/ann", "XDG_CACHE_HOME": ""},
        {"HOME": "relative-home"},
        {"HOME": "/home/ann", "ANDROID_DATA": "/data", "ANDROID_ROOT": "/system"},
    ],
)
def test_the_user_folders_are_the_ones_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    import platformdirs

    from hipext_tui.paths import user_dir

    names = ("HOME", "ANDROID_DATA", "ANDROID_ROOT")
    for name in (*names, "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for kind in ("cache", "config", "data"):
        for name, value in env.items():
            name = name.replace("XDG_CACHE_HOME", f"XDG_{kind.upper()}_HOME")
            monkeypatch.setenv(name, value)
        expected = getattr(platformdirs, f"user_{kind}_dir")("hipext", appauthor=False)
        assert str(user_dir(kind)) == expected, kind


QUICK_FORMS = [
    ["status"],
    ["--db", "a.json", "status", "--json"],
    ["--db=a.json", "--tz", "UTC", "status", "--format", "{days}d", "--as-of", "2026-11-25"],
    ["status", "--as-of=2026-11-25", "--format={days} {due}", "--db", "b.json", "--tz=UTC"],
    ["--db", "a.json", "status", "--db", "b.json"],  # the last one wins, as in argparse
    ["--db", "status", "status"],  # --db takes the next word as its value
    ["status", "--format", "x=y"],
]
ARGPARSE_ONLY = [
    ["status", "--help"],
    ["status", "--jso"],  # an abbreviation argparse would take
    ["status", "--format", "-{days}"],  # a value argparse reads as an option
    ["status", "--as-of"],
    ["status", "extra"],
    ["--json", "status"],
    ["status", "status"],
    ["log", "deadlift"],
]


@pytest.mark.parametrize("argv", QUICK_FORMS)
def test_the_plain_status_forms_read_as_argparse_reads_them(argv: list[str]) -> None:
    from hipext_tui.commands.status import quick_args

    quick = quick_args(argv)
    assert quick is not None
    parsed = vars(build_parser("status").parse_args(argv))
    for name in ("db", "tz", "json", "format", "as_of", "func"):
        assert getattr(quick, name) == parsed.get(name), name


@pytest.mark.parametrize("argv", ARGPARSE_ONLY)
def test_everything_else_goes_to_argparse(argv: list[str]) -> None:
    from hipext_tui.commands.status import quick_args

    assert quick_args(argv) is None


APP_FORMS = [
    [],
    ["--db", "a.json"],
    ["--tz=UTC", "--db=a.json"],
    ["--db", "a.json", "--db", "b.json"],  # the last one wins, as in argparse
    ["--db", "status"],  # a store named like a command is still a store
]
APP_ARGPARSE_ONLY = [["--db"], ["--db", "-x"], ["--help"], ["--version"], ["--d", "a.json"]]


@pytest.mark.parametrize("argv", APP_FORMS)
def test_the_plain_app_forms_read_as_argparse_reads_them(argv: list[str]) -> None:
    from hipext_tui.commands.common import TOP_OPTIONS, plain_args

    quick = plain_args(argv, None, TOP_OPTIONS)
    assert quick is not None
    parsed = vars(build_parser(NO_COMMAND).parse_args(argv))
    assert quick == {"db": parsed["db"], "tz": parsed["tz"]}


@pytest.mark.parametrize("argv", APP_ARGPARSE_ONLY)
def test_any_other_app_line_goes_to_argparse(argv: list[str]) -> None:
    from hipext_tui.commands.common import TOP_OPTIONS, plain_args

    assert plain_args(argv, None, TOP_OPTIONS) is None


def test_a_plain_status_imports_no_argparse(db: Path) -> None:
    status, modules = loaded(db, "status", "--format", "{days}")
    assert status == 0
    assert "argparse" not in modules


def test_the_collector_is_on_again_after_a_command(db: Path) -> None:
    import gc

    from hipext_tui.cli import main

    assert gc.isenabled()
    assert main(["--db", str(db), "status", "--format", "{days}"]) == 0
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.isenabled()
