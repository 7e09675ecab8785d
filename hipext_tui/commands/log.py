"""``hipext log``: save one set from the shell, into the session of that day."""

from __future__ import annotations

import argparse
from datetime import datetime, tzinfo

from hipext_tui.commands.common import (
    CommandError,
    add_common_options,
    open_workouts,
    print_json,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``log`` subcommand."""
    parser = subparsers.add_parser(
        "log",
        help="log one set",
        description=(
            "Log one set, saved to disk before the command returns. EXERCISE is an id or "
            "an unambiguous start of a name. The set joins the session of its day "
            "(created if there is none)."
        ),
    )
    parser.add_argument("exercise", metavar="EXERCISE", help="exercise id or name prefix")
    parser.add_argument("--reps", required=True, metavar="N", help="repetitions (1-1000)")
    parser.add_argument("--weight", metavar="W", help="load, e.g. 16 or 42,5 (0-1000)")
    parser.add_argument("--unit", metavar="kg|lb", help="weight unit (default: settings)")
    parser.add_argument("--side", metavar="left|right", help="side, for one-sided moves")
    parser.add_argument("--seconds", metavar="S", help="hold time in seconds (1-3600)")
    parser.add_argument("--rpe", metavar="R", help="rate of perceived exertion (1-10)")
    parser.add_argument("--warmup", action="store_true", help="mark as a warm-up set")
    parser.add_argument("--at", metavar="ISO-8601", help="when it was done (default: now)")
    add_common_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate every field, then save the set durably and print it."""
    from hipext_tui.domain.format import format_set
    from hipext_tui.domain.sessions import check_side
    from hipext_tui.domain.workout import (
        SetEntry,
        SetType,
        Side,
        check_not_future,
        new_id,
        parse_reps,
        parse_rpe,
        parse_seconds,
        parse_side,
        parse_unit,
        parse_weight,
    )

    workouts = open_workouts(args)
    settings, tz = workouts.settings, workouts.tz
    exercise = workouts.catalog.find_exercise(args.exercise)
    side = parse_side(args.side)
    how = "add --side left|right" if side is Side.NONE else "leave out --side"
    check_side(exercise, side, how=how)
    moment = workouts.now()
    at = _parse_at(args.at, tz) if args.at else moment
    check_not_future(at, moment)
    entry = SetEntry(
        id=new_id("set-"),
        exercise_id=exercise.id,
        side=side,
        reps=parse_reps(args.reps),
        weight=parse_weight(args.weight),
        unit=parse_unit(args.unit) if args.unit else settings.unit,
        seconds=parse_seconds(args.seconds),
        rpe=parse_rpe(args.rpe),
        set_type=SetType.WARMUP if args.warmup else SetType.WORKING,
        logged_at=at,
    )
    # The set joins its day's session (made if there is none), decided under the lock.
    session = workouts.log_set(entry)
    if args.json:
        print_json(entry.to_dict() | {"session_id": session.id, "exercise_name": exercise.name})
    else:
        when = at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        print(f"Saved {exercise.name}: {format_set(entry)}, {when} (session {session.id})")
    return 0


def _parse_at(text: str, tz: tzinfo) -> datetime:
    """An ISO-8601 moment; one without an offset is read in the user's zone."""
    import pendulum

    try:
        parsed = pendulum.parse(text.strip(), tz=tz, strict=False)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise CommandError(f"--at: '{text}' is not an ISO-8601 date or time") from None
    if not isinstance(parsed, datetime):
        raise CommandError(f"--at: '{text}' is not an ISO-8601 date or time")
    from hipext_tui.domain.days import in_zone

    try:
        return in_zone(parsed, tz)
    except OverflowError:  # near year 1: check_not_future refuses it by its year
        return parsed
