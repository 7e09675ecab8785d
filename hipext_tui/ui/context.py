"""The state every screen shares: the workout service over the open store.

An :class:`AppContext` is the :class:`hipext_tui.workouts.Workouts` service, built by
the app once the store has been opened (in a worker, after the first paint) and handed
to each screen's constructor, e.g. ``HistoryScreen(ctx)``. Screens read and write
through it and never open files, read the real clock or pick a time zone themselves,
so tests can inject all three.
"""

from __future__ import annotations

from hipext_tui.workouts import Clock, Workouts

AppContext = Workouts

__all__ = ["AppContext", "Clock"]
