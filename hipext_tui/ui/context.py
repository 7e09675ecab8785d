"""The state every screen shares: the open store, the catalog, settings, zone and clock.

An :class:`AppContext` is built by the app once the store has been opened (in a worker,
after the first paint) and handed to each screen's constructor, e.g.
``HistoryScreen(ctx)``. Screens read and write through it and never open files, read the
real clock or pick a time zone themselves, so tests can inject all three.

Heavy modules (pendulum, the store, the streak engine) are imported inside the methods
that need them, so importing this module stays cheap at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Catalog
    from hipext_tui.domain.settings import Settings
    from hipext_tui.domain.streaks import StreakRules, Streaks
    from hipext_tui.domain.workout import Session, SessionSummary
    from hipext_tui.store.tinydb_store import Store


Clock = Callable[[], datetime]


@dataclass
class AppContext:
    """Shared state of a running app.

    ``builtin`` is the shipped catalog; ``catalog`` adds the user's own exercises and
    routines (call :meth:`reload_catalog` after saving one). ``tz_override`` is the zone
    given on the command line; it wins over the zone saved in settings for this run.
    """

    store: Store
    builtin: Catalog
    catalog: Catalog
    settings: Settings
    tz: tzinfo
    clock: Clock | None = None
    tz_override: str | None = None
    # Bumped on every write made through the context, so screens can tell whether
    # what they show is stale (e.g. the picker's streak panel after a workout).
    revision: int = field(default=0)

    # -- construction -----------------------------------------------------------
    @classmethod
    def load(
        cls,
        store: Store,
        builtin: Catalog,
        *,
        tz_name: str | None = None,
        clock: Clock | None = None,
    ) -> AppContext:
        """Build the context from an open store (runs in a worker: it reads the file)."""
        from hipext_tui.domain.days import resolve_timezone

        settings = store.settings()
        tz = resolve_timezone(tz_name or settings.timezone or None)
        return cls(
            store=store,
            builtin=builtin,
            catalog=store.catalog(builtin),
            settings=settings,
            tz=tz,
            clock=clock,
            tz_override=tz_name,
        )

    # -- time -------------------------------------------------------------------
    def now(self) -> datetime:
        """The current moment in the user's zone (the injected clock in tests)."""
        if self.clock is None:
            from hipext_tui.domain.days import now_in

            return now_in(self.tz)
        moment = self.clock()
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def day_of(self, moment: datetime) -> date:
        """The training day ``moment`` counts for (honours the day-start hour)."""
        from hipext_tui.domain.days import training_day

        return training_day(moment, self.tz, self.settings.day_start_hour)

    def today(self) -> date:
        """Today's training day."""
        return self.day_of(self.now())

    # -- reading ----------------------------------------------------------------
    def sessions(self) -> list[Session]:
        """All stored sessions with their sets, oldest first (screens that show sets)."""
        return self.store.sessions()

    def session_summaries(self) -> list[SessionSummary]:
        """A summary of every stored session, oldest first: enough for the streaks and
        the history list, and cheap on a long history (no sets are built)."""
        return self.store.session_summaries()

    def today_session(self) -> Session | None:
        """The latest session started on today's training day, if any."""
        return self.store.session_for_day(self.today(), self.tz, self.settings.day_start_hour)

    def streak_rules(self) -> StreakRules:
        """The domain streak rules from settings, in the zone this run uses."""
        from hipext_tui.domain.streaks import StreakRules

        return StreakRules.from_settings(self.settings, self.tz)

    def training_days(self) -> set[date]:
        """Every local training day in the store (days with at least one set)."""
        from hipext_tui.domain.streaks import training_days_of_summaries

        return training_days_of_summaries(self.session_summaries(), self.streak_rules())

    def streaks(self) -> Streaks:
        """The streak numbers as of today (current/longest days and weeks, last workout)."""
        from hipext_tui.domain.streaks import compute_streaks

        return compute_streaks(
            self.training_days(), self.store.rest_days(), self.today(), self.streak_rules()
        )

    def streak_summary(self) -> tuple[Streaks, int]:
        """The streaks and how many days were trained so far this week."""
        from hipext_tui.domain.streaks import compute_streaks, week_start_of

        rules = self.streak_rules()
        today = self.today()
        days = self.training_days()
        streaks = compute_streaks(days, self.store.rest_days(), today, rules)
        monday = week_start_of(today, rules.week_start)
        return streaks, sum(1 for d in days if monday <= d <= today)

    # -- writing ----------------------------------------------------------------
    def touch(self) -> None:
        """Note that the store changed (screens compare ``revision`` to refresh)."""
        self.revision += 1

    def reload_catalog(self) -> None:
        """Re-read the user's exercises and routines after one was saved or deleted."""
        self.catalog = self.store.catalog(self.builtin)
        self.touch()

    def apply_settings(self, settings: Settings) -> None:
        """Save new settings and take them into use (zone included)."""
        from hipext_tui.domain.days import resolve_timezone

        self.store.save_settings(settings)
        self.settings = settings
        self.tz = resolve_timezone(self.tz_override or settings.timezone or None)
        self.touch()
