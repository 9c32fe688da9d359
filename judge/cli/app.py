"""The command line: parse, call the engine, render, exit code. Nothing else lives here.

This module holds the typer app and the candidate's commands; the author's commands are in
cli_authoring.py, the sandbox sub-app in cli_sandbox.py, and what they share in cli_options.py.
Each command imports the engine, the problem discovery, the history and its screens (rich) when
it runs: at import they would cost `judge --help` the engine, radon, the practice watcher and
every report, and `judge submit` time before its sandbox starts.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import judge
from judge.cli.authoring import new, validate
from judge.cli.config import config
from judge.cli.grade import grade, worker
from judge.cli.options import (
    CLOSED_PIPE_EXIT,
    DEFAULT_COMPLEXITY_BUDGET,
    ComplexityBudgetOption,
    ExamplesOption,
    HistoryOption,
    ImageOption,
    NoComplexityOption,
    NoHistoryOption,
    NoStyleOption,
    OneLineUsageErrors,
    ProblemsDirOption,
    SandboxOption,
    SeedOption,
    fail,
    judge_options_given,
    settings_given,
    silence_closed_output,
    stderr_console,
)
from judge.cli.sandbox_setup import sandbox_app
from judge.errors import InternalError, JudgeError, UsageError
from judge.report import Report, Verdict
from sandbox.docker.detach import allow_detaching

if TYPE_CHECKING:
    from judge.catalog.problem import Problem
    from judge.reports.terminal.consoles import Console
    from sandbox.base import Submission

app = typer.Typer(
    cls=OneLineUsageErrors,
    no_args_is_help=True,
    # `judge --install-completion` installs typer's completion for the user's shell.
    add_completion=True,
    # Markdown: a docstring's paragraphs are re-wrapped to the terminal, not broken where the
    # source lines end.
    rich_markup_mode="markdown",
    # Inherited by every command and sub-app, a new one included.
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"judge {judge.__version__}")
        raise typer.Exit()


# Its docstring is `judge --help`'s description.
@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Judge live-coding exercises: correctness, complexity and style."""


@app.command("list")
def list_problems(
    problems_dir: ProblemsDirOption = None,
    json_output: Annotated[
        bool,
        typer.Option("--json", help="Print the problems as JSON (docs/report-schema.md)."),
    ] = False,
) -> None:
    """List every problem: built-in, installed, and from --problems-dir."""
    from judge.catalog.discovery import discover
    from judge.reports.terminal import catalog
    from judge.reports.terminal.consoles import consoles

    console, err_console = consoles()
    try:
        discovered = discover(problems_dir or ())
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    if json_output:
        from judge.reports.json_report import problems_to_json

        typer.echo(problems_to_json(discovered))
        return
    catalog.problem_table(console, discovered)
    catalog.broken_problems(err_console, discovered.broken)


@app.command()
def show(
    slug: Annotated[str, typer.Argument(help="The problem's slug, as 'judge list' shows it.")],
    problems_dir: ProblemsDirOption = None,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the problem and its spec as JSON (docs/report-schema.md)."
        ),
    ] = False,
) -> None:
    """Show a problem's statement, examples, clarifications and follow-ups."""
    from judge.catalog.discovery import discover, find_problem
    from judge.catalog.spec import read_spec
    from judge.reports.terminal import catalog
    from judge.reports.terminal.consoles import consoles

    console, err_console = consoles()
    try:
        problem = find_problem(discover(problems_dir or ()), slug)
        problem_spec = read_spec(problem.spec_path)
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    if json_output:
        from judge.reports.json_report import spec_to_json

        typer.echo(spec_to_json(problem, problem_spec))
        return
    catalog.spec(console, problem_spec)


