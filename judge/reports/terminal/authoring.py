"""For problem authors: the package `judge new` wrote, and the checks `judge validate` ran."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from judge.authoring.scaffold import TODO_MARKER, Scaffold
from judge.authoring.validate import CheckResult, CheckStatus, Validation
from judge.reports.terminal.consoles import progress_bars

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
        self._progress = progress_bars(console, transient=True)
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
    """Per problem, one entry per check (result, check, and its detail beneath), then totals.

    A list rather than a four-column table: the detail is a sentence, and beside three other
    columns it would be folded a few characters wide on an 80-column terminal.
    """
    by_problem: dict[str, list[CheckResult]] = {}
    for result in validated.results:
        by_problem.setdefault(result.problem, []).append(result)
    for slug, results in by_problem.items():
        console.print(Text(slug, style="bold cyan"))
        checks = Table.grid(padding=(0, 2))
        checks.add_column(no_wrap=True, width=9, justify="right")
        checks.add_column(overflow="fold")
        for result in results:
            label = "FAIL" if result.status is CheckStatus.FAILED else result.status.value
            described = Text(result.check)
            if result.detail:
                described.append("\n" + result.detail, style="dim")
            checks.add_row(Text(label, style=_CHECK_STYLES[result.status]), described)
        console.print(checks)
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
