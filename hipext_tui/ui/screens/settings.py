"""Settings: units, zone, week start, day start, weekly goal, rest, bell, theme, balance,
progression suggestions and ASCII marks.

Saving starts from the settings as they are and changes only the fields shown, so a
setting this form does not show (one added later, or set from the command line) is
kept as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.validation import Number
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from hipext_tui.domain.settings import THEMES, WEEK_STARTS, Settings, validate_settings
from hipext_tui.domain.workout import ValidationError
from hipext_tui.store.errors import StoreError
from hipext_tui.ui.form_keys import press_arrow, press_enter
from hipext_tui.ui.store_errors import report_store_error
from hipext_tui.ui.styles import stylesheets
from hipext_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from hipext_tui.ui.context import AppContext

# (field, label, hint) in the order shown.
FIELDS = (
    ("unit", "Weight unit", "kg or lb"),
    ("timezone", "Time zone", "type Europe/Pa.., then ->"),
    ("week_start", "Week starts", "monday or sunday"),
    ("day_start_hour", "Day starts at", "hour 0-23"),
    ("weekly_goal", "Weekly goal", "training days, 1-7"),
    ("rest_seconds", "Rest default", "seconds, 0-3600"),
    ("bell", "Rest-end bell", "rings when a rest is over"),
    ("theme", "Theme", "ansi-*: the terminal's colours"),
    ("balance_threshold", "Balance flag", "% gap left/right"),
    ("suggestions", "Suggestions", "next weight and reps"),
    ("ascii", "ASCII marks", "for old terminals and fonts"),
)
YES = {"on", "yes", "true", "y", "1"}
NO = {"off", "no", "false", "n", "0"}
SWITCHES = ("bell", "suggestions", "ascii")
# On/off settings are a two-choice Select too: a Switch is drawn in colour alone, so
# it cannot be read with NO_COLOR.
CHOICES = {
    "unit": ("kg", "lb"),
    "week_start": WEEK_STARTS,
    "theme": THEMES,
    "bell": ("on", "off"),
    "suggestions": ("on", "off"),
    "ascii": ("off", "on"),
}
NUMBER_RANGES = {
    "day_start_hour": (0, 23),
    "weekly_goal": (1, 7),
    "rest_seconds": (0, 3600),
    "balance_threshold": (1, 100),
}


def zone_names() -> list[str]:
    """Every IANA zone name this system knows, sorted, for the zone field's completion."""
    from zoneinfo import available_timezones

    return sorted(available_timezones())


def shown(settings: Settings, name: str) -> str:
    """A setting as it is typed in the form."""
    value = getattr(settings, name)
    if name in SWITCHES:
        return "on" if value else "off"
    if name == "unit":
        return str(value.value)
    return str(value)


def parse_form(values: dict[str, str], current: Settings | None = None) -> Settings:
    """The typed values as Settings; ValidationError names the first bad field.

    Settings that ``values`` does not hold keep their value in ``current``.
    """
    raw: dict[str, object] = (current or Settings()).to_dict() | dict(values)
    for name in SWITCHES:
        if name not in values:
            continue
        answer = values[name].strip().lower()
        if answer not in YES | NO:
            raise ValidationError(f"{name}: '{values[name]}' is not on or off")
        raw[name] = answer in YES
    for name in ("unit", "week_start", "theme"):
        if name in values:
            raw[name] = values[name].strip().lower()
    if "timezone" in values:
        raw["timezone"] = values["timezone"].strip()
    return validate_settings(raw)


class SettingsScreen(Screen[None]):
    """Edit the settings; Enter saves them all, Escape leaves without saving."""

    CSS_PATH = stylesheets("settings")

    AUTO_FOCUS = "#set-unit"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority key, so the footer shows it; on a list Enter still opens it.
        Binding(
            "enter",
            "enter",
            "Save",
            priority=True,
            id="settings.save",
            tooltip="Check and save every field",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            show=False,
            priority=True,
            id="settings.save_anywhere",
            tooltip="Save from any field, a list too",
        ),
        Binding("escape", "cancel", "Back", id="settings.back", tooltip="Leave without saving"),
        # Priority keys too: on a closed list Down would open it.
        Binding(
            "down",
            "arrow(1)",
            "Next",
            show=False,
            priority=True,
            id="settings.next",
            tooltip="Next field",
        ),
        Binding(
            "up",
            "arrow(-1)",
            "Prev",
            show=False,
            priority=True,
            id="settings.prev",
            tooltip="Previous field",
        ),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        """One row per setting: label, field, hint."""
        with VerticalScroll(id="settings"):
            yield Static("[b]Settings[/b]  (Tab moves, Enter saves)", id="settings-title")
            yield Static("", id="settings-error")
            for name, label, hint in FIELDS:
                with Horizontal(classes="setting-row"):
                    yield Label(label, classes="setting-label")
                    yield self._field(name)
                    yield Label(hint, classes="setting-hint")
        yield KeyBar()

    def _field(self, name: str) -> Widget:
        """A Select for a fixed choice, a Switch for on/off, a checked Input otherwise."""
        value = shown(self.ctx.settings, name)
        field_id = f"set-{name}"
        if name in CHOICES:
            options = [(choice, choice) for choice in CHOICES[name]]
            return Select(options, value=value, allow_blank=False, id=field_id, compact=True)
        if name == "timezone":
            return Input(
                value,
                id=field_id,
                compact=True,
                placeholder="system zone",
                suggester=SuggestFromList(zone_names(), case_sensitive=False),
            )
        low, high = NUMBER_RANGES[name]
        return Input(
            value,
            id=field_id,
            compact=True,
            type="integer",
            validators=[Number(minimum=low, maximum=high)],
        )

    def values(self) -> dict[str, str]:
        """What each field holds, as text for :func:`parse_form`."""
        out: dict[str, str] = {}
        for name, _, _ in FIELDS:
            widget = self.query_one(f"#set-{name}")
            if isinstance(widget, Select):
                out[name] = str(widget.value)
            else:
                out[name] = self.query_one(f"#set-{name}", Input).value
        return out

    def action_enter(self) -> None:
        """Enter saves, except on a list (it opens, or takes the highlighted choice)."""
        press_enter(self, self.action_save)

    def action_arrow(self, step: int) -> None:
        """Up/Down: the field before or after, or the choices of an open list."""
        press_arrow(self, step)

    def action_save(self) -> None:
        """Validate with the domain rules, save to the store, take effect at once."""
        try:
            settings = parse_form(self.values(), self.ctx.settings)
        except ValidationError as exc:
            self.query_one("#settings-error", Static).update(str(exc))
            field = str(exc).split(":", 1)[0].replace(" ", "_")
            if field in {name for name, _, _ in FIELDS}:
                self.query_one(f"#set-{field}").focus()
            return
        try:
            self.ctx.apply_settings(settings)
        except StoreError as exc:
            report_store_error(self, exc)
            return
        self.app.apply_theme()  # type: ignore[attr-defined]
        self.notify("Settings saved.")
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)
