"""The start-up baseline: the smallest Textual app that draws something (one Static)."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare app ready"


class BareApp(App[None]):
    """One Static and nothing else."""

    def compose(self) -> ComposeResult:
        """The only widget."""
        yield Static(MARKER)


if __name__ == "__main__":
    BareApp().run()
