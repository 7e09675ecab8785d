"""The ``hipext`` command: the TUI with no subcommand, scriptable subcommands otherwise.

Every failure the user can cause ends as one line on stderr, never a traceback:
exit 2 for bad arguments or input, 1 for a store that cannot be opened or written.
Heavy modules (textual, tinydb, pendulum) are imported only by the code path that
needs them, so ``hipext --help`` and the TUI's first paint stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from typing import TextIO

from hipext_tui import __version__
from hipext_tui.commands.common import EXIT_STORE, EXIT_USAGE, CommandError
from hipext_tui.domain.text import harmless, one_line


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (and exits 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {one_line(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    from hipext_tui.commands import custom, exercises, history, log, streak

    parser = _Parser(
        prog="hipext",
        description=(
            "A workout tracker for a runner's hip-extension strength routine. "
            "With no command it opens the terminal app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"hipext {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="store file (default: $HIPEXT_DB, else the user data dir)"
    )
    parser.add_argument("--tz", metavar="ZONE", help="IANA timezone for dates (default: settings)")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for module in (exercises, log, history, streak, custom):
        module.register(subparsers)
    try:
        transfer = importlib.import_module("hipext_tui.commands.transfer")
    except ImportError:  # the import/export commands are optional until they land
        pass
    else:
        transfer.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run hipext with ``argv`` (default: the process arguments); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
    from hipext_tui.store.tinydb_store import StoreError

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
