"""Pilot tests of the shell: the too-small message, settings, a store that will not open."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from hipext_tui.domain.workout import Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.app import make_app
from hipext_tui.ui.screens.picker import PickerScreen
from hipext_tui.ui.screens.settings import SettingsScreen

from .conftest import build_app, press, screen_text, settle


async def test_too_small_message_and_recovery(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        assert "terminal too small: need 40x20, have 50x15" in screen_text(app)
        # Shrinking further, then growing past the minimum, brings the picker back.
        for size in ((20, 8), (39, 30), (100, 19), (41, 21)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
        text = screen_text(app)
        assert "too small" not in text
        assert isinstance(app.screen, PickerScreen)
        assert "Hip extension for runners" in text
        await pilot.resize_terminal(30, 10)
        await settle(pilot)
        # Narrow terminals wrap the message; read it as words.
        assert "need 40x20, have 30x10" in " ".join(screen_text(app).split())


async def test_settings_are_validated_and_saved(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, SettingsScreen)
        goal = app.screen.query_one("#set-weekly_goal", Input)
        goal.value = "9"
        goal.focus()
        await press(pilot, "enter")
        assert "weekly goal: 9 is out of range (1 to 7)" in screen_text(app)
        assert goal.has_focus
        goal.value = "3"
        app.screen.query_one("#set-unit", Select).value = "lb"
        app.screen.query_one("#set-bell", Select).value = "off"
        app.screen.query_one("#set-theme", Select).value = "high-contrast"
        await press(pilot, "enter")
        assert isinstance(app.screen, PickerScreen)
        assert "this week 0/3" in screen_text(app)
        assert app.theme == "hipext-high-contrast"
    store = Store.open(store_path, create=False)
    settings = store.settings()
    assert settings.weekly_goal == 3
    assert settings.unit is Unit.LB
    assert settings.bell is False
    assert settings.theme == "high-contrast"


async def test_escape_leaves_settings_unsaved(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        app.screen.query_one("#set-weekly_goal", Input).value = "5"
        await press(pilot, "escape")
        assert isinstance(app.screen, PickerScreen)
    assert Store.open(store_path, create=False).settings().weekly_goal == 2


async def test_a_store_that_cannot_be_opened_exits_with_status_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "trunc')
    before = path.read_bytes()
    app = build_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert app.error_message and str(path) in app.error_message
    assert path.read_bytes() == before


async def test_new_routine_is_built_and_saved(store_path: Path) -> None:
    from hipext_tui.ui.screens.routine_editor import RoutineEditor

    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, RoutineEditor)
        app.screen.query_one("#editor-name", Input).value = "Quick hinge"
        await press(pilot, "tab", "a")
        await press(pilot, "down", "enter")  # Deadlift
        await press(pilot, "a", "down", "down", "down", "down", "enter")  # Romanian deadlift
        await press(pilot, "u")  # Romanian deadlift first
        await press(pilot, "tab")
        sets = app.screen.query_one("#editor-sets", Input)
        assert sets.has_focus
        sets.value = "25"
        await press(pilot, "enter")
        assert "'sets' must be a whole number from 1 to 20" in screen_text(app)
        sets.value = "4"
        await press(pilot, "enter")
        assert isinstance(app.screen, PickerScreen)
        assert "Quick hinge *" in screen_text(app)
    routine = Store.open(store_path, create=False).custom_routines()[0]
    assert routine.name == "Quick hinge"
    assert [i.exercise_id for i in routine.items] == ["barbell-romanian-deadlift", "deadlift"]
    assert routine.items[0].sets == 4


async def test_preloaded_app_shows_the_picker_with_its_streaks(store_path: Path) -> None:
    from hipext_tui.ui.app import make_app

    from .conftest import TZ_NAME, fixed_now

    app = make_app(store_path, tz_name=TZ_NAME, now=fixed_now, preload=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
    assert "Hip extension for runners" in text
    assert "Streak:" in text and "counting" not in text


async def test_a_slow_preload_says_loading_then_shows_the_picker(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from hipext_tui.ui.app import HipextApp, make_app

    from .conftest import TZ_NAME, fixed_now

    release = threading.Event()
    prepare = HipextApp.prepare

    def slow_prepare(self: HipextApp) -> object:
        release.wait(10)
        return prepare(self)

    monkeypatch.setattr(HipextApp, "prepare", slow_prepare)
    app = make_app(store_path, tz_name=TZ_NAME, now=fixed_now, preload=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "hipext  loading..." in screen_text(app)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert "Streak:" in screen_text(app)


async def test_preloaded_app_on_a_broken_store_exits_with_status_1(tmp_path: Path) -> None:
    from hipext_tui.ui.app import make_app

    path = tmp_path / "broken.json"
    path.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "trunc')
    app = make_app(path, preload=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert app.error_message and str(path) in app.error_message


async def test_keymap_file_remaps_keys_and_reports_bad_entries(tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"picker.history" = "y"\n"no.such" = "z"\n"picker.new" = 3\n')
    app = make_app(tmp_path / "h.json", tz_name="Europe/London", keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = " ".join(n.message for n in app._notifications)
        assert "no key has the id 'no.such'" in shown
        assert 'picker.new needs keys like "h" or "h,y"' in shown
        assert "y History" in screen_text(app)  # the footer shows the new key
        await press(pilot, "y")
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_an_unreadable_keymap_is_one_line_and_the_app_starts(tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("this is [ not toml")
    app = make_app(tmp_path / "h.json", tz_name="Europe/London", keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert "keymap.toml: not read" in " ".join(n.message for n in app._notifications)


async def test_the_picker_footer_follows_the_keys_of_what_has_focus(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("h History", "n New", "s Setup", "q Quit"):
            assert key in footer
        await press(pilot, "s")  # settings has keys of its own
        assert isinstance(app.screen, SettingsScreen)
        settings_footer = screen_text(app).splitlines()[-1]
        assert "h History" not in settings_footer
        await press(pilot, "escape")
        assert isinstance(app.screen, PickerScreen)
        assert screen_text(app).splitlines()[-1] == footer
