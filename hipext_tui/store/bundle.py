"""Importing many things at once: one transaction, all or nothing, repeats skipped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from hipext_tui.domain.record import record
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Session
from hipext_tui.store.checked import checked_exercise, checked_routine, checked_session
from hipext_tui.store.coach import CoachTables
from hipext_tui.store.main_file import (
    EXERCISES_TABLE,
    REST_DAYS_TABLE,
    ROUTINES_TABLE,
    SETTINGS_DOC_ID,
    SETTINGS_TABLE,
    dedupe_insert,
)
from hipext_tui.store.runs_file import RunsFile
from hipext_tui.store.shard_index import ShardIndex
from hipext_tui.store.shards import SESSIONS_TABLE, month_of

if TYPE_CHECKING:  # the catalog is imported by the import itself, not by every open
    from hipext_tui.domain.catalog import Exercise, Routine
    from hipext_tui.domain.pauses import Pause
    from hipext_tui.domain.runs import Run


@record
class ImportResult:
    """What an import added (items already present are counted as skipped)."""

    sessions_added: int
    sets_added: int
    sessions_skipped: int
    exercises_added: int
    pauses_added: int = 0
    runs_added: int = 0
    rest_days_added: int = 0


class BundleImport(CoachTables, RunsFile, ShardIndex):
    """:meth:`import_bundle`, which writes the main file and many month files together."""

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
        """Add many things at once, all or nothing; sessions whose id is stored are skipped.

        Everything is validated before anything is written (ValidationError names the
        first bad item). Exercises and routines whose id is built in or already stored
        are skipped too, and so are runs whose id is stored and pauses stored already
        (a pause sharing a day with a different stored one is refused), so importing the
        same bundle twice changes nothing.
        """
        from hipext_tui.domain import catalog_rules

        incoming = [(s, checked_session(s)) for s in sessions]
        new_exercises = [(e, checked_exercise(e, allow_builtin=True)) for e in exercises]
        new_routines = [(r, checked_routine(r, allow_builtin=True)) for r in routines]
        days = {d.isoformat() for d in rest_days}
        settings_raw = None if settings is None else Settings.from_dict(settings.to_dict())
        builtin_ex, builtin_rt = catalog_rules.builtin_ids()
        with self._transaction() as txn:
            state = self._state()
            self._all_shards()
            known = set(self._index)
            by_month: dict[str, list[dict[str, Any]]] = {}
            added = sets_added = skipped = 0
            for session, raw in incoming:
                if session.id in known:
                    skipped += 1
                    continue
                known.add(session.id)
                by_month.setdefault(month_of(session.start), []).append(raw)
                added += 1
                sets_added += len(session.sets)
            stored_ex = builtin_ex | {e.id for e in state.exercises}
            ex_docs = [raw for e, raw in new_exercises if e.id not in stored_ex]
            all_ex = stored_ex | {e.id for e, _ in new_exercises}
            stored_rt = builtin_rt | {r.id for r in state.routines}
            rt_docs = []
            for routine, raw in new_routines:
                if routine.id not in stored_rt:
                    catalog_rules.check_routine_exercises(routine, all_ex)
                    rt_docs.append(raw)
            new_days = sorted(days - {d.isoformat() for d in state.rest_days})
            # Main file first, so that sessions never refer to exercises not yet saved.
            if ex_docs or rt_docs or new_days or settings_raw is not None:
                dedupe_insert(self._main_table(txn, EXERCISES_TABLE), ex_docs)
                dedupe_insert(self._main_table(txn, ROUTINES_TABLE), rt_docs)
                if new_days:
                    self._main_table(txn, REST_DAYS_TABLE).insert_multiple(
                        {"day": d} for d in new_days
                    )
                if settings_raw is not None:
                    table = self._main_table(txn, SETTINGS_TABLE)
                    table.truncate()
                    from tinydb.table import Document

                    table.insert(Document(settings_raw.to_dict(), doc_id=SETTINGS_DOC_ID))
            pauses_added = self._import_pauses(txn, pauses)
            runs_added = self._import_runs(txn, runs)
            for month in sorted(by_month):
                shard = self._shard(month)
                txn.table(shard.storage, SESSIONS_TABLE).insert_multiple(by_month[month])
        return ImportResult(
            sessions_added=added,
            sets_added=sets_added,
            sessions_skipped=skipped,
            exercises_added=len({e["id"] for e in ex_docs}),
            pauses_added=pauses_added,
            runs_added=runs_added,
            rest_days_added=len(new_days),
        )
