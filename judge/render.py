"""Everything the user sees on a terminal. The only module that imports rich."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.live import Live
from rich.markdown import Markdown
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from judge.assess import Assessment, ProblemResult, Solution
from judge.discovery import BrokenProblem
from judge.errors import JudgeError
from judge.feedback import describe_failure, describe_load_failure
from judge.history import ProblemHistory
from judge.model import (
    ComplexityReport,
    Report,
    ReviewComment,
    StyleReport,
    TaskReport,
    Verdict,
)
from judge.practice import CheckStage, PracticeResult
from judge.problem import Problem, TaskKind
from judge.scaffold import TODO_MARKER, Scaffold
from judge.spec import Spec
from judge.validate import CheckResult, CheckStatus, Validation
from judge.values import call_repr, value_repr
from sandbox.base import CandidateError
from sandbox.image import ImageState, ImageStatus
from sandbox.select import BackendChoice

if TYPE_CHECKING:
    from sandbox.container import DockerStatus


def error(console: Console, exc: JudgeError) -> None:
    """One line: what went wrong and what to do. The message may hold untrusted text."""
    # soft_wrap: the line stays one line however narrow the terminal, so scripts can match it.
    console.print(Text("Error: ", style="bold red") + Text(str(exc)), soft_wrap=True)


def problem_table(console: Console, problems: Sequence[Problem]) -> None:
    """One row per task, grouped by problem (slug and title), with its target complexity."""
    table = Table(title="Problems", title_justify="left")
    # Slugs and task names are what the user types: never cut them short.
    table.add_column("Problem", min_width=max((len(p.slug) for p in problems), default=0))
    task_names = [task.name for problem in problems for task in problem.tasks]
    table.add_column("Task", min_width=max(map(len, task_names), default=0))
    table.add_column("Target")
    for problem in problems:
        for index, task in enumerate(problem.tasks):
            heading = Text()
            if index == 0:
                heading.append(problem.slug, style="bold cyan")
                heading.append("\n" + problem.title, style="dim")
            name = Text(task.name)
            if not task.required:
                name.append(" (follow-up)", style="dim")
            target = Text(f"{task.target.value} in {task.size_unit}")
            table.add_row(heading, name, target, end_section=index == len(problem.tasks) - 1)
    console.print(table)


def broken_problems(console: Console, broken: Sequence[BrokenProblem]) -> None:
    """One warning line per problem package that failed to load."""
    for item in broken:
        line = Text("Warning: ", style="bold yellow") + Text(
            f"skipped problem package {item.name}: {item.reason}"
        )
        console.print(line, soft_wrap=True)


def spec(console: Console, problem_spec: Spec) -> None:
    """A problem's spec.md as rendered Markdown (trusted text written by the problem's author)."""
    console.print(Markdown(problem_spec.text))


# ---- the judging report ------------------------------------------------------------------

# Longest value, and longest output, shown before the middle is elided.
VALUE_LIMIT = 200
OUTPUT_LIMIT = 1000
# A class task's counterexample shows this many operations from each end of a long sequence.
_OPERATIONS_SHOWN = 20
# Traceback lines shown from the start and the end of a deep one (a runaway recursion).
_TRACEBACK_HEAD = 4
_TRACEBACK_TAIL = 8

_VERDICT_STYLES = {
    Verdict.ACCEPTED: "bold green",
    Verdict.NONDETERMINISTIC: "bold yellow",
    Verdict.INTERNAL_ERROR: "bold magenta",
}
_FAILED_STYLE = "bold red"


def elide(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` with its middle cut when over ``limit``: both ends of a long value matter."""
    if len(text) <= limit:
        return text
    marker = f" … ({len(text) - limit} more characters) … "
    head = (limit + 1) // 2
    return text[:head] + marker + text[len(text) - limit // 2 :]


def verdict_text(verdict: Verdict) -> Text:
    """The verdict spelled out, in its colour."""
    return Text(verdict.title, style=_VERDICT_STYLES.get(verdict, _FAILED_STYLE))


def report(console: Console, judged: Report, revised_example: str | None = None) -> None:
    """The whole report: header, one line per task, a panel per failure, the complexity and
    style review, the overall verdict.

    ``revised_example`` (trusted: the problem's reference) is shown in the review only when the
    submission is accepted, so it never gives away the answer to a wrong one.
    """
    console.print(_report_header(judged))
    console.print()
    console.print(_task_lines(judged))
    if judged.load_error is not None:
        console.print(_load_error_panel(judged, judged.load_error))
    for task in judged.tasks:
        if task.verdict is not Verdict.ACCEPTED and (task.counterexample or task.note):
            console.print(_failure_panel(task))
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


def _report_header(judged: Report) -> Table:
    header = Table.grid(padding=(0, 2))
    header.add_column(style="dim", no_wrap=True)
    header.add_column()
    header.add_row("problem", Text(judged.problem, style="bold"))
    header.add_row("file", Text(judged.file))
    header.add_row("sandbox", Text(judged.sandbox.kind.value, style="bold"))
    header.add_row("because", Text(judged.sandbox.reason))
    header.add_row("isolation", Text(judged.sandbox.isolation))
    header.add_row("seed", Text(str(judged.seed)))
    header.add_row("time", Text(f"{judged.duration_s:.2f} s"))
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
            Text(f"{task.examples_run} examples"),
            note,
        )
    for name in judged.missing_tasks:
        lines.add_row(
            Text(f"- {name}", style="dim"),
            Text("not defined", style="dim"),
            Text(),
            Text("follow-up: listed, not judged", style="dim"),
        )
    return lines


