"""The Textual application: a light first frame, then the store, then the picker.

Start-up is kept close to a bare Textual app: this module imports only what a one-line
"loading" frame needs. The store, pendulum, the domain and the picker are imported and
loaded in a thread that ``run_app`` starts before Textual does (tests, through
``make_app``, load in a worker after the first paint), so neither import time nor the
size of the history delays the first frame, and the picker is ready soon after it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.screen import Screen
from textual.widgets import Static

from hipext_tui.ui.preload import FIRST_SCREEN_WAIT, GC_AFTER, Preload, collect_again
from hipext_tui.ui.styles import FIRST, stylesheets
from hipext_tui.ui.themes import HIGH_CONTRAST, THEMES
from hipext_tui.ui.widgets.harmless import HarmlessText

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Catalog
    from hipext_tui.ui.context import AppContext
    from hipext_tui.ui.preload import Prepared


# Below this the layout cannot show what matters. From here to 79 columns every screen
# uses its one-column layout (the ``-narrow`` class); from 80 the side-by-side one.
MIN_WIDTH = 40
MIN_HEIGHT = 20
WIDE_FROM = 80
# The class a screen carries while it shows the too-small message (widgets/too_small.py).
TOO_SMALL_CLASS = "-too-small"


class HipextApp(App[int]):
    """hipext's terminal UI. Build it with :func:`make_app`."""

    TITLE = "hipext"
    CSS_PATH: ClassVar[list[str | PurePath]] = stylesheets(FIRST)
    # Every screen gets ``-narrow`` below WIDE_FROM columns and ``-wide`` from there.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            id="help",
            tooltip="Show the keys of this screen",
        ),
        Binding(
            "colon",
            "command_palette",
            "More",
            id="commands",
            tooltip="Search the main actions (also ctrl+p)",
        ),
        Binding(
            "q",
            "request_quit",
            "Quit",
            id="quit",
            tooltip="Quit hipext (asks first during a workout)",
        ),
    ]

    def __init__(
        self,
        store_path: Path,
        *,
        tz_name: str | None = None,
        now: Callable[[], datetime] | None = None,
        catalog: Catalog | None = None,
        term: str | None = None,
        preload: bool = False,
        keymap: Path | None = None,
    ) -> None:
        super().__init__()
        from hipext_tui.ui.glyphs import glyphs_for

        self.store_path = store_path
        self.term = term
        self.keymap_file = keymap
        self.glyphs = glyphs_for(term, False)
        self.tz_name = tz_name
        self.clock = now
        self.builtin_catalog = catalog
        self.ctx: AppContext | None = None
        self.error_message: str | None = None
        # Seconds source for the rest/hold timers; tests replace it to freeze time.
        self.monotonic: Callable[[], float] = time.monotonic
        # Over SSH every animated frame costs bytes: no animations at all.
        self.animation_level = "none"
        self._preload: Preload | None = Preload(self.prepare) if preload else None
        self._harmless = HarmlessText()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control codes that stored names or
        notes may hold off the terminal (:mod:`hipext_tui.ui.widgets.harmless`)."""
        return [*super().get_line_filters(), self._harmless]

    # -- start-up -----------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        """With a preload (the command line), the picker itself: Textual asks for it once
        its own start-up is done, by when the store has mostly loaded in the preload
        thread; waiting for the rest costs less than drawing a "loading" frame first and
        then a second screen. Without one (tests), or when the store takes longer than
        FIRST_SCREEN_WAIT (a first open of a long history), a screen that says
        "loading"."""
        if self._preload is None:
            return super().get_default_screen()
        outcome = self._preload.result(timeout=FIRST_SCREEN_WAIT)
        if outcome is None:  # a long load (a first open of a big store): say so meanwhile
            return super().get_default_screen()
        self._preload = None
        if isinstance(outcome, str):
            self.error_message = outcome
            return super().get_default_screen()
        ctx, streaks, resume = outcome
        from hipext_tui.ui.screens.picker import PickerScreen

        self.ctx = ctx
        picker = PickerScreen(ctx, streaks, resume=resume)
        # Its width class from the start: set on its first resize instead, it would
        # restyle every widget of the screen once more before the first frame.
        width = self.size.width
        for least, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True):
            if width >= least:
                picker.add_class(name)
                break
        return picker

    def compose(self) -> ComposeResult:
        """The first frame when the store is loaded after it: one line, so it paints as
        fast as a bare app."""
        if self.ctx is None and self.error_message is None:
            yield Static("hipext  loading...", id="loading")

    def on_mount(self) -> None:
        """Register the themes, then open the store once the first frame is out (unless
        the preload has already put the picker up)."""
        self.register_theme(HIGH_CONTRAST)
        self.screen_change_signal.subscribe(self, self._on_screen_change)
        if self.error_message is not None:
            self.exit(1, return_code=1)
        elif self.ctx is not None:
            self._store_ready()
            self._check_size()
        else:
            self.call_after_refresh(self._load)

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Open the store and import the screens off the UI thread (or take what the
        preload thread, started before Textual, has already made)."""
        outcome = self._preload.result() if self._preload is not None else self.prepare()
        assert outcome is not None  # result() without a timeout always has one
        if isinstance(outcome, str):
            self.call_from_thread(self._fail, outcome)
            return
        ctx, streaks, resume = outcome
        from hipext_tui.ui.screens.picker import PickerScreen

        self.call_from_thread(self._loaded, ctx, PickerScreen(ctx, streaks, resume=resume))

    def prepare(self) -> Prepared | str:
        """Everything the picker needs, or the one-line reason the store is unusable.

        Touches no widget, so it may run in any thread, even before the app runs.
        """
        from hipext_tui.domain.catalog import CatalogError, load_catalog
        from hipext_tui.store.tinydb_store import Store, StoreError
        from hipext_tui.ui.context import AppContext

        try:
            builtin = self.builtin_catalog or load_catalog()
            store = Store.open(self.store_path)
        except (StoreError, CatalogError) as exc:
            return str(exc)
        try:
            ctx = AppContext.load(store, builtin, tz_name=self.tz_name, clock=self.now_clock)
            streaks = ctx.streak_summary()
            resumable = ctx.resumable_today()
            resume = resumable[0].id if resumable else None
        except StoreError as exc:  # names the file at fault (often a month file)
            store.close()
            return str(exc)
        except Exception as exc:  # a store that opens but cannot be read is still fatal
            store.close()
            return f"{self.store_path}: {exc}"
        # Imported here, off the UI thread and before the picker is wanted.
        import hipext_tui.ui.screens.picker  # noqa: F401

        return ctx, streaks, resume

    @property
    def now_clock(self) -> Callable[[], datetime] | None:
        """The injected clock (None means the real one)."""
        return self.clock

    def _loaded(self, ctx: AppContext, picker: Screen[None]) -> None:
        self.ctx = ctx
        self.push_screen(picker)
        self._store_ready()

    def _store_ready(self) -> None:
        """The settings' theme and the key map, now that the store is read."""
        self.apply_theme()
        self.apply_keymap()
        # hipext's command line starts the app with the cyclic collector off (start-up
        # would run it a hundred times); once the picker is drawn it may run again,
        # without rescanning what start-up made.
        self.set_timer(GC_AFTER, collect_again)

    def _fail(self, message: str) -> None:
        self.error_message = message
        self.exit(1, return_code=1)

    def on_unmount(self) -> None:
        """Release the store's file handles."""
        if self.ctx is not None:
            self.ctx.close()

    def apply_keymap(self) -> None:
        """Use the user's key map file, if there is one; bad entries are one line each."""
        # Most users have no key map: then nothing is imported (the ids of every
        # binding come from importing every screen, which start-up cannot afford).
        if self.keymap_file is None or not self.keymap_file.is_file():
            return
        from hipext_tui.ui.keymap import binding_ids, load_keymap

        keymap, problems = load_keymap(self.keymap_file, binding_ids())
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, severity="warning", timeout=8)

    # -- look -----------------------------------------------------------------------
    def apply_theme(self) -> None:
        """Use the theme and the glyphs (Unicode or ASCII) named in settings."""
        from hipext_tui.ui.glyphs import glyphs_for

        if self.ctx is None:
            return
        self.theme = THEMES.get(self.ctx.settings.theme, "textual-dark")
        self.glyphs = glyphs_for(self.term, self.ctx.settings.ascii)
        self.set_class(self.glyphs.ascii, "-ascii")
        for screen in self.screen_stack:
            screen.refresh(layout=True)

    # -- the too-small message ------------------------------------------------------
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A steady cursor in text fields: a blinking one redraws twice a second, which
        costs bytes on a slow SSH link and makes a screen differ from one moment to the
        next."""
        from textual.widgets import Input

        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def on_resize(self, event: events.Resize) -> None:
        """Show or hide the too-small message on the current screen."""
        self._check_size(event.size.width, event.size.height)

    def _on_screen_change(self, _screen: Screen[object]) -> None:
        # The new screen is not mounted yet when the signal arrives.
        self.call_after_refresh(self._check_size)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        size = self.size
        width, height = width or size.width, height or size.height
        if (
            width >= MIN_WIDTH
            and height >= MIN_HEIGHT
            and not self.screen.has_class(TOO_SMALL_CLASS)
        ):
            return  # the usual case: nothing to show or hide, nothing to import
        from hipext_tui.ui.widgets.too_small import TooSmall

        TooSmall.update_screen(self.screen, width, height)

    # -- actions ----------------------------------------------------------------------
    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from hipext_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_request_quit(self) -> None:
        """Quit, asking first when a workout is under way."""
        from hipext_tui.ui.screens.dialogs import ConfirmDialog
        from hipext_tui.ui.screens.guided import GuidedScreen

        in_progress = any(isinstance(s, GuidedScreen) and s.in_progress for s in self.screen_stack)
        if not in_progress:
            self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        self.push_screen(
            ConfirmDialog(
                "Quit in the middle of a workout?",
                "Every logged set is saved; start the routine again to resume.",
                yes="Quit",
                no="Keep going",
            ),
            answered,
        )

    def action_open_history(self) -> None:
        """Open the history screen (provided by screens/history.py)."""
        if self.ctx is None:
            return
        try:
            from hipext_tui.ui.screens.history import HistoryScreen
        except ImportError:
            self.notify("History is not available in this build.", severity="warning")
            return
        self.push_screen(HistoryScreen(self.ctx))

    def action_open_settings(self) -> None:
        """Open the settings screen."""
        from hipext_tui.ui.screens.settings import SettingsScreen

        if self.ctx is not None and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.ctx))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: hipext's main actions, then Textual's own."""
        if self.ctx is not None:
            from hipext_tui.ui.screens.picker import PickerScreen

            for routine in self.ctx.catalog.routines:
                yield SystemCommand(
                    f"Start routine: {routine.name}",
                    "Begin the guided workout",
                    lambda r=routine.id: self._start_from_palette(r),
                )
            yield SystemCommand("History", "Past workouts and streaks", self.action_open_history)
            yield SystemCommand(
                "Settings", "Units, zone, goal, rest, bell, theme", self.action_open_settings
            )
            if isinstance(self.screen, PickerScreen):
                yield SystemCommand(
                    "New routine", "Build your own routine", self.screen.action_new_routine
                )
        yield SystemCommand("Help", "Keys of this screen", self.action_help)
        yield SystemCommand("Quit", "Leave hipext", self.action_request_quit)

    def _start_from_palette(self, routine_id: str) -> None:
        from hipext_tui.ui.screens.picker import PickerScreen

        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.start_routine(routine_id)
                return


