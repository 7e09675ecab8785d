"""What every subcommand shares: errors, the store, the zone and the clock.

A subcommand module exposes ``register(subparsers)``; the parser it adds sets
``func=run`` where ``run(args) -> int``. Anything that goes wrong is raised as
:class:`CommandError` (or a domain/store error) and turned into one line on stderr by
``cli.main``: exit 2 for bad arguments or input, 1 for a store that cannot be used.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    # What the commands read their options from: argparse's result, or the one
    # ``hipext status`` reads without argparse (commands/status.py: quick_args).
    Args = argparse.Namespace | SimpleNamespace

    from hipext_tui.domain.catalog import Catalog
    from hipext_tui.domain.settings import Settings
    from hipext_tui.store.tinydb_store import Store
    from hipext_tui.workouts import StoreReader, Workouts

# The options every command line may start with (before the command's name).
TOP_OPTIONS = {"--db": "db", "--tz": "tz"}


def plain_args(
    argv: list[str],
    command: str | None,
    options: dict[str, str],
    flags: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    """The values of a plain command line read without argparse (``hipext status`` at
    every prompt, the app at every start: argparse and its parser cost them several
    milliseconds): ``[--db P] [--tz Z] COMMAND`` then ``options`` (``--opt value`` or
    ``--opt=value``) and ``flags``; with ``command`` None, the top options alone (the
    app). None for anything else (``--help``, an abbreviation, a value that starts
    with ``-``, a mistake), which argparse then reads and reports as always."""
    flags = flags or {}
    values: dict[str, Any] = dict.fromkeys(options.values()) | dict.fromkeys(flags.values(), False)
    seen_command = command is None
    tokens = iter(argv)
    for token in tokens:
        name, equals, value = token.partition("=")
        if token == command and not seen_command:
            seen_command = True
        elif token in flags and seen_command:
            values[flags[token]] = True
        elif name in options and (seen_command or name in TOP_OPTIONS):
            if not equals:
                value = next(tokens, "")
                if not value or value.startswith("-"):
                    return None
            values[options[name]] = value
        else:
            return None
    return values if seen_command else None


EXIT_STORE = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A one-line message for the user, with the exit status to leave with."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


# The clock is injectable so tests can pin "now"; the CLI reads the real one.
_clock: Callable[[tzinfo], datetime] | None = None


def set_clock(clock: Callable[[tzinfo], datetime] | None) -> None:
    """Replace the real clock (tests only)."""
    global _clock
    _clock = clock


def now(tz: tzinfo) -> datetime:
    """The current moment in ``tz``."""
    from hipext_tui.domain.days import in_zone, now_in

    if _clock is not None:
        return in_zone(_clock(tz), tz)
    return now_in(tz)


def _open(args: Args) -> Store:
    from hipext_tui.paths import store_path
    from hipext_tui.store.tinydb_store import Store

    return Store.open(store_path(getattr(args, "db", None)))


def open_store(args: Args) -> StoreReader:
    """Open the store named by --db / HIPEXT_DB / the data dir, for reading only
    (StoreError on problems). Commands change it through :func:`open_workouts`."""
    return _open(args)


def open_store_in_zone(args: argparse.Namespace) -> tuple[StoreReader, Settings, tzinfo]:
    """The store (to read), its settings and the user's zone."""
    store = _open(args)
    settings = store.settings()
    return store, settings, user_timezone(args, settings)


def open_workouts(args: argparse.Namespace) -> Workouts:
    """The workout service on the store, in the user's zone, on this module's clock:
    what every command that changes something starts with."""
    from hipext_tui.workouts import Workouts

    store = _open(args)
    settings = store.settings()
    tz = user_timezone(args, settings)
    clock = _clock
    moment = None if clock is None else (lambda: clock(tz))
    return Workouts(store, settings, tz, clock=moment, tz_override=getattr(args, "tz", None))


def add_common_options(parser: argparse.ArgumentParser, *, json_output: bool = True) -> None:
    """``--json`` (when the command prints data), ``--tz`` and ``--db`` on a subcommand."""
    import argparse

    if json_output:
        parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--tz", metavar="ZONE", default=argparse.SUPPRESS, help="IANA timezone")
    add_db_option(parser)


def load_full_catalog(store: StoreReader | Store) -> Catalog:
    """Built-in catalog plus the user's own exercises and routines."""
    from hipext_tui.domain.catalog import load_catalog

    return store.catalog(load_catalog())


def user_timezone(args: argparse.Namespace, settings: Settings) -> tzinfo:
    """--tz wins, then the saved setting, then the system zone."""
    from hipext_tui.domain.days import resolve_timezone
    from hipext_tui.domain.settings import check_timezone

    name = getattr(args, "tz", None) or settings.timezone
    if name:
        check_timezone(name)
    return resolve_timezone(name or None)


def parse_date(text: str, label: str) -> date:
    """A YYYY-MM-DD date from 1900 to 2200, or CommandError naming the flag."""
    from hipext_tui.domain.workout import EARLIEST_YEAR, LATEST_YEAR

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{label}: '{text}' is not a date (YYYY-MM-DD)") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise CommandError(
            f"{label}: {day.isoformat()} is out of range ({EARLIEST_YEAR} to {LATEST_YEAR})"
        )
    return day


def print_json(payload: Any) -> None:
    """Machine-readable output: stable key order, UTF-8, one trailing newline."""
    from hipext_tui.domain.text import harmless_json

    sys.stdout.write(harmless_json(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n")


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """--db on a subcommand too, so it may come before or after the subcommand name."""
    import argparse

    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="store file (default: $HIPEXT_DB, else the user data directory)",
    )