@app.command()
def submit(
    file: Annotated[
        Path, typer.Argument(help="Your solution: a Python file; - reads it from standard input.")
    ],
    problem: Annotated[
        str | None,
        typer.Option(
            "--problem", "-p", help="The problem's slug; inferred from the file when omitted."
        ),
    ] = None,
    sandbox: SandboxOption = None,
    image: ImageOption = None,
    seed: SeedOption = None,
    examples: ExamplesOption = None,
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
    no_complexity: NoComplexityOption = False,
    no_style: NoStyleOption = False,
    complexity_budget: ComplexityBudgetOption = DEFAULT_COMPLEXITY_BUDGET,
    problems_dir: ProblemsDirOption = None,
    history: HistoryOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Judge FILE: every task it defines, with the smallest failing input when one is wrong."""
    # Only what starts the sandbox is imported before it starts (through Docker, the container
    # starts while the rest loads): discovery, the history and the screens come later.
    from judge.sessions.judging import judge_file_choosing

    chosen: Problem | None = None

    def choose(submission: Submission) -> Problem:
        # Runs while the sandbox's worker starts (judge/sessions/judging.py).
        from judge.catalog.discovery import discover, find_problem
        from judge.sessions.submission import infer_problem

        nonlocal chosen
        catalogue = discover(problems_dir or ())
        if problem is None:
            chosen = infer_problem(file, submission, catalogue)
        else:
            chosen = find_problem(catalogue, problem)
        return chosen

    try:
        settings = settings_given(
            sandbox=sandbox, image=image, seed=seed, examples=examples, history=history
        )
        options = judge_options_given(settings, no_complexity, no_style, complexity_budget)
        report = judge_file_choosing(file, choose, options)
        revised_example = None
        if show_reference and report.verdict is Verdict.ACCEPTED:
            from judge.sessions.solution import reference_solution

            assert chosen is not None  # judged, so chosen
            revised_example = reference_solution(chosen).source
        if not no_history:
            from judge.sessions.history import AttemptSource, open_history

            with open_history(settings.history.value) as store:
                store.record([report], AttemptSource.SUBMIT)
    except JudgeError as exc:
        raise fail(stderr_console(), exc) from None
    if json_output:
        from judge.reports.json_report import report_to_json

        typer.echo(report_to_json(report))
    else:
        from judge.reports.terminal import judging
        from judge.reports.terminal.consoles import consoles

        judging.report(consoles()[0], report, revised_example)
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
    image: ImageOption = None,
    seed: SeedOption = None,
    examples: ExamplesOption = None,
    no_complexity: NoComplexityOption = False,
    no_style: NoStyleOption = False,
    complexity_budget: ComplexityBudgetOption = DEFAULT_COMPLEXITY_BUDGET,
    problems_dir: ProblemsDirOption = None,
    pack: Annotated[
        list[str] | None,
        typer.Option(
            "--pack",
            help="Score the problems of this pack ('judge list' shows each problem's);"
            " may be repeated.",
        ),
    ] = None,
    problem: Annotated[
        list[str] | None,
        typer.Option("--problem", help="Score this problem (a slug); may be repeated."),
    ] = None,
    history: HistoryOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Judge a solution for every problem in DIRECTORY, score the set, say what to work on next.

    A problem's solution is the file named after it (gcd.py), else the one file that defines its
    task function. Score: each problem is worth 100 points (correctness 70, complexity 20,
    style 10) and the total is the mean over every problem, missing ones counting 0. The set is
    the built-in problems (and --problems-dir's); --pack and --problem choose another.
    """
    from judge.catalog.discovery import chosen_problems, discover
    from judge.reports.html import html_report
    from judge.reports.json_report import assessment_to_json
    from judge.reports.junit import junit_xml
    from judge.reports.terminal import scorecard
    from judge.reports.terminal.consoles import consoles
    from judge.sessions import assess as assessing
    from judge.sessions.history import AttemptSource, open_history
    from judge.sessions.judging import judge_file

    console, err_console = consoles()
    try:
        for output in (junit, html):
            if output is not None and not output.parent.is_dir():
                raise UsageError(
                    f"cannot write {str(output)!r}: its folder does not exist; create it first"
                )
        settings = settings_given(
            sandbox=sandbox, image=image, seed=seed, examples=examples, history=history
        )
        options = judge_options_given(settings, no_complexity, no_style, complexity_budget)
        problems = chosen_problems(discover(problems_dir or ()), pack or (), problem or ())
        solutions = assessing.find_solutions(directory, problems)
        with scorecard.AssessProgressDisplay(err_console, len(solutions)) as progress:
            try:
                result = assessing.assess(directory, problems, options, judge_file, progress)
            except KeyboardInterrupt:
                raise _interrupted(err_console) from None
        reports = [item.report for item in result.results if item.report is not None]
        if not no_history and reports:
            with open_history(settings.history.value) as store:
                store.record(reports, AttemptSource.ASSESS)
        if junit is not None:
            _write(junit, junit_xml(result))
        if html is not None:
            _write(html, html_report(result))
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    if json_output:
        typer.echo(assessment_to_json(result))
    else:
        scorecard.assessment(console, result)
    if any(report.verdict is Verdict.INTERNAL_ERROR for report in reports):
        raise typer.Exit(3)
    raise typer.Exit(0 if result.all_accepted else 1)


def _interrupted(err_console: Console) -> typer.Exit:
    """Ctrl-C: one line, nothing recorded, the shell's exit code for SIGINT."""
    err_console.print("Interrupted: nothing was recorded.")
    return typer.Exit(130)


def _write(path: Path, text: str) -> None:
    """Write a report file whole or not at all: a new file beside it, renamed over it once
    written. A failure to write is the user's to fix (a path they chose)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # the renderers make every such character visible
        raise InternalError(f"the report for {str(path)!r} is not valid text: {exc}") from exc
    partial = path.with_name(f".{path.name}.{os.getpid()}-{time.monotonic_ns()}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise UsageError(f"cannot write {str(path)!r} ({exc.strerror}); pass another path") from exc


@app.command("history")
def show_history(
    problem: Annotated[
        str | None, typer.Argument(metavar="[SLUG]", help="Only this problem's attempts.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the history as JSON.")] = False,
    export: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False, metavar="FILE", help="Write every attempt, one a row, to FILE (CSV)."
        ),
    ] = None,
    reset: Annotated[
        bool,
        typer.Option(
            "--reset",
            help="Delete the attempts and practice sessions (SLUG's alone if given); asks first.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Reset without asking.")] = False,
    history: HistoryOption = None,
) -> None:
    """Your attempts per problem: how many, first accepted, best style, practice, time to solve."""
    from judge.reports.json_report import history_to_json
    from judge.reports.terminal import sessions
    from judge.reports.terminal.consoles import consoles
    from judge.sessions.history import open_history
    from judge.sessions.history_export import attempts_csv
    from judge.wording import counted

    console, err_console = consoles()
    try:
        path = settings_given(history=history).history.value
        if reset:
            sessions.history_note(console, _reset_history(path, problem, yes))
            return
        with open_history(path, create=False) as store:
            summaries = store.summary(problem)
            attempts = store.attempts(problem) if export is not None else ()
        if export is not None:
            _write(export, attempts_csv(attempts))
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    if export is not None:
        sessions.history_note(console, f"Wrote {counted(len(attempts), 'attempt')} to {export}.")
    elif json_output:
        typer.echo(history_to_json(summaries, path))
    else:
        sessions.history(console, summaries, path, problem)


def _stdin_is_terminal() -> bool:
    """Whether a question can be asked: with no terminal, a prompt would read a pipe or hang."""
    return sys.stdin.isatty()


def _reset_history(path: Path, problem: str | None, yes: bool) -> str:
    """Delete the history (one problem's part of it) once the user says so; what was done."""
    from judge.sessions.history import open_history
    from judge.wording import counted

    what = "every attempt and practice session"
    if problem is not None:
        what += f" of {problem}"
    if not path.exists():
        return f"Nothing to reset: no history at {path}."
    if not yes:
        if not _stdin_is_terminal():
            raise UsageError(f"resetting deletes {what} in {str(path)!r}; pass --yes to do it")
        if not typer.confirm(f"Delete {what} in {path}?"):
            return "Nothing deleted."
    with open_history(path) as store:
        deleted = store.forget(problem)
    return f"Deleted {counted(deleted, 'record')} from {path}."


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
    image: ImageOption = None,
    seed: SeedOption = None,
    examples: ExamplesOption = None,
    problems_dir: ProblemsDirOption = None,
    history: HistoryOption = None,
    no_history: NoHistoryOption = False,
) -> None:
    """Live-coding practice: a timer, and FILE judged on every save until it is Accepted.

    Each save gets a quick check first (the spec's examples and a few generated inputs), then the
    full judgement once that passes. Ctrl-C stops.
    """
    from judge.catalog.discovery import discover, find_problem
    from judge.catalog.spec import read_spec
    from judge.reports.terminal import catalog, sessions
    from judge.reports.terminal.consoles import consoles
    from judge.sessions.history import AttemptSource, PracticeRecord, open_history
    from judge.sessions.judging import WarmJudge
    from judge.sessions.practice import PracticeResult, PracticeSession, ensure_starter, watch_saves

    console, err_console = consoles()
    path = file or Path(f"{slug}.py")
    try:
        problem = find_problem(discover(problems_dir or ()), slug)
        problem_spec = read_spec(problem.spec_path)
        settings = settings_given(
            sandbox=sandbox, image=image, seed=seed, examples=examples, history=history
        )
        options = settings.judge_options()
        created = ensure_starter(path, problem, problem_spec.section("Statement"))
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    catalog.spec(console, problem_spec)
    sessions.practice_start(console, path, created)
    history_path = settings.history.value

    def record(report: Report, solve_seconds: float | None) -> None:
        if not no_history:
            with open_history(history_path) as store:
                store.record([report], AttemptSource.PRACTICE, solve_seconds=solve_seconds)

    def record_session(result: PracticeResult) -> None:
        # A session stopped unsolved is history too; one that judged nothing is not.
        if not no_history and result.checks:
            with open_history(history_path) as store:
                store.record_session(
                    PracticeRecord(
                        slug,
                        str(path),
                        result.solved,
                        result.elapsed_s,
                        result.checks,
                        result.last_verdict,
                    )
                )

    with WarmJudge() as judge_file:
        session = PracticeSession(problem, path, options, judge_file, time.monotonic, record)
        try:
            with sessions.PracticeDisplay(console, slug, path, session.elapsed) as display:
                outcome = session.run(watch_saves(path), display, check_first=not created)
        except KeyboardInterrupt:
            stopped = session.stopped()
            sessions.practice_end(console, slug, stopped)
            with contextlib.suppress(JudgeError):  # Ctrl-C: the session ends whatever
                record_session(stopped)
            raise typer.Exit(130) from None
        except JudgeError as exc:
            raise fail(err_console, exc) from None
        sessions.practice_end(console, slug, outcome)
        try:
            record_session(outcome)
        except JudgeError as exc:
            raise fail(err_console, exc) from None


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
    from judge.catalog.discovery import discover, find_problem
    from judge.reports.terminal import sessions
    from judge.reports.terminal.consoles import consoles
    from judge.sessions.history import open_history
    from judge.sessions.solution import reference_solution

    console, err_console = consoles()
    try:
        problem = find_problem(discover(problems_dir or ()), slug)
        reference = reference_solution(problem)
        history_path = settings_given(history=history).history.value
        with open_history(history_path, create=False) as store:
            solved = store.has_accepted(slug)
        if not (yes or solved) and not _stdin_is_terminal():
            raise UsageError(
                f"you have not solved {slug!r} yet; pass --yes to see its reference anyway"
            )
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    if not (yes or solved) and not typer.confirm(
        f"You have not solved {slug} yet. Show the reference anyway?"
    ):
        raise typer.Exit(0)
    sessions.solution(console, problem, reference.source, reference.explanation)


# Grading a batch, the author's commands and the sandbox sub-app, after the candidate's.
app.command()(grade)
app.command()(worker)
app.command()(new)
app.command()(validate)
app.command()(config)
app.add_typer(sandbox_app, name="sandbox")


def run() -> None:
    """The `judge` program (and `python -m judge`): the app, then a quick exit.

    When the app returns, its work is done and its output written: leaving with os._exit skips
    the interpreter's teardown of every module and object, about a tenth of a one-second
    command. An exception the app lets escape (a bug) still ends the normal way, traceback and all.
    For the same reason a sandbox container's removal may finish after it
    (sandbox/docker/detach.py).
    """
    allow_detaching()
    try:
        app()
        status = 0
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise  # sys.exit("message"): Python prints it and exits 1, the usual way
        status = exc.code or 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # what was left to write has no reader: the output is cut short
            silence_closed_output()
            status = CLOSED_PIPE_EXIT
        except (OSError, ValueError):  # closed otherwise: nothing left to save
            pass
    os._exit(status)