def make_app(
    store_path: Path,
    *,
    tz_name: str | None = None,
    now: Callable[[], datetime] | None = None,
    catalog: Catalog | None = None,
    term: str | None = None,
    preload: bool = False,
    keymap: Path | None = None,
) -> HipextApp:
    """Build the app (shared by the command line and the tests).

    ``now`` replaces the real clock and ``catalog`` the shipped catalog (for tests);
    ``tz_name`` overrides the zone saved in settings for this run; ``term`` is the
    terminal type (``$TERM``), which picks ASCII marks on old terminals; ``keymap`` the
    key map file (see :mod:`hipext_tui.ui.keymap`). With ``preload``
    the store starts loading now, in a thread, rather than after the first frame.
    """
    return HipextApp(
        store_path,
        tz_name=tz_name,
        now=now,
        catalog=catalog,
        term=term,
        preload=preload,
        keymap=keymap,
    )


def run_app(store_path: Path, *, tz_name: str | None = None) -> int:
    """Run the app; 0 normally, 1 (after a one-line message on stderr) when the store
    cannot be opened. The message is printed once the terminal is restored."""
    import os

    from hipext_tui.paths import keymap_path

    term = os.environ.get("TERM")
    app = make_app(store_path, tz_name=tz_name, term=term, preload=True, keymap=keymap_path())
    app.run()
    if app.error_message:
        print(f"hipext: {app.error_message}", file=sys.stderr)
        return 1
    return app.return_code or 0
