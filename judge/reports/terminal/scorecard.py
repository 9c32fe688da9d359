"""`judge assess`: live progress over the solutions, the summary table, the score, the advice."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import TaskID
from rich.table import Table
from rich.text import Text

from judge.correctness.feedback import describe_failure, describe_load_failure, stress_outcome
from judge.report import Verdict
from judge.reports.terminal.consoles import FAILED_STYLE, progress_bars, verdict_text
from judge.reports.untrusted import visible
from judge.sessions.assess import Assessment, ProblemResult, Solution
from judge.wording import inputs_text, points_text, style_text


class AssessProgressDisplay:
    """A live progress display over the solutions being judged (sessions.assess.AssessProgress)."""

    def __init__(self, console: Console, total: int) -> None:
        # Transient: once the summary is printed, the bars' last frame would only repeat it.
        self._progress = progress_bars(console, transient=True)
        self._overall = self._progress.add_task("[bold]judging", total=total)
        self._rows: dict[str, TaskID] = {}

    def __enter__(self) -> AssessProgressDisplay:
        self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.stop()

    def started(self, solution: Solution) -> None:
        """A row for the solution, spinning while it is judged."""
        # Descriptions are rich markup: the file name is the user's, so it is escaped.
        description = f"{escape(solution.problem.slug)} [dim]{escape(visible(solution.path.name))}"
        self._rows[solution.problem.slug] = self._progress.add_task(description, total=1)

    def finished(self, result: ProblemResult) -> None:
        """The row shows the verdict; the overall bar advances."""
        row = self._rows.get(result.problem.slug)
        if row is not None:
            verdict = _result_verdict(result)
            description = f"{escape(result.problem.slug)} [{verdict.style}]{escape(verdict.plain)}"
            self._progress.update(row, description=description, completed=1)
        self._progress.advance(self._overall)


def assessment(console: Console, assessed: Assessment) -> None:
    """The summary table, each failure in one line, the total score and the advice."""
    # Not the table's title: that would wrap a long folder at the table's width.
    heading = Text(f"Assessment of {visible(str(assessed.directory))}", style="italic")
    console.print(heading, soft_wrap=True)
    for sandbox_line in _sandbox_lines(assessed):
        console.print(sandbox_line, soft_wrap=True)
    console.print(_summary_table(assessed))
    for result in assessed.results:
        line = _failure_line(result)
        if line is not None:
            console.print(line, soft_wrap=True)
        for stress_line in _stress_lines(result):
            console.print(stress_line, soft_wrap=True)
    if assessed.missing:
        missing = ", ".join(problem.slug for problem in assessed.missing)
        console.print(Text(f"No solution for: {visible(missing)}", style="yellow"), soft_wrap=True)
    if assessed.subfolders:
        names = ", ".join(f"{path.name}/" for path in assessed.subfolders)
        note = "Not searched (solutions are read from the folder itself, not its subfolders): "
        console.print(Text(note + visible(names), style="yellow"), soft_wrap=True)
    console.print(Text(f"Score: {assessed.total:.1f} / 100", style="bold"))
    if assessed.advice:
        console.print(Text("What to work on next:", style="bold"))
        steps = Table.grid(padding=(0, 1))
        steps.add_column(justify="right", no_wrap=True)
        steps.add_column()  # a long piece of advice wraps under itself, not under the number
        for number, advice in enumerate(assessed.advice, start=1):
            text = Text(visible(advice.text))
            text.append(f" ({points_text(assessed.on_total(advice.points))})", style="dim")
            steps.add_row(Text(f"  {number}."), text)
        console.print(steps)


def _sandbox_lines(assessed: Assessment) -> list[Text]:
    """Which sandbox judged and why, as submit's header says it: one line per sandbox used
    (one, unless the engine came or went during the assessment)."""
    used: dict[str, list[str]] = {}
    for result in assessed.results:
        if result.report is not None:
            used.setdefault(result.report.sandbox.reason, []).append(result.problem.slug)
    lines = []
    for reason, slugs in used.items():
        line = Text("Sandbox: ", style="bold") + Text(visible(reason))
        if len(used) > 1:
            line.append(f" ({', '.join(slugs)})", style="dim")
        lines.append(line)
    return lines


def _summary_table(assessed: Assessment) -> Table:
    """Two lines per problem: slug over verdict, tasks over inputs, measured over target growth.

    Stacked so that nothing wraps or is cut at 80 columns: the widest row (the longest slug over
    "Memory Limit Exceeded", 1053 inputs, 111.6 s) takes 76. A verdict column of its own did not
    fit beside the others, and rich cut it to "Verdi…".
    """
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column(Text("Problem\n  Verdict"), no_wrap=True)
    table.add_column("Tests", no_wrap=True)
    table.add_column("Growth", no_wrap=True)
    for column in ("Style", "Time", "Points"):
        table.add_column(column, justify="right", no_wrap=True)
    for result in assessed.results:
        table.add_row(*_summary_row(result))
    return table


def _summary_row(result: ProblemResult) -> tuple[Text, ...]:
    problem = Text(result.problem.slug, style="bold") + Text("\n  ") + _result_verdict(result)
    report = result.report
    if result.path is None or report is None:
        return (problem, Text(), Text(), Text(), Text(), Text("0"))
    judged_tasks = len(report.tasks)
    accepted = sum(task.verdict is Verdict.ACCEPTED for task in report.tasks)
    examples = sum(task.examples_run for task in report.tasks)
    tests = Text(f"{accepted}/{judged_tasks} tasks\n{inputs_text(examples)}")
    style = Text() if report.style is None else Text(style_text(report.style.score))
    return (
        problem,
        tests,
        _growth_text(result),
        style,
        Text(f"{report.duration_s:.1f} s"),
        Text(f"{result.score.total:.0f}"),
    )


def _growth_text(result: ProblemResult) -> Text:
    """The main task's measured class over its target; empty when it was not measured."""
    report = result.report
    main_name = result.problem.main_task.name
    main = next((task for task in report.tasks if task.task == main_name), None) if report else None
    if main is None or main.complexity is None:
        return Text()
    measured = main.complexity
    if measured.estimated is None:
        text = Text("unclear", style="dim")
    else:
        # A range's faster end, with "+" when a slower class fits too: the column stays
        # narrow; submit shows both.
        style = (
            "green" if measured.on_target else "red" if measured.slower_than_target else "yellow"
        )
        plus = "+" if measured.estimated_upper is not None else ""
        text = Text(measured.estimated.value + plus, style=style)
    return text + Text(f"\ntarget {measured.target.value}", style="dim")


