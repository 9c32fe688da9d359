"""The --json report: every key, its type, and values that keep their Python type."""

from __future__ import annotations

import json
import math

import pytest

from judge.catalog.problem import Group, TaskKind
from judge.report import Counterexample, GroupReport, Report, TaskReport, Verdict
from judge.reports.json_report import SCHEMA_VERSION, report_to_dict, report_to_json, value_to_json
from sandbox.base import CandidateError, Opaque, SandboxInfo, SandboxKind

SANDBOX = SandboxInfo(SandboxKind.LOCAL, "Docker is not available", "process, no network")


def _report(*tasks: TaskReport, load_error: CandidateError | None = None) -> Report:
    return Report(
        problem="gcd",
        file="gcd.py",
        sandbox=SANDBOX,
        seed=7,
        verdict=tasks[0].verdict,
        tasks=tasks,
        missing_tasks=("digital_root",),
        duration_s=0.25,
        load_error=load_error,
    )


def test_every_key_and_type() -> None:
    counterexample = Counterexample(
        args=(0, 5),
        expected=5,
        actual=None,
        error=CandidateError("ZeroDivisionError", "integer modulo by zero", ('  File "gcd.py"',)),
        broken_property="divides both inputs",
        stdout="trying 0\n",
        stderr="",
        detail="",
    )
    task = TaskReport("gcd", Verdict.RUNTIME_ERROR, 12, counterexample, note="")
    data = json.loads(report_to_json(_report(task)))
    assert data == {
        "schema_version": SCHEMA_VERSION,
        "problem": "gcd",
        "file": "gcd.py",
        "sandbox": {
            "kind": "local",
            "reason": "Docker is not available",
            "isolation": "process, no network",
        },
        "seed": 7,
        "verdict": "runtime_error",
        "tasks": [
            {
                "task": "gcd",
                "kind": "function",
                "verdict": "runtime_error",
                "examples_run": 12,
                "counterexample": {
                    "args": [0, 5],
                    "expected": 5,
                    "actual": None,
                    "error": {
                        "type": "ZeroDivisionError",
                        "message": "integer modulo by zero",
                        "traceback": ['  File "gcd.py"'],
                    },
                    "property": "divides both inputs",
                    "stdout": "trying 0\n",
                    "stderr": "",
                    "detail": "",
                    "over_budget": False,
                    "expected_is_example": False,
                },
                "note": "",
                "complexity": None,
                "stress": None,
            }
        ],
        "missing_tasks": ["digital_root"],
        "load_error": None,
        "duration_s": 0.25,
        "style": None,
        "rule_findings": [],
    }


def test_a_stress_group_is_serialised_apart_from_the_tasks_verdict() -> None:
    deep = CandidateError(
        "RecursionError",
        "maximum recursion depth exceeded",
        ('  File "gcd.py", line 4, in gcd', "  [Previous line repeated 992 more times]"),
    )
    failed = Counterexample(
        args=(10**210, 7), expected=1, actual=None, error=deep, broken_property=None
    )
    stress = GroupReport(
        Group.STRESS,
        Verdict.RUNTIME_ERROR,
        31,
        "101 to 420 digits",
        "digits",
        counterexample=failed,
        fails_from=208,
        explanation="gcd calls itself (line 4); a loop has no such limit.",
    )
    task = TaskReport("gcd", Verdict.ACCEPTED, 200, stress=stress)
    encoded = report_to_dict(_report(task))["tasks"][0]
    assert encoded["verdict"] == "accepted"
    assert encoded["counterexample"] is None
    assert encoded["stress"] == {
        "group": "stress",
        "verdict": "runtime_error",
        "passed": False,
        "examples_run": 31,
        "sizes": "101 to 420 digits",
        "size_unit": "digits",
        "counterexample": {
            "args": [{"type": "int", "repr": "1" + "0" * 210}, 7],
            "expected": 1,
            "actual": None,
            "error": {
                "type": "RecursionError",
                "message": "maximum recursion depth exceeded",
                "traceback": list(deep.traceback),
            },
            "property": None,
            "stdout": "",
            "stderr": "",
            "detail": "",
            "over_budget": False,
            "expected_is_example": False,
        },
        "fails_from": 208,
        "explanation": "gcd calls itself (line 4); a loop has no such limit.",
        "note": "",
    }


