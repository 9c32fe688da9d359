"""Input groups through the real sandbox: the interview's inputs decide the verdict, the stress
group (the spec's largest sizes) is judged too and its failure reported apart, with the size it
starts at (shrunk per group) and why, from the candidate's code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from judge.authoring.package_checks import strategy_findings
from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Group, Problem
from judge.correctness.feedback import describe_stress
from judge.report import GroupReport, Report, Verdict
from judge.reports.json_report import report_to_dict
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import CallRequest, Outcome, SandboxKind, Submission
from sandbox.choice import open_sandbox

REPO = Path(__file__).resolve().parents[2]
SEED_GCD = REPO / "tests" / "fixtures" / "groups" / "gcd_recursive.py"
RECURSIVE_DIGIT_SUMS = [
    REPO / "examples" / "interview" / "digit_sum.py",
    REPO / "problems" / "digit_sum" / "stress" / "one_call_per_digit.py",
]
OPTIONS = JudgeOptions(examples=60, complexity=False, style=False)


def _problem(slug: str) -> Problem:
    return find_problem(discover(), slug)


def _judge(path: Path, slug: str, kind: SandboxKind, seed: int = 0) -> Report:
    return judge_file(path, _problem(slug), replace(OPTIONS, sandbox=kind, seed=seed))


def _stress(report: Report, task: str) -> GroupReport:
    (judged,) = [item for item in report.tasks if item.task == task]
    assert judged.verdict is Verdict.ACCEPTED, judged
    assert judged.counterexample is None
    assert judged.stress is not None
    return judged.stress


def _fibonacci_pair(args: tuple[object, ...]) -> bool:
    """True for consecutive Fibonacci numbers (F(k+1), F(k))."""
    larger, smaller = args
    assert isinstance(larger, int) and isinstance(smaller, int)
    while smaller > 0:
        larger, smaller = smaller, larger - smaller
        if smaller > larger:
            return False
    return larger == 1


def test_the_seeds_recursive_gcd_is_accepted_and_fails_only_the_stress_group(
    sandbox_kind: SandboxKind,
) -> None:
    report = _judge(SEED_GCD, "gcd", sandbox_kind)
    assert report.verdict is Verdict.ACCEPTED
    stress = _stress(report, "gcd")
    assert stress.verdict is Verdict.RUNTIME_ERROR
    example = stress.counterexample
    assert example is not None and example.error is not None
    assert example.error.type_name == "RecursionError"
    # One frame per Euclid step: consecutive Fibonacci numbers need the fewest digits for the
    # ~995 steps that pass the limit, so the smallest failure is such a pair (about 208 digits).
    assert _fibonacci_pair(example.args)
    assert stress.fails_from == len(str(max(example.args)))
    assert 180 < stress.fails_from < 240
    # Why, from the code (the recursive function and its line) and the package's words.
    assert stress.explanation == (
        "gcd_recursive calls itself (line 9), one stack frame per call, and Python's default"
        " limit is 1,000 frames. The recursion is as deep as the number of Euclid steps;"
        " a loop has no such limit."
    )
    assert describe_stress("gcd", stress).startswith(
        f"gcd: fails from {stress.fails_from} digits on: RecursionError. gcd_recursive calls"
    )
    # The recursion's traceback: the frame once with its repeat count, not 20 copies of it.
    repeats = [line for line in example.error.traceback if "[Previous line repeated" in line]
    assert len(repeats) == 1
    assert example.error.traceback.count("    return gcd_recursive(b, a % b)") == 1


@pytest.mark.parametrize("path", RECURSIVE_DIGIT_SUMS, ids=lambda path: path.parent.name)
def test_a_recursive_digit_sum_fails_from_its_smallest_size_on(
    path: Path, sandbox_kind: SandboxKind
) -> None:
    report = _judge(path, "digit_sum", sandbox_kind)
    assert report.verdict is Verdict.ACCEPTED
    for task in ("digit_sum", "digital_root"):
        stress = _stress(report, task)
        assert stress.verdict is Verdict.RUNTIME_ERROR, (task, stress)
        assert stress.fails_from is not None and 900 < stress.fails_from <= 1000
        assert stress.counterexample is not None
        (n,) = stress.counterexample.args
        assert isinstance(n, int) and len(str(n)) == stress.fails_from
        assert stress.explanation.startswith("digit_sum calls itself (line ")
        assert stress.explanation.endswith(
            "A recursion one call per digit is as deep as n has digits; a loop has no such limit."
        )
    # The smallest size: one digit fewer, the largest number of that size is answered right.
    fails_from = _stress(report, "digit_sum").fails_from
    assert fails_from is not None
    problem = _problem("digit_sum")
    with open_sandbox(sandbox_kind, problem.limits.for_sandbox()) as sandbox:
        sandbox.load(Submission(path.name, path.read_bytes()))
        below = sandbox.call(CallRequest("digit_sum", (10 ** (fails_from - 1) - 1,)))
        at = sandbox.call(CallRequest("digit_sum", (10**fails_from - 1,)))
    assert below.outcome is Outcome.OK and below.value == 9 * (fails_from - 1)
    assert at.outcome is Outcome.RAISED


def test_the_interviews_numbers_decide_and_the_reference_passes_the_stress_group(
    sandbox_kind: SandboxKind,
) -> None:
    report = _judge(REPO / "problems" / "gcd" / "reference.py", "gcd", sandbox_kind)
    stress = _stress(report, "gcd")
    assert stress.passed and stress.counterexample is None and stress.fails_from is None
    assert stress.examples_run == OPTIONS.stress_examples


def test_a_wrong_answer_on_the_interviews_inputs_never_reaches_the_stress_group() -> None:
    wrong = REPO / "problems" / "gcd" / "wrong" / "returns_wrong_variable.py"
    report = _judge(wrong, "gcd", SandboxKind.LOCAL)
    (task,) = report.tasks
    assert task.verdict is Verdict.WRONG_ANSWER
    assert task.stress is None


def test_the_same_file_and_seed_give_the_same_stress_report() -> None:
    first = report_to_dict(_judge(SEED_GCD, "gcd", SandboxKind.LOCAL, seed=3))
    second = report_to_dict(_judge(SEED_GCD, "gcd", SandboxKind.LOCAL, seed=3))
    assert first["tasks"][0]["stress"] == second["tasks"][0]["stress"]
    # And another seed shrinks to the same smallest failure.
    other = report_to_dict(_judge(SEED_GCD, "gcd", SandboxKind.LOCAL, seed=11))
    assert (
        other["tasks"][0]["stress"]["counterexample"]
        == first["tasks"][0]["stress"]["counterexample"]
    )


@pytest.mark.parametrize("problem", discover().problems, ids=lambda problem: problem.slug)
def test_every_stress_group_draws_its_own_sizes_and_every_built_in_problem_has_one(
    problem: Problem,
) -> None:
    # A stress group is optional (docs/adding-a-problem.md): the built-in problems' specs all
    # have sizes that break code right on the interview's, so each of theirs declares one.
    built_in = problem.package_dir.parent == REPO / "problems"
    for task in problem.tasks:
        if built_in:
            assert task.stress is not None, task.name
        if task.stress is not None:
            assert task.size_of is not None, task.name
            assert task.stress.sizes
    assert strategy_findings(problem) == []


def test_validate_names_an_interview_strategy_that_draws_stress_sizes() -> None:
    gcd = _problem("gcd")
    task = gcd.main_task
    assert task.stress is not None
    mixed = replace(task, arguments=task.stress.arguments)
    findings = strategy_findings(replace(gcd, tasks=(mixed,)))
    assert len(findings) == 1
    assert findings[0].startswith("gcd: the strategy draws (")
    assert findings[0].endswith("is the stress group's (from 101): draw it there")
    assert not task.in_group(Group.INTERVIEW, (10**100, 1))
    assert task.in_group(Group.STRESS, (10**100, 1))
