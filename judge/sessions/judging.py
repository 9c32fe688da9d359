"""Judging a file on disk: read it, open its sandbox, start the worker, hand over to the engine;
and WarmJudge, for a session that judges one file after every save.

The worker starts before anything else that is slow, so that its start overlaps them: choosing
the problem (which imports the problem set and Hypothesis), loading the engine, the style review.
A container's start is mostly the engine's waiting (~250 ms). That is also why this module imports
the engine only when it judges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from judge.catalog.problem import Limits, Problem
from judge.report import Report
from judge.sandboxes import open_sandbox
from judge.sessions.submission import read_submission
from judge.settings import JudgeOptions
from sandbox.affinity import current_cpu
from sandbox.base import Sandbox, SandboxKind, SandboxLimits, Submission

# What assess and practice call to judge one file (this module's judge_file, or a test's).
JudgeFile = Callable[[Path, Problem, JudgeOptions], Report]
# Most problems keep the default limits: the sandbox opens with them before the problem is known.
_USUAL_LIMITS = Limits()


def judge_file(path: Path, problem: Problem, options: JudgeOptions) -> Report:
    """Read the file at ``path``, open the sandbox ``options.sandbox`` and judge the file."""
    return judge_file_choosing(path, lambda _submission: problem, options, likely=problem.limits)


def judge_file_choosing(
    path: Path,
    choose: Callable[[Submission], Problem],
    options: JudgeOptions,
    *,
    likely: Limits = _USUAL_LIMITS,
) -> Report:
    """Judge the file at ``path`` on the problem ``choose`` picks for it.

    The sandbox opens, and its worker starts, before ``choose`` runs, with the ``likely`` limits
    (most problems keep the defaults); a problem whose limits differ gets a sandbox of its own.
    """
    submission = read_submission(path)
    # Chosen now, so that the worker starts on the CPU the judging thread will run on.
    cpu = current_cpu() if options.cpu is None else options.cpu
    options = replace(options, cpu=cpu)
    opened_with = likely.for_sandbox()
    with open_sandbox(options.sandbox, opened_with, options.image) as sandbox:
        sandbox.pin_to_cpu(cpu)
        sandbox.prepare(submission)
        problem = choose(submission)
        needed = problem.limits.for_sandbox()
        from judge.engine import judge_submission

        if needed == opened_with:
            return judge_submission(submission, problem, options, sandbox)
    with open_sandbox(options.sandbox, needed, options.image) as sandbox:
        return judge_submission(submission, problem, options, sandbox)


class WarmJudge:
    """A JudgeFile for a session that judges one file after every save (judge practice).

    One sandbox stays open, on one CPU, and as soon as a judging ends the worker for the next
    starts in the background: the next save does not wait for a container to start. The spare
    worker has run nothing of the candidate's; close() stops it.
    """

    def __init__(self) -> None:
        self._sandbox: Sandbox | None = None
        self._opened_as: tuple[SandboxKind, str | None, SandboxLimits] | None = None
        self._cpu = current_cpu()

    def __enter__(self) -> WarmJudge:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __call__(self, path: Path, problem: Problem, options: JudgeOptions) -> Report:
        """Judge the file at ``path``, then start the worker for the next judging."""
        submission = read_submission(path)
        sandbox = self._sandbox_for(options.sandbox, options.image, problem.limits.for_sandbox())
        from judge.engine import judge_submission

        cpu = self._cpu if options.cpu is None else options.cpu
        report = judge_submission(submission, problem, replace(options, cpu=cpu), sandbox)
        sandbox.prepare(submission)
        return report

    def close(self) -> None:
        """Stop the spare worker and close the sandbox."""
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = self._opened_as = None

    def _sandbox_for(self, kind: SandboxKind, image: str | None, limits: SandboxLimits) -> Sandbox:
        """The open sandbox, reopened when asked for another backend, image or limits."""
        if self._sandbox is None or self._opened_as != (kind, image, limits):
            self.close()
            self._sandbox = open_sandbox(kind, limits, image)
            self._opened_as = (kind, image, limits)
        return self._sandbox
