"""The characters the app draws for calendar days and marks, in Unicode or plain ASCII.

Old terminals (the Linux console, a vt100) and some fonts lack block and circle glyphs;
there, or when the ASCII setting is on, every mark is drawn from printable ASCII.
"""

from __future__ import annotations

from hipext_tui.domain.record import record

# TERM values whose usual fonts miss the Unicode marks.
ASCII_TERMS = frozenset({"linux", "vt100", "vt102", "vt220", "dumb", "ansi"})


@record
class Glyphs:
    """One character per kind of mark."""

    levels: tuple[str, ...]  # trained days, from a little to a lot of work
    rest: str
    nothing: str
    kept: str
    header_icon: str
    ascii: bool
    paused: str = "≈"  # a day inside a pause (a trip, an injury, a taper)
    km: tuple[str, ...] = ("▁", "▃", "▅", "▇")  # a week's running, a little to a lot

    @property
    def trained(self) -> str:
        """The mark for the busiest training days (and the legend's 'trained')."""
        return self.levels[-1]


UNICODE = Glyphs(
    levels=("░", "▒", "▓", "█"), rest="○", nothing="·", kept="✓", header_icon="≡", ascii=False
)
ASCII = Glyphs(
    levels=("-", "+", "x", "#"),
    rest="o",
    nothing=".",
    kept="*",
    header_icon="=",
    ascii=True,
    paused="~",
    km=("1", "2", "3", "4"),
)


def wants_ascii(term: str | None, setting: bool) -> bool:
    """ASCII when the setting asks for it or the terminal type is an old one."""
    return setting or (term or "").strip().lower() in ASCII_TERMS


def glyphs_for(term: str | None, setting: bool) -> Glyphs:
    """The glyph set for this terminal and setting."""
    return ASCII if wants_ascii(term, setting) else UNICODE


def app_glyphs(app: object) -> Glyphs:
    """The glyphs ``app`` draws with (Unicode for an app that does not choose)."""
    chosen = getattr(app, "glyphs", UNICODE)
    return chosen if isinstance(chosen, Glyphs) else UNICODE
