"""``hipext streak`` and ``hipext rest``: training streaks and planned rest days."""

from __future__ import annotations

import argparse
from datetime import date

from hipext_tui.commands.common import (
    CommandError,
    add_common_options,
    now,
    open_store,
    open_workouts,
    parse_date,
    print_json,
    user_timezone,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``streak`` and ``rest`` subcommands."""
    parser = subparsers.add_parser(
        "streak",
        help="show training streaks",
        description=(
            "Show the daily and weekly training streaks. Planned rest days neither break "
            "nor extend the daily streak."
        ),
    )
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="take this day as today")
    parser.add_argument("--weekly-goal", metavar="N", help="training days that keep a week")
    parser.add_argument("--week-start", metavar="monday|sunday", help="first day of the week")
    parser.add_argument("--day-start-hour", metavar="H", help="hour a training day begins (0-23)")
    add_common_options(parser)
    parser.set_defaults(func=run_streak)

    rest = subparsers.add_parser(
        "rest",
        help="plan a rest day",
        description="Mark a planned rest day (today by default), so the streak forgives it.",
    )
    rest.add_argument("--on", metavar="YYYY-MM-DD", help="the day (default: today)")
    rest.add_argument("--remove", action="store_true", help="unmark the day instead")
    rest.add_argument(
        "--force", action="store_true", help="plan it even though sets are logged that day"
    )
    add_common_options(rest, json_output=False)
    rest.set_defaults(func=run_rest)


def run_streak(args: argparse.Namespace) -> int:
    """Compute and print the streaks with any flag overriding the saved settings."""
    from dataclasses import replace

    from hipext_tui.domain.days import timezone_name, training_day
    from hipext_tui.domain.settings import validate_settings
    from hipext_tui.domain.streaks import StreakRules, streaks_of_ordinals

    as_of = parse_date(args.as_of, "--as-of") if args.as_of else None
    store = open_store(args)
    settings = store.settings()
    overrides = {
        "weekly_goal": args.weekly_goal,
        "week_start": args.week_start,
        "day_start_hour": args.day_start_hour,
    }
    merged = settings.to_dict() | {k: v for k, v in overrides.items() if v is not None}
    settings = replace(validate_settings(merged), timezone=settings.timezone)
    tz = user_timezone(args, settings)
    rules = StreakRules(
        timezone=tz,
        day_start_hour=settings.day_start_hour,
        week_start=settings.week_start,
        weekly_goal=settings.weekly_goal,
    )
    today = as_of or training_day(now(tz), tz, settings.day_start_hour)
    days = store.training_ordinals(tz, settings.day_start_hour)
    streaks = streaks_of_ordinals(days, store.rest_days(), today, rules, store.pauses())
    if args.json:
        print_json(streaks.to_json_dict(timezone_name(tz)))
        return 0
    plural = "s" if streaks.current_days != 1 else ""
    print(f"Current streak: {streaks.current_days} day{plural} (longest {streaks.longest_days})")
    print(
        f"Weekly goal {streaks.weekly_goal} days: {streaks.current_weeks} week"
        f"{'s' if streaks.current_weeks != 1 else ''} in a row (longest {streaks.longest_weeks})"
    )
    last = streaks.last_workout.isoformat() if streaks.last_workout else "none yet"
    print(f"Last workout: {last}")
    print(f"As of {streaks.as_of.isoformat()} ({timezone_name(tz)})")
    return 0


def run_rest(args: argparse.Namespace) -> int:
    """Mark or unmark a planned rest day."""

    workouts = open_workouts(args)
    store, today = workouts.store, workouts.today()
    day: date = parse_date(args.on, "--on") if args.on else today
    if args.remove:
        if day not in store.rest_days():
            raise CommandError(f"{day.isoformat()} is not a planned rest day")
        workouts.set_rest_day(day, False)
        print(f"Removed the rest day on {day.isoformat()}.")
    else:
        logged = workouts.session_on(day)
        if logged is not None and logged.sets and not args.force:
            count = len(logged.sets)
            raise CommandError(
                f"{day.isoformat()} has training logged ({count} set{'' if count == 1 else 's'});"
                " add --force to plan a rest day anyway"
            )
        workouts.set_rest_day(day, True)
        print(f"Planned a rest day on {day.isoformat()}: it will not break your streak.")
    return 0
