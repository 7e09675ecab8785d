"""Every test gets its own summary cache folder, so none reads or fills the user's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_summary_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = tmp_path_factory.mktemp("summary-cache") / "summaries"
    monkeypatch.setenv("HIPEXT_CACHE_DIR", str(folder))
    return folder
