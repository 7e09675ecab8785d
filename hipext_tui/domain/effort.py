"""How much was done on a training day, in four levels for the calendar's shading."""

from __future__ import annotations

from itertools import pairwise

# The fewest sets (working and warm-up, each side counted) of levels 1 to 4. The built-in
# routine is about twenty sets, so a whole routine reaches the top level and a single
# exercise stays at the bottom one.
LEVEL_FLOORS = (1, 5, 10, 20)


def effort_level(sets: int) -> int:
    """0 for a day with no set, else 1 (a few sets) to 4 (a whole routine or more)."""
    return sum(1 for floor in LEVEL_FLOORS if sets >= floor)


def level_ranges() -> list[str]:
    """The set counts of each level as text, e.g. ``['1-4', '5-9', '10-19', '20+']``."""
    ranges = [f"{low}-{high - 1}" for low, high in pairwise(LEVEL_FLOORS)]
    return [*ranges, f"{LEVEL_FLOORS[-1]}+"]


# Kilometres run in a week that start the running row's levels 1 to 4 (a couple of short
# runs, a regular week, a long-run week, a marathon block).
KM_FLOORS = (0.1, 10.0, 25.0, 40.0)


def km_level(km: float) -> int:
    """0 for a week with no running, else 1 to 4 by the kilometres run."""
    return sum(1 for floor in KM_FLOORS if km >= floor)


def km_ranges() -> list[str]:
    """The kilometres of each running level as text: ``['<10', '10+', '25+', '40+']``."""
    return [f"<{KM_FLOORS[1]:g}", *(f"{floor:g}+" for floor in KM_FLOORS[1:])]
