"""Personal records, weekly chart series and left/right balance, with hand-worked numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

import pendulum
import pytest

from hipext_tui.domain.progress import (
    all_records,
    e1rm,
    format_weight,
    is_new_record,
    personal_records,
    records_for,
)
from hipext_tui.domain.trends import (
    overall_balance,
    side_load,
    week_of,
    weekly_balance,
    weekly_best_e1rm,
    weekly_reps,
    weekly_volume,
)
from hipext_tui.domain.workout import LB_PER_KG, SetEntry, SetType, Side, Unit

BASE = datetime(2024, 5, 6, 7, 0, tzinfo=UTC)
BERLIN = pendulum.timezone("Europe/Berlin")
NEW_YORK = pendulum.timezone("America/New_York")
KICK = "kickstand-deadlift"
SLGB = "single-leg-glute-bridge"

_ids = iter(range(1_000_000))


def s(
    exercise_id: str = "deadlift",
    reps: int = 10,
    weight: float | None = None,
    *,
    unit: Unit = Unit.KG,
    side: Side = Side.NONE,
    seconds: int | None = None,
    warmup: bool = False,
    at: datetime | None = None,
) -> SetEntry:
    n = next(_ids)
    return SetEntry(
        id=f"set{n}",
        exercise_id=exercise_id,
        side=side,
        reps=reps,
        weight=weight,
        unit=unit,
        seconds=seconds,
        set_type=SetType.WARMUP if warmup else SetType.WORKING,
        logged_at=at or BASE + timedelta(minutes=n),
    )


def local(tz: tzinfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local wall-clock moment (pendulum zones are zoneinfo zones, so DST applies)."""
    return datetime(year, month, day, hour, minute, tzinfo=tz)


# ---------------------------------------------------------------------------
# e1RM and labels


def test_epley_and_a_single_rep() -> None:
    assert e1rm(100, 1) == 100
    assert e1rm(20, 10) == pytest.approx(20 * (1 + 10 / 30))  # 26.667
    assert e1rm(24, 6) == pytest.approx(28.8)


def test_format_weight() -> None:
    assert format_weight(20.0, Unit.KG) == "20 kg"
    assert format_weight(42.5, Unit.LB) == "42.5 lb"
    assert format_weight(0.0, Unit.KG) == "bodyweight"


# ---------------------------------------------------------------------------
# Records


def deadlift_history() -> list[SetEntry]:
    return [
        s(reps=10, weight=20),
        s(reps=6, weight=24),
        s(reps=5, weight=30, warmup=True),  # heavier, but a warm-up: never counts
        s(reps=12, weight=16),
        s(reps=8, weight=20),
    ]


def test_each_record_kind() -> None:
    rec = records_for(deadlift_history(), Unit.KG, "deadlift")
    assert rec.sets == 4
    assert rec.heaviest is not None
    assert (rec.heaviest.value, rec.heaviest.entry.reps) == (24, 6)
    assert rec.best_e1rm is not None
    assert rec.best_e1rm.value == pytest.approx(28.8)  # 24 x (1 + 6/30)
    assert rec.best_e1rm.entry.weight == 24
    assert rec.reps_at == {16.0: 12, 20.0: 10, 24.0: 6}
    assert rec.longest_hold is None


def test_heaviest_tie_goes_to_more_reps_and_one_rep_is_its_weight() -> None:
    rec = records_for([s(reps=3, weight=40), s(reps=5, weight=40)], Unit.KG, "deadlift")
    assert rec.heaviest is not None and rec.heaviest.entry.reps == 5
    single = records_for([s(reps=1, weight=50)], Unit.KG, "deadlift")
    assert single.best_e1rm is not None and single.best_e1rm.value == 50


def test_longest_hold_ignores_warmups() -> None:
    sets = [
        s(SLGB, seconds=20, side=Side.LEFT),
        s(SLGB, seconds=35, side=Side.RIGHT),
        s(SLGB, seconds=60, side=Side.LEFT, warmup=True),
    ]
    rec = records_for(sets, Unit.KG, SLGB)
    assert rec.longest_hold is not None and rec.longest_hold.value == 35
    # Bodyweight only: no heaviest, no e1RM, reps at bodyweight.
    assert rec.heaviest is None and rec.best_e1rm is None
    assert rec.reps_at == {0.0: 10}


def test_warmups_only_give_empty_records() -> None:
    rec = records_for([s(weight=50, warmup=True)], Unit.KG, "deadlift")
    assert (rec.sets, rec.heaviest, rec.best_e1rm, rec.reps_at) == (0, None, None, {})


