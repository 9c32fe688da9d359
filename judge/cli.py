"""The command line: parse, call the engine, render, exit code. Nothing else lives here."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from judge import assess as assessing
from judge import render
from judge import validate as validating
from judge.discovery import discover, find_problem
from judge.engine import judge_file
from judge.errors import JudgeError, UsageError
from judge.history import HISTORY_ENV, AttemptSource, default_history_path, open_history
from judge.html_report import html_report
from judge.junit import junit_xml
from judge.model import Report, Verdict
from judge.practice import PracticeSession, ensure_starter, watch_saves
from judge.scaffold import check_slug, default_parent, scaffold, validate_command
from judge.serialize import assessment_to_json, history_to_json, report_to_json
from judge.settings import JudgeOptions
from judge.solution import reference_solution
from judge.spec import read_spec
from judge.submission import infer_problem, read_submission
from sandbox.base import SandboxKind
from sandbox.image import BuildRoute, ImageState, build_image
from sandbox.select import SANDBOX_ENV, choose_backend, default_kind

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    help="Judge live-coding exercises: correctness, complexity and style.",
)
sandbox_app = typer.Typer(no_args_is_help=True, help="Build and inspect the sandbox.")
app.add_typer(sandbox_app, name="sandbox")

ProblemsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--problems-dir",
        help="Extra folder of problem packages (or one problem package); may be repeated.",
        file_okay=False,
    ),
]


HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        envvar=HISTORY_ENV,
        dir_okay=False,
        help="The history database (SQLite). Default: history.sqlite3 in the user data folder.",
    ),
]
NoHistoryOption = Annotated[
    bool, typer.Option("--no-history", help="Do not record this run in the history.")
]
SandboxOption = Annotated[
    SandboxKind | None,
    typer.Option(
        help="Where candidate code runs: auto (Docker when available, else local), docker, local. "
        f"Default: ${SANDBOX_ENV} or auto.",
        case_sensitive=False,
    ),
]


def _consoles() -> tuple[Console, Console]:
    """The one stdout console and the one stderr console of this invocation."""
    return Console(), Console(stderr=True)


def _fail(err_console: Console, exc: JudgeError) -> typer.Exit:
    """Print a JudgeError as one line and give the Exit to raise."""
    render.error(err_console, exc)
    return typer.Exit(exc.exit_code)


@app.command("list")
def list_problems(problems_dir: ProblemsDirOption = None) -> None:
    """List every problem: built-in, installed, and from --problems-dir."""
    console, err_console = _consoles()
    try:
        catalogue = discover(problems_dir or ())
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.problem_table(console, catalogue.problems)
    render.broken_problems(err_console, catalogue.broken)


@app.command()
def show(
    slug: Annotated[str, typer.Argument(help="The problem's slug, as 'judge list' shows it.")],
    problems_dir: ProblemsDirOption = None,
) -> None:
    """Show a problem's statement, examples, clarifications and follow-ups."""
    console, err_console = _consoles()
    try:
        problem = find_problem(discover(problems_dir or ()), slug)
        problem_spec = read_spec(problem.spec_path)
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.spec(console, problem_spec)


