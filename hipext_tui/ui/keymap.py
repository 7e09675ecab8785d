"""The user's key map: ``keymap.toml`` beside the config, binding id = keys.

    # ~/.config/hipext/keymap.toml
    "picker.history" = "h,y"     # add y for the history
    "history.rest" = "p"

Every Binding has an ``id`` (the README lists the common ones); Textual's keymap
support replaces that binding's keys. A file that cannot be read, or
an entry that is not an id or not a string of keys, gives one line of warning and is
left out; the app always starts.
"""

from __future__ import annotations

import tomllib
from pathlib import Path


def load_keymap(path: Path, known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The usable entries of the key map at ``path``, and one problem per bad entry."""
    if not path.is_file():
        return {}, []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, [f"{path}: not read ({reason})"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in raw.items():
        if binding_id not in known_ids:
            problems.append(f"{path}: no key has the id {binding_id!r}")
        elif not isinstance(keys, str) or not keys.strip() or any(c.isspace() for c in keys):
            problems.append(f'{path}: {binding_id} needs keys like "h" or "h,y"')
        else:
            keymap[binding_id] = keys
    return keymap, problems


def binding_ids() -> set[str]:
    """The id of every Binding of hipext's screens, dialogs and widgets."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import hipext_tui.ui.screens
    import hipext_tui.ui.widgets

    for package in (hipext_tui.ui.screens, hipext_tui.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    ids: set[str] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("hipext_tui."):
            ids.update(
                b.id for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding) and b.id
            )
    return ids
