"""One call to the candidate, checked: what the sandbox reported, turned into a verdict or None.

Shared by the spec-examples stage and the differential stage, so that an outcome means the same
verdict wherever it happens.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from judge.catalog.checkers import run_checker
from judge.catalog.compare import answers_equal, raised_matches
from judge.catalog.problem import Args, Example, Task, TaskKind
from judge.errors import InternalError
from judge.report import Counterexample, Verdict
from judge.wording import counted
from sandbox.base import CallRequest, CallResult, Outcome, Sandbox

# What the candidate's code did, when it did not answer, as the verdict it earns. A crash (a
# signal, sys.exit) and a reply that breaks the protocol are the candidate's doing: runtime
# errors, and a broken reply is never trusted as an answer.
_OUTCOME_VERDICTS = {
    Outcome.RAISED: Verdict.RUNTIME_ERROR,
    Outcome.TIMED_OUT: Verdict.TIME_LIMIT_EXCEEDED,
    Outcome.MEMORY_EXCEEDED: Verdict.MEMORY_LIMIT_EXCEEDED,
    Outcome.OUTPUT_EXCEEDED: Verdict.OUTPUT_LIMIT_EXCEEDED,
    Outcome.CRASHED: Verdict.RUNTIME_ERROR,
    Outcome.PROTOCOL_VIOLATION: Verdict.RUNTIME_ERROR,
}

MATCHES_REFERENCE = "matches the reference"


@dataclass(frozen=True, slots=True)
class Failure:
    """A call that shows the task is not accepted: the verdict it earns and the evidence."""

    verdict: Verdict
    counterexample: Counterexample


@dataclass(frozen=True, slots=True)
class SlowestCall:
    """The input whose call took longest, timed by the judge (the worker's own figures are not
    trusted), and how long it took."""

    args: Args
    seconds: float


def slower(slowest: SlowestCall | None, args: Args, seconds: float) -> SlowestCall:
    """``slowest``, or the call on ``args`` when that one took longer."""
    if slowest is not None and slowest.seconds >= seconds:
        return slowest
    return SlowestCall(args, seconds)


def budget_failure(task: Task, slowest: SlowestCall, calls: int, budget_s: float) -> Failure:
    """The Time Limit Exceeded of a task whose testing ran out of judging budget.

    The task has not been shown correct, and the time went on the candidate's calls: the
    counterexample is the slowest input, with the reference's answer for it.
    """
    detail = (
        f"the judging budget of {budget_s:g} s ran out after {counted(calls, 'call')};"
        f" the slowest took {slowest.seconds:.2f} s"
    )
    counterexample = Counterexample(
        args=slowest.args,
        expected=reference_answer(task, slowest.args),
        actual=None,
        error=None,
        broken_property=None,
        detail=detail,
        over_budget=True,
    )
    return Failure(Verdict.TIME_LIMIT_EXCEEDED, counterexample)


def call_task(sandbox: Sandbox, task: Task, args: Args) -> CallResult:
    """Run the candidate's task on ``args`` in the sandbox (one call)."""
    is_class = task.kind is TaskKind.CLASS
    request = CallRequest(task.name, args, is_class, in_place=task.in_place_positions)
    return sandbox.call(request)


def reference_answer(task: Task, args: Args) -> Any:
    """The reference's answer, on a copy of ``args`` so a mutating reference cannot change them."""
    try:
        return task.expected(copy.deepcopy(args))
    except Exception as exc:
        raise InternalError(
            f"the reference for {task.name!r} raised {exc!r} on {args!r:.200}; "
            "the problem package is wrong, please report it"
        ) from exc


def check_answer(task: Task, args: Args, expected: Any, result: CallResult) -> Failure | None:
    """None when the task's checker accepts the call's answer (by default: it is ``expected``,
    the reference's); else the Failure it shows."""
    if result.outcome is not Outcome.OK:
        return _not_answered(args, expected, result)
    checked = run_checker(task.checker, args, expected, result.value)
    if checked.accepted:
        return None
    counterexample = _counterexample(
        args,
        expected,
        result,
        broken_property=broken_property(task, args, result.value),
        detail=_first_difference(task, args, expected, result.value) or checked.message,
    )
    counterexample = replace(counterexample, expected_is_example=not task.checker.unique)
    return Failure(Verdict.WRONG_ANSWER, counterexample)


def check_example(task: Task, example: Example, result: CallResult) -> Failure | None:
    """None when the call did what the spec example says (answer, or raise that exception)."""
    if example.raises is None:
        return check_answer(task, example.args, example.expected, result)
    expected_name = example.raises.__name__
    if result.outcome is Outcome.RAISED and result.error is not None:
        if raised_matches(result.error.type_name, example.raises):
            return None
        detail = f"expected {expected_name} (or a subclass) to be raised"
    elif result.outcome is Outcome.OK:
        detail = f"expected {expected_name} to be raised, but it returned a value"
    else:
        return _not_answered(example.args, None, result)
    counterexample = _counterexample(example.args, None, result, None, detail)
    return Failure(Verdict.WRONG_ANSWER, counterexample)


def broken_property(task: Task, args: Args, actual: Any) -> str:
    """The first named property a wrong answer breaks, or "matches the reference"."""
    for prop in task.properties:
        try:
            holds = prop.holds(args, actual)
        except Exception:  # a property cannot hold of a value it cannot even inspect
            holds = False
        if not holds:
            return prop.name
    return MATCHES_REFERENCE


def _not_answered(args: Args, expected: Any, result: CallResult) -> Failure:
    verdict = _OUTCOME_VERDICTS[result.outcome]
    detail = result.detail
    if result.outcome is Outcome.PROTOCOL_VIOLATION:
        detail = f"the sandbox worker sent a reply that is not valid ({result.detail})"
    return Failure(verdict, _counterexample(args, expected, result, None, detail))


def _counterexample(
    args: Args, expected: Any, result: CallResult, broken_property: str | None, detail: str
) -> Counterexample:
    return Counterexample(
        args=args,
        expected=expected,
        actual=result.value if result.outcome is Outcome.OK else None,
        error=result.error,
        broken_property=broken_property,
        stdout=result.stdout,
        stderr=result.stderr,
        detail=detail,
    )


def _first_difference(task: Task, args: Args, expected: Any, actual: Any) -> str:
    """For a class task, which operation first answered differently; else nothing to add."""
    if task.kind is not TaskKind.CLASS or not isinstance(actual, list):
        return ""
    _constructor_args, operations = args
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if not answers_equal(want, got):
            method, method_args = operations[index]
            shown = ", ".join(repr(arg) for arg in method_args)
            return f"operation {index + 1}, {method}({shown}), answered differently"
    return f"answered {len(actual)} operations, expected {len(expected)}"
