"""Self-assessment: judge a folder of solutions, score the set, and say what to work on next.

Finding the solutions reads files as data (``ast``), never runs them: a problem's solution is the
file named after its slug (``gcd.py``), else the one file that defines its main task function (or,
failing that, any of its task functions). Two files that fit the same problem leave that problem
not judged, naming both; the other problems are judged. Subfolders are not searched, and the
assessment names them.

Rubric: every problem in the set is worth 100 points, and the total is the mean over the whole
set, so a problem with no solution counts as 0.

- Correctness, 65: the main task Accepted (on the interview's inputs) is 55; the follow-up tasks
  share the other 10, prorated by how many are Accepted (a follow-up the file does not define
  earns nothing). A problem with no follow-ups gives those 10 with its main task.
- Stress, 5, scored apart, only once the main task is Accepted: its stress group (the spec's
  largest sizes) passed 5, failed 0; a task without a stress group gives the 5 with its
  acceptance.
- Complexity, 20, only once the main task is Accepted: the measured growth on the target (or
  better) 20, one class slower 10, two or more classes slower 0; not measured or too noisy to
  tell, 10. Where a range of two classes fits, its faster (certain) end is scored.
- Style, 10: the 0-10 style score, when the file loads; 5 when style was not reviewed; 0 for a
  file that does not load (syntax error, missing function) or could not be judged.
- Rules: a file that breaks a rule of the spec (judge.catalog.rules: ``math.gcd`` where Euclid is
to be
  written out) gives back what its main task, its stress group and its growth earned, up to 80:
  the forbidden call did that work. One broken rule or several cost the same; the verdict still
  says whether the answers are right, and the follow-ups and style still count.

The advice is the three losses worth the most points, each worded as the seeds' reviews word a
next step ("Handle the zero case: gcd(0, 5) returned None, expected 5.").
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from judge.catalog.problem import Problem
from judge.correctness.feedback import (
    describe_failure,
    describe_load_failure,
    describe_stress,
    edge_case,
)
from judge.errors import UsageError
from judge.report import Report, TaskReport, Verdict
from judge.sessions.judging import JudgeFile
from judge.sessions.submission import MAX_SUBMISSION_BYTES, defined_names
from judge.settings import JudgeOptions
from sandbox.affinity import CpuPool

MAIN_POINTS = 55.0
FOLLOW_UP_POINTS = 10.0
STRESS_POINTS = 5.0
COMPLEXITY_POINTS = 20.0
STYLE_POINTS = 10.0
ADVICE_COUNT = 3

# Inputs this big take hundreds of steps: a RecursionError on them is depth, not a missing base.
_LARGE_INT = 10**100
_LARGE_LENGTH = 100

# The verdicts of a file the candidate's code never ran in: nothing there to review for style.
_DID_NOT_LOAD = frozenset({Verdict.SYNTAX_ERROR, Verdict.MISSING_FUNCTION})


@dataclass(frozen=True, slots=True)
class Solution:
    """The file that answers one problem."""

    problem: Problem
    path: Path
    # Why this problem is not judged although files fit it (several do); None: judge ``path``.
    ambiguity: str | None = None


@dataclass(frozen=True, slots=True)
class Score:
    """Points out of 100 for one problem, by part of the rubric."""

    correctness: float
    complexity: float
    style: float
    stress: float = 0.0  # the main task's stress group, scored apart from its verdict
    rules: float = 0.0  # zero or negative: what breaking the spec's rules gives back

    def __post_init__(self) -> None:
        if self.rules > 0:
            raise ValueError(f"rules take points away, never give them: {self.rules!r}")

    @property
    def total(self) -> float:
        """The problem's points, 0-100."""
        return self.correctness + self.stress + self.complexity + self.style + self.rules


@dataclass(frozen=True, slots=True)
class Advice:
    """One thing to work on next, and how many points it would win back."""

    problem: str
    points: float
    text: str


