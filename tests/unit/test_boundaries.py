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
