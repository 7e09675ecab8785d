"""``hipext add-exercise`` and ``hipext remove-exercise``: the user's own exercises.

They live in the user's store, next to the built-in catalog, which is never changed.
"""

from __future__ import annotations

import argparse

from hipext_tui.commands.common import (
    CommandError,
    add_common_options,
    open_workouts,
    print_json,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``add-exercise`` and ``remove-exercise`` subcommands."""
    add = subparsers.add_parser(
        "add-exercise",
        help="add an exercise of your own",
        description="Add an exercise of your own to your store (built-in ones stay as they are).",
    )
    add.add_argument("name", metavar="NAME", help='display name, e.g. "Hip thrust"')
    add.add_argument("--id", help="identifier (default: made from the name)")
    add.add_argument(
        "--sides", choices=("both", "each"), default="both", help="both legs, or each in turn"
    )
    add.add_argument(
        "--measure", choices=("reps", "hold", "tempo"), default="reps", help="how a set is measured"
    )
    add.add_argument("--hold", metavar="S", default="0", help="hold at the top, seconds (0-600)")
    add.add_argument("--lower", metavar="S", default="0", help="slow lowering, seconds (0-60)")
    add.add_argument("--equipment", action="append", default=[], metavar="TEXT")
    add.add_argument("--step", action="append", default=[], metavar="TEXT", help="repeatable")
    add.add_argument("--cue", action="append", default=[], metavar="TEXT", help="repeatable")
    add.add_argument("--works", default="", metavar="TEXT", help="what it trains")
    add_common_options(add)
    add.set_defaults(func=run_add)

    remove = subparsers.add_parser(
        "remove-exercise",
        help="remove an exercise of your own",
        description="Remove one of your own exercises (not one a routine still uses).",
    )
    remove.add_argument("exercise_id", metavar="ID")
    add_common_options(remove, json_output=False)
    remove.set_defaults(func=run_remove)


def run_add(args: argparse.Namespace) -> int:
    """Validate and save a custom exercise; refuse ids that exist."""
    from hipext_tui.domain.catalog import CatalogError, Exercise, slugify
    from hipext_tui.domain.catalog_rules import check_plain_text

    workouts = open_workouts(args)
    catalog = workouts.catalog
    raw = {
        "id": args.id or slugify(args.name),
        "name": args.name,
        "sides": args.sides,
        "measure": args.measure,
        "hold_seconds": _whole(args.hold, "--hold"),
        "lower_seconds": _whole(args.lower, "--lower"),
        "equipment": args.equipment,
        "steps": args.step,
        "cues": args.cue,
        "works": args.works,
    }
    try:
        exercise = Exercise.from_dict(raw)
        check_plain_text(exercise)
    except CatalogError as exc:
        raise CommandError(str(exc)) from None
    if catalog.get(exercise.id) is not None:
        raise CommandError(f"an exercise with the id '{exercise.id}' exists already")
    workouts.save_exercise(exercise)
    if args.json:
        print_json(exercise.to_dict())
    else:
        print(f"Added {exercise.name} ({exercise.id}), {exercise.sides_label}.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a custom exercise (the store refuses built-in and in-use ones)."""
    from hipext_tui.store.errors import NotFoundError

    workouts = open_workouts(args)
    try:
        removed = workouts.delete_exercise(args.exercise_id)
    except NotFoundError:
        raise CommandError(f"'{args.exercise_id}' is not one of your exercises") from None
    print(f"Removed {removed.name} ({removed.id}).")
    return 0


def _whole(text: str, flag: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CommandError(f"{flag}: '{text}' is not a whole number") from None
