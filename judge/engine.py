"""The judging engine: a submission and a problem in, a Report out.

Stages, each stopping judging where the next makes no sense:

1. load: the file is loaded in a sandbox worker; a syntax error, a crash at import or a missing
   main task ends judging here.
2. spec examples: each task's worked examples, in the spec's order.
3. differential testing: Hypothesis inputs of the interview's sizes, answered by the candidate
   and by the reference, shrunk to the minimal failing input (judge.correctness.differential).
4. verdicts: one per task, and the overall one by judge.report.VERDICT_PRECEDENCE; an accepted
   task's stress group (the spec's largest sizes) is judged then, apart (judge.correctness.stress).
5. complexity: each accepted task's growth against the reference (judge.complexity.measure).
6. style: the source reviewed by ruff and radon (judge.style.review), whatever the verdict.

The problem's rules (judge.catalog.rules) are checked from the source's AST alongside: a broken
rule is
a finding in the report, never a verdict.

Each stage is its own function, so a later stage (complexity, style) is one more call here.
"""

from __future__ import annotations

import functools
import gc
import time
from dataclasses import dataclass, replace

from judge.catalog.problem import Problem, Task, TaskKind
from judge.catalog.rules import check_rules, forbidden_names
from judge.complexity.measure import measure_accepted
from judge.correctness.check import (
    Failure,
    SlowestCall,
    budget_failure,
    call_task,
    check_example,
    slower,
)
from judge.correctness.differential import Clock, failure_size, run_differential
from judge.correctness.literals import Literals, source_literals
from judge.correctness.stress import judge_stress
from judge.correctness.values import call_repr
from judge.errors import JudgeError
from judge.report import Report, TaskReport, Verdict, overall_verdict
from judge.sandboxes import open_sandbox
from judge.settings import JudgeOptions
from judge.style.review import review_style
from sandbox.affinity import current_cpu, thread_on_cpu
from sandbox.base import (
    Definition,
    LoadResult,
    LoadStatus,
    Outcome,
    Sandbox,
    Submission,
)

# How a load that did not finish maps to a verdict. A file that raises while being imported
# (ImportError included) is a runtime error: the candidate's code ran and failed.
_LOAD_OUTCOME_VERDICTS = {
    Outcome.TIMED_OUT: Verdict.TIME_LIMIT_EXCEEDED,
    Outcome.MEMORY_EXCEEDED: Verdict.MEMORY_LIMIT_EXCEEDED,
    Outcome.OUTPUT_EXCEEDED: Verdict.OUTPUT_LIMIT_EXCEEDED,
    Outcome.CRASHED: Verdict.RUNTIME_ERROR,
    Outcome.PROTOCOL_VIOLATION: Verdict.RUNTIME_ERROR,
    Outcome.RAISED: Verdict.RUNTIME_ERROR,
}


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which of the problem's tasks the loaded file can be judged on."""

    judged: tuple[Task, ...]  # defined with the right shape, in the problem's order
    misshapen: tuple[TaskReport, ...]  # defined, or required, but not callable as specified
    missing: tuple[str, ...]  # follow-up tasks the file does not define


def judge_submission(
    submission: Submission,
    problem: Problem,
    options: JudgeOptions,
    sandbox: Sandbox,
    *,
    clock: Clock = time.monotonic,
) -> Report:
    """Judge a submission in a sandbox the caller holds (and closes).

    The calling thread and the sandbox's workers share one CPU meanwhile (sandbox/affinity.py).
    """
    _freeze_loaded_objects()
    cpu = current_cpu() if options.cpu is None else options.cpu
    with thread_on_cpu(cpu):
        sandbox.pin_to_cpu(cpu)
        return _judge_pinned(submission, problem, replace(options, cpu=cpu), sandbox, clock)


@functools.cache
def _freeze_loaded_objects() -> None:
    """Once per process: what is alive before the first judging (modules, the problem set,
    Hypothesis) leaves the garbage collector's sight for good.

    It lives as long as the process anyway, and a judging would otherwise walk it again and
    again: Hypothesis's first run calls gc.collect(), and its generation churns the young heap.
    About 30 ms of a one-second `judge submit`.
    """
    gc.freeze()


