"""What the screens do when a write to the store fails (disk full, read-only, locked).

The store has already rolled back and left the file on disk as it was; the screen keeps
running, says in one line that nothing was saved and why, and lets the user try again.
"""

from __future__ import annotations

from textual.widget import Widget


def report_store_error(widget: Widget, error: Exception) -> str:
    """Notify (and ring) about a failed write; returns the one-line message shown."""
    message = f"Not saved: {error}"
    widget.notify(message, title="Store", severity="error", timeout=20)
    widget.app.bell()
    return message
