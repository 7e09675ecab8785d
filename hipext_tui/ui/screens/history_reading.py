"""Reading the history screen's view from the store, in the screen's worker thread.

A long history is read in parts (see :mod:`.history`): :func:`read_history` builds the
view of one part, or of the whole, or of one exercise's sessions; :func:`part_since`
says from which day the next part reads. Plain functions over the app's context, so
they never touch a widget.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from hipext_tui.domain.streaks import StreakRules
from hipext_tui.ui.screens.history_data import (
    DAY_MARGIN,
    FIRST_ROWS,
    HistoryView,
    build_history,
    build_history_from_summaries,
    first_view_since,
    older_since,
)

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

FIRST = "first"  # the first view (or, on a reload, as much as was read)
EVERYTHING = "all"  # the whole history


def read_history(
    ctx: AppContext,
    exercise_filter: str | None,
    depth: date | str,
    width: int,
    deepest: date | None = None,
    days: frozenset[date] | None = None,
) -> tuple[HistoryView, date | None, frozenset[date]]:
    """The view, from which day it was read (None: all of it) and every training day.

    The list comes from the store's session summaries; only an exercise filter, which
    counts the sets of one exercise, needs the full sessions. ``depth`` is
    :data:`FIRST` (the first view of a long history: the newest sessions and the weeks
    a ``width``-column calendar shows, a few months of summaries, with the streaks from
    the store's training days; reaching back to ``deepest`` when a reload should keep
    what was read), a day to read from, or :data:`EVERYTHING`. ``days``: every
    training day, when the caller holds them already (an older part of the view it
    shows); else they are read from the store.
    """
    store, unit, today, rules = ctx.store, ctx.settings.unit, ctx.today(), ctx.streak_rules()
    # The streaks step over pauses exactly as ``hipext streak`` does.
    pauses, km = ctx.pauses(), ctx.weekly_km() or None
    if exercise_filter is not None:
        view = build_history(
            store.sessions(), store.rest_days(), ctx.catalog, unit, today, rules,
            exercise_filter, pauses=pauses, weekly_km=km,
        )  # fmt: skip
        return view, None, frozenset()
    days = frozenset(ctx.training_days()) if days is None else days
    since, limit = None, None
    if depth == FIRST:
        since = first_view_since(days, today, rules, width)
        if since is not None and deepest is not None and deepest < since:
            since = deepest
        else:
            limit = FIRST_ROWS
    elif isinstance(depth, date):
        since = depth
    if since is None:
        view = build_history_from_summaries(
            store.session_summaries(), store.rest_days(), ctx.catalog, unit, today, rules,
            pauses=pauses, weekly_km=km,
        )  # fmt: skip
    else:
        view = build_history_from_summaries(
            store.session_summaries(since), store.rest_days(), ctx.catalog, unit, today,
            rules, pauses=pauses, weekly_km=km, first_view=(since, days), row_limit=limit,
        )  # fmt: skip
    return view, since, days


def part_since(days: frozenset[date], since: date, back_to: date | None = None) -> date | None:
    """From which day the next part reads, after the one from ``since``: the next
    older part, or one that reaches ``back_to``; None: the rest is the whole history."""
    older = older_since(days, since)
    if back_to is not None:
        while older is not None and older > back_to - timedelta(days=DAY_MARGIN):
            older = older_since(days, older)
    return older


def calendar_reach(
    days: frozenset[date], since: date, today: date, rules: StreakRules, width: int
) -> date | None:
    """The oldest day a ``width``-column calendar shows, when it is older than the part
    read from ``since`` (None: that part covers it)."""
    shown = first_view_since(days, today, rules, width)
    if shown is None:  # the calendar reaches the first day of all
        return min(days, default=None)
    return shown + timedelta(days=DAY_MARGIN) if shown < since else None
