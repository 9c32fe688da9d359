"""The stress group: a task's largest inputs, judged once the interview's inputs pass.

Code that is right on every input an interviewer would try can still fail at the spec's largest
sizes: a recursive Euclid one stack frame per step, a digit sum one frame per digit. Like
Kattis's testdata groups and CMS's subtasks, those inputs are a group of their own: searched and
shrunk as the interview's are, and reported with the size the failure starts at and why, apart
from the task's verdict (which the interview's inputs decide).

The why comes from what is known: the candidate's source, read from its AST on the trusted side
(which function calls itself, on which line), and the problem's own words for that failure when
its package declares them. Nothing the sandbox sends back (a traceback is the candidate's text)
is parsed for it; the exception's type name is only compared with the declared ones.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, replace

from judge.catalog.problem import Args, Group, StressGroup, Task, TaskKind
from judge.correctness.check import (
    Failure,
    budget_failure,
    call_task,
    check_answer,
    reference_answer,
)
from judge.correctness.differential import Clock, run_differential
from judge.correctness.literals import Literals
from judge.report import GroupReport, Verdict
from judge.settings import JudgeOptions
from sandbox.base import Sandbox

# CPython's default recursion limit: the sandbox's interpreter keeps it.
_RECURSION_LIMIT = 1000
# Failures whose smallest size is also bisected on the worst-case input: answers, not limits
# (each call near a limit costs the whole limit).
_BISECTED_VERDICTS = frozenset({Verdict.WRONG_ANSWER, Verdict.RUNTIME_ERROR})


@dataclass(frozen=True, slots=True)
class SelfCall:
    """A function of the candidate's source that calls itself, and the line of the first call."""

    function: str
    line: int


def judge_stress(
    task: Task,
    sandbox: Sandbox,
    options: JudgeOptions,
    deadline: float,
    clock: Clock,
    literals: Literals,
    source: str,
    budget_s: float,
) -> GroupReport | None:
    """The task's stress group judged (None when it has none): its smallest failure, the size
    it starts at and why, or passed. A budget that runs out first leaves it not passed."""
    stress, size_of = task.stress, task.size_of
    if stress is None or size_of is None:  # Task.__post_init__: a stress group has a size_of
        return None
    searched = replace(options, examples=min(options.examples, options.stress_examples))
    result = run_differential(task, sandbox, searched, deadline, clock, literals, Group.STRESS)
    failure = result.failure
    note = result.note
    if failure is None and result.out_of_budget:
        if result.slowest is None:
            note = "the judging budget ran out before the stress group was called"
            verdict = Verdict.TIME_LIMIT_EXCEEDED
            return GroupReport(Group.STRESS, verdict, 0, stress.sizes, task.size_unit, note=note)
        failure = budget_failure(task, result.slowest, result.calls, budget_s)
    if failure is None:
        return GroupReport(
            Group.STRESS, Verdict.ACCEPTED, result.calls, stress.sizes, task.size_unit, note=note
        )
    calls = result.calls
    if failure.verdict in _BISECTED_VERDICTS:
        worst, bisection_calls = _smallest_worst_case(
            task, size_of, stress.from_size, sandbox, failure, deadline, clock
        )
        calls += bisection_calls
        # The worst case wins a tie: it does not depend on the seed.
        if worst is not None and size_of(worst.counterexample.args) <= size_of(
            failure.counterexample.args
        ):
            failure = worst
    return GroupReport(
        group=Group.STRESS,
        verdict=failure.verdict,
        examples_run=calls,
        sizes=stress.sizes,
        size_unit=task.size_unit,
        counterexample=failure.counterexample,
        fails_from=size_of(failure.counterexample.args),
        explanation=explain(stress, failure, _recursion(source, task, failure)),
        note=note,
    )


