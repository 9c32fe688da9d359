"""The problem catalogue: `judge list` and the spec that `judge show` prints."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from judge.catalog.discovery import BrokenProblem, Catalogue
from judge.catalog.spec import Spec


def problem_table(console: Console, catalogue: Catalogue) -> None:
    """One row per task, grouped by problem (slug and title), with its target complexity and the
    pack the problem comes from."""
    problems = catalogue.problems
    table = Table(title="Problems", title_justify="left")
    # Slugs and task names are what the user types: never cut them short.
    table.add_column("Problem", min_width=max((len(p.slug) for p in problems), default=0))
    task_names = [task.name for problem in problems for task in problem.tasks]
    table.add_column("Task", min_width=max(map(len, task_names), default=0))
    table.add_column("Target")
    table.add_column("Pack")
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
            pack = Text(catalogue.pack_of(problem) if index == 0 else "", style="dim")
            table.add_row(heading, name, target, pack, end_section=index == len(problem.tasks) - 1)
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
