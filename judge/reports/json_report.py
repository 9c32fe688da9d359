"""Report -> JSON: the `--json` output. The schema is documented in docs/report-schema.md.

Values (arguments, expected and actual answers) keep their Python type: JSON-native ones are
written as themselves (None, bool, str, list, finite float, int within +-2**53); every other value
is a JSON object tagged with its ``type`` (tuple, dict, big int, nan/inf, opaque...), so a JSON
object in a value's place is always a tagged value, never a dict.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judge.correctness.values import FULL_INT_BITS, int_digits, int_to_decimal, value_repr
from judge.report import (
    ComplexityReport,
    Counterexample,
    GroupReport,
    Report,
    ReviewComment,
    StyleReport,
    TaskReport,
)
from sandbox.base import CandidateError, Opaque

if TYPE_CHECKING:  # types only: `judge submit --json` need not load the assessment
    from judge.catalog.discovery import Catalogue
    from judge.catalog.problem import Problem
    from judge.catalog.spec import Spec
    from judge.config import UserSettings
    from judge.sessions.assess import Assessment, ProblemResult
    from judge.sessions.history import ProblemHistory

SCHEMA_VERSION = 1

# Integers a JavaScript or other double-based reader parses exactly.
_EXACT_INT_LIMIT = 2**53


def report_to_json(report: Report) -> str:
    """The report as a JSON document (one object, indented, ASCII-only)."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=True, allow_nan=False)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (see docs/report-schema.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "problem": report.problem,
        "file": report.file,
        "sandbox": {
            "kind": report.sandbox.kind.value,
            "reason": report.sandbox.reason,
            "isolation": report.sandbox.isolation,
        },
        "seed": report.seed,
        "verdict": report.verdict.value,
        "tasks": [task_to_dict(task) for task in report.tasks],
        "missing_tasks": list(report.missing_tasks),
        "load_error": _error(report.load_error),
        "duration_s": round(report.duration_s, 6),
        "style": _style(report.style),
        "rule_findings": [
            {"rule": finding.rule, "line": finding.line, "what": finding.what, "says": finding.says}
            for finding in report.rule_findings
        ],
    }


def task_to_dict(task: TaskReport) -> dict[str, Any]:
    """One task's verdict as JSON-ready data."""
    return {
        "task": task.task,
        "kind": task.kind.value,
        "verdict": task.verdict.value,
        "examples_run": task.examples_run,
        "counterexample": _counterexample(task.counterexample),
        "note": task.note,
        "complexity": _complexity(task.complexity),
        "stress": _group(task.stress),
    }


def _group(group: GroupReport | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "group": group.group.value,
        "verdict": group.verdict.value,
        "passed": group.passed,
        "examples_run": group.examples_run,
        "sizes": group.sizes,
        "size_unit": group.size_unit,
        "counterexample": _counterexample(group.counterexample),
        "fails_from": group.fails_from,
        "explanation": group.explanation,
        "note": group.note,
    }


def _complexity(complexity: ComplexityReport | None) -> dict[str, Any] | None:
    if complexity is None:
        return None
    largest = complexity.timings[-1].size if complexity.timings else None
    return {
        "target": complexity.target.value,
        "estimated": complexity.estimated.value if complexity.estimated else None,
        "estimated_upper": complexity.estimated_upper.value if complexity.estimated_upper else None,
        "slower_than_target": complexity.slower_than_target,
        "on_target": complexity.on_target,
        "confidence": complexity.confidence,
        "size_unit": complexity.size_unit,
        "timings": [
            {
                "size": timing.size,
                "candidate_s": round(timing.candidate_s, 9),
                "reference_s": round(timing.reference_s, 9),
                "ratio": round(timing.candidate_s / timing.reference_s, 4)
                if timing.reference_s > 0
                else None,
            }
            for timing in complexity.timings
        ],
        "slowdown": None if complexity.slowdown is None else round(complexity.slowdown, 3),
        "slowdown_at_size": largest,
        "note": complexity.note,
        "answers_changed": complexity.answers_changed,
        "hints": [
            {
                "rule": hint.rule,
                "line": hint.line,
                "what": hint.what,
                "why": hint.why,
                "confirmed": hint.confirmed,
            }
            for hint in complexity.hints
        ],
    }


def _style(style: StyleReport | None) -> dict[str, Any] | None:
    if style is None:
        return None
    return {
        "score": style.score,
        "max_cyclomatic": style.max_cyclomatic,
        "maintainability": style.maintainability,
        "strengths": list(style.strengths),
        "improvements": [_review_comment(comment) for comment in style.improvements],
        "notes": [_review_comment(comment) for comment in style.notes],
    }


def _review_comment(comment: ReviewComment) -> dict[str, Any]:
    return {
        "rule": comment.rule,
        "line": comment.line,
        "what": comment.what,
        "why": comment.why,
        "fix": comment.fix,
    }


def _counterexample(counterexample: Counterexample | None) -> dict[str, Any] | None:
    if counterexample is None:
        return None
    return {
        "args": [value_to_json(arg) for arg in counterexample.args],
        "expected": value_to_json(counterexample.expected),
        "actual": value_to_json(counterexample.actual),
        "error": _error(counterexample.error),
        "property": counterexample.broken_property,
        "stdout": counterexample.stdout,
        "stderr": counterexample.stderr,
        "detail": counterexample.detail,
        "over_budget": counterexample.over_budget,
        "expected_is_example": counterexample.expected_is_example,
    }


def _error(error: CandidateError | None) -> dict[str, Any] | None:
    if error is None:
        return None
    return {"type": error.type_name, "message": error.message, "traceback": list(error.traceback)}


