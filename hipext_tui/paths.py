"""Where the store lives: ``--db PATH``, else ``$HIPEXT_DB``, else the user data dir."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

STORE_FILENAME = "hipext.json"


def default_data_dir() -> Path:
    """The per-user data directory (XDG on Linux), from platformdirs."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("hipext", appauthor=False))


def store_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """Resolve the store file: the flag wins, then the environment, then the data dir."""
    env = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get("HIPEXT_DB"):
        return Path(env["HIPEXT_DB"]).expanduser()
    return default_data_dir() / STORE_FILENAME


def keymap_path() -> Path:
    """Where the optional key map lives: ``keymap.toml`` in the per-user config directory."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("hipext", appauthor=False)) / "keymap.toml"