def test_records_in_pounds_and_mixed_units() -> None:
    sets = [s(reps=10, weight=20), s(reps=10, weight=50, unit=Unit.LB)]  # 50 lb = 22.68 kg
    in_kg = records_for(sets, Unit.KG, "deadlift")
    assert in_kg.heaviest is not None
    assert in_kg.heaviest.value == pytest.approx(50 / LB_PER_KG)
    assert in_kg.heaviest.entry.unit is Unit.LB
    assert in_kg.reps_at == {20.0: 10, 22.7: 10}
    in_lb = records_for(sets, Unit.LB, "deadlift")
    assert in_lb.heaviest is not None and in_lb.heaviest.value == pytest.approx(50)
    assert in_lb.reps_at == {44.1: 10, 50.0: 10}


def test_per_side_records_for_a_one_sided_move() -> None:
    sets = [
        s(KICK, reps=8, weight=16, side=Side.LEFT),
        s(KICK, reps=8, weight=20, side=Side.RIGHT),
        s(KICK, reps=10, weight=16, side=Side.RIGHT),
        s(KICK, reps=8, weight=28, side=Side.LEFT, warmup=True),
    ]
    recs = personal_records(sets, Unit.KG, KICK)
    assert recs.left is not None and recs.right is not None
    assert recs.left.heaviest is not None and recs.left.heaviest.value == 16
    assert recs.right.heaviest is not None and recs.right.heaviest.value == 20
    assert recs.overall.heaviest is not None and recs.overall.heaviest.value == 20
    assert recs.left.reps_at == {16.0: 8}
    assert recs.right.reps_at == {16.0: 10, 20.0: 8}
    assert recs.overall.sets == 3
    both = personal_records([s(reps=5, weight=30)], Unit.KG, "deadlift")
    assert both.left is None and both.right is None


def test_all_records_covers_every_exercise_with_working_sets() -> None:
    sets = [*deadlift_history(), s(KICK, weight=16, side=Side.LEFT), s("rdl", warmup=True)]
    recs = all_records(sets, Unit.KG)
    assert set(recs) == {"deadlift", KICK}
    heaviest = recs["deadlift"].overall.heaviest
    assert heaviest is not None and heaviest.value == 24


# ---------------------------------------------------------------------------
# New records


def test_first_ever_set_is_not_announced() -> None:
    assert is_new_record([], s(reps=10, weight=100), Unit.KG) == []
    # Only warm-ups before: still the first working set.
    assert is_new_record([s(weight=10, warmup=True)], s(weight=100), Unit.KG) == []
    # Records are per side: the first right-leg set is a first too.
    left = [s(KICK, weight=16, side=Side.LEFT)]
    assert is_new_record(left, s(KICK, weight=40, side=Side.RIGHT), Unit.KG) == []


def test_every_kind_announced_when_beaten() -> None:
    history = deadlift_history()
    # 24 x 8: not heavier than 24, e1RM 30.4 > 28.8, 8 > 6 reps at 24 kg.
    assert is_new_record(history, s(reps=8, weight=24), Unit.KG) == ["e1rm", "reps at 24 kg"]
    # 26 x 3: heavier than 24; e1RM 28.6 < 28.8; no earlier set at 26 kg.
    assert is_new_record(history, s(reps=3, weight=26), Unit.KG) == ["heaviest"]
    # 26 x 6: heaviest and e1RM 31.2.
    assert is_new_record(history, s(reps=6, weight=26), Unit.KG) == ["heaviest", "e1rm"]
    # 16 x 11: nothing beaten (12 reps at 16 kg stands).
    assert is_new_record(history, s(reps=11, weight=16), Unit.KG) == []


@pytest.mark.parametrize(
    ("reps", "pounds", "expected"),
    [
        (10, 44.1, []),  # 20 kg shown in lb and logged back: the same set, no record
        (10, 44.0, []),
        (11, 44.1, ["e1rm", "reps at 44.1 lb"]),  # one more rep is a record
        (10, 45.0, ["heaviest", "e1rm"]),  # 20.4 kg: a real gain of 2%
    ],
)
def test_records_compare_across_units_with_a_tolerance(
    reps: int, pounds: float, expected: list[str]
) -> None:
    history = [s(reps=10, weight=20), s(reps=8, weight=20)]
    assert is_new_record(history, s(reps=reps, weight=pounds, unit=Unit.LB), Unit.LB) == expected


def test_warmup_sets_never_count_or_announce() -> None:
    history = deadlift_history()  # holds a 30 kg warm-up
    # 28 x 1 beats the working 24 kg though a 30 kg warm-up exists.
    assert is_new_record(history, s(reps=1, weight=28), Unit.KG) == ["heaviest"]
    assert is_new_record(history, s(reps=20, weight=40, warmup=True), Unit.KG) == []