def _smallest_worst_case(
    task: Task,
    size_of: Callable[[Args], int],
    from_size: int,
    sandbox: Sandbox,
    failure: Failure,
    deadline: float,
    clock: Clock,
) -> tuple[Failure | None, int]:
    """The smallest size at which the task's worst-case input (``make_input``) fails as
    ``failure`` did, by bisection between the group's first size and the failure's size; and
    the calls it took. None when the worst case of that size does not fail.

    Hypothesis shrinks towards the simplest input, which need not be the smallest size that
    fails (a 1000-digit 10...0 where 994 nines fail too), and where it ends depends on the seed:
    the worst case's boundary says from which size on it fails, the same for every seed.
    """
    calls = 0

    def fails(size: int) -> Failure | None:
        nonlocal calls
        args = task.make_input(size)
        if not task.in_group(Group.STRESS, args):
            return None
        expected = reference_answer(task, args)
        calls += 1
        found = check_answer(task, args, expected, call_task(sandbox, task, args))
        return found if found is not None and found.verdict is failure.verdict else None

    high = size_of(failure.counterexample.args)
    if task.max_size is not None:
        high = min(high, task.max_size)
    smallest = fails(high)
    if smallest is None:
        return None, calls
    low = from_size
    while low < high and clock() < deadline:
        middle = (low + high) // 2
        found = fails(middle)
        if found is None:
            low = middle + 1
        else:
            high, smallest = middle, found
    return smallest, calls


def _recursion(source: str, task: Task, failure: Failure) -> SelfCall | None:
    error = failure.counterexample.error
    return self_calls(source, task, error.traceback if error is not None else ())


def explain(stress: StressGroup, failure: Failure, recursion: SelfCall | None) -> str:
    """Why the stress group fails: the code's own recursion for a RecursionError, then the
    problem's words for this exception, when it declares them; "" when neither says anything."""
    error = failure.counterexample.error
    type_name = error.type_name if error is not None else ""
    declared = next((item.why for item in stress.explanations if item.error == type_name), "")
    declared = declared.rstrip(". ")
    if type_name != "RecursionError":
        return f"{declared}." if declared else ""
    frames = f"Python's default limit is {_RECURSION_LIMIT:,} frames"
    if recursion is not None:
        said = (
            f"{recursion.function} calls itself (line {recursion.line}), one stack frame per call,"
            f" and {frames}"
        )
    else:
        said = f"The calls nest deeper than {frames}"
    if declared:
        return f"{said}. {declared}; a loop has no such limit."
    return f"{said}; a loop has no such limit."


def self_calls(source: str, task: Task, traceback: tuple[str, ...] = ()) -> SelfCall | None:
    """The function of ``source`` that calls itself by name (a method: through ``self``).

    Of several, the deepest one the failure's ``traceback`` names (digital_root recurses twice,
    but digit_sum's recursion is the deep one), else the task's own, else the first in the file.
    The traceback is the candidate's text: it can only pick among the functions the source
    shows recursing. None when none does or the source does not parse.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    found: list[SelfCall] = []
    for node in ast.walk(tree):  # iterative: a deeply nested file cannot overflow the stack
        if isinstance(node, ast.ClassDef):
            found += _recursive(node.body, method=True)
    found += _recursive(tree.body, method=False)
    if not found:
        return None
    found.sort(key=lambda call: call.line)
    by_name = {call.function: call for call in reversed(found)}
    for name in _frame_names(traceback):
        if name in by_name:
            return by_name[name]
    own = task.name if task.kind is TaskKind.FUNCTION else ""
    return by_name.get(own, found[0])


def _frame_names(traceback: tuple[str, ...]) -> list[str]:
    """The function names of a traceback's ``File "...", line N, in NAME`` lines, deepest first."""
    names = []
    for line in reversed(traceback):
        head, separator, name = line.rpartition(", in ")
        if separator and head.lstrip().startswith("File ") and name.isidentifier():
            names.append(name)
    return names


def _recursive(body: list[ast.stmt], *, method: bool) -> list[SelfCall]:
    """The functions defined directly in ``body`` that call themselves."""
    found = []
    for statement in body:
        if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        lines = [
            call.lineno
            for call in ast.walk(statement)
            if isinstance(call, ast.Call) and _calls(call.func, statement.name, method=method)
        ]
        if lines:
            found.append(SelfCall(statement.name, min(lines)))
    return found


def _calls(func: ast.expr, name: str, *, method: bool) -> bool:
    if method:
        return (
            isinstance(func, ast.Attribute)
            and func.attr == name
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
        )
    return isinstance(func, ast.Name) and func.id == name
