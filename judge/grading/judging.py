"""One Job judged by the engine, and scored by the rubric of `judge assess`.

Both the local pool and a Celery task call ``judge_job``; no judging logic lives anywhere else in
grading. A job meant for another problem or judge version than this process has is refused (a
JobFailure), never judged by the wrong one.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from judge.catalog.discovery import Catalogue
from judge.catalog.problem import Problem
from judge.correctness.feedback import describe_failure, format_call
from judge.errors import JudgeError
from judge.grading.jobs import Graded, Job, JobFailure, JobOutcome, TaskOutcome
from judge.grading.versions import judge_version, problem_version
from judge.reports.json_report import report_to_json
from judge.sandboxes import open_sandbox
from judge.sessions.assess import score_result
from sandbox.base import SandboxKind, Submission

# Long enough that calls read whole in a table; the reports elide further where they must.
_CALL_LIMIT = 120


def time_limit_s(problem: Problem, complexity: bool, complexity_budget_s: float) -> float:
    """How long one judging of ``problem`` may take: its budget, growth, and a start-up margin."""
    growth = complexity_budget_s * len(problem.tasks) * 3 if complexity else 0.0
    return problem.limits.judge_budget_s + growth + 30.0


def judge_job(
    job: Job, catalogue: Catalogue, sandbox: SandboxKind, worker: str, image: str | None = None
) -> JobOutcome:
    """Judge ``job`` in a sandbox of kind ``sandbox`` running ``image`` (the worker's, not the
    coordinator's; None: the default image)."""
    problem = next((p for p in catalogue.problems if p.slug == job.key.problem), None)
    if problem is None:
        return JobFailure(
            job.key,
            worker,
            f"worker {worker!r} has no problem {job.key.problem!r}: install it there",
        )
    refusal = _version_mismatch(job, problem, worker)
    if refusal is not None:
        return refusal
    options = replace(job.options, sandbox=sandbox, image=image)
    submission = Submission(filename=job.filename, source=job.source)
    started = time.monotonic()
    try:
        with open_sandbox(options.sandbox, problem.limits.for_sandbox(), options.image) as opened:
            from judge.engine import judge_submission

            report = judge_submission(submission, problem, options, opened)
    except JudgeError as exc:
        return JobFailure(job.key, worker, f"worker {worker!r} could not judge: {exc}")
    result = score_result(problem, Path(job.filename), report, None)
    tasks = tuple(
        TaskOutcome(
            task=task.task,
            verdict=task.verdict,
            failing_call=None
            if task.counterexample is None
            else format_call(task.task, task.counterexample.args, task.kind, _CALL_LIMIT),
            failure=None if task.counterexample is None else describe_failure(problem, task),
            growth=None
            if task.complexity is None or task.complexity.estimated is None
            else task.complexity.shown,
            target=None if task.complexity is None else task.complexity.target.value,
        )
        for task in report.tasks
    )
    return Graded(
        key=job.key,
        verdict=report.verdict,
        correctness=result.score.correctness,
        complexity=result.score.complexity,
        style=result.score.style,
        tasks=tasks,
        advice=tuple(loss.text for loss in result.losses),
        sandbox=report.sandbox.kind,
        sandbox_reason=report.sandbox.reason,
        worker=worker,
        duration_s=time.monotonic() - started,
        report_json=report_to_json(report),
    )


def _version_mismatch(job: Job, problem: Problem, worker: str) -> JobFailure | None:
    """A refusal when this process's problem or judge is not the version the job was keyed on."""
    if problem_version(problem) != job.key.problem_version:
        return JobFailure(
            job.key,
            worker,
            f"worker {worker!r} has version {problem_version(problem)} of problem"
            f" {problem.slug!r}, the batch {job.key.problem_version}: install the same problems",
        )
    if judge_version() != job.key.judge_version:
        return JobFailure(
            job.key,
            worker,
            f"worker {worker!r} runs judge {judge_version()}, the batch {job.key.judge_version}:"
            " install the same judge on every machine",
        )
    return None
