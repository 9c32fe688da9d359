"""An assessment as one self-contained HTML file: every report, counterexample and growth plot.

Nothing is fetched when the file is opened: the style sheet is inline and the plots are inline
SVG drawn by matplotlib (text as paths, so no fonts either). Everything that came from the
candidate or the file system (values, messages, printed output, paths) goes through ``_e``:
control characters made visible (judge/reports/untrusted.py), then html.escape.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from dataclasses import replace

from judge.catalog.problem import Problem
from judge.correctness.feedback import (
    describe_failure,
    describe_load_failure,
    format_call,
    format_value,
    stress_outcome,
)
from judge.report import (
    ComplexityReport,
    Counterexample,
    GroupReport,
    Report,
    ReviewComment,
    StyleReport,
    TaskReport,
    Verdict,
)
from judge.reports.untrusted import visible
from judge.sessions.assess import Assessment, ProblemResult
from judge.wording import inputs_text, points_text, style_text

_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; }
pre { background: #f6f6f6; padding: 0.6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
section.problem { border-top: 2px solid #333; margin-top: 2rem; }
.verdict { font-weight: bold; padding: 0.1rem 0.5rem; border-radius: 0.3rem; }
.accepted { background: #d8f5d8; color: #145214; }
.rejected { background: #fbdada; color: #7a1010; }
.missing { background: #eee; color: #555; }
.score { font-size: 2rem; font-weight: bold; }
figure { margin: 0.5rem 0; }
code { background: #f0f0f0; padding: 0 0.2rem; border-radius: 0.2rem; }
li.comment p { margin: 0.1rem 0; }
li.comment .why::before { content: "Why: "; font-weight: bold; }
li.comment .fix::before { content: "Fix: "; font-weight: bold; }
.line { color: #666; }
figure svg { max-width: 100%; height: auto; }
dt { font-weight: bold; }
"""

# Code in a review comment is written between backquotes: `gcd`, `for c in str(n)`.
_BACKQUOTED = re.compile(r"`([^`\n]+)`")


def html_report(assessment: Assessment) -> str:
    """The assessment as a complete HTML document."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>judge assess {_e(str(assessment.directory))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Assessment of {_e(str(assessment.directory))}</h1>",
        f'<p class="score" id="total-score">{assessment.total:.1f} / 100</p>',
        _summary_table(assessment),
        _advice(assessment),
    ]
    parts += [_problem_section(result) for result in assessment.results]
    parts.append(_rubric())
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary_table(assessment: Assessment) -> str:
    rows = []
    for result in assessment.results:
        report = result.report
        if result.path is None:
            verdict, passed, growth, style = _badge(None, "no solution"), "", "", ""
        elif report is None:
            verdict, passed, growth, style = _badge(None, "not judged"), "", "", ""
        else:
            verdict = _badge(report.verdict, report.verdict.title)
            passed = f"{_accepted_tasks(report)}/{len(result.problem.tasks)}"
            growth = _growth_cell(result.problem, report)
            style = "" if report.style is None else style_text(report.style.score)
        rows.append(
            "<tr>"
            f'<td><a href="#{_e(result.problem.slug)}">{_e(result.problem.slug)}</a></td>'
            f"<td>{verdict}</td><td>{passed}</td><td>{_e(growth)}</td><td>{style}</td>"
            f"<td>{result.score.total:.0f}</td>"
            "</tr>"
        )
    return (
        '<table id="summary"><thead><tr><th>problem</th><th>verdict</th><th>tasks accepted</th>'
        "<th>complexity vs target</th><th>style</th><th>points</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _advice(assessment: Assessment) -> str:
    if not assessment.advice:
        return "<h2>Next</h2><p>Nothing to add: every problem scored full marks.</p>"
    items = "".join(
        f"<li>{_e(advice.text)} <small>({points_text(assessment.on_total(advice.points))})"
        "</small></li>"
        for advice in assessment.advice
    )
    return f'<h2>What to work on next</h2><ol id="advice">{items}</ol>'


def _problem_section(result: ProblemResult) -> str:
    problem = result.problem
    head = f'<section class="problem" id="{_e(problem.slug)}"><h2>{_e(problem.title)}'
    head += f" <small>({_e(problem.slug)})</small></h2>"
    if result.path is None:
        missing = _badge(None, "no solution")
        return head + f"<p>{missing} No file in the folder solves it.</p></section>"
    if result.report is None:
        return head + f"<p>{_badge(None, 'not judged')} {_e(result.error or '')}</p></section>"
    report = result.report
    parts = [
        head,
        f"<p>{_badge(report.verdict, report.verdict.title)} {_e(report.file)}"
        f" &middot; sandbox {_e(report.sandbox.kind.value)} ({_e(report.sandbox.reason)})"
        f" &middot; seed {report.seed} &middot; {report.duration_s:.2f} s"
        f" &middot; {result.score.total:.0f} points</p>",
    ]
    if report.load_error is not None:
        error = report.load_error
        parts.append(
            f"<p>The file did not load: {_e(describe_load_failure(report))}</p>"
            f"<pre>{_e(_lines(error.traceback) or error.message)}</pre>"
        )
    parts += [_task_section(problem, task) for task in report.tasks]
    if report.missing_tasks:
        listed = ", ".join(report.missing_tasks)
        parts.append(f"<p>Follow-ups not attempted: {_e(listed)}</p>")
    if report.rule_findings:
        parts.append(_rules_section(report))
    if report.style is not None:
        parts.append(_style_section(report.style))
    parts.append("</section>")
    return "\n".join(parts)


def _task_section(problem: Problem, task: TaskReport) -> str:
    parts = [
        f'<h3 class="task">{_e(task.task)}: {_badge(task.verdict, task.verdict.title)}'
        f" <small>{inputs_text(task.examples_run)}</small></h3>"
    ]
    if task.counterexample is not None:
        parts.append(_counterexample(problem, task, task.counterexample))
    if task.stress is not None:
        parts.append(_stress_section(problem, task, task.stress))
    if task.complexity is not None:
        parts.append(_complexity_section(problem.slug, task.task, task.complexity))
    return "\n".join(parts)


def _stress_section(problem: Problem, task: TaskReport, stress: GroupReport) -> str:
    """The stress group apart from the task's verdict: passed, or its smallest failure and why."""
    head = f'<p class="stress">Stress group ({_e(stress.sizes)}): '
    if stress.passed:
        passed = _badge(Verdict.ACCEPTED, "passed")
        return head + f"{passed} {inputs_text(stress.examples_run)}.</p>"
    parts = [
        head + f"{_badge(stress.verdict, stress.verdict.title)} {_e(stress_outcome(stress))}"
        " (scored apart: the task stays accepted).</p>"
    ]
    if stress.counterexample is not None:
        failed = replace(task, verdict=stress.verdict, counterexample=stress.counterexample)
        parts.append(_counterexample(problem, failed, stress.counterexample))
    if stress.explanation:
        parts.append(f'<p class="why">{_e(stress.explanation)}</p>')
    return "\n".join(parts)


