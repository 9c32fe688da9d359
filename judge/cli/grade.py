"""`judge grade` (a batch of candidates, locally or on a Celery cluster) and `judge worker`.

Thin, like every command: parse, call judge.grading, render, exit code. Everything is imported
when the command runs (Celery only with --broker, or in `judge worker`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from judge.cli.options import (
    DEFAULT_COMPLEXITY_BUDGET,
    ComplexityBudgetOption,
    ExamplesOption,
    ImageOption,
    NoComplexityOption,
    NoStyleOption,
    ProblemsDirOption,
    SandboxOption,
    SeedOption,
    fail,
    judge_options_given,
    settings_given,
)
from judge.errors import JudgeError, UsageError

BrokerOption = Annotated[
    str | None,
    typer.Option(
        "--broker",
        metavar="URL",
        help="Send each judging to Celery workers through this broker (redis://HOST:6379/0).",
    ),
]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend", metavar="URL", help="Where workers put results. Default: the Redis broker."
    ),
]
# Interrupted: what was graded is kept, as with any program stopped by Ctrl-C.
_INTERRUPTED = 130


def grade(
    submissions: Annotated[
        Path,
        typer.Argument(
            help="A folder of candidates (NAME.py or NAME/ each; docs/grading.md) or a .zip of one."
        ),
    ],
    problem: Annotated[
        list[str] | None,
        typer.Option(
            "--problem", "-p", help="Grade this problem (may be repeated). Default: every problem."
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out", file_okay=False, help="Folder for results.csv, results.json, overview.html."
        ),
    ] = Path("grading"),
    store_path: Annotated[
        Path | None,
        typer.Option(
            "--store", dir_okay=False, help="The results database. Default: OUT/results.sqlite3."
        ),
    ] = None,
    regrade: Annotated[
        bool,
        typer.Option(
            "--regrade", help="Judge again what an older problem or judge version graded."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Judgings at once on this machine. Default: one per CPU."
        ),
    ] = None,
    broker: BrokerOption = None,
    backend: BackendOption = None,
    sandbox: SandboxOption = None,
    image: ImageOption = None,
    seed: SeedOption = None,
    examples: ExamplesOption = None,
    no_complexity: NoComplexityOption = False,
    no_style: NoStyleOption = False,
    complexity_budget: ComplexityBudgetOption = DEFAULT_COMPLEXITY_BUDGET,
    problems_dir: ProblemsDirOption = None,
) -> None:
    """Grade every candidate in SUBMISSIONS: results table, overview, a report per candidate."""
    from judge.catalog.discovery import discover, find_problem
    from judge.grading.batch import grade_batch
    from judge.grading.layout import read_layout
    from judge.grading.pool import Executor, LocalPool
    from judge.grading.reports import write_reports
    from judge.grading.store import open_store
    from judge.reports.terminal import grading
    from judge.reports.terminal.consoles import consoles

    console, err_console = consoles()
    try:
        settings = settings_given(sandbox=sandbox, image=image, seed=seed, examples=examples)
        options = judge_options_given(settings, no_complexity, no_style, complexity_budget)
        catalogue = discover(problems_dir or ())
        chosen = (
            tuple(find_problem(catalogue, slug) for slug in dict.fromkeys(problem))
            if problem
            else catalogue.default_set  # as judge assess: the installed packs only when named
        )
        executor: Executor
        if broker is not None:
            from judge.grading.cluster import CeleryExecutor, cluster_settings

            executor = CeleryExecutor(cluster_settings(broker, backend))
        else:
            executor = LocalPool(jobs or len(os.sched_getaffinity(0)), problems_dir or ())
        with (
            _candidates_folder(submissions) as (root, not_extracted),
            open_store(store_path or out / "results.sqlite3") as store,
            grading.GradeProgress(console) as progress,
        ):
            layout = read_layout(root, chosen, not_extracted)
            result = grade_batch(
                layout, chosen, options, store, executor, progress, regrade=regrade
            )
            written = write_reports(result, out)
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    except KeyboardInterrupt:
        err_console.print("Interrupted: every result graded so far is stored; run again to go on.")
        raise typer.Exit(_INTERRUPTED) from None
    grading.summary(console, result, written)


def worker(
    broker: Annotated[
        str,
        typer.Option("--broker", metavar="URL", help="The broker to take judgings from."),
    ],
    backend: BackendOption = None,
    sandbox: SandboxOption = None,
    image: ImageOption = None,
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, help="Judging processes. Default: one per CPU."),
    ] = None,
    redeliver_after: Annotated[
        float,
        typer.Option(
            "--redeliver-after",
            metavar="SECONDS",
            min=1.0,
            help="Redis: a task a dead worker held is judged again after this long"
            " (longer than any judging).",
        ),
    ] = 600.0,
    name: Annotated[str | None, typer.Option(help="This worker's name in results.")] = None,
    problems_dir: ProblemsDirOption = None,
) -> None:
    """Judge tasks from BROKER with this machine's sandbox until stopped (a Celery worker)."""
    from judge.grading.cluster import WorkerSettings, cluster_settings, run_worker
    from judge.reports.terminal.consoles import consoles

    console, err_console = consoles()
    try:
        chosen = settings_given(sandbox=sandbox, image=image)
        settings = WorkerSettings(
            cluster=cluster_settings(broker, backend, redeliver_after),
            sandbox=chosen.sandbox.value,
            image=chosen.image.value,
            concurrency=concurrency or len(os.sched_getaffinity(0)),
            problems_dirs=tuple(problems_dir or ()),
            name=name,
        )
        run_worker(settings, lambda message: console.print(message, markup=False, soft_wrap=True))
    except JudgeError as exc:
        raise fail(err_console, exc) from None


@contextlib.contextmanager
def _candidates_folder(submissions: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """The folder of candidates: SUBMISSIONS itself, or a zip extracted safely."""
    if submissions.is_file() and submissions.suffix.lower() == ".zip":
        from judge.grading.archive import extracted

        with extracted(submissions) as archive:
            yield archive.root, archive.not_extracted
        return
    if not submissions.is_dir():
        raise UsageError(
            f"{str(submissions)!r} is not a folder or a .zip of candidates; see docs/grading.md"
        )
    yield submissions, {}