def test_longest_hold_and_bodyweight_reps() -> None:
    history = [s(SLGB, reps=10, seconds=20, side=Side.LEFT)]
    new = s(SLGB, reps=12, seconds=25, side=Side.LEFT)
    assert is_new_record(history, new, Unit.KG) == ["reps at bodyweight", "longest hold"]
    # The first timed hold after untimed sets is not a record yet.
    untimed = [s(SLGB, reps=10, side=Side.RIGHT)]
    assert is_new_record(untimed, s(SLGB, reps=8, seconds=30, side=Side.RIGHT), Unit.KG) == []


def test_first_weighted_set_after_bodyweight_is_not_heaviest() -> None:
    history = [s(reps=10)]
    assert is_new_record(history, s(reps=10, weight=20), Unit.KG) == []


def test_mixed_units_compare_in_the_users_unit() -> None:
    history = [s(reps=10, weight=20)]
    # 44.0925 lb is 20.00 kg: same weight, not heavier; 11 reps beat 10 at 20 kg;
    # e1RM 20 x (1 + 11/30) = 27.33 beats 26.67.
    same = s(reps=11, weight=44.0925, unit=Unit.LB)
    assert is_new_record(history, same, Unit.KG) == ["e1rm", "reps at 20 kg"]
    # 45 lb is 20.41 kg: heavier; e1RM 27.22 > 26.67; no earlier set at 20.4 kg.
    heavier = s(reps=10, weight=45, unit=Unit.LB)
    assert is_new_record(history, heavier, Unit.KG) == ["heaviest", "e1rm"]
    # Seen from a pound user: the 20 kg set is 44.1 lb, the label is in pounds.
    assert is_new_record(history, same, Unit.LB) == ["e1rm", "reps at 44.1 lb"]


def test_new_set_already_in_history_is_left_out() -> None:
    history = deadlift_history()
    new = s(reps=6, weight=26)
    assert is_new_record([*history, new], new, Unit.KG) == ["heaviest", "e1rm"]
    assert is_new_record([new], new, Unit.KG) == []


# ---------------------------------------------------------------------------
# Weekly series


def dst_spring_history() -> list[SetEntry]:
    """Berlin moves to summer time on Sunday 2024-03-31 at 02:00."""
    return [
        s(reps=10, weight=20, at=local(BERLIN, 2024, 3, 18, 18)),  # 200, week of Mar 18
        s(reps=5, weight=24, at=local(BERLIN, 2024, 3, 31, 23, 30)),  # 120, week of Mar 25
        # 00:30 local on Monday Apr 1 is still Sunday (22:30) in UTC.
        s(reps=8, weight=20, at=local(BERLIN, 2024, 4, 1, 0, 30)),  # 160, week of Apr 1
        s(reps=3, weight=30, warmup=True, at=local(BERLIN, 2024, 4, 9, 7)),
        s(reps=10, weight=22, at=local(BERLIN, 2024, 4, 15, 7)),  # 220, week of Apr 15
        s("other", reps=10, weight=99, at=local(BERLIN, 2024, 4, 2, 7)),
    ]


def test_week_of() -> None:
    assert week_of(date(2024, 3, 31)) == date(2024, 3, 25)  # Sunday -> its Monday
    assert week_of(date(2024, 4, 1)) == date(2024, 4, 1)
    assert week_of(date(2024, 3, 31), "sunday") == date(2024, 3, 31)
    assert week_of(date(2024, 4, 6), "sunday") == date(2024, 3, 31)


def test_weekly_volume_across_the_spring_dst_change() -> None:
    series = weekly_volume(dst_spring_history(), "deadlift", Unit.KG, tz=BERLIN)
    assert series == [
        (date(2024, 3, 18), 200.0),
        (date(2024, 3, 25), 120.0),
        (date(2024, 4, 1), 160.0),
        (date(2024, 4, 8), 0.0),  # only a warm-up that week
        (date(2024, 4, 15), 220.0),
    ]


def test_weekly_volume_with_day_start_hour_and_sunday_weeks() -> None:
    history = dst_spring_history()
    # With a 04:00 day start, 00:30 on Monday counts for Sunday: week of Mar 25.
    late = weekly_volume(history, "deadlift", Unit.KG, tz=BERLIN, day_start_hour=4)
    assert late[1:3] == [(date(2024, 3, 25), 280.0), (date(2024, 4, 1), 0.0)]
    sunday = weekly_volume(history, "deadlift", Unit.KG, tz=BERLIN, week_start="sunday")
    assert sunday == [
        (date(2024, 3, 17), 200.0),
        (date(2024, 3, 24), 0.0),
        (date(2024, 3, 31), 280.0),
        (date(2024, 4, 7), 0.0),
        (date(2024, 4, 14), 220.0),
    ]


