"""Random operations with random disk failures: the store always equals a simple model.

Each step picks an operation and, often, makes one OS call fail (no space, I/O error,
read-only file system) the first time the store makes it during that operation. A failed
operation must raise StoreError with a one-line message, change nothing on disk, leave no
temporary file, and leave the Store object working; a successful one must be on disk.
Bounded by default; ``HIPEXT_LONG=1`` runs ten times as many steps.
"""

from __future__ import annotations

import errno
import os
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipext_tui.domain.sessions import SessionTarget
from hipext_tui.domain.settings import Settings
from hipext_tui.domain.workout import Session, SetEntry, Side
from hipext_tui.store.tinydb_store import Store, StoreError

pytestmark = pytest.mark.reliability

STEPS = 3000 if os.environ.get("HIPEXT_LONG") == "1" else 300
FAULTS = [
    ("replace", errno.ENOSPC),
    ("fsync", errno.EIO),
    ("write", errno.ENOSPC),
    ("open", errno.EROFS),
]


class Model:
    """What the store should hold."""

    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}
        self.settings = Settings()
        self.rest_days: set[date] = set()

    def ordered(self) -> list[Session]:
        return sorted(self.sessions.values(), key=lambda s: s.start)


def one_failure(name: str, code: int) -> Callable[..., Any]:
    """A stand-in for ``os.<name>`` that fails once (sparing the lock file), then works."""
    real = getattr(os, name)
    state = {"failed": False}

    def call(*args: Any, **kwargs: Any) -> Any:
        spare_lock = name == "open" and (str(args[0]).endswith(".lock") or not args[1] & os.O_CREAT)
        if not state["failed"] and not spare_lock:
            state["failed"] = True
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return call


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_random_operations_with_disk_failures_match_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    db = tmp_path / "hipext.json"
    store = Store.open(db)
    model = Model()
    counter = iter(range(10**9))
    base = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)

    def new_session() -> Session:
        start = base + timedelta(days=rng.randrange(0, 120), minutes=rng.randrange(0, 600))
        return Session(id=f"s{next(counter)}", start=start)

    def new_set(session: Session) -> SetEntry:
        return SetEntry(
            id=f"t{next(counter)}",
            exercise_id=rng.choice(["deadlift", "single-leg-glute-bridge"]),
            side=rng.choice(list(Side)),
            reps=rng.randrange(1, 30),
            logged_at=session.start + timedelta(minutes=rng.randrange(0, 90)),
            weight=rng.choice([None, 20.0, 42.5]),
        )

    failures = 0
    for step in range(STEPS):
        choices = ["add", "import", "settings", "rest"]
        if model.sessions:
            choices += ["log", "log", "log", "edit_set", "drop_set", "move", "delete"]
        op = rng.choice(choices)
        pending: Callable[[], object]
        expected: Callable[[], None]
        if op == "add":
            session = new_session()
            pending = lambda s=session: store.add_session(s)  # noqa: E731
            expected = lambda s=session: model.sessions.__setitem__(s.id, s)  # noqa: E731
        elif op == "import":
            batch = [new_session() for _ in range(rng.randrange(1, 4))]
            batch = [replace(s, sets=(new_set(s),)) for s in batch]

            def pending(b: list[Session] = batch) -> object:
                return store.import_bundle(b)

            def expected(b: list[Session] = batch) -> None:
                model.sessions.update({s.id: s for s in b})
        elif op == "settings":
            settings = Settings(weekly_goal=rng.randrange(1, 8))
            pending = lambda s=settings: store.save_settings(s)  # noqa: E731
            expected = lambda s=settings: setattr(model, "settings", s)  # noqa: E731
        elif op == "rest":
            day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 30))
            pending = lambda d=day: store.add_rest_day(d)  # noqa: E731
            expected = lambda d=day: model.rest_days.add(d)  # noqa: E731
        else:
            target = model.sessions[rng.choice(sorted(model.sessions))]
            if op == "log" or (op in ("edit_set", "drop_set") and not target.sets):
                entry = new_set(target)
                pending = lambda t=target, e=entry: store.log_set(t.id, e)  # noqa: E731
                changed = target.with_set(entry)
            elif op == "edit_set":
                entry = replace(rng.choice(target.sets), reps=rng.randrange(1, 30))
                pending = lambda t=target, e=entry: store.update_set(t.id, e)  # noqa: E731
                changed = replace(
                    target, sets=tuple(entry if s.id == entry.id else s for s in target.sets)
                )
            elif op == "drop_set":
                gone = rng.choice(target.sets)
                pending = lambda t=target, g=gone: store.delete_set(t.id, g.id)  # noqa: E731
                changed = replace(target, sets=tuple(s for s in target.sets if s.id != gone.id))
            elif op == "move":
                # A set from before the session began moves its start (and maybe month).
                early = replace(new_set(target), logged_at=new_session().start)
                early = replace(early, logged_at=min(early.logged_at, target.start))
                changed = replace(target.with_set(early), start=early.logged_at)
                run = SessionTarget.running(target.id, target.start, target.routine_id)
                pending = lambda e=early, r=run: store.append_set(e, r, UTC)  # noqa: E731
            else:
                pending = lambda t=target: store.delete_session(t.id)  # noqa: E731
                changed = None

            def expected(t: Session = target, c: Session | None = changed) -> None:
                if c is None:
                    del model.sessions[t.id]
                else:
                    model.sessions[t.id] = c

        fault = rng.choice(FAULTS) if rng.random() < 0.35 else None
        before = files_under(tmp_path)
        if fault is None:
            pending()
            expected()
        else:
            with monkeypatch.context() as patch:
                patch.setattr(os, fault[0], one_failure(*fault))
                try:
                    pending()
                except StoreError as exc:
                    failures += 1
                    message = str(exc)
                    assert "\n" not in message and os.strerror(fault[1]) in message, message
                    # Nothing changed on disk and no temporary file was left behind.
                    # (The lock file may appear on the first write of all.)
                    after = files_under(tmp_path)
                    after.pop("hipext.json.lock", None)
                    before.pop("hipext.json.lock", None)
                    assert after == before, f"step {step} ({op}, {fault})"
                else:
                    expected()  # the patched call was not reached, or only by the cache
        assert store.sessions() == model.ordered(), f"step {step} ({op}, {fault})"
        if step % 25 == 0 or step == STEPS - 1:
            reader = Store.open(db)
            assert reader.validate() == sum(len(s.sets) for s in model.sessions.values())
            assert reader.sessions() == model.ordered()
            assert reader.settings() == model.settings
            assert reader.rest_days() == model.rest_days
    assert failures > STEPS // 10  # the failures really happened
