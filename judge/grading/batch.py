"""A whole grading run: the layout, what the store already holds, the executor, the rows.

Each distinct (file, problem) is judged once however many candidates submitted it, and only when
the store has no result for it; ``regrade`` also re-judges results of an older problem or judge
version (by default they are reused, and the table says which version graded them). Each
outcome is stored as it comes, in its own transaction, so an interrupted run loses nothing
already graded and the next run picks up where it stopped.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from judge.catalog.problem import Problem
from judge.errors import UsageError
from judge.grading.jobs import Graded, Job, JobFailure, JobOutcome
from judge.grading.judging import time_limit_s
from judge.grading.layout import EntryStatus, Layout
from judge.grading.pool import Executor, Say
from judge.grading.store import ResultStore
from judge.grading.versions import ResultKey, result_key
from judge.sessions.submission import read_submission
from judge.settings import JudgeOptions


class RowStatus(enum.Enum):
    """How one candidate's answer to one problem ended up in the table."""

    GRADED = "graded"  # judged now or earlier (the store had it)
    MISSING = "missing"  # no file for this problem
    NOT_GRADED = "not_graded"  # the file cannot be judged as it is: ``issue`` says why
    FAILED = "failed"  # the judge or a worker failed: ``issue`` says how


@dataclass(frozen=True, slots=True)
class Row:
    """One candidate's answer to one problem, graded or not."""

    candidate: str
    problem: str
    status: RowStatus
    file: str | None = None  # relative to SUBMISSIONS
    source: bytes | None = None
    graded: Graded | None = None
    issue: str = ""
    reused: bool = False  # the result came from the store, not from this run
    stale: bool = False  # graded by an older problem or judge version


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Every row of the run, in candidate then problem order, and what the run did."""

    rows: tuple[Row, ...]
    candidate_notes: dict[str, tuple[str, ...]]
    ignored: tuple[str, ...]
    judged: int  # judgings this run
    reused: int  # results the store already had
    duration_s: float


@dataclass(frozen=True, slots=True)
class _Planned:
    """A row waiting for its job's outcome."""

    row: Row
    key: ResultKey | None


class Progress(Protocol):
    """Told what the run will do and how each judging ended (from the calling thread)."""

    def planned(self, to_judge: int, reused: int) -> None:
        """``to_judge`` judgings will run; ``reused`` results come from the store."""

    def finished(self, outcome: JobOutcome) -> None:
        """One judging ended."""

    def say(self, message: str) -> None:
        """A message for whoever waits (a lost broker, an interruption)."""


def grade_batch(
    layout: Layout,
    problems: Sequence[Problem],
    options: JudgeOptions,
    store: ResultStore,
    executor: Executor,
    progress: Progress,
    *,
    regrade: bool = False,
    clock: Callable[[], float] = time.monotonic,
) -> BatchResult:
    """Grade every candidate of ``layout``: judge what the store lacks, store each outcome."""
    started = clock()
    by_slug = {problem.slug: problem for problem in problems}
    planned: list[_Planned] = []
    jobs: dict[ResultKey, Job] = {}
    reused = 0
    for candidate in layout.candidates:
        for entry in candidate.entries:
            row = Row(candidate.name, entry.problem, _status(entry.status), issue=entry.issue)
            if entry.path is None:
                planned.append(_Planned(row, None))
                continue
            row = replace(row, file=entry.path.relative_to(layout.root).as_posix())
            try:
                submission = read_submission(entry.path)
            except UsageError as exc:  # empty, binary, too big: this candidate's problem only
                # Named as in the table: an extracted zip's folder is temporary.
                issue = str(exc).replace(str(entry.path), row.file or "")
                unreadable = replace(row, status=RowStatus.NOT_GRADED, issue=issue)
                planned.append(_Planned(unreadable, None))
                continue
            problem = by_slug[entry.problem]
            key = result_key(submission.source, problem, options)
            row = replace(row, source=submission.source)
            found = store.find(key, any_version=not regrade)
            if found is not None:
                reused += 1
                row = replace(row, graded=found, reused=True, stale=found.key != key)
            elif key not in jobs:
                limit = time_limit_s(problem, options.complexity, options.complexity_budget_s)
                jobs[key] = Job(key, submission.filename, submission.source, options, limit)
            planned.append(_Planned(row, key))
    progress.planned(len(jobs), reused)
    outcomes: dict[ResultKey, JobOutcome] = {}

    def done(outcome: JobOutcome) -> None:
        if isinstance(outcome, Graded):
            store.record(outcome)
        outcomes[outcome.key] = outcome
        progress.finished(outcome)

    say: Say = progress.say
    executor.run(list(jobs.values()), done, say)
    rows = tuple(_settled(item, outcomes) for item in planned)
    return BatchResult(
        rows=rows,
        candidate_notes={c.name: c.notes for c in layout.candidates if c.notes},
        ignored=layout.ignored,
        judged=sum(isinstance(outcome, Graded) for outcome in outcomes.values()),
        reused=reused,
        duration_s=clock() - started,
    )


def _status(status: EntryStatus) -> RowStatus:
    return {
        EntryStatus.FOUND: RowStatus.GRADED,
        EntryStatus.MISSING: RowStatus.MISSING,
        EntryStatus.UNCLEAR: RowStatus.NOT_GRADED,
    }[status]


def _settled(item: _Planned, outcomes: dict[ResultKey, JobOutcome]) -> Row:
    row = item.row
    if item.key is None or row.graded is not None:
        return row
    outcome = outcomes.get(item.key)
    if outcome is None:  # never judged: the run stopped first
        return replace(row, status=RowStatus.FAILED, issue="not judged: the run stopped first")
    if isinstance(outcome, JobFailure):
        return replace(row, status=RowStatus.FAILED, issue=outcome.message)
    return replace(row, graded=outcome)
