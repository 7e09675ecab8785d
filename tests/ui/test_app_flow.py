"""Pilot tests: what a user sees in the picker, the guided view and the summary, and
what lands in the store on disk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from hipext_tui.domain.catalog import load_catalog
from hipext_tui.domain.guide import build_plan
from hipext_tui.domain.workout import Session, SetEntry, Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.screens.guided import GuidedScreen
from hipext_tui.ui.screens.picker import PickerScreen
from hipext_tui.ui.screens.summary import SummaryScreen
from hipext_tui.ui.widgets.rest_timer import RestTimer

from .conftest import NOW, build_app, press, screen_text, settle

SIZE = (80, 24)
ROUTINE = "hip-extension-for-runners"


def on_disk(path: Path) -> Store:
    """An independent handle on the file: what is really on disk."""
    return Store.open(path, create=False)


async def test_whole_routine_from_picker_to_summary(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert "Streak: 0 days in a row" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, GuidedScreen)
        assert "Set 1 of 3 | Left leg" in screen_text(app)
        logged = 0
        while isinstance(app.screen, GuidedScreen):
            await pilot.press("enter")
            logged += 1
            # Every set is on disk before the screen moves on.
            if logged % 5 == 1:
                stored = on_disk(store_path)
                assert stored.count_sets() == logged
                stored.close()
            if isinstance(app.screen, GuidedScreen) and app.screen.query_one(RestTimer).running:
                await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Workout done: Hip extension for runners" in text
        assert "Sets      20" in text
        assert "Streak: 1 day in a row" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, PickerScreen)
        assert "Last:   today" in screen_text(app)
    store = on_disk(store_path)
    sessions = store.sessions()
    assert len(sessions) == 1
    assert len(sessions[0].sets) == 20
    assert sessions[0].routine_id == ROUTINE
    assert sessions[0].is_finished


def _partial_session(sets: int) -> Session:
    """Today's session of the routine with the first ``sets`` slots logged."""
    catalog = load_catalog()
    plan = build_plan(catalog.routine(ROUTINE), catalog)
    start = NOW - timedelta(minutes=20)
    entries = tuple(
        SetEntry(
            id=f"set-{slot.index}",
            exercise_id=slot.exercise_id,
            side=slot.side,
            reps=slot.reps,
            logged_at=start + timedelta(minutes=1 + slot.index),
            weight=20.0,
            unit=Unit.KG,
        )
        for slot in plan.slots[:sets]
    )
    return Session(id="ses-today", start=start, routine_id=ROUTINE, sets=entries)


async def test_resume_after_a_kill_continues_at_the_right_set(store_path: Path) -> None:
    # What a killed app leaves behind: an unfinished session with 7 of 20 sets.
    store = Store.open(store_path)
    store.add_session(_partial_session(7))
    store.close()
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Resume today's workout?" in text
        assert "7 of 20 sets done" in text
        await press(pilot, "y")
        assert isinstance(app.screen, GuidedScreen)
        text = screen_text(app)
        # 6 one-sided bridge sets and the first deadlift set are done.
        assert "Deadlift  Set 2 of 3" in text
        assert "7 of 20 sets done" in text
        await press(pilot, "enter")
    store = on_disk(store_path)
    session = store.session("ses-today")
    assert session is not None and len(session.sets) == 8
    assert len(store.sessions()) == 1


async def test_starting_the_routine_again_offers_to_resume(store_path: Path) -> None:
    store = Store.open(store_path)
    store.add_session(_partial_session(3))
    store.close()
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "escape")  # not now
        assert isinstance(app.screen, PickerScreen)
        await press(pilot, "enter")
        assert "Resume today's workout?" in screen_text(app)
        await press(pilot, "y")
        assert "Set 2 of 3 | Right leg" in screen_text(app)


async def test_invalid_entries_show_a_message_keep_focus_and_save_nothing(
    store_path: Path,
) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        reps = app.screen.query_one("#reps", Input)
        weight = app.screen.query_one("#weight", Input)
        # Outside the fields letters are commands; Tab moves into the form, where every
        # letter is typed: "ten" does not start the pacing timer ("t").
        assert not reps.has_focus
        await press(pilot, "tab")
        assert reps.has_focus
        await press(pilot, "t", "e", "n", "enter")
        assert reps.value == "ten"
        assert "Rep 1 of" not in screen_text(app)
        assert "reps: 'ten' is not a whole" in screen_text(app)
        assert reps.has_focus
        reps.value = "10"
        weight.value = "-5"
        await press(pilot, "enter")
        assert "weight: -5 is out of range" in screen_text(app).replace("\n", " ")
        assert weight.has_focus
        assert "0 of 20 sets done" in screen_text(app)
    store = on_disk(store_path)
    assert store.count_sets() == 0
    assert store.sessions() == []


