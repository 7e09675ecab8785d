"""Reading workout histories from Strong, Hevy and hipext's own exports.

:func:`plan_import` turns the text of a file into an :class:`ImportPlan`: the sessions,
the new custom exercises and a summary, without touching any store. Everything about the
formats (which columns, which times, what is skipped and why) is in docs/FORMATS.md.

The ids of imported sessions and sets are derived from the file's content (the app, the
workout's wall-clock start and its name), so importing the same history again produces
the same ids and the store skips what it already holds.

Any problem raises :class:`ImportFormatError` with one line naming the file and, for a
bad row, its line number: ``strong.csv line 57: reps 'abc' is not a whole number``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from hipext_tui.domain.catalog import (
    Catalog,
)
from hipext_tui.domain.import_apps import Builder
from hipext_tui.domain.import_cells import (
    FORMAT_CHOICES,
    KNOWN_FORMATS,
    ImportFormatError,
    ImportPlan,
    Progress,
    csv_rows,
    decode,
)
from hipext_tui.domain.import_hipext import (
    plan_hipext_csv,
    plan_hipext_json,
)
from hipext_tui.domain.import_rows import (
    hevy_rows,
    identify,
    read_header,
    strong_rows,
    unit_of_header,
)
from hipext_tui.domain.workout import (
    Unit,
)

__all__ = [
    "FORMAT_CHOICES",
    "KNOWN_FORMATS",
    "ImportFormatError",
    "ImportPlan",
    "check_not_ahead",
    "decode",
    "plan_import",
]

# How far after now a workout in a file may start or a set be logged: a phone whose
# clock or zone was a few hours off still imports; a date from another year does not.
AHEAD_GRACE = timedelta(days=1)


def plan_import(
    text: str,
    name: str,
    *,
    catalog: Catalog,
    zone: tzinfo,
    default_unit: Unit = Unit.KG,
    unit: Unit | None = None,
    fmt: str = "auto",
    progress: Progress | None = None,
) -> ImportPlan:
    """Read a whole export into an ImportPlan; ImportFormatError on the first problem.

    ``catalog`` holds the built-in and the user's exercises (to map names and not to
    create an exercise twice); ``zone`` is the zone the file's wall-clock times are read
    in; ``unit`` is what the user said the weights are (``--unit``), ``default_unit``
    what to assume when neither the file nor the user says.
    """
    if fmt not in FORMAT_CHOICES:
        raise ImportFormatError(f"format '{fmt}' is not one of {', '.join(FORMAT_CHOICES)}")
    if not text.strip():
        raise ImportFormatError(f"{name}: the file is empty")
    if text.lstrip().startswith("{"):
        if fmt not in ("auto", "hipext"):
            raise ImportFormatError(f"{name}: this is a JSON file, not a {fmt} CSV export")
        return plan_hipext_json(text, name, catalog)
    header, delimiter = read_header(text, name)
    family, source, columns = identify(header, delimiter, name)
    if fmt not in ("auto", family):
        raise ImportFormatError(
            f"{name}: the header is that of a {source} export, not {fmt} (try --format auto)"
        )
    lines = csv_rows(text, name, delimiter, len(header))
    if family == "hipext":
        return plan_hipext_csv(lines, name, columns, catalog, zone, progress)
    file_unit = unit_of_header(header)
    if unit is not None and file_unit is not None and unit is not file_unit:
        raise ImportFormatError(
            f"{name}: the file's weights are in {file_unit.value} (its header says so); "
            f"leave out --unit {unit.value}"
        )
    reader = strong_rows if family == "strong" else hevy_rows
    raw_rows = reader(lines, name, columns, progress)
    builder = Builder(name, family, catalog, zone, file_unit or unit or default_unit)
    return builder.build(raw_rows, source)


def check_not_ahead(plan: ImportPlan, name: str, now: datetime) -> None:
    """ImportFormatError for the first workout that starts, or holds a set logged, more
    than :data:`AHEAD_GRACE` after ``now``: ``hipext log`` refuses a future time, and an
    import must not slip one in (it would count for streaks that have not happened)."""
    latest = now + AHEAD_GRACE
    for session in sorted(plan.sessions, key=lambda s: s.start):
        moments = [session.start, *(s.logged_at for s in session.sets)]
        ahead = next((m for m in moments if m > latest), None)
        if ahead is not None:
            raise ImportFormatError(
                f"{name}: the workout of {session.start:%Y-%m-%d %H:%M} has a time after "
                f"now ({ahead:%Y-%m-%d %H:%M}); check the dates in the file, or this "
                "machine's clock"
            )
