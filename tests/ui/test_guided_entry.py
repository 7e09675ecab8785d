"""The guided set form as a user fills it: RPE, warm-ups, notes and pain flags from the
keyboard to the disk and the export; the progression suggestion and what wins over it;
bad input; kg/lb round trips; messages that must not linger."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from hipext_tui.cli import main
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import BodyPart, Session, SetEntry, SetType, Side, Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.app import HipextApp
from hipext_tui.ui.screens.guided import GuidedScreen
from hipext_tui.ui.widgets.detail_pane import DetailPane
from hipext_tui.ui.widgets.rest_timer import RestTimer

from .conftest import NOW, build_app, press, screen_text, settle

SIZE = (80, 24)


def on_disk(path: Path) -> Store:
    """An independent handle on the file: what is really on disk."""
    return Store.open(path, create=False)


def field(app: object, name: str) -> Input:
    return app.screen.query_one(f"#{name}", Input)  # type: ignore[attr-defined]


def line(app: object, name: str) -> str:
    widget = app.screen.query_one(f"#{name}", Static)  # type: ignore[attr-defined]
    return "" if widget.has_class("-blank") else str(widget.render())


def the_session(path: Path) -> Session:
    """The workout of the test (not the seeded earlier one)."""
    sessions = [s for s in on_disk(path).sessions() if s.id != "ses-before"]
    assert len(sessions) == 1
    return sessions[0]


def seed(path: Path, *sets: SetEntry, settings: Settings | None = None) -> None:
    """A store holding one earlier session with ``sets`` (a week before the test clock)."""
    store = Store.open(path)
    start = NOW - timedelta(days=7)
    moved = tuple(replace(s, logged_at=start + timedelta(minutes=n)) for n, s in enumerate(sets))
    if moved:
        store.add_session(Session(id="ses-before", start=start, end=start, sets=moved))
    if settings is not None:
        store.save_settings(settings)
    store.close()


def deadlift(reps: int, weight: float, unit: Unit = Unit.KG, n: int = 0) -> SetEntry:
    return SetEntry(f"before-{n}", "deadlift", Side.NONE, reps, NOW, weight=weight, unit=unit)


@asynccontextmanager
async def opened(path: Path, *keys: str) -> AsyncIterator[tuple[HipextApp, Pilot[Any]]]:
    """The app on ``path`` at 80x24, after the picker loaded and ``keys`` were pressed."""
    app = build_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        yield app, pilot


# -- RPE and warm-up ------------------------------------------------------------------
async def test_rpe_and_warmup_from_the_keyboard_to_disk_and_export(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the routine: bridges, left leg
        assert "RPE (e)" in screen_text(app) and "Warm-up set: no (w: yes)" in screen_text(app)
        # A warm-up first: it is logged, and the same set is still to do.
        await press(pilot, "w")
        assert "Warm-up set: yes (w: no)" in screen_text(app)
        await press(pilot, "enter")
        assert "0 of 20 sets done" in screen_text(app)
        assert "Set 1 of 3 | Left leg" in screen_text(app)
        assert not app.screen.query_one(RestTimer).running
        assert line(app, "entry-note").startswith("Warm-up logged")
        # Remembered for the exercise: still a warm-up until w turns it off.
        assert "Warm-up set: yes (w: no)" in screen_text(app)
        await press(pilot, "w", "e", "8", "enter")
        assert "1 of 20 sets done" in screen_text(app)
        assert "Set 1 of 3 | Right leg" in screen_text(app)
        assert field(app, "rpe").value == "8"  # remembered for the exercise
        await press(pilot, "e", "7", ".", "5", "enter")
    sets = the_session(store_path).sets
    assert [(s.side, s.set_type, s.rpe) for s in sets] == [
        (Side.LEFT, SetType.WARMUP, None),
        (Side.LEFT, SetType.WORKING, 8.0),
        (Side.RIGHT, SetType.WORKING, 7.5),
    ]
    assert main(["export", "--format", "json", "--db", str(store_path)]) == 0
    exported = capsys.readouterr().out
    rows = json.loads(exported)["sessions"][0]["sets"]
    assert [(r["set_type"], r["rpe"]) for r in rows] == [
        ("warmup", None),
        ("working", 8.0),
        ("working", 7.5),
    ]
    file = tmp_path / "out.json"
    file.write_text(exported, encoding="utf-8")
    other = tmp_path / "b" / "hipext.json"
    assert main(["import", str(file), "--db", str(other)]) == 0
    assert [(s.set_type, s.rpe) for s in on_disk(other).sessions()[0].sets] == [
        (s.set_type, s.rpe) for s in sets
    ]


async def test_rpe_is_remembered_per_exercise_only(store_path: Path) -> None:
    async with opened(store_path, "enter") as (app, pilot):
        for _ in range(6):  # every bridge set, RPE 9 on the first
            if not field(app, "rpe").value:
                await press(pilot, "e", "9")
            await press(pilot, "enter", "s")
        assert "Deadlift  Set 1 of 3" in screen_text(app)
        assert field(app, "rpe").value == ""
        assert "Warm-up set: no" in screen_text(app)
    assert {s.rpe for s in the_session(store_path).sets} == {9.0}


@pytest.mark.parametrize(
    ("box", "typed", "message"),
    [
        ("rpe", "11", "RPE: 11 is out of range (1 to 10)"),
        ("rpe", "abc", "RPE: 'abc' is not a number (1 to 10)"),
        ("rpe", "0", "RPE: 0 is out of range (1 to 10)"),
        ("reps", "", "reps: enter a whole number from 1 to 1000"),
        ("reps", "abc", "reps: 'abc' is not a whole number (1 to 1000)"),
        ("weight", "abc", "weight: 'abc' is not a number (0 to 1000)"),
    ],
)
async def test_bad_input_is_one_line_keeps_the_focus_and_saves_nothing(
    store_path: Path, box: str, typed: str, message: str
) -> None:
    async with opened(store_path, "enter") as (app, pilot):
        target = field(app, box)
        target.focus()
        target.value = ""
        await settle(pilot)
        if typed:
            await press(pilot, *typed)  # typing in a field never triggers a key binding
        await press(pilot, "enter")
        assert line(app, "entry-error") == message  # one line of text (wrapped on screen)
        assert app.focused is field(app, box)
        assert "0 of 20 sets done" in screen_text(app)
        assert not app.screen.query_one(RestTimer).running
    assert on_disk(store_path).sessions() == []


async def test_a_warmup_never_counts_for_records_or_the_prefill(store_path: Path) -> None:
    seed(store_path, deadlift(10, 20, n=1), deadlift(10, 20, n=2), deadlift(10, 20, n=3))
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "enter")  # Deadlift on its own
        assert field(app, "weight").value == "20"
        weight = field(app, "weight")
        await press(pilot, "w")
        weight.focus()
        weight.value = "40"
        await press(pilot, "enter")
        text = screen_text(app)
        assert "New record" not in text
        assert [str(n.message) for n in app._notifications] == []
        # The next working set is offered from the working sets, not the 40 kg warm-up.
        await press(pilot, "w")
        assert field(app, "weight").value == "20"
        assert field(app, "reps").value == "11"  # the suggestion: one more rep at 20 kg
    sets = the_session(store_path).sets
    assert [(s.weight, s.set_type) for s in sets] == [(40, SetType.WARMUP)]


# -- notes and pain ---------------------------------------------------------------------
async def test_note_and_pain_flags_on_a_set_and_on_the_workout(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with opened(store_path, "enter") as (app, pilot):
        # Before any set: the note makes the workout on disk.
        await press(pilot, "n", *"tight hamstring", "enter")
        assert "Note: tight hamstring" in screen_text(app)
        assert the_session(store_path).notes == "tight hamstring"
        await press(pilot, "enter")  # left leg logged
        await press(pilot, "p")
        assert "On: the last set, Single-leg glute bridge, 10 reps" in screen_text(app)
        await press(pilot, "down", "enter")  # glute, on the set
        assert line(app, "entry-note") == "Pain (glute) on the last set."
        assert "pain: glute" in line(app, "guided-last")
        await press(pilot, "p", "tab")
        assert "On: the whole workout (Tab: the last set)" in screen_text(app)
        await press(pilot, "down", "down", "down", "enter")  # knee, on the workout
        assert "Pain (workout): knee" in screen_text(app)
        await press(pilot, "escape")  # pause the workout
    session = the_session(store_path)
    assert (session.notes, session.pain) == ("tight hamstring", BodyPart.KNEE)
    assert [s.pain for s in session.sets] == [BodyPart.GLUTE]
    assert main(["history", "--json", "--db", str(store_path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    listed = shown[0] if isinstance(shown, list) else shown["sessions"][0]
    assert (listed["notes"], listed["pain"], listed["sets"][0]["pain"]) == (
        "tight hamstring",
        "knee",
        "glute",
    )


async def test_a_pain_flag_is_cleared_and_a_cancelled_note_changes_nothing(
    store_path: Path,
) -> None:
    async with opened(store_path, "enter", "p") as (app, pilot):
        assert "On: the whole workout (no set logged yet)" in screen_text(app)
        await press(pilot, "down", "down", "enter")  # low back
        assert the_session(store_path).pain is BodyPart.LOW_BACK
        await press(pilot, "p", "end", "enter")  # no pain: clears it
        assert the_session(store_path).pain is None
        assert line(app, "entry-note") == "Pain flag cleared on the workout."
        await press(pilot, "n", *"abc", "escape")
        assert isinstance(app.screen, GuidedScreen)
    assert the_session(store_path).notes == ""


# -- the coaching pane ------------------------------------------------------------------
async def test_tab_moves_the_focus_visibly_and_page_keys_scroll_the_steps(
    store_path: Path,
) -> None:
    async with opened(store_path, "enter") as (app, pilot):
        pane = app.screen.query_one("#guided-steps", DetailPane)
        before = screen_text(app)
        assert app.focused is pane
        await press(pilot, "tab")
        after = screen_text(app)
        assert app.focused is field(app, "reps")
        assert after != before
        assert "Enter logs; Tab next; Esc out" in after
        await press(pilot, "tab", "tab", "tab")  # weight, RPE, back to the pane
        assert app.focused is pane
        assert screen_text(app) == before
        # PageDown scrolls the steps wherever the focus is, PageUp back.
        field(app, "reps").focus()
        await settle(pilot)
        top = screen_text(app)
        await press(pilot, "pagedown")
        assert pane.scroll_offset.y > 0
        assert screen_text(app) != top
        assert "Cues" in screen_text(app)
        await press(pilot, "pageup")
        assert pane.scroll_offset.y == 0


# -- suggestions --------------------------------------------------------------------------
async def test_the_suggestion_is_prefilled_with_its_reason_and_the_last_time(
    demo_path: Path,
) -> None:
    app = build_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "enter")  # Deadlift on its own
        text = screen_text(app)
        assert (field(app, "reps").value, field(app, "weight").value) == ("11", "28")
        assert line(app, "entry-why") == (
            "Suggested 28 kg x 11: one more rep than the 10 at 28 kg last time"
        )
        assert line(app, "entry-prev") == "Last time: 10, 10, 10 x 28 kg"
        assert "Suggested 28 kg x 11" in text  # on screen, beside the fields
        assert "Deadlift  Set 1 of 3 | 11 reps" in text  # one number for the set


async def test_a_step_up_per_leg_and_typing_wins_over_a_late_suggestion(
    store_path: Path,
) -> None:
    seed(store_path, deadlift(12, 16, n=1), deadlift(12, 16, n=2), deadlift(12, 16, n=3))
    async with opened(store_path, "j", "j", "enter") as (app, pilot):
        # The deadlift's load step is 4 kg (a kettlebell).
        assert (field(app, "reps").value, field(app, "weight").value) == ("8", "20")
        assert line(app, "entry-why") == "Suggested 20 kg: all 3 sets reached 12 at 16 kg last time"
        # Typed values win: a suggestion arriving later leaves the fields alone...
        await press(pilot, "1", "0")
        screen = app.screen
        assert isinstance(screen, GuidedScreen)
        screen._load_advice()
        await settle(pilot)
        assert field(app, "reps").value == "10"
        await press(pilot, "enter", "s")
        # ...and what was logged carries on to the next set, beside the suggestion.
        assert (field(app, "reps").value, field(app, "weight").value) == ("10", "20")
        assert line(app, "entry-why").startswith("Suggested 20 kg")


async def test_the_setting_turns_suggestions_off(store_path: Path) -> None:
    seed(
        store_path,
        deadlift(12, 16, n=1),
        deadlift(12, 16, n=2),
        settings=Settings(suggestions=False),
    )
    async with opened(store_path, "j", "j", "enter") as (app, _pilot):
        assert (field(app, "reps").value, field(app, "weight").value) == ("12", "16")
        assert "Suggested" not in screen_text(app)
        assert line(app, "entry-prev") == "Last time: 12, 12 x 16 kg"


# -- fixes 3 and 5 ---------------------------------------------------------------------
async def test_a_kg_set_offered_in_lb_is_logged_exactly_and_is_no_record(
    store_path: Path,
) -> None:
    seed(store_path, deadlift(10, 20, n=1), settings=Settings(unit=Unit.LB, suggestions=False))
    async with opened(store_path, "j", "j", "enter") as (app, pilot):
        assert field(app, "weight").value == "44.1"
        await press(pilot, "enter")
        assert "New record" not in screen_text(app)
        assert [str(n.message) for n in app._notifications] == []
        # Typed in lb, the set is kept in lb as typed.
        await press(pilot, "s", "tab", "tab")
        field(app, "weight").value = "45"
        await press(pilot, "enter")
        assert line(app, "entry-note") == "New record: heaviest, e1rm!"
    logged = the_session(store_path).sets
    assert [(s.weight, s.unit) for s in logged] == [(20.0, Unit.KG), (45.0, Unit.LB)]


async def test_the_record_note_ends_with_the_rest_and_toasts_stay_on_the_guided_view(
    store_path: Path,
) -> None:
    seed(store_path, deadlift(10, 20, n=1), settings=Settings(suggestions=False))
    async with opened(store_path, "j", "j", "enter", "1", "2", "enter") as (app, pilot):
        assert line(app, "entry-note") == "New record: e1rm, reps at 20 kg!"
        assert app._notifications
        await press(pilot, "s")
        assert "New record" not in screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, GuidedScreen)
        assert "New record" not in screen_text(app)
        messages = [str(n.message) for n in app._notifications]
        assert messages == ["Workout paused: Enter on the routine resumes it."]


# -- the summary: running beside the strength --------------------------------------------
@pytest.mark.parametrize("with_runs", [True, False])
async def test_the_summary_shows_this_weeks_running_km_only_when_there_are_runs(
    store_path: Path, with_runs: bool
) -> None:
    from hipext_tui.domain.runs import Run

    seed(store_path)
    store = Store.open(store_path)
    if with_runs:
        store.add_runs(
            [
                Run("run-1", NOW - timedelta(days=1), "Run", 8.2, 2900, "a.gpx"),
                Run("run-2", NOW - timedelta(hours=3), "Run", 5.0, 1700, "b.gpx"),
                Run("run-old", NOW - timedelta(days=9), "Run", 21.1, 7000, "c.gpx"),
            ]
        )
    store.close()
    app = build_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "f", "y")  # one set, then finish
        text = screen_text(app)
        assert "Workout done" in text
        if with_runs:
            assert "This week: 13.2 km of running, 1 strength session" in text
        else:
            assert "km of running" not in text


# -- the history's edit dialog: RPE and warm-up ------------------------------------------
async def test_the_edit_dialog_changes_rpe_and_warmup_and_refuses_a_bad_rpe(
    store_path: Path,
) -> None:
    from textual.widgets import Select

    from hipext_tui.ui.screens.history_dialogs import EditSetDialog

    from .test_history_support import ScreenApp, make_ctx

    session = Session(
        id="ses-1",
        start=NOW - timedelta(hours=2),
        end=NOW - timedelta(hours=1),
        sets=(deadlift(10, 20, n=1),),
    )
    session = replace(
        session, sets=tuple(replace(s, logged_at=session.start) for s in session.sets)
    )
    ctx = make_ctx(store_path, [session])
    entry = session.sets[0]
    results: list[object] = []
    exercise = ctx.catalog.get("deadlift")
    app = ScreenApp(lambda: EditSetDialog(entry, exercise))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = app.screen
        dialog.dismiss = results.append  # type: ignore[method-assign,assignment]
        assert "RPE" in screen_text(app) and "Working set" in screen_text(app)
        rpe = dialog.query_one("#edit-rpe", Input)
        rpe.value = "11"
        await press(pilot, "enter")
        assert "RPE: 11 is out of range (1 to 10)" in screen_text(app)
        assert results == []
        rpe.value = "8,5"
        dialog.query_one("#edit-type", Select).value = SetType.WARMUP.value
        await settle(pilot)
        rpe.focus()
        await press(pilot, "enter")
    assert len(results) == 1
    changed = results[0]
    assert isinstance(changed, SetEntry)
    assert (changed.rpe, changed.set_type, changed.reps) == (8.5, SetType.WARMUP, 10)
    ctx.update_set("ses-1", changed)
    stored = on_disk(store_path).session("ses-1")
    assert stored is not None and (stored.sets[0].rpe, stored.sets[0].is_warmup) == (8.5, True)


async def test_the_history_shows_the_pain_flags_and_the_note(store_path: Path) -> None:
    from hipext_tui.ui.screens.history_session import SessionScreen

    from .test_history_support import ScreenApp, make_ctx

    start = NOW - timedelta(hours=2)
    hurt = replace(deadlift(10, 20, n=1), logged_at=start, pain=BodyPart.HAMSTRING)
    session = Session(
        id="ses-1",
        start=start,
        end=start + timedelta(minutes=30),
        sets=(hurt,),
        notes="tight after the long run",
        pain=BodyPart.LOW_BACK,
    )
    ctx = make_ctx(store_path, [session])
    app = ScreenApp(lambda: SessionScreen(ctx, "ses-1"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Pain: low back" in text
        assert "Note: tight after the long run" in text
        assert "pain hamstring" in text


async def test_notices_on_the_picker_leave_the_streak_panel_readable(store_path: Path) -> None:
    from hipext_tui.ui.widgets.streak_panel import StreakPanel

    app = build_app(store_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn
        await settle(pilot)
        await press(pilot, "s")
        app.screen.query_one("#set-weekly_goal", Input).focus()
        await press(pilot, "enter")
        assert [str(n.message) for n in app._notifications] == ["Settings saved."]
        await settle(pilot)
        toasts = list(app.screen.query("Toast"))
        assert toasts, "the notice is on screen"
        panel = app.screen.query_one(StreakPanel).region
        assert all(not t.region.overlaps(panel) for t in toasts)
        assert "Streak:" in screen_text(app)
