"""`judge validate`: check that problem packages are sound, one typed result per check.

Per problem, in this order:

- ``spec.md``: the required sections, each filled in (no ``TODO(author)`` left), and examples
  that agree with the package's;
- ``TODO markers``: none left in the package's Python files;
- ``reference examples``: the reference (trusted: run in-process) answers every example;
- ``strategies``: each task's strategy draws arguments of the task's shape without tripping
  Hypothesis's health checks, and ``make_input`` builds that shape too; with a stress group,
  the interview's strategy draws only sizes below the group's and the group's only its own;
- ``reference properties``: the reference's answers have every named property, and the task's
  checker accepts each of them (Hypothesis); every wrong/ file below is then judged through the
  checker, so a checker that accepts too much shows as a wrong/ file Accepted;
- ``reference rules``: the reference breaks none of the spec's rules (judge.catalog.rules);
- ``reference growth``: the reference, judged through the sandbox with complexity on, is
  Accepted and measured on its target;
- ``wrong/*.py``: each gets the verdict its header declares, through the sandbox, and breaks
  exactly the rules its header declares (``# breaks: RULE``; none when it declares none);
- ``slow/*.py``: each is Accepted and flagged with the growth its header declares;
- ``stress/*.py``: each is Accepted, and its stress group gets the verdict its header declares.

The reference must pass its stress groups too (checked with its growth).

The sandbox checks compare against the reference, so they are skipped while the reference
fails its examples or properties. Correctness checks run in parallel; the checks that time code
run one at a time afterwards, on a machine no other check is loading, and a measurement too
noisy to classify is taken once more.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from judge.authoring.expectations import read_expectation, solution_files
from judge.authoring.package_checks import (
    example_findings,
    property_findings,
    relative_name,
    solution_findings,
    spec_findings,
    strategy_findings,
    todo_findings,
)
from judge.catalog.problem import Problem
from judge.catalog.rules import check_rules
from judge.catalog.selection import Selection
from judge.correctness.feedback import describe_failure, describe_stress
from judge.errors import JudgeError, ProblemError, SandboxUnavailable
from judge.report import Report, Verdict
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from judge.wording import counted
from sandbox.affinity import CpuPool

SPEC = "spec.md"
SOLUTION = "solution.md"
TODO_MARKERS = "TODO markers"
REFERENCE_EXAMPLES = "reference examples"
STRATEGIES = "strategies"
REFERENCE_PROPERTIES = "reference properties"
REFERENCE_RULES = "reference rules"
REFERENCE_GROWTH = "reference growth"
LOADS = "loads"

# The checks whose failure means the reference cannot be trusted to judge anything against.
_REFERENCE_CHECKS = (REFERENCE_EXAMPLES, REFERENCE_PROPERTIES)
_STATIC_CHECK_COUNT = 6  # spec, TODO markers, reference examples, strategies, properties, rules
_NOISY_RETRIES = 1
_NOT_MEASURED = "growth not measured (--skip-growth)"


class CheckStatus(enum.Enum):
    """How one check ended."""

    PASSED = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check of one problem: what was checked, how it ended, and what to do about it."""

    problem: str
    check: str
    status: CheckStatus
    detail: str  # one line per finding; for a passed check, what it confirmed


@dataclass(frozen=True, slots=True)
class Validation:
    """Every check of every problem validated, in problem order."""

    results: tuple[CheckResult, ...]
    duration_s: float

    @property
    def passed(self) -> bool:
        """True when no check failed."""
        return all(result.status is not CheckStatus.FAILED for result in self.results)

    def count(self, status: CheckStatus) -> int:
        """How many checks ended with ``status``."""
        return sum(result.status is status for result in self.results)


@dataclass(frozen=True, slots=True)
class _SandboxCheck:
    """A check that judges one file through the sandbox."""

    problem: Problem
    name: str
    path: Path
    timed: bool  # measures growth: runs alone, so other checks do not disturb the timings
    run: Callable[[Problem, Path, JudgeOptions], CheckResult] = field(repr=False)


def planned_checks(selection: Selection) -> int:
    """How many results validate gives for ``selection`` (a progress bar's total)."""
    return len(selection.broken) + sum(
        _STATIC_CHECK_COUNT + 1 + len(solution_files(problem)) for problem in selection.problems
    )


