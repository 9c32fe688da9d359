"""The reference solution `judge solution` shows: its source and a short explanation.

The explanation is the package's ``solution.md``: the idea, the invariant that makes it right, and
why it meets the target complexity (``SOLUTION_SECTIONS``). It is a file of its own, not a
section of spec.md, because `judge show` and `judge practice` print the spec before it is solved.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from judge.catalog.problem import Problem
from judge.catalog.spec import read_spec
from judge.errors import ProblemError

SOLUTION_FILE = "solution.md"
SOLUTION_SECTIONS = ("Idea", "Invariant", "Why it meets the target")
# Without a solution.md (a package written before it), the spec says at least why it is fast.
_FALLBACK_SECTION = "Target complexity"


@dataclass(frozen=True, slots=True)
class ReferenceSolution:
    """A problem's reference source, with the explanation to show above it (Markdown)."""

    source: str
    explanation: str


def reference_solution(problem: Problem) -> ReferenceSolution:
    """The reference of ``problem``, explained by its package's solution.md.

    Without one: the spec's Target complexity section, else the reference module's docstring.
    """
    path = problem.package_dir / "reference.py"
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(
            f"cannot read the reference of {problem.slug!r} at {str(path)!r}: {exc}"
        ) from exc
    explanation = _solution_text(problem)
    if not explanation:
        try:
            explanation = read_spec(problem.spec_path).section(_FALLBACK_SECTION)
        except (KeyError, ProblemError):
            explanation = ""
    if not explanation.strip():
        explanation = ast.get_docstring(ast.parse(source)) or ""
    return ReferenceSolution(source=source, explanation=explanation.strip())


def _solution_text(problem: Problem) -> str:
    """The package's solution.md, or "" when it has none."""
    path = problem.package_dir / SOLUTION_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(f"cannot read {str(path)!r} of {problem.slug!r}: {exc}") from exc