def test_weekly_volume_in_pounds_and_until() -> None:
    series = weekly_volume(
        dst_spring_history(), "deadlift", Unit.LB, tz=BERLIN, until=date(2024, 4, 24)
    )
    assert [w for w, _ in series][-2:] == [date(2024, 4, 15), date(2024, 4, 22)]
    assert series[0][1] == pytest.approx(200 * LB_PER_KG)
    assert series[-1][1] == 0.0


def test_weekly_best_e1rm() -> None:
    series = weekly_best_e1rm(dst_spring_history(), "deadlift", Unit.KG, tz=BERLIN)
    assert [w for w, _ in series] == [
        date(2024, 3, 18),
        date(2024, 3, 25),
        date(2024, 4, 1),
        date(2024, 4, 8),
        date(2024, 4, 15),
    ]
    assert [v for _, v in series] == pytest.approx(
        [20 * (1 + 10 / 30), 24 * (1 + 5 / 30), 20 * (1 + 8 / 30), 0.0, 22 * (1 + 10 / 30)]
    )


def test_weekly_series_across_the_autumn_dst_change() -> None:
    # New York repeats 01:00-02:00 on Sunday 2024-11-03: both 01:30s are that Sunday.
    first = datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second = datetime(2024, 11, 3, 6, 30, tzinfo=UTC)  # 01:30 EST
    monday = datetime(2024, 11, 4, 5, 15, tzinfo=UTC)  # 00:15 EST Monday
    sets = [s(reps=5, at=first), s(reps=6, at=second), s(reps=7, at=monday)]
    assert weekly_reps(sets, "deadlift", tz=NEW_YORK) == [
        (date(2024, 10, 28), 11.0),
        (date(2024, 11, 4), 7.0),
    ]


def test_empty_and_bodyweight_only_series() -> None:
    assert weekly_volume([], "deadlift", Unit.KG, tz=BERLIN) == []
    bodyweight = [s(SLGB, reps=10, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7))]
    assert weekly_volume(bodyweight, SLGB, Unit.KG, tz=BERLIN) == [(date(2024, 4, 1), 0.0)]
    assert weekly_best_e1rm(bodyweight, SLGB, Unit.KG, tz=BERLIN) == []
    assert weekly_reps(bodyweight, SLGB, tz=BERLIN) == [(date(2024, 4, 1), 10.0)]


def test_weekly_volume_of_one_side() -> None:
    sets = [
        s(KICK, reps=8, weight=16, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7)),
        s(KICK, reps=8, weight=20, side=Side.RIGHT, at=local(BERLIN, 2024, 4, 2, 7, 5)),
    ]
    assert weekly_volume(sets, KICK, Unit.KG, tz=BERLIN) == [(date(2024, 4, 1), 288.0)]
    left = weekly_volume(sets, KICK, Unit.KG, tz=BERLIN, side=Side.LEFT)
    assert left == [(date(2024, 4, 1), 128.0)]


# ---------------------------------------------------------------------------
# Left/right balance


def balance_history() -> list[SetEntry]:
    def at(day: int, minute: int) -> datetime:
        return local(BERLIN, 2024, 3, day, 7, minute)

    return [
        # Week of Mar 18: left 2 x 16 x 8 = 256, right 2 x 20 x 8 = 320.
        s(KICK, reps=8, weight=16, side=Side.LEFT, at=at(19, 0)),
        s(KICK, reps=8, weight=20, side=Side.RIGHT, at=at(19, 1)),
        s(KICK, reps=8, weight=16, side=Side.LEFT, at=at(19, 2)),
        s(KICK, reps=8, weight=20, side=Side.RIGHT, at=at(19, 3)),
        s(KICK, reps=5, weight=30, side=Side.LEFT, warmup=True, at=at(19, 4)),
        s(KICK, reps=8, weight=40, side=Side.NONE, at=at(19, 5)),  # no side: not counted
        # Week of Mar 25: nothing.
        # Week of Apr 1: 16 kg x 8 on the left, 35.274 lb (16 kg) x 8 on the right.
        s(KICK, reps=8, weight=16, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7)),
        s(
            KICK,
            reps=8,
            weight=16 * LB_PER_KG,
            unit=Unit.LB,
            side=Side.RIGHT,
            at=local(BERLIN, 2024, 4, 2, 7, 1),
        ),
    ]


