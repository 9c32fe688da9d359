"""Every shipped solution gets the verdict its header declares, through the real sandbox.

Parametrized over every problem's reference, wrong/ and slow/ files, and over both backends
(the docker parameter skips without an engine and image, unless JUDGE_REQUIRE_DOCKER=1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from judge.authoring.expectations import read_expectation, solution_files
from judge.catalog.discovery import discover
from judge.catalog.problem import Problem
from judge.report import Report, Verdict
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

EXAMPLES = 50
# A bug that needs a rarer input (an update to a full cache right after a get) is found with
# the default number of examples, not with the test's smaller one.
EXAMPLES_NEEDED = {("lru_cache", "evicts_on_update_when_full.py"): JudgeOptions().examples}

# The exact input Hypothesis shrinks to (seed 0, EXAMPLES), as hypothesis's own
# tests/quality/test_shrink_quality.py asserts shrinking. A change in a problem's strategy can
# change these: check the new input is as small, then update it here. Sets hold the inputs a
# shrink can end on: Hypothesis's string shrinker walks a set of duplicated characters, so its
# path depends on the process's hash seed.
SHRUNK: dict[tuple[str, str], tuple[str, Any]] = {
    ("gcd", "trial_division_none_on_zero.py"): ("gcd", (0, 0)),
    ("gcd", "remainder_check_divides_by_zero.py"): ("gcd", (0, 0)),
    ("gcd", "returns_wrong_variable.py"): ("gcd", (1, 1)),
    ("gcd", "repeated_subtraction.py"): ("gcd", (10**20, 10**10)),  # the spec's example
    ("digit_sum", "returns_text.py"): ("digit_sum", (0,)),
    ("digit_sum", "root_is_n_mod_9.py"): ("digital_root", (9,)),
    ("digit_sum", "root_recurses_forever.py"): ("digital_root", (1,)),
    ("most_frequent_smallest", "ties_by_first_occurrence.py"): (
        "most_frequent_smallest",
        ([0, -1],),
    ),
    ("most_frequent_smallest", "ties_by_largest.py"): ("most_frequent_smallest", ([0, 1],)),
    ("most_frequent_smallest", "prints_instead_of_returning.py"): (
        "most_frequent_smallest",
        ([0],),
    ),
    # "a" is the spec's example, as short as "0", when Hypothesis's shrink ends longer.
    ("odd_index_chars", "one_based_indices.py"): ("odd_index_chars", {("0",), ("a",)}),
    ("odd_index_chars", "index_of_char.py"): ("odd_index_chars", ("aa",)),
    ("longest_unique_substring", "window_off_by_one.py"): ("longest_unique_substring", ("a",)),
    ("longest_unique_substring", "left_edge_moves_back.py"): (
        "longest_unique_substring",
        # the smallest shape is "xyyx"; which letters depends on the constants Hypothesis
        # collects from the judge's own modules, so each shape it shrinks to is listed
        {("?AA?",), ("A??A",), ("abba",)},
    ),
    ("lru_cache", "get_raises_on_missing_key.py"): ("LRUCache", ((1,), (("get", (0,)),))),
    ("lru_cache", "put_does_not_update.py"): (
        "LRUCache",
        ((1,), (("put", (0, 0)), ("put", (0, 1)), ("get", (0,)))),
    ),
}

# Verdicts whose counterexample is a call the candidate made (not a file that failed to load).
_CALL_VERDICTS = {
    Verdict.WRONG_ANSWER,
    Verdict.RUNTIME_ERROR,
    Verdict.TIME_LIMIT_EXCEEDED,
    Verdict.MEMORY_LIMIT_EXCEEDED,
    Verdict.OUTPUT_LIMIT_EXCEEDED,
    Verdict.NONDETERMINISTIC,
}


def _solutions() -> list[Any]:
    params = []
    for problem in discover().problems:
        for path in (problem.package_dir / "reference.py", *solution_files(problem)):
            kind = "reference" if path.name == "reference.py" else path.parent.name
            marks = [pytest.mark.slow] if kind != "reference" else []
            params.append(
                pytest.param(problem, path, id=f"{problem.slug}/{kind}/{path.stem}", marks=marks)
            )
    return params


def _judge(problem: Problem, path: Path, sandbox_kind: SandboxKind) -> Report:
    examples = EXAMPLES_NEEDED.get((problem.slug, path.name), EXAMPLES)
    options = JudgeOptions(sandbox=sandbox_kind, examples=examples, complexity=False, style=False)
    return judge_file(path, problem, options)


@pytest.mark.parametrize(("problem", "path"), _solutions())
def test_shipped_solution_gets_its_declared_verdict(
    problem: Problem, path: Path, sandbox_kind: SandboxKind
) -> None:
    expectation = None if path.name == "reference.py" else read_expectation(path)
    declared = Verdict.ACCEPTED if expectation is None else expectation.verdict
    report = _judge(problem, path, sandbox_kind)
    assert report.sandbox.kind is sandbox_kind
    judged = [(task.task, task.verdict.value, task.counterexample) for task in report.tasks]
    assert report.verdict is declared, judged
    if declared is Verdict.ACCEPTED:
        assert all(task.counterexample is None for task in report.tasks)
        assert all(task.examples_run > 0 for task in report.tasks)
        # The stress group, on each judged task that has one: the reference and slow/ pass it
        # unless the header says otherwise, a stress/ solution fails it.
        stressed = {task.name for task in problem.tasks if task.stress is not None}
        judged_stress = {task.task for task in report.tasks if task.stress is not None}
        assert judged_stress == {task.task for task in report.tasks} & stressed, report.tasks
        stress = [task.stress.verdict for task in report.tasks if task.stress is not None]
        declared_stress = expectation.stress if expectation is not None else None
        if declared_stress is None:
            assert set(stress) <= {Verdict.ACCEPTED}, report.tasks
        else:
            assert declared_stress in stress, report.tasks
        return
    failing = [task for task in report.tasks if task.verdict is declared]
    assert failing, judged
    task = failing[0]
    if declared in _CALL_VERDICTS:
        example = task.counterexample
        assert example is not None
        if declared is Verdict.WRONG_ANSWER:
            assert example.broken_property
            assert example.error is None
        if declared is Verdict.RUNTIME_ERROR:
            assert example.error is not None or example.detail
    else:
        assert report.load_error is not None or task.note
    expected = SHRUNK.get((problem.slug, path.name))
    if expected is not None:
        task_name, args = expected
        shrunk = (task.task, task.counterexample.args if task.counterexample else None)
        if isinstance(args, set):
            assert shrunk[0] == task_name and shrunk[1] in args, shrunk
        else:
            assert shrunk == (task_name, args), "a new shrunk input: check it, update SHRUNK"


def test_every_shrunk_input_names_a_shipped_solution() -> None:
    shipped = {
        (problem.slug, path.name)
        for problem in discover().problems
        for path in solution_files(problem)
    }
    assert set(SHRUNK) <= shipped
    assert set(EXAMPLES_NEEDED) <= shipped