@dataclass(frozen=True, slots=True)
class ProblemResult:
    """One problem of the set: its file and report, or why there is none."""

    problem: Problem
    path: Path | None  # None: no solution in the folder
    report: Report | None
    error: str | None  # why the file could not be judged at all (empty, binary, too big)
    score: Score
    losses: tuple[Advice, ...]
    wall_s: float = 0.0

    @property
    def accepted(self) -> bool:
        """True when the file was judged and Accepted."""
        return self.report is not None and self.report.verdict is Verdict.ACCEPTED


@dataclass(frozen=True, slots=True)
class Assessment:
    """The whole set: every problem of the catalogue, in its order, and the advice."""

    directory: Path
    results: tuple[ProblemResult, ...]
    advice: tuple[Advice, ...]
    duration_s: float
    # Folders inside ``directory``: not searched for solutions, and said so.
    subfolders: tuple[Path, ...] = ()

    @property
    def total(self) -> float:
        """The mean of every problem's points, missing ones counting 0."""
        return sum(result.score.total for result in self.results) / len(self.results)

    def on_total(self, points: float) -> float:
        """A problem's ``points`` (out of its 100) as points of the total, the mean."""
        return points / len(self.results)

    @property
    def judged(self) -> tuple[ProblemResult, ...]:
        """The problems that had a solution file."""
        return tuple(result for result in self.results if result.path is not None)

    @property
    def missing(self) -> tuple[Problem, ...]:
        """The problems with no solution in the folder."""
        return tuple(result.problem for result in self.results if result.path is None)

    @property
    def all_accepted(self) -> bool:
        """True when every solution found was Accepted (problems with none do not count)."""
        return all(result.accepted for result in self.judged)


class AssessProgress(Protocol):
    """Told as each solution starts and finishes judging (from worker threads)."""

    def started(self, solution: Solution) -> None:
        """Judging ``solution`` began."""

    def finished(self, result: ProblemResult) -> None:
        """Judging ended with ``result``."""


def find_solutions(directory: Path, problems: Sequence[Problem]) -> tuple[Solution, ...]:
    """The solution file of each problem that has one, in ``problems`` order."""
    if not directory.exists():
        raise UsageError(
            f"no such directory: {str(directory)!r}; pass the folder that holds your solutions"
        )
    if not directory.is_dir():
        raise UsageError(
            f"{str(directory)!r} is not a directory; pass a folder of solutions"
            " (judge submit FILE judges one file)"
        )
    files = sorted(path for path in directory.glob("*.py") if path.is_file())
    slugs = {problem.slug for problem in problems}
    named = {path.stem: path for path in files}
    # Files not named after a problem may still solve one: read which names they define.
    unnamed = {path: _names(path) for path in files if path.stem not in slugs}
    solutions = []
    for problem in problems:
        if problem.slug in named:
            solutions.append(Solution(problem, named[problem.slug]))
            continue
        main = [path for path, names in unnamed.items() if problem.main_task.name in names]
        any_task = [
            path
            for path, names in unnamed.items()
            if any(task.name in names for task in problem.tasks)
        ]
        matches = main or any_task
        if len(matches) > 1:
            listed = ", ".join(path.name for path in matches)
            ambiguity = (
                f"several files define the task function {problem.slug} ({listed});"
                f" rename the one to judge to {problem.slug}.py"
            )
            solutions.append(Solution(problem, matches[0], ambiguity))
        elif matches:
            solutions.append(Solution(problem, matches[0]))
    if not solutions:
        raise UsageError(
            f"no solutions found in {str(directory)!r}; name each file after its problem"
            f" ({', '.join(problem.slug + '.py' for problem in problems)})"
            " or define the task function the spec asks for"
        )
    return tuple(solutions)


def subfolders(directory: Path) -> tuple[Path, ...]:
    """The folders inside ``directory``, which ``find_solutions`` does not search."""
    return tuple(sorted(path for path in directory.iterdir() if path.is_dir()))


