"""lru_cache: properties name the mistakes, make_input is the worst case of slow caches, and a
wrong cache is shown the shortest operation sequence that exposes it, through the sandbox."""

from __future__ import annotations

import importlib.util
import io
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, seed, settings
from rich.console import Console

from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Args, TaskKind
from judge.correctness.check import MATCHES_REFERENCE, broken_property
from judge.report import Verdict
from judge.reports.terminal import judging
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind
from sandbox.worker import drive_operations

PROBLEM = find_problem(discover(), "lru_cache")
TASK = PROBLEM.main_task
WRONG = PROBLEM.package_dir / "wrong"
LATEST_VALUE = "get returns -1 or the latest value put for that key"
JUST_PUT = "a key just put is present"
AT_MOST_CAPACITY = "holds at most capacity keys"
ONE_RESULT_EACH = "one result per operation: an int from get, None from put"


def _cache_class(path: Path) -> type:
    """The LRUCache class a shipped solution defines (trusted code: our own file)."""
    spec = importlib.util.spec_from_file_location(f"_lru_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LRUCache


def _run(capacity: int, *operations: tuple[str, tuple[int, ...]]) -> Args:
    return ((capacity,), tuple(operations))


def test_the_task_is_a_class_driven_by_get_and_put() -> None:
    assert TASK.kind is TaskKind.CLASS
    assert (TASK.name, TASK.params, TASK.methods) == ("LRUCache", ("capacity",), ("get", "put"))
    assert TASK.size_unit == "operations"


@pytest.mark.parametrize(
    ("solution", "args", "broken"),
    [
        pytest.param(
            "put_does_not_update.py",
            _run(1, ("put", (0, 0)), ("put", (0, 1)), ("get", (0,))),
            LATEST_VALUE,
            id="keeps-the-old-value",
        ),
        pytest.param(
            "holds_one_too_many.py",
            _run(1, ("put", (0, 0)), ("put", (1, 0)), ("get", (0,)), ("get", (1,))),
            AT_MOST_CAPACITY,
            id="one-key-too-many",
        ),
        pytest.param(
            "evicts_most_recent.py",
            _run(2, ("put", (0, 0)), ("put", (1, 0)), ("put", (2, 0)), ("get", (0,))),
            MATCHES_REFERENCE,
            id="wrong-victim-breaks-no-named-property",
        ),
    ],
)
def test_feedback_names_the_property_a_mistake_breaks(
    solution: str, args: Args, broken: str
) -> None:
    answer = drive_operations(_cache_class(WRONG / solution), *args)
    assert answer != TASK.expected(args)
    assert broken_property(TASK, args, answer) == broken


@pytest.mark.parametrize(
    ("args", "answer", "broken"),
    [
        pytest.param(_run(1, ("get", (0,))), [], ONE_RESULT_EACH, id="too-few-results"),
        pytest.param(
            _run(
                1,
                ("put", (0, 0)),
            ),
            [0],
            ONE_RESULT_EACH,
            id="put-returns-a-value",
        ),
        pytest.param(
            _run(
                1,
                ("get", (3,)),
            ),
            [7],
            LATEST_VALUE,
            id="value-never-put",
        ),
        pytest.param(
            _run(2, ("put", (0, 5)), ("get", (1,)), ("get", (0,))),
            [None, -1, -1],
            JUST_PUT,
            id="lost-the-key-just-put",
        ),
    ],
)
def test_each_property_rejects_an_answer_that_breaks_it(
    args: Args, answer: list[Any], broken: str
) -> None:
    assert broken_property(TASK, args, answer) == broken
    assert broken_property(TASK, args, TASK.expected(args)) == MATCHES_REFERENCE


@settings(max_examples=200, database=None, deadline=None)
@given(TASK.arguments)
def test_drawn_runs_use_few_keys_named_in_order_and_never_store_a_value_twice(args: Args) -> None:
    (capacity,), operations = args
    keys = [method_args[0] for _, method_args in operations]
    first_uses = list(dict.fromkeys(keys))
    # Keys are named 0, 1, 2... as they first appear, and at most two more than fit are used.
    assert first_uses == list(range(len(first_uses)))
    assert len(first_uses) <= capacity + 2
    # Each put stores a value never stored before, so that a stale read always shows.
    values = [method_args[1] for method, method_args in operations if method == "put"]
    assert values == list(range(len(values)))
    assert all(
        len(method_args) == (1 if method == "get" else 2) for method, method_args in operations
    )


def test_drawn_runs_often_evict_after_a_get_has_refreshed_a_key() -> None:
    """Runs are long enough, over few enough keys, to exercise what an LRU cache is about."""
    runs_that_evict_after_a_refresh = 0

    @settings(max_examples=200, database=None, deadline=None)
    @seed(0)
    @given(TASK.arguments)
    def count(args: Args) -> None:
        nonlocal runs_that_evict_after_a_refresh
        (capacity,), operations = args
        held: OrderedDict[int, None] = OrderedDict()
        refreshed = False
        for method, (key, *_) in operations:
            if key in held:
                held.move_to_end(key)
                refreshed = refreshed or method == "get"
            elif method == "put":
                if len(held) == capacity:
                    if refreshed:
                        runs_that_evict_after_a_refresh += 1
                        return
                    held.popitem(last=False)
                held[key] = None

    count()
    assert runs_that_evict_after_a_refresh >= 40  # of 200; 54 with this seed


@pytest.mark.parametrize("size", [0, 1, 2, 3, 10, 101])
def test_make_input_gives_exactly_size_operations(size: int) -> None:
    (capacity,), operations = TASK.make_input(size)
    assert len(operations) == size
    assert capacity == max(1, size // 2)
    assert all(method in TASK.methods for method, _ in operations)


def _list_recency_steps(args: Args) -> int:
    """Steps a cache keeping its recency order in a list spends finding keys it holds.

    Counted from the nearer end of the list, so the count holds whichever end the cache
    searches from.
    """
    (capacity,), operations = args
    order: list[int] = []  # least recently used first
    steps = 0
    for method, method_args in operations:
        key = method_args[0]
        if key in order:
            position = order.index(key)
            steps += min(position, len(order) - 1 - position)
            order.remove(key)
            order.append(key)
        elif method == "put":
            if len(order) == capacity:
                order.pop(0)
            order.append(key)
    return steps


def _full_evictions(args: Args) -> int:
    """Puts that evict from a full cache: each costs a cache that scans for its oldest key
    O(capacity)."""
    (capacity,), operations = args
    held: set[int] = set()
    evictions = 0
    for method, method_args in operations:
        if method == "put" and method_args[0] not in held:
            if len(held) == capacity:
                evictions += 1
                held.pop()
            held.add(method_args[0])
    return evictions


@pytest.mark.parametrize("size", [400, 2000])
def test_make_input_is_the_worst_case_of_slow_caches(size: int) -> None:
    args = TASK.make_input(size)
    (capacity,), _ = args
    # A quarter of the operations each search half way down a list of size/2 keys...
    assert _list_recency_steps(args) >= size * size / 20
    # ...and a quarter each evict from a full cache of size/2 keys: both O(size^2) in all.
    assert _full_evictions(args) >= size // 4 - 1
    assert capacity == size // 2


def _judge(path: Path, kind: SandboxKind) -> Any:
    options = JudgeOptions(sandbox=kind, complexity=False, style=False)
    return judge_file(path, PROBLEM, options)


def test_a_cache_evicting_the_most_recent_key_gets_the_shortest_sequence_that_shows_it(
    sandbox_kind: SandboxKind,
) -> None:
    report = _judge(WRONG / "evicts_most_recent.py", sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.WRONG_ANSWER
    example = task.counterexample
    assert example is not None
    # Capacity 2 is the smallest where the most and the least recent keys differ. Each put
    # stores a value never stored before (the number of puts before it).
    assert example.args == _run(2, ("put", (0, 0)), ("put", (1, 1)), ("put", (2, 2)), ("get", (0,)))
    assert (example.expected, example.actual) == ([None, None, None, -1], [None, None, None, 0])
    assert example.detail == "operation 4, get(0), answered differently"
    console = Console(file=io.StringIO(), width=100, color_system=None)
    judging.report(console, report)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    for line in ("LRUCache(2)", "1. put(0, 0)", "2. put(1, 1)", "3. put(2, 2)", "4. get(0)"):
        assert line in shown


@pytest.mark.parametrize(
    ("solution", "args", "expected", "actual", "broken"),
    [
        pytest.param(
            "put_does_not_update.py",
            _run(1, ("put", (0, 0)), ("put", (0, 1)), ("get", (0,))),
            [None, None, 1],
            [None, None, 0],
            LATEST_VALUE,
            id="keeps-the-old-value",
        ),
        pytest.param(
            "holds_one_too_many.py",
            _run(1, ("put", (0, 0)), ("put", (1, 1)), ("get", (0,))),
            [None, None, -1],
            [None, None, 0],
            MATCHES_REFERENCE,
            id="one-key-too-many",
        ),
    ],
)
def test_a_cache_of_one_key_is_enough_to_show_these_mistakes(
    sandbox_kind: SandboxKind,
    solution: str,
    args: Args,
    expected: list[Any],
    actual: list[Any],
    broken: str,
) -> None:
    report = _judge(WRONG / solution, sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.WRONG_ANSWER
    example = task.counterexample
    assert example is not None
    assert (example.args, example.expected, example.actual) == (args, expected, actual)
    assert example.broken_property == broken


def test_a_get_that_raises_is_a_runtime_error_on_one_get(sandbox_kind: SandboxKind) -> None:
    report = _judge(WRONG / "get_raises_on_missing_key.py", sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.RUNTIME_ERROR
    example = task.counterexample
    assert example is not None and example.error is not None
    assert example.args == _run(1, ("get", (0,)))
    assert (example.error.type_name, example.error.message) == ("KeyError", "0")
