"""The per-exercise view's text and chart data, built off the UI thread.

The numbers are an :class:`~hipext_tui.domain.progress_compose.ExerciseProgress`: the
records (:mod:`hipext_tui.domain.progress`) and weekly totals that
:mod:`hipext_tui.domain.trends` turns into series and the left/right balance, as the
store composes them from its month summaries (or as :func:`exercise_view_of` builds them
from the sets); this module lays them out as lines that fit 80 columns and as
``(week, value)`` points for the bar charts. It draws nothing itself, so a worker thread
can run it and tests can call it without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hipext_tui.domain.catalog import Catalog
from hipext_tui.domain.format import counted, format_number
from hipext_tui.domain.progress import ExerciseRecords, Records, format_weight
from hipext_tui.domain.progress_compose import ExerciseProgress, progress_of_sets
from hipext_tui.domain.record import record
from hipext_tui.domain.streaks import StreakRules
from hipext_tui.domain.trends import (
    SideBalance,
    balance_series,
    recent_balance,
    weekly_series,
)
from hipext_tui.domain.workout import SetEntry, Side, Unit
from hipext_tui.ui.widgets.chart import format_amount

E1RM_FORMULA = "Best e1RM by Epley: weight x (1 + reps / 30)"
BALANCE_WEEKS = 4  # the headline balance sums the last four weeks
BALANCE_ROWS = 8  # weekly rows listed under it
_COLS = (11, 26, 12, 8, 5)  # side, best set, e1RM, hold, sets


@record
class ExerciseView:
    """What the per-exercise screen draws."""

    exercise_id: str
    name: str
    title: str
    records: str
    records_narrow: str  # the same, two short lines a side, for a phone
    volume_title: str
    volume_points: tuple[tuple[date, float | None], ...]
    e1rm_title: str
    e1rm_points: tuple[tuple[date, float | None], ...]
    balance: str  # empty for moves done on both legs


def _cell(text: str, width: int) -> str:
    return text[: width - 1].ljust(width)


def best_set_text(records: Records) -> str:
    """The heaviest set as ``24 kg x 8 (2025-03-02)``, or the most reps for bodyweight."""
    if records.heaviest is not None:
        entry = records.heaviest.entry
        weight = format_weight(records.heaviest.value, records.unit)
        return f"{weight} x {entry.reps} ({entry.logged_at.strftime('%Y-%m-%d')})"
    if records.reps_at:
        return f"bodyweight x {max(records.reps_at.values())}"
    return "-"


def _e1rm_and_hold(records: Records) -> tuple[str, str]:
    e1rm = format_weight(records.best_e1rm.value, records.unit) if records.best_e1rm else "-"
    hold = f"{records.longest_hold.value:.0f} s" if records.longest_hold else "-"
    return e1rm, hold


def records_row(label: str, records: Records) -> str:
    """One line of the records table."""
    e1rm, hold = _e1rm_and_hold(records)
    cells = (label, best_set_text(records), e1rm, hold, str(records.sets))
    return "".join(_cell(text, width) for text, width in zip(cells, _COLS, strict=True))


def records_lines(label: str, records: Records) -> list[str]:
    """The records of one side in two lines of at most 40 columns, for a phone."""
    e1rm, hold = _e1rm_and_hold(records)
    return [
        f"{label:<10} {best_set_text(records)}",
        f"  e1RM {e1rm}  hold {hold}  {counted(records.sets, 'set')}",
    ]


REPS_AT_SHOWN = 6  # heaviest weights listed; a long history has dozens


def reps_at_text(records: Records) -> str:
    """``24: 8, 20: 10, bw: 15 (+3 lighter)``: most reps at each weight, heaviest first."""
    pairs = sorted(records.reps_at.items(), reverse=True)
    parts = [f"{format_number(w) if w else 'bw'}: {r}" for w, r in pairs[:REPS_AT_SHOWN]]
    if len(pairs) > REPS_AT_SHOWN:
        parts.append(f"(+{len(pairs) - REPS_AT_SHOWN} lighter)")
    return ", ".join(parts) if parts else "-"


def records_text(records: ExerciseRecords, unit: Unit, *, narrow: bool = False) -> str:
    """The records block: a table per side (with ``narrow``, two short lines a side), the
    e1RM formula, and most reps at weight."""
    if records.overall.sets == 0:
        return "No working sets logged yet."
    sided = [(Side.LEFT.label, records.left), (Side.RIGHT.label, records.right)]
    shown = [("All sets", records.overall)] + [(lb, r) for lb, r in sided if r is not None]
    if narrow:
        lines = [line for label, r in shown for line in records_lines(label, r)]
    else:
        header = ("", "Best set (heaviest)", "Best e1RM", "Hold", "Sets")
        lines = ["".join(_cell(t, w) for t, w in zip(header, _COLS, strict=True)).rstrip()]
        lines += [records_row(label, r).rstrip() for label, r in shown]
    lines.append(E1RM_FORMULA + ". Warm-up sets never count.")
    lines.append(f"Most reps at a weight ({unit.value}: reps, bw = bodyweight):")
    lines.append(f"  All sets   {reps_at_text(records.overall)}")
    lines += [f"  {label:<10} {reps_at_text(r)}" for label, r in sided if r is not None]
    return "\n".join(lines)


def _gaps(points: Sequence[tuple[date, float]]) -> tuple[tuple[date, float | None], ...]:
    # A week with nothing logged is drawn as a gap, not as a bar of height zero.
    return tuple((week, value if value > 0 else None) for week, value in points)


def balance_line(balance: SideBalance, threshold: int) -> str:
    """``L   128 (2)  R   112 (2)  gap 12.5%  ! RIGHT LEG LAGS``: the mean work of one
    set per side, with how many sets each side had in brackets; ``right lower`` when the
    gap is within the threshold; no gap when a side has no set to compare."""

    def side(letter: str, load: float, sets: int) -> str:
        return f"{letter} {format_amount(load):>5} ({sets})" if sets else f"{letter}    no sets"

    left = side("L", balance.left, balance.left_sets)
    text = f"{left}  {side('R', balance.right, balance.right_sets)}"
    if not balance.compared:
        return text
    text += f"  gap {balance.gap_percent:4.1f}%"
    if balance.flagged and balance.weaker is not None:
        text += f"  ! {balance.weaker.label.upper()} LAGS"
    elif balance.weaker is not None:
        text += f"  {balance.weaker.value} lower"
    return text


def balance_text(
    progress: ExerciseProgress, unit: Unit, rules: StreakRules, threshold: int, today: date
) -> str:
    """Left against right: the last four weeks together, then week by week."""
    week_start = rules.week_start
    weekly = balance_series(progress.sides, threshold, week_start, until=today, tail=BALANCE_ROWS)
    if not weekly:
        return "Left/right balance: no sets logged per side yet."
    recent = recent_balance(progress.sides, threshold, today, BALANCE_WEEKS, week_start)
    load = f"reps x {unit.value}, reps for bodyweight"
    lines = [
        f"Left/right balance, per set ({load}; sets in brackets; flagged past {threshold}%)",
        f"Last {BALANCE_WEEKS} weeks  {balance_line(recent, threshold)}",
    ]
    for week in reversed(weekly[-BALANCE_ROWS:]):
        if week.week is not None:
            lines.append(f"Wk {week.week.isoformat()}  {balance_line(week, threshold)}")
    return "\n".join(lines)


def exercise_view_of(
    sets: Sequence[SetEntry],
    catalog: Catalog,
    exercise_id: str,
    unit: Unit,
    rules: StreakRules,
    threshold: int,
    today: date,
) -> ExerciseView:
    """Everything the per-exercise screen shows, from the exercise's own sets, oldest
    session first (what ``store.exercise_sets`` reads)."""
    progress = progress_of_sets(
        sets,
        exercise_id,
        unit,
        tz=rules.timezone,
        day_start_hour=rules.day_start_hour,
        week_start=rules.week_start,
    )
    return exercise_view(progress, catalog, exercise_id, unit, rules, threshold, today)


def exercise_view(
    progress: ExerciseProgress,
    catalog: Catalog,
    exercise_id: str,
    unit: Unit,
    rules: StreakRules,
    threshold: int,
    today: date,
) -> ExerciseView:
    """Everything the per-exercise screen shows, from the exercise's progress (what
    ``store.exercise_progress`` composes from its months without reading every set)."""
    exercise = catalog.get(exercise_id)
    records = progress.records
    name = exercise.name if exercise else exercise_id
    sides = exercise.sides_label if exercise else ""
    working = counted(records.overall.sets, "working set")
    title = f"{name}  ({sides}; {working})" if sides else name
    week_start = rules.week_start
    if records.overall.heaviest is not None:  # a working set with a weight
        volume = weekly_series(progress.volume, week_start, until=today)
        volume_title = f"Weekly volume ({unit.value}, reps x weight)"
    else:
        volume = weekly_series(progress.reps, week_start, until=today)
        volume_title = "Weekly reps (bodyweight)"
    e1rm_points = weekly_series(progress.e1rm, week_start, until=today)
    one_sided = exercise.one_sided if exercise else progress.any_side
    return ExerciseView(
        exercise_id=exercise_id,
        name=name,
        title=title,
        records=records_text(records, unit),
        records_narrow=records_text(records, unit, narrow=True),
        volume_title=volume_title,
        volume_points=_gaps(volume),
        e1rm_title=f"Best e1RM per week ({unit.value}, Epley)",
        e1rm_points=_gaps(e1rm_points),
        balance=balance_text(progress, unit, rules, threshold, today) if one_sided else "",
    )
