"""``hipext status``: one short line about the streak, for a prompt, the motd or a status bar.

Built to run at every prompt: it only reads (no lock is taken, so a writer holding the
lock never makes it wait: it reads the last committed files), imports neither Textual
nor the catalog, and always exits 0. A missing store prints nothing; a store that cannot
be read prints a short note on stderr.

No session is read: the training days come from the store's day pack (one cache file
holding each month file's training days, found by the digest of its bytes).
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from hipext_tui.domain.streaks import StreakRules, Streaks
    from hipext_tui.workouts import StoreReader

DEFAULT_FORMAT = "hip: {days_text}{today_text} · week {week_done}/{week_goal}{week_text}{last_text}"
FIELDS = (
    "days",
    "weeks",
    "week_done",
    "week_goal",
    "due",
    "due_by",
    "trained_today",
    "rest_today",
    "paused_today",
    "days_until_break",
    "last",
    "last_date",
    "as_of",
    "timezone",
)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``status`` subcommand."""
    from hipext_tui.commands.common import add_common_options

    parser = subparsers.add_parser(
        "status",
        help="one line with the streak, for a prompt or a status bar",
        description=(
            "Print one short line: the daily streak, this week against the weekly goal, "
            "what is due and the last workout. Read-only and quick; always exits 0 "
            "(a missing store prints nothing)."
        ),
        epilog="fields for --format: " + ", ".join("{" + f + "}" for f in FIELDS),
    )
    parser.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="a template with named fields, e.g. '{days}d {week_done}/{week_goal}'",
    )
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="take this day as today")
    add_common_options(parser)
    parser.set_defaults(func=run)


# The options of the plain forms :func:`quick_args` reads, with their Namespace names.
_QUICK_OPTIONS = {"--db": "db", "--tz": "tz", "--format": "format", "--as-of": "as_of"}


def quick_args(argv: list[str]) -> SimpleNamespace | None:
    """The arguments of ``hipext [--db P] [--tz Z] status [--json] [--format T]
    [--as-of D] [--db P] [--tz Z]`` (also ``--opt=value``) read without argparse, whose
    import costs a tenth of this command; None for anything else (``--help``, an
    abbreviation, a value that starts with ``-``, a mistake), which argparse then reads
    and reports exactly as before."""
    from hipext_tui.commands.common import plain_args

    values = plain_args(argv, "status", _QUICK_OPTIONS, {"--json": "json"})
    return None if values is None else SimpleNamespace(**values, func=run)


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    """Print the status line (or JSON); every problem is a note on stderr, exit 0."""
    from hipext_tui.commands.common import open_store, parse_date
    from hipext_tui.paths import store_path

    try:
        path = store_path(getattr(args, "db", None))
        if not path.exists():
            return 0
        as_of = parse_date(args.as_of, "--as-of") if args.as_of else None
        fields = status_fields(open_store(args), getattr(args, "tz", None), as_of)
    except Exception as exc:  # a status line must never break the prompt it sits in
        print(f"hipext status: {_one_line(exc)}", file=sys.stderr)
        return 0
    if args.json:
        from hipext_tui.commands.common import print_json

        print_json(fields)
        return 0
    try:
        line = render(fields, args.format)
    except KeyError as exc:
        print(f"hipext status: --format: no field {{{_one_line(exc.args[0])}}}", file=sys.stderr)
        return 0
    except (ValueError, IndexError, AttributeError) as exc:
        print(f"hipext status: --format: {_one_line(exc)}", file=sys.stderr)
        return 0
    print(_colour(line) if _wants_colour() else line)
    return 0


def status_fields(
    store: StoreReader, tz_name: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """The named fields of the status line for ``store``, as of today (the training
    day now in the zone) or ``as_of``."""
    from hipext_tui.commands.common import now
    from hipext_tui.domain.days import resolve_timezone, timezone_name, training_day
    from hipext_tui.domain.settings import check_timezone
    from hipext_tui.domain.streaks import StreakRules, week_start_of

    settings = store.settings()
    name = tz_name or settings.timezone
    if name:
        check_timezone(name)
    tz = resolve_timezone(name or None)
    rules = StreakRules.from_settings(settings, tz)
    today = as_of or training_day(now(tz), tz, settings.day_start_hour)
    streaks, days, rest, paused = recent_streaks(store, today, rules)
    week_first = week_start_of(today, rules.week_start)
    week_done = sum(1 for d in days if week_first <= d <= today)
    week_last = week_first + timedelta(days=6)
    last = streaks.last_workout
    return {
        "days": streaks.current_days,
        "weeks": streaks.current_weeks,
        "week_done": week_done,
        "week_goal": rules.weekly_goal,
        "due": max(0, rules.weekly_goal - week_done),
        "due_by": _WEEKDAYS[week_last.weekday()],
        "trained_today": today in days,
        "rest_today": today in rest,
        "paused_today": paused,
        "days_until_break": streaks.days_until_break,
        "last": _day_name(last, today),
        "last_date": last.isoformat() if last else "",
        "as_of": today.isoformat(),
        "timezone": timezone_name(tz),
    }


def recent_streaks(
    store: StoreReader, today: date, rules: StreakRules
) -> tuple[Streaks, set[date], set[date], bool]:
    """The current streaks as of ``today`` (counting planned rest and pauses as
    ``hipext streak`` does), the training and rest days up to it, and whether today is
    paused.

    The training days come from the store's day pack (one cache file beside the digest
    of each month file, see ``store/day_pack.py``), so no session is summarized.
    """
    from hipext_tui.domain.pauses import paused_dates
    from hipext_tui.domain.streaks import compute_streaks

    hour = rules.day_start_hour
    days = {d for d in store.training_days(rules.timezone, hour) if d <= today}
    planned = store.rest_days()
    pauses = store.pauses()
    streaks = compute_streaks(days, planned, today, rules, pauses)
    paused = today in paused_dates(pauses)
    return streaks, days, {d for d in planned if d <= today}, paused


def render(fields: dict[str, Any], template: str | None = None) -> str:
    """The status line: ``template`` filled with ``fields`` (default: the short line)."""
    if template is not None:
        return template.format_map(fields)
    days = fields["days"]
    extra = {
        "days_text": f"{days} day{'' if days == 1 else 's'}",
        "today_text": " (train today)" if days and not _covered_today(fields) else "",
        "week_text": (
            " ✓" if not fields["due"] else f" ({fields['due']} more by {fields['due_by']})"
        ),
        "last_text": f" · last {fields['last']}" if fields["last"] else "",
    }
    return DEFAULT_FORMAT.format_map(fields | extra)


def _covered_today(fields: dict[str, Any]) -> bool:
    return bool(fields["trained_today"] or fields["rest_today"] or fields["paused_today"])


def _day_name(day: date | None, today: date) -> str:
    """``today``, a weekday within the last six days, else the ISO date."""
    if day is None:
        return ""
    if day == today:
        return "today"
    if today - day < timedelta(days=7):
        return _WEEKDAYS[day.weekday()]
    return day.isoformat()


def _wants_colour() -> bool:
    """Colour only on a terminal, never with NO_COLOR set or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _colour(line: str) -> str:
    return f"\033[1m{line}\033[0m"


def _one_line(problem: object) -> str:
    from hipext_tui.domain.text import one_line

    return one_line(str(problem) or type(problem).__name__)