def _judge_pinned(
    submission: Submission, problem: Problem, options: JudgeOptions, sandbox: Sandbox, clock: Clock
) -> Report:
    started = clock()
    deadline = started + problem.limits.judge_budget_s
    source = submission.source.decode("utf-8", "replace")
    sandbox.prepare(submission)  # a container starts while the style review runs
    # Style reads the source and never runs it: reviewed whatever the verdict, if it parses.
    style = (
        review_style(
            source,
            contract_names=_contract_names(problem),
            forbidden=forbidden_names(problem.rules),
            task_names=[task.name for task in problem.tasks],
        )
        if options.style
        else None
    )
    rule_findings = check_rules(source, problem.rules)  # from the AST, never run
    load = sandbox.load(submission)

    def report(tasks: tuple[TaskReport, ...], missing: tuple[str, ...] = ()) -> Report:
        return Report(
            problem=problem.slug,
            file=submission.filename,
            sandbox=sandbox.info,
            seed=options.seed,
            verdict=overall_verdict([task.verdict for task in tasks]),
            tasks=tasks,
            missing_tasks=missing,
            duration_s=clock() - started,
            load_error=load.error,
            style=style,
            rule_findings=rule_findings,
        )

    load_failure = _load_failure(problem, load)
    if load_failure is not None:
        return report((load_failure,))
    plan = _plan(problem, load.definitions)
    literals = source_literals(source)  # read from the AST, never run
    judged = []
    for index, task in enumerate(plan.judged):
        # Each remaining task gets an equal share of what is left of the problem's budget.
        share = (deadline - clock()) / (len(plan.judged) - index)
        judged.append(
            _judge_task(
                task,
                sandbox,
                options,
                clock() + share,
                clock,
                literals,
                problem.limits.judge_budget_s,
                source,
            )
        )
    by_name = {task.task: task for task in (*judged, *plan.misshapen)}
    ordered = tuple(by_name[task.name] for task in problem.tasks if task.name in by_name)
    if options.complexity:
        # Only accepted tasks are measured: a wrong answer gets no complexity verdict at all.
        ordered = measure_accepted(
            problem,
            ordered,
            sandbox,
            source,
            budget_s=options.complexity_budget_s,
            open_reference=lambda: open_sandbox(
                sandbox.info.kind, problem.limits.for_sandbox(), options.image
            ),
            cpu=options.cpu,
        )
    return report(ordered, plan.missing)


def _contract_names(problem: Problem) -> tuple[str, ...]:
    """The parameter names the spec itself uses: not the candidate's one-letter names."""
    return tuple(dict.fromkeys(name for task in problem.tasks for name in task.params))


def _load_failure(problem: Problem, load: LoadResult) -> TaskReport | None:
    """The main task's report when the file did not load, else None."""
    if load.outcome is Outcome.OK and load.status is LoadStatus.OK:
        return None
    if load.status is LoadStatus.SYNTAX_ERROR:
        verdict = Verdict.SYNTAX_ERROR
    else:
        verdict = _LOAD_OUTCOME_VERDICTS.get(load.outcome, Verdict.RUNTIME_ERROR)
    note = load.detail
    if load.outcome is Outcome.TIMED_OUT:
        note = "loading the file ran past the time limit: does it run code at import?"
    return TaskReport(
        task=problem.main_task.name,
        verdict=verdict,
        examples_run=0,
        note=note,
        kind=problem.main_task.kind,
    )


def _plan(problem: Problem, definitions: tuple[Definition, ...]) -> _Plan:
    """Sort the problem's tasks into judged, misshapen and missing follow-ups."""
    defined = {definition.name: definition for definition in definitions}
    judged: list[Task] = []
    misshapen: list[TaskReport] = []
    missing: list[str] = []
    for task in problem.tasks:
        definition = defined.get(task.name)
        if definition is None and not task.required:
            missing.append(task.name)
            continue
        problem_with_it = _shape_problem(task, definition)
        if problem_with_it:
            misshapen.append(
                TaskReport(
                    task.name, Verdict.MISSING_FUNCTION, 0, note=problem_with_it, kind=task.kind
                )
            )
        else:
            judged.append(task)
    return _Plan(tuple(judged), tuple(misshapen), tuple(missing))


def _shape_problem(task: Task, definition: Definition | None) -> str:
    """Why ``definition`` cannot serve as ``task`` (one line saying what to write), or ""."""
    kind = "class" if task.kind is TaskKind.CLASS else "function"
    wanted = f"{kind} {task.name}({', '.join(task.params)})"
    if definition is None:
        return f"the file does not define {task.name!r}: define the {wanted}"
    if definition.kind != kind:
        return f"{task.name!r} is a {definition.kind}, but the task is the {wanted}"
    if definition.variadic and len(definition.params) <= len(task.params):
        return ""  # math.gcd(*integers): the call decides whether the arguments fit
    if len(definition.params) != len(task.params):
        got = f"{task.name}({', '.join(definition.params)})"
        return f"{got} takes {len(definition.params)} parameters; the task is the {wanted}"
    return ""


