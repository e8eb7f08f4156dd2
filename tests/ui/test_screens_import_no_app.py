"""Screens follow the app through messages and hooks, never by importing the App module (issue #9)."""

import ast
from pathlib import Path

import tui_export.ui as ui_pkg

APP_MODULE = "tui_export.ui.app"


def _imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:   # relative: resolve against tui_export.ui.screens
                parts = "tui_export.ui.screens".split(".")[: len("tui_export.ui.screens".split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_no_screen_imports_the_app_module():
    root = Path(ui_pkg.__file__).parent / "screens"
    files = sorted(root.rglob("*.py"))
    assert files, "no screen modules found"
    offenders = {str(f.relative_to(root)): sorted(n for n in _imports_of(f) if n == APP_MODULE)
                 for f in files}
    offenders = {f: names for f, names in offenders.items() if names}
    assert offenders == {}
