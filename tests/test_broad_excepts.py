"""A broad `except Exception` (or bare `except`) never hides what it caught: it re-raises,
logs, or hands the exception on (a job's error, a refusal shown). A silent one once hid a
failed DescribeTasks on the images screen."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tui_export"
LOGS = {"exception", "warning", "info", "error", "debug"}


def _silent(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOGS:
            return False
        if handler.name and isinstance(node, ast.Name) and node.id == handler.name:
            return False
    return True


def _broad(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(ast.unparse(c) in ("Exception", "BaseException") for c in caught)


def test_no_broad_except_swallows_silently():
    silent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and _broad(node) and _silent(node):
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert silent == []


def test_the_check_sees_a_silent_one():
    handler = ast.parse("try:\n    f()\nexcept Exception:\n    pass\n").body[0].handlers[0]
    assert _broad(handler) and _silent(handler)
