"""The end of a workout: sets, volume, time, and the streak after today."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from hipext_tui.domain.format import format_number, format_volume, format_work
from hipext_tui.domain.guide import Plan
from hipext_tui.domain.streaks import Streaks
from hipext_tui.domain.workout import Session
from hipext_tui.domain.workout_summary import session_summary
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar
from hipext_tui.ui.widgets.streak_panel import StreakPanel

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext


def summary_text(ctx: AppContext, plan: Plan, session: Session | None) -> str:
    """The lines of the summary (plain text with a little markup)."""
    if session is None:
        return f"[b]{plan.name}[/b]\n\nNothing was logged, so nothing was saved."
    summary = session_summary(session, ctx.catalog, ctx.settings.unit, ctx.now())
    seconds = int(summary.duration.total_seconds())
    lines = [
        f"[b]Workout done: {plan.name}[/b]",
        "",
        f"Sets      {summary.sets}"
        + (f" (+{summary.warmup_sets} warm-up)" if summary.warmup_sets else ""),
        f"Volume    {format_volume(summary.volume, summary.unit)}",
        f"Time      {seconds // 60} min {seconds % 60:02d} s",
    ]
    if summary.left or summary.right:
        lines.append(f"Sides     left {summary.left}, right {summary.right}, both {summary.both}")
    lines += ["", "[b]Exercises[/b]"]
    for tally in summary.exercises:
        lines.append(
            f"  {tally.name:<28} {tally.sets:>2} set{'' if tally.sets == 1 else 's'}"
            f"  {format_work(tally.volume, summary.unit, tally.reps, tally.held_seconds)}"
        )
    for exercise_id in summary.skipped:
        exercise = ctx.catalog.get(exercise_id)
        lines.append(f"  {exercise.name if exercise else exercise_id:<28} skipped")
    return "\n".join(lines)


def week_text(ctx: AppContext) -> str:
    """``This week: 18.4 km of running, 2 strength sessions``; blank without runs this
    week (nothing changes for a user who imports no runs)."""
    from hipext_tui.domain.streaks import week_start_of

    today = ctx.today()
    monday = week_start_of(today, ctx.settings.week_start)
    km = ctx.weekly_km().get(monday)
    if not km:
        return ""
    sessions = sum(
        1
        for s in ctx.session_summaries()
        if s.working_sets and monday <= ctx.day_of(s.start) <= today
    )
    strength = f"{sessions} strength session{'' if sessions == 1 else 's'}"
    return f"This week: {format_number(km)} km of running, {strength}"


class SummaryScreen(Screen[None]):
    """Shown when a routine is done or finished early."""

    CSS_PATH = stylesheets("guided")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "done", "Done", id="summary.done", tooltip="Back to the list"),
        Binding(
            "h",
            "app.open_history",
            "History",
            id="summary.history",
            tooltip="See it in the history",
        ),
    ]

    def __init__(self, ctx: AppContext, plan: Plan, session: Session | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan = plan
        self.session = session

    def compose(self) -> ComposeResult:
        """The totals, then the streak line."""
        with VerticalScroll(id="summary"):
            yield Static(summary_text(self.ctx, self.plan, self.session), id="summary-text")
            yield StreakPanel("Streak: counting...", id="summary-streak")
            yield Static("", id="summary-week")
        yield KeyBar()

    def on_mount(self) -> None:
        """Count the streak (including today) and the week's running off the UI thread."""
        self.query_one("#summary-week", Static).display = False
        self._count()

    @work(thread=True, exclusive=True, group="streaks")
    def _count(self) -> None:
        result = self.ctx.streak_summary()
        self.app.call_from_thread(self._show_streak, result)
        week = week_text(self.ctx)
        self.app.call_from_thread(self._show_week, week)

    def _show_week(self, text: str) -> None:
        line = self.query_one("#summary-week", Static)
        line.update(text)
        line.display = bool(text)

    def _show_streak(self, result: tuple[Streaks, int]) -> None:
        self.query_one(StreakPanel).show(*result)

    def action_done(self) -> None:
        """Back to the list."""
        self.dismiss(None)
