"""Pin the command line's clock for a test module (``yield from pinned(NOW)``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo

import pendulum

from hipext_tui.commands import common


def pinned(now: pendulum.DateTime) -> Iterator[None]:
    """Every command sees ``now`` (in its own zone) until the test ends."""

    def clock(tz: tzinfo) -> datetime:
        return now.in_timezone(tz)  # type: ignore[arg-type]

    common.set_clock(clock)
    yield
    common.set_clock(None)
