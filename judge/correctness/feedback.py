"""One-line, plain-text wording of what went wrong, in the voice of the seeds' reviews.

Shared by the assessment's advice, the JUnit failure messages and the HTML report, so a failure
reads the same everywhere: "gcd(0, 5) returned None, expected 5". No rich, no markup: callers
escape for their medium.
"""

from __future__ import annotations

from typing import Any

from judge.catalog.compare import answers_equal
from judge.catalog.problem import Args, Problem, TaskKind
from judge.correctness.check import MATCHES_REFERENCE
from judge.correctness.values import int_digits, int_text, value_repr
from judge.report import Counterexample, GroupReport, Report, TaskReport, Verdict
from judge.wording import inputs_text

# Values longer than this are cut in the middle: both ends of a long input usually matter.
VALUE_LIMIT = 60


def elide(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` with its middle replaced by a count of what was left out, when over ``limit``."""
    if len(text) <= limit:
        return text
    keep = max(limit - 20, 10)
    head, tail = keep - keep // 2, keep // 2
    return f"{text[:head]}…({len(text) - head - tail} chars)…{text[-tail:]}"


def format_value(value: Any, limit: int = VALUE_LIMIT) -> str:
    """A returned or expected value as Python source, elided when long."""
    if type(value) is int:
        # A long number reads better by its size than by a count of characters left out.
        digits = int_digits(value, max((limit - 40) // 2, 5))
        return str(digits) if digits.count > limit else int_text(value)
    return elide(value_repr(value), limit)


def format_call(
    task_name: str, args: Args, kind: TaskKind = TaskKind.FUNCTION, limit: int = VALUE_LIMIT
) -> str:
    """The call the judge made: ``gcd(0, 5)``, or for a class task ``LRUCache(2); put(1, 1)``."""
    if kind is TaskKind.CLASS and len(args) == 2:
        constructor_args, operations = args
        steps = [f"{task_name}({_arguments(constructor_args, limit)})"]
        steps += [f"{method}({_arguments(arguments, limit)})" for method, arguments in operations]
        return elide("; ".join(steps), 3 * limit)
    return f"{task_name}({_arguments(args, limit)})"


def describe_failure(problem: Problem, task: TaskReport) -> str:
    """What the task's counterexample shows, in one line; the verdict's title when there is none."""
    example = task.counterexample
    if example is None:
        return f"{task.task}: {task.verdict.title}"
    call = format_call(task.task, example.args, task.kind)
    match task.verdict:
        case Verdict.TIME_LIMIT_EXCEEDED if example.over_budget:
            return (
                f"testing ran out of the judging budget of {problem.limits.judge_budget_s:g} s"
                f" before it could show the answers right; the slowest call was {call}"
            )
        case Verdict.TIME_LIMIT_EXCEEDED:
            return f"{call} ran past the time limit of {problem.limits.time_per_call_s:g} s"
        case Verdict.MEMORY_LIMIT_EXCEEDED:
            return f"{call} used more than {problem.limits.memory_mb} MB of memory"
        case Verdict.OUTPUT_LIMIT_EXCEEDED:
            return f"{call} printed more than {problem.limits.output_bytes // 1024} KiB"
        case Verdict.NONDETERMINISTIC:
            return f"{call} gave different answers for the same input"
    if example.error is not None:
        return f"{call} raised {example.error.type_name}: {elide(example.error.message)}"
    text = _answered(problem, task.task, call, example)
    if example.expected_is_example and example.detail:
        text += f": {example.detail}"
    # When every named property holds, only the reference disagrees: expected says it already.
    if example.broken_property and example.broken_property != MATCHES_REFERENCE:
        text += f" (broke: {example.broken_property})"
    return text


def _answered(problem: Problem, task_name: str, call: str, example: Counterexample) -> str:
    """What came back against what was expected: "f(3) returned 4, expected 5", or for an
    in-place task "after the call f([1, 0]), nums was [1, 0], expected [0, 1]"; "expected e.g."
    where other answers are right too."""
    wanted = "expected e.g." if example.expected_is_example else "expected"
    try:
        in_place = problem.task(task_name).in_place
    except KeyError:
        in_place = ()
    actual, expected = example.actual, example.expected
    shapes_fit = all(
        type(value) is tuple and len(value) == len(in_place) + 1 for value in (actual, expected)
    )
    if not in_place or not shapes_fit:
        return f"{call} returned {format_value(actual)}, {wanted} {format_value(expected)}"
    # Only what differs: a list left right is not news.
    parts = [
        f"{name} was {format_value(got)}, {wanted} {format_value(want)}"
        for name, got, want in zip(in_place, actual[1:], expected[1:], strict=True)
        if not answers_equal(want, got)
    ]
    if type(actual[0]) is not type(expected[0]) or actual[0] != expected[0]:
        parts.append(f"it returned {format_value(actual[0])}, {wanted} {format_value(expected[0])}")
    return f"after the call {call}, " + "; ".join(parts or [f"{', '.join(in_place)} as expected"])


def size_text(size: int, unit: str) -> str:
    """A size in its unit as a sentence says it: "208 digits", "length 1,500"."""
    return f"{size:,} {unit}" if unit.endswith("s") else f"{unit} {size:,}"


def stress_outcome(group: GroupReport) -> str:
    """How the stress group went, in a few words: "fails from 208 digits on: RecursionError"."""
    if group.passed:
        return f"passed ({inputs_text(group.examples_run)} of {group.sizes})"
    example = group.counterexample
    what = group.verdict.title
    if example is not None and example.error is not None:
        what = example.error.type_name
    if example is not None and example.over_budget:
        return f"not shown right: {example.detail}"
    if group.fails_from is None:
        return f"fails: {what}"
    return f"fails from {size_text(group.fails_from, group.size_unit)} on: {what}"


def describe_stress(task_name: str, group: GroupReport) -> str:
    """The stress group's outcome and why, in one line: "fails from 208 digits on:
    RecursionError. gcd calls itself (line 4), ...; a loop has no such limit."."""
    text = f"{task_name}: {stress_outcome(group)}"
    if group.explanation:
        text += f". {group.explanation}"
    return text


def describe_load_failure(report: Report) -> str:
    """Why the file did not load (syntax error, crash at import), in one line."""
    if report.load_error is None:
        return report.verdict.title
    message = report.load_error.message.strip().splitlines()
    first = message[0] if message else ""
    return elide(f"{report.load_error.type_name}: {first}", 2 * VALUE_LIMIT)


def edge_case(task: TaskReport, example: Counterexample) -> str | None:
    """The kind of input that broke it, as a review would name it: "the zero case"."""
    if task.kind is TaskKind.CLASS:
        return None
    values = example.args
    if any(_is_int(value) and value == 0 for value in values):
        return "the zero case"
    if any(_is_sized(value) and len(value) == 0 for value in values):
        return "the empty input"
    if any(_is_int(value) and value < 0 for value in values):
        return "negative numbers"
    if any(_is_sized(value) and len(value) == 1 for value in values):
        return "the one-element case"
    return None


def _arguments(args: Args, limit: int) -> str:
    return ", ".join(format_value(value, limit) for value in args)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple | dict | set)