def _failure_panel(task: TaskReport) -> Panel:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")
    example = task.counterexample
    if example is not None:
        rows.add_row("input", _input_text(task, example.args))
        if task.verdict in (Verdict.WRONG_ANSWER, Verdict.NONDETERMINISTIC):
            rows.add_row("expected", Text(elide(value_repr(example.expected))))
            if example.error is None:
                rows.add_row("actual", Text(elide(value_repr(example.actual))))
        if example.error is not None:
            rows.add_row("raised", _error_text(example.error))
        if example.broken_property:
            rows.add_row("property", Text(example.broken_property))
        if example.detail:
            rows.add_row("detail", Text(elide(example.detail)))
        for label, output in (("stdout", example.stdout), ("stderr", example.stderr)):
            if output:
                rows.add_row(label, Text(elide(output.rstrip("\n"), OUTPUT_LIMIT)))
    if task.note:
        rows.add_row("note", Text(task.note))
    title = Text(f"{task.task}: ") + verdict_text(task.verdict)
    return Panel(rows, title=title, title_align="left", border_style="red")


def _load_error_panel(judged: Report, load_error: CandidateError) -> Panel:
    title = Text(f"{judged.file} did not load: ") + verdict_text(judged.verdict)
    return Panel(_error_text(load_error), title=title, title_align="left", border_style="red")


def _input_text(task: TaskReport, args: tuple[object, ...]) -> Text:
    """The failing input as code: ``gcd(0, 5)``, or a class's constructor and numbered calls."""
    if task.kind is not TaskKind.CLASS or len(args) != 2:
        return Text(elide(call_repr(task.task, args)))
    constructor_args, operations = args
    lines = [elide(call_repr(task.task, tuple(constructor_args)))]
    numbered = list(enumerate(operations, start=1))
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
            line.append("⚠ " if slower else "✓ ", style="bold yellow" if slower else "green")
            line.append(f"{name}: ", style="bold")
            line.append(complexity.estimated.value, style="bold yellow" if slower else "bold green")
            line.append(f", target {complexity.target.value}")
            line.append(f" (confidence {complexity.confidence:.2f})", style="dim")
            parts.append(_indented(line, 2))
            if slower:
                parts.append(_indented(Text("correct, but slower than the target", "yellow"), 6))
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
            hint_line.append(hint.what)
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
        title.append(f"  style {style.score:g}/10", style="bold cyan")
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
            console.print(_indented(Text(f"• {where}", style="bold") + Text(what), 4))
        console.print(_indented(Text(f"why: {first[rule].why}", style="dim"), 6))
        console.print(_indented(Text(f"fix: {first[rule].fix}", style="dim"), 6))


def _joined(numbers: Sequence[int]) -> str:
    return ", ".join(str(number) for number in numbers)


# ---- assess, history, practice, solution -------------------------------------------------


