"""A candidate's own sessions: the practice timer screen, the history of attempts, a reference."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from judge.catalog.problem import Problem
from judge.report import Report, Verdict
from judge.reports.terminal.consoles import FAILED_STYLE, verdict_text
from judge.reports.terminal.judging import report, task_results
from judge.reports.untrusted import visible
from judge.sessions.history import ProblemHistory
from judge.sessions.practice import CheckStage, PracticeResult
from judge.wording import counted, style_text


def history(
    console: Console, summaries: Sequence[ProblemHistory], path: Path, problem: str | None = None
) -> None:
    """One row per problem: attempts, first accepted, best style, practice and time to solve.

    Cells are stacked two lines high, as `judge assess`'s table is, so that the longest slug and
    every cell fit whole at 80 columns (the widest row takes 74).
    """
    if not summaries:
        what = "No attempts" if problem is None else f"No attempts at {visible(problem)}"
        console.print(Text(f"{what} recorded yet in {path}."), soft_wrap=True)
        return
    console.print(Text(f"History ({path})", style="italic"), soft_wrap=True)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column(Text("Problem\n  Last verdict"), no_wrap=True)
    table.add_column(Text("Attempts\n  accepted"), justify="right", no_wrap=True)
    table.add_column(Text("First accepted\n  at attempt"), no_wrap=True)
    table.add_column(Text("Best\nstyle"), justify="right", no_wrap=True)
    table.add_column(Text("Practice\n  solved in"), no_wrap=True)
    unsolved_practice = False
    for summary in summaries:
        last = (
            Text("nothing judged", style="dim")
            if summary.last_verdict is None
            else verdict_text(summary.last_verdict)
        )
        if summary.first_accepted_at is None:
            first = Text("not yet", style="dim")
        else:
            when = summary.first_accepted_at.astimezone().strftime("%Y-%m-%d %H:%M")
            first = Text(f"{when}\n  #{summary.attempts_to_accept}")
        best_style = summary.best_style_score
        solve = summary.best_solve_seconds
        if not summary.practice_sessions:
            practice = Text("none", style="dim")
        elif solve is None:
            unsolved_practice = True
            practice = Text(counted(summary.practice_sessions, "session"))
            practice.append("\n  —", style="dim")
        else:
            practice = Text(f"{counted(summary.practice_sessions, 'session')}\n  ")
            practice.append(clock_text(solve))
        table.add_row(
            Text(summary.problem, style="bold") + Text("\n  ") + last,
            Text(f"{summary.attempts}\n{summary.accepted}"),
            first,
            Text("" if best_style is None else style_text(best_style)),
            practice,
        )
    console.print(table)
    # "Time to solve" is empty for most rows: say what it would hold.
    note = "Solved in: the fastest `judge practice` session that ended Accepted; — when none did"
    if unsolved_practice:
        note += " (sessions stopped unsolved are counted, not timed)"
    console.print(Text(note + ".", style="dim"))


def history_note(console: Console, note: str) -> None:
    """One line about the history file: exported, reset, or nothing done."""
    console.print(Text(note), soft_wrap=True)


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
            task_results(self._console, judged)
        status = Text(f"{what}: ") + verdict_text(judged.verdict)
        if judged.verdict is not Verdict.ACCEPTED:
            status.append(" — fix it and save again", style="dim")
        self._status = status
        self._live.refresh()

    def unjudgeable(self, message: str) -> None:
        """Show why the file cannot be judged as it is."""
        self._status = Text("cannot judge: ", style=FAILED_STYLE) + Text(visible(message))
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