def test_weekly_balance_gap_and_flag() -> None:
    weeks = weekly_balance(balance_history(), KICK, Unit.KG, tz=BERLIN, threshold=10)
    assert [w.week for w in weeks] == [date(2024, 3, 18), date(2024, 3, 25), date(2024, 4, 1)]
    first, empty, even = weeks
    # Per set: 128 on the left against 160 on the right, two sets each.
    assert (first.left, first.right) == (128.0, 160.0)
    assert (first.left_sets, first.right_sets) == (2, 2)
    assert first.gap_percent == pytest.approx(20.0)  # 32 / 160
    assert first.flagged and first.weaker is Side.LEFT
    assert (empty.left, empty.right, empty.gap_percent, empty.flagged) == (0.0, 0.0, 0.0, False)
    assert empty.weaker is None
    assert even.left == pytest.approx(128.0) and even.right == pytest.approx(128.0)
    assert even.gap_percent == pytest.approx(0.0, abs=1e-9)
    assert not even.flagged
    # The flag needs the gap to exceed the threshold, not merely reach it.
    at_threshold = weekly_balance(balance_history(), KICK, Unit.KG, tz=BERLIN, threshold=20)
    assert not at_threshold[0].flagged


def test_balance_of_bodyweight_sets_uses_reps() -> None:
    sets = [
        s(SLGB, reps=12, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7)),
        s(SLGB, reps=10, side=Side.RIGHT, at=local(BERLIN, 2024, 4, 2, 7, 1)),
    ]
    assert side_load(sets[0], Unit.KG) == 12.0
    (week,) = weekly_balance(sets, SLGB, Unit.KG, tz=BERLIN, threshold=15)
    assert week.gap_percent == pytest.approx(100 * 2 / 12)  # 16.67 %
    assert week.flagged and week.weaker is Side.RIGHT


def test_one_side_missing_has_nothing_to_compare() -> None:
    sets = [s(KICK, reps=8, weight=16, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7))]
    (week,) = weekly_balance(sets, KICK, Unit.KG, tz=BERLIN, threshold=10)
    assert not week.compared and (week.left_sets, week.right_sets) == (1, 0)
    assert week.gap_percent == 0.0 and not week.flagged and week.weaker is None


def test_a_workout_stopped_early_compares_per_set_not_totals() -> None:
    # Two left sets of 12, one right set of 10: totals 24 against 10 (a 58% "gap"),
    # but per set 12 against 10.
    sets = [
        s(SLGB, reps=12, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7)),
        s(SLGB, reps=10, side=Side.RIGHT, at=local(BERLIN, 2024, 4, 2, 7, 1)),
        s(SLGB, reps=12, side=Side.LEFT, at=local(BERLIN, 2024, 4, 2, 7, 2)),
    ]
    (week,) = weekly_balance(sets, SLGB, Unit.KG, tz=BERLIN, threshold=20)
    assert (week.left, week.right, week.left_sets, week.right_sets) == (12.0, 10.0, 2, 1)
    assert week.gap_percent == pytest.approx(100 * 2 / 12) and not week.flagged
    assert week.weaker is Side.RIGHT


def test_overall_balance_over_the_last_weeks() -> None:
    history = balance_history()
    today = date(2024, 4, 3)  # week of Apr 1
    two = overall_balance(history, KICK, Unit.KG, tz=BERLIN, threshold=10, today=today, weeks=2)
    assert two.week is None
    assert two.gap_percent == pytest.approx(0.0, abs=1e-9) and not two.flagged
    three = overall_balance(history, KICK, Unit.KG, tz=BERLIN, threshold=10, today=today, weeks=3)
    # Three sets a side: 384 / 3 on the left, 448 / 3 on the right.
    assert (three.left, three.right) == pytest.approx((128.0, 448 / 3))
    assert three.gap_percent == pytest.approx(100 * 64 / 448)  # 14.29 %
    assert three.flagged and three.weaker is Side.LEFT
    nothing = overall_balance([], KICK, Unit.KG, tz=BERLIN, threshold=10, today=today)
    assert (nothing.left, nothing.right, nothing.flagged) == (0.0, 0.0, False)
    with pytest.raises(ValueError):
        overall_balance(history, KICK, Unit.KG, tz=BERLIN, threshold=10, today=today, weeks=0)


def test_no_sided_sets_give_no_weekly_balance() -> None:
    assert weekly_balance([s(weight=20)], "deadlift", Unit.KG, tz=BERLIN, threshold=10) == []