def _counterexample(problem: Problem, task: TaskReport, example: Counterexample) -> str:
    rows = [("input", format_call(task.task, example.args, task.kind, limit=400))]
    if example.error is not None:
        raised = f"{example.error.type_name}: {example.error.message}"
        rows.append(("raised", "\n".join([raised, _lines(example.error.traceback)]).strip()))
    elif task.verdict in (Verdict.WRONG_ANSWER, Verdict.NONDETERMINISTIC):
        rows.append(("expected", format_value(example.expected, limit=400)))
        rows.append(("actual", format_value(example.actual, limit=400)))
    if example.broken_property:
        rows.append(("broken property", example.broken_property))
    if example.stdout:
        rows.append(("printed", example.stdout))
    if example.stderr:
        rows.append(("stderr", example.stderr))
    if example.detail:
        rows.append(("detail", example.detail))
    body = "".join(f"<dt>{_e(name)}</dt><dd><pre>{_e(value)}</pre></dd>" for name, value in rows)
    summary = describe_failure(problem, task)
    return f'<div class="counterexample"><p>{_e(summary)}</p><dl>{body}</dl></div>'


def _complexity_section(slug: str, task_name: str, complexity: ComplexityReport) -> str:
    estimated = complexity.shown
    parts = [
        f"<p>Complexity: measured {_e(estimated)}, target {_e(complexity.target.value)}"
        f" (confidence {complexity.confidence:.0%})."
    ]
    if complexity.slowdown is not None and complexity.timings:
        largest = complexity.timings[-1].size
        parts.append(
            f" {complexity.slowdown:.1f}x the reference's time at"
            f" {_e(complexity.size_unit)} = {largest:,}."
        )
    if complexity.note:
        parts.append(f" {_e(complexity.note)}")
    parts.append("</p>")
    if complexity.timings:
        parts.append(
            f'<figure class="growth">{_growth_plot(slug, task_name, complexity)}'
            f"<figcaption>{_e(task_name)}: seconds per call against input size,"
            " candidate and reference measured in the same run</figcaption></figure>"
        )
    if complexity.hints:
        items = "".join(
            f"<li>line {hint.line}: {_e(hint.what)}: {_e(hint.why)}"
            f"{' (the measurement agrees)' if hint.confirmed else ''}</li>"
            for hint in complexity.hints
        )
        parts.append(f'<ul class="hints">{items}</ul>')
    return "".join(parts)


