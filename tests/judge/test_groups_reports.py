"""A stress group's failure in every report: terminal, HTML, JUnit and the assessment's score,
apart from the task's verdict; the candidate's traceback text made visible wherever it goes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console

from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Group
from judge.report import Counterexample, GroupReport, Report, TaskReport, Verdict
from judge.reports.html import html_report
from judge.reports.junit import junit_xml
from judge.reports.terminal import judging
from judge.sessions.assess import STRESS_POINTS, Assessment, score_result, top_advice
from sandbox.base import CandidateError, SandboxInfo, SandboxKind

# The worker's shape of a recursion's traceback; the escape sequence is the candidate's own
# (a function name cannot hold one, but every line of a traceback is the candidate's text).
TRACEBACK = (
    '  File "gcd.py", line 4, in gcd',
    "    return gcd(b, a % b)  # \x1b[2J",
    "  [Previous line repeated 992 more times]",
)
EXPLANATION = (
    "gcd calls itself (line 4), one stack frame per call, and Python's default limit is 1,000"
    " frames. The recursion is as deep as the number of Euclid steps; a loop has no such limit."
)


def _stress(passed: bool = False) -> GroupReport:
    if passed:
        return GroupReport(Group.STRESS, Verdict.ACCEPTED, 30, "101 to 420 digits", "digits")
    error = CandidateError("RecursionError", "maximum recursion depth exceeded", TRACEBACK)
    example = Counterexample((13, 8), 1, None, error, None)
    return GroupReport(
        Group.STRESS,
        Verdict.RUNTIME_ERROR,
        84,
        "101 to 420 digits",
        "digits",
        counterexample=example,
        fails_from=208,
        explanation=EXPLANATION,
    )


def _report(stress: GroupReport) -> Report:
    task = TaskReport("gcd", Verdict.ACCEPTED, 205, stress=stress)
    return Report(
        problem="gcd",
        file="gcd.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=0,
        verdict=Verdict.ACCEPTED,
        tasks=(task,),
        missing_tasks=(),
        duration_s=1.0,
    )


def _assessment(stress: GroupReport) -> Assessment:
    gcd = find_problem(discover(), "gcd")
    results = (score_result(gcd, Path("s/gcd.py"), _report(stress), None),)
    return Assessment(Path("s"), results, top_advice(results), duration_s=1.0)


def test_the_terminal_shows_the_stress_group_under_its_accepted_task() -> None:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    judging.report(console, _report(_stress()))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    lines = [line.rstrip() for line in text.splitlines()]
    assert "✓ gcd     Accepted       205 inputs" in lines
    assert "  stress  Runtime Error   84 inputs  fails from 208 digits on: RecursionError" in lines
    assert "╭─ gcd, stress group: Runtime Error (the task stays accepted) " in text
    assert "[Previous line repeated 992 more times]" in text
    assert "\x1b" not in text and "\\x1b[2J" in text  # the candidate's escape, made visible
    assert "The recursion is as deep as the number of Euclid steps;" in text
    assert lines[-1] == "Verdict: Accepted"


def test_a_passed_stress_group_is_one_line() -> None:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    judging.report(console, _report(_stress(passed=True)))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[-3:] == [
        "✓ gcd     Accepted  205 inputs",
        "  stress  passed     30 inputs  101 to 420 digits",
        "Verdict: Accepted",
    ]


def test_the_rubric_scores_the_stress_group_apart() -> None:
    failed = _assessment(_stress()).results[0]
    passed = _assessment(_stress(passed=True)).results[0]
    assert failed.score.correctness == passed.score.correctness == 65.0
    assert (failed.score.stress, passed.score.stress) == (0.0, STRESS_POINTS)
    assert passed.score.total - failed.score.total == STRESS_POINTS
    (advice,) = [loss for loss in failed.losses if loss.points == STRESS_POINTS]
    assert advice.text == (
        "Replace the recursion in gcd with a loop for the largest inputs: gcd: fails from 208"
        f" digits on: RecursionError. {EXPLANATION}"
    )


def test_junit_has_a_failing_stress_case_beside_the_passing_task() -> None:
    root = ET.fromstring(junit_xml(_assessment(_stress())).split("\n", 1)[1])
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["gcd"].find("failure") is None
    failure = cases["gcd [stress]"].find("failure")
    assert failure is not None
    assert failure.get("type") == "stress_runtime_error"
    assert failure.get("message", "").startswith(
        "Runtime Error: gcd: fails from 208 digits on: RecursionError."
    )
    assert "\x1b" not in (failure.text or "") and "\\x1b[2J" in (failure.text or "")
    passed = ET.fromstring(junit_xml(_assessment(_stress(passed=True))).split("\n", 1)[1])
    assert all(case.find("failure") is None for case in passed.iter("testcase"))


def test_html_shows_the_stress_failure_and_its_why() -> None:
    page = html_report(_assessment(_stress()))
    assert "Stress group (101 to 420 digits)" in page
    assert (
        "fails from 208 digits on: RecursionError (scored apart: the task stays accepted)" in page
    )
    assert "[Previous line repeated 992 more times]" in page
    assert "\x1b" not in page and "\\x1b[2J" in page
    assert "The recursion is as deep as the number of Euclid steps" in page
    assert "Stress 5, scored apart" in page
