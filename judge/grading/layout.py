"""Which candidate submitted which file for which problem: the layout rules of `judge grade`.

SUBMISSIONS is a folder with one entry per candidate (docs/grading.md):

- ``NAME.py``: candidate NAME's one file. With one problem selected, it answers that problem;
  with several, the one whose main task it defines (else whose task functions it defines), read
  from its AST, never run.
- ``NAME/``: candidate NAME's folder, holding one ``.py`` file per problem, found as `judge
  assess` finds them (named after the slug, else by the task function it defines). Folders
  inside it are not searched, and the report says so.
- Names starting with ``.`` or ``__`` (``.git``, ``__MACOSX``, ``__pycache__``) are skipped;
  any other entry (``notes.txt``) is listed as ignored.

Anything ambiguous is that candidate's problem, never the batch's: ``alice.py`` beside
``alice/``, a file answering several problems or none, two files for one problem, a symbolic
link (never followed: it may point anywhere on the grader's machine).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from judge.catalog.problem import Problem
from judge.errors import UsageError
from judge.sessions.assess import find_solutions, subfolders
from judge.sessions.submission import MAX_SUBMISSION_BYTES, defined_names


class EntryStatus(enum.Enum):
    """Whether a candidate has a file to judge for a problem."""

    FOUND = "found"
    MISSING = "missing"  # no file for this problem: scored 0, not an error
    UNCLEAR = "unclear"  # a file may answer it, but which (or whether) is ambiguous


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate's answer to one problem: the file, or why there is none to judge."""

    problem: str
    status: EntryStatus
    path: Path | None = None
    issue: str = ""  # one line, for UNCLEAR

    def __post_init__(self) -> None:
        if (self.status is EntryStatus.FOUND) != (self.path is not None):
            raise ValueError(f"an entry has a path exactly when it is found: {self!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate: an entry per selected problem, and notes about what was not read."""

    name: str
    entries: tuple[Entry, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    """Every candidate of SUBMISSIONS, by name, and the entries that are nobody's."""

    root: Path
    candidates: tuple[Candidate, ...]
    ignored: tuple[str, ...] = ()


def read_layout(
    root: Path, problems: Sequence[Problem], not_extracted: Mapping[str, str] | None = None
) -> Layout:
    """The candidates in ``root`` for ``problems``.

    ``not_extracted`` maps an archive member's path (relative to ``root``) to why it was not
    extracted: each becomes a note, or an issue, of the candidate it belongs to.
    """
    if not root.is_dir():
        raise UsageError(
            f"{str(root)!r} is not a folder or a .zip;"
            " pass a folder of candidates (docs/grading.md)"
        )
    by_name: dict[str, list[Path]] = {}
    ignored: list[str] = []
    for path in sorted(root.iterdir()):
        if path.name.startswith((".", "__")):
            continue
        if path.is_symlink() or path.is_dir() or path.suffix == ".py":
            by_name.setdefault(path.stem if path.suffix == ".py" else path.name, []).append(path)
        else:
            ignored.append(path.name)
    skipped = _skipped_by_candidate(not_extracted or {})
    candidates = []
    for name in sorted(set(by_name) | set(skipped)):
        candidate = _candidate(name, by_name.get(name, []), problems, skipped.get(name, ()))
        candidates.append(candidate)
    return Layout(root, tuple(candidates), tuple(ignored))


def _candidate(
    name: str, paths: list[Path], problems: Sequence[Problem], skipped: tuple[str, ...]
) -> Candidate:
    if not paths:
        # Everything of this candidate's was refused at extraction.
        issue = "nothing of this candidate's could be read: " + "; ".join(skipped)
        return Candidate(name, _unclear(problems, issue), skipped)
    if len(paths) > 1:
        listed = " and ".join(_shown(path) for path in paths)
        issue = f"both {listed} exist; keep one of them"
        return Candidate(name, _unclear(problems, issue), skipped)
    (path,) = paths
    if path.is_symlink():
        issue = f"{_shown(path)} is a symbolic link, which is never followed; copy the file in"
        return Candidate(name, _unclear(problems, issue), skipped)
    if path.is_dir():
        return _folder_candidate(name, path, problems, skipped)
    return Candidate(name, _file_entries(path, problems), skipped)


def _file_entries(path: Path, problems: Sequence[Problem]) -> tuple[Entry, ...]:
    """A one-file candidate: the file answers one of ``problems``, the others are missing."""
    if len(problems) == 1:
        answered: Problem | None = problems[0]
        issue = ""
    else:
        answered, issue = _answered_problem(path, problems)
    if answered is None:
        return _unclear(problems, issue)
    return tuple(
        Entry(problem.slug, EntryStatus.FOUND, path)
        if problem is answered
        else Entry(problem.slug, EntryStatus.MISSING)
        for problem in problems
    )


def _answered_problem(path: Path, problems: Sequence[Problem]) -> tuple[Problem | None, str]:
    """The one problem a lone file answers, by the names it defines; else None and why."""
    try:
        names = defined_names(path.read_bytes()[: MAX_SUBMISSION_BYTES + 1])
    except OSError as exc:
        return None, f"{path.name} cannot be read ({exc.strerror})"
    if names is None:
        return None, f"{path.name} does not parse, so which problem it answers is unclear;" + (
            " grade it with --problem SLUG"
        )
    defining_main = [problem for problem in problems if problem.main_task.name in names]
    defining_any = [p for p in problems if any(task.name in names for task in p.tasks)]
    for matches in (defining_main, defining_any):
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            slugs = _slugs(matches)
            return None, f"{path.name} answers several problems ({slugs}); grade it with --problem"
    return None, f"{path.name} defines no task function of {_slugs(problems)}; grade with --problem"


def _folder_candidate(
    name: str, folder: Path, problems: Sequence[Problem], skipped: tuple[str, ...]
) -> Candidate:
    notes = list(skipped)
    inner = subfolders(folder)
    if inner:
        listed = ", ".join(path.name for path in inner)
        notes.append(f"folders inside {name}/ are not searched: {listed}")
    links = sorted(path.name for path in folder.glob("*.py") if path.is_symlink())
    if links:
        notes.append(f"symbolic links are never followed: {', '.join(links)}")
    try:
        solutions = find_solutions(folder, problems)
    except UsageError:
        return Candidate(name, _missing(problems), tuple(notes))
    found = {solution.problem.slug: solution for solution in solutions}
    entries = []
    for problem in problems:
        solution = found.get(problem.slug)
        if solution is None or solution.path.is_symlink():
            entries.append(Entry(problem.slug, EntryStatus.MISSING))
        elif solution.ambiguity is not None:
            entries.append(Entry(problem.slug, EntryStatus.UNCLEAR, issue=solution.ambiguity))
        else:
            entries.append(Entry(problem.slug, EntryStatus.FOUND, solution.path))
    return Candidate(name, tuple(entries), tuple(notes))


def _skipped_by_candidate(not_extracted: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    by_candidate: dict[str, list[str]] = {}
    for member, reason in sorted(not_extracted.items()):
        top = member.split("/", 1)[0]
        name = top[: -len(".py")] if top.endswith(".py") and "/" not in member else top
        if name and not name.startswith((".", "__")):
            by_candidate.setdefault(name, []).append(f"{member!r} was not extracted: {reason}")
    return {name: tuple(notes) for name, notes in by_candidate.items()}


def _unclear(problems: Sequence[Problem], issue: str) -> tuple[Entry, ...]:
    return tuple(Entry(problem.slug, EntryStatus.UNCLEAR, issue=issue) for problem in problems)


def _missing(problems: Sequence[Problem]) -> tuple[Entry, ...]:
    return tuple(Entry(problem.slug, EntryStatus.MISSING) for problem in problems)


def _shown(path: Path) -> str:
    return path.name + ("/" if path.is_dir() and not path.is_symlink() else "")


def _slugs(problems: Sequence[Problem]) -> str:
    return ", ".join(problem.slug for problem in problems)
