"""The use-case layer: every change and read that the TUI and the CLI make, in one place.

A front end turns a key press or a command line into one call here; this module applies
the training rules of :mod:`hipext_tui.domain` and hands the store an intent ("append
this set to the session of its day", "mark exercise E skipped") that the store applies
inside its lock to what is on disk. Nothing here writes back a document held in memory.

Every write bumps :attr:`Workouts.revision`, so a screen can tell that what it shows is
stale; screens and commands never call a store write method themselves (a test checks).
The clock, the zone and the store are injected: tests pin all three.

Heavy modules (pendulum, the streak engine, the catalog) are imported inside the methods
that need them, so building a :class:`Workouts` costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from hipext_tui.domain.sessions import SessionTarget
from hipext_tui.workouts_coach import CoachUseCases
from hipext_tui.workouts_reader import Deletion, StoreReader

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hipext_tui.domain.backfill import BackfillRow
    from hipext_tui.domain.catalog import Catalog, Exercise, Routine
    from hipext_tui.domain.guide import Plan, Slot
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.runs import Run
    from hipext_tui.domain.settings import Settings
    from hipext_tui.domain.streaks import StreakRules, Streaks
    from hipext_tui.domain.workout import BodyPart, Session, SessionSummary, SetEntry
    from hipext_tui.store.tinydb_store import ImportResult, Store

__all__ = ["Clock", "Deletion", "SessionTarget", "StoreReader", "Workouts"]

Clock = Callable[[], datetime]


@dataclass
class Workouts(CoachUseCases):
    """Reads and changes of one user's training, over one open store.

    ``builtin`` is the shipped catalog (loaded on first use when not given); ``catalog``
    adds the user's own exercises and routines. ``tz_override`` is a zone given on the
    command line; it wins over the zone in settings for this run.
    """

    _store: Store
    settings: Settings
    tz: tzinfo
    clock: Clock | None = None
    tz_override: str | None = None
    builtin: Catalog | None = None
    _catalog: Catalog | None = None
    # Bumped on every write made here (screens compare it to know when to redraw).
    revision: int = field(default=0)

    # -- construction -----------------------------------------------------------
    @classmethod
    def load(
        cls,
        store: Store,
        builtin: Catalog | None = None,
        *,
        tz_name: str | None = None,
        clock: Clock | None = None,
    ) -> Workouts:
        """Build the service from an open store (it reads the settings)."""
        from hipext_tui.domain.days import resolve_timezone

        settings = store.settings()
        tz = resolve_timezone(tz_name or settings.timezone or None)
        return cls(store, settings, tz, clock=clock, tz_override=tz_name, builtin=builtin)

    @property
    def store(self) -> StoreReader:
        """The store, for reading only."""
        return self._store

    def close(self) -> None:
        """Close the store."""
        self._store.close()

    @property
    def catalog(self) -> Catalog:
        """Built-in exercises and routines plus the user's own."""
        if self._catalog is None:
            if self.builtin is None:
                from hipext_tui.domain.catalog import load_catalog

                self.builtin = load_catalog()
            self._catalog = self._store.catalog(self.builtin)
        return self._catalog

    # -- time -------------------------------------------------------------------
    def now(self) -> datetime:
        """The current moment in the user's zone (the injected clock in tests)."""
        if self.clock is None:
            from hipext_tui.domain.days import now_in

            return now_in(self.tz)
        from hipext_tui.domain.days import in_zone

        moment = self.clock()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.tz)
        return in_zone(moment, self.tz)

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
        return self._store.sessions()

    def session(self, session_id: str) -> Session | None:
        """One stored session, as it is on disk now."""
        return self._store.session(session_id)

    def session_summaries(self) -> list[SessionSummary]:
        """A summary of every stored session, oldest first (no sets are built)."""
        return self._store.session_summaries()

    def session_on(self, day: date) -> Session | None:
        """The latest session started on training day ``day``."""
        return self._store.session_for_day(day, self.tz, self.settings.day_start_hour)

    def today_session(self) -> Session | None:
        """The latest session started on today's training day, if any."""
        return self.session_on(self.today())

    def rest_days(self) -> set[date]:
        """The planned rest days."""
        return self._store.rest_days()

    def resumable_today(self) -> tuple[Session, Plan] | None:
        """Today's unfinished routine session and its plan, when it can be resumed."""
        from hipext_tui.domain.guide import build_plan
        from hipext_tui.domain.sessions import resumable

        session = self.today_session()
        if session is None or not session.routine_id:
            return None
        try:
            plan = build_plan(self.catalog.routine(session.routine_id), self.catalog)
        except KeyError:
            return None
        return (session, plan) if resumable(session, plan) else None

    def prefill(self, slot: Slot) -> tuple[int, float | None, SetEntry | None]:
        """Reps and weight to offer for ``slot`` (see the domain's prefill rule)."""
        from hipext_tui.domain.sessions import prefill_from

        return prefill_from(self._store.recent_sets(slot.exercise_id), slot, self.settings.unit)

    def streak_rules(self) -> StreakRules:
        """The domain streak rules from settings, in the zone this run uses."""
        from hipext_tui.domain.streaks import StreakRules

        return StreakRules.from_settings(self.settings, self.tz)

    def training_days(self) -> set[date]:
        """Every local training day in the store (days with at least one set)."""
        return self._store.training_days(self.tz, self.settings.day_start_hour)

    def streaks(self) -> Streaks:
        """The streak numbers as of today."""
        return self.streak_summary()[0]

    def streak_summary(self) -> tuple[Streaks, int]:
        """The streaks and how many days were trained so far this week."""
        from bisect import bisect_left, bisect_right

        from hipext_tui.domain.streaks import streaks_of_ordinals, week_start_of

        rules = self.streak_rules()
        today = self.today()
        days = self._store.training_ordinals(self.tz, self.settings.day_start_hour)
        streaks = streaks_of_ordinals(days, self.rest_days(), today, rules, self.pauses())
        week = week_start_of(today, rules.week_start).toordinal()
        return streaks, bisect_right(days, today.toordinal()) - bisect_left(days, week)

    # -- logging a workout ------------------------------------------------------
    def log_set(self, entry: SetEntry, target: SessionTarget | None = None) -> Session:
        """Save a new set (on disk when this returns); returns its session as stored.

        Without ``target`` the set joins the session of its training day (made if there
        is none), as ``hipext log`` does.
        """
        from hipext_tui.domain.sessions import check_side

        exercise = self.catalog.get(entry.exercise_id)
        if exercise is not None:
            check_side(exercise, entry.side)
        session = self._store.append_set(
            entry, target or SessionTarget.day_of_set(), self.tz, self.settings.day_start_hour
        )
        self._touch()
        return session

    def backfill_set(self, entry: SetEntry) -> Session:
        """Save a set for an earlier day: into that day's session, else a finished one."""
        return self.log_set(entry, SessionTarget.day_of_set(finished=True))

    def backfill_rows(self, plan: Plan) -> list[BackfillRow]:
        """The sets of ``plan`` to offer for a backfilled workout, with the last loads."""
        from hipext_tui.domain.backfill import plan_rows

        return plan_rows(plan, self.prefill)

    def backfill_session(
        self, start: datetime, done: Sequence[BackfillRow], routine_id: str | None = None
    ) -> Session:
        """Save a whole workout done earlier, from ``start``, in one write.

        The domain dates the sets and refuses a workout that overlaps one already
        logged that day (:func:`hipext_tui.domain.backfill.backfill_session`).
        """
        from hipext_tui.domain.backfill import backfill_session
        from hipext_tui.domain.sessions import check_side

        for item in done:
            exercise = self.catalog.get(item.exercise_id)
            if exercise is not None:
                check_side(exercise, item.side)
        day = self.day_of(start)
        since = day - timedelta(days=1)  # a session started late the evening before
        same_day = [s for s in self._store.sessions(since=since) if self.day_of(s.start) == day]
        session = backfill_session(
            start,
            done,
            routine_id=routine_id,
            unit=self.settings.unit,
            now=self.now(),
            same_day=same_day,
        )
        self._store.add_session(session)
        self._touch()
        return session

    def skip_exercise(self, target: SessionTarget, exercise_id: str) -> Session:
        """Note the rest of ``exercise_id`` as skipped in the running workout."""
        session = self._store.skip_exercise(target, exercise_id, self.now())
        self._touch()
        return session

    def finish_session(self, session_id: str) -> Session:
        """Mark the workout finished now."""
        session = self._store.finish_session(session_id, self.now())
        self._touch()
        return session

    def set_session_note(self, target: SessionTarget, text: str) -> Session:
        """Write the workout's note (one line of at most 500 characters; blank clears it)."""
        from hipext_tui.domain.workout import parse_note

        session = self._store.set_session_note(target, parse_note(text), self.now())
        self._touch()
        return session

    def flag_pain(
        self, target: SessionTarget, part: BodyPart | None, set_id: str | None = None
    ) -> Session:
        """Flag pain at ``part`` on one logged set (``set_id``) or on the whole workout;
        ``None`` clears the flag. Returns the session as stored."""
        from hipext_tui.domain.workout import ValidationError

        if set_id is None:
            session = self._store.flag_session_pain(target, part, self.now())
        elif target.session_id is None:
            raise ValidationError("pain: no workout is running")
        else:
            session = self._store.flag_set_pain(target.session_id, set_id, part)
        self._touch()
        return session

    # -- editing history --------------------------------------------------------
    def update_set(self, session_id: str, entry: SetEntry) -> SetEntry:
        """Change one logged set (the rest of its session is left as it is on disk)."""
        from hipext_tui.domain.sessions import check_side

        exercise = self.catalog.get(entry.exercise_id)
        if exercise is not None:
            check_side(exercise, entry.side)
        changed = self._store.update_set(session_id, entry)
        self._touch()
        return changed

    def delete_set(self, session_id: str, set_id: str) -> Deletion:
        """Remove one set; the :class:`Deletion` undoes it."""
        before = self._store.session(session_id)
        index = next((i for i, s in enumerate(before.sets) if s.id == set_id), 0) if before else 0
        removed = self._store.delete_set(session_id, set_id)
        self._touch()
        return Deletion(session_id, entry=removed, index=index)

    def delete_session(self, session_id: str) -> Deletion:
        """Remove a whole session; the :class:`Deletion` undoes it."""
        removed = self._store.delete_session(session_id)
        self._touch()
        return Deletion(session_id, session=removed)

    def undo(self, deletion: Deletion) -> None:
        """Put back what ``deletion`` removed (ValidationError when no longer possible)."""
        from hipext_tui.domain.workout import ValidationError

        if deletion.session is not None:
            self._store.restore_session(deletion.session)
        elif deletion.entry is not None:
            self._store.restore_set(deletion.session_id, deletion.entry, deletion.index)
        else:
            raise ValidationError("undo: nothing to undo")
        self._touch()

    # -- plans, settings, catalog, imports --------------------------------------
    def set_rest_day(self, day: date, rest: bool) -> None:
        """Plan (``rest``) or unplan a rest day."""
        if rest:
            self._store.add_rest_day(day)
        else:
            self._store.remove_rest_day(day)
        self._touch()

    def apply_settings(self, settings: Settings) -> None:
        """Save new settings and take them into use (zone included)."""
        from hipext_tui.domain.days import resolve_timezone

        self._store.save_settings(settings)
        self.settings = settings
        self.tz = resolve_timezone(self.tz_override or settings.timezone or None)
        self._touch()

    def save_routine(self, routine: Routine) -> None:
        """Add or replace one of the user's routines."""
        self._store.save_routine(routine)
        self._catalog = None
        self._touch()

    def save_exercise(self, exercise: Exercise) -> None:
        """Add or replace one of the user's exercises."""
        self._store.save_exercise(exercise)
        self._catalog = None
        self._touch()

    def delete_exercise(self, exercise_id: str) -> Exercise:
        """Remove one of the user's exercises (refused when it is in use)."""
        removed = self._store.delete_exercise(exercise_id)
        self._catalog = None
        self._touch()
        return removed

    def import_bundle(
        self,
        sessions: Iterable[Session],
        exercises: Iterable[Exercise] = (),
        routines: Iterable[Routine] = (),
        rest_days: Iterable[date] = (),
        settings: Settings | None = None,
        pauses: Iterable[Pause] = (),
        runs: Iterable[Run] = (),
    ) -> ImportResult:
        """Add an import's contents in one all-or-nothing write."""
        result = self._store.import_bundle(
            sessions, exercises, routines, rest_days, settings, pauses, runs
        )
        self._catalog = None
        if settings is not None:
            self.settings = settings
        self._touch()
        return result

    def _touch(self) -> None:
        self.revision += 1
