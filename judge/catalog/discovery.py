"""Find problems by discovery: there is no list to edit.

Three sources, in this order: every subpackage of the built-in ``problems`` package, every entry
point in the ``judge.problems`` group (installed problem sets), and the folders the user passes
with ``--problems-dir``. A malformed package becomes a BrokenProblem with a one-line reason; it
never stops the others from loading.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import problems as builtin_problems
from judge.catalog.problem import Problem
from judge.errors import UsageError

if TYPE_CHECKING:
    import importlib.metadata

ENTRY_POINT_GROUP = "judge.problems"
# The pack of the problems in the judge's own ``problems`` package.
BUILTIN_PACK = "builtin"
# A distribution named judge-<pack> (judge-classic) is the pack <pack> (classic).
_DISTRIBUTION_PREFIX = "judge-"


@dataclass(frozen=True, slots=True)
class BrokenProblem:
    """A problem package that could not be loaded: where it was found, and why it failed."""

    name: str  # module name, folder, or entry point: whatever lets the author find it
    reason: str  # one line


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every problem found, in discovery order, and every package that failed to load."""

    problems: tuple[Problem, ...]
    broken: tuple[BrokenProblem, ...] = ()
    # The pack each problem comes from, one per problem: BUILTIN_PACK, an installed pack's name
    # (its distribution's, less "judge-"), or the --problems-dir folder it was found in.
    # Empty: every problem is built-in.
    packs: tuple[str, ...] = ()
    # The installed packs among them, in discovery order.
    installed_packs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.packs and len(self.packs) != len(self.problems):
            raise ValueError("a catalogue names one pack per problem")

    @property
    def slugs(self) -> tuple[str, ...]:
        """The slugs of the loaded problems, in discovery order."""
        return tuple(problem.slug for problem in self.problems)

    def pack_of(self, problem: Problem) -> str:
        """The pack ``problem`` comes from."""
        if not self.packs:
            return BUILTIN_PACK
        for known, pack in zip(self.problems, self.packs, strict=True):
            if known is problem:
                return pack
        raise ValueError(f"problem {problem.slug!r} is not in this catalogue")

    def in_packs(self, packs: Sequence[str]) -> tuple[Problem, ...]:
        """The problems of ``packs``; UsageError for a pack no installed distribution provides."""
        known = (BUILTIN_PACK, *self.installed_packs)
        for pack in packs:
            if pack not in known:
                raise UsageError(
                    f"unknown pack {pack!r}; the packs are {', '.join(map(repr, known))}. "
                    "Run 'judge list' to see which problem comes from which."
                )
        return tuple(p for p in self.problems if self.pack_of(p) in packs)

    @property
    def default_set(self) -> tuple[Problem, ...]:
        """What `judge assess` scores without --pack or --problem: the built-in problems and
        those of --problems-dir, not the installed packs' (so their rubric stays as it is)."""
        installed = set(self.installed_packs)
        return tuple(p for p in self.problems if self.pack_of(p) not in installed)


@dataclass(frozen=True, slots=True)
class _Found:
    """One candidate from a source: the loaded problem, or why there is none."""

    name: str
    problem: Problem | None
    reason: str = ""
    pack: str = BUILTIN_PACK
    installed: bool = False  # from an installed pack's entry point


def discover(extra_dirs: Sequence[Path] = ()) -> Catalogue:
    """Load every built-in, installed and extra problem; raise UsageError for a missing folder."""
    for folder in extra_dirs:
        if not folder.is_dir():
            raise UsageError(
                f"problems directory {str(folder)!r} does not exist; "
                "pass a folder of problem packages or one problem package"
            )
    found = [*_builtin(), *_entry_points()]
    for folder in extra_dirs:
        found.extend(_from_directory(folder))
    return _catalogue(found)


def find_problem(catalogue: Catalogue, slug: str) -> Problem:
    """The problem called ``slug``; UsageError suggesting the closest slugs when there is none."""
    for problem in catalogue.problems:
        if problem.slug == slug:
            return problem
    close = difflib.get_close_matches(slug, catalogue.slugs, n=3)
    hint = "Run 'judge list' to see all problems."
    if not close:
        raise UsageError(f"unknown problem {slug!r}. {hint}")
    quoted = [repr(match) for match in close]
    alternatives = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    raise UsageError(f"unknown problem {slug!r}; did you mean {alternatives}? {hint}")


def chosen_problems(
    catalogue: Catalogue, packs: Sequence[str], slugs: Sequence[str]
) -> tuple[Problem, ...]:
    """The problems of ``packs`` and those called ``slugs``, in catalogue order; the default set
    when both are empty. UsageError for an unknown pack or slug."""
    if not packs and not slugs:
        return catalogue.default_set
    chosen = {problem.slug for problem in catalogue.in_packs(packs)}
    chosen.update(find_problem(catalogue, slug).slug for slug in slugs)
    return tuple(problem for problem in catalogue.problems if problem.slug in chosen)


