"""`judge grade` on the terminal: the progress bar (counts per verdict, ETA) and the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from judge.grading.batch import BatchResult, RowStatus
from judge.grading.jobs import Graded, JobOutcome
from judge.grading.reports import WrittenReports
from judge.report import VERDICT_PRECEDENCE, Verdict
from judge.reports.terminal.consoles import verdict_text
from judge.reports.untrusted import visible


class GradeProgress:
    """A batch.Progress drawn as a rich bar: done/total, counts per verdict, elapsed and ETA."""

    def __init__(self, console: Console, get_time: Callable[[], float] | None = None) -> None:
        self._console = console
        self._verdicts: Counter[Verdict] = Counter()
        self._failures = 0
        self._progress = Progress(
            TextColumn("grading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
            get_time=get_time,
        )
        self._task = self._progress.add_task("grading", total=0, counts="")

    def __enter__(self) -> GradeProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.stop()

    def planned(self, to_judge: int, reused: int) -> None:
        """Set the bar's total; say what the store already had."""
        self._progress.update(self._task, total=to_judge)
        self._console.print(
            Text(f"{to_judge} to judge, {reused} already graded (from the store)"), soft_wrap=True
        )

    def finished(self, outcome: JobOutcome) -> None:
        """Count one outcome."""
        if isinstance(outcome, Graded):
            self._verdicts[outcome.verdict] += 1
        else:
            self._failures += 1
        self._progress.update(self._task, advance=1, counts=self.counts())

    def say(self, message: str) -> None:
        """A line above the bar."""
        self._console.print(Text(message), soft_wrap=True)

    def __rich__(self) -> RenderableType:
        """The bar as it stands: what the live display draws (on a terminal only)."""
        return self._progress.get_renderable()

    def counts(self) -> str:
        """The counts per verdict so far: "Accepted 12 · Wrong Answer 3 · failed 1"."""
        parts = [
            f"{verdict.title} {self._verdicts[verdict]}"
            for verdict in VERDICT_PRECEDENCE[::-1]
            if self._verdicts[verdict]
        ]
        if self._failures:
            parts.append(f"failed {self._failures}")
        return " · ".join(parts)


def summary(console: Console, result: BatchResult, written: WrittenReports) -> None:
    """Verdict counts per problem, what could not be graded, and where the reports are."""
    problems = list(dict.fromkeys(row.problem for row in result.rows))
    table = Table(title="Grading", title_justify="left")
    table.add_column("Problem")
    seen = {row.graded.verdict for row in result.rows if row.graded is not None}
    shown = [verdict for verdict in VERDICT_PRECEDENCE[::-1] if verdict in seen]
    for verdict in shown:
        table.add_column(verdict_text(verdict), justify="right")
    table.add_column("missing", justify="right")
    table.add_column("not graded", justify="right")
    for problem in problems:
        rows = [row for row in result.rows if row.problem == problem]
        verdicts = Counter(row.graded.verdict for row in rows if row.graded is not None)
        statuses = Counter(row.status for row in rows)
        table.add_row(
            Text(visible(problem)),
            *(str(verdicts[verdict] or "") for verdict in shown),
            str(statuses[RowStatus.MISSING] or ""),
            str(statuses[RowStatus.NOT_GRADED] + statuses[RowStatus.FAILED] or ""),
        )
    console.print(table)
    for row in result.rows:
        if row.status in (RowStatus.NOT_GRADED, RowStatus.FAILED):
            status = row.status.value.replace("_", " ")
            line = f"{row.candidate} / {row.problem}: {status}: {row.issue}"
            console.print(Text(visible(line)), soft_wrap=True)
    for group in written.groups:
        how = "identical" if group.identical else f"{group.similarity:.0%} alike"
        line = f"similar code ({group.problem}, {how}): {', '.join(group.members)}"
        console.print(Text(visible(line)), soft_wrap=True)
    console.print(
        Text(
            f"{result.judged} judged, {result.reused} reused in {result.duration_s:.1f} s;"
            f" results: {written.csv}, {written.json}; overview: {written.overview}"
        ),
        soft_wrap=True,
    )
