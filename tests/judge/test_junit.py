"""JUnit XML: one testsuite per problem, one testcase per task, in the shape CI readers expect."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Problem
from judge.report import Counterexample, Report, TaskReport, Verdict, overall_verdict
from judge.reports.junit import junit_xml
from judge.sessions.assess import Assessment, score_result, top_advice
from sandbox.base import CandidateError, SandboxInfo, SandboxKind

# The Ant/Jenkins JUnit schema (junit-10.xsd), which GitLab, GitHub actions and Jenkins read:
# the attributes each element may carry (required ones first) and the children it may hold.
_SCHEMA: dict[str, tuple[set[str], set[str], set[str]]] = {
    # element: (required attributes, optional attributes, allowed children)
    "testsuites": (
        set(),
        {"name", "tests", "failures", "errors", "skipped", "time"},
        {"testsuite"},
    ),
    "testsuite": (
        {"name", "tests", "failures", "errors"},
        {"skipped", "time", "timestamp", "hostname", "id", "package", "disabled"},
        {"properties", "testcase", "system-out", "system-err"},
    ),
    "properties": (set(), set(), {"property"}),
    "property": ({"name", "value"}, set(), set()),
    "testcase": (
        {"name", "classname"},
        {"time", "assertions", "status"},
        {"skipped", "error", "failure", "system-out", "system-err"},
    ),
    "failure": (set(), {"message", "type"}, set()),
    "error": (set(), {"message", "type"}, set()),
    "skipped": (set(), {"message"}, set()),
    "system-out": (set(), set(), set()),
    "system-err": (set(), set(), set()),
}
_NUMBERS = {"tests", "failures", "errors", "skipped"}


def _check_schema(element: ET.Element) -> None:
    required, optional, children = _SCHEMA[element.tag]
    assert required <= set(element.attrib), (element.tag, element.attrib)
    assert set(element.attrib) <= required | optional, (element.tag, element.attrib)
    for name in _NUMBERS & set(element.attrib):
        assert int(element.attrib[name]) >= 0
    if "time" in element.attrib:
        assert float(element.attrib["time"]) >= 0
    for child in element:
        assert child.tag in children, (element.tag, child.tag)
        _check_schema(child)
    if element.tag == "testcase":
        outcomes = [child.tag for child in element if child.tag in {"skipped", "error", "failure"}]
        assert len(outcomes) <= 1


@pytest.fixture(scope="module")
def problems() -> dict[str, Problem]:
    catalogue = discover()
    return {slug: find_problem(catalogue, slug) for slug in ("gcd", "digit_sum", "lru_cache")}


def _report(problem: str, *tasks: TaskReport, load_error: CandidateError | None = None) -> Report:
    return Report(
        problem=problem,
        file=f"{problem}.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=7,
        verdict=overall_verdict([t.verdict for t in tasks]) if tasks else Verdict.SYNTAX_ERROR,
        tasks=tasks,
        missing_tasks=(),
        duration_s=1.5,
        load_error=load_error,
    )


def _assessment(problems: dict[str, Problem], stdout: str = "") -> Assessment:
    gcd_wrong = TaskReport(
        "gcd",
        Verdict.WRONG_ANSWER,
        12,
        Counterexample(
            args=(0, 5),
            expected=5,
            actual=None,
            error=None,
            broken_property="divides both inputs",
            stdout=stdout,
        ),
    )
    digit_sum = _report(
        "digit_sum",
        TaskReport("digit_sum", Verdict.ACCEPTED, 200),
        TaskReport(
            "digital_root",
            Verdict.RUNTIME_ERROR,
            3,
            Counterexample(
                args=(9,),
                expected=9,
                actual=None,
                error=CandidateError(
                    "RecursionError",
                    "maximum recursion depth exceeded",
                    ('  File "digit_sum.py", line 9, in digital_root',),
                ),
                broken_property=None,
            ),
        ),
    )
    results = (
        score_result(problems["digit_sum"], Path("s/digit_sum.py"), digit_sum, None),
        score_result(problems["gcd"], Path("s/gcd.py"), _report("gcd", gcd_wrong), None),
        score_result(problems["lru_cache"], None, None, None, directory=Path("s")),
    )
    return Assessment(Path("s"), results, top_advice(results), duration_s=3.0)


def test_one_testsuite_per_problem_one_testcase_per_task(problems: dict[str, Problem]) -> None:
    root = ET.fromstring(junit_xml(_assessment(problems)))
    _check_schema(root)
    assert root.tag == "testsuites"
    assert [suite.get("name") for suite in root] == ["digit_sum", "gcd", "lru_cache"]
    cases = {
        (suite.get("name"), case.get("name")): case
        for suite in root
        for case in suite.findall("testcase")
    }
    assert list(cases) == [
        ("digit_sum", "digit_sum"),
        ("digit_sum", "digital_root"),
        ("gcd", "gcd"),
        ("gcd", "rule no-math-gcd"),  # one testcase per rule of the spec: kept here
        ("lru_cache", "LRUCache"),
    ]
    assert len(cases[("digit_sum", "digit_sum")]) == 0  # passed: no child at all
    assert len(cases[("gcd", "rule no-math-gcd")]) == 0
    failure = cases[("gcd", "gcd")].find("failure")
    assert failure is not None
    assert failure.get("type") == "wrong_answer"
    assert failure.get("message") == (
        "Wrong Answer: gcd(0, 5) returned None, expected 5 (broke: divides both inputs)"
    )
    assert failure.text == (
        "input: gcd(0, 5)\nexpected: 5\nactual: None\nbroken property: divides both inputs"
    )
    crash = cases[("digit_sum", "digital_root")].find("failure")
    assert crash is not None
    assert crash.get("message") == (
        "Runtime Error: digital_root(9) raised RecursionError: maximum recursion depth exceeded"
    )
    assert crash.text is not None and "line 9, in digital_root" in crash.text
    skipped = cases[("lru_cache", "LRUCache")].find("skipped")
    assert skipped is not None and skipped.get("message") == "no solution for lru_cache"


def test_counts_add_up(problems: dict[str, Problem]) -> None:
    root = ET.fromstring(junit_xml(_assessment(problems)))
    for suite in root:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        for tag, counter in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            assert int(suite.get(counter, "-1")) == sum(c.find(tag) is not None for c in cases)
    for attribute in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(attribute, "-1")) == sum(int(s.get(attribute, "0")) for s in root)
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("5", "2", "1")


def test_candidate_output_with_control_characters_stays_valid_xml(
    problems: dict[str, Problem],
) -> None:
    printed = "debug \x00\x1b[31m</system-out><injected/> \ud800 done\n"
    document = junit_xml(_assessment(problems, stdout=printed))
    root = ET.fromstring(document)  # raises on invalid XML
    _check_schema(root)
    (out,) = root.iter("system-out")
    assert out.text == "debug \\x00\\x1b[31m</system-out><injected/> \\ud800 done\n"
    assert not list(root.iter("injected"))


def test_a_file_that_does_not_load_fails_its_main_task(problems: dict[str, Problem]) -> None:
    broken = _report(
        "gcd", load_error=CandidateError("SyntaxError", "invalid syntax (gcd.py, line 2)")
    )
    results = (score_result(problems["gcd"], Path("gcd.py"), broken, None),)
    root = ET.fromstring(junit_xml(Assessment(Path("."), results, (), 1.0)))
    _check_schema(root)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("type") == "syntax_error"
    assert failure.get("message") == "SyntaxError: invalid syntax (gcd.py, line 2)"
