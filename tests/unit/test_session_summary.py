"""Session summaries: the history list and the streaks from a session without its sets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipext_tui.domain.streaks import (
    StreakRules,
    training_days,
    training_days_from_slots,
    training_days_of,
    training_days_of_summaries,
)
from hipext_tui.domain.workout import (
    LB_PER_KG,
    Session,
    SessionSummary,
    SetEntry,
    SetType,
    Side,
    Unit,
    slot_of,
    summarize,
)

BERLIN = pendulum.timezone("Europe/Berlin")
START = datetime(2025, 3, 30, 0, 40, tzinfo=UTC)  # Berlin's clocks go forward at 01:00 UTC


def entry(n: int, minutes: int, **changes: object) -> SetEntry:
    base = SetEntry(
        id=f"set-{n}",
        exercise_id="deadlift",
        side=Side.LEFT,
        reps=8,
        logged_at=START + timedelta(minutes=minutes),
        weight=42.5,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def mixed_session() -> Session:
    """Kilograms and pounds, a warm-up, a bodyweight set, three exercises, a DST change."""
    return Session(
        id="ses-1",
        start=START,
        end=START + timedelta(hours=1),
        routine_id="hip-extension-for-runners",
        notes="felt strong",
        sets=(
            entry(1, 0, set_type=SetType.WARMUP, weight=20.0),
            entry(2, 5),
            entry(3, 7, exercise_id="step-up", unit=Unit.LB, weight=35.0, reps=12),
            entry(4, 21, exercise_id="bridge", weight=None, reps=15),
            entry(5, 22, side=Side.RIGHT, weight=47.5),
            entry(6, 50, exercise_id="step-up", unit=Unit.LB, weight=40.0, reps=10),
        ),
    )


def test_summary_holds_what_the_history_list_shows() -> None:
    session = mixed_session()
    summary = summarize(session)
    assert summary == SessionSummary(
        id="ses-1",
        start=START,
        end=START + timedelta(hours=1),
        routine_id="hip-extension-for-runners",
        notes="felt strong",
        working_sets=5,
        warmup_sets=1,
        kg_volume=8 * 42.5 + 8 * 47.5,
        lb_volume=12 * 35.0 + 10 * 40.0,
        exercise_ids=("deadlift", "step-up", "bridge"),
        slots=tuple(slot_of(START) + k for k in (0, 1, 2, 4)),  # 00:30, 00:45, 01:00, 01:30
        slot_sets=(1, 2, 2, 1),
        bodyweight_reps=15,  # the bridge's: no load, so the list shows reps
    )
    assert summary.total_sets == 6
    for unit in Unit:
        assert summary.volume(unit) == session.volume(unit)
    assert summary.volume(Unit.KG) == pytest.approx(720 + 820 / LB_PER_KG)


def test_an_empty_session_summarizes_to_nothing() -> None:
    summary = summarize(Session(id="s", start=START))
    assert (summary.total_sets, summary.volume(Unit.LB), summary.slots) == (0, 0.0, ())
    assert summary.exercise_ids == ()


def test_training_days_from_slots_match_those_from_the_moments() -> None:
    session = mixed_session()
    late = replace(session, id="ses-2", sets=(entry(9, 23 * 60 + 50),))
    rules = StreakRules(timezone=BERLIN, day_start_hour=4)
    expected = training_days_of([session, late], rules)
    summaries = [summarize(session), summarize(late)]
    assert training_days_of_summaries(summaries, rules) == expected
    assert training_days_from_slots([*summaries[0].slots, *summaries[0].slots], rules) == {
        date(2025, 3, 29)  # before 04:00 local: the day before
    }
    moments = [s.logged_at for s in (*session.sets, *late.sets)]
    assert training_days(moments * 2, rules) == expected


weights = st.one_of(st.none(), st.floats(0, 1000).map(lambda w: round(w, 3)))
sets = st.builds(
    lambda minutes, unit, weight, reps, warm, exercise: (
        minutes,
        unit,
        weight,
        reps,
        warm,
        exercise,
    ),
    st.integers(-600, 6000),
    st.sampled_from(Unit),
    weights,
    st.integers(1, 1000),
    st.booleans(),
    st.sampled_from(["deadlift", "bridge", "step-up"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(sets, max_size=25))
def test_summarize_agrees_with_the_session_on_random_sets(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    session = Session(
        id="s",
        start=START,
        sets=tuple(
            entry(
                n,
                minutes,
                unit=unit,
                weight=weight,
                reps=reps,
                set_type=SetType.WARMUP if warm else SetType.WORKING,
                exercise_id=exercise,
            )
            for n, (minutes, unit, weight, reps, warm, exercise) in enumerate(rows)
        ),
    )
    summary = summarize(session)
    for unit in Unit:
        assert summary.volume(unit) == session.volume(unit)
    assert summary.warmup_sets == sum(s.is_warmup for s in session.sets)
    assert summary.total_sets == len(session.sets)
    assert sum(summary.slot_sets) == len(session.sets)
    assert list(summary.slots) == sorted({slot_of(s.logged_at) for s in session.sets})
    assert summary.exercise_ids == tuple(dict.fromkeys(s.exercise_id for s in session.sets))
    assert summary.bodyweight_reps == sum(
        s.reps for s in session.sets if not s.is_warmup and not s.weight
    )
    rules = StreakRules(timezone=BERLIN)
    assert training_days_of_summaries([summary], rules) == training_days_of([session], rules)
