"""Textual's Footer, redrawn only when the keys it shows change.

Textual's Footer rebuilds all its keys (a widget each) whenever the screen says its
bindings may have changed: on mount, on resume, on every focus change. On the first
screen that happens about eight times before the user can act, each rebuild costing a
style pass over every key. This footer compares what it would show (keys, labels,
enabled or not, tooltips) with what it shows now and rebuilds only when they differ;
it looks and clicks exactly like Textual's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

from hipext_tui.ui.widgets.fit_footer import FitFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, str, bool, str], ...]


class KeyFooter(FitFooter):
    """A :class:`FitFooter` that skips rebuilds that would change nothing."""

    def __init__(self, *, compact: bool = True, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)
        self._shown: Shown | None = None
        # The screen's own keys are known when it composes: show them in its first
        # frame rather than one frame later, when the bindings signal comes.
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        """The keys to show now (remembered, to tell later whether they changed)."""
        self._shown = self.shown_keys()
        yield from super().compose()

    def shown_keys(self) -> Shown:
        """What the footer shows for the screen's active bindings now."""
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             enabled, tooltip or "")
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )  # fmt: skip

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild (after the next refresh) only if the keys to show changed."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown_keys()
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()