def validate(
    selection: Selection,
    options: JudgeOptions,
    *,
    workers: int = 2,
    on_result: Callable[[CheckResult], None] | None = None,
) -> Validation:
    """Run every check of every selected problem; SandboxUnavailable stops everything.

    With ``options.complexity`` off, growth is not measured: the reference growth check is
    skipped, and slow/ solutions are checked for their verdict only (and reported skipped).
    """
    started = time.monotonic()
    results: dict[tuple[int, int], CheckResult] = {}

    def record(key: tuple[int, int], result: CheckResult) -> None:
        results[key] = result
        if on_result is not None:
            on_result(result)

    for index, item in enumerate(selection.broken):
        record((-1, index), CheckResult(item.name, LOADS, CheckStatus.FAILED, item.reason))
    timed: list[tuple[tuple[int, int], _SandboxCheck]] = []
    cpus = CpuPool(workers)

    def run_on_own_cpu(check: _SandboxCheck) -> CheckResult:
        with cpus.lease() as cpu:
            return check.run(check.problem, check.path, replace(options, cpu=cpu))

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="validate") as pool:
        static = {
            pool.submit(check_in_process, problem, options): problem_index
            for problem_index, problem in enumerate(selection.problems)
        }
        pending: dict[Future[CheckResult], tuple[int, int]] = {}
        for future in _as_done(static):
            problem_index = static[future]
            static_results = future.result()
            for check_index, result in enumerate(static_results):
                record((problem_index, check_index), result)
            trusted = all(
                result.status is CheckStatus.PASSED
                for result in static_results
                if result.check in _REFERENCE_CHECKS
            )
            problem = selection.problems[problem_index]
            for offset, check in enumerate(_sandbox_checks(problem, options.complexity)):
                key = (problem_index, len(static_results) + offset)
                if not trusted:
                    record(key, _skipped(check))
                elif check.timed:
                    timed.append((key, check))
                else:
                    pending[pool.submit(run_on_own_cpu, check)] = key
        for future in _as_done(pending):
            record(pending[future], future.result())
    # Alone now: nothing else competes for the CPU while growth is measured.
    for key, check in sorted(timed, key=lambda item: item[0]):
        record(key, check.run(check.problem, check.path, options))
    ordered = tuple(results[key] for key in sorted(results))
    return Validation(results=ordered, duration_s=time.monotonic() - started)


def _as_done(futures: dict[Future[Any], Any]) -> Iterator[Future[Any]]:
    """The futures as they finish; the first one that raised re-raises here, cancelling the rest."""
    remaining = set(futures)
    while remaining:
        done, remaining = wait(remaining, return_when="FIRST_COMPLETED")
        for future in done:
            if future.exception() is not None:
                for other in remaining:
                    other.cancel()
            yield future


def _skipped(check: _SandboxCheck) -> CheckResult:
    return CheckResult(
        check.problem.slug,
        check.name,
        CheckStatus.SKIPPED,
        "skipped until the reference passes its examples and properties",
    )


# ---- checks in the judge's process (the package's own code is trusted) --------------------


def check_in_process(problem: Problem, options: JudgeOptions) -> list[CheckResult]:
    """spec.md, TODO markers, reference examples, strategies, reference properties."""

    def result(check: str, findings: list[str], confirmed: str) -> CheckResult:
        if findings:
            return CheckResult(problem.slug, check, CheckStatus.FAILED, "\n".join(findings))
        return CheckResult(problem.slug, check, CheckStatus.PASSED, confirmed)

    example_count = sum(len(task.examples) for task in problem.tasks)
    examples = counted(example_count, "spec example")
    properties = sum(len(task.properties) for task in problem.tasks)
    return [
        result(
            SPEC,
            spec_findings(problem),
            "sections complete, " + _agree(examples, example_count, "agrees", "agree"),
        ),
        result(SOLUTION, solution_findings(problem), "idea, invariant and why it is fast"),
        result(TODO_MARKERS, todo_findings(problem), "none left"),
        result(REFERENCE_EXAMPLES, example_findings(problem), f"{examples} answered"),
        result(STRATEGIES, strategy_findings(problem), "arguments drawn and built as declared"),
        result(
            REFERENCE_PROPERTIES,
            property_findings(problem, options.examples),
            ", ".join(
                [_agree(counted(properties, "property", "properties"), properties, "holds", "hold")]
                + [f"the {task.checker.kind} checker accepts" for task in problem.tasks]
            ),
        ),
        result(
            REFERENCE_RULES,
            _reference_rule_findings(problem),
            f"{counted(len(problem.rules), 'rule')} kept" if problem.rules else "no rules declared",
        ),
    ]


def _agree(subject: str, count: int, singular: str, plural: str) -> str:
    """``subject`` with its verb agreeing: "1 spec example agrees", "3 spec examples agree"."""
    return f"{subject} {singular if count == 1 else plural}"


