"""The settings screen keeps what it does not change: pilot tests read the file on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Select

from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.screens import settings as settings_screen
from hipext_tui.ui.screens.picker import PickerScreen
from hipext_tui.ui.screens.settings import SettingsScreen

from .conftest import TZ_NAME, build_app, press, settle
from .harness import screen_text

# Every field away from its default, so a field reset on save shows up.
CUSTOM = Settings(
    unit=Unit.KG,
    timezone=TZ_NAME,
    week_start="sunday",
    day_start_hour=4,
    weekly_goal=4,
    rest_seconds=75,
    bell=False,
    theme="ansi-dark",
    balance_threshold=15,
    suggestions=False,
    ascii=True,
)


def saved(path: Path, settings: Settings) -> None:
    store = Store.open(path)
    try:
        store.save_settings(settings)
    finally:
        store.close()


def on_disk(path: Path) -> Settings:
    store = Store.open(path, create=False)
    try:
        return store.settings()
    finally:
        store.close()


async def change_unit_and_save(path: Path) -> None:
    app = build_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#set-unit", Select).value = "lb"
        app.screen.query_one("#set-weekly_goal").focus()  # Enter on a Select opens it
        await press(pilot, "enter")
        assert isinstance(app.screen, PickerScreen)


async def test_saving_one_change_keeps_every_other_setting(store_path: Path) -> None:
    saved(store_path, CUSTOM)
    await change_unit_and_save(store_path)
    assert on_disk(store_path) == replace(CUSTOM, unit=Unit.LB)


async def test_a_setting_the_form_does_not_show_is_kept(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A form without the suggestions row (as before it had one) must not turn them on.
    fields = tuple(f for f in settings_screen.FIELDS if f[0] != "suggestions")
    monkeypatch.setattr(settings_screen, "FIELDS", fields)
    saved(store_path, CUSTOM)
    await change_unit_and_save(store_path)
    assert on_disk(store_path).suggestions is False
    assert on_disk(store_path) == replace(CUSTOM, unit=Unit.LB)


async def test_suggestions_can_be_turned_off_and_on(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        field = app.screen.query_one("#set-suggestions", Select)
        assert field.value == "on"
        field.value = "off"
        app.screen.query_one("#set-weekly_goal").focus()
        await press(pilot, "enter")
        assert on_disk(store_path).suggestions is False
        await press(pilot, "s")
        field = app.screen.query_one("#set-suggestions", Select)
        assert field.value == "off"  # the form shows what is saved
        field.value = "on"
        app.screen.query_one("#set-weekly_goal").focus()
        await press(pilot, "enter")
    assert on_disk(store_path).suggestions is True


async def test_enter_opens_a_list_takes_a_choice_and_saves_elsewhere(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        unit = app.screen.query_one("#set-unit", Select)
        assert app.focused is unit
        await press(pilot, "enter")  # opens the list: nothing saved yet
        assert unit.expanded and isinstance(app.screen, SettingsScreen)
        await press(pilot, "down", "enter")  # takes "lb", still on the form
        assert unit.value == "lb" and not unit.expanded
        assert isinstance(app.screen, SettingsScreen)
        assert on_disk(store_path).unit is Unit.KG
        await press(pilot, "tab", "enter")  # Enter in the zone field saves
        assert isinstance(app.screen, PickerScreen)
    assert on_disk(store_path).unit is Unit.LB


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_every_hint_is_shown_whole(store_path: Path, size: tuple[int, int]) -> None:
    app = build_app(store_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        for name, _label, hint in settings_screen.FIELDS:
            app.screen.query_one(f"#set-{name}").focus()
            await settle(pilot)
            assert hint in screen_text(app), name


async def test_down_and_up_move_between_fields_even_from_a_list(store_path: Path) -> None:
    """The help says Down is the next field; on a list (the first field, Weight unit) it
    opened the list instead, and the next Downs chose from it."""
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert app.screen.focused is app.screen.query_one("#set-unit")
        await press(pilot, "down", "down", "down", "down")
        assert app.screen.focused is app.screen.query_one("#set-weekly_goal")
        await press(pilot, "up", "up")
        assert app.screen.focused is app.screen.query_one("#set-week_start")
        # An open list still takes the arrows: Enter opens it, Down, Enter chooses.
        await press(pilot, "enter", "down", "enter")
        assert app.screen.query_one("#set-week_start", Select).value == "sunday"
        await press(pilot, "down", "enter")  # to the next field, then save
    assert on_disk(store_path).week_start == "sunday"


async def test_ctrl_s_saves_as_the_help_says(store_path: Path) -> None:
    app = build_app(store_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        await press(pilot, "question_mark")
        assert "Enter or ctrl+s saves" in " ".join(screen_text(app).split())
        await press(pilot, "escape")
        app.screen.query_one("#set-unit", Select).value = "lb"  # on a list, too
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, SettingsScreen)
    assert on_disk(store_path).unit is Unit.LB
