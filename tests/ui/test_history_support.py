"""Shared set-up for the history screen tests: a fixed clock, demo data, a tiny app.

The app here only pushes the screen under test, so these tests do not depend on the
picker or the rest of the shell. The store is the real one, on a temporary file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path, PurePath
from typing import Any, ClassVar

import pendulum
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from hipext_tui.domain.catalog import Catalog, load_catalog
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Session, SetEntry, SetType, Side, Unit
from hipext_tui.store.tinydb_store import Store
from hipext_tui.ui.app import HipextApp
from hipext_tui.ui.context import AppContext

UI_DIR = Path(__file__).resolve().parents[2] / "hipext_tui" / "ui"
TZ_NAME = "Europe/London"
TZ = pendulum.timezone(TZ_NAME)
# Wednesday evening; the demo history ends the day before.
NOW = pendulum.datetime(2025, 3, 12, 18, 30, tz=TZ)
TODAY = date(2025, 3, 12)

ROUTINE = "hip-extension-for-runners"
# exercise id, one-sided, sets, reps, base weight (kg; 0 = bodyweight), hold seconds
PLAN = (
    ("single-leg-glute-bridge", True, 2, 10, 0.0, 2),
    ("deadlift", False, 3, 10, 16.0, 0),
    ("kickstand-deadlift", True, 2, 8, 12.0, 0),
    ("glute-bridge-walkout", False, 2, 6, 0.0, 0),
    ("barbell-romanian-deadlift", False, 3, 8, 30.0, 0),
)
REST_DAYS = (date(2025, 3, 11), date(2025, 2, 23), date(2025, 3, 16))


def fixed_clock() -> datetime:
    """The tests' "now"."""
    return NOW


def demo_days(weeks: int = 20, end: date = date(2025, 3, 11)) -> list[date]:
    """Mondays and Thursdays (plus every third Saturday) for ``weeks`` weeks up to ``end``."""
    days: list[date] = []
    start = end - timedelta(weeks=weeks)
    day = start
    n = 0
    while day <= end:
        if day.weekday() in (0, 3) or (day.weekday() == 5 and n % 3 == 0):
            days.append(day)
        if day.weekday() == 6:
            n += 1
        day += timedelta(days=1)
    return days


def demo_session(day: date, number: int, *, warmup: bool = False) -> Session:
    """One routine workout at 07:30 local on ``day``; weights rise slowly with ``number``.

    The right leg does one rep fewer on the kickstand deadlift, so the balance view has a
    gap to show.
    """
    start = pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=TZ)
    at = start
    sets: list[SetEntry] = []
    step = number // 4
    for exercise_id, one_sided, count, reps, weight, hold in PLAN:
        sides = (Side.LEFT, Side.RIGHT) if one_sided else (Side.NONE,)
        if warmup and exercise_id == "deadlift":
            at += timedelta(minutes=1)
            sets.append(
                SetEntry(
                    id=f"set-{number}-warm",
                    exercise_id=exercise_id,
                    side=Side.NONE,
                    reps=5,
                    logged_at=at,
                    weight=8.0,
                    set_type=SetType.WARMUP,
                )
            )
        for set_no in range(count):
            for side in sides:
                at += timedelta(minutes=2)
                lag = 1 if exercise_id == "kickstand-deadlift" and side is Side.RIGHT else 0
                sets.append(
                    SetEntry(
                        id=f"set-{number}-{exercise_id}-{set_no}-{side.value}",
                        exercise_id=exercise_id,
                        side=side,
                        reps=reps - lag,
                        logged_at=at,
                        weight=weight + 2 * step if weight else None,
                        unit=Unit.KG,
                        seconds=hold or None,
                    )
                )
    return Session(
        id=f"ses-{number:04d}",
        start=start,
        end=at + timedelta(minutes=1),
        routine_id=ROUTINE,
        sets=tuple(sets),
    )


def demo_sessions(weeks: int = 20, end: date = date(2025, 3, 11)) -> list[Session]:
    """The fixed demo history: about two or three routine workouts a week."""
    return [demo_session(day, n, warmup=n % 5 == 0) for n, day in enumerate(demo_days(weeks, end))]


def open_store(
    path: Path, sessions: Iterable[Session] = (), rest_days: Iterable[date] = ()
) -> Store:
    """A real store on ``path`` holding the given history, in London time."""
    store = Store.open(path)
    store.import_bundle(list(sessions), rest_days=list(rest_days))
    store.save_settings(Settings(timezone=TZ_NAME))
    return store


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
    return AppContext.load(store, builtin, tz_name=TZ_NAME, clock=fixed_clock)


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


def screen_text(app: App[Any]) -> str:
    """Everything visible on the terminal, as plain text (what the user reads)."""
    update = app.screen._compositor.render_full_update(simplify=True)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)
