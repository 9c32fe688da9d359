"""Every discovered problem is sound: references, properties, specs and shipped solutions.

Parametrized over whatever discovery finds, so a new problem package is tested without editing
this file. Shipped solutions are trusted code here and run in-process; judging them in the
sandbox is tested elsewhere.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import math
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from judge.authoring.expectations import read_expectation, solution_files
from judge.catalog.checkers import run_checker
from judge.catalog.compare import answers_equal
from judge.catalog.discovery import discover
from judge.catalog.problem import Args, Growth, Problem, Task, TaskKind
from judge.catalog.rules import check_rules
from judge.catalog.spec import spec_issues
from judge.report import Verdict
from sandbox.base import Opaque

CATALOGUE = discover()

PROBLEMS = [pytest.param(problem, id=problem.slug) for problem in CATALOGUE.problems]
TASKS = [
    pytest.param(problem, task, id=f"{problem.slug}/{task.name}")
    for problem in CATALOGUE.problems
    for task in problem.tasks
]
SOLUTIONS = [
    pytest.param(problem, path, id=f"{problem.slug}/{path.parent.name}/{path.stem}")
    for problem in CATALOGUE.problems
    for path in solution_files(problem)
]
WRONG = [param for param in SOLUTIONS if param.values[1].parent.name == "wrong"]
SLOW = [param for param in SOLUTIONS if param.values[1].parent.name == "slow"]

_DRAWS = settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Looking for a failure: no shrinking, the first input that shows it is enough.
_SEARCH = settings(_DRAWS, max_examples=300, phases=[Phase.generate])

# Verdicts whose failure takes a huge input or a runaway call: in-process it would hang or
# exhaust the test run, so only the sandbox tests exercise those files.
_SANDBOX_ONLY = {
    Verdict.TIME_LIMIT_EXCEEDED: "it runs past the time limit",
    Verdict.MEMORY_LIMIT_EXCEEDED: "it exhausts memory",
    Verdict.OUTPUT_LIMIT_EXCEEDED: "it floods stdout",
}

# Answers a candidate might return, which a property must judge without raising.
WEIRD_ANSWERS = (
    None,
    True,
    0,
    -1,
    10**5000,  # str() of it raises in CPython: a property must not print the answer
    1.5,
    math.nan,
    "",
    "text",
    b"bytes",
    [],
    [None, "1"],
    (),
    {"key": 1},
    Opaque("Widget"),
)

_DEFAULT_RECURSION_LIMIT = 1000  # CPython's

# Rough exponent of each growth class, for comparing a measured slope with a declared class.
_EXPONENT = {
    Growth.CONSTANT: 0.0,
    Growth.LOGARITHMIC: 0.1,
    Growth.LINEAR: 1.0,
    Growth.LINEARITHMIC: 1.1,
    Growth.QUADRATIC: 2.0,
    Growth.CUBIC: 3.0,
}


def _load(path: Path) -> ModuleType:
    """Import a shipped solution file under a name of its own."""
    name = "_shipped_" + hashlib.sha256(str(path).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _implemented(problem: Problem, module: ModuleType) -> list[Task]:
    """The tasks a solution file defines."""
    return [task for task in problem.tasks if callable(getattr(module, task.name, None))]


def _run(task: Task, implementation: Callable[..., Any], args: Args) -> Any:
    """Call a function task, or drive a class task, with Python's default recursion limit; an
    in-place task's answer is its return value and the state it leaves a copy of ``args`` in,
    as the sandbox worker gives it.

    Hypothesis raises the limit while it runs a test; the sandbox worker does not, so a
    solution that recurses too deep must fail here as it does there.
    """
    from sandbox.worker import drive_operations, in_place_answer

    saved_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_DEFAULT_RECURSION_LIMIT)
    try:
        if task.kind is TaskKind.CLASS:
            constructor_args, operations = args
            return drive_operations(implementation, constructor_args, operations)
        if task.in_place:
            return in_place_answer(implementation, copy.deepcopy(args), task.in_place_positions)
        return implementation(*args)
    finally:
        sys.setrecursionlimit(saved_limit)


def _expected(task: Task, args: Args) -> Any:
    """The reference's answer; an in-place reference's on a copy of ``args``, which it changes
    (a copy of every input would add its own cost to the timed reference)."""
    return task.expected(copy.deepcopy(args) if task.in_place else args)


def _accepts(task: Task, args: Args, expected: Any, actual: Any) -> bool:
    """Whether the task's checker takes ``actual`` (by default: equal to ``expected``)."""
    return run_checker(task.checker, args, expected, actual).accepted