def test_accepted_task_has_null_counterexample_and_load_error_is_serialised() -> None:
    error = CandidateError("SyntaxError", "invalid syntax (line 1)", ("def gcd(a, b)",))
    task = TaskReport("LRUCache", Verdict.SYNTAX_ERROR, 0, kind=TaskKind.CLASS)
    data = report_to_dict(_report(task, load_error=error))
    assert data["tasks"][0]["counterexample"] is None
    assert data["tasks"][0]["kind"] == "class"
    assert data["load_error"] == {
        "type": "SyntaxError",
        "message": "invalid syntax (line 1)",
        "traceback": ["def gcd(a, b)"],
    }


@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_serialises_as_its_value(verdict: Verdict) -> None:
    data = json.loads(report_to_json(_report(TaskReport("gcd", verdict, 3))))
    assert data["verdict"] == verdict.value
    assert data["tasks"][0]["verdict"] == verdict.value


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (None, None),
        (True, True),
        (0, 0),
        (2**53 - 1, 2**53 - 1),
        (-(2**53) + 1, -(2**53) + 1),
        (2**53, {"type": "int", "repr": "9007199254740992"}),
        (-(2**53), {"type": "int", "repr": "-9007199254740992"}),
        (1.5, 1.5),
        (math.inf, {"type": "float", "repr": "inf"}),
        (math.nan, {"type": "float", "repr": "nan"}),
        ("a\ud800b", "a\ud800b"),  # a lone surrogate survives (JSON escapes it)
        ([1, [2]], [1, [2]]),
        ((1, "a"), {"type": "tuple", "items": [1, "a"]}),
        ((), {"type": "tuple", "items": []}),
        ([(1,)], [{"type": "tuple", "items": [1]}]),
        (
            {"a": 1, 2: (3,)},
            {"type": "dict", "items": [["a", 1], [2, {"type": "tuple", "items": [3]}]]},
        ),
        (Opaque("generator"), {"type": "opaque", "repr": "<generator>", "name": "generator"}),
        ({1, 2}, {"type": "set", "repr": "{1, 2}"}),
    ],
)
def test_values_keep_their_type(value: object, encoded: object) -> None:
    assert value_to_json(value) == encoded
    # and the document round-trips through a strict JSON parser
    assert json.loads(json.dumps(value_to_json(value), allow_nan=False)) == encoded


def test_ints_past_the_decimal_digit_limit_are_written_in_full() -> None:
    # CPython refuses str() of ints over 4300 digits by default; the JSON must not trip on that.
    huge = 10**5000 + 7
    encoded = value_to_json(huge)
    assert encoded["type"] == "int"
    assert len(encoded["repr"]) == 5001
    assert encoded["repr"].startswith("1000") and encoded["repr"].endswith("0007")
    assert int(encoded["repr"][:4000]) == 10**3999


def test_args_of_a_class_task_are_constructor_args_then_operations() -> None:
    counterexample = Counterexample(
        args=((2,), (("put", (1, 1)), ("get", (1,)))),
        expected=[None, 1],
        actual=[None, -1],
        error=None,
        broken_property="matches the reference",
    )
    task = TaskReport("LRUCache", Verdict.WRONG_ANSWER, 4, counterexample, kind=TaskKind.CLASS)
    encoded = report_to_dict(_report(task))["tasks"][0]["counterexample"]
    tuple_of = lambda *items: {"type": "tuple", "items": list(items)}  # noqa: E731
    assert encoded["args"] == [
        tuple_of(2),
        tuple_of(tuple_of("put", tuple_of(1, 1)), tuple_of("get", tuple_of(1))),
    ]
    assert encoded["expected"] == [None, 1]
    assert encoded["actual"] == [None, -1]
