"""judge_file_choosing: the worker starts before the problem is chosen, on both backends."""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace
from pathlib import Path

import leftovers
import pytest

from judge.errors import UsageError
from judge.files import judge_file_choosing
from judge.model import Verdict
from judge.problem import Limits, Problem
from judge.settings import JudgeOptions
from problems.gcd import PROBLEM as GCD
from sandbox.base import SandboxKind, Submission
from sandbox.choice import open_sandbox

REFERENCE = GCD.package_dir / "reference.py"
START_TIMEOUT_S = 30.0


def options(kind: SandboxKind) -> JudgeOptions:
    return JudgeOptions(sandbox=kind, examples=10, complexity=False, style=False)


def a_worker_runs() -> bool:
    """Whether a sandbox worker of this process runs (a child process, or a labelled container),
    waiting up to START_TIMEOUT_S for one."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if leftovers.find(os.getpid()):
            return True
        time.sleep(0.01)
    return False


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