def assess(
    directory: Path,
    problems: Sequence[Problem],
    options: JudgeOptions,
    judge_file: JudgeFile,
    progress: AssessProgress | None = None,
    workers: int | None = None,
) -> Assessment:
    """Judge every solution in ``directory`` (two at a time), score them and pick the advice.

    Judging runs in threads: the candidate's code runs in sandbox child processes, so two judges
    overlap their waiting. A SandboxUnavailable (or any judge bug) stops the whole assessment.
    """
    started = time.monotonic()
    solutions = find_solutions(directory, problems)
    found = {solution.problem.slug: solution for solution in solutions}
    workers = workers or min(2, os.cpu_count() or 1)
    # Each judge running at once talks to its workers, and measures growth, on a CPU of its own.
    cpus = CpuPool(workers)

    def judge_one(solution: Solution) -> ProblemResult:
        if progress is not None:
            progress.started(solution)
        began = time.monotonic()
        try:
            if solution.ambiguity is not None:
                raise UsageError(solution.ambiguity)
            with cpus.lease() as cpu:
                report = judge_file(solution.path, solution.problem, replace(options, cpu=cpu))
            error = None
        except UsageError as exc:  # this one file cannot be judged; the others still can
            report, error = None, str(exc)
        result = score_result(solution.problem, solution.path, report, error)
        result = replace(result, wall_s=time.monotonic() - began)
        if progress is not None:
            progress.finished(result)
        return result

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="assess")
    try:
        judged = dict(zip(found, pool.map(judge_one, solutions), strict=True))
    finally:
        # On an error or Ctrl-C, solutions not started yet are dropped rather than judged.
        pool.shutdown(wait=True, cancel_futures=True)
    results = tuple(
        judged[problem.slug]
        if problem.slug in judged
        else score_result(problem, None, None, None, directory=directory)
        for problem in problems
    )
    return Assessment(
        directory=directory,
        results=results,
        advice=top_advice(results, directory),
        duration_s=time.monotonic() - started,
        subfolders=subfolders(directory),
    )


def score_result(
    problem: Problem,
    path: Path | None,
    report: Report | None,
    error: str | None,
    *,
    directory: Path | None = None,
) -> ProblemResult:
    """Score one problem by the rubric and list the points it lost, with what to do about each."""
    if path is None:
        where = f" in {directory}" if directory is not None else ""
        loss = Advice(
            problem.slug,
            100.0,
            f"Attempt {problem.slug}: there is no solution{where} (save it as {problem.slug}.py).",
        )
        return ProblemResult(problem, None, None, None, Score(0.0, 0.0, 0.0), (loss,))
    if report is None:
        loss = Advice(problem.slug, 100.0, f"Make {problem.slug} judgeable: {error}.")
        return ProblemResult(problem, path, None, error, Score(0.0, 0.0, 0.0), (loss,))
    losses: list[Advice] = []
    correctness = _correctness(problem, report, path, losses)
    stress = _stress(problem, report, losses)
    complexity = _complexity(problem, report, losses)
    style = _style(problem, report, losses)
    rules = _rules(problem, report, complexity + stress, losses)
    losses.sort(key=lambda advice: -advice.points)
    score = Score(correctness, complexity, style, stress, rules)
    return ProblemResult(problem, path, report, None, score, tuple(losses))


def top_advice(
    results: Sequence[ProblemResult], directory: Path | None = None
) -> tuple[Advice, ...]:
    """The losses worth the most points across the set (ties keep the problems' order).

    The problems with no solution make one piece of advice together, so that they leave room
    for what to fix in the solutions there are.
    """
    losses = [loss for result in results if result.path is not None for loss in result.losses]
    missing = [result for result in results if result.path is None]
    if len(missing) == 1:
        losses.extend(missing[0].losses)
    elif missing:
        slugs = ", ".join(result.problem.slug for result in missing)
        where = f" in {directory}" if directory is not None else ""
        text = f"Attempt the problems with no solution{where}: {slugs} (save each as SLUG.py)."
        points = sum(loss.points for result in missing for loss in result.losses)
        losses.append(Advice(missing[0].problem.slug, points, text))
    return tuple(sorted(losses, key=lambda advice: -advice.points)[:ADVICE_COUNT])


