"""Reading a candidate's file and telling which problem it solves, before any code runs.

Everything here reads the file as data: the judge parses it with ``ast`` to find the names it
defines, but never executes it (that happens only in the sandbox).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

from judge.catalog.discovery import Catalogue, find_problem
from judge.catalog.problem import Problem
from judge.errors import UsageError
from sandbox.base import Submission

# A live-coding answer is a few dozen lines; anything this big is the wrong file.
MAX_SUBMISSION_BYTES = 64 * 1024


# `judge submit -`: the file comes from standard input, under this name in reports and tracebacks.
STDIN_PATH = Path("-")
STDIN_FILENAME = "stdin.py"


def read_submission(path: Path) -> Submission:
    """The file at ``path`` (``-``: standard input) as a Submission; UsageError (one line) when
    it cannot be one."""
    if path == STDIN_PATH:
        return _checked(_read_stdin(), STDIN_FILENAME, "standard input")
    if not path.exists():
        raise UsageError(f"no such file: {str(path)!r}; pass the path of your solution file")
    if path.is_dir():
        raise UsageError(f"{str(path)!r} is a directory; pass the path of your solution file")
    try:
        size = path.stat().st_size
        if size > MAX_SUBMISSION_BYTES:
            raise UsageError(
                f"{str(path)!r} is {size:,} bytes, over the {MAX_SUBMISSION_BYTES // 1024} KiB "
                "limit for a solution; submit the one file with your solution"
            )
        source = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {str(path)!r} ({exc.strerror}); check the path") from exc
    return _checked(source, path.name, repr(str(path)))


def _read_stdin() -> bytes:
    """Standard input, read to its end but never past the size limit."""
    try:
        return sys.stdin.buffer.read(MAX_SUBMISSION_BYTES + 1)
    except (OSError, AttributeError, ValueError) as exc:
        raise UsageError(f"cannot read standard input ({exc}); pass a file instead of -") from exc


def _checked(source: bytes, filename: str, shown: str) -> Submission:
    """``source`` as a Submission once it is text a solution can be; ``shown`` names it."""
    if len(source) > MAX_SUBMISSION_BYTES:  # a file that grew after stat(), or a long stdin
        raise UsageError(f"{shown} is over the {MAX_SUBMISSION_BYTES // 1024} KiB limit")
    if not source.strip():
        raise UsageError(f"{shown} is empty; write your solution in it first")
    if b"\0" in source:
        raise UsageError(f"{shown} is a binary file; pass your Python source file")
    try:
        source.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    return Submission(filename=filename, source=source)


def infer_problem(path: Path, submission: Submission, catalogue: Catalogue) -> Problem:
    """The problem a file solves: its stem names a problem, else the task names it defines.

    A file defining the main task of exactly one problem solves that problem; failing that, a file
    defining any task of exactly one problem solves it. Anything else is a UsageError that lists
    the candidates and asks for ``--problem``.
    """
    problems = list(catalogue.problems)
    by_slug = {problem.slug: problem for problem in problems}
    if path.stem in by_slug:
        return find_problem(catalogue, path.stem)
    names = defined_names(submission.source)
    if names is None:
        raise UsageError(
            f"cannot tell which problem {submission.filename!r} solves (it does not parse); "
            f"pass --problem, one of: {_slugs(problems)}"
        )
    defining_main = [p for p in problems if p.main_task.name in names]
    defining_any = [p for p in problems if any(task.name in names for task in p.tasks)]
    for matches in (defining_main, defining_any):
        if len(matches) == 1:
            return matches[0]
    if defining_any:
        raise UsageError(
            f"{submission.filename!r} defines task functions of several problems "
            f"({_slugs(defining_any)}); pass --problem with one of them"
        )
    raise UsageError(
        f"{submission.filename!r} defines none of the task functions "
        f"({', '.join(sorted(task.name for p in problems for task in p.tasks))}); "
        f"name your function as the spec says or pass --problem, one of: {_slugs(problems)}"
    )


def defined_names(source: bytes) -> frozenset[str] | None:
    """Names bound at the top level of the module (defs, classes, assignments, imports).

    None when the source does not parse (or is nested too deeply to). Bodies of top-level
    ``if``/``try``/``with``/``for`` blocks count too: they run at import like the rest of the
    module.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return None
    return frozenset(_bound_names(tree.body))


def _bound_names(statements: Iterable[ast.stmt]) -> Iterable[str]:
    for statement in statements:
        match statement:
            case (
                ast.FunctionDef(name=name)
                | ast.AsyncFunctionDef(name=name)
                | ast.ClassDef(name=name)
            ):
                yield name
            case ast.Assign(targets=targets):
                for target in targets:
                    yield from _target_names(target)
            case ast.AnnAssign(target=target) | ast.AugAssign(target=target):
                yield from _target_names(target)
            case ast.Import(names=aliases) | ast.ImportFrom(names=aliases):
                for alias in aliases:
                    yield alias.asname or alias.name.split(".")[0]
            case ast.If() | ast.For() | ast.While() | ast.With() | ast.Try():
                for block in ("body", "orelse", "finalbody"):
                    yield from _bound_names(getattr(statement, block, ()))
                for handler in getattr(statement, "handlers", ()):
                    yield from _bound_names(handler.body)


def _target_names(target: ast.expr) -> Iterable[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


def _slugs(problems: Iterable[Problem]) -> str:
    return ", ".join(sorted(problem.slug for problem in problems))
