"""judge_file_choosing: the worker starts before the problem is chosen, on both backends."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import leftovers
import pytest
from waiting import START_TIMEOUT_S, within

from judge.catalog.problem import Limits, Problem
from judge.errors import UsageError
from judge.report import Verdict
from judge.sessions.judging import WarmJudge, judge_file_choosing
from judge.settings import JudgeOptions
from problems.gcd import PROBLEM as GCD
from sandbox.base import SandboxKind, Submission
from sandbox.choice import open_sandbox

REFERENCE = GCD.package_dir / "reference.py"


def options(kind: SandboxKind) -> JudgeOptions:
    return JudgeOptions(sandbox=kind, examples=10, complexity=False, style=False)


def a_worker_runs() -> bool:
    """Whether a sandbox worker of this process runs (a child process, or a labelled container),
    waiting up to START_TIMEOUT_S for one."""
    return bool(within(START_TIMEOUT_S, lambda: leftovers.find(os.getpid())))


def isolation(kind: SandboxKind, limits: Limits) -> str:
    """How a sandbox of this backend with these limits describes its isolation."""
    with open_sandbox(kind, limits.for_sandbox()) as sandbox:
        return without_uid(sandbox.info.isolation)


def without_uid(text: str) -> str:
    """The text without the local sandbox's dedicated uid, which each sandbox picks afresh."""
    return re.sub(r"uid \d+", "uid N", text)


def test_the_worker_starts_before_the_problem_is_chosen(sandbox_kind: SandboxKind) -> None:
    seen: list[bool] = []

    def choose(submission: Submission) -> Problem:
        assert submission.filename == "reference.py"
        seen.append(a_worker_runs())
        return GCD

    report = judge_file_choosing(REFERENCE, choose, options(sandbox_kind))
    assert seen == [True]
    assert report.verdict is Verdict.ACCEPTED
    assert without_uid(report.sandbox.isolation) == isolation(sandbox_kind, Limits())


def test_a_problem_with_limits_of_its_own_gets_a_sandbox_with_them(
    sandbox_kind: SandboxKind,
) -> None:
    own = replace(GCD.limits, memory_mb=GCD.limits.memory_mb + 64)
    report = judge_file_choosing(
        REFERENCE, lambda _: replace(GCD, limits=own), options(sandbox_kind)
    )
    assert report.verdict is Verdict.ACCEPTED
    assert without_uid(report.sandbox.isolation) == isolation(sandbox_kind, own)
    assert without_uid(report.sandbox.isolation) != isolation(sandbox_kind, Limits())


def test_a_choice_that_fails_stops_the_started_worker(sandbox_kind: SandboxKind) -> None:
    def choose(submission: Submission) -> Problem:
        assert a_worker_runs()
        raise UsageError("no problem called 'gdc'")

    with pytest.raises(UsageError, match="gdc"):
        judge_file_choosing(REFERENCE, choose, options(sandbox_kind))
    assert not leftovers.find(os.getpid())


def test_a_missing_file_is_reported_before_any_sandbox_opens(tmp_path: Path) -> None:
    def choose(submission: Submission) -> Problem:
        raise AssertionError("choose() ran for a file that does not exist")

    with pytest.raises(UsageError, match="no such file"):
        judge_file_choosing(tmp_path / "absent.py", choose, options(SandboxKind.LOCAL))


WRONG_GCD = "def gcd(a, b):\n    return 1\n"


def test_a_warm_judge_starts_the_next_worker_as_a_judging_ends(
    sandbox_kind: SandboxKind, tmp_path: Path
) -> None:
    path = tmp_path / "gcd.py"
    path.write_bytes(REFERENCE.read_bytes())
    with WarmJudge() as judge:
        assert judge(path, GCD, options(sandbox_kind)).verdict is Verdict.ACCEPTED
        # the spare worker, started in the background, waiting for the next save
        assert within(START_TIMEOUT_S, lambda: leftovers.find(os.getpid()))
        path.write_text(WRONG_GCD, encoding="utf-8")  # the candidate saves again
        report = judge(path, GCD, options(sandbox_kind))
    assert report.verdict is Verdict.WRONG_ANSWER  # the spare loaded the file as saved
    assert not leftovers.find(os.getpid())


def test_a_warm_judge_opens_a_new_sandbox_for_other_limits(tmp_path: Path) -> None:
    path = tmp_path / "gcd.py"
    path.write_bytes(REFERENCE.read_bytes())
    own = replace(GCD.limits, memory_mb=GCD.limits.memory_mb + 64)
    with WarmJudge() as judge:
        first = judge(path, GCD, options(SandboxKind.LOCAL))
        second = judge(path, replace(GCD, limits=own), options(SandboxKind.LOCAL))
    assert without_uid(first.sandbox.isolation) == isolation(SandboxKind.LOCAL, GCD.limits)
    assert without_uid(second.sandbox.isolation) == isolation(SandboxKind.LOCAL, own)
