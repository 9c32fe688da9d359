"""`judge new`: write a fresh problem package from the templates, for an author to fill in.

The package imports and is discovered as it is, and fails `judge validate` until every
``TODO(author)`` marker is gone and every stub that raises NotImplementedError is written.
"""

from __future__ import annotations

import enum
import keyword
import re
import shlex
import string
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from judge.catalog.discovery import Catalogue
from judge.errors import UsageError

# Slugs name a folder, a Python package and (at first) the task function, and appear in
# commands: lower-case snake case keeps them all valid and easy to type.
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_TEMPLATE_SUFFIX = ".tmpl"
# What the templates put wherever the author has something to write: validate fails on it.
TODO_MARKER = "TODO(author)"


class Kind(enum.Enum):
    """What ``judge new --kind`` scaffolds: the kinds of task docs/adding-a-problem.md teaches."""

    FUNCTION = "function"  # one call, one answer, equal to the reference's
    CLASS = "class"  # a class driven by a sequence of method calls
    CHECKER = "checker"  # one call, judged by a checker (several right answers, a tolerance)
    IN_PLACE = "in-place"  # one call that changes its argument: the state after it is judged


# What each kind adds to the template's Task(...): imports, the example's expected value and
# the Task's extra fields (each with a TODO(author) where the author decides).
_KIND_FIELDS = {
    Kind.FUNCTION: ("", "0", ""),
    Kind.CLASS: (
        ", TaskKind",
        "[0]",
        "\n            # TODO(author): the reference is a class; list the methods the operations"
        "\n            # call, and draw (constructor_args, ((method, args), ...)) in strategies.py."
        '\n            kind=TaskKind.CLASS,\n            methods=("method",),',
    ),
    Kind.CHECKER: (
        "\nfrom judge.catalog.checkers import Unordered",
        "[0]",
        "\n            # TODO(author): the checker (judge.catalog.checkers): Unordered(),"
        "\n            # NestedUnordered(), Tolerance(abs_tol=, rel_tol=) or Custom(function)."
        "\n            checker=Unordered(),",
    ),
    Kind.IN_PLACE: (
        "",
        "(None, [1, 2, 3])",
        "\n            # The answer is (return value, nums after the call): examples state it so."
        "\n            # TODO(author): name every parameter the task changes in place."
        '\n            in_place=("nums",),',
    ),
}


@dataclass(frozen=True, slots=True)
class Scaffold:
    """A freshly written problem package: where it is and the files it holds."""

    slug: str
    package_dir: Path
    files: tuple[Path, ...]


def default_parent(cwd: Path) -> Path:
    """Where `judge new` writes without --dir: ``problems`` when ``cwd`` has it, else ``cwd``.

    Relative to ``cwd`` (``problems`` or ``.``), so messages show short paths.
    """
    return Path("problems") if (cwd / "problems").is_dir() else Path()


def check_slug(slug: str, catalogue: Catalogue) -> None:
    """UsageError unless ``slug`` is a valid, unused problem slug."""
    if not _SLUG.fullmatch(slug) or keyword.iskeyword(slug):
        raise UsageError(
            f"invalid problem slug {slug!r}; use lower-case letters, digits and underscores, "
            "starting with a letter (it names a Python package)"
        )
    if slug in catalogue.slugs:
        raise UsageError(f"a problem called {slug!r} already exists; choose another slug")


def parse_kind(text: str) -> Kind:
    """The kind ``--kind`` names; UsageError listing the kinds otherwise."""
    try:
        return Kind(text)
    except ValueError:
        kinds = ", ".join(kind.value for kind in Kind)
        raise UsageError(f"unknown task kind {text!r}; use one of: {kinds}") from None


def scaffold(slug: str, parent: Path, kind: Kind = Kind.FUNCTION) -> Scaffold:
    """Write the package ``parent/slug`` of a ``kind`` task from the templates; UsageError if it
    cannot be made."""
    package_dir = parent / slug
    if package_dir.exists():
        raise UsageError(f"{str(package_dir)!r} already exists; choose another slug or folder")
    if parent.exists() and not parent.is_dir():
        raise UsageError(f"{str(parent)!r} is not a folder; pass a folder with --dir")
    imports, expected, kind_fields = _KIND_FIELDS[kind]
    values = {
        "slug": slug,
        "task": slug,
        "title": slug.replace("_", " ").capitalize(),
        "imports": imports,
        "expected": expected,
        "kind_fields": kind_fields,
    }
    written: list[Path] = []
    for relative, template in _templates(
        resources.files("judge.authoring") / "templates" / "problem"
    ):
        target = package_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(string.Template(template.read_text("utf-8")).substitute(values), "utf-8")
        written.append(target)
    return Scaffold(slug=slug, package_dir=package_dir, files=tuple(sorted(written)))


def validate_command(created: Scaffold, cwd: Path) -> str:
    """The command that validates the new package, as the author types it in ``cwd``."""
    package_dir = created.package_dir.resolve()
    try:
        shown = package_dir.relative_to(cwd.resolve())
    except ValueError:  # written outside the working directory
        shown = package_dir
    return f"judge validate {shlex.quote(str(shown))}"


def _templates(folder: Traversable, prefix: Path = Path()) -> list[tuple[Path, Traversable]]:
    """Every ``*.tmpl`` under ``folder``, with the relative path it is written to."""
    found: list[tuple[Path, Traversable]] = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found.extend(_templates(entry, prefix / entry.name))
        elif entry.name.endswith(_TEMPLATE_SUFFIX):
            found.append((prefix / entry.name.removesuffix(_TEMPLATE_SUFFIX), entry))
    return found
