"""The classic pack's problems (packs/classic): the timed inputs keep the make_variant contract
(exactly the size, the same work for every variant), the strategies reach each problem's edge
cases, and the properties and rules catch the mistakes they are there for."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Args, Problem, Task
from judge.catalog.rules import check_rules

CATALOGUE = discover()
VARIANTS = (0, 1, 2**63 + 12345, 2**64 - 1)
_FIND = settings(max_examples=2000, database=None, derandomize=True)


def _problem(slug: str) -> Problem:
    problem = find_problem(CATALOGUE, slug)
    assert CATALOGUE.pack_of(problem) == "classic"
    return problem


def _broken(task: Task, args: Args, answer: Any) -> list[str]:
    return [prop.name for prop in task.properties if not prop.holds(args, answer)]


def _variants(task: Task, size: int) -> list[Args]:
    assert task.make_variant is not None
    return [task.make_variant(size, variant) for variant in VARIANTS]


@pytest.mark.parametrize("size", [1, 2, 7, 64])
def test_valid_parentheses_times_the_deepest_nesting(size: int) -> None:
    task = _problem("valid_parentheses").main_task
    texts = [text for (text,) in _variants(task, size)]
    depth = max(size // 2, 1)
    closing = {"(": ")", "[": "]", "{": "}"}
    for text in texts:
        assert len(text) == 2 * depth
        assert text[:depth].strip("([{") == ""  # every bracket opens before any closes
        # each closes in reverse, but the last bracket may close the wrong kind
        assert text[depth:-1] == "".join(closing[char] for char in reversed(text[1:depth]))
        assert task.reference(text) is (text[-1] == closing[text[0]])
    assert size < 7 or len(set(texts)) > 1  # the kinds differ from variant to variant
    assert {task.reference(text) for text in texts} == {True, False}


def test_valid_parentheses_properties_catch_a_kind_counter() -> None:
    task = _problem("valid_parentheses").main_task
    assert _broken(task, ("(]",), True) == ["is False when a kind opens and closes unequally often"]
    assert _broken(task, (")(",), True) == ["is False when the first bracket closes"]
    assert _broken(task, ("()",), 1) == ["is a bool"]


@pytest.mark.parametrize("size", [1, 5, 100])
def test_merge_intervals_times_disjoint_intervals_in_one_order(size: int) -> None:
    task = _problem("merge_intervals").main_task
    variants = _variants(task, size)
    for (intervals,) in variants:
        assert len(intervals) == size and len(task.reference(intervals)) == size
    orders = {tuple(sorted(range(size), key=intervals.__getitem__)) for (intervals,) in variants}
    assert len(orders) == 1  # the same shuffle for every variant: the same work
    assert size == 1 or len({intervals[0][0] for (intervals,) in variants}) > 1


def test_merge_intervals_draws_touching_and_contained_intervals() -> None:
    task = _problem("merge_intervals").main_task
    touching = find(
        task.arguments,
        lambda args: any(a[1] == b[0] for a in args[0] for b in args[0] if a is not b),
        settings=_FIND,
    )
    assert touching
    contained = find(
        task.arguments,
        lambda args: any(a[0] < b[0] and b[1] < a[1] for a in args[0] for b in args[0]),
        settings=_FIND,
    )
    assert contained
    assert _broken(task, ([[1, 10], [2, 3]],), [[1, 3]]) == [
        "covers exactly the points of the input"
    ]
    assert "is a list of [start, end] lists" in _broken(task, ([[1, 2]],), [(1, 2)])


def test_kth_largest_times_half_of_a_fixed_shuffle_and_counts_duplicates() -> None:
    task = _problem("kth_largest").main_task
    variants = _variants(task, 50)
    assert {k for _, k in variants} == {26}
    orders = {tuple(sorted(range(50), key=nums.__getitem__)) for nums, _ in variants}
    assert len(orders) == 1
    # the k-th largest of [5, 5, 4] for k = 2 is 5, not 4: a distinct-values answer breaks it
    assert _broken(task, ([5, 5, 4], 2), 4) == [
        "has fewer than k elements above it and at least k at or above it"
    ]
    duplicates = find(task.arguments, lambda a: len(set(a[0])) < len(a[0]), settings=_FIND)
    assert duplicates


def test_coin_change_draws_a_greedy_trap_and_judges_unreachable_amounts() -> None:
    task = _problem("coin_change").main_task

    def greedy(coins: list[int], amount: int) -> int:
        count = 0
        for coin in sorted(coins, reverse=True):
            count, amount = count + amount // coin, amount % coin
        return count if amount == 0 else -1

    trap = find(task.arguments, lambda a: greedy(*a) != task.reference(*a), settings=_FIND)
    assert trap
    assert "is -1 exactly when no coins make the amount" in _broken(task, ([2], 3), 0)
    assert _broken(task, ([2], 4), -1) == ["is -1 exactly when no coins make the amount"]
    assert [args[1] for args in _variants(task, 30)] == [30] * len(VARIANTS)


@pytest.mark.parametrize("bits", [1, 2, 41, 1024])
def test_integer_sqrt_times_numbers_of_exactly_that_many_bits(bits: int) -> None:
    task = _problem("integer_sqrt").main_task
    roots = set()
    for (n,) in _variants(task, bits):
        assert n.bit_length() == bits
        roots.add(task.reference(n).bit_length())
    assert len(roots) == 1  # the same root length: the same steps for every variant


@pytest.mark.parametrize(
    ("source", "broken"),
    [
        ("def integer_sqrt(n):\n    return int(n ** 0.5)\n", True),
        ("def integer_sqrt(n):\n    return int(pow(n, 1 / 2))\n", True),
        ("import math\ndef integer_sqrt(n):\n    return int(math.sqrt(n))\n", True),
        (
            "from decimal import Decimal\n"
            "def integer_sqrt(n):\n    return int(Decimal(n).sqrt())\n",
            True,
        ),
        (
            "def integer_sqrt(n):\n    r = 0\n"
            "    while (r + 1) ** 2 <= n:\n        r += 1\n    return r\n",
            False,
        ),
    ],
)
def test_integer_sqrt_rule_catches_every_float_root(source: str, broken: bool) -> None:
    assert bool(check_rules(source, _problem("integer_sqrt").rules)) is broken


@given(st.data())
def test_binary_search_targets_are_absent_or_at_the_ends_often(data: st.DataObject) -> None:
    task = _problem("binary_search").main_task
    nums, target = data.draw(task.arguments)
    assert nums == sorted(set(nums)) and isinstance(target, int)


def test_binary_search_times_a_target_among_the_last_few() -> None:
    problem = _problem("binary_search")
    search, search_all = problem.tasks
    for nums, target in _variants(search, 100):
        assert len(nums) == 100 and search.reference(nums, target) >= 100 - 8
    for nums, targets in _variants(search_all, 100):
        assert len(targets) == 100
        assert sum(index == -1 for index in search_all.reference(nums, targets)) == 50
    last = find(search.arguments, lambda a: bool(a[0]) and a[1] == a[0][-1], settings=_FIND)
    assert last
    assert check_rules("import bisect\n", problem.rules)
    assert _broken(search, ([1, 3], 2), 0) == [
        "is -1 exactly when the target is absent",
        "is an index that holds the target",
    ]


@pytest.mark.parametrize("size", [1, 2, 9, 100])
def test_min_stack_times_falling_pushes_then_reads_of_the_minimum(size: int) -> None:
    task = _problem("min_stack").main_task
    assert task.domain is not None
    for args in _variants(task, size):
        _, operations = args
        assert len(operations) == size and task.domain(args)
    (_, operations) = args = _variants(task, 4)[0]
    # two pushes of falling values, then two reads of the minimum: the value pushed last
    assert task.expected(args) == [None, None, operations[1][1][0], operations[1][1][0]]


@given(st.data())
def test_min_stack_draws_only_valid_sequences(data: st.DataObject) -> None:
    task = _problem("min_stack").main_task
    args = data.draw(task.arguments)
    assert task.domain is not None and task.domain(args)


def test_min_stack_draws_a_repeated_minimum_popped_once() -> None:
    task = _problem("min_stack").main_task

    def pops_a_repeated_minimum(args: Args) -> bool:
        stack: list[int] = []
        for method, method_args in args[1]:
            if method == "push":
                stack.append(method_args[0])
            elif method == "pop":
                if stack.count(min(stack)) > 1 and stack[-1] == min(stack):
                    return True
                stack.pop()
        return False

    assert find(task.arguments, pops_a_repeated_minimum, settings=_FIND)
    operations = (("push", (1,)), ("push", (0,)), ("pop", ()), ("get_min", ()))
    assert _broken(task, ((), operations), [None, None, None, 0]) == [
        "get_min is the smallest value on the stack"
    ]