def _growth_plot(slug: str, task_name: str, complexity: ComplexityReport) -> str:
    """Candidate and reference seconds against size on log-log axes, as an inline <svg>."""
    # Imported here: matplotlib takes about a second to import, paid only when a report is drawn.
    import matplotlib
    from matplotlib.figure import Figure

    sizes = [timing.size for timing in complexity.timings]
    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    axes = figure.subplots()
    axes.loglog(sizes, [t.candidate_s for t in complexity.timings], "o-", label="candidate")
    axes.loglog(
        sizes,
        [t.reference_s for t in complexity.timings],
        "s--",
        label=f"reference ({complexity.target.value})",
    )
    axes.set_xlabel(f"input size ({complexity.size_unit})")
    axes.set_ylabel("seconds per call")
    estimated = complexity.shown
    axes.set_title(f"{task_name}: {estimated} against target {complexity.target.value}")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend()
    buffer = io.StringIO()
    # A salt per plot keeps the ids of markers and clip paths apart when several SVGs share one
    # HTML document, and makes the output the same on every run.
    with matplotlib.rc_context({"svg.hashsalt": f"{slug}-{task_name}", "svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    # Inline SVG needs neither the XML prologue nor matplotlib's RDF metadata block.
    return _METADATA.sub("", svg[svg.index("<svg") :], count=1)


def _style_section(style: StyleReport) -> str:
    parts = [f"<h3>Style: {style_text(style.score)}</h3>"]
    if style.strengths:
        parts.append("<h4>Strengths</h4>" + _list(_e(item) for item in style.strengths))
    for title, comments in (("Areas for improvement", style.improvements), ("Notes", style.notes)):
        if comments:
            parts.append(
                f"<h4>{title}</h4>"
                + "<ul>"
                + "".join(_comment(comment) for comment in comments)
                + "</ul>"
            )
    return "\n".join(parts)


def _comment(comment: ReviewComment) -> str:
    """One review comment, its what, why and fix apart, the code in them shown as code."""
    where = f'<span class="line">line {comment.line}:</span> ' if comment.line is not None else ""
    return (
        f'<li class="comment"><p class="what">{where}{_code(comment.what)}</p>'
        f'<p class="why">{_code(comment.why)}</p><p class="fix">{_code(comment.fix)}</p></li>'
    )


def _rules_section(report: Report) -> str:
    """The spec's rules the file breaks, each place at its line."""
    items = "".join(
        f'<li><span class="line">line {finding.line}:</span> {_e(finding.what)}'
        f" <small>({_e(finding.rule)})</small></li>"
        for finding in report.rule_findings
    )
    says = "".join(
        f"<p>The spec: {_e(text)}</p>"
        for text in dict.fromkeys(finding.says for finding in report.rule_findings)
    )
    return (
        '<h3 class="rules">Rules broken <small>(they cost points; the verdict is about the'
        f' answers)</small></h3><ul class="rules">{items}</ul>{says}'
    )


def _rubric() -> str:
    return (
        "<h2>How the score is counted</h2><p>Each problem is worth 100 points and the total is"
        " the mean over the set (a problem with no solution counts 0). Correctness 65: the main"
        " task Accepted on the interview's inputs 55, follow-ups share 10. Stress 5, scored"
        " apart once the main task is Accepted: its stress group (the spec's largest sizes)"
        " passed. Complexity 20, once the main task is Accepted: on target 20, one class slower"
        " 10, more 0, unclear (or a range from the target to a slower class) 10. Style 10: the"
        " style score. A broken rule of the spec gives"
        " back the main task's, the stress and the complexity points.</p>"
    )


def _growth_cell(problem: Problem, report: Report) -> str:
    main = next((task for task in report.tasks if task.task == problem.main_task.name), None)
    if main is None or main.complexity is None:
        return ""
    complexity = main.complexity
    estimated = complexity.shown
    return f"{estimated} vs {complexity.target.value}"


def _accepted_tasks(report: Report) -> int:
    return sum(task.verdict is Verdict.ACCEPTED for task in report.tasks)


def _badge(verdict: Verdict | None, text: str) -> str:
    if verdict is None:
        kind = "missing"
    else:
        kind = "accepted" if verdict is Verdict.ACCEPTED else "rejected"
    return f'<span class="verdict {kind}">{_e(text)}</span>'


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _lines(lines: Iterable[str]) -> str:
    return "\n".join(line.rstrip("\n") for line in lines)


def _e(text: str) -> str:
    """Text for the page: control characters made visible (reports/untrusted.py), then escaped."""
    return html.escape(visible(text, multiline=True), quote=True)


def _code(text: str) -> str:
    """Escaped text with each `backquoted` span set as code, as the review writes code."""
    return _BACKQUOTED.sub(r"<code>\1</code>", _e(text))
