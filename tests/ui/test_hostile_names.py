"""Hole 9 in the TUI: a store file whose names hold terminal control codes (put there
by an import or by hand) shows them as visible escapes, and a name typed with one is
refused with one line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input

from hipext_tui.domain.catalog import Exercise, Routine, RoutineItem
from hipext_tui.domain.workout import Session, SetEntry, Side
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.screens.routine_editor import RoutineEditor

from .conftest import build_app, press, screen_text, settle

HOSTILE = "Glute \x1b[31mBridge\x07\x9b2J\x7f"
CONTROLS = [chr(c) for c in (*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


def hostile_store(path: Path) -> None:
    """What an import of a crafted backup leaves: kept as the file said."""
    start = datetime(2025, 3, 11, 7, 0, tzinfo=UTC)
    entry = SetEntry(id="st-1", exercise_id="glute-x", side=Side.NONE, reps=8,
                     logged_at=start)  # fmt: skip
    store = Store.open(path)
    store.import_bundle(
        [Session(id="ses-1", start=start, notes=HOSTILE, sets=(entry,))],
        exercises=[Exercise(id="glute-x", name=HOSTILE)],
        routines=[Routine(id="mine", name=HOSTILE, items=(RoutineItem("glute-x"),))],
    )
    store.close()


def assert_harmless(text: str) -> None:
    assert not any(ch in text for ch in CONTROLS), repr(text)


async def test_names_with_control_codes_are_shown_as_escapes(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    hostile_store(path)
    app = build_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = screen_text(app)
        assert_harmless(picker)
        assert "Glute [31mBridge2J *" in picker  # the routine, its control codes taken out
        await press(pilot, "h")  # the history: the session, its exercise, its note
        history = screen_text(app)
        assert_harmless(history)
        await press(pilot, "enter")
        assert_harmless(screen_text(app))


async def test_a_routine_name_typed_with_a_control_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    app = build_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, RoutineEditor)
        app.screen.query_one("#editor-name", Input).value = "Quick \x1b[2J hinge"
        await press(pilot, "tab", "a", "down", "enter", "tab", "enter")
        shown = screen_text(app)
        assert isinstance(app.screen, RoutineEditor)
        assert "name: contains the control character \\x1b" in shown
        assert_harmless(shown)
    assert Store.open(path, create=False).custom_routines() == []
