"""Jobs and their outcomes as JSON-ready data, and back: what a Celery message carries, and what
the store keeps. The only place either is serialised; the format is checked on the way in, since
a result may come from another machine."""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from judge.errors import InternalError
from judge.grading.jobs import Graded, Job, JobFailure, JobOutcome, TaskOutcome
from judge.grading.versions import ResultKey
from judge.report import Verdict
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

WIRE_VERSION = 2


def job_to_wire(job: Job) -> dict[str, Any]:
    """A job as JSON-ready data (the source in base64)."""
    options = job.options
    return {
        "wire": WIRE_VERSION,
        "key": asdict(job.key),
        "filename": job.filename,
        "source": base64.b64encode(job.source).decode("ascii"),
        "options": {
            "sandbox": options.sandbox.value,
            "seed": options.seed,
            "examples": options.examples,
            "stress_examples": options.stress_examples,
            "complexity": options.complexity,
            "complexity_budget_s": options.complexity_budget_s,
            "style": options.style,
        },
        "time_limit_s": job.time_limit_s,
    }


def job_from_wire(data: Any) -> Job:
    """The job ``job_to_wire`` wrote; InternalError when the data is not one."""
    try:
        _check_version(data)
        options = data["options"]
        return Job(
            key=ResultKey(**data["key"]),
            filename=str(data["filename"]),
            source=base64.b64decode(data["source"], validate=True),
            options=JudgeOptions(
                sandbox=SandboxKind(options["sandbox"]),
                seed=int(options["seed"]),
                examples=int(options["examples"]),
                stress_examples=int(options["stress_examples"]),
                complexity=bool(options["complexity"]),
                complexity_budget_s=float(options["complexity_budget_s"]),
                style=bool(options["style"]),
            ),
            time_limit_s=float(data["time_limit_s"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InternalError(f"a malformed grading job ({exc!r}): judge versions differ?") from exc


def outcome_to_wire(outcome: JobOutcome) -> dict[str, Any]:
    """A Graded or a JobFailure as JSON-ready data."""
    if isinstance(outcome, JobFailure):
        return {
            "wire": WIRE_VERSION,
            "failure": True,
            "key": asdict(outcome.key),
            "worker": outcome.worker,
            "message": outcome.message,
        }
    return {
        "wire": WIRE_VERSION,
        "failure": False,
        "key": asdict(outcome.key),
        "verdict": outcome.verdict.value,
        "correctness": outcome.correctness,
        "complexity": outcome.complexity,
        "style": outcome.style,
        "tasks": [task_to_wire(task) for task in outcome.tasks],
        "advice": list(outcome.advice),
        "sandbox": outcome.sandbox.value,
        "sandbox_reason": outcome.sandbox_reason,
        "worker": outcome.worker,
        "duration_s": outcome.duration_s,
        "report": outcome.report_json,
    }


def task_to_wire(task: TaskOutcome) -> dict[str, Any]:
    """One task's outcome as JSON-ready data (also a row's ``tasks`` in results.json)."""
    return {
        "task": task.task,
        "verdict": task.verdict.value,
        "failing_call": task.failing_call,
        "failure": task.failure,
        "growth": task.growth,
        "target": task.target,
    }


def outcome_from_wire(data: Any) -> JobOutcome:
    """The outcome ``outcome_to_wire`` wrote; InternalError when the data is not one."""
    try:
        _check_version(data)
        key = ResultKey(**data["key"])
        if data["failure"]:
            return JobFailure(key, str(data["worker"]), str(data["message"]))
        return Graded(
            key=key,
            verdict=Verdict(data["verdict"]),
            correctness=float(data["correctness"]),
            complexity=float(data["complexity"]),
            style=float(data["style"]),
            tasks=tuple(
                TaskOutcome(
                    task=str(task["task"]),
                    verdict=Verdict(task["verdict"]),
                    failing_call=_optional(task["failing_call"]),
                    failure=_optional(task["failure"]),
                    growth=_optional(task["growth"]),
                    target=_optional(task["target"]),
                )
                for task in data["tasks"]
            ),
            advice=tuple(str(text) for text in data["advice"]),
            sandbox=SandboxKind(data["sandbox"]),
            sandbox_reason=str(data["sandbox_reason"]),
            worker=str(data["worker"]),
            duration_s=float(data["duration_s"]),
            report_json=str(data["report"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InternalError(
            f"a malformed grading result ({exc!r}): judge versions differ?"
        ) from exc


def _check_version(data: Any) -> None:
    if data.get("wire") != WIRE_VERSION:
        raise ValueError(f"wire version {data.get('wire')!r}, expected {WIRE_VERSION}")


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)
