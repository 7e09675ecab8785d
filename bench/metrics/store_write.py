"""One durable set write: hipext's store against TinyDB's default JSONStorage.

Both hold the same sessions (ours through a bulk import, the baseline as one TinyDB
table with a document per session, its sets inside). A write appends one set to the
latest session: ``Store.log_set`` for ours, one ``Table.update`` for the baseline
(which reads and rewrites the whole file and fsyncs it, as TinyDB always does). The
two are interleaved, a few of ours for each baseline write, so that both see the same
state of a noisy machine.
"""

from __future__ import annotations

import itertools
import time
from datetime import timedelta

from bench.history import History, write_store, write_tinydb_baseline
from bench.metrics.common import Context, Metric, median, missing, percentile
from hipext_tui.domain.workout import Session, SetEntry, Side

_numbers = itertools.count(1)


def _next_set(session: Session) -> SetEntry:
    """A new set a minute after the last one of ``session``, with an id of its own."""
    last = session.sets[-1] if session.sets else None
    moment = (last.logged_at if last else session.start) + timedelta(minutes=1)
    return SetEntry(
        id=f"set-bench{next(_numbers):07d}",
        exercise_id="deadlift",
        side=Side.NONE,
        reps=10,
        logged_at=moment,
        weight=32.0,
    )


def set_write(ctx: Context, history: History) -> list[Metric]:
    """set_write_ms_p50 and set_write_speedup."""
    if ctx.ten_year_store is None:
        return [
            missing("set_write_ms_p50", "ms", "<=", 15, ctx.store_problem),
            missing("set_write_speedup", "x", ">=", 10, ctx.store_problem),
        ]
    from tinydb import Query, TinyDB

    from hipext_tui.store.tinydb_store import Store

    # Their own copies: the writes below must not change the store other benchmarks use.
    ours_path = ctx.workdir / "write" / "hipext.json"
    ours_path.parent.mkdir(parents=True, exist_ok=True)
    write_store(ours_path, history)
    base_path = ctx.workdir / "tinydb-baseline" / "db.json"
    base_path.parent.mkdir(parents=True, exist_ok=True)
    write_tinydb_baseline(base_path, history)
    ctx.details["baseline_file_bytes"] = base_path.stat().st_size

    target = history.sessions[-1]
    ours: list[float] = []
    theirs: list[float] = []
    store = Store.open(ours_path)
    db = TinyDB(base_path)  # JSONStorage, no caching middleware: TinyDB's default
    try:
        table = db.table("sessions")
        found = table.get(Query().id == target.id)
        assert found is not None, "baseline lost the target session"
        doc_id = found.doc_id
        for _ in range(ctx.repeats(10, 3)):
            for _ in range(5):
                entry = _next_set(target)
                start = time.perf_counter()
                store.log_set(target.id, entry)
                ours.append(time.perf_counter() - start)
            raw = _next_set(target).to_dict()
            start = time.perf_counter()
            table.update(lambda doc, raw=raw: doc["sets"].append(raw), doc_ids=[doc_id])
            theirs.append(time.perf_counter() - start)
    finally:
        store.close()
        db.close()

    ctx.details["set_write_ms"] = {
        "hipext_p50": median(ours) * 1000,
        "hipext_p90": percentile(ours, 90) * 1000,
        "hipext_max": max(ours) * 1000,
        "tinydb_jsonstorage_p50": median(theirs) * 1000,
        "samples": {"hipext": len(ours), "tinydb": len(theirs)},
    }
    return [
        Metric("set_write_ms_p50", median(ours) * 1000, "ms", "<=", 15, digits=1),
        Metric("set_write_speedup", median(theirs) / median(ours), "x", ">=", 10, digits=1),
        Metric("set_write_baseline_ms_p50", median(theirs) * 1000, "ms", "", digits=1),
    ]