def _catalogue(found: Sequence[_Found]) -> Catalogue:
    """Keep the first problem of each slug; a later one with the same slug is broken."""
    loaded: dict[str, str] = {}  # slug -> name of the package that defined it
    problems: list[Problem] = []
    packs: list[str] = []
    broken: list[BrokenProblem] = []
    for item in found:
        if item.problem is None:
            broken.append(BrokenProblem(item.name, item.reason))
        elif item.problem.slug in loaded:
            first = loaded[item.problem.slug]
            reason = f"duplicate slug {item.problem.slug!r}, already defined by {first}"
            broken.append(BrokenProblem(item.name, reason))
        else:
            loaded[item.problem.slug] = item.name
            problems.append(item.problem)
            packs.append(item.pack)
    installed = dict.fromkeys(item.pack for item in found if item.installed and item.problem)
    return Catalogue(
        problems=tuple(problems),
        broken=tuple(broken),
        packs=tuple(packs),
        installed_packs=tuple(installed),
    )


def _builtin() -> Iterator[_Found]:
    """Every subpackage of the ``problems`` package, in name order."""
    prefix = builtin_problems.__name__ + "."
    modules = sorted(pkgutil.iter_modules(builtin_problems.__path__, prefix), key=lambda m: m.name)
    for module_info in modules:
        if module_info.ispkg:
            yield _checked(
                module_info.name, functools.partial(importlib.import_module, module_info.name)
            )
    for folder in builtin_problems.__path__:
        yield from _without_init(Path(folder), prefix)


def _without_init(folder: Path, module_prefix: str | None = None) -> Iterator[_Found]:
    """Subfolders that look like problem packages but lack the __init__.py that would load them.

    They are named as their module would be (``problems.foo``) or else by their path.
    """
    for child in sorted(folder.iterdir()):
        looks_like_problem = (child / "spec.md").is_file() or (child / "reference.py").is_file()
        if looks_like_problem and not (child / "__init__.py").is_file():
            name = module_prefix + child.name if module_prefix else str(child)
            yield _Found(name, None, "no __init__.py (it must define PROBLEM)")


def _entry_points() -> Iterator[_Found]:
    """Every entry point of the ``judge.problems`` group: a Problem, or a module with PROBLEM."""
    # Imported here: ~15 ms that `judge submit` would otherwise pay before its sandbox starts.
    import importlib.metadata

    for entry_point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
    ):
        found = _checked(f"entry point {entry_point.name} ({entry_point.value})", entry_point.load)
        yield dataclasses.replace(found, pack=_pack_name(entry_point), installed=True)


def _pack_name(entry_point: importlib.metadata.EntryPoint) -> str:
    """The pack an entry point belongs to: its distribution's name less "judge-" (judge-classic
    is classic), or the entry point's module's top package when no distribution is known."""
    if entry_point.dist is None:
        return entry_point.value.split(".")[0].split(":")[0]
    return entry_point.dist.name.removeprefix(_DISTRIBUTION_PREFIX)


def _from_directory(folder: Path) -> Iterator[_Found]:
    """The problem package ``folder`` itself, or every problem package directly inside it."""
    if (folder / "__init__.py").is_file():
        found = _checked(str(folder), functools.partial(_import_path, folder))
        yield dataclasses.replace(found, pack=str(folder.parent))
        return
    packages = sorted(child for child in folder.iterdir() if (child / "__init__.py").is_file())
    unfinished = list(_without_init(folder))
    if not packages and not unfinished:
        reason = "no problem packages here (a problem package is a folder with __init__.py)"
        yield _Found(str(folder), None, reason)
    for package in packages:
        found = _checked(str(package), functools.partial(_import_path, package))
        yield dataclasses.replace(found, pack=str(folder))
    yield from unfinished


def _checked(name: str, load: Callable[[], object]) -> _Found:
    """Load a problem source and check it is a usable Problem; any failure becomes a reason."""
    try:
        loaded = load()
    except Exception as exc:  # a broken package must never break the others
        return _Found(name, None, f"import failed: {_one_line(exc)}")
    if isinstance(loaded, ModuleType):
        if not hasattr(loaded, "PROBLEM"):
            defined_in = Path(loaded.__file__).name if loaded.__file__ else loaded.__name__
            return _Found(name, None, f"{defined_in} defines no PROBLEM")
        loaded = loaded.PROBLEM
    if not isinstance(loaded, Problem):
        kind = type(loaded).__name__
        return _Found(name, None, f"PROBLEM is not a judge.catalog.problem.Problem but a {kind}")
    if not loaded.spec_path.is_file():
        return _Found(name, None, f"spec.md missing (expected at {loaded.spec_path})")
    return _Found(name, loaded)


def _one_line(exc: BaseException) -> str:
    """``Type: message``, cut to the message's first line."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _import_path(package_dir: Path) -> ModuleType:
    """Import a problem package from its folder under a name no other folder can share."""
    resolved = package_dir.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    name = f"_judge_problem_{digest}_{resolved.name}"
    # Forget a previous import of this folder (and its submodules, which relative imports
    # would otherwise reuse) so the package is read as it is now.
    for loaded_name in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
        del sys.modules[loaded_name]
    spec = importlib.util.spec_from_file_location(
        name, resolved / "__init__.py", submodule_search_locations=[str(resolved)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import a package from {resolved}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running it, so "from . import reference" finds its parent package.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
