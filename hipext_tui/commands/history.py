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
    from hipext_tui.domain.format import format_set, format_work, session_name
    from hipext_tui.domain.workout_summary import session_summary

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

    if args.json:
        print_json(
            {
                "sessions": [
                    s.to_dict()
                    | {
                        "day": training_day(s.start, tz, settings.day_start_hour).isoformat(),
                        "name": session_name(s, catalog),
                        "routine_name": session_name(s, catalog) if s.routine_id else None,
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
        done = session_summary(session, catalog, settings.unit, start)
        unit = settings.unit
        work = format_work(session.volume(unit), unit, done.reps, done.held_seconds)
        print(
            f"{start:%Y-%m-%d %H:%M}  {session_name(session, catalog)}  "
            f"{done.sets} set{'s' if done.sets != 1 else ''}  "
            f"{work}"
        )
        if session.pain is not None:
            print(f"  pain: {session.pain.label}")
        if session.notes:
            print(f"  note: {one_line(session.notes)}")
        for entry in sorted(session.sets, key=lambda s: s.logged_at):
            at = entry.logged_at.astimezone(tz)
            print(f"  {at:%H:%M}  {name_of(entry.exercise_id)}: {format_set(entry, settings.unit)}")
    return 0