def _result_verdict(result: ProblemResult) -> Text:
    if result.path is None:
        return Text("no solution", style="dim")
    if result.report is None:
        return Text("not judged", style=FAILED_STYLE)
    return verdict_text(result.report.verdict)


def _stress_lines(result: ProblemResult) -> list[Text]:
    """``⚠ gcd: stress: fails from 208 digits on: RecursionError`` for each accepted task whose
    stress group failed: scored apart, so said apart from the verdict."""
    if result.report is None:
        return []
    return [
        Text("⚠ ", style="yellow")
        + Text(f"{result.problem.slug}: ", style="bold")
        + Text(visible(f"{task.task} accepted; stress: {stress_outcome(task.stress)}"))
        for task in result.report.tasks
        if task.verdict is Verdict.ACCEPTED and task.stress is not None and not task.stress.passed
    ]


def _failure_line(result: ProblemResult) -> Text | None:
    """``✗ gcd: gcd(0, 0) raised ZeroDivisionError: ...`` for a problem not Accepted."""
    report = result.report
    if result.path is None or result.accepted:
        return None
    head = Text("✗ ", style=FAILED_STYLE) + Text(f"{result.problem.slug}: ", style="bold")
    if report is None:
        return head + Text(visible(result.error or ""))
    if report.load_error is not None:
        return head + Text(visible(describe_load_failure(report)))
    failed = [task for task in report.tasks if task.verdict is not Verdict.ACCEPTED]
    described = "; ".join(describe_failure(result.problem, task) for task in failed)
    return head + Text(visible(described))