def _reference_rule_findings(problem: Problem) -> list[str]:
    """One line per place where the reference breaks a rule of its own spec."""
    path = problem.package_dir / "reference.py"
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read {path.name}: {exc}"]
    return [
        f"reference.py line {finding.line} {finding.what}, which rule {finding.rule} forbids:"
        " the reference must keep the spec's rules"
        for finding in check_rules(source, problem.rules)
    ]


# ---- checks through the sandbox -------------------------------------------------------------


def _sandbox_checks(problem: Problem, measure_growth: bool) -> list[_SandboxCheck]:
    """The reference's growth, then every wrong/, slow/ and stress/ solution."""
    reference = problem.package_dir / "reference.py"
    checks = [_SandboxCheck(problem, REFERENCE_GROWTH, reference, measure_growth, _check_growth)]
    for path in solution_files(problem):
        try:
            timed = measure_growth and read_expectation(path).growth is not None
        except ProblemError:
            timed = False  # the check itself reports the broken header
        checks.append(
            _SandboxCheck(problem, relative_name(problem, path), path, timed, _check_solution)
        )
    return checks


def _check_growth(problem: Problem, path: Path, options: JudgeOptions) -> CheckResult:
    """The reference, judged against itself, is Accepted and measured on every task's target."""
    if not options.complexity:
        return CheckResult(problem.slug, REFERENCE_GROWTH, CheckStatus.SKIPPED, _NOT_MEASURED)
    report, error = _judge(path, problem, replace(options, complexity=True, style=False))
    if report is None:
        return CheckResult(problem.slug, REFERENCE_GROWTH, CheckStatus.FAILED, error)
    findings: list[str] = []
    confirmed: list[str] = []
    for task_report in report.tasks:
        task = problem.task(task_report.task)
        if task_report.verdict is not Verdict.ACCEPTED:
            findings.append(
                f"reference.py got {task_report.verdict.title} through the sandbox: "
                f"{describe_failure(problem, task_report)}"
            )
            continue
        stress = task_report.stress
        if stress is not None and not stress.passed:
            findings.append(
                f"reference.py fails its stress group through the sandbox: "
                f"{describe_stress(task_report.task, stress)}"
            )
            continue
        measured = task_report.complexity
        if measured is None or measured.estimated is None:
            why = measured.note if measured is not None else "growth was not measured"
            findings.append(f"{task.name}: could not measure growth: {why}")
        elif not measured.reads_as(task.target):
            findings.append(
                f"{task.name}: measured {measured.shown} in {task.size_unit}, "
                f"but the target is {task.target.value}: check the target and make_input"
            )
        else:
            confirmed.append(f"{task.name}: {task.target.value} in {task.size_unit}")
    if findings:
        return CheckResult(problem.slug, REFERENCE_GROWTH, CheckStatus.FAILED, "\n".join(findings))
    return CheckResult(problem.slug, REFERENCE_GROWTH, CheckStatus.PASSED, "\n".join(confirmed))


