"""Verdicts a candidate can trust, on the shipped gcd problem, through both real sandboxes.

A budget that runs out is never Accepted (issue 17 §1); the failing input shown is the smallest
found whatever the seed, and a failed spec example is said (issue 16 §6).
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from judge.catalog.problem import Problem
from judge.report import Report, Verdict
from judge.sessions.assess import score_result
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from problems.gcd import PROBLEM as GCD
from sandbox.base import SandboxKind

# Wrong whenever both operands have 300 digits and differ; Euclid everywhere else.
_WRONG_ON_TWO_HUGE = """
import time

def gcd(a, b):
    time.sleep({sleep})
    if a != b and a >= 10**299 and b >= 10**299:
        return 0
    while b:
        a, b = b, a % b
    return a
"""
# Short enough for a test, long enough that a call under the per-call limit exhausts it.
_BUDGET = replace(GCD.limits, time_per_call_s=1.0, judge_budget_s=3.0)


def _judge(
    tmp_path: Path, source: str, kind: SandboxKind, problem: Problem = GCD, seed: int = 0
) -> Report:
    path = tmp_path / "gcd.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    options = JudgeOptions(sandbox=kind, seed=seed, complexity=False, style=False)
    return judge_file(path, problem, options)


@pytest.mark.slow
def test_a_budget_spent_by_slow_calls_is_a_time_limit_not_accepted(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    problem = replace(GCD, limits=_BUDGET)
    report = _judge(tmp_path, _WRONG_ON_TWO_HUGE.format(sleep=0.3), sandbox_kind, problem)
    (task,) = report.tasks
    assert report.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert task.verdict is Verdict.TIME_LIMIT_EXCEEDED
    example = task.counterexample
    assert example is not None and example.over_budget
    assert example.detail.startswith(
        f"the judging budget of 3 s ran out after {task.examples_run} calls; the slowest took 0."
    )
    assert example.expected == GCD.main_task.reference(*example.args)
    assert task.note.startswith("the time budget ran out after")
    scored = score_result(problem, tmp_path / "gcd.py", report, None)
    assert (scored.score.correctness, scored.score.complexity) == (0.0, 0.0)
    assert scored.losses[0].text.startswith(
        "Speed up gcd: testing ran out of the judging budget of 3 s before it could show the"
        " answers right; the slowest call was gcd("
    )


@pytest.mark.slow
def test_without_the_sleep_the_same_bug_is_a_wrong_answer(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    # Two numbers of 300 digits are past the interview's 100: the stress group finds the bug.
    report = _judge(tmp_path, _WRONG_ON_TWO_HUGE.format(sleep=0), sandbox_kind)
    assert report.verdict is Verdict.ACCEPTED
    stress = report.tasks[0].stress
    assert stress is not None and stress.verdict is Verdict.WRONG_ANSWER
    example = stress.counterexample
    assert example is not None and example.actual == 0
    assert all(arg >= 10**299 for arg in example.args)


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_the_smallest_failing_input_is_shown_for_every_seed(
    tmp_path: Path, sandbox_kind: SandboxKind, seed: int
) -> None:
    report = _judge(tmp_path, "def gcd(a, b):\n    return a\n", sandbox_kind, seed=seed)
    (task,) = report.tasks
    example = task.counterexample
    assert example is not None
    # Seeds 0, 1 and 5 used to show the spec's gcd(48, 18), seed 2 gcd(2, 1).
    assert (example.args, example.expected, example.actual) == ((0, 1), 1, 0)
    assert task.note == "the spec's example gcd(48, 18) fails too"


def test_a_spec_example_smaller_than_any_found_is_shown_alone(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    # Wrong only on gcd(0, 0): Hypothesis finds nothing smaller than the spec's example.
    source = "import math\ndef gcd(a, b):\n    return math.gcd(a, b) if a or b else 1\n"
    report = _judge(tmp_path, source, sandbox_kind)
    (task,) = report.tasks
    assert task.counterexample is not None and task.counterexample.args == (0, 0)
    assert task.note == ""
