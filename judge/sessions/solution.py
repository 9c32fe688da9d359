"""The reference solution `judge solution` shows: its source and a short explanation."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from judge.catalog.problem import Problem
from judge.catalog.spec import read_spec
from judge.errors import ProblemError

# The spec section that says why the reference is the expected answer.
_EXPLANATION_SECTION = "Target complexity"


@dataclass(frozen=True, slots=True)
class ReferenceSolution:
    """A problem's reference source, with the explanation to show above it (Markdown)."""

    source: str
    explanation: str


def reference_solution(problem: Problem) -> ReferenceSolution:
    """The reference of ``problem``, explained by its spec's Target complexity section.

    Falls back to the reference module's docstring when the spec has no such section.
    """
    path = problem.package_dir / "reference.py"
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(
            f"cannot read the reference of {problem.slug!r} at {str(path)!r}: {exc}"
        ) from exc
    try:
        explanation = read_spec(problem.spec_path).section(_EXPLANATION_SECTION)
    except (KeyError, ProblemError):
        explanation = ""
    if not explanation.strip():
        explanation = ast.get_docstring(ast.parse(source)) or ""
    return ReferenceSolution(source=source, explanation=explanation.strip())