@dataclass(frozen=True, slots=True)
class _ExamplesRun:
    """How a task's spec examples went: the first failure, and what the budget allowed."""

    calls: int
    failure: Failure | None
    slowest: SlowestCall | None
    out_of_budget: bool  # the budget ran out before every example was run


def _judge_task(
    task: Task,
    sandbox: Sandbox,
    options: JudgeOptions,
    deadline: float,
    clock: Clock,
    literals: Literals,
    budget_s: float,
    source: str,
) -> TaskReport:
    """Spec examples, then differential testing on the interview's inputs, then (once those
    pass) the stress group; the judge's own failures become internal errors.

    A task whose testing the budget cut short, with nothing failed, is not Accepted: it is a Time
    Limit Exceeded on the judging budget (``budget_s``), shown on its slowest input.
    """
    try:
        examples = _run_examples(task, sandbox, deadline, clock)
        failure = examples.failure
        # A spec example past the time limit stops here: every further timeout costs as much.
        if failure is not None and failure.verdict is Verdict.TIME_LIMIT_EXCEEDED:
            return _task_report(task, examples.calls, failure, "")
        differential = run_differential(task, sandbox, options, deadline, clock, literals)
        calls = examples.calls + differential.calls
        shown = _shown_failure(differential.failure, failure)
        # The note says how the differential search ended: it belongs to its failure, not the
        # spec's.
        note = differential.note if shown is differential.failure else ""
        if shown is None and (examples.out_of_budget or differential.out_of_budget):
            slowest = examples.slowest
            if differential.slowest is not None:
                slowest = slower(slowest, differential.slowest.args, differential.slowest.seconds)
            if slowest is None:
                note = f"the judging budget of {budget_s:g} s ran out before this task was called"
                return TaskReport(
                    task.name, Verdict.TIME_LIMIT_EXCEEDED, 0, note=note, kind=task.kind
                )
            shown = budget_failure(task, slowest, calls, budget_s)
    except JudgeError as exc:
        return TaskReport(task.name, Verdict.INTERNAL_ERROR, 0, note=str(exc), kind=task.kind)
    if failure is not None and shown is not failure:
        also = f"the spec's example {call_repr(task.name, failure.counterexample.args)} fails too"
        note = f"{note}; {also}" if note else also
    judged = _task_report(task, calls, shown, note)
    if judged.verdict is not Verdict.ACCEPTED:
        return judged  # the interview's inputs decide: the stress group is not reached
    try:
        stress = judge_stress(task, sandbox, options, deadline, clock, literals, source, budget_s)
    except JudgeError as exc:
        return TaskReport(task.name, Verdict.INTERNAL_ERROR, calls, note=str(exc), kind=task.kind)
    return replace(judged, stress=stress)


def _shown_failure(found: Failure | None, spec_failure: Failure | None) -> Failure | None:
    """The failure to report: Hypothesis's shrunk one or a failed spec example, the shorter.

    Hypothesis's shrinker is a local search: on some inputs a spec example is simpler still
    (and the spec's example is the fallback when Hypothesis finds nothing). Nondeterminism is
    only ever seen by Hypothesis, so it is always reported.
    """
    if found is None or spec_failure is None or found.verdict is Verdict.NONDETERMINISTIC:
        return found or spec_failure
    return min((spec_failure, found), key=failure_size)  # the spec's example on a tie


def _run_examples(task: Task, sandbox: Sandbox, deadline: float, clock: Clock) -> _ExamplesRun:
    """Run the task's spec examples in order, up to the first failure."""
    calls = 0
    slowest: SlowestCall | None = None
    for example in task.examples:
        if clock() >= deadline:
            return _ExamplesRun(calls, None, slowest, out_of_budget=True)
        result = call_task(sandbox, task, example.args)
        calls += 1
        slowest = slower(slowest, example.args, result.wall_seconds)
        failure = check_example(task, example, result)
        if failure is not None:
            return _ExamplesRun(calls, failure, slowest, out_of_budget=False)
    return _ExamplesRun(calls, None, slowest, out_of_budget=False)


def _task_report(task: Task, calls: int, failure: Failure | None, note: str) -> TaskReport:
    if failure is None:
        return TaskReport(task.name, Verdict.ACCEPTED, calls, note=note, kind=task.kind)
    return TaskReport(
        task.name, failure.verdict, calls, failure.counterexample, note=note, kind=task.kind
    )