@app.command()
def submit(
    file: Annotated[Path, typer.Argument(help="Your solution: a Python file.")],
    problem: Annotated[
        str | None,
        typer.Option(
            "--problem", "-p", help="The problem's slug; inferred from the file when omitted."
        ),
    ] = None,
    sandbox: Annotated[
        SandboxKind | None,
        typer.Option(
            help="Where your code runs: auto (Docker when available, else local), docker, local. "
            f"Default: ${SANDBOX_ENV} or auto.",
            case_sensitive=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Seed for the generated inputs; the same seed judges the same.")
    ] = JudgeOptions().seed,
    examples: Annotated[
        int, typer.Option(min=1, help="Generated inputs per task (Hypothesis examples).")
    ] = JudgeOptions().examples,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (docs/report-schema.md).")
    ] = False,
    show_reference: Annotated[
        bool,
        typer.Option(
            "--show-reference",
            help="After Accepted, show the reference solution as the review's revised example.",
        ),
    ] = False,
    no_complexity: Annotated[
        bool, typer.Option("--no-complexity", help="Skip measuring how each task's time grows.")
    ] = False,
    no_style: Annotated[
        bool, typer.Option("--no-style", help="Skip the style review (ruff and radon).")
    ] = False,
    complexity_budget: Annotated[
        float,
        typer.Option(
            "--complexity-budget",
            metavar="SECONDS",
            min=0.1,
            help="Time to spend measuring each accepted task's growth.",
        ),
    ] = JudgeOptions().complexity_budget_s,
    problems_dir: ProblemsDirOption = None,
    history: HistoryOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Judge FILE: every task it defines, with the smallest failing input when one is wrong."""
    console, err_console = _consoles()
    try:
        catalogue = discover(problems_dir or ())
        submission = read_submission(file)
        if problem is None:
            chosen = infer_problem(file, submission, catalogue)
        else:
            chosen = find_problem(catalogue, problem)
        options = JudgeOptions(
            sandbox=sandbox or default_kind(),
            seed=seed,
            examples=examples,
            complexity=not no_complexity,
            complexity_budget_s=complexity_budget,
            style=not no_style,
        )
        report = judge_file(file, chosen, options)
        revised_example = None
        if show_reference and report.verdict is Verdict.ACCEPTED:
            revised_example = reference_solution(chosen).source
        if not no_history:
            with open_history(history or default_history_path()) as store:
                store.record([report], AttemptSource.SUBMIT)
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    if json_output:
        typer.echo(report_to_json(report))
    else:
        render.report(console, report, revised_example)
    raise typer.Exit(_exit_code(report.verdict))


def _exit_code(verdict: Verdict) -> int:
    """0 accepted, 3 when the judge itself failed, 1 for any other judged verdict."""
    if verdict is Verdict.ACCEPTED:
        return 0
    return 3 if verdict is Verdict.INTERNAL_ERROR else 1


@app.command()
def assess(
    directory: Annotated[
        Path, typer.Argument(help="The folder of solutions: one file per problem.")
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print every problem's report as one JSON document.")
    ] = False,
    junit: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Also write a JUnit XML report (for CI) to this file."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Also write a self-contained HTML report to this file."),
    ] = None,
    sandbox: SandboxOption = None,
    seed: Annotated[
        int, typer.Option(help="Seed for the generated inputs; the same seed judges the same.")
    ] = JudgeOptions().seed,
    examples: Annotated[
        int, typer.Option(min=1, help="Generated inputs per task (Hypothesis examples).")
    ] = JudgeOptions().examples,
    problems_dir: ProblemsDirOption = None,
    history: HistoryOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Judge a solution for every problem in DIRECTORY, score the set, say what to work on next.

    A problem's solution is the file named after it (gcd.py), else the one file that defines its
    task function. Score: each problem is worth 100 points (correctness 70, complexity 20,
    style 10) and the total is the mean over every problem, missing ones counting 0.
    """
    console, err_console = _consoles()
    try:
        for output in (junit, html):
            if output is not None and not output.parent.is_dir():
                raise UsageError(
                    f"cannot write {str(output)!r}: its folder does not exist; create it first"
                )
        problems = discover(problems_dir or ()).problems
        solutions = assessing.find_solutions(directory, problems)
        options = JudgeOptions(sandbox=sandbox or default_kind(), seed=seed, examples=examples)
        with render.AssessProgressDisplay(err_console, len(solutions)) as progress:
            try:
                result = assessing.assess(directory, problems, options, judge_file, progress)
            except KeyboardInterrupt:
                raise _interrupted(err_console) from None
        reports = [item.report for item in result.results if item.report is not None]
        if not no_history and reports:
            with open_history(history or default_history_path()) as store:
                store.record(reports, AttemptSource.ASSESS)
        if junit is not None:
            _write(junit, junit_xml(result))
        if html is not None:
            _write(html, html_report(result))
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    if json_output:
        typer.echo(assessment_to_json(result))
    else:
        render.assessment(console, result)
    if any(report.verdict is Verdict.INTERNAL_ERROR for report in reports):
        raise typer.Exit(3)
    raise typer.Exit(0 if result.all_accepted else 1)


@app.command("history")
def show_history(
    json_output: Annotated[bool, typer.Option("--json", help="Print the history as JSON.")] = False,
    history: HistoryOption = None,
) -> None:
    """Your attempts per problem: how many, first accepted, best style, time to solve."""
    console, err_console = _consoles()
    path = history or default_history_path()
    try:
        with open_history(path, create=False) as store:
            summaries = store.summary()
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    if json_output:
        typer.echo(history_to_json(summaries, path))
    else:
        render.history(console, summaries, path)


@app.command()
def practice(
    slug: Annotated[str, typer.Argument(help="The problem's slug, as 'judge list' shows it.")],
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Your solution file; created with the signature when missing. Default: ./SLUG.py"
        ),
    ] = None,
    sandbox: SandboxOption = None,
    seed: Annotated[
        int, typer.Option(help="Seed for the generated inputs; the same seed judges the same.")
    ] = JudgeOptions().seed,
    examples: Annotated[
        int, typer.Option(min=1, help="Generated inputs per task in the full check.")
    ] = JudgeOptions().examples,
    problems_dir: ProblemsDirOption = None,
    history: HistoryOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Live-coding practice: a timer, and FILE judged on every save until it is Accepted.

    Each save gets a quick check first (the spec's examples and a few generated inputs), then the
    full judgement once that passes. Ctrl-C stops.
    """
    console, err_console = _consoles()
    path = file or Path(f"{slug}.py")
    try:
        problem = find_problem(discover(problems_dir or ()), slug)
        problem_spec = read_spec(problem.spec_path)
        created = ensure_starter(path, problem, problem_spec.section("Statement"))
        options = JudgeOptions(sandbox=sandbox or default_kind(), seed=seed, examples=examples)
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.spec(console, problem_spec)
    render.practice_start(console, path, created)
    history_path = history or default_history_path()

    def record(report: Report, solve_seconds: float | None) -> None:
        if not no_history:
            with open_history(history_path) as store:
                store.record([report], AttemptSource.PRACTICE, solve_seconds=solve_seconds)

    session = PracticeSession(problem, path, options, judge_file, time.monotonic, record)
    try:
        with render.PracticeDisplay(console, slug, path, session.elapsed) as display:
            outcome = session.run(watch_saves(path), display, check_first=not created)
    except KeyboardInterrupt:
        render.practice_end(console, slug, session.stopped())
        raise typer.Exit(130) from None
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.practice_end(console, slug, outcome)


@app.command()
def solution(
    slug: Annotated[str, typer.Argument(help="The problem's slug, as 'judge list' shows it.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Show it even if you have not solved it yet.")
    ] = False,
    problems_dir: ProblemsDirOption = None,
    history: HistoryOption = None,
) -> None:
    """Show the reference solution of SLUG with a short explanation."""
    console, err_console = _consoles()
    try:
        problem = find_problem(discover(problems_dir or ()), slug)
        reference = reference_solution(problem)
        with open_history(history or default_history_path(), create=False) as store:
            solved = store.has_accepted(slug)
        if not (yes or solved) and not sys.stdin.isatty():
            raise UsageError(
                f"you have not solved {slug!r} yet; pass --yes to see its reference anyway"
            )
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    if not (yes or solved) and not typer.confirm(
        f"You have not solved {slug} yet. Show the reference anyway?"
    ):
        raise typer.Exit(0)
    render.solution(console, problem, reference.source, reference.explanation)


def _interrupted(err_console: Console) -> typer.Exit:
    """Ctrl-C: one line, nothing recorded, the shell's exit code for SIGINT."""
    err_console.print("Interrupted: nothing was recorded.")
    return typer.Exit(130)


def _write(path: Path, text: str) -> None:
    """Write a report file; a failure is the user's to fix (a path they chose)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {str(path)!r} ({exc.strerror}); pass another path") from exc


@app.command()
def new(
    slug: Annotated[
        str,
        typer.Argument(help="The new problem's slug: lower-case letters, digits, underscores."),
    ],
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            file_okay=False,
            help="Folder to create the package in. Default: ./problems when it exists, "
            "else the current folder.",
        ),
    ] = None,
) -> None:
    """Scaffold a problem package: spec.md, reference, strategies, properties, wrong/, slow/."""
    console, err_console = _consoles()
    try:
        check_slug(slug, discover())
        created = scaffold(slug, directory or default_parent(Path.cwd()))
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.scaffolded(console, created, validate_command(created, Path.cwd()))


@app.command()
def validate(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SLUG_OR_PATH",
            help="Problems to check, by slug or package folder. Default: every problem.",
            show_default=False,
        ),
    ] = None,
    sandbox: SandboxOption = None,
    seed: Annotated[
        int, typer.Option(help="Seed for the generated inputs; the same seed judges the same.")
    ] = JudgeOptions().seed,
    examples: Annotated[
        int, typer.Option(min=1, help="Generated inputs per task (Hypothesis examples).")
    ] = JudgeOptions().examples,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Correctness checks run at once. Default: the CPU count."),
    ] = None,
    skip_growth: Annotated[
        bool,
        typer.Option(
            "--skip-growth",
            help="Do not measure growth (on a busy machine): the reference growth check and "
            "the growth of slow/ solutions are skipped; their verdicts are still checked.",
        ),
    ] = False,
    problems_dir: ProblemsDirOption = None,
) -> None:
    """Check problem packages: reference, strategies, properties, spec, wrong/ and slow/ files.

    Exits 0 when every check passes, 1 when any fails.
    """
    console, err_console = _consoles()
    try:
        selection = validating.select(targets or (), problems_dir or ())
        options = JudgeOptions(
            sandbox=sandbox or default_kind(),
            seed=seed,
            examples=examples,
            complexity=not skip_growth,
        )
        with render.ValidateProgressDisplay(
            err_console, validating.planned_checks(selection)
        ) as progress:
            validated = validating.validate(
                selection,
                options,
                workers=workers or os.cpu_count() or 1,
                on_result=progress.finished,
            )
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.validation(console, validated)
    raise typer.Exit(0 if validated.passed else 1)


@sandbox_app.command("build")
def sandbox_build(
    route: Annotated[
        BuildRoute,
        typer.Option(
            help="offline: debootstrap Debian from the host's apt mirror (needs root and "
            "debootstrap, no registry); dockerfile: build sandbox/Dockerfile (pulls "
            "python:3.11-slim).",
            case_sensitive=False,
        ),
    ] = BuildRoute.OFFLINE,
    mirror: Annotated[
        str | None,
        typer.Option(help="Debian mirror for the offline route. Default: the host's apt sources."),
    ] = None,
) -> None:
    """Build the image the Docker sandbox runs candidate code in."""
    # Imported here: only the sandbox commands and the Docker backend need the docker SDK.
    from sandbox.container import Engine

    console, err_console = _consoles()
    try:
        with Engine.connect() as engine:
            built = build_image(
                engine, route, lambda step: render.build_step(err_console, step), mirror=mirror
            )
    except JudgeError as exc:
        raise _fail(err_console, exc) from None
    render.image_built(console, built)


@sandbox_app.command("status")
def sandbox_status() -> None:
    """Say which sandbox --sandbox auto picks here, and why.

    Exits 0 when an engine answers and the image is current, 3 otherwise.
    """
    from sandbox.container import docker_status

    console, _ = _consoles()
    status = docker_status()
    render.sandbox_status(console, status, choose_backend(SandboxKind.AUTO))
    current = status.image is not None and status.image.state is ImageState.CURRENT
    raise typer.Exit(0 if current else 3)