def _broken_properties(task: Task, args: Args, answer: Any) -> list[str]:
    return [prop.name for prop in task.properties if not prop.holds(args, answer)]


def _example_args(task: Task) -> list[Args]:
    return [example.args for example in task.examples]


def test_every_problem_package_loads() -> None:
    assert CATALOGUE.broken == ()


@pytest.mark.parametrize("problem", PROBLEMS)
def test_spec_agrees_with_package(problem: Problem) -> None:
    assert spec_issues(problem) == ()


@pytest.mark.parametrize(("problem", "task"), TASKS)
def test_reference_passes_its_examples(problem: Problem, task: Task) -> None:
    assert task.examples, f"{problem.slug}/{task.name} has no examples"
    for example in task.examples:
        if example.raises is not None:
            with pytest.raises(example.raises):
                _expected(task, example.args)
        else:
            actual = _expected(task, example.args)
            assert _accepts(task, example.args, example.expected, actual), (example.args, actual)


@pytest.mark.parametrize(("problem", "task"), TASKS)
def test_examples_satisfy_every_property(problem: Problem, task: Task) -> None:
    assert task.properties, f"{problem.slug}/{task.name} has no properties"
    for example in task.examples:
        if example.raises is None:
            assert _broken_properties(task, example.args, example.expected) == [], example


@pytest.mark.parametrize(("problem", "task"), TASKS)
@_DRAWS
@given(data=st.data())
def test_reference_satisfies_every_property(problem: Problem, task: Task, data: Any) -> None:
    args = data.draw(task.arguments, label="args")
    assert isinstance(args, tuple)
    assert _broken_properties(task, args, _expected(task, args)) == []


def _weird_answers(task: Task) -> list[Any]:
    """WEIRD_ANSWERS as the judge would hand them to a property: for an in-place task the
    worker always gives (return value, *states), so a weird value sits in one of those places."""
    if not task.in_place:
        return list(WEIRD_ANSWERS)
    places = len(task.in_place) + 1
    return [
        tuple(answer if index == place else None for index in range(places))
        for answer in WEIRD_ANSWERS
        for place in range(places)
    ]


@pytest.mark.parametrize(("problem", "task"), TASKS)
def test_properties_judge_weird_answers_without_raising(problem: Problem, task: Task) -> None:
    for args in _example_args(task):
        for answer in _weird_answers(task):
            for prop in task.properties:
                verdict = prop.holds(args, answer)
                assert isinstance(verdict, bool), (prop.name, answer, verdict)
        # None is never a right answer here (for an in-place task: None for every state): some
        # property must say so.
        nothing = (None,) * (len(task.in_place) + 1) if task.in_place else None
        if not answers_equal(_expected(task, args), nothing):
            assert _broken_properties(task, args, nothing), args


@pytest.mark.parametrize(("problem", "task"), TASKS)
def test_make_input_gives_arguments_of_the_right_shape(problem: Problem, task: Task) -> None:
    largest = task.max_size or 1000
    for size in (1, 10, largest):
        args = task.make_input(size)
        assert isinstance(args, tuple)
        if task.kind is TaskKind.FUNCTION:
            assert len(args) == len(task.params)
    assert _broken_properties(task, args, _expected(task, args)) == []


@pytest.mark.parametrize(("problem", "path"), SOLUTIONS)
def test_solution_header_matches_its_folder(problem: Problem, path: Path) -> None:
    expectation = read_expectation(path)
    assert expectation.why
    if path.parent.name == "slow":
        assert expectation.verdict is Verdict.ACCEPTED
        assert expectation.growth is not None
    elif path.parent.name == "stress":
        assert expectation.verdict is Verdict.ACCEPTED
        assert expectation.stress not in (None, Verdict.ACCEPTED)
    elif expectation.breaks:  # right, but a shortcut the spec rules out
        assert expectation.verdict is Verdict.ACCEPTED
        assert expectation.growth is None
    else:
        assert expectation.verdict is not Verdict.ACCEPTED
        assert expectation.growth is None


