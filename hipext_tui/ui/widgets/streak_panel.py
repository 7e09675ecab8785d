"""The streak box: current days, current weeks against the weekly goal, last workout."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from hipext_tui.domain.streaks import Streaks


def plural(count: int, word: str) -> str:
    """``1 day``, ``3 days``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def last_workout_text(last: date | None, today: date) -> str:
    """``today``, ``yesterday``, ``3 days ago (Mon 24 Nov)`` or ``never``."""
    if last is None:
        return "never"
    gap = (today - last).days
    if gap <= 0:
        return "today"
    if gap == 1:
        return "yesterday"
    return f"{gap} days ago ({last:%a %d %b})"


def streak_lines(streaks: Streaks, this_week: int) -> list[str]:
    """The three lines of the box."""
    days = plural(streaks.current_days, "day")
    if streaks.longest_days > streaks.current_days:
        days += f" (best {streaks.longest_days})"
    weeks = plural(streaks.current_weeks, "week")
    goal = streaks.weekly_goal
    return [
        f"Streak: {days} in a row",
        f"Weeks:  {weeks} kept, this week {this_week}/{goal}",
        f"Last:   {last_workout_text(streaks.last_workout, streaks.as_of)}",
    ]


def streak_text(streaks: Streaks, this_week: int) -> str:
    """The box's text in one string."""
    return "\n".join(streak_lines(streaks, this_week))


class StreakPanel(Static):
    """Shows :func:`streak_text`, or "counting..." while the numbers are computed."""

    def show(self, streaks: Streaks | None, this_week: int = 0) -> None:
        """Show ``streaks`` (None while they are being computed)."""
        self.update("Streak: counting..." if streaks is None else streak_text(streaks, this_week))
