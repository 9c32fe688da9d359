"""Which problems a command names: slugs, package folders, or every problem when none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from judge.catalog.discovery import BrokenProblem, Catalogue, discover, find_problem
from judge.catalog.problem import Problem
from judge.errors import UsageError


@dataclass(frozen=True, slots=True)
class Selection:
    """The problems to validate, and the packages among them that did not even load."""

    problems: tuple[Problem, ...]
    broken: tuple[BrokenProblem, ...] = ()


def select_problems(targets: Sequence[str], extra_dirs: Sequence[Path] = ()) -> Selection:
    """The problems named by slugs or package folders; every problem when there are none.

    A target that is an existing folder is a problem package (or a folder of them) and is
    loaded from there; anything else is a slug. UsageError for an unknown slug.
    """
    folders = [Path(target) for target in targets if Path(target).is_dir()]
    catalogue = discover([*extra_dirs, *folders])
    if not targets:
        return Selection(catalogue.problems, catalogue.broken)
    problems: list[Problem] = []
    broken: list[BrokenProblem] = []
    for target in targets:
        found, failed = _select_one(catalogue, target)
        problems.extend(problem for problem in found if problem not in problems)
        broken.extend(item for item in failed if item not in broken)
    return Selection(tuple(problems), tuple(broken))


def _select_one(catalogue: Catalogue, target: str) -> tuple[list[Problem], list[BrokenProblem]]:
    """The problems (and broken packages) one target names."""
    folder = Path(target)
    if not folder.is_dir():
        broken = [item for item in catalogue.broken if _names_package(item, target)]
        if broken and target not in catalogue.slugs:
            return [], broken
        if target not in catalogue.slugs and (package := _package_folder(target)) is not None:
            raise UsageError(
                f"unknown problem {target!r}, but {str(package)!r} is a problem package folder: "
                f"pass its path (judge validate {package}) or --problems-dir {package.parent}"
            )
        return [find_problem(catalogue, target)], []
    resolved = folder.resolve()
    is_package = (folder / "__init__.py").is_file()
    problems = [
        problem
        for problem in catalogue.problems
        if (problem.package_dir.resolve() if is_package else problem.package_dir.resolve().parent)
        == resolved
    ]
    broken = [
        item
        for item in catalogue.broken
        if Path(item.name).is_dir()
        and (Path(item.name).resolve() == resolved or Path(item.name).resolve().parent == resolved)
        # a built-in package passed by its folder is loaded twice: the copy is no fault
        and not (problems and item.reason.startswith("duplicate slug"))
    ]
    return problems, broken


def _package_folder(slug: str) -> Path | None:
    """A problem package folder called ``slug`` in ./problems or a folder of the current one:
    where a package `judge new` made is, and the catalogue does not look."""
    for parent in (Path("problems"), *sorted(Path().iterdir())):
        if parent.is_dir() and (parent / slug / "__init__.py").is_file():
            return parent / slug
    return None


def _names_package(item: BrokenProblem, slug: str) -> bool:
    """True when a broken package's name ends with ``slug`` (module name or folder)."""
    return item.name == slug or item.name.endswith(("." + slug, "/" + slug))