async def test_skip_exercise_redo_and_finish_early(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await press(pilot, "x", "y")  # skip the glute bridge
        text = screen_text(app)
        assert "Deadlift  Set 1 of 3" in text
        assert "0 of 20 sets done, 6 skipped" in text  # skipped sets are not "done"
        await press(pilot, "enter", "s")
        await press(pilot, "r")
        line = screen_text(app).splitlines()[1]
        assert line.strip() == "Editing the last set (Deadlift)  10 reps"
        app.screen.query_one("#reps", Input).value = "7"
        await press(pilot, "enter")
        await press(pilot, "f", "y")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Sets      1" in text
        assert "skipped" in text
    store = on_disk(store_path)
    (session,) = store.sessions()
    assert [s.reps for s in session.sets] == [7]
    assert session.skipped == ("single-leg-glute-bridge",)
    assert session.is_finished


async def test_quit_during_a_workout_asks_first(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "q")
        assert "Quit in the middle of a workout?" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, GuidedScreen)
        await press(pilot, "q", "y")
    assert app.return_code == 0


async def test_filter_and_single_exercise(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "r", "o", "m", "a", "n", "enter")
        text = screen_text(app)
        assert "Barbell Romanian deadlift" in text
        assert "Single-leg glute bridge" not in text
        # The pane says what the routine prescribes (fix 6), and the set rests that long.
        assert "3 x 8, rest 90 s, lower in 5 s" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, GuidedScreen)
        assert app.screen.plan.slots[0].rest_seconds == 90
        assert "t: pace 8 reps (lower 5 s)" in screen_text(app)
        await press(pilot, "t")
        text = screen_text(app)
        assert "Rep 1 of 8" in text and "LOWER  5" in text


async def test_picker_arrows_move_the_detail(demo_path: Path) -> None:
    app = build_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        # Trained 1, 2 and 4 days ago; the planned rest day 3 days ago bridges the gap.
        assert "Streak: 3 days in a row" in text
        assert "Weeks:  8 weeks kept, this week 2/2" in text
        assert "Last:   yesterday" in text
        await press(pilot, "j")
        assert "Sides: each side in turn" in screen_text(app)
        await press(pilot, "down")
        assert "Equipment: Kettlebell" in screen_text(app)
        await press(pilot, "k", "k")
        assert "20 sets, about" in screen_text(app)


async def test_prefill_uses_the_last_set(demo_path: Path) -> None:
    app = build_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "enter")  # Deadlift on its own
        assert "Deadlift  Set 1 of 3" in screen_text(app)
        assert app.screen.query_one("#weight", Input).value == "28"


async def test_help_lists_the_keys_of_the_screen(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "Picker keys" in text
        assert "Past workouts and streaks" in text
        assert "/      Type to filter the list" in text  # the key of a row is never lost
        assert "Down/j Next entry" in text  # one row for the keys of one action
        await press(pilot, "escape")
        assert isinstance(app.screen, PickerScreen)


async def test_command_palette_opens_with_a_plain_key(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "colon")
        await pilot.press(*"start")
        await settle(pilot)
        assert "Start routine: Hip extension for runners" in screen_text(app)


async def test_a_full_disk_keeps_the_app_running_and_saves_nothing(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from hipext_tui.store import files

    real_write = os.write

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # start the routine
        await press(pilot, "enter")  # the first set saves fine
        before = store_path.read_bytes()
        shard = sorted(store_path.parent.glob("*.d/sessions-*.json"))[0]
        shard_before = shard.read_bytes()
        monkeypatch.setattr(files.os, "write", disk_full)
        await press(pilot, "enter")
        text = screen_text(app)
        assert "Not saved:" in text
        assert "space left on device" in text  # the message wraps in the side pane
        assert isinstance(app.screen, GuidedScreen)  # still running, same set
        assert "1 of 20 sets done" in text
        assert shard.read_bytes() == shard_before
        assert store_path.read_bytes() == before
        monkeypatch.setattr(files.os, "write", real_write)
        await press(pilot, "enter")  # space again: the same set saves
        assert "2 of 20 sets done" in screen_text(app)
    session = on_disk(store_path).sessions()[0]
    assert len(session.sets) == 2


def _hipext_log(store_path: Path, *argv: str) -> str:
    """Run ``hipext log`` in another process, as a second window would."""
    import os
    import subprocess
    import sys

    env = os.environ | {"PYTHONPATH": str(Path.cwd()), "TZ": "UTC"}
    command = [sys.executable, "-m", "hipext_tui", "--db", str(store_path), "log", *argv]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("ending", ["finish", "skip"])
async def test_sets_logged_from_another_window_survive_finish_and_skip(
    store_path: Path, ending: str
) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter")  # start the routine, log the first set
        assert isinstance(app.screen, GuidedScreen)
        session_id = app.screen.target.session_id
        for n in range(5):
            at = (NOW + timedelta(minutes=1 + n)).isoformat()
            out = _hipext_log(store_path, "barbell-romanian-deadlift", "--reps", "7", "--at", at)
            assert f"(session {session_id})" in out
        await press(pilot, "f" if ending == "finish" else "x", "y")
        if ending == "skip":
            # The running workout was read back: the other window's sets count.
            await press(pilot, "enter")
            assert isinstance(app.screen, GuidedScreen)
            assert app.screen.session is not None and len(app.screen.session.sets) >= 7
    sessions = on_disk(store_path).sessions()
    assert len(sessions) == 1
    rdl = [s for s in sessions[0].sets if s.exercise_id == "barbell-romanian-deadlift"]
    assert len(rdl) == 5
    if ending == "finish":
        assert sessions[0].is_finished and len(sessions[0].sets) == 6
    else:
        assert sessions[0].skipped == ("single-leg-glute-bridge",)
