"""No import cycles between the modules of tui_export (docs/internals.md: one idea a file).

The graph is read from the source with ast: every `import`, at the top or inside a function
(a lazy import hides a cycle, it doesn't remove it), except those under `if TYPE_CHECKING:`,
which never run. One exception: inside `tui_export.ui`, screens may open each other (a dialog
offers the screen that opened it); such a cycle is allowed only where one of its imports sits
inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui_export"

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str, path: Path, modules: dict[str, Path] = MODULES) -> dict[str, bool]:
    """{imported tui_export module: imported at module level}."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, bool] = {}

    def add(target: str, top: bool) -> None:
        if target != name:
            found[target] = found.get(target, False) or top

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit_node(other, top)
            else:
                visit_node(child, top)

    def visit_node(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    add(alias.name, top)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:      # `from pkg import module`
                    add(f"{base}.{alias.name}", top)
                elif base in modules:
                    add(base, top)
        else:
            inner = top and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            visit(node, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    return found


def cycles(graph: dict[str, dict[str, bool]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _allowed(component: list[str], graph: dict[str, dict[str, bool]]) -> bool:
    if all(m.startswith("tui_export.ui.") for m in component):
        inside = set(component)
        # at least one edge of the cycle is a lazy import: the screens open each other at run time
        return any(not top for m in component for target, top in graph[m].items() if target in inside)
    return False


def test_no_import_cycles():
    graph = {name: imports_of(name, path) for name, path in MODULES.items()}
    bad = [c for c in cycles(graph) if not _allowed(c, graph)]
    assert bad == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in bad)


def test_the_check_sees_a_cycle(tmp_path):
    """The graph catches a lazy import closing a cycle, and ignores TYPE_CHECKING imports."""
    pkg = tmp_path / "tui_export" / "demo"
    pkg.mkdir(parents=True)
    (pkg / "a.py").write_text("from tui_export.demo.b import x\n")
    (pkg / "b.py").write_text("def f():\n    from tui_export.demo import a\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tui_export.demo import a\n")
    names = {"tui_export.demo.a": pkg / "a.py", "tui_export.demo.b": pkg / "b.py", "tui_export.demo.c": pkg / "c.py"}
    graph = {n: imports_of(n, p, names) for n, p in names.items()}
    assert graph["tui_export.demo.b"] == {"tui_export.demo.a": False}
    assert graph["tui_export.demo.c"] == {}
    assert cycles(graph) == [["tui_export.demo.a", "tui_export.demo.b"]]
