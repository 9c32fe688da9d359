"""min_stack: a stack that answers its minimum in O(1) per operation (a class task)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task, TaskKind

from .reference import MinStack

Operations = tuple[tuple[str, tuple[int, ...]], ...]
_READS = ("pop", "top", "get_min")


def _operations(steps: Iterable[tuple[int, int]]) -> Operations:
    """The operations the drawn pairs stand for: (0, value) pushes value, (1, 2 or 3, _) pops,
    reads the top or the minimum; a read of an empty stack becomes a push."""
    operations: list[tuple[str, tuple[int, ...]]] = []
    depth = 0
    for kind, value in steps:
        if kind == 0 or depth == 0:
            operations.append(("push", (value,)))
            depth += 1
        else:
            method = _READS[kind - 1]
            operations.append((method, ()))
            depth -= method == "pop"
    return tuple(operations)


# Few values make a repeated minimum likely: popping one copy of it must keep the other.
_step = st.tuples(st.integers(0, 3), st.integers(-3, 3) | st.integers(-(10**9), 10**9))
_arguments = st.lists(st.lists(_step, max_size=12), max_size=5).map(
    lambda runs: ((), _operations(step for run in runs for step in run))
)


def make_variant(size: int, variant: int) -> Args:
    """``size`` operations: pushes of falling values (a new minimum each time), then as many
    get_min: scanning the stack for its minimum costs its depth each time. The values are
    offset by an amount drawn from ``variant``; the work is the same for every variant."""
    offset = random.Random(variant).randrange(-(10**9), 10**9)
    pushes = max(size // 2, 1)
    operations: list[tuple[str, tuple[int, ...]]] = [("push", (offset - i,)) for i in range(pushes)]
    operations += [("get_min", ())] * (max(size, 1) - pushes)
    return ((), tuple(operations))


def make_input(size: int) -> Args:
    """``size`` operations: falling pushes, then reads of the minimum."""
    return make_variant(size, 0)


def _one_result_per_operation(args: Args, answer: Any) -> bool:
    _, operations = args
    if not isinstance(answer, list) or len(answer) != len(operations):
        return False
    return all(
        result is None if method in ("push", "pop") else type(result) is int
        for (method, _), result in zip(operations, answer, strict=True)
    )


def _replay(args: Args, answer: Any) -> Iterable[tuple[str, list[int], Any]]:
    """(method, the stack after it, its result) per operation, the stack kept by a plain list."""
    _, operations = args
    stack: list[int] = []
    for (method, method_args), result in zip(operations, answer, strict=True):
        if method == "push":
            stack.append(method_args[0])
        elif method == "pop":
            stack.pop()
        yield method, stack, result


def _top_is_the_last_pushed(args: Args, answer: Any) -> bool:
    return _one_result_per_operation(args, answer) and all(
        result == stack[-1] for method, stack, result in _replay(args, answer) if method == "top"
    )


def _min_is_the_smallest_held(args: Args, answer: Any) -> bool:
    return _one_result_per_operation(args, answer) and all(
        result == min(stack)
        for method, stack, result in _replay(args, answer)
        if method == "get_min"
    )


def _valid(args: Args) -> bool:
    """No pop, top or get_min on an empty stack."""
    _, operations = args
    depth = 0
    for method, _ in operations:
        if method == "push":
            depth += 1
        elif depth == 0:
            return False
        else:
            depth -= method == "pop"
    return True


PROBLEM = Problem(
    slug="min_stack",
    title="Min Stack",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="MinStack",
            params=(),
            reference=MinStack,
            arguments=_arguments,
            # O(1) per operation: O(n) for the n operations a measured sequence holds.
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="operations",
            kind=TaskKind.CLASS,
            methods=("push", "pop", "top", "get_min"),
            examples=(
                Example(
                    args=(
                        (),
                        (
                            ("push", (-2,)),
                            ("push", (0,)),
                            ("push", (-3,)),
                            ("get_min", ()),
                            ("pop", ()),
                            ("top", ()),
                            ("get_min", ()),
                        ),
                    ),
                    expected=[None, None, None, -3, None, 0, -2],
                ),
                Example(
                    args=(
                        (),
                        (
                            ("push", (1,)),
                            ("push", (1,)),
                            ("pop", ()),
                            ("get_min", ()),
                        ),
                    ),
                    expected=[None, None, None, 1],
                ),
            ),
            properties=(
                Property("one result per call, None for push and pop", _one_result_per_operation),
                Property("top is the value pushed last and not popped", _top_is_the_last_pushed),
                Property("get_min is the smallest value on the stack", _min_is_the_smallest_held),
            ),
            domain=_valid,
        ),
    ),
)
