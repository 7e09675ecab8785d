"""``hipext exercises``: the catalog in routine order."""

from __future__ import annotations

import argparse

from hipext_tui.commands.common import add_db_option, load_full_catalog, open_store, print_json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``exercises`` subcommand."""
    parser = subparsers.add_parser(
        "exercises", help="list the exercise catalog", description="List the exercise catalog."
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every exercise (built-in first, in routine order) and the routines."""
    store = open_store(args)
    catalog = load_full_catalog(store)
    if args.json:
        print_json(
            {
                "exercises": [e.to_dict() | {"builtin": e.builtin} for e in catalog.exercises],
                "routines": [r.to_dict() | {"builtin": r.builtin} for r in catalog.routines],
            }
        )
        return 0
    width = max(len(e.id) for e in catalog.exercises)
    for n, ex in enumerate(catalog.exercises, 1):
        origin = "" if ex.builtin else "  (yours)"
        print(f"{n:>2}. {ex.id:<{width}}  {ex.name}, {ex.sides_label}{origin}")
    for routine in catalog.routines:
        print(f"\nRoutine: {routine.name} ({routine.id})")
        for item in routine.items:
            ex = catalog.exercise(item.exercise_id)
            per_side = " per side" if ex.one_sided else ""
            hold = f", hold {item.hold_seconds} s" if item.hold_seconds else ""
            print(
                f"  {ex.name}: {item.sets} x {item.reps}{per_side}{hold}, "
                f"rest {item.rest_seconds} s"
            )
    return 0
