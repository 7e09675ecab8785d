"""The stored (JSON) form of a :class:`~hipext_tui.domain.progress_months.MonthProgress`.

Lists rather than objects, since a long history keeps hundreds of them in one file::

    [first start, last start, any side (0/1),
     [group all | null, group left | null, group right | null],
     [[week ordinal, volume, reps, best e1RM | null, [volume, ...] | null], ...],
     [[week ordinal, left load, right load, left sets, right sets,
       [[0 | 1, load], ...] | null], ...],
     [stored set, ...]]
    group: [sets, [candidate, ...], below | null, [candidate, ...], below | null,
            candidate | null, [[weight, reps], ...]]
    candidate: [value, reps, place in the month, index of its stored set]

:func:`decode_month` checks every value's kind and range (a float where a float was
written, finite; counts whole and not negative; indices in range) and raises
ValidationError on any doubt; the stored sets are checked when a record is read from
one (:func:`hipext_tui.domain.stored.decode_set`).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from hipext_tui.domain.progress_months import (
    Candidate,
    GroupMonth,
    MonthProgress,
    SideWeek,
    Week,
)
from hipext_tui.domain.workout import ValidationError

__all__ = ["decode_month", "encode_month"]

_LAST_ORDINAL = date.max.toordinal()


def encode_month(month: MonthProgress) -> list[Any]:
    """The JSON-ready form of one month."""
    return [
        month.first_start.isoformat(),
        month.last_start.isoformat(),
        int(month.any_side),
        [None if g is None else _encode_group(g) for g in month.groups],
        [
            [
                w.week.toordinal(),
                w.volume,
                w.reps,
                w.e1rm,
                None if w.volumes is None else list(w.volumes),
            ]
            for w in month.weeks
        ],
        [
            [w.week.toordinal(), *w.totals, None if w.loads is None else [list(x) for x in w.loads]]
            for w in month.side_weeks
        ],
        list(month.stored),
    ]


def _encode_group(group: GroupMonth) -> list[Any]:
    return [
        group.sets,
        [_encode_candidate(c) for c in group.heaviest],
        group.heaviest_below,
        [_encode_candidate(c) for c in group.e1rm],
        group.e1rm_below,
        None if group.hold is None else _encode_candidate(group.hold),
        [[w, r] for w, r in group.reps_at],
    ]


def _encode_candidate(c: Candidate) -> list[Any]:
    return [c.value, c.reps, c.pos, c.stored]


def decode_month(raw: Any) -> MonthProgress:
    """One month from its stored form; ValidationError on any doubt."""
    try:
        first, last, any_side, groups, weeks, side_weeks, stored = _list(raw, 7)
        if type(first) is not str or type(last) is not str or any_side not in (0, 1):
            raise ValidationError("bad month header")
        if type(stored) is not list or not all(type(s) is dict for s in stored):
            raise ValidationError("bad stored sets")
        group_list = _list(groups, 3)
        decoded = tuple(None if g is None else _group(g, len(stored)) for g in group_list)
        return MonthProgress(
            first_start=_moment(first),
            last_start=_moment(last),
            any_side=bool(any_side),
            groups=(decoded[0], decoded[1], decoded[2]),
            weeks=tuple(_week(w) for w in _list(weeks)),
            side_weeks=tuple(_side_week(w) for w in _list(side_weeks)),
            stored=tuple(stored),
        )
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValidationError(f"a month summary in doubt: {exc}") from None


def _list(raw: Any, length: int | None = None) -> list[Any]:
    if type(raw) is not list or (length is not None and len(raw) != length):
        raise ValidationError("not a list of the right length")
    return raw


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValidationError("a start without its offset")
    return moment


def _float(raw: Any) -> float:
    if type(raw) is not float or not 0 <= raw < math.inf:
        raise ValidationError("not a finite float, 0 or more")
    return raw


def _floats(raw: Any) -> tuple[float, ...]:
    """A list of floats, each finite and 0 or more (checked at once: this is the bulk)."""
    if type(raw) is not list or not all(type(v) is float for v in raw):
        raise ValidationError("not a list of floats")
    if raw and not (min(raw) >= 0 and math.isfinite(sum(raw))):  # a NaN makes the sum NaN
        raise ValidationError("not finite floats, 0 or more")
    return tuple(raw)


def _count(raw: Any) -> int:
    if type(raw) is not int or raw < 0:
        raise ValidationError("not a count")
    return raw


def _whole(raw: Any) -> float:
    value = _float(raw)
    if not value.is_integer():
        raise ValidationError("not a whole number")
    return value


def _optional(raw: Any) -> float | None:
    return None if raw is None else _float(raw)


def _week_day(raw: Any) -> date:
    if type(raw) is not int or not 0 < raw <= _LAST_ORDINAL:
        raise ValidationError("not a day")
    return date.fromordinal(raw)


def _candidate(raw: Any, stored: int) -> Candidate:
    value, reps, pos, index = _list(raw, 4)
    if type(index) is not int or not 0 <= index < stored:
        raise ValidationError("a candidate without its set")
    return Candidate(_float(value), _count(reps), _count(pos), index)


def _group(raw: Any, stored: int) -> GroupMonth:
    sets, heaviest, heaviest_below, best, best_below, hold, reps_at = _list(raw, 7)
    if not all(
        type(pair) is list
        and len(pair) == 2
        and type(pair[0]) is float
        and 0 <= pair[0] < math.inf
        and type(pair[1]) is int
        and pair[1] >= 0
        for pair in _list(reps_at)
    ):
        raise ValidationError("not most reps at a weight")
    return GroupMonth(
        sets=_count(sets),
        heaviest=tuple(_candidate(c, stored) for c in _list(heaviest)),
        heaviest_below=_optional(heaviest_below),
        e1rm=tuple(_candidate(c, stored) for c in _list(best)),
        e1rm_below=_optional(best_below),
        hold=None if hold is None else _candidate(hold, stored),
        reps_at=tuple((weight, reps) for weight, reps in reps_at),
    )


def _week(raw: Any) -> Week:
    week, volume, reps, best, volumes = _list(raw, 5)
    return Week(
        week=_week_day(week),
        volume=_float(volume),
        reps=_whole(reps),
        e1rm=_optional(best),
        volumes=None if volumes is None else _floats(volumes),
    )


def _side_week(raw: Any) -> SideWeek:
    week, left, right, left_n, right_n, loads = _list(raw, 6)
    kept = None
    if loads is not None:
        if not all(
            type(item) is list
            and len(item) == 2
            and (item[0] == 0 or item[0] == 1)
            and type(item[0]) is int
            for item in _list(loads)
        ):
            raise ValidationError("not sides")
        sides = [side for side, _ in loads]
        kept = tuple(zip(sides, _floats([load for _, load in loads]), strict=True))
    return SideWeek(
        week=_week_day(week),
        totals=(_float(left), _float(right), _whole(left_n), _whole(right_n)),
        loads=kept,
    )
