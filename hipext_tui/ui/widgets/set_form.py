"""The guided view's set form: reps, weight, an optional RPE and a warm-up toggle.

The screen fills it with an :class:`Offer` (the suggestion, the last set, or the set
being edited) and reads it back with :meth:`SetForm.read`, which parses every field with
the domain's ``parse_*`` functions and raises :class:`FieldError` naming the field to
focus. A weight offered in another unit than the form's (a 20 kg set shown as 44.1 lb)
is logged exactly as it was (20 kg) when the field is left as offered, so a round trip
through the other unit changes nothing (issue 11, fix 3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from hipext_tui.domain.format import format_number
from hipext_tui.domain.record import record
from hipext_tui.domain.workout import (
    LB_PER_KG,
    SetType,
    Unit,
    ValidationError,
    parse_reps,
    parse_rpe,
    parse_weight,
)

FIELDS = ("reps", "weight", "rpe")
T = TypeVar("T")


@record
class Offer:
    """What the form holds before the user types: ``weight`` is in ``unit`` (None:
    bodyweight); ``why`` is the suggestion's reason and ``previous`` the last time, one
    line each (blank: not shown)."""

    reps: int
    weight: float | None
    unit: Unit
    rpe: float | None = None
    warmup: bool = False
    why: str = ""
    previous: str = ""


@record
class Values:
    """A valid form: the weight in ``unit`` (the offered unit when left as offered)."""

    reps: int
    weight: float | None
    unit: Unit
    rpe: float | None
    set_type: SetType


class FieldError(ValidationError):
    """A bad field: ``str()`` is the one-line message, ``field`` the Input's id."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def weight_text(weight: float | None, unit: Unit, shown_in: Unit) -> str:
    """A weight as the field shows it in ``shown_in`` (exact in its own unit, else to 0.1)."""
    if not weight:
        return ""
    if unit is shown_in:
        return format_number(weight)
    converted = weight * LB_PER_KG if shown_in is Unit.LB else weight / LB_PER_KG
    return format_number(round(converted, 1))


def show_line(line: Static, text: str) -> None:
    """Put ``text`` on ``line``, hidden while blank (a narrow screen has no row to spare)."""
    line.update(text)
    # A class, not the display attribute: an inline display would win over the rules
    # that hide these lines on a narrow screen while resting.
    line.set_class(not text, "-blank")


class SetForm(Vertical):
    """The fields of one set, the warm-up toggle and the lines that explain the offer."""

    def __init__(self, unit: Unit, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.unit = unit
        self.warmup = False
        self._offer: Offer | None = None
        self._offered: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """Three fields, the warm-up line, the reason and the last time, then messages."""
        for field, label, placeholder in (
            ("reps", "Reps", ""),
            ("weight", f"Weight {self.unit.value}", "none"),
            ("rpe", "RPE (e)", "optional"),
        ):
            with Horizontal(classes="entry-row"):
                yield Label(label, classes="entry-label")
                yield Input(id=field, compact=True, placeholder=placeholder, select_on_focus=True)
        yield Static("", id="entry-warmup")
        yield Static("", id="entry-why")
        yield Static("", id="entry-prev")
        yield Static("", id="entry-hint")
        yield Static("", id="entry-error")
        yield Static("", id="entry-note")

    # -- filling ----------------------------------------------------------------------
    def fill(self, offer: Offer) -> None:
        """Put ``offer`` in the fields (typing replaces a prefilled value)."""
        self._offer = offer
        self._offered = {
            "reps": str(offer.reps),
            "weight": weight_text(offer.weight, offer.unit, self.unit),
            "rpe": format_number(offer.rpe) if offer.rpe is not None else "",
        }
        for field, text in self._offered.items():
            box = self.box(field)
            box.value = text
            box.select_all()
        self.set_warmup(offer.warmup)
        self.explain(offer.why, offer.previous)
        self.error("")

    def explain(self, why: str, previous: str) -> None:
        """The suggestion's reason and the last time (each line hidden while blank)."""
        for line_id, text in (("#entry-why", why), ("#entry-prev", previous)):
            if line_id == "#entry-prev" and text:
                text = f"Last time: {text}"
            show_line(self.query_one(line_id, Static), text)

    @property
    def typed(self) -> bool:
        """True once a field differs from what was offered (then an offer arriving
        later, such as the suggestion, leaves the fields alone)."""
        return any(self.box(f).value != self._offered.get(f, "") for f in FIELDS)

    def set_warmup(self, on: bool) -> None:
        """Mark the set as a warm-up (never a record, never counted as a set of the plan)."""
        self.warmup = on
        text = "Warm-up set: yes (w: no)" if on else "Warm-up set: no (w: yes)"
        line = self.query_one("#entry-warmup", Static)
        line.update(text)
        line.set_class(on, "-on")

    def box(self, field: str) -> Input:
        """One of the three fields."""
        return self.query_one(f"#{field}", Input)

    def hint(self, text: str) -> None:
        """The grey line that says what the keys do where the focus is."""
        self.query_one("#entry-hint", Static).update(text)

    def error(self, message: str) -> None:
        """The red line (blank clears it)."""
        show_line(self.query_one("#entry-error", Static), message)

    def note(self, message: str) -> None:
        """The green line (blank clears it)."""
        show_line(self.query_one("#entry-note", Static), message)

    # -- reading ----------------------------------------------------------------------
    def read(self) -> Values:
        """The form's values; :class:`FieldError` for the first bad field."""
        reps = self._parse("reps", parse_reps)
        weight_raw = self.box("weight").value
        offer = self._offer
        if offer is not None and weight_raw == self._offered.get("weight"):
            # Left as offered: the exact weight in the unit it came in.
            weight, unit = (offer.weight or None), offer.unit
        else:
            weight, unit = self._parse("weight", parse_weight), self.unit
        rpe = self._parse("rpe", parse_rpe)
        kind = SetType.WARMUP if self.warmup else SetType.WORKING
        return Values(reps, weight, unit if weight else self.unit, rpe, kind)

    def _parse(self, field: str, parse: Callable[[str], T]) -> T:
        try:
            return parse(self.box(field).value)
        except ValidationError as exc:
            raise FieldError(field, str(exc)) from None
