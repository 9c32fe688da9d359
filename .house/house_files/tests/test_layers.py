"""The imports run one way: cli -> sessions -> engine -> stages -> catalogue -> sandbox.

Read from the source with ``ast`` (imports inside functions count too), so a new module that
imports against the flow fails here, not in review. docs/architecture.md draws the same layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Lowest first. A module may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("sandbox",),
    ("judge", "judge.errors", "judge.settings", "judge.report", "judge.catalog", "judge.sandboxes"),
    ("judge.correctness", "judge.complexity", "judge.style"),
    ("judge.engine",),
    ("judge.sessions", "judge.authoring"),
    ("judge.reports",),
    ("judge.cli", "judge.__main__"),
)
STAGES = ("judge.correctness", "judge.complexity", "judge.style")
# Third-party packages that one part of the house alone may import.
OWNERS = {
    "rich": "judge.reports.terminal",
    "docker": "sandbox.docker.backend",
    "typer": "judge.cli",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, at any depth of its code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layer_of(name: str) -> tuple[int, str] | None:
    """(rank, owner prefix) of the most specific layer entry ``name`` belongs to."""
    best: tuple[int, str] | None = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and (
                best is None or len(prefix) > len(best[1])
            ):
                best = (rank, prefix)
    return best


def owned_by(name: str, owner: str) -> bool:
    return name == owner or name.startswith(owner + ".")


SOURCES = sorted(path for folder in ("judge", "sandbox") for path in (REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: module_name(path))
def test_imports_run_with_the_flow(path: Path) -> None:
    """No module imports a layer above its own, and no stage imports another stage."""
    importer = module_name(path)
    importer_layer = layer_of(importer)
    assert importer_layer is not None, f"{importer} is in no layer: add it to LAYERS"
    against = []
    for name in sorted(imported(path)):
        target = layer_of(name)
        if target is None:
            continue
        if target[0] > importer_layer[0]:
            against.append(f"{name} (layer {target[0]} above {importer_layer[0]})")
        elif target[1] in STAGES and importer_layer[1] in STAGES and target[1] != importer_layer[1]:
            against.append(f"{name} (another stage)")
    assert not against, f"{importer} imports against the flow: {', '.join(against)}"


@pytest.mark.parametrize("package, owner", sorted(OWNERS.items()))
def test_a_library_is_imported_in_one_place(package: str, owner: str) -> None:
    """rich only in the terminal reports, docker only in the Docker backend, typer in the CLI."""
    outside = [
        module_name(path)
        for path in SOURCES
        if not owned_by(module_name(path), owner)
        and any(owned_by(name, package) for name in imported(path))
    ]
    assert outside == [], f"{package} is imported outside {owner}: {outside}"


def test_the_layer_test_sees_a_violation(tmp_path: Path) -> None:
    """The check itself: an import of the CLI from a stage is one it reports."""
    assert layer_of("judge.cli.app")[0] > layer_of("judge.correctness.check")[0]  # type: ignore[index]
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from judge.cli.app import run\n")
    assert "judge.cli.app" in imported(source)


def test_no_module_imports_itself_round_a_circle() -> None:
    """No import circle between modules, not even through a function-level import."""
    modules = {module_name(path): path for path in SOURCES}

    def resolve(name: str) -> str | None:
        # "from judge.report import Verdict" names judge.report.Verdict: the module is judge.report
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges = {
        name: {target for target in map(resolve, imported(path)) if target and target != name}
        for name, path in modules.items()
    }
    # a package's __init__ is not a dependency of the modules in it
    for name in edges:
        edges[name] = {t for t in edges[name] if not name.startswith(t + ".")}
    circles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 finished

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert circles == []
