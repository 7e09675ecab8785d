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
from hypothesis import settings

settings.register_profile("fixed", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile("explore" if os.environ.get("HIPEXT_LONG") == "1" else "fixed")


@pytest.fixture(autouse=True)
def private_summary_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("summary-cache") / "summaries"
    monkeypatch.setenv("HIPEXT_CACHE_DIR", str(folder))
    return folder