class AssessProgressDisplay:
    """A live progress display over the solutions being judged (judge.assess.AssessProgress)."""

    def __init__(self, console: Console, total: int) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
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
        description = f"{escape(solution.problem.slug)} [dim]{escape(solution.path.name)}"
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
    table = Table(
        title=f"Assessment of {assessed.directory}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column, justify in (
        ("Problem", "left"),
        ("Verdict", "left"),
        ("Tests passed", "left"),
        ("Growth vs target", "left"),
        ("Style", "right"),
        ("Time", "right"),
        ("Points", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    # Slugs stay whole on a narrow terminal; the other columns wrap instead.
    table.columns[0].no_wrap = True
    for result in assessed.results:
        table.add_row(*_assessment_row(result))
    console.print(table)
    for result in assessed.results:
        line = _failure_line(result)
        if line is not None:
            console.print(line, soft_wrap=True)
    if assessed.missing:
        missing = ", ".join(problem.slug for problem in assessed.missing)
        console.print(Text(f"No solution for: {missing}", style="yellow"), soft_wrap=True)
    console.print(Text(f"Score: {assessed.total:.1f} / 100", style="bold"))
    if assessed.advice:
        console.print(Text("What to work on next:", style="bold"))
        steps = Table.grid(padding=(0, 1))
        steps.add_column(justify="right", no_wrap=True)
        steps.add_column()  # a long piece of advice wraps under itself, not under the number
        for number, advice in enumerate(assessed.advice, start=1):
            text = Text(advice.text)
            unit = "point" if round(advice.points) == 1 else "points"
            text.append(f" ({advice.points:.0f} {unit})", style="dim")
            steps.add_row(Text(f"  {number}."), text)
        console.print(steps)


def _assessment_row(result: ProblemResult) -> tuple[Text, ...]:
    problem = Text(result.problem.slug, style="bold")
    report = result.report
    if result.path is None or report is None:
        return (problem, _result_verdict(result), Text(), Text(), Text(), Text(), Text("0"))
    judged_tasks = len(report.tasks)
    accepted = sum(task.verdict is Verdict.ACCEPTED for task in report.tasks)
    examples = sum(task.examples_run for task in report.tasks)
    tests = Text(f"{accepted}/{judged_tasks} tasks ({examples} inputs)")
    style = Text() if report.style is None else Text(f"{report.style.score:.1f}/10")
    return (
        problem,
        verdict_text(report.verdict),
        tests,
        _growth_text(result),
        style,
        Text(f"{report.duration_s:.1f} s"),
        Text(f"{result.score.total:.0f}"),
    )


def _growth_text(result: ProblemResult) -> Text:
    report = result.report
    main_name = result.problem.main_task.name
    main = next((task for task in report.tasks if task.task == main_name), None) if report else None
    if main is None or main.complexity is None:
        return Text()
    measured = main.complexity
    target = measured.target.value
    if measured.estimated is None:
        return Text(f"unclear vs {target}", style="dim")
    style = "red" if measured.slower_than_target else "green"
    return Text(f"{measured.estimated.value} vs {target}", style=style)


def _result_verdict(result: ProblemResult) -> Text:
    if result.path is None:
        return Text("no solution", style="dim")
    if result.report is None:
        return Text("not judged", style=_FAILED_STYLE)
    return verdict_text(result.report.verdict)


def _failure_line(result: ProblemResult) -> Text | None:
    """``✗ gcd: gcd(0, 0) raised ZeroDivisionError: ...`` for a problem not Accepted."""
    report = result.report
    if result.path is None or result.accepted:
        return None
    head = Text("✗ ", style=_FAILED_STYLE) + Text(f"{result.problem.slug}: ", style="bold")
    if report is None:
        return head + Text(result.error or "")
    if report.load_error is not None:
        return head + Text(describe_load_failure(report))
    failed = [task for task in report.tasks if task.verdict is not Verdict.ACCEPTED]
    return head + Text("; ".join(describe_failure(result.problem, task) for task in failed))


def history(console: Console, summaries: Sequence[ProblemHistory], path: Path) -> None:
    """One row per problem attempted: attempts, first accepted, best style, time to solve."""
    if not summaries:
        console.print(Text(f"No attempts recorded yet in {path}."), soft_wrap=True)
        return
    table = Table(title=f"History ({path})", title_justify="left")
    for column in ("Problem", "Attempts", "First accepted", "Best style", "Time to solve", "Last"):
        table.add_column(column)
    for summary in summaries:
        if summary.first_accepted_at is None:
            first = Text("not yet", style="dim")
        else:
            when = summary.first_accepted_at.astimezone().strftime("%Y-%m-%d %H:%M")
            first = Text(f"{when} (attempt {summary.attempts_to_accept})")
        best_style = summary.best_style_score
        solve = summary.best_solve_seconds
        table.add_row(
            Text(summary.problem, style="bold"),
            Text(f"{summary.attempts} ({summary.accepted} accepted)"),
            first,
            Text("" if best_style is None else f"{best_style:.1f}/10"),
            Text("" if solve is None else clock_text(solve)),
            verdict_text(summary.last_verdict),
        )
    console.print(table)


def clock_text(seconds: float) -> str:
    """Seconds as a stopwatch shows them: ``03:07``, or ``1:02:03`` past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class PracticeDisplay:
    """The practice screen: a ticking timer and the state of the last check (a PracticeView)."""

    def __init__(
        self, console: Console, slug: str, path: Path, elapsed: Callable[[], float]
    ) -> None:
        self._console = console
        self._slug = slug
        self._path = path
        self._elapsed = elapsed
        self._status = Text("waiting for a save…", style="dim")
        self._live = Live(self, console=console, refresh_per_second=4, transient=True)

    def __enter__(self) -> PracticeDisplay:
        self._live.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._live.stop()

    def __rich__(self) -> Text:
        line = Text(f"⏱ {clock_text(self._elapsed())}  ", style="bold cyan")
        line.append(f"{self._slug} ", style="bold")
        line.append(f"{self._path.name}  ", style="dim")
        return line + self._status

    def checking(self, stage: CheckStage) -> None:
        """Show which check is running."""
        what = "quick check" if stage is CheckStage.FAST else "full check"
        self._status = Text(f"{what}…", style="yellow")
        self._live.refresh()

    def checked(self, stage: CheckStage, judged: Report) -> None:
        """Print the check's result above the timer and show the verdict beside it."""
        what = "quick check" if stage is CheckStage.FAST else "full check"
        stamp = clock_text(self._elapsed())
        self._console.rule(Text(f"{stamp} {what}: ") + verdict_text(judged.verdict))
        if stage is CheckStage.FULL:
            report(self._console, judged)
        else:
            self._console.print(_task_lines(judged))
            if judged.load_error is not None:
                self._console.print(_load_error_panel(judged, judged.load_error))
            for task in judged.tasks:
                if task.verdict is not Verdict.ACCEPTED and (task.counterexample or task.note):
                    self._console.print(_failure_panel(task))
        status = Text(f"{what}: ") + verdict_text(judged.verdict)
        if judged.verdict is not Verdict.ACCEPTED:
            status.append(" — fix it and save again", style="dim")
        self._status = status
        self._live.refresh()

    def unjudgeable(self, message: str) -> None:
        """Show why the file cannot be judged as it is."""
        self._status = Text("cannot judge: ", style=_FAILED_STYLE) + Text(message)
        self._live.refresh()


def practice_start(console: Console, path: Path, created: bool) -> None:
    """What to do: edit the file and save; every save is judged."""
    made = f"Created {path} with the signature to fill in. " if created else ""
    line = Text(made + f"Edit {path.name} and save: every save is judged. Ctrl-C stops.")
    console.print(line, style="bold", soft_wrap=True)


def practice_end(console: Console, slug: str, result: PracticeResult) -> None:
    """Solved in how long, or stopped unsolved."""
    if result.solved:
        line = Text(f"Solved {slug} in {clock_text(result.elapsed_s)}", style="bold green")
        line.append(f" ({result.checks} checks). The time is in your history.")
    else:
        line = Text(f"Stopped after {clock_text(result.elapsed_s)}; {slug} is not solved yet.")
    console.print(line, soft_wrap=True)


def solution(console: Console, problem: Problem, source: str, explanation: str) -> None:
    """The reference solution with its short explanation (trusted text from the problem)."""
    console.print(Text(f"{problem.title}: reference solution", style="bold"))
    if explanation:
        console.print(Markdown(explanation))
    console.print(Syntax(source, "python", line_numbers=True, word_wrap=True))


def sandbox_status(console: Console, status: DockerStatus, choice: BackendChoice) -> None:
    """Engine, image and the backend `--sandbox auto` picks, one labelled line each."""
    if status.engine_version is None:
        engine = Text(f"not reachable at {status.address}", style="red")
    else:
        engine = Text(f"Docker {status.engine_version} at {status.address}", style="green")
    image = Text("unknown", style="dim") if status.image is None else _image_text(status.image)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Engine", engine)
    table.add_row("Image", image)
    table.add_row("Auto picks", Text(choice.reason))  # the reason starts with the kind
    console.print(table)


def build_step(console: Console, step: str) -> None:
    """One line of progress while the sandbox image builds."""
    console.print(Text(f"... {step}", style="dim"), soft_wrap=True)


def image_built(console: Console, status: ImageStatus) -> None:
    """The image a build produced."""
    console.print(Text("Built ", style="bold green") + _image_text(status), soft_wrap=True)


def _image_text(status: ImageStatus) -> Text:
    styles = {ImageState.CURRENT: "green", ImageState.STALE: "yellow", ImageState.MISSING: "red"}
    text = Text(f"{status.name}: ") + Text(status.state.value, style=styles[status.state])
    if status.state is ImageState.STALE:
        text.append(" (run `judge sandbox build`)")
    elif status.state is ImageState.CURRENT and status.route is not None:
        text.append(f" ({status.route.value} route, recipe {status.recipe})")
    return text


# ---- new, validate ---------------------------------------------------------------------------

_CHECK_STYLES = {
    CheckStatus.PASSED: "bold green",
    CheckStatus.FAILED: "bold red",
    CheckStatus.SKIPPED: "dim",
}


def scaffolded(console: Console, created: Scaffold, validate_command: str) -> None:
    """The files `judge new` wrote, and what the author does next."""
    console.print(
        Text("Created ", style="bold green")
        + Text(f"problem package {created.slug} in {created.package_dir}"),
        soft_wrap=True,
    )
    for path in created.files:
        console.print(Text(f"  {path.relative_to(created.package_dir)}"), soft_wrap=True)
    console.print()
    console.print(
        Text(
            f"Next: replace every {TODO_MARKER} and write every stub that raises "
            "NotImplementedError (docs/adding-a-problem.md walks through it), then run"
        ),
        soft_wrap=True,
    )
    console.print(Text(f"  {validate_command}", style="bold"), soft_wrap=True)
    console.print(
        Text("It fails, and says what is left to do, until the package is complete."),
        soft_wrap=True,
    )


class ValidateProgressDisplay:
    """A live bar over the checks of `judge validate`; gone once the table is printed."""

    def __init__(self, console: Console, total: int) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,  # a log gets the table only
        )
        self._checks = self._progress.add_task("[bold]validating", total=total)

    def __enter__(self) -> ValidateProgressDisplay:
        self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.stop()

    def finished(self, result: CheckResult) -> None:
        """One more check done."""
        self._progress.advance(self._checks)


def validation(console: Console, validated: Validation) -> None:
    """One row per check (problem, check, result, detail), then the totals."""
    table = Table(title="Problem validation", title_justify="left", show_lines=True)
    table.add_column("Problem", style="bold cyan", no_wrap=True)
    table.add_column("Check", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("Detail", overflow="fold")
    for result in validated.results:
        label = "FAIL" if result.status is CheckStatus.FAILED else result.status.value
        table.add_row(
            Text(result.problem),
            Text(result.check),
            Text(label, style=_CHECK_STYLES[result.status]),
            Text(result.detail),
        )
    console.print(table)
    totals = Text(
        f"{len(validated.results)} checks: {validated.count(CheckStatus.PASSED)} ok, "
        f"{validated.count(CheckStatus.FAILED)} failed, "
        f"{validated.count(CheckStatus.SKIPPED)} skipped in {validated.duration_s:.1f} s. "
    )
    if validated.passed:
        totals.append("Valid.", style="bold green")
    else:
        totals.append("Invalid: fix the failed checks, then validate again.", style="bold red")
    console.print(totals, soft_wrap=True)
