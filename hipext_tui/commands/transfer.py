"""``hipext export`` and ``hipext import``: move a history in and out of the store.

The formats and every import rule live in the domain (``domain/importers.py``,
``domain/exporters.py``); this module reads and writes files, shows progress on a
terminal and prints the summary. The formats are documented in docs/FORMATS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hipext_tui.commands.common import (
    CommandError,
    add_db_option,
    load_full_catalog,
    now,
    open_store,
    open_workouts,
    user_timezone,
)
from hipext_tui.domain.text import one_line
from hipext_tui.paths import store_path

if TYPE_CHECKING:
    from hipext_tui.domain.catalog import Catalog, Routine
    from hipext_tui.domain.importers import ImportPlan
    from hipext_tui.store.tinydb_store import ImportResult
    from hipext_tui.workouts import StoreReader

PROGRESS_MIN_LINES = 2000  # smaller files are read before a bar would be seen


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` and ``import`` subcommands."""
    export = subparsers.add_parser(
        "export",
        help="write the whole history as JSON or CSV",
        description=(
            "Write every session and set (JSON also: custom exercises and routines, rest "
            "days and settings) to standard output or to a file. The formats are "
            "described in docs/FORMATS.md; the JSON export imports back losslessly."
        ),
    )
    export.add_argument(
        "--format",
        choices=("json", "csv"),
        help="json (lossless) or csv (one row per set); default: from -o's suffix, else json",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    add_db_option(export)
    export.set_defaults(func=run_export)

    imp = subparsers.add_parser(
        "import",
        help="import a history from Strong, Hevy or a hipext export",
        description=(
            "Import workouts from a Strong or Hevy CSV export or from hipext's own JSON "
            "or CSV export. All or nothing: a bad row stops the import and nothing is "
            "written. Workouts already in the store are skipped, so importing the same "
            "file twice adds nothing."
        ),
    )
    imp.add_argument("file", metavar="FILE", help="the exported file")
    imp.add_argument(
        "--format",
        default="auto",
        choices=("auto", "hipext", "strong", "hevy"),
        help="the file's format (default: auto, from its header)",
    )
    imp.add_argument(
        "--unit",
        metavar="kg|lb",
        help="weight unit, for files whose header does not say (default: settings)",
    )
    imp.add_argument(
        "--tz",
        metavar="ZONE",
        default=argparse.SUPPRESS,
        help="IANA zone the file's times are in (default: settings, else the system's)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="print what would be imported; write nothing"
    )
    add_db_option(imp)
    imp.set_defaults(func=run_import)


# ---------------------------------------------------------------------------
# export


def run_export(args: argparse.Namespace) -> int:
    """Export the store as JSON or CSV to stdout or, atomically, to ``-o FILE``."""
    from hipext_tui.domain.exporters import export_csv, export_json
    from hipext_tui.paths import user_path

    output = None if args.output in (None, "-") else user_path(args.output)
    fmt = args.format or ("csv" if output and output.suffix.lower() == ".csv" else "json")
    if output is not None:
        _check_target(output)
        _refuse_store_files(output, store_path(getattr(args, "db", None)))
    store = open_store(args)
    try:
        sessions = store.sessions()
        if fmt == "json":
            text = export_json(
                sessions,
                store.custom_exercises(),
                store.custom_routines(),
                store.rest_days(),
                store.settings(),
                store.pauses(),
                store.runs(),
            )
        else:
            catalog = load_full_catalog(store)
            text = export_csv(sessions, {e.id: e.name for e in catalog.exercises})
    finally:
        store.close()
    if output is None:
        # Piped or redirected, the export is byte for byte what is stored; on a terminal
        # control characters are shown as escapes like everything else.
        stream = sys.stdout
        if not stream.isatty():
            stream = getattr(stream, "unfiltered", stream)
        stream.write(text)
        stream.flush()
        return 0
    write_atomically(output, text)
    sets = sum(len(s.sets) for s in sessions)
    print(f"Exported {_count(len(sessions), 'session')} and {_count(sets, 'set')} to {output}")
    return 0


def _check_target(path: Path) -> None:
    """Refuse early (before reading the store) a target that cannot be written."""
    if path.is_dir():
        raise CommandError(f"cannot write {path}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise CommandError(f"cannot write {path}: the directory {parent} does not exist")


def _refuse_store_files(output: Path, store: Path) -> None:
    """Never let an export replace the store's own files (that would destroy the store)."""
    target = output.resolve()
    main = store.expanduser().resolve()
    own = {main, main.with_name(main.name + ".lock"), main.with_name(main.name + ".commit")}
    shards = main.with_name(main.name + ".d")
    if target in own or target.is_relative_to(shards):
        raise CommandError(f"cannot write {output}: it is part of the store {store}")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A reader never sees half a file, and a failed write leaves the old file as it was.
    A new file is readable by its owner only (exports hold personal data); an existing
    file keeps its permissions.
    """
    _check_target(path)
    parent = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    _sync_directory(parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------
# import


def run_import(args: argparse.Namespace) -> int:
    """Read the file, show what it holds, and (unless --dry-run) add it to the store."""
    from hipext_tui.domain.catalog import load_catalog
    from hipext_tui.domain.days import timezone_name
    from hipext_tui.domain.importers import (
        ImportFormatError,
        check_not_ahead,
        decode,
        plan_import,
    )
    from hipext_tui.domain.settings import Settings
    from hipext_tui.domain.workout import ValidationError, parse_unit
    from hipext_tui.paths import store_path, user_path

    source = user_path(args.file)
    data = _read_file(source)
    try:
        unit = parse_unit(args.unit) if args.unit else None
    except ValidationError as exc:
        raise CommandError(f"--unit: {exc}") from None

    # A store that does not exist yet is created only when there is something to write:
    # a dry run or a refused file leaves no empty store behind. Until then its
    # settings and catalog are the defaults, which is what a new store would hold.
    store: StoreReader | None = None
    if store_path(getattr(args, "db", None)).exists():
        store = open_store(args)
    try:
        settings = store.settings() if store else Settings()
        catalog: Catalog = load_full_catalog(store) if store else load_catalog()
        try:
            zone = user_timezone(args, settings)
        except ValidationError as exc:
            raise CommandError(f"--tz: {exc}") from None
        bar = None
        try:
            text = decode(data, source.name)
            lines = text.count("\n")
            if lines >= PROGRESS_MIN_LINES and sys.stderr.isatty():
                bar = ProgressBar(sys.stderr, lines, f"Reading {source.name}")
            plan = plan_import(
                text,
                source.name,
                catalog=catalog,
                zone=zone,
                default_unit=settings.unit,
                unit=unit,
                fmt=args.format,
                progress=bar.update if bar else None,
            )
            check_not_ahead(plan, source.name, now(zone))
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar:
                bar.close()
        stored = {s.id for s in store.sessions()} if store else set()
        fresh = [s for s in plan.sessions if s.id not in stored]
        # Settings travel with a hipext JSON export, but replace the user's own only
        # when restoring into a store that holds no workouts yet.
        restore_settings = plan.settings if plan.settings and not stored else None
        summary = _summary(plan, source.name, len(fresh), timezone_name(zone))
        if args.dry_run:
            print("\n".join(summary))
            print("Dry run: nothing was written.")
            return 0
        result = None
        extras = plan.new_exercises or plan.routines or plan.rest_days or plan.pauses or plan.runs
        if fresh or extras or restore_settings:
            if store is not None:
                store.close()
            workouts = open_workouts(args)
            store = workouts.store
            saving = bar is not None
            if saving:
                print("Saving...", end="\r", file=sys.stderr, flush=True)
            result = workouts.import_bundle(
                plan.sessions,
                exercises=plan.new_exercises,
                routines=_new_routines(plan, store),
                rest_days=plan.rest_days,
                settings=restore_settings,
                pauses=plan.pauses,
                runs=plan.runs,
            )
            if saving:
                print("         ", end="\r", file=sys.stderr, flush=True)
        print("\n".join(summary))
        print(_outcome(result, restore_settings is not None))
        return 0
    finally:
        if store is not None:
            store.close()


def _read_file(path: Path) -> bytes:
    """The file's bytes, or one line saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not an export file") from None
    except PermissionError:
        raise CommandError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError:  # a NUL character in the name
        raise CommandError(f"{one_line(str(path))}: not a valid file name") from None


def _new_routines(plan: ImportPlan, store: StoreReader) -> list[Routine]:
    """Routines from the file that the store does not hold yet (by id)."""
    have = {r.id for r in store.custom_routines()}
    return [r for r in plan.routines if r.id not in have]


def _summary(plan: ImportPlan, name: str, fresh: int, zone: str) -> list[str]:
    """What the file holds, as the lines the user sees (dry run or not)."""
    lines = [f"{plan.source}: {name}"]
    workouts = len(plan.sessions)
    lines.append(
        f"  workouts  {workouts:,} ({fresh:,} new, {workouts - fresh:,} already in the store)"
    )
    sets = f"  sets      {plan.set_count:,}"
    if plan.rows != plan.set_count:
        sets += f" from {_count(plan.rows, 'row')}"
    lines.append(sets)
    for reason, count in plan.skipped:
        lines.append(f"  skipped   {_count(count, 'row')}: {reason}")
    first, last = plan.first_start, plan.last_start
    if first and last:
        lines.append(f"  dates     {first.date()} to {last.date()} (times read in {zone})")
    if plan.unit is not None:
        lines.append(f"  weights   {plan.unit.value}")
    for original, exercise_id in plan.mapped:
        lines.append(f"  mapped    {original} -> {exercise_id}")
    if plan.new_exercises:
        lines.append(f"  new exercises ({len(plan.new_exercises)}):")
        for exercise in sorted(plan.new_exercises, key=lambda e: e.name.lower()):
            lines.append(f"    {exercise.name} [{exercise.id}]")
    if plan.routines:
        lines.append(f"  routines  {len(plan.routines)}")
    if plan.rest_days:
        lines.append(f"  rest days {len(plan.rest_days)}")
    if plan.pauses:
        lines.append(f"  pauses    {len(plan.pauses)}")
    if plan.runs:
        lines.append(f"  runs      {len(plan.runs):,}")
    return lines


def _outcome(result: ImportResult | None, settings_restored: bool) -> str:
    coach = result is not None and (
        result.pauses_added or result.runs_added or result.rest_days_added
    )
    if result is None or not (result.sessions_added or result.exercises_added or coach):
        return "Nothing new to import." if not settings_restored else "Settings restored."
    text = (
        f"Imported {_count(result.sessions_added, 'workout')} with "
        f"{_count(result.sets_added, 'set')}"
    )
    if result.exercises_added:
        text += f" and {_count(result.exercises_added, 'new exercise')}"
    if result.rest_days_added:
        text += f", {_count(result.rest_days_added, 'rest day')}"
    if result.pauses_added:
        text += f", {_count(result.pauses_added, 'pause')}"
    if result.runs_added:
        text += f", {_count(result.runs_added, 'run')}"
    if result.sessions_skipped:
        text += f"; skipped {result.sessions_skipped:,} already stored"
    return text + "."


def _count(number: int, noun: str) -> str:
    from hipext_tui.domain.format import counted

    return counted(number, noun)


class ProgressBar:
    """A one-line bar on a terminal, redrawn only when the percentage changes."""

    def __init__(self, stream: TextIO, total: int, label: str, width: int = 30) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.label = label
        self.width = width
        self.shown = -1

    def update(self, done: int) -> None:
        """Show ``done`` of ``total``."""
        percent = min(100, done * 100 // self.total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        """Clear the line so the summary starts on a clean one."""
        if self.shown >= 0:
            self.stream.write("\r" + " " * (len(self.label) + self.width + 8) + "\r")
            self.stream.flush()
