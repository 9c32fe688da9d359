"""One submission's report: the tasks, a panel per failure, the complexity and style review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from judge.catalog.problem import TaskKind
from judge.correctness.feedback import size_text, stress_outcome
from judge.correctness.values import call_repr, value_repr
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
from judge.reports.terminal.consoles import OUTPUT_LIMIT, elide, verdict_text
from judge.reports.untrusted import visible
from judge.wording import inputs_text, style_text
from sandbox.base import CandidateError

if TYPE_CHECKING:
    from rich.syntax import Syntax

# A class task's counterexample shows this many operations from each end of a long sequence.
_OPERATIONS_SHOWN = 20
# Traceback lines shown from the start and the end of a deep one (a runaway recursion).
_TRACEBACK_HEAD = 4
_TRACEBACK_TAIL = 8


def report(console: Console, judged: Report, revised_example: str | None = None) -> None:
    """The whole report: header, one line per task, a panel per failure, the complexity and
    style review, the overall verdict.

    ``revised_example`` (trusted: the problem's reference) is shown in the review only when the
    submission is accepted, so it never gives away the answer to a wrong one.
    """
    console.print(_report_header(judged))
    console.print()
    task_results(console, judged)
    measured = [(task.task, task.complexity) for task in judged.tasks if task.complexity]
    if measured:
        console.print()
        console.print(_complexity_section(measured))
    if judged.verdict is not Verdict.ACCEPTED:
        revised_example = None
    if judged.style is not None or revised_example:
        console.print()
        _review(console, judged.style, revised_example)
    console.print(Text("Verdict: ", style="bold") + verdict_text(judged.verdict))


def task_results(console: Console, judged: Report) -> None:
    """One line per task, then a panel for a file that did not load and one per failed task."""
    console.print(_task_lines(judged))
    if judged.rule_findings:
        console.print(_rules_panel(judged))
    if judged.load_error is not None:
        console.print(_load_error_panel(judged, judged.load_error))
    for task in judged.tasks:
        if task.verdict is not Verdict.ACCEPTED and (task.counterexample or task.note):
            console.print(_failure_panel(task))
        if task.stress is not None and not task.stress.passed:
            console.print(_stress_panel(task, task.stress))


def _report_header(judged: Report) -> Table:
    header = Table.grid(padding=(0, 2))
    header.add_column(style="dim", no_wrap=True)
    header.add_column()
    header.add_row("problem", Text(judged.problem, style="bold"))
    header.add_row("file", Text(visible(judged.file)))
    header.add_row("sandbox", Text(judged.sandbox.kind.value, style="bold"))
    header.add_row("because", Text(judged.sandbox.reason))
    header.add_row("isolation", Text(judged.sandbox.isolation))
    header.add_row("seed", Text(str(judged.seed)))
    # The judging alone: the command also starts Python and writes the history around it.
    judging = Text(f"{judged.duration_s:.2f} s") + Text(" (reading the file to the verdict)", "dim")
    header.add_row("judging", judging)
    return header


def _task_lines(judged: Report) -> Table:
    lines = Table.grid(padding=(0, 2))
    lines.add_column(no_wrap=True)
    lines.add_column(no_wrap=True)
    lines.add_column(justify="right", no_wrap=True)
    lines.add_column()
    for task in judged.tasks:
        mark = "✓" if task.verdict is Verdict.ACCEPTED else "✗"
        note = Text(task.note, style="dim") if task.verdict is Verdict.ACCEPTED else Text()
        lines.add_row(
            Text(f"{mark} {task.task}", style="bold"),
            verdict_text(task.verdict),
            Text(inputs_text(task.examples_run)),
            note,
        )
        if task.stress is not None:
            lines.add_row(*_stress_line(task, task.stress))
    for name in judged.missing_tasks:
        lines.add_row(
            Text(f"- {name}", style="dim"),
            Text("not defined", style="dim"),
            Text(),
            Text("follow-up: listed, not judged", style="dim"),
        )
    return lines


def _rules_panel(judged: Report) -> Panel:
    """The spec's rules the file breaks, each place with its line, then what each rule asks."""
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")
    for finding in judged.rule_findings:
        rows.add_row(f"line {finding.line}", Text(visible(finding.what)))
    says = dict.fromkeys(finding.says for finding in judged.rule_findings)
    for text in says:
        rows.add_row("the spec", Text(visible(text)))
    title = "Rules broken: they cost points; the verdict is about the answers"
    return Panel(rows, title=title, title_align="left", expand=False, border_style="yellow")


def _stress_line(task: TaskReport, stress: GroupReport) -> tuple[Text, Text, Text, Text]:
    """The stress group's row under its task: how it went, apart from the task's verdict."""
    label, examples = Text("  stress", style="dim"), Text(inputs_text(stress.examples_run))
    if stress.passed:
        return (label, Text("passed", style="green"), examples, Text(stress.sizes, style="dim"))
    return (label, verdict_text(stress.verdict), examples, Text(stress_outcome(stress)))


def _failure_panel(task: TaskReport) -> Panel:
    rows = _rows()
    example = task.counterexample
    if example is not None:
        _counterexample_rows(rows, task, task.verdict, example)
    if task.note:
        rows.add_row("note", Text(visible(task.note, multiline=True)))
    title = Text(f"{task.task}: ") + verdict_text(task.verdict)
    return Panel(rows, title=title, title_align="left", expand=False, border_style="red")


def _stress_panel(task: TaskReport, stress: GroupReport) -> Panel:
    """A stress group's failure: accepted on the interview's inputs, failing at the largest."""
    rows = _rows()
    rows.add_row("sizes", Text(stress.sizes))
    if stress.counterexample is not None:
        _counterexample_rows(rows, task, stress.verdict, stress.counterexample)
    if stress.fails_from is not None:
        rows.add_row("fails from", Text(size_text(stress.fails_from, stress.size_unit)))
    if stress.explanation:
        rows.add_row("why", Text(stress.explanation))
    if stress.note:
        rows.add_row("note", Text(visible(stress.note, multiline=True)))
    title = Text(f"{task.task}, stress group: ") + verdict_text(stress.verdict)
    title.append(" (the task stays accepted)", style="dim")
    return Panel(rows, title=title, title_align="left", expand=False, border_style="yellow")


def _rows() -> Table:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")
    return rows


def _counterexample_rows(
    rows: Table, task: TaskReport, verdict: Verdict, example: Counterexample
) -> None:
    """What a counterexample shows: input, expected and actual, what it raised, what it printed."""
    rows.add_row("input", _input_text(task, example.args))
    if verdict in (Verdict.WRONG_ANSWER, Verdict.NONDETERMINISTIC):
        rows.add_row("expected", Text(elide(value_repr(example.expected))))
        if example.error is None:
            rows.add_row("actual", Text(elide(value_repr(example.actual))))
    if example.error is not None:
        rows.add_row("raised", _error_text(example.error))
    if example.broken_property:
        rows.add_row("property", Text(visible(example.broken_property)))
    if example.detail:
        rows.add_row("detail", Text(elide(example.detail)))
    for label, output in (("stdout", example.stdout), ("stderr", example.stderr)):
        if output:
            rows.add_row(label, Text(elide(output.rstrip("\n"), OUTPUT_LIMIT, multiline=True)))


def _load_error_panel(judged: Report, load_error: CandidateError) -> Panel:
    title = Text(f"{visible(judged.file)} did not load: ") + verdict_text(judged.verdict)
    return Panel(
        _error_text(load_error), title=title, title_align="left", expand=False, border_style="red"
    )


def _input_text(task: TaskReport, args: tuple[object, ...]) -> Text:
    """The failing input as code: ``gcd(0, 5)``, or a class's constructor and numbered calls."""
    if task.kind is not TaskKind.CLASS or len(args) != 2:
        return Text(elide(call_repr(task.task, args)))
    # A class task's input: (constructor arguments, operations), both sequences (see Task).
    constructor_args, operations = cast(tuple[Sequence[object], Sequence[Any]], args)
    lines = [elide(call_repr(task.task, tuple(constructor_args)))]
    numbered: list[tuple[int, Any]] = list(enumerate(operations, start=1))
    if len(numbered) > 2 * _OPERATIONS_SHOWN:
        left_out = len(numbered) - 2 * _OPERATIONS_SHOWN
        numbered = [*numbered[:_OPERATIONS_SHOWN], (0, None), *numbered[-_OPERATIONS_SHOWN:]]
    else:
        left_out = 0
    for number, operation in numbered:
        if operation is None:
            lines.append(f"    … {left_out} operations …")
            continue
        method, method_args = operation
        lines.append(elide(f"{number:>3}. {call_repr(method, tuple(method_args))}"))
    return Text("\n".join(lines))


def _error_text(error: CandidateError) -> Text:
    text = Text(elide(f"{error.type_name}: {error.message}"), style="bold")
    lines = list(error.traceback)
    if len(lines) > _TRACEBACK_HEAD + _TRACEBACK_TAIL + 1:
        left_out = len(lines) - _TRACEBACK_HEAD - _TRACEBACK_TAIL
        lines = [
            *lines[:_TRACEBACK_HEAD],
            f"  … {left_out} more traceback lines …",
            *lines[-_TRACEBACK_TAIL:],
        ]
    for line in lines:
        text.append("\n" + elide(line), style="dim")
    return text


# ---- the review: complexity and style ------------------------------------------------------


def _complexity_section(measured: Sequence[tuple[str, ComplexityReport]]) -> Group:
    """Per task: the measured class against the target, the slowdown, and the hints."""
    parts: list[Text | Padding] = [Text("Complexity", style="bold")]
    for name, complexity in measured:
        line = Text()
        if complexity.estimated is None:
            line.append("? ", style="yellow")
            line.append(f"{name}: ", style="bold")
            line.append(f"could not tell (target {complexity.target.value})")
            parts.append(_indented(line, 2))
            parts.append(_indented(Text(complexity.note, style="dim"), 6))
        else:
            slower = complexity.slower_than_target
            mark = "⚠ " if slower else "? " if complexity.maybe_slower else "✓ "
            line.append(mark, style="green" if complexity.on_target else "bold yellow")
            line.append(f"{name}: ", style="bold")
            line.append(
                complexity.shown, style="bold green" if complexity.on_target else "bold yellow"
            )
            line.append(f", target {complexity.target.value}")
            line.append(f" (confidence {complexity.confidence:.2f})", style="dim")
            parts.append(_indented(line, 2))
            if slower:
                parts.append(_indented(Text("correct, but slower than the target", "yellow"), 6))
            elif complexity.maybe_slower:
                parts.append(
                    _indented(
                        Text("correct; on target not shown: a slower class fits too", "yellow"), 6
                    )
                )
            if complexity.slowdown is not None and complexity.timings:
                largest = complexity.timings[-1].size
                parts.append(
                    _indented(
                        Text(
                            f"{_times(complexity.slowdown)} the reference at n = {largest:,} "
                            f"({complexity.size_unit})"
                        ),
                        6,
                    )
                )
        for hint in complexity.hints:
            lead = "likely cause" if hint.confirmed else "worth a look"
            hint_line = Text(f"{lead}, line {hint.line}: ", style="bold" if hint.confirmed else "")
            hint_line.append(visible(hint.what))
            parts.append(_indented(hint_line, 6))
            parts.append(_indented(Text(hint.why, style="dim"), 8))
    return Group(*parts)


def _indented(renderable: Text | Syntax, left: int) -> Padding:
    """``renderable`` indented by ``left`` columns, wrapped lines included."""
    return Padding(renderable, (0, 0, 0, left), expand=False)


def _times(slowdown: float) -> str:
    if slowdown >= 1.5:
        return f"{slowdown:,.0f}x slower than" if slowdown >= 10 else f"{slowdown:.1f}x slower than"
    if slowdown <= 1 / 1.5:
        return f"{1 / slowdown:.1f}x faster than"
    return "about as fast as"


def _review(console: Console, style: StyleReport | None, revised_example: str | None) -> None:
    """The seeds' review shape: Strengths, Areas for improvement, Revised example."""
    title = Text("Review", style="bold")
    if style is not None:
        title.append(f"  style {style_text(style.score)}", style="bold cyan")
        title.append(
            f" (max cyclomatic complexity {style.max_cyclomatic}, "
            f"maintainability {style.maintainability:.0f}/100)",
            style="dim",
        )
    console.print(title)
    if style is not None:
        if style.strengths:
            console.print(_indented(Text("Strengths", style="bold green"), 2))
            for strength in style.strengths:
                console.print(_indented(Text(f"• {strength}"), 4))
        if style.improvements:
            console.print(_indented(Text("Areas for improvement", style="bold yellow"), 2))
            _comments(console, style.improvements)
        if style.notes:
            console.print(_indented(Text("Notes", style="bold"), 2))
            _comments(console, style.notes)
    if revised_example:
        console.print(_indented(Text("Revised example (the reference solution)", "bold"), 2))
        from rich.syntax import Syntax  # Pygments: loaded only when there is code to show

        console.print(_indented(Syntax(revised_example.rstrip("\n"), "python", word_wrap=True), 4))


def _comments(console: Console, comments: Sequence[ReviewComment]) -> None:
    """Comments grouped by rule: each distinct finding with its lines, then why and fix once."""
    by_rule: dict[str, dict[str, list[int]]] = {}
    for comment in comments:
        lines = by_rule.setdefault(comment.rule, {}).setdefault(comment.what, [])
        if comment.line is not None:
            lines.append(comment.line)
    first = {comment.rule: comment for comment in reversed(comments)}
    for rule, findings in by_rule.items():
        for what, lines in findings.items():
            where = ""
            if lines:
                where = f"line {lines[0]}: " if len(lines) == 1 else f"lines {_joined(lines)}: "
            console.print(_indented(Text(f"• {where}", style="bold") + Text(visible(what)), 4))
        console.print(_indented(Text(f"why: {first[rule].why}", style="dim"), 6))
        console.print(_indented(Text(f"fix: {first[rule].fix}", style="dim"), 6))


def _joined(numbers: Sequence[int]) -> str:
    return ", ".join(str(number) for number in numbers)
