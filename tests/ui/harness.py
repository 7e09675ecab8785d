"""The one pilot harness of the UI tests: clock, zone, store, apps and key presses.

Every app here runs with a fixed clock (a Wednesday evening; the demo histories end the
day before), a fixed zone and a real store in a temporary folder; timers read a frozen
monotonic clock, so nothing depends on how fast the machine is. ``build_app`` is the
whole app as the command line builds it; ``ScreenApp`` shows one screen alone over a
context from ``make_ctx``. ``conftest.py`` turns these into fixtures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

import pendulum
from textual.app import App
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.screen import Screen

from hipext_tui.domain.catalog import Catalog, load_catalog
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Session
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.app import HipextApp, make_app
from hipext_tui.ui.context import AppContext

UI_DIR = Path(__file__).resolve().parents[2] / "hipext_tui" / "ui"
TZ_NAME = "Europe/London"
TZ = pendulum.timezone(TZ_NAME)
NOW: datetime = pendulum.datetime(2025, 3, 12, 18, 30, tz=TZ)
TODAY = date(2025, 3, 12)


def fixed_now() -> datetime:
    """The tests' "now"."""
    return NOW


# -- the whole app --------------------------------------------------------------------------
def build_app(path: Path, term: str | None = None) -> HipextApp:
    """The app as the command line builds it, but with the test clock and zone."""
    app = make_app(path, tz_name=TZ_NAME, now=fixed_now, term=term)
    app.monotonic = lambda: 1000.0  # frozen: countdowns show their start value
    return app


# -- one screen alone -------------------------------------------------------------------------
def open_store(
    path: Path, sessions: Iterable[Session] = (), rest_days: Iterable[date] = ()
) -> Store:
    """A real store on ``path`` holding the given history, in London time, built by the
    one demo-store writer (:func:`hipext_tui.ui.demo.write_demo_store`)."""
    from hipext_tui.ui.demo import write_demo_store

    write_demo_store(
        path, NOW, list(sessions), list(rest_days), settings=Settings(timezone=TZ_NAME)
    )
    return Store.open(path)


def make_ctx(
    path: Path,
    sessions: Iterable[Session] = (),
    rest_days: Iterable[date] = (),
    catalog: Catalog | None = None,
    store: Any = None,
) -> AppContext:
    """An AppContext on a temporary store with the fixed clock."""
    builtin = catalog or load_catalog()
    store = store or open_store(path, sessions, rest_days)
    return AppContext.load(store, builtin, tz_name=TZ_NAME, clock=fixed_now)


def css_paths() -> list[str | PurePath]:
    """The app's one stylesheet."""
    return [UI_DIR / "app.tcss"]


class ScreenApp(App[None]):
    """A bare app that shows one screen, for testing it alone."""

    CSS_PATH = css_paths()
    HORIZONTAL_BREAKPOINTS = HipextApp.HORIZONTAL_BREAKPOINTS
    # The real app's global keys, so the footer is as full as it is in the app.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="test.help"),
        Binding("colon", "command_palette", "Commands", id="test.commands"),
        Binding("q", "quit", "Quit", id="test.quit"),
    ]

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.animation_level = "none"

    def on_mount(self) -> None:
        """Show the screen under test."""
        self.push_screen(self.make_screen())

    def action_help(self) -> None:
        """The app's one help screen."""
        from hipext_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))


# -- driving and reading ------------------------------------------------------------------------
async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen redraw."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one by one, settling after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` for snapshots: let the first screen load, then press ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return run_before


async def type_into(pilot: Pilot[Any], field_id: str, text: str, *, keys: bool = False) -> None:
    """Replace what an Input holds: typed key by key with ``keys``, else set at once
    (each pilot key press costs a frame, and most tests are not about typing)."""
    from textual.widgets import Input

    field = pilot.app.screen.query_one(f"#{field_id}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    if keys:
        await pilot.press(*text)
    else:
        field.insert_text_at_cursor(text)
    await pilot.pause()


def screen_text(app: App[Any]) -> str:
    """Everything visible on the terminal, as plain text (what the user reads)."""
    update = app.screen._compositor.render_full_update(simplify=True)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def lines(app: App[Any]) -> list[str]:
    """The terminal's rows as text."""
    return screen_text(app).splitlines()


def on_disk(path: Path) -> Store:
    """A second, independent handle on the store file: what is really on disk."""
    return Store.open(path, create=False)
