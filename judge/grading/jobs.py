"""What travels between the coordinator and whatever judges: a Job in, a Graded or a JobFailure
out. The seed and every judging option travel in the Job, so that any worker judges it alike."""

from __future__ import annotations

from dataclasses import dataclass

from judge.grading.versions import ResultKey
from judge.report import Verdict
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind


@dataclass(frozen=True, slots=True)
class Job:
    """One file to judge against one problem, with everything that decides its verdict."""

    key: ResultKey
    filename: str
    source: bytes
    options: JudgeOptions
    # The whole judging may take this long (the problem's budget, growth and start-up).
    time_limit_s: float

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0:
            raise ValueError(f"time limit must be positive, got {self.time_limit_s!r}")


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    """One task's verdict, as the reports group it."""

    task: str
    verdict: Verdict
    failing_call: str | None  # the shrunk counterexample as a call: "gcd(0, 0)"
    failure: str | None  # what it shows, one line: "gcd(0, 0) raised ZeroDivisionError: ..."
    growth: str | None  # the measured class ("O(n)"), None when not measured or unclear
    target: str | None


@dataclass(frozen=True, slots=True)
class Graded:
    """A judged file: its verdict and score, and who judged it with which sandbox."""

    key: ResultKey
    verdict: Verdict
    correctness: float
    complexity: float
    style: float
    tasks: tuple[TaskOutcome, ...]
    advice: tuple[str, ...]  # what to work on next, the most points first
    sandbox: SandboxKind
    sandbox_reason: str
    worker: str  # "local" or the Celery worker's host name
    duration_s: float
    report_json: str  # the engine's whole report (docs/report-schema.md)

    @property
    def score(self) -> float:
        """The problem's points, 0-100 (the rubric of judge assess)."""
        return self.correctness + self.complexity + self.style


@dataclass(frozen=True, slots=True)
class JobFailure:
    """A job that could not be judged (the judge's or the worker's fault, never the file's)."""

    key: ResultKey
    worker: str
    message: str  # one line: what went wrong and what to do


JobOutcome = Graded | JobFailure
