"""The records screen's numbers composed from month summaries are exactly those of the sets.

Each case is a history of sessions, cut into month files as the store cuts them (by the
month of a session's start on its own clock). Its months are summed up
(``month_progress``), written to JSON and read back (``encode_month``/``decode_month``)
and composed; the records, weekly series and balance must equal, value for value
(floats compared with ==), what the set-based functions give for all the sets. Where
the months cannot prove that, ``compose`` must say so (None) rather than guess.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from hipext_tui.domain.progress import personal_records
from hipext_tui.domain.progress_compose import ExerciseProgress, compose, progress_of_sets
from hipext_tui.domain.progress_months import MonthProgress, month_progress
from hipext_tui.domain.progress_span import merge
from hipext_tui.domain.progress_stored import decode_month, encode_month
from hipext_tui.domain.trends import (
    balance_series,
    overall_balance,
    recent_balance,
    side_totals,
    weekly_balance,
    weekly_best_e1rm,
    weekly_reps,
    weekly_series,
    weekly_volume,
)
from hipext_tui.domain.workout import LB_PER_KG, SetEntry, SetType, Side, Unit, ValidationError

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KICK = "kickstand-deadlift"
DL = "deadlift"
BRIDGE = "single-leg-glute-bridge"

Sessions = list[tuple[datetime, list[SetEntry]]]


@dataclass(frozen=True)
class Rules:
    """The settings the weekly numbers depend on."""

    unit: Unit = Unit.KG
    tz: tzinfo = UTC
    hour: int = 0
    week_start: str = "monday"


def set_(
    exercise: str,
    at: datetime,
    reps: int = 10,
    weight: float | None = None,
    *,
    unit: Unit = Unit.KG,
    side: Side = Side.NONE,
    seconds: int | None = None,
    warmup: bool = False,
) -> SetEntry:
    return SetEntry(
        id=f"s{at.timestamp():.0f}-{reps}-{weight}-{side.value}-{warmup}",
        exercise_id=exercise,
        side=side,
        reps=reps,
        logged_at=at,
        weight=weight,
        unit=unit,
        seconds=seconds,
        set_type=SetType.WARMUP if warmup else SetType.WORKING,
    )


def session(start: datetime, *specs: tuple[object, ...], exercise: str = DL) -> tuple:
    """A session of sets logged a few minutes apart: each spec is (reps, weight, extras)."""
    sets = []
    for k, spec in enumerate(specs):
        reps, weight, *rest = spec
        extras = rest[0] if rest else {}
        sets.append(set_(exercise, start + timedelta(minutes=3 * k), reps, weight, **extras))
    return (start, sets)


def months_of(sessions: Sessions) -> list[Sessions]:
    """The sessions cut into month files, as the store does, oldest first."""
    ordered = sorted(sessions, key=lambda item: item[0])
    files: dict[str, Sessions] = {}
    for start, sets in ordered:
        files.setdefault(start.isoformat()[:7], []).append((start, sets))
    return [files[m] for m in sorted(files)]


def summed(sessions: Sessions, exercise: str, rules: Rules) -> list[MonthProgress]:
    """Each month file summed up, through its JSON form."""
    out = []
    for month in months_of(sessions):
        built = month_progress(
            month,
            exercise,
            rules.unit,
            tz=rules.tz,
            day_start_hour=rules.hour,
            week_start=rules.week_start,
        )
        if built is not None:
            again = decode_month(json.loads(json.dumps(encode_month(built), allow_nan=False)))
            assert again == built
            out.append(again)
    return out


def shown(progress: ExerciseProgress, rules: Rules, today: date) -> tuple[object, ...]:
    """What the screen reads of a progress: records, the three series, the balance."""
    ws = rules.week_start
    return (
        progress.records,
        weekly_series(progress.volume, ws, today),
        weekly_series(progress.reps, ws, today),
        weekly_series(progress.e1rm, ws, today),
        balance_series(progress.sides, 10, ws, today),
        recent_balance(progress.sides, 10, today, 4, ws),
        progress.any_side,
    )


def of_sets(sessions: Sessions, exercise: str, rules: Rules, today: date) -> tuple[object, ...]:
    """The same, straight from the set-based functions of progress and trends."""
    sets = [s for _, chosen in sorted(sessions, key=lambda i: i[0]) for s in chosen]
    kw = {"tz": rules.tz, "day_start_hour": rules.hour, "week_start": rules.week_start}
    return (
        personal_records(sets, rules.unit, exercise),
        weekly_volume(sets, exercise, rules.unit, until=today, **kw),
        weekly_reps(sets, exercise, until=today, **kw),
        weekly_best_e1rm(sets, exercise, rules.unit, until=today, **kw),
        weekly_balance(sets, exercise, rules.unit, threshold=10, until=today, **kw),
        overall_balance(sets, exercise, rules.unit, threshold=10, today=today, weeks=4, **kw),
        any(s.side is not Side.NONE for s in sets if s.exercise_id == exercise),
    )


def check(sessions: Sessions, exercise: str, rules: Rules, today: date) -> None:
    """Composed months equal the sets, so do merged runs of months, and so does
    progress_of_sets."""
    expected = of_sets(sessions, exercise, rules, today)
    months = summed(sessions, exercise, rules)
    composed = compose(months, exercise, rules.unit)
    assert composed is not None
    assert shown(composed, rules, today) == expected
    # The older months merged into one (through its JSON form) compose the same.
    for k in sorted({1, 2, len(months) // 2, len(months) - 1, len(months)}):
        if 0 < k <= len(months):
            merged = merge(months[:k])
            assert merged is not None
            again = decode_month(json.loads(json.dumps(encode_month(merged), allow_nan=False)))
            both = compose([again, *months[k:]], exercise, rules.unit)
            assert both is not None
            assert shown(both, rules, today) == expected
    sets = [s for _, chosen in sorted(sessions, key=lambda i: i[0]) for s in chosen]
    direct = progress_of_sets(
        sets,
        exercise,
        rules.unit,
        tz=rules.tz,
        day_start_hour=rules.hour,
        week_start=rules.week_start,
    )
    assert shown(direct, rules, today) == expected


def at(tz: tzinfo, y: int, m: int, d: int, h: int = 18, mi: int = 0) -> datetime:
    """A local time, as the store keeps it (the offset of that moment)."""
    return stored_time(datetime(y, m, d, h, mi, tzinfo=tz))


def stored_time(moment: datetime) -> datetime:
    """A moment with the fixed offset the store writes it with."""
    return datetime.fromisoformat(moment.isoformat())


def lb(kg: float) -> float:
    """A kg load as logged in pounds (to 0.1 lb)."""
    return round(kg * LB_PER_KG, 1)


# ---------------------------------------------------------------------------
# The cases


def warmups_heavier() -> Sessions:
    return [
        session(at(UTC, 2025, 1, 6), (5, 60.0, {"warmup": True}), (8, 40.0), (10, 38.0)),
        session(at(UTC, 2025, 1, 30), (5, 70.0, {"warmup": True}), (8, 40.0), (9, 40.0)),
        session(at(UTC, 2025, 2, 3), (5, 80.0, {"warmup": True}), (7, 40.0)),
    ]


def sided() -> Sessions:
    def kick(start: datetime, left: float, right: float) -> tuple:
        left_, right_ = {"side": Side.LEFT}, {"side": Side.RIGHT}
        return session(
            start,
            (8, left, left_),
            (8, right, right_),
            (10, left, left_),
            (9, right, right_),
            (6, 30.0, left_ | {"warmup": True}),
            exercise=KICK,
        )

    return [
        kick(at(UTC, 2025, 3, 27), 16.0, 18.0),
        kick(at(UTC, 2025, 3, 31, 22), 16.5, 18.0),  # the week over the month's end
        kick(at(UTC, 2025, 4, 2), 17.3, 18.1),
        kick(at(UTC, 2025, 4, 29), 20.0, 18.1),
        kick(at(UTC, 2025, 5, 1), 20.0, 19.7),
    ]


def kg_and_lb() -> Sessions:
    lbs = {"unit": Unit.LB}
    return [
        # 40 kg x 10 holds the heaviest: 88.2 lb (40.006 kg) ties it, with no more reps.
        session(at(BERLIN, 2025, 5, 28), (8, 40.0), (10, 40.0)),
        session(at(BERLIN, 2025, 5, 30), (8, lb(40.0), lbs), (10, lb(40.0), lbs)),
        session(at(BERLIN, 2025, 6, 2), (9, 40.0), (7, 35.2), (12, lb(22.3), lbs)),
        session(at(BERLIN, 2025, 6, 30, 23, 50), (5, 39.9), (10, lb(39.9), lbs)),
        session(at(BERLIN, 2025, 7, 1), (10, 40.0), (3, 22.3)),
    ]


def dst_weeks() -> Sessions:
    # Late sessions over the spring and autumn changes, past midnight, in New York.
    return [
        session(at(NEW_YORK, 2025, 3, 1, 23, 50), (10, 20.1), (10, 20.2), (9, 20.3)),
        session(at(NEW_YORK, 2025, 3, 8, 23, 55), (10, 21.1), (11, 21.1)),
        session(at(NEW_YORK, 2025, 3, 9, 3, 10), (10, 21.7)),
        session(at(NEW_YORK, 2025, 3, 31, 23, 58), (10, 22.9), (10, 22.9), (10, 23.1)),
        session(at(NEW_YORK, 2025, 10, 31, 23, 40), (12, 24.3), (12, 24.3), (12, 24.3)),
        session(at(NEW_YORK, 2025, 11, 2, 1, 30), (8, 25.1)),
        session(at(NEW_YORK, 2025, 11, 2, 1, 45), (8, 25.1)),
    ]


def bodyweight_holds() -> Sessions:
    def bridge(start: datetime, left: int, right: int) -> tuple:
        left_, right_ = {"side": Side.LEFT}, {"side": Side.RIGHT}
        return session(
            start,
            (12, None, left_ | {"seconds": left}),
            (12, None, right_ | {"seconds": right}),
            (15, None, left_ | {"seconds": left, "warmup": True}),
            exercise=BRIDGE,
        )

    return [
        bridge(at(UTC, 2025, 8, 29), 30, 30),
        bridge(at(UTC, 2025, 8, 31, 23, 59), 35, 30),
        bridge(at(UTC, 2025, 9, 1), 35, 40),
        bridge(at(UTC, 2025, 9, 30), 40, 40),
    ]


CASES = {
    "warm-ups never count": (warmups_heavier, DL, Rules()),
    "sides, a week over two months": (sided, KICK, Rules()),
    "sides, in pounds, weeks from sunday": (
        sided,
        KICK,
        Rules(unit=Unit.LB, week_start="sunday"),
    ),
    "kg and lb tie (40 kg, 88.2 lb)": (kg_and_lb, DL, Rules(tz=BERLIN)),
    "kg and lb, in pounds, day from 4": (kg_and_lb, DL, Rules(Unit.LB, BERLIN, 4, "sunday")),
    "DST weeks in New York": (dst_weeks, DL, Rules(tz=NEW_YORK)),
    "DST weeks, day from 4, sunday": (
        dst_weeks,
        DL,
        Rules(tz=NEW_YORK, hour=4, week_start="sunday"),
    ),
    "DST weeks seen from Berlin": (dst_weeks, DL, Rules(Unit.LB, BERLIN, 2)),
    "bodyweight, holds, sides": (bodyweight_holds, BRIDGE, Rules()),
    "bodyweight, in another zone": (bodyweight_holds, BRIDGE, Rules(tz=NEW_YORK, hour=5)),
    "an exercise not in the history": (warmups_heavier, KICK, Rules()),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("today", [date(2025, 3, 30), date(2025, 12, 1)], ids=["early", "late"])
def test_composed_months_give_what_the_sets_give(name: str, today: date) -> None:
    history, exercise, rules = CASES[name]
    check(history(), exercise, rules, today)


def random_history(rng: random.Random, tz: tzinfo) -> Sessions:
    """Two years of a realistic log: loads creeping up, some sessions in pounds, warm-ups,
    sides, holds, late sessions running past midnight."""
    sessions: Sessions = []
    day = date(2024, 1, 1)
    load = 20.0
    while day < date(2026, 1, 1):
        day += timedelta(days=rng.choice((1, 2, 2, 3, 4)))
        hour, minute = rng.choice((7, 12, 18, 23)), rng.choice((0, 35, 50))
        start = at(tz, day.year, day.month, day.day, hour, minute)
        load += rng.choice((0.0, 0.0, 0.5, 1.0, -0.5))
        in_lb = rng.random() < 0.2
        sets = []
        for k in range(rng.randint(1, 6)):
            weight = lb(load) if in_lb else load
            side = rng.choice((Side.NONE, Side.LEFT, Side.RIGHT))
            sets.append(
                set_(
                    rng.choice((DL, DL, KICK)),
                    start + timedelta(minutes=7 * k),
                    rng.randint(1, 12),
                    rng.choice((weight, weight, None)),
                    unit=Unit.LB if in_lb else Unit.KG,
                    side=side,
                    seconds=rng.choice((None, None, rng.randint(10, 60))),
                    warmup=rng.random() < 0.15,
                )
            )
        sessions.append((start, sets))
    return sessions


@pytest.mark.parametrize("seed", range(12))
def test_random_histories(seed: int) -> None:
    rng = random.Random(seed)
    tz = (UTC, BERLIN, NEW_YORK)[seed % 3]
    rules = Rules(
        unit=(Unit.KG, Unit.LB)[seed % 2],
        tz=(BERLIN, NEW_YORK, UTC, timezone(timedelta(hours=9)))[seed % 4],
        hour=(0, 4, 2)[seed % 3],
        week_start=("monday", "sunday")[seed % 2],
    )
    history = random_history(rng, tz)
    for exercise in (DL, KICK):
        check(history, exercise, rules, date(2025, 12, 31))


@pytest.mark.parametrize("tail", [1, 3, 8, 500])
def test_the_tail_of_the_balance_is_the_end_of_the_whole(tail: int) -> None:
    sets = [s for _, chosen in sided() for s in chosen]
    for until in (None, date(2025, 5, 20), date(2025, 9, 1)):
        totals = side_totals(sets, KICK, Unit.KG, UTC)
        whole = balance_series(totals, 10, "monday", until)
        assert balance_series(totals, 10, "monday", until, tail=tail) == whole[-tail:]


# ---------------------------------------------------------------------------
# Where the months cannot tell


def test_merged_months_out_of_time_order_are_none() -> None:
    early = session(datetime(2026, 4, 1, 0, 30, tzinfo=timezone(timedelta(hours=14))), (5, 30.0))
    late = session(datetime(2026, 3, 31, 20, 0, tzinfo=timezone(timedelta(hours=-10))), (5, 31.0))
    months = [month_progress(m, DL, Unit.KG, tz=UTC) for m in ([late], [early])]
    assert merge([m for m in months if m]) is None
    assert merge([]) is None


def test_a_chain_of_near_ties_is_left_to_the_sets() -> None:
    # 20.000 then 20.008 (a tie: more reps wins) then 20.016: heavier than 20.000 by more
    # than the tolerance but not than 20.008. Which set holds the record depends on the
    # whole order, so the months say None.
    sessions = [
        session(at(UTC, 2025, 1, 10), (5, 20.0)),
        session(at(UTC, 2025, 2, 10), (6, 20.008)),
        session(at(UTC, 2025, 3, 10), (5, 20.016)),
    ]
    months = summed(sessions, DL, Rules())
    assert compose(months, DL, Unit.KG) is None
    merged = merge(months[:2])  # a merge keeps what the fold needs: still None
    assert merged is not None and compose([merged, months[2]], DL, Unit.KG) is None


def test_months_out_of_time_order_are_left_to_the_sets() -> None:
    # On its own clock the first starts in April, yet before the second (in March).
    early = session(datetime(2026, 4, 1, 0, 30, tzinfo=timezone(timedelta(hours=14))), (5, 30.0))
    late = session(datetime(2026, 3, 31, 20, 0, tzinfo=timezone(timedelta(hours=-10))), (5, 31.0))
    months = [
        month_progress(m, DL, Unit.KG, tz=UTC)
        for m in ([late], [early])  # the month files: March, then April
    ]
    assert compose([m for m in months if m], DL, Unit.KG) is None


def test_a_kept_set_that_does_not_match_its_numbers_is_refused() -> None:
    months = summed(warmups_heavier(), DL, Rules())
    raw = encode_month(months[0])
    raw[6][0]["weight"] = 41.0  # the kept heaviest set, edited
    with pytest.raises(ValidationError):
        compose([decode_month(raw), *months[1:]], DL, Unit.KG)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw.pop(),
        lambda raw: raw.__setitem__(0, "not a time"),
        lambda raw: raw[4][0].__setitem__(1, 400),  # an int where a float was written
        lambda raw: raw[4][0].__setitem__(1, -1.0),
        lambda raw: raw[4][0].__setitem__(2, 10.5),  # reps are whole
        lambda raw: raw[3][0][1][0].__setitem__(3, 99),  # a candidate without its set
        lambda raw: raw[3][0].__setitem__(0, True),
    ],
)
def test_a_damaged_summary_is_refused(damage: object) -> None:
    raw = encode_month(summed(warmups_heavier(), DL, Rules())[0])
    damage(raw)
    with pytest.raises(ValidationError):
        decode_month(raw)
