"""``hipext pause`` (streak pauses) and ``hipext runs`` (import runs, weekly km)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hipext_tui.commands.common import (
    CommandError,
    add_common_options,
    open_store,
    open_workouts,
    parse_date,
    print_json,
)

if TYPE_CHECKING:
    from hipext_tui.domain.pauses import Pause


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``pause`` and ``runs`` subcommands."""
    pause = subparsers.add_parser(
        "pause",
        help="pause the streaks for a trip, an injury or a taper",
        description=(
            "Pause the streaks from one date to another (both included): paused days "
            "neither break nor add to the daily streak, and a week paused for 4 days or "
            "more neither breaks nor adds to the weekly streak."
        ),
    )
    pause.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first paused day")
    pause.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last paused day")
    pause.add_argument("--reason", default="other", help="trip, injury, taper or other")
    pause.add_argument("--list", action="store_true", help="list the pauses")
    pause.add_argument("--remove", metavar="YYYY-MM-DD", help="remove the pause holding this day")
    add_common_options(pause)
    pause.set_defaults(func=run_pause)

    runs = subparsers.add_parser(
        "runs", help="runs beside the strength work", description="Import runs, or show km."
    )
    actions = runs.add_subparsers(title="actions", metavar="ACTION", required=True)
    load = actions.add_parser(
        "import",
        help="import runs from a Strava export, GPX or FIT files",
        description=(
            "Read runs from a Strava bulk export (activities.csv, its folder or its zip), "
            "GPX or FIT files. All or nothing; importing a file twice adds nothing."
        ),
    )
    load.add_argument("paths", nargs="+", metavar="PATH", help="file or export folder")
    load.add_argument("--dry-run", action="store_true", help="show the runs, write nothing")
    add_common_options(load, json_output=False)
    load.set_defaults(func=run_runs_import)
    weeks = actions.add_parser("weeks", help="running km per week", description="Km per week.")
    add_common_options(weeks)
    weeks.set_defaults(func=run_runs_weeks)


def run_pause(args: argparse.Namespace) -> int:
    """Add, list or remove pauses."""
    from hipext_tui.domain.pauses import Pause, parse_reason

    chosen = [bool(args.list), args.remove is not None, bool(args.start or args.end)]
    if sum(chosen) != 1:
        raise CommandError("pause: give --from and --to, or --list, or --remove DATE")
    if args.list:
        pauses = open_store(args).pauses()
        if args.json:
            print_json([p.to_dict() for p in pauses])
            return 0
        if not pauses:
            print("No pauses.")
        for p in pauses:
            print(
                f"{p.start.isoformat()} to {p.end.isoformat()}  {p.reason.value}  ({p.length} days)"
            )
        return 0
    workouts = open_workouts(args)
    if args.remove is not None:
        day = parse_date(args.remove, "--remove")
        if not any(p.start <= day <= p.end for p in workouts.pauses()):
            raise CommandError(f"--remove: no pause holds {day.isoformat()}")
        removed = workouts.remove_pause(day)
        print(f"Removed the {removed.reason.value} pause {_span(removed)}.")
        return 0
    if not (args.start and args.end):
        raise CommandError("pause: give both --from and --to")
    pause = Pause(
        parse_date(args.start, "--from"), parse_date(args.end, "--to"), parse_reason(args.reason)
    )
    workouts.add_pause(pause)
    print(f"Paused {_span(pause)} ({pause.reason.value}): the streaks step over it.")
    return 0


def _span(pause: Pause) -> str:
    return f"from {pause.start.isoformat()} to {pause.end.isoformat()}"


def run_runs_import(args: argparse.Namespace) -> int:
    """Read every file first; write all of their new runs in one go, or nothing."""
    from hipext_tui.domain.format import counted, format_number
    from hipext_tui.domain.runs_formats import RunFileError, all_runs, read_runs
    from hipext_tui.paths import store_path, user_path

    try:
        files = [read_runs(user_path(p)) for p in args.paths]
    except RunFileError as exc:
        raise CommandError(str(exc)) from None
    runs = all_runs(files)
    skipped = sum(f.skipped for f in files)
    exists = store_path(getattr(args, "db", None)).exists()
    held = {r.id for r in open_store(args).runs()} if exists else set()
    new = [r for r in runs if r.id not in held]
    if args.dry_run:
        for run in new:
            minutes, seconds = divmod(run.moving_seconds, 60)
            print(
                f"{run.start.isoformat()}  {run.kind}  {format_number(run.distance_km)} km  "
                f"{minutes}:{seconds:02d}  {run.source}"
            )
    held_text = f", {len(runs) - len(new)} already in the store" if held else ""
    other = f", {counted(skipped, 'other activity')} left out" if skipped else ""
    if args.dry_run:
        print(
            f"Dry run: would import {counted(len(new), 'run')}{held_text}{other}; nothing written."
        )
        return 0
    added = open_workouts(args).import_runs(new) if new else 0
    print(f"Imported {counted(added, 'run')}{held_text}{other}.")
    return 0


def run_runs_weeks(args: argparse.Namespace) -> int:
    """Running km per week, in the user's zone and weeks."""
    from hipext_tui.domain.format import format_number

    weeks = open_workouts(args).weekly_km()
    if args.json:
        print_json({week.isoformat(): km for week, km in weeks.items()})
        return 0
    if not weeks:
        print("No runs yet: hipext runs import PATH")
    for week, km in weeks.items():
        print(f"week of {week.isoformat()}  {format_number(km)} km")
    return 0
