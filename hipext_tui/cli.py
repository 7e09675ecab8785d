"""The ``hipext`` command: the TUI with no subcommand, scriptable subcommands otherwise.

Every failure the user can cause ends as one line on stderr, never a traceback:
exit 2 for bad arguments or input, 1 for a store that cannot be opened or written.
Heavy modules (textual, tinydb, pendulum) are imported only by the code path that
needs them, so ``hipext --help`` and the TUI's first paint stay quick.
"""

from __future__ import annotations

import functools
import gc
import importlib
import io
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from hipext_tui import __version__
from hipext_tui.commands.common import EXIT_STORE, EXIT_USAGE, CommandError
from hipext_tui.domain.text import harmless, one_line

if TYPE_CHECKING:
    import argparse


@functools.cache
def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser, reporting a usage error in one line (and exiting 2); made on
    first use, so ``hipext status`` in its plain forms never imports argparse."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.exit(EXIT_USAGE, f"{self.prog}: {one_line(message)} (see {self.prog} --help)\n")

    return Parser


# One example per command, shown under ``hipext --help`` (a test checks none is missing).
EXAMPLES = {
    "exercises": "hipext exercises --json",
    "log": "hipext log deadlift --reps 10 --weight 16 --unit kg",
    "history": "hipext history --since 2026-11-01",
    "streak": "hipext streak --as-of 2026-11-25",
    "rest": "hipext rest --on 2026-11-26",
    "pause": "hipext pause --from 2026-12-01 --to 2026-12-07 --reason trip",
    "runs": "hipext runs import export_12345.zip --dry-run",
    "status": "hipext status --format '{days}d {week_done}/{week_goal}'",
    "add-exercise": 'hipext add-exercise "Hip thrust" --equipment Barbell',
    "remove-exercise": "hipext remove-exercise hip-thrust",
    "import": "hipext import strong.csv --dry-run",
    "export": "hipext export -o backup.json",
    "completion": "hipext completion bash > ~/.local/share/bash-completion/completions/hipext",
    "serve": "hipext serve --port 8000",
}


def _epilog(commands: Iterable[str]) -> str:
    shown = [name for name in commands if name in EXAMPLES]
    width = max(map(len, shown), default=0)
    lines = [f"  {name.ljust(width)}  {EXAMPLES[name]}" for name in shown]
    return "examples:\n" + "\n".join(lines)


