"""The pacing state machine: reps and phases worked out from clock readings."""

from __future__ import annotations

import pytest

from hipext_tui.domain.pacing import Pacer, Phase, rep_phases

BRIDGE = rep_phases(hold_seconds=2, lower_seconds=0)
RDL = rep_phases(hold_seconds=0, lower_seconds=5)


def where(pacer: Pacer, now: float) -> tuple[int, str, int]:
    view = pacer.view(now)
    return view.rep, view.phase.name, view.seconds_left


def test_phases_of_a_hold_and_of_a_slow_lowering() -> None:
    assert [(p.name, p.seconds) for p in BRIDGE] == [("up", 1), ("hold", 2), ("down", 1)]
    assert [(p.name, p.seconds) for p in RDL] == [("lower", 5), ("up", 1)]
    assert rep_phases(0, 0) == ()


def test_bridge_set_walks_rep_by_rep_through_up_hold_down() -> None:
    pacer = Pacer(10, BRIDGE).start(100.0)
    seen = [where(pacer, 100.0 + t) for t in (0, 1, 2, 2.5, 3, 4, 39.5)]
    assert seen == [
        (1, "up", 1),
        (1, "hold", 2),
        (1, "hold", 1),
        (1, "hold", 1),
        (1, "down", 1),
        (2, "up", 1),
        (10, "down", 1),
    ]
    assert pacer.view(104.0).reps_done == 1
    assert pacer.view(104.0).step == 3


def test_rdl_counts_five_seconds_down_each_rep() -> None:
    pacer = Pacer(8, RDL).start(0.0)
    assert [where(pacer, t) for t in (0, 4.2, 5, 6)] == [
        (1, "lower", 5),
        (1, "lower", 1),
        (1, "up", 1),
        (2, "lower", 5),
    ]


def test_done_after_the_last_rep_with_every_rep_counted() -> None:
    pacer = Pacer(3, BRIDGE).start(0.0)
    assert not pacer.view(11.9).finished
    end = pacer.view(12.0)
    assert (end.finished, end.reps_done, end.rep, end.seconds_left) == (True, 3, 3, 0)
    assert pacer.view(500.0) == end  # stays done


def test_pause_keeps_the_place_and_resume_carries_on() -> None:
    pacer = Pacer(5, BRIDGE).start(0.0)
    paused = pacer.pause(5.5)  # rep 2, hold, 1.5 s left
    assert where(paused, 60.0) == (2, "hold", 2)
    assert paused.view(60.0).paused
    resumed = paused.resume(60.0)
    assert where(resumed, 60.0) == (2, "hold", 2)
    assert where(resumed, 61.5) == (2, "down", 1)
    assert resumed.toggle(61.5).toggle(90.0).elapsed(90.0) == pytest.approx(7.0)


def test_a_pacer_needs_reps_and_phases() -> None:
    with pytest.raises(ValueError, match="at least one rep"):
        Pacer(0, BRIDGE)
    with pytest.raises(ValueError, match="at least one rep"):
        Pacer(3, (Phase("hold", 0),))
