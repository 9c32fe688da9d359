"""The one-line wording of a failure shared by assess, JUnit and HTML."""

from __future__ import annotations

import pytest

from judge.catalog.discovery import discover, find_problem
from judge.correctness.check import MATCHES_REFERENCE
from judge.correctness.feedback import describe_failure, elide, format_value
from judge.report import Counterexample, TaskReport, Verdict
from sandbox.base import CandidateError


def _gcd_failure(verdict: Verdict, **example: object) -> str:
    fields: dict[str, object] = {
        "args": (0, 5),
        "expected": 5,
        "actual": None,
        "error": None,
        "broken_property": None,
    }
    fields.update(example)
    task = TaskReport("gcd", verdict, 3, Counterexample(**fields))  # type: ignore[arg-type]
    return describe_failure(find_problem(discover(), "gcd"), task)


def test_a_named_property_is_named() -> None:
    line = _gcd_failure(Verdict.WRONG_ANSWER, broken_property="divides both inputs")
    assert line == "gcd(0, 5) returned None, expected 5 (broke: divides both inputs)"


def test_no_named_property_broken_says_only_expected_and_actual() -> None:
    line = _gcd_failure(Verdict.WRONG_ANSWER, actual=1, broken_property=MATCHES_REFERENCE)
    assert line == "gcd(0, 5) returned 1, expected 5"


def test_an_exception_is_named_with_its_message() -> None:
    error = CandidateError("ZeroDivisionError", "integer modulo by zero", ())
    line = _gcd_failure(Verdict.RUNTIME_ERROR, error=error)
    assert line == "gcd(0, 5) raised ZeroDivisionError: integer modulo by zero"


def test_a_timeout_names_the_problem_limit() -> None:
    line = _gcd_failure(Verdict.TIME_LIMIT_EXCEEDED)
    limit = find_problem(discover(), "gcd").limits.time_per_call_s
    assert line == f"gcd(0, 5) ran past the time limit of {limit:g} s"


@pytest.mark.parametrize("length", [61, 500, 10_000])
def test_long_text_is_cut_in_the_middle_to_the_limit(length: int) -> None:
    text = "a" * (length // 2) + "b" * (length - length // 2)
    cut = elide(text)
    assert cut.startswith("a") and cut.endswith("b")
    assert f"({length - 40} chars)" in cut


def test_a_huge_int_is_shown_by_its_digit_count() -> None:
    shown = format_value(10**5000)
    assert shown.endswith("(5001 digits)") and len(shown) < 60
