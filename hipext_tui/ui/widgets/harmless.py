"""The last guard against terminal control codes from stored text (issue 9, hole 9).

Names and notes are shown as the files say, and a file may hold ESC, BEL, DEL or C1
codes (an import, a hand edit). Every line the app draws passes this filter, which
drops them: they take no cell on screen, so the layout is unchanged, and the terminal
never receives them as commands. Textual's own escape sequences are written by its
driver, after the filters, and are not touched.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class HarmlessText(LineFilter):
    """Remove terminal control characters from the text of every drawn segment."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, with control characters taken out of their text."""
        if not any(_CONTROLS.search(segment.text) for segment in segments):
            return segments
        return [
            Segment(_CONTROLS.sub("", segment.text), segment.style, segment.control)
            if not segment.control
            else segment
            for segment in segments
        ]
