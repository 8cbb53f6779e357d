"""The dependency direction of design.md, no import circles, and libraries that never read
settings."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "ingest": {"ingest"},
    "nlp": {"nlp", "ingest"},
    "search": {"search", "ingest"},
    "api": {"api", "ingest", "nlp", "search"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_what_the_design_allows(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no modules found in {package}/"
    for path in files:
        forbidden = _imported_packages(path) - ALLOWED[package]
        assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"


@pytest.mark.parametrize("package", ["ingest", "nlp", "search"])
def test_libraries_never_read_the_environment(package: str) -> None:
    for path in sorted((ROOT / package).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "os.environ" not in source and "getenv" not in source, path
        assert "pydantic_settings" not in source, path


def _modules() -> dict[str, Path]:
    """Every module of the four packages by dotted name (a package by its own name)."""
    modules = {}
    for package in ALLOWED:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(module: str, path: Path, modules: dict[str, Path]) -> Iterator[tuple[str, str]]:
    """(imported module of ours, where) for each import in `path`, wherever it stands: at
    module level, inside a function, or under `if TYPE_CHECKING:` (a circle is a circle even
    when the interpreter is spared it: the two modules still need each other)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]

    def walk(nodes: list[ast.AST], where: str) -> Iterator[tuple[str, str]]:
        for node in nodes:
            if isinstance(node, ast.Import):
                yield from ((a.name, where) for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                named = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:  # `from api import cli_exports` imports a module
                    target = f"{named}.{alias.name}"
                    target = target if target in modules else named
                    if target in modules:
                        yield target, where
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                yield from walk(node.body, "under TYPE_CHECKING")
                yield from walk(node.orelse, where)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(list(ast.iter_child_nodes(node)), "inside a function")
            else:
                yield from walk(list(ast.iter_child_nodes(node)), where)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")).body, "at module level")


def _circles(graph: dict[str, dict[str, set[str]]]) -> list[set[str]]:
    """The strongly connected components of more than one module, or of one importing itself
    (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[set[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in graph[module]:
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            component = {stack.pop()}
            while module not in component:
                component.add(stack.pop())
            if len(component) > 1 or module in graph[module]:
                circles.append(component)

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return circles


def test_no_import_circles() -> None:
    modules = _modules()
    graph: dict[str, dict[str, set[str]]] = {module: {} for module in modules}
    for module, path in modules.items():
        for target, where in _imports(module, path, modules):
            graph[module].setdefault(target, set()).add(where)
    circles = [
        "\n".join(
            f"  {m} imports {t} {' and '.join(sorted(graph[m][t]))}"
            for m in sorted(circle)
            for t in sorted(graph[m])
            if t in circle
        )
        for circle in _circles(graph)
    ]
    assert not circles, "import circles:\n" + "\n\n".join(circles)


def test_the_api_starts_without_the_nlp_models_libraries() -> None:
    """Importing spaCy takes seconds (thinc imports torch when it is installed): the server
    answers searches before any document needs analysing, so spaCy waits for the first one."""
    heavy = ("spacy", "thinc", "torch", "transformers")
    probe = (
        "import sys, api.app, api.cli; "
        f"print(sorted(name for name in {heavy!r} if name in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]", f"importing the API loads {loaded}"
