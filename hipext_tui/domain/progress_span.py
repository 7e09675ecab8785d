"""Many months of one exercise's progress merged into one summary of the same shape.

The records screen of a long history composes hundreds of month summaries, of which only
the newest changes while a workout is logged. :func:`merge` folds a run of consecutive
months into one :class:`~hipext_tui.domain.progress_months.MonthProgress` that composes
with the months after it exactly as its months would
(:func:`~hipext_tui.domain.progress_compose.compose` of ``[merge(older), newest]`` equals
``compose(older + [newest])``), so the store keeps the merge of all months but the newest
and reads two summaries, not hundreds.

The merge keeps, per side group, the counts and most reps at each weight summed up, and
windows rebuilt against the run's own top (a window only ever needs the values its top
does not beat and the top of the rest; :mod:`.progress_compose` explains why that is
enough); per week the sums of the whole run, added in the history's order. It keeps no
per-set values of its first week: a merge is always the first of what it is composed with.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from hipext_tui.domain.progress import TOLERANCE
from hipext_tui.domain.progress_compose import InDoubt, side_week_totals, week_totals
from hipext_tui.domain.progress_months import (
    GROUP_SIDES,
    Candidate,
    GroupMonth,
    MonthProgress,
    SideWeek,
    Week,
)

__all__ = ["merge"]

# A candidate with its place in the run: (month, place in the month).
_Placed = tuple[tuple[int, int], Candidate]


class _Renumbered:
    """The stored sets the merge keeps, each once, with its candidates' places renumbered
    in the run's order (a merge is composed by place within it)."""

    def __init__(self, months: Sequence[MonthProgress], placed: list[_Placed]) -> None:
        self.months = months
        order = sorted({(place, c.stored) for place, c in placed})
        self.place = {item: n for n, item in enumerate(order)}
        self.stored: list[dict[str, Any]] = []
        self.index: dict[tuple[int, int], int] = {}

    def __call__(self, item: _Placed) -> Candidate:
        (month, pos), c = item
        key = (month, c.stored)
        if key not in self.index:
            self.index[key] = len(self.stored)
            self.stored.append(self.months[month].stored[c.stored])
        return Candidate(c.value, c.reps, self.place[((month, pos), c.stored)], self.index[key])


def merge(months: Sequence[MonthProgress]) -> MonthProgress | None:
    """One summary for a run of consecutive months, oldest first (module docstring); None
    when their sessions do not follow each other in time, or a week they share cannot be
    added up exactly (composing them would say None too)."""
    if not months:
        return None
    if any(a.last_start > b.first_start for a, b in itertools.pairwise(months)):
        return None
    try:
        volume, reps, best = week_totals(months)
        sides = side_week_totals(months)
    except InDoubt:
        return None
    placed: list[list[_Placed]] = []
    for g in range(len(GROUP_SIDES)):
        parts = [(i, m.groups[g]) for i, m in enumerate(months)]
        placed.append(
            [((i, c.pos), c) for i, p in parts if p is not None for c in (*p.heaviest, *p.e1rm)]
            + [((i, p.hold.pos), p.hold) for i, p in parts if p is not None and p.hold]
        )
    renumber = _Renumbered(months, [item for group in placed for item in group])
    groups = tuple(_group(months, g, renumber) for g in range(len(GROUP_SIDES)))
    return MonthProgress(
        first_start=months[0].first_start,
        last_start=months[-1].last_start,
        any_side=any(m.any_side for m in months),
        groups=(groups[0], groups[1], groups[2]),
        weeks=tuple(Week(w, total, reps[w], best.get(w), None) for w, total in volume.items()),
        side_weeks=tuple(SideWeek(w, (t[0], t[1], t[2], t[3]), None) for w, t in sides.items()),
        stored=tuple(renumber.stored),
    )


def _group(months: Sequence[MonthProgress], g: int, renumber: _Renumbered) -> GroupMonth | None:
    parts = [(i, part) for i, m in enumerate(months) if (part := m.groups[g]) is not None]
    if not parts:
        return None
    heaviest, heaviest_below = _window(
        [((i, c.pos), c) for i, p in parts for c in p.heaviest],
        [b for _, p in parts if (b := p.heaviest_below) is not None],
        by_reps=True,
    )
    e1rm, e1rm_below = _window(
        [((i, c.pos), c) for i, p in parts for c in p.e1rm],
        [b for _, p in parts if (b := p.e1rm_below) is not None],
        by_reps=False,
    )
    holds = [((i, p.hold.pos), p.hold) for i, p in parts if p.hold is not None]
    top = max((c.value for _, c in holds), default=None)
    hold = min((h for h in holds if h[1].value == top), default=None, key=lambda h: h[0])
    reps_at: dict[float, int] = {}
    for _, part in parts:
        for weight, most in part.reps_at:
            reps_at[weight] = max(reps_at.get(weight, 0), most)
    return GroupMonth(
        sets=sum(part.sets for _, part in parts),
        heaviest=tuple(renumber(item) for item in heaviest),
        heaviest_below=heaviest_below,
        e1rm=tuple(renumber(item) for item in e1rm),
        e1rm_below=e1rm_below,
        hold=None if hold is None else renumber(hold),
        reps_at=tuple(sorted(reps_at.items())),
    )


def _window(
    cands: list[_Placed], belows: list[float], *, by_reps: bool
) -> tuple[list[_Placed], float | None]:
    """The run's window: each value its top does not beat once (its first candidate, or
    with ``by_reps`` the first with the most reps), and the top of the rest."""
    if not cands:
        return [], max(belows, default=None)
    top = max(c.value for _, c in cands)
    chosen: dict[float, _Placed] = {}
    for item in sorted(cands, key=lambda item: item[0]):
        value = item[1].value
        if top > value + TOLERANCE:
            belows.append(value)
            continue
        held = chosen.get(value)
        if held is None or (by_reps and item[1].reps > held[1].reps):
            chosen[value] = item
    return list(chosen.values()), max(belows, default=None)
