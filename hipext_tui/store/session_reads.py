"""Reading sessions: whole history, summaries, one session, a day's, an exercise's sets
and progress.

Every read brings the month files it uses up to date first, so it sees what other
processes wrote. The full history and the summary list are kept between calls and
handed out again while no shard changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

from hipext_tui.domain.workout import Session, SessionSummary, SetEntry, Unit
from hipext_tui.store.day_pack import Keys
from hipext_tui.store.shard_index import ShardIndex, in_order, month_of_date
from hipext_tui.store.shards import months_in

if TYPE_CHECKING:
    from hipext_tui.domain.progress_compose import ExerciseProgress


class SessionReads(ShardIndex):
    """The read side of the sessions."""

    _history: tuple[tuple[int, ...], list[Session]] | None = None
    _summaries: tuple[tuple[int, ...], list[SessionSummary]] | None = None

    _month_keys: Keys | None = None

    def _forget(self) -> None:
        super()._forget()
        self._history = None
        self._summaries = None
        self._month_keys = None

    def _seen_months(self) -> Keys:
        """The key of each month file's bytes as this Store last read them (for the day,
        set and record packs): a file whose signature did not change is not hashed again."""
        if self._month_keys is None:
            self._month_keys = {}
        return self._month_keys

    def sessions(self, since: date | None = None) -> list[Session]:
        """All sessions, oldest first; ``since`` keeps those starting on/after that date."""
        with self._mutex:
            if since is not None:
                first = month_of_date(since)
                shards = [s for s in self._all_shards(first) if s.month >= first]
                ordered = in_order([s.sessions for s in shards])
                return [session for session in ordered if session.start.date() >= since]
            shards = self._all_shards()
            key = tuple(s.serial for s in shards)
            if self._history is None or self._history[0] != key:
                history = in_order([s.sessions for s in shards])
                # Building the sessions rebuilds a shard whose file changed meanwhile
                # (new serial), so the key is taken again afterwards.
                self._history = (tuple(s.serial for s in shards), history)
            return list(self._history[1])

    def session_summaries(self, since: date | None = None) -> list[SessionSummary]:
        """A summary of every session, oldest first, in step with :meth:`sessions`.

        ``summarize(session)`` for each stored session, without building any set: this
        is what start-up, the streaks and the history list read. ``since`` keeps those
        starting on/after that date and reads only the months from then on.
        """
        with self._mutex:
            if since is not None:
                first = month_of_date(since)
                shards = [s for s in self._all_shards(first) if s.month >= first]
                ordered = in_order([s.summaries for s in shards])
                return [summary for summary in ordered if summary.start.date() >= since]
            shards = self._all_shards()
            key = tuple(s.serial for s in shards)
            if self._summaries is None or self._summaries[0] != key:
                self._summaries = (key, in_order([s.summaries for s in shards]))
            return list(self._summaries[1])

    def training_days(self, tz: tzinfo, day_start_hour: int = 0) -> set[date]:
        """Every local training day (a day with a set): :meth:`training_ordinals`."""
        return set(map(date.fromordinal, self.training_ordinals(tz, day_start_hour)))

    def training_ordinals(self, tz: tzinfo, day_start_hour: int = 0) -> list[int]:
        """Every local training day as a date ordinal, in order, from the day pack
        (:mod:`.day_pack`: one cache file, not a summary per session) when the zone
        has a name, else from the summaries."""
        from hipext_tui.store.day_pack import training_days

        with self._mutex:
            self._finish_interrupted()
            days = training_days(self.shard_dir, tz, day_start_hour, self._seen_months())
        if days is not None:
            return days
        from hipext_tui.domain.days import slot_day

        slots = {k for s in self.session_summaries() for k in s.slots}
        return sorted({slot_day(k, tz, day_start_hour).toordinal() for k in slots})

    def exercise_sets(self, exercise_id: str) -> list[SetEntry]:
        """Every set of one exercise, in the order :meth:`sessions` lists them, from the
        exercise's set pack (:mod:`.set_pack`: one cache file, not every session)."""
        from hipext_tui.store.set_pack import exercise_sets

        with self._mutex:
            self._finish_interrupted()
            return exercise_sets(self.shard_dir, exercise_id, self._seen_months())

    def exercise_progress(
        self,
        exercise_id: str,
        unit: Unit,
        tz: tzinfo,
        day_start_hour: int = 0,
        week_start: str = "monday",
    ) -> ExerciseProgress:
        """One exercise's records and weekly totals, as from all its sets, composed from
        its record pack (:mod:`.record_pack`: a summary per month file, not every set)."""
        from hipext_tui.store.record_pack import exercise_progress

        with self._mutex:
            self._finish_interrupted()
            return exercise_progress(
                self.shard_dir,
                exercise_id,
                unit,
                tz=tz,
                day_start_hour=day_start_hour,
                week_start=week_start,
                seen=self._seen_months(),
            )

    def session(self, session_id: str) -> Session | None:
        """One session by id."""
        with self._mutex:
            return self._find_session(session_id)

    def session_for_day(self, day: date, tz: tzinfo, day_start_hour: int = 0) -> Session | None:
        """The latest session whose start falls on training day ``day``."""
        # A start's own clock and the user's zone differ by at most ~26 hours, and the
        # day-start hour shifts by under a day more: two days either side is enough.
        months = {month_of_date(day + timedelta(days=d)) for d in range(-2, 3)}
        from hipext_tui.domain.days import training_day  # pendulum: only when needed

        with self._mutex:
            on_disk = set(months_in(self.shard_dir))
            found: Session | None = None
            for month in sorted(months & on_disk):
                for session in self._current_shard(month).sessions:
                    if training_day(session.start, tz, day_start_hour) != day:
                        continue
                    if found is None or session.start >= found.start:
                        found = session
            return found

    def recent_sets(self, exercise_id: str) -> Iterator[SetEntry]:
        """The sets of ``exercise_id``, newest first, read a month at a time as asked for.

        Months whose summaries do not name the exercise are passed over unread.
        """
        with self._mutex:
            months = sorted(months_in(self.shard_dir), reverse=True)
        for month in months:
            with self._mutex:
                shard = self._current_shard(month)
                if not any(exercise_id in s.exercise_ids for s in shard.summaries):
                    continue
                found = [
                    e for session in shard.sessions for e in session.sets
                    if e.exercise_id == exercise_id
                ]  # fmt: skip
            found.sort(key=lambda e: e.logged_at, reverse=True)
            yield from found

    def count_sets(self) -> int:
        """How many sets the store holds."""
        with self._mutex:
            return sum(shard.set_count for shard in self._all_shards())