def _correctness(problem: Problem, report: Report, path: Path, losses: list[Advice]) -> float:
    tasks = {task.task: task for task in report.tasks}
    main = tasks.get(problem.main_task.name)
    points = 0.0
    if main is not None and main.verdict is Verdict.ACCEPTED:
        points += MAIN_POINTS
    else:
        # The stress and complexity points go too: both follow an accepted answer.
        lost = MAIN_POINTS + STRESS_POINTS + COMPLEXITY_POINTS
        losses.append(Advice(problem.slug, lost, _fix_main(problem, report, main, path)))
    follow_ups = [task for task in problem.tasks if not task.required]
    if not follow_ups:
        return points + (FOLLOW_UP_POINTS if points else 0.0)
    share = FOLLOW_UP_POINTS / len(follow_ups)
    for task in follow_ups:
        judged = tasks.get(task.name)
        if judged is not None and judged.verdict is Verdict.ACCEPTED:
            points += share
        elif judged is None:
            text = f"Try the follow-up {task.name}({', '.join(task.params)}) of {problem.slug}."
            losses.append(Advice(problem.slug, share, text))
        else:
            losses.append(Advice(problem.slug, share, _fix_task(problem, judged)))
    return points


def _stress(problem: Problem, report: Report, losses: list[Advice]) -> float:
    main = next((task for task in report.tasks if task.task == problem.main_task.name), None)
    if main is None or main.verdict is not Verdict.ACCEPTED:
        return 0.0
    if main.stress is None or main.stress.passed:
        return STRESS_POINTS
    what = describe_stress(main.task, main.stress)
    error = main.stress.counterexample.error if main.stress.counterexample else None
    if error is not None and error.type_name == "RecursionError":
        text = f"Replace the recursion in {main.task} with a loop for the largest inputs: {what}"
    else:
        text = f"Make {main.task} hold up at the largest sizes: {what}"
    losses.append(Advice(problem.slug, STRESS_POINTS, _sentence(text)))
    return 0.0


def _complexity(problem: Problem, report: Report, losses: list[Advice]) -> float:
    main = next((task for task in report.tasks if task.task == problem.main_task.name), None)
    if main is None or main.verdict is not Verdict.ACCEPTED:
        return 0.0
    measured = main.complexity
    if measured is not None and measured.answers_changed:
        text = f"Make {main.task} answer as it does untimed: a timed call answered otherwise"
        losses.append(Advice(problem.slug, COMPLEXITY_POINTS, _sentence(text)))
        return 0.0
    if measured is None or measured.estimated is None:
        return COMPLEXITY_POINTS / 2
    if measured.maybe_slower:
        text = f"Make {main.task} clearly {measured.target.value}: its timings fit {measured.shown}"
        losses.append(Advice(problem.slug, COMPLEXITY_POINTS / 2, _sentence(text)))
        return COMPLEXITY_POINTS / 2
    behind = measured.estimated.rank - measured.target.rank
    if behind <= 0:
        return COMPLEXITY_POINTS
    points = COMPLEXITY_POINTS / 2 if behind == 1 else 0.0
    text = f"Bring {main.task} down to {measured.target.value}: it grows like"
    text += f" {measured.estimated.value}"
    if measured.slowdown is not None and measured.timings:
        largest = measured.timings[-1].size
        text += f", {measured.slowdown:.0f}x slower than the reference at"
        text += f" {measured.size_unit} = {largest:,}"
    hint = next((hint for hint in measured.hints if hint.confirmed), None)
    hint = hint or (measured.hints[0] if measured.hints else None)
    if hint is not None:
        text += f"; line {hint.line}: {hint.what}, {hint.why}"
    losses.append(Advice(problem.slug, COMPLEXITY_POINTS - points, _sentence(text)))
    return points