def _check_solution(problem: Problem, path: Path, options: JudgeOptions) -> CheckResult:
    """A wrong/, slow/ or stress/ solution gets the verdicts (and growth) its header declares."""
    name = relative_name(problem, path)

    def failed(detail: str) -> CheckResult:
        return CheckResult(problem.slug, name, CheckStatus.FAILED, detail)

    try:
        expectation = read_expectation(path)
    except ProblemError as exc:
        return failed(str(exc))
    timed = expectation.growth is not None and options.complexity
    report, error = _judge(path, problem, replace(options, complexity=timed, style=False))
    if report is None:
        return failed(error)
    failing = [task for task in report.tasks if task.verdict is not Verdict.ACCEPTED]
    evidence = describe_failure(problem, failing[0]) if failing else ""
    unknown = sorted(set(expectation.breaks) - {rule.id for rule in problem.rules})
    if unknown:
        known = ", ".join(rule.id for rule in problem.rules) or "none"
        return failed(f"declares it breaks {', '.join(unknown)}, not a rule of it (rules: {known})")
    rules = _rule_mismatch(expectation.breaks, report)
    if rules:
        return failed(rules)
    if report.verdict is not expectation.verdict:
        declared = f"declared {expectation.verdict.title}, got {report.verdict.title}"
        if failing and _raised_not_implemented(report):
            return failed(f"implement {failing[0].task} (it raises NotImplementedError)")
        if not failing:
            return failed(
                f"{declared}: no example or generated input shows the mistake; make the "
                "strategy draw the inputs it gets wrong (or move the file out of wrong/)"
            )
        return failed(f"{declared}: {evidence or failing[0].note}")
    if expectation.stress is not None:
        stress = _stress_result(problem, name, report, expectation.stress)
        # A slow/ file that also fails the stress group (too slow at its sizes) must still be
        # flagged with its growth: the stress verdict alone does not pass it.
        if stress.status is not CheckStatus.PASSED or expectation.growth is None:
            return stress
    if expectation.growth is None:
        if expectation.breaks:
            evidence = "; ".join(
                f"line {finding.line} {finding.what}" for finding in report.rule_findings
            )
            evidence = f"breaks {', '.join(expectation.breaks)}: {evidence}"
        return CheckResult(
            problem.slug, name, CheckStatus.PASSED, f"{report.verdict.title}: {evidence}"
        )
    if not timed:
        detail = f"{report.verdict.title} as declared; {_NOT_MEASURED}"
        return CheckResult(problem.slug, name, CheckStatus.SKIPPED, detail)
    measured = [
        (task.task, task.complexity)
        for task in report.tasks
        if task.complexity is not None and task.complexity.estimated is not None
    ]
    for task_name, complexity in measured:
        if expectation.growth is not None and complexity.reads_as(expectation.growth):
            return CheckResult(
                problem.slug,
                name,
                CheckStatus.PASSED,
                f"{report.verdict.title}, {task_name} flagged {complexity.shown} "
                f"in {complexity.size_unit} (target {complexity.target.value})",
            )
    shown = ", ".join(f"{task_name} {complexity.shown}" for task_name, complexity in measured)
    notes = "; ".join(task.complexity.note for task in report.tasks if task.complexity is not None)
    return failed(
        f"declared growth {expectation.growth.value}, measured "
        f"{shown or 'nothing' + (f' ({notes})' if notes else '')}"
    )


def _rule_mismatch(declared: tuple[str, ...], report: Report) -> str:
    """What differs between the rules a solution declares it breaks and those it breaks, or ""."""
    found = report.broken_rules
    missed = [rule for rule in declared if rule not in found]
    if missed:
        return (
            f"declares it breaks {', '.join(missed)}, but the rules find nothing: make the rule"
            " forbid what the file uses"
        )
    extra = [finding for finding in report.rule_findings if finding.rule not in declared]
    if extra:
        first = extra[0]
        return (
            f"line {first.line} {first.what}, which rule {first.rule} forbids: declare"
            f" '# breaks: {first.rule}', or write it without the shortcut"
        )
    return ""


def _stress_result(problem: Problem, name: str, report: Report, declared: Verdict) -> CheckResult:
    """A solution Accepted as declared whose header names a stress verdict (every stress/ file):
    some task's stress group gets ``declared``."""
    stressed = [task for task in report.tasks if task.stress is not None]
    for task in stressed:
        if task.stress is not None and task.stress.verdict is declared:
            said = describe_stress(task.task, task.stress)
            return CheckResult(problem.slug, name, CheckStatus.PASSED, said)
    got = ", ".join(
        f"{task.task} {task.stress.verdict.title}" for task in stressed if task.stress is not None
    )
    return CheckResult(
        problem.slug,
        name,
        CheckStatus.FAILED,
        f"declared stress {declared.title}, got {got or 'no stress group'}: make the stress"
        " group draw the sizes it fails at (or move the file out of stress/)",
    )


def _judge(path: Path, problem: Problem, options: JudgeOptions) -> tuple[Report | None, str]:
    """Judge one file; (None, why) when the judge could not (a SandboxUnavailable stops all).

    With complexity on, a measurement too noisy to classify (a burst of load elsewhere on the
    machine) is taken once more: the class it must show is not loosened, only measured again.
    """
    for attempt in range(1 + _NOISY_RETRIES if options.complexity else 1):
        try:
            report = judge_file(path, problem, options)
        except SandboxUnavailable:
            raise
        except JudgeError as exc:
            return None, f"could not judge {path.name}: {exc}"
        if not _unmeasured(report) or attempt == _NOISY_RETRIES:
            break
    return report, ""


def _unmeasured(report: Report) -> bool:
    """True when an accepted task's growth could not be classified."""
    return any(
        task.verdict is Verdict.ACCEPTED
        and (task.complexity is None or task.complexity.estimated is None)
        for task in report.tasks
    )


def _raised_not_implemented(report: Report) -> bool:
    return any(
        task.counterexample is not None
        and task.counterexample.error is not None
        and task.counterexample.error.type_name == "NotImplementedError"
        for task in report.tasks
    )


# ---- wording ----------------------------------------------------------------------------------
