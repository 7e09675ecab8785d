"""Every test gets its own summary cache folder, so none reads or fills the user's.

Property tests (hypothesis) draw the same examples on every run by default, so a run
that passes once passes again and CI never fails on a new random draw; the long run
(``HIPEXT_LONG=1``) draws new examples every time, to look for what the fixed ones miss.
A failure in either prints the example to add as an ``@example``. No example has a
deadline: the machines are shared, and a slow moment is not a bug.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Nor may the "too slow" health check, which is a timing too, fail a run.
_CALM = {"deadline": None, "print_blob": True, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("fixed", derandomize=True, **_CALM)  # type: ignore[arg-type]
settings.register_profile("explore", derandomize=False, **_CALM)  # type: ignore[arg-type]
settings.load_profile("explore" if os.environ.get("HIPEXT_LONG") == "1" else "fixed")


@pytest.fixture(autouse=True)
def private_summary_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("summary-cache") / "summaries"
    monkeypatch.setenv("HIPEXT_CACHE_DIR", str(folder))
    return folder
