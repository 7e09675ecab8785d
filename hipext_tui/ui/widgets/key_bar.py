"""The footer line of keys, as one widget that draws text.

Textual's Footer is a container with one widget per key; on the first screen those ten
widgets cost about as much to mount, style and lay out as the rest of the screen. This
bar draws the same line (each key in the key colour, bold, then its description) from
the screen's active bindings, in one render, and redraws only when they change.

Narrow windows: the keys are shown in the order the bindings are declared (a screen's
own keys first, then the app's); when they do not all fit, as many as fit and then ``?``
Help, which is never the one cut off, so a phone user can always open the list of
every key. A click on a key presses it;
the mouse over a key shows its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from hipext_tui.domain.record import record

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen


@record
class Shown:
    """One key on the bar."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Cells it takes, without the gap after it."""
        return len(self.display) + (1 + len(self.description) if self.description else 0)


def fit(keys: list[Shown], width: int, keep: Shown | None) -> list[Shown]:
    """The keys that fit in ``width`` cells (one cell between keys): all of them in
    order when they fit, else as many as fit in order and then ``keep`` (the help key),
    which is never the one left out."""
    if sum(k.width for k in keys) + len(keys) - 1 <= width:
        return keys
    room = width - (keep.width + 1 if keep is not None else 0)
    shown: list[Shown] = []
    used = 0
    for item in keys:
        if item is keep:
            continue
        need = item.width + (1 if shown else 0)
        if used + need > room:
            break
        shown.append(item)
        used += need
    if keep is not None and keep.width <= width:
        shown.append(keep)
    return shown


class KeyBar(Widget, can_focus=False):
    """The keys of the screen, on one line at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[Shown] = []
        self._spans: list[tuple[int, int, Shown]] = []

    def on_mount(self) -> None:
        """Follow the screen's bindings: they change with the focus and the state (the
        first render reads them)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop following."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = self.active_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def active_keys(self) -> list[Shown]:
        """The keys to show: one per action, in the order the screen declares them."""
        app = self.app
        keys: list[Shown] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            keys.append(
                Shown(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip or binding.tooltip or binding.description,
                )
            )
        return keys

    def shown(self, width: int) -> list[Shown]:
        """The keys drawn at ``width`` cells."""
        keys = self._keys or self.active_keys()
        help_key = next((k for k in keys if k.key in ("question_mark", "?")), None)
        return fit(keys, width, help_key)

    def render(self) -> Text:
        """The line: key, space, description; one cell between keys."""
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled")
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, Shown]] = []
        for item in self.shown(self.size.width):
            if line:
                line.append(" ")
            start = len(line)
            extra = dim if not item.enabled else None
            line.append(item.display, key_style + extra if extra else key_style)
            if item.description:
                line.append(" ")
                line.append(item.description, text_style + extra if extra else text_style)
            spans.append((start, len(line), item))
        self._spans = spans
        return line

    def _at(self, x: int) -> Shown | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it (a disabled one rings the bell)."""
        item = self._at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The tooltip of the key under the mouse."""
        item = self._at(event.x)
        self.tooltip = item.tooltip if item is not None else None
