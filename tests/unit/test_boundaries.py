"""The layering rules: domain/ is pure, only store/ touches tinydb, only ui/ touches textual."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "hipext_tui"


def _modules(folder: str) -> list[str]:
    return sorted(
        "hipext_tui." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in (PACKAGE / folder).rglob("*.py")
        if p.name != "__init__.py"
    )


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_load_neither_textual_nor_tinydb() -> None:
    modules = _modules("domain")
    assert "hipext_tui.domain.workout" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'tinydb'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_only_store_imports_tinydb_and_only_ui_imports_textual() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        part = path.relative_to(PACKAGE).parts[0]
        roots = _imported_roots(path)
        if "tinydb" in roots and part != "store":
            offenders.append(f"{path.relative_to(PACKAGE)} imports tinydb")
        if "textual" in roots and part != "ui":
            offenders.append(f"{path.relative_to(PACKAGE)} imports textual")
    assert offenders == []


# The store's write API: front ends reach it only through hipext_tui.workouts.
STORE_WRITES = {
    "add_session", "append_set", "log_set", "update_set", "delete_set", "delete_session",
    "finish_session", "skip_exercise", "restore_set", "restore_session", "save_settings",
    "add_rest_day", "remove_rest_day", "save_exercise", "delete_exercise", "save_routine",
    "delete_routine", "import_bundle", "update_session",
}  # fmt: skip
# The one place each front end opens the store (to hand it to the service).
STORE_OPENERS = {Path("ui/app.py"), Path("commands/common.py"), Path("ui/demo.py")}


def _store_write_calls(tree: ast.AST) -> list[str]:
    """Calls like ``store.log_set(...)`` or ``self.ctx.store.add_session(...)``."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in STORE_WRITES:
            continue
        receiver = node.func.value
        name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
        if "store" in name.lower():
            found.append(f"{name}.{node.func.attr} (line {node.lineno})")
    return found


def test_front_ends_change_the_store_only_through_the_service() -> None:
    offenders = []
    for folder in ("ui", "commands"):
        for path in (PACKAGE / folder).rglob("*.py"):
            rel = path.relative_to(PACKAGE)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [f"{rel}: {call}" for call in _store_write_calls(tree)]
            source = path.read_text(encoding="utf-8")
            if rel not in STORE_OPENERS and "Store.open(" in source:
                offenders.append(f"{rel}: opens the store itself")
            if "touch()" in source:
                offenders.append(f"{rel}: bumps a revision by hand")
    assert offenders == []


def test_the_write_check_catches_a_direct_store_write() -> None:
    tree = ast.parse("self.ctx.store.add_session(s)\nstore.log_set(a, b)\nctx.log_set(e)\n")
    assert _store_write_calls(tree) == ["store.add_session (line 1)", "store.log_set (line 2)"]
