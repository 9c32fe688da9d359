"""Checkers and in-place tasks through both real sandboxes (issue #20), on the classic pack's
problems: the judged answer, its feedback, and hostile answers a checker must survive."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from judge_classic.float_sqrt import PROBLEM as FLOAT_SQRT
from judge_classic.move_zeroes import PROBLEM as MOVE_ZEROES
from judge_classic.two_sum import PROBLEM as TWO_SUM

from judge.catalog.problem import Problem
from judge.correctness.feedback import describe_failure
from judge.report import Report, Verdict
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind


def _judge(tmp_path: Path, problem: Problem, source: str, kind: SandboxKind) -> Report:
    path = tmp_path / f"{problem.slug}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    options = JudgeOptions(sandbox=kind, seed=0, complexity=False, style=False)
    return judge_file(path, problem, options)


def _failure(report: Report, problem: Problem) -> str:
    (task,) = report.tasks
    return describe_failure(problem, task)


def test_an_in_place_answer_is_the_arguments_state_after_the_call(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    source = """
    def move_zeroes(nums):
        nums = [x for x in nums if x != 0] + [0] * nums.count(0)
    """
    report = _judge(tmp_path, MOVE_ZEROES, source, sandbox_kind)
    assert report.verdict is Verdict.WRONG_ANSWER
    assert _failure(report, MOVE_ZEROES) == (
        "after the call move_zeroes([0, 1]), nums was [0, 1], expected [1, 0]"
        " (broke: puts every zero at the end)"
    )


def test_an_in_place_task_judges_the_return_value_too(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    source = """
    def move_zeroes(nums):
        nums.sort(key=lambda x: x == 0)
        return nums
    """
    report = _judge(tmp_path, MOVE_ZEROES, source, sandbox_kind)
    assert _failure(report, MOVE_ZEROES) == (
        "after the call move_zeroes([]), it returned [], expected None"
        " (broke: returns None (the list changes in place))"
    )


def test_a_right_in_place_answer_is_accepted(tmp_path: Path, sandbox_kind: SandboxKind) -> None:
    source = """
    def move_zeroes(nums):
        nums.sort(key=lambda x: x == 0)
    """
    assert _judge(tmp_path, MOVE_ZEROES, source, sandbox_kind).verdict is Verdict.ACCEPTED


@pytest.mark.parametrize(
    ("body", "verdict"),
    [
        ("nums.append(object())", Verdict.WRONG_ANSWER),
        ("nums.extend([0] * 10**7)", Verdict.OUTPUT_LIMIT_EXCEEDED),
        ("nums.append(nums)", Verdict.OUTPUT_LIMIT_EXCEEDED),  # a list holding itself
        (
            "nums[:] = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            Verdict.WRONG_ANSWER,
        ),
    ],
    ids=["opaque", "huge", "self-referential", "deep"],
)
def test_a_hostile_in_place_state_is_a_verdict(
    tmp_path: Path, sandbox_kind: SandboxKind, body: str, verdict: Verdict
) -> None:
    source = f"def move_zeroes(nums):\n    {body}\n"
    report = _judge(tmp_path, MOVE_ZEROES, source, sandbox_kind)
    assert report.tasks[0].verdict is verdict


def test_any_valid_pair_is_accepted(tmp_path: Path, sandbox_kind: SandboxKind) -> None:
    # The last pair found, in reverse order: not the reference's, still right.
    source = """
    def two_sum(nums, target):
        answer = None
        for i in range(len(nums)):
            for j in range(i + 1, len(nums)):
                if nums[i] + nums[j] == target:
                    answer = [j, i]
        return answer
    """
    assert _judge(tmp_path, TWO_SUM, source, sandbox_kind).verdict is Verdict.ACCEPTED


def test_a_checker_rejection_shows_one_right_answer_and_why(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    source = """
    def two_sum(nums, target):
        for i in range(len(nums)):
            for j in range(i, len(nums)):
                if nums[i] + nums[j] == target:
                    return [i, j]
    """
    report = _judge(tmp_path, TWO_SUM, source, sandbox_kind)
    example = report.tasks[0].counterexample
    assert example is not None and example.expected_is_example
    assert _failure(report, TWO_SUM) == (
        "two_sum([0, 0], 0) returned [0, 0], expected e.g. [0, 1]: the two indices must differ:"
        " one value cannot be used twice (broke: uses two different indices)"
    )


@pytest.mark.parametrize(
    "returned",
    [
        "(x for x in range(2))",
        "[0] * 10**6",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "'0, 1'",
        "[0.0, 1.0]",
        "[True, 1]",
        "[10**5000, 0]",
        "{0: 1}",
    ],
    ids=["generator", "huge", "deep", "str", "floats", "bool", "huge-int", "dict"],
)
def test_a_custom_checker_survives_any_answer(
    tmp_path: Path, sandbox_kind: SandboxKind, returned: str
) -> None:
    source = f"def two_sum(nums, target):\n    return {returned}\n"
    report = _judge(tmp_path, TWO_SUM, source, sandbox_kind)
    assert report.tasks[0].verdict in (Verdict.WRONG_ANSWER, Verdict.OUTPUT_LIMIT_EXCEEDED)


@pytest.mark.parametrize("returned", ["float('nan')", "str(x)", "True", "10**400", "[x]", "x / 2"])
def test_a_tolerance_checker_rejects_what_is_not_close(
    tmp_path: Path, sandbox_kind: SandboxKind, returned: str
) -> None:
    source = f"def float_sqrt(x):\n    return {returned}\n"
    report = _judge(tmp_path, FLOAT_SQRT, source, sandbox_kind)
    assert report.tasks[0].verdict is Verdict.WRONG_ANSWER


def test_a_root_close_enough_is_accepted(tmp_path: Path, sandbox_kind: SandboxKind) -> None:
    source = """
    def float_sqrt(x):
        low, high = 0.0, max(1.0, x)
        for _ in range(2000):
            mid = (low + high) / 2
            if mid * mid < x:
                low = mid
            else:
                high = mid
        return high
    """
    report = _judge(tmp_path, FLOAT_SQRT, source, sandbox_kind)
    assert report.verdict is Verdict.ACCEPTED
    assert report.rule_findings == ()
