"""Planted special cases and off-by-one thresholds are caught: the candidate's literals reach
the inputs, within each problem's domain, through the real sandbox (both backends)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from judge.catalog.discovery import discover
from judge.correctness.literals import Literals, source_literals
from judge.report import Report, Verdict
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

FIXTURES = Path(__file__).parent.parent / "fixtures" / "literals"

# file, problem, the task that fails, and the exact input it shrinks to (seed 0).
PLANTED: list[tuple[str, str, str, Any]] = [
    ("gcd_equal.py", "gcd", "gcd", (123456789, 0)),
    # as small as (0, 5001): the interview's strategy (numbers up to 100 digits) shrinks here now
    ("gcd_threshold.py", "gcd", "gcd", (5001, 0)),
    ("mfs_planted.py", "most_frequent_smallest", "most_frequent_smallest", ([1729, 0],)),
    ("mfs_length.py", "most_frequent_smallest", "most_frequent_smallest", ([0, 1] * 60 + [0],)),
    ("lus_length.py", "longest_unique_substring", "longest_unique_substring", ("a" * 38,)),
    ("lus_word.py", "longest_unique_substring", "longest_unique_substring", ("zebra",)),
    ("digital_root_1729.py", "digit_sum", "digital_root", (1729,)),
    ("digit_sum_threshold.py", "digit_sum", "digit_sum", (1000000,)),
    ("odd_zebra.py", "odd_index_chars", "odd_index_chars", ("zebra",)),
    ("odd_length.py", "odd_index_chars", "odd_index_chars", ("a" * 41,)),
    ("lru_key.py", "lru_cache", "LRUCache", ((1,), (("get", (1729,)),))),
]

# Guards that raise outside the spec's domain, next to literals that lie outside it: a -7 for
# gcd, 10**1000 for digit_sum, negative keys for the cache. They must never be called there.
IN_DOMAIN = [
    ("gcd_rejects_negatives.py", "gcd"),
    ("digit_sum_rejects_the_limit.py", "digit_sum"),
    ("lru_rejects_negatives.py", "lru_cache"),
]


def _judge(name: str, slug: str, sandbox_kind: SandboxKind) -> Report:
    (problem,) = [problem for problem in discover().problems if problem.slug == slug]
    options = JudgeOptions(sandbox=sandbox_kind, complexity=False, style=False)
    return judge_file(FIXTURES / name, problem, options)


@pytest.mark.parametrize(("name", "slug", "task", "shrunk"), PLANTED)
def test_a_planted_special_case_is_a_wrong_answer_at_its_literal(
    name: str, slug: str, task: str, shrunk: Any, sandbox_kind: SandboxKind
) -> None:
    report = _judge(name, slug, sandbox_kind)
    by_task = {task_report.task: task_report for task_report in report.tasks}
    assert by_task[task].verdict is Verdict.WRONG_ANSWER, by_task[task]
    counterexample = by_task[task].counterexample
    assert counterexample is not None
    assert counterexample.args == shrunk


@pytest.mark.parametrize(("name", "slug"), IN_DOMAIN)
def test_literals_outside_the_domain_are_never_inputs(
    name: str, slug: str, sandbox_kind: SandboxKind
) -> None:
    report = _judge(name, slug, sandbox_kind)
    assert [task.verdict for task in report.tasks] == [Verdict.ACCEPTED], report.tasks


def test_the_same_file_and_seed_give_the_same_counterexample() -> None:
    first = _judge("lru_key.py", "lru_cache", SandboxKind.LOCAL).tasks
    second = _judge("lru_key.py", "lru_cache", SandboxKind.LOCAL).tasks
    assert [task.counterexample for task in first] == [task.counterexample for task in second]
    assert [task.examples_run for task in first] == [task.examples_run for task in second]


def test_literals_are_ints_with_neighbours_and_strings_simplest_first() -> None:
    source = '''
"""A module docstring is prose, not a special case."""

LIMIT = -40  # and 40: the walk meets the constant inside the minus


def f(n, s):
    """Nor is a function's."""
    if n == 1729 or n > 7 or n is True:
        return "zebra" + s + "zebra" + "" + "b"
    return 0, 1, 2
'''
    assert source_literals(source) == Literals(
        ints=(3, 6, 7, 8, 39, -39, 40, -40, 41, -41, 1728, 1729, 1730),
        strings=("b", "zebra"),
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("def f(:\n", id="syntax-error"),
        pytest.param("x = " + "(" * 300 + "1" + ")" * 300, id="nested-parentheses"),
        pytest.param("x = " + "-" * 200_000 + "1", id="deep-unary-chain"),
        pytest.param("x = " + "9" * 5000, id="int-past-the-digit-limit"),
        pytest.param("x = '\\ud800'\n", id="lone-surrogate"),
        pytest.param("x = '" + "a" * 201 + "'\n", id="long-string"),
    ],
)
def test_hostile_sources_give_no_literals_and_no_error(source: str) -> None:
    assert source_literals(source) == Literals()