def test_every_problem_ships_wrong_and_slow_solutions() -> None:
    for problem in CATALOGUE.problems:
        folders = [path.parent.name for path in solution_files(problem)]
        assert folders.count("wrong") >= 3, problem.slug
        assert folders.count("slow") >= 1, problem.slug


def _first_failure(task: Task, fails: Callable[[Args], bool]) -> Args | None:
    """The first example, or drawn input, on which ``fails`` is true; None when there is none."""
    for args in _example_args(task):
        if fails(args):
            return args
    try:
        return find(task.arguments, fails, settings=_SEARCH)
    except NoSuchExample:
        return None


def _failure_check(
    task: Task, implementation: Callable[..., Any], verdict: Verdict
) -> Callable[[Args], bool]:
    """The test of an input that shows ``verdict``: raises, wrong answer, or unstable answer."""

    def raises(args: Args) -> bool:
        try:
            _run(task, implementation, args)
        except Exception:
            return True
        return False

    def answers_wrongly(args: Args) -> bool:
        try:
            actual = _run(task, implementation, args)
        except Exception:
            return False
        expected = _expected(task, args)
        return not _accepts(task, args, expected, actual) or bool(
            _broken_properties(task, args, actual)
        )

    def answers_unstably(args: Args) -> bool:
        return not answers_equal(_run(task, implementation, args), _run(task, implementation, args))

    checks = {
        Verdict.RUNTIME_ERROR: raises,
        Verdict.WRONG_ANSWER: answers_wrongly,
        Verdict.NONDETERMINISTIC: answers_unstably,
    }
    if verdict not in checks:
        pytest.fail(f"no in-process check for a wrong/ file declaring {verdict.value}")
    return checks[verdict]


@pytest.mark.parametrize(("problem", "path"), WRONG)
def test_wrong_solution_fails_as_declared(problem: Problem, path: Path) -> None:
    expectation = read_expectation(path)
    if expectation.verdict in _SANDBOX_ONLY:
        pytest.skip(f"{_SANDBOX_ONLY[expectation.verdict]}: only the sandbox tests run it")
    if expectation.verdict is Verdict.SYNTAX_ERROR:
        with pytest.raises(SyntaxError):
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        return
    if expectation.breaks:
        # Right answers through a forbidden shortcut: the rules find it, from the AST.
        found = check_rules(path.read_text(encoding="utf-8"), problem.rules)
        assert sorted({finding.rule for finding in found}) == sorted(expectation.breaks)
        return
    module = _load(path)
    if expectation.verdict is Verdict.MISSING_FUNCTION:
        assert not callable(getattr(module, problem.main_task.name, None))
        return
    tasks = _implemented(problem, module)
    assert problem.main_task in tasks, f"{path.name} does not define {problem.main_task.name}"
    failures = {}
    for task in tasks:
        implementation = getattr(module, task.name)
        check = _failure_check(task, implementation, expectation.verdict)
        failing_args = _first_failure(task, check)
        if failing_args is not None:
            failures[task.name] = failing_args
    assert failures, (
        f"{path.name} declares {expectation.verdict.value} ({expectation.why}), but no example"
        " or drawn input shows it"
    )


@pytest.mark.parametrize(("problem", "path"), SLOW)
def test_slow_solution_agrees_with_reference(problem: Problem, path: Path) -> None:
    expectation = read_expectation(path)
    module = _load(path)
    tasks = _implemented(problem, module)
    assert problem.main_task in tasks, f"{path.name} does not define {problem.main_task.name}"
    for task in tasks:
        assert expectation.growth is not None and expectation.growth.rank > task.target.rank
        implementation = getattr(module, task.name)

        def disagrees(args: Args, task: Task = task, implementation: Any = implementation) -> bool:
            started = time.perf_counter()
            actual = _run(task, implementation, args)
            # Drawn inputs are moderate: a slow solution must still finish them well in time.
            too_slow = time.perf_counter() - started > 1.0
            return too_slow or not _accepts(task, args, _expected(task, args), actual)

        assert _first_failure(task, disagrees) is None


def _best_time(function: Callable[[], Any]) -> float:
    """Best of several runs, repeated until about 20 ms were spent (at least 3 runs)."""
    best, spent, runs = math.inf, 0.0, 0
    while runs < 3 or (spent < 0.02 and runs < 1000):
        started = time.perf_counter()
        function()
        elapsed = time.perf_counter() - started
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    return best