def _style(problem: Problem, report: Report, losses: list[Advice]) -> float:
    if report.verdict in _DID_NOT_LOAD or report.load_error is not None:
        return 0.0  # already advised under correctness: the file does not load
    if report.style is None:
        return STYLE_POINTS / 2
    score = max(0.0, min(STYLE_POINTS, report.style.score))
    if score < STYLE_POINTS and report.style.improvements:
        comment = report.style.improvements[0]
        where = f" (line {comment.line})" if comment.line is not None else ""
        text = f"{comment.what}{where} in {problem.slug}: {comment.fix}"
        losses.append(Advice(problem.slug, STYLE_POINTS - score, _sentence(text)))
    return score


def _rules(problem: Problem, report: Report, earned_apart: float, losses: list[Advice]) -> float:
    """What breaking the spec's rules gives back: the main task's points, with those of its
    growth and its stress group (``earned_apart``)."""
    if not report.rule_findings:
        return 0.0
    main = next((task for task in report.tasks if task.task == problem.main_task.name), None)
    earned = earned_apart + (MAIN_POINTS if main and main.verdict is Verdict.ACCEPTED else 0.0)
    if earned:
        first = report.rule_findings[0]
        text = f"Follow the spec in {problem.slug}: line {first.line} {first.what}; {first.says}"
        losses.append(Advice(problem.slug, earned, _sentence(text)))
    return -earned


def _fix_main(problem: Problem, report: Report, main: TaskReport | None, path: Path) -> str:
    """The next step for a main task that is not Accepted."""
    if report.load_error is not None or report.verdict is Verdict.SYNTAX_ERROR:
        return _sentence(f"Make {path.name} load: {describe_load_failure(report)}")
    if main is None or main.verdict is Verdict.MISSING_FUNCTION:
        task = problem.main_task
        return _sentence(
            f"Define {task.name}({', '.join(task.params)}) in {path.name}:"
            " the judge calls it by that name"
        )
    return _fix_task(problem, main)


def _fix_task(problem: Problem, task: TaskReport) -> str:
    """A review's next step for a task with a counterexample."""
    what = describe_failure(problem, task)
    if task.counterexample is None:
        return _sentence(f"Fix {task.task}: {what}")
    if task.verdict is Verdict.TIME_LIMIT_EXCEEDED:
        return _sentence(f"Speed up {task.task}: {what}")
    if task.verdict is Verdict.NONDETERMINISTIC:
        return _sentence(f"Make {task.task} deterministic: {what}")
    error = task.counterexample.error
    if error is not None and error.type_name == "RecursionError":
        # Deep input: the recursion is right but one frame per step is too many. Small input:
        # the recursion never stops.
        if _is_large(task.counterexample.args):
            return _sentence(f"Replace the recursion in {task.task} with a loop: {what}")
        return _sentence(f"Give the recursion in {task.task} a base case that stops: {what}")
    case = edge_case(task, task.counterexample)
    if case is not None:
        return _sentence(f"Handle {case}: {what}")
    return _sentence(f"Fix {task.task}: {what}")


def _is_large(args: tuple[object, ...]) -> bool:
    """True when an argument is big enough to need hundreds of recursive steps."""
    for value in args:
        if isinstance(value, int) and abs(value) >= _LARGE_INT:
            return True
        if isinstance(value, str | list | tuple) and len(value) >= _LARGE_LENGTH:
            return True
    return False


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _names(path: Path) -> frozenset[str]:
    """Top-level names a file defines; nothing for a file too big, unreadable or unparsable."""
    try:
        if path.stat().st_size > MAX_SUBMISSION_BYTES:
            return frozenset()
        return defined_names(path.read_bytes()) or frozenset()
    except OSError:
        return frozenset()
