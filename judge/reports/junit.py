"""An assessment as JUnit XML, for CI systems that read test reports (Jenkins, GitLab, GitHub).

The shape is the common one those readers share (the Ant/Jenkins ``junit-10.xsd``):

    <testsuites name tests failures errors skipped time>
      <testsuite name=SLUG tests failures errors skipped time>
        <properties><property name value/>...</properties>
        <testcase classname=judge.SLUG name=TASK time?>   (and TASK [stress] for a stress group)
          <failure message type>details</failure>      a candidate verdict other than Accepted
          <error message type>details</error>          the judge's own failure (Internal Error)
          <skipped message/>                           a follow-up not attempted, or no solution
          <failure message type="rule">lines</failure>  a rule of the spec broken (testcase
                                                       "rule ID", one per rule of a judged file)
          <system-out>what the candidate printed</system-out>

One testsuite per problem, one testcase per task; the failure message carries the counterexample
("gcd(0, 5) returned None, expected 5"). The candidate's text is untrusted: its control
characters are made visible (judge/reports/untrusted.py), which leaves only characters XML 1.0 can
hold,
and ElementTree escapes the rest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from judge.correctness.feedback import (
    describe_failure,
    describe_load_failure,
    describe_stress,
    format_call,
    format_value,
)
from judge.report import GroupReport, Report, TaskReport, Verdict
from judge.reports.untrusted import visible
from judge.sessions.assess import Assessment, ProblemResult
from judge.wording import style_text

# Values in a failure's body are shown in full up to this many characters.
_DETAIL_LIMIT = 2000


def junit_xml(assessment: Assessment) -> str:
    """The assessment as a JUnit XML document (a str beginning with the XML declaration)."""
    root = ET.Element("testsuites", name="judge assess")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in assessment.results:
        suite = _testsuite(result)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", _seconds(assessment.duration_s))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testsuite(result: ProblemResult) -> ET.Element:
    problem = result.problem
    suite = ET.Element("testsuite", name=problem.slug)
    report = result.report
    properties = ET.SubElement(suite, "properties")
    if result.path is not None:
        _property(properties, "file", str(result.path))
    if report is not None:
        _property(properties, "verdict", report.verdict.value)
        _property(properties, "sandbox", report.sandbox.kind.value)
        _property(properties, "seed", str(report.seed))
        if report.style is not None:
            _property(properties, "style", style_text(report.style.score))
    _property(properties, "score", f"{result.score.total:.1f}")
    judged = {task.task: task for task in report.tasks} if report is not None else {}
    for task in problem.tasks:
        case = ET.SubElement(suite, "testcase", classname=f"judge.{problem.slug}", name=task.name)
        if result.path is None:
            ET.SubElement(case, "skipped", message=f"no solution for {problem.slug}")
        elif report is None:
            _child(case, "failure", "not judged", f"not judged: {result.error}", "")
        elif task.name in judged:
            _task_outcome(case, result, judged[task.name])
            stress = judged[task.name].stress
            if stress is not None:
                _stress_case(suite, problem.slug, judged[task.name], stress)
        elif task.required:
            # The main task has no report only when the file never loaded.
            message = describe_load_failure(report)
            _child(case, "failure", report.verdict.value, message, _load_details(result))
        else:
            ET.SubElement(case, "skipped", message=f"follow-up {task.name} not defined")
    if report is not None:
        for rule in problem.rules:
            _rule_case(suite, problem.slug, rule.id, report)
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for outcome, key in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        suite.set(key, str(sum(case.find(outcome) is not None for case in cases)))
    suite.set("time", _seconds(report.duration_s if report is not None else result.wall_s))
    return suite


def _rule_case(suite: ET.Element, slug: str, rule: str, report: Report) -> None:
    """One testcase per rule of the spec: a failure lists every line that breaks it."""
    case = ET.SubElement(suite, "testcase", classname=f"judge.{slug}", name=f"rule {rule}")
    findings = [finding for finding in report.rule_findings if finding.rule == rule]
    if findings:
        first = findings[0]
        message = f"rule {rule} broken: line {first.line} {first.what}; {first.says}"
        details = "\n".join(f"line {finding.line}: {finding.what}" for finding in findings)
        _child(case, "failure", "rule", message, details)


def _task_outcome(case: ET.Element, result: ProblemResult, task: TaskReport) -> None:
    if task.verdict is Verdict.ACCEPTED:
        return
    message = f"{task.verdict.title}: {describe_failure(result.problem, task)}"
    tag = "error" if task.verdict is Verdict.INTERNAL_ERROR else "failure"
    _child(case, tag, task.verdict.value, message, _details(task))
    example = task.counterexample
    if example is not None and example.stdout:
        ET.SubElement(case, "system-out").text = _xml_text(example.stdout)
    if example is not None and example.stderr:
        ET.SubElement(case, "system-err").text = _xml_text(example.stderr)


def _stress_case(suite: ET.Element, slug: str, task: TaskReport, stress: GroupReport) -> None:
    """The stress group as a testcase of its own, ``TASK [stress]``: scored apart, so its
    failure fails this case and never the task's."""
    case = ET.SubElement(suite, "testcase", classname=f"judge.{slug}", name=f"{task.task} [stress]")
    if stress.passed:
        return
    failed = replace(task, verdict=stress.verdict, counterexample=stress.counterexample)
    message = f"{stress.verdict.title}: {describe_stress(task.task, stress)}"
    _child(case, "failure", f"stress_{stress.verdict.value}", message, _details(failed))


def _details(task: TaskReport) -> str:
    """The failure's body: everything the terminal report shows for the counterexample."""
    example = task.counterexample
    if example is None:
        return ""
    lines = [f"input: {format_call(task.task, example.args, task.kind, limit=_DETAIL_LIMIT)}"]
    if example.error is not None:
        lines.append(f"raised: {example.error.type_name}: {example.error.message}")
        lines.extend(example.error.traceback)
    else:
        lines.append(f"expected: {format_value(example.expected, _DETAIL_LIMIT)}")
        lines.append(f"actual: {format_value(example.actual, _DETAIL_LIMIT)}")
    if example.broken_property:
        lines.append(f"broken property: {example.broken_property}")
    if example.detail:
        lines.append(example.detail)
    return "\n".join(line.rstrip("\n") for line in lines)


def _load_details(result: ProblemResult) -> str:
    error = result.report.load_error if result.report is not None else None
    if error is None:
        return ""
    return "\n".join([f"{error.type_name}: {error.message}", *error.traceback])


def _child(case: ET.Element, tag: str, kind: str, message: str, details: str) -> None:
    element = ET.SubElement(case, tag, message=_xml_text(message), type=kind)
    if details:
        element.text = _xml_text(details)


def _property(properties: ET.Element, name: str, value: str) -> None:
    ET.SubElement(properties, "property", name=name, value=_xml_text(value))


def _xml_text(text: str) -> str:
    """``text`` with its control characters written as visible escapes (all XML 1.0 cannot hold)."""
    return visible(text, multiline=True)


def _seconds(value: float) -> str:
    return f"{value:.3f}"
