"""What the screens do when a write to the store fails (disk full, read-only, locked).

The store has already rolled back and left the file on disk as it was; the screen keeps
running, says in one line that nothing was saved and why, and lets the user try again.
"""

from __future__ import annotations

from textual.widget import Widget


def report_store_error(widget: Widget, error: Exception) -> str:
    """Notify (and ring) about a failed write; returns the one-line message shown.

    Store messages start with the file's path; on a narrow status line the reason is
    what matters, so it comes first and the path last.
    """
    text = str(error)
    path, sep, reason = text.partition(": ")
    message = f"Not saved: {reason} ({path})" if sep and "/" in path else f"Not saved: {text}"
    widget.notify(message, title="Store", severity="error", timeout=20)
    widget.app.bell()
    return message
