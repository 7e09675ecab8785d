"""Where the store lives: ``--db PATH``, else ``$HIPEXT_DB``, else the user data dir."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

STORE_FILENAME = "hipext.json"


# The XDG variable and the folder under HOME of each kind of per-user directory.
_XDG = {
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "data": ("XDG_DATA_HOME", ".local/share"),
}


def user_dir(kind: str) -> Path:
    """platformdirs' ``user_<kind>_dir("hipext")`` (kind: cache, config or data). On
    plain Linux it is worked out here by the same XDG rule, since importing platformdirs
    costs about a tenth of ``hipext status``; elsewhere platformdirs says."""
    env = os.environ
    home = env.get("HOME", "")
    android = "ANDROID_DATA" in env and "ANDROID_ROOT" in env
    if sys.platform == "linux" and not android and os.path.isabs(home):
        variable, under_home = _XDG[kind]
        xdg = env.get(variable, "")
        return Path(xdg if os.path.isabs(xdg) else os.path.join(home, under_home), "hipext")
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")("hipext", appauthor=False))


def default_data_dir() -> Path:
    """The per-user data directory (XDG on Linux)."""
    return user_dir("data")


class PathError(ValueError):
    """A path the user gave that cannot be used as given (one line for the user)."""


def user_path(text: str) -> Path:
    """``text`` as a path, with a leading ``~`` or ``~user`` expanded; PathError when
    that home directory is unknown (``~0``, ``~nobody-here``, or no ``HOME`` at all)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        shown = text.split("/", 1)[0][:40]
        raise PathError(f"{shown}: no such home directory") from None


def store_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """Resolve the store file: the flag wins, then the environment, then the data dir."""
    env = os.environ if environ is None else environ
    if cli_value:
        return user_path(cli_value)
    if env.get("HIPEXT_DB"):
        return user_path(env["HIPEXT_DB"])
    return default_data_dir() / STORE_FILENAME


def keymap_path() -> Path:
    """Where the optional key map lives: ``keymap.toml`` in the per-user config directory."""
    return user_dir("config") / "keymap.toml"
