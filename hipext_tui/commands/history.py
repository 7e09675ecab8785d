"""``hipext history``: sessions and their sets, oldest first."""

from __future__ import annotations

import argparse

from hipext_tui.commands.common import (
    add_common_options,
    load_full_catalog,
    open_store_in_zone,
    parse_date,
    print_json,
)
from hipext_tui.domain.text import one_line


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``history`` subcommand."""
    parser = subparsers.add_parser(
        "history",
        help="list sessions and their sets",
        description="List logged sessions and their sets, oldest first.",
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this day on")
    add_common_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the sessions (and sets) on or after --since, in the user's zone."""
    from hipext_tui.domain.days import training_day
    from hipext_tui.domain.format import format_set, format_volume

    since = parse_date(args.since, "--since") if args.since else None
    store, settings, tz = open_store_in_zone(args)
    catalog = load_full_catalog(store)
    sessions = [
        s
        for s in store.sessions()
        if since is None or training_day(s.start, tz, settings.day_start_hour) >= since
    ]

    def name_of(exercise_id: str) -> str:
        ex = catalog.get(exercise_id)
        return ex.name if ex else exercise_id

    def routine_name(routine_id: str | None) -> str:
        if not routine_id:
            return "Free session"
        try:
            return catalog.routine(routine_id).name
        except KeyError:
            return routine_id

    if args.json:
        print_json(
            {
                "sessions": [
                    s.to_dict()
                    | {
                        "day": training_day(s.start, tz, settings.day_start_hour).isoformat(),
                        "routine_name": routine_name(s.routine_id) if s.routine_id else None,
                        "volume": round(s.volume(settings.unit), 3),
                        "unit": settings.unit.value,
                    }
                    for s in sessions
                ]
            }
        )
        return 0
    if not sessions:
        print("No sessions logged yet." if since is None else f"No sessions since {since}.")
        return 0
    for session in sessions:
        start = session.start.astimezone(tz)
        working = sum(1 for s in session.sets if not s.is_warmup)
        print(
            f"{start:%Y-%m-%d %H:%M}  {routine_name(session.routine_id)}  "
            f"{working} set{'s' if working != 1 else ''}  "
            f"{format_volume(session.volume(settings.unit), settings.unit)}"
        )
        if session.pain is not None:
            print(f"  pain: {session.pain.label}")
        if session.notes:
            print(f"  note: {one_line(session.notes)}")
        for entry in sorted(session.sets, key=lambda s: s.logged_at):
            at = entry.logged_at.astimezone(tz)
            print(f"  {at:%H:%M}  {name_of(entry.exercise_id)}: {format_set(entry, settings.unit)}")
    return 0
