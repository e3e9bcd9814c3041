"""The import graph of ``src/thepost``: which part may use which, written once here.

Each entry says what a part (a top-level package or module of ``thepost``) may import from
the others. A domain package knows the foundations and the domains below it, never
``web``, ``app`` or the command line; ``services`` (what the running site shares) sits
under ``web``; only ``app`` chooses concrete parts; the entry points sit on top. No
module may import itself back through others (no circle), whatever the parts.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import thepost

SRC = Path(thepost.__file__).parent

FOUNDATIONS = {
    "errors", "config", "keys", "events", "permissions", "ratelimit", "terminal", "i18n",
    "localtime", "redis_client",
}  # fmt: skip
MAY_IMPORT: dict[str, set[str]] = {
    # foundations
    "errors": set(),
    "config": {"redis_client"},  # a Redis URL is checked when the settings are read
    "keys": set(),
    "events": set(),
    "redis_client": set(),
    "ratelimit": {"redis_client"},
    "terminal": set(),
    "i18n": set(),
    "localtime": set(),
    "permissions": {"errors"},
    "secret": {"config"},
    "db": {"errors"},
    # domains, each above the ones it names
    "audit": {"db"},
    "mail": {"db", "errors", "i18n"},
    "media": {"errors", "i18n"},  # its refusals (a file that is no image) are translated
    "cache": {"db", "redis_client"},
    "content": FOUNDATIONS | {"db", "media"},
    "search": FOUNDATIONS | {"db", "content"},
    "accounts": FOUNDATIONS | {"db", "audit", "mail"},
    "comments": FOUNDATIONS | {"db", "accounts", "content", "mail"},
    "webhooks": FOUNDATIONS | {"db", "accounts", "audit", "content", "mail"},
    "newsletters": FOUNDATIONS | {"db", "content", "mail"},
    "members": FOUNDATIONS | {"db", "comments", "content", "mail", "newsletters"},
    # moving in and out: maps a WordPress export onto the domains through their actions
    "wordpress": FOUNDATIONS | {"services", "db", "accounts", "comments", "content", "media"},
    # what the running site shares, and the web layer on it
    "services": FOUNDATIONS | {"cache", "media", "search"},
    "web": FOUNDATIONS
    | {"services", "db", "accounts", "audit", "comments", "content", "media", "search", "cache"}
    | {"wordpress", "webhooks", "newsletters", "members"},
    # assembly and entry points
    "ops": {"__init__", "db", "media"},
    "demo": FOUNDATIONS
    | {"services", "db", "accounts", "comments", "content", "media", "newsletters", "members"},
    "app": FOUNDATIONS
    | {"__init__", "secret", "services", "db", "audit", "mail", "media", "cache", "search"}
    | {"accounts", "comments", "content", "web", "wordpress", "webhooks", "newsletters"}
    | {"members"},
    "deploycheck": {"config", "secret"},
    "cli": FOUNDATIONS
    | {"app", "services", "config", "db", "accounts", "comments", "content", "media"}
    | {"ops", "demo", "deploycheck", "web", "wordpress", "newsletters", "mail"},
    "server": {"config"},
    "asgi": {"app", "config"},
    "__main__": {"cli"},
    "__init__": set(),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module's imports of other ``thepost`` modules (``from pkg import mod`` is an
    import of ``pkg.mod``, not of the package's ``__init__``; a view module the routes
    table names through ``web.later.Views`` counts as imported)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                subs = [f"{node.module}.{alias.name}" for alias in node.names]
                targets = [s for s in subs if s in modules] or [node.module]
            elif _later(node):  # ``Views("thepost.web.admin.users")``: imported on first use
                targets = [node.args[0].value]  # type: ignore[attr-defined]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _later(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Views"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_is_placed() -> None:
    assert {_part(m) for m in _modules()} <= set(MAY_IMPORT)


def test_no_part_imports_what_it_should_not_know() -> None:
    graph = _imports(_modules())
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if _part(target) != _part(module) and _part(target) not in MAY_IMPORT[_part(module)]
    )
    assert wrong == []


def test_no_module_imports_itself_back() -> None:
    graph = _imports(_modules())
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            circle = []
            while True:
                top = stack.pop()
                circle.append(top)
                if top == node:
                    break
            if len(circle) > 1:
                circles.append(sorted(circle))

    for module in sorted(_modules()):
        if module not in index:
            visit(module)
    assert circles == []