def _slope(sizes: list[int], values: list[float]) -> float:
    """Least-squares slope of log(value) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(value) for value in values]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return covariance / sum((x - mean_x) ** 2 for x in xs)


@pytest.fixture
def one_cpu() -> Iterator[None]:
    """This process on one CPU while it times code: the cores of a shared machine differ."""
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {max(allowed)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


@pytest.mark.slow
@pytest.mark.timing
@pytest.mark.usefixtures("one_cpu")
@pytest.mark.parametrize(("problem", "path"), SLOW)
def test_slow_solution_grows_as_declared(problem: Problem, path: Path) -> None:
    """Time the slow solution and the reference at growing sizes of the worst-case input, on
    each task it defines: one of them grows as declared (a follow-up may be the slow one)."""
    expectation = read_expectation(path)
    assert expectation.growth in (*_EXPONENT, Growth.EXPONENTIAL)
    module = _load(path)
    failures = []
    for task in _implemented(problem, module):
        try:
            _grows_as(task, getattr(module, task.name), expectation.growth)
        except AssertionError as failure:
            failures.append(f"{task.name}: {failure}")
        else:
            return
    raise AssertionError("; ".join(failures))


def _grows_as(task: Task, implementation: Callable[..., Any], growth: Growth) -> None:
    largest = task.max_size or 2**20
    exponential = growth is Growth.EXPONENTIAL
    # Double the size up to the domain's bound, or until one call takes 50 ms (an exponential
    # one grows by a step instead); keep the sizes where a call takes 20 us or more, past the
    # constant overheads of a call.
    sizes: list[int] = []
    size = 1 if exponential else max(largest // 64, 1) if task.max_size else 16
    while size <= largest:
        args = task.make_input(size)
        candidate_s = _best_time(lambda args=args: _run(task, implementation, args))
        if candidate_s >= 20e-6:
            sizes.append(size)
        if candidate_s > 0.05:
            break
        size = size + max(size // 8, 1) if exponential else size * 2
    assert len(sizes) >= 3, f"too few sizes to measure: {sizes}"
    inputs = [task.make_input(size) for size in sizes]
    candidate_times = [math.inf] * len(sizes)
    reference_times = [math.inf] * len(sizes)
    # Rounds over all sizes, keeping each size's best: a burst of load on this machine (other
    # test workers) then spoils one round, not one size.
    for _ in range(3):
        for index, args in enumerate(inputs):
            candidate_s = _best_time(lambda args=args: _run(task, implementation, args))
            reference_s = _best_time(lambda args=args: _expected(task, args))
            candidate_times[index] = min(candidate_times[index], candidate_s)
            reference_times[index] = min(reference_times[index], reference_s)
    # The reference may still be in its constant-overhead regime, so its own times are too
    # noisy to divide by: the candidate's slope is checked, and the gap must widen.
    slope = _slope(sizes, candidate_times)
    if exponential:
        # Faster than any polynomial the judge names: a log-log slope far past cubic's 3.
        assert slope > 5, (sizes, candidate_times, slope)
    else:
        assert abs(slope - _EXPONENT[growth]) <= 0.5, (sizes, candidate_times, slope)
    ratios = [c / r for c, r in zip(candidate_times, reference_times, strict=True)]
    assert ratios[-1] > 2 * ratios[0], (sizes, ratios)


# Variants the judge could draw: any integer in [0, 2**64), from a secret (measure.py).
_VARIANTS = (0, 1, 2**32 + 7, 2**64 - 1)


@pytest.mark.parametrize(("problem", "task"), TASKS)
def test_every_variant_is_a_worst_case_of_the_same_size_with_its_own_answer(
    problem: Problem, task: Task
) -> None:
    assert task.make_variant is not None, "timed calls need inputs a table cannot hold"
    size = min(task.max_size or 300, 300)
    inputs = [task.make_variant(size, variant) for variant in _VARIANTS]
    assert task.make_variant(size, _VARIANTS[2]) == inputs[2]  # a seed: the same input again
    answers = [_expected(task, args) for args in inputs]
    for args, answer in zip(inputs, answers, strict=True):
        assert _broken_properties(task, args, answer) == []
        if task.size_of is not None:
            measured = task.size_of(args)
            assert measured == size or (problem.slug == "gcd" and size - 2 <= measured <= size)
    # No answer follows from the size alone.
    assert len({repr(answer) for answer in answers}) > 1, answers