def value_to_json(value: Any) -> Any:
    """A value as JSON that keeps its type; see the module docstring and the schema document."""
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        if -_EXACT_INT_LIMIT < value < _EXACT_INT_LIMIT:
            return value
        if abs(value).bit_length() <= FULL_INT_BITS:
            return {"type": "int", "repr": int_to_decimal(value)}
        # Millions of digits cost minutes to write in decimal: the count and edges, and the
        # exact value in hex (linear to write and to read back).
        digits = int_digits(value)
        return {"type": "int", "repr": str(digits), "digits": digits.count, "hex": hex(value)}
    if kind is float:
        if math.isfinite(value):
            return value
        return {"type": "float", "repr": repr(value)}
    if kind is list:
        return [value_to_json(item) for item in value]
    if kind is tuple:
        return {"type": "tuple", "items": [value_to_json(item) for item in value]}
    if kind is dict:
        pairs = [[value_to_json(key), value_to_json(item)] for key, item in value.items()]
        return {"type": "dict", "items": pairs}
    if isinstance(value, Opaque):
        return {"type": "opaque", "repr": value_repr(value), "name": value.type_name}
    # A type the wire never carries but a reference might return (set, bytes...): its repr.
    return {"type": kind.__name__, "repr": value_repr(value)}


# ---- assessments and history -------------------------------------------------------------


def assessment_to_json(assessment: Assessment) -> str:
    """A whole `judge assess` run as one JSON document: every problem's report and score."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "directory": str(assessment.directory),
        "score": round(assessment.total, 2),
        "all_accepted": assessment.all_accepted,
        "duration_s": round(assessment.duration_s, 6),
        "problems": [_problem_result(result) for result in assessment.results],
        "subfolders": [str(path) for path in assessment.subfolders],
        "advice": [
            {"problem": advice.problem, "points": round(advice.points, 2), "text": advice.text}
            for advice in assessment.advice
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)


def _problem_result(result: ProblemResult) -> dict[str, Any]:
    if result.path is None:
        status = "missing"
    elif result.report is None:
        status = "not_judged"
    else:
        status = "judged"
    return {
        "problem": result.problem.slug,
        "status": status,
        "file": None if result.path is None else str(result.path),
        "error": result.error,
        "score": {
            "correctness": round(result.score.correctness, 2),
            "stress": round(result.score.stress, 2),
            "complexity": round(result.score.complexity, 2),
            "style": round(result.score.style, 2),
            "rules": round(result.score.rules, 2),
            "total": round(result.score.total, 2),
        },
        "report": None if result.report is None else report_to_dict(result.report),
    }


def history_to_json(summaries: Sequence[ProblemHistory], path: Path) -> str:
    """`judge history --json`: one object per problem attempted or practised."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "history": str(path),
        "problems": [
            {
                "problem": summary.problem,
                "attempts": summary.attempts,
                "accepted": summary.accepted,
                "first_attempt_at": summary.first_attempt_at.isoformat(),
                "first_accepted_at": None
                if summary.first_accepted_at is None
                else summary.first_accepted_at.isoformat(),
                "attempts_to_accept": summary.attempts_to_accept,
                "best_style_score": summary.best_style_score,
                "best_solve_seconds": summary.best_solve_seconds,
                "last_verdict": None
                if summary.last_verdict is None
                else summary.last_verdict.value,
                "practice_sessions": summary.practice_sessions,
                "practice_solved": summary.practice_solved,
            }
            for summary in summaries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)


def settings_to_json(settings: UserSettings, default_image: str) -> str:
    """`judge config --json`: each setting's value, source, and where in that source."""
    from judge.config import setting_text

    values: dict[str, Any] = {
        "seed": settings.seed.value,
        "examples": settings.examples.value,
    }
    document = {
        "schema_version": SCHEMA_VERSION,
        "config_file": str(settings.config_path),
        "config_file_exists": settings.config_path.is_file(),
        "settings": [
            {
                "key": key,
                "value": values.get(key, setting_text(setting.value, default_image)),
                "source": setting.source.name.lower(),
                "where": setting.where,
                "variable": variable,
            }
            for key, variable, setting in settings.rows()
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)


# ---- the catalogue -------------------------------------------------------------------------


def problems_to_json(catalogue: Catalogue) -> str:
    """`judge list --json`: every problem with its pack and tasks, and the packages that failed
    to load."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "problems": [
            {**_problem(problem), "pack": catalogue.pack_of(problem)}
            for problem in catalogue.problems
        ],
        "broken": [{"name": item.name, "reason": item.reason} for item in catalogue.broken],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)


def spec_to_json(problem: Problem, problem_spec: Spec) -> str:
    """`judge show --json`: the problem, its spec's sections, and the spec's examples."""
    document = {
        "schema_version": SCHEMA_VERSION,
        **_problem(problem),
        "spec": str(problem_spec.path),
        "sections": [{"heading": heading, "text": body} for heading, body in problem_spec.sections],
        "examples": [
            {
                "task": example.task,
                "args": [value_to_json(arg) for arg in example.args],
                "expected": None if example.raises else value_to_json(example.expected),
                "raises": example.raises,
                "line": example.line,
            }
            for example in problem_spec.examples
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "problem": problem.slug,
        "title": problem.title,
        "tasks": [
            {
                "task": task.name,
                "kind": task.kind.value,
                "params": list(task.params),
                "required": task.required,
                "target": task.target.value,
                "size_unit": task.size_unit,
            }
            for task in problem.tasks
        ],
    }