# Which module registers each command, in the order ``hipext --help`` lists them. A
# command line naming one of them builds only that module's parser (and imports only
# it): ``hipext status`` runs at every prompt and must not pay for the other thirteen.
COMMAND_MODULES = {
    "exercises": "exercises",
    "log": "log",
    "history": "history",
    "streak": "streak",
    "rest": "streak",
    "status": "status",
    "add-exercise": "custom",
    "remove-exercise": "custom",
    "completion": "completion",
    "serve": "serve",
    "pause": "coach",
    "runs": "coach",
    "export": "transfer",
    "import": "transfer",
}
# Commands whose whole run is short and bounded: they run without the cyclic collector.
SHORT_COMMANDS = frozenset({"status", "streak", "rest", "log", "exercises", "completion"})
# The top-level options that take a value (the only tokens before the command name).
_VALUE_OPTIONS = ("--db", "--tz")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with every subcommand registered, or with only the module
    that registers ``command`` (a name from :data:`COMMAND_MODULES`; none for
    :data:`NO_COMMAND`)."""
    import argparse

    parser = _parser_class()(
        prog="hipext",
        description=(
            "A workout tracker for a runner's hip-extension strength routine. "
            "With no command it opens the terminal app."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hipext {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="store file (default: $HIPEXT_DB, else the user data dir)"
    )
    parser.add_argument("--tz", metavar="ZONE", help="IANA timezone for dates (default: settings)")
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=_parser_class()
    )
    modules = dict.fromkeys(COMMAND_MODULES.values())
    if command is not None:  # one command's module, or none at all for the app
        modules = {COMMAND_MODULES[command]: None} if command else {}
    for name in modules:
        module = importlib.import_module(f"hipext_tui.commands.{name}")
        module.register(subparsers)
    if subparsers.choices:
        parser.epilog = _epilog(subparsers.choices)
    return parser


NO_COMMAND = ""  # what :func:`command_named` says for a plain ``hipext [--db P] [--tz Z]``


def command_named(argv: list[str]) -> str | None:
    """The command ``argv`` plainly names (one of :data:`COMMAND_MODULES`, after any
    ``--db PATH`` / ``--tz ZONE``), :data:`NO_COMMAND` when it names none (the terminal
    app), and None for anything else (``--help``, ``--version``, a typo), which needs
    the whole parser."""
    tokens = iter(argv)
    for token in tokens:
        if token in _VALUE_OPTIONS:
            next(tokens, None)
        elif token.startswith(tuple(f"{option}=" for option in _VALUE_OPTIONS)):
            continue
        elif token.startswith("-"):
            return None
        else:
            return token if token in COMMAND_MODULES else None
    return NO_COMMAND


def main(argv: list[str] | None = None) -> int:
    """Run hipext with ``argv`` (default: the process arguments); returns the exit status.

    Start-up makes objects by the hundred thousand and frees almost none, yet the cyclic
    collector ran ~130 times (55 ms, a sixth of the wait) before the first screen: it
    is off until the app's first screen is up (the app turns it on), for the whole of a
    short command, and until the arguments are read for the others.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: list[str]) -> int:
    command = command_named(argv)
    args: Any = None
    if command == "status":  # run at every prompt: its plain forms need no argparse
        from hipext_tui.commands.status import quick_args

        args = quick_args(argv)
    elif command == NO_COMMAND:  # the app: every start waits for what runs before it
        from types import SimpleNamespace

        from hipext_tui.commands.common import TOP_OPTIONS, plain_args

        values = plain_args(argv, None, TOP_OPTIONS)
        args = None if values is None else SimpleNamespace(**values, func=None)
    if args is None:
        args = build_parser(command).parse_args(argv)
    if command not in SHORT_COMMANDS and command != NO_COMMAND:
        gc.enable()
    real_stdout = sys.stdout
    if getattr(args, "func", None) is not None:
        # Names and notes come from files; nothing in them may steer the terminal.
        sys.stdout = _HarmlessOutput(real_stdout)
    try:
        func = getattr(args, "func", None)
        if func is None:
            return _run_tui(args)
        status: int = func(args)
        return status
    except CommandError as exc:
        return _fail(str(exc), exc.status)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # every known error type becomes one line
        return _fail(*_classify(exc))
    finally:
        if sys.stdout is not real_stdout:
            sys.stdout.flush()
            sys.stdout = real_stdout


class _HarmlessOutput(io.TextIOBase):
    """A text stream that shows control characters as escapes, then passes text on."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self.unfiltered = target  # for output that must stay byte for byte (a piped export)

    def write(self, text: str) -> int:
        self._target.write(harmless(text))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()


def _classify(exc: Exception) -> tuple[str, int]:
    from hipext_tui.domain.catalog import CatalogError
    from hipext_tui.domain.workout import ValidationError
    from hipext_tui.paths import PathError
    from hipext_tui.store.tinydb_store import StoreError

    if isinstance(exc, PathError):
        return str(exc), EXIT_USAGE
    if isinstance(exc, StoreError | CatalogError):
        return str(exc), EXIT_STORE
    if isinstance(exc, ValidationError):
        return str(exc), EXIT_USAGE
    if isinstance(exc, ValueError) and "null byte" in str(exc):
        return "a path or value holds a NUL character", EXIT_USAGE
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), EXIT_STORE
    if os.environ.get("HIPEXT_DEBUG"):
        raise exc
    # A bug of ours: still one line, with a way to see the details.
    return f"internal error: {type(exc).__name__}: {exc} (rerun with HIPEXT_DEBUG=1)", 70


def _fail(message: str, status: int) -> int:
    print(f"hipext: {one_line(message)}", file=sys.stderr)
    return status


def _run_tui(args: argparse.Namespace) -> int:
    from hipext_tui.paths import store_path

    path = store_path(args.db)
    if args.tz:
        from hipext_tui.domain.settings import check_timezone

        check_timezone(args.tz)
    from hipext_tui.ui.app import run_app

    status: int = run_app(path, tz_name=args.tz)
    return status
