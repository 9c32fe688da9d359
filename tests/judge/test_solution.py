"""`judge solution`: the reference with its explanation, behind a confirmation until solved."""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from terminal import OpenTerminal
from typer.testing import CliRunner

from judge.catalog.discovery import discover
from judge.catalog.problem import Problem
from judge.catalog.spec import read_spec
from judge.cli.app import app
from judge.report import Report, TaskReport, Verdict
from judge.sessions.history import AttemptSource, open_history
from judge.sessions.solution import SOLUTION_SECTIONS, reference_solution
from sandbox.base import SandboxInfo, SandboxKind

REPO = Path(__file__).resolve().parents[2]


def _accept(history: Path, problem: str) -> None:
    report = Report(
        problem=problem,
        file=f"{problem}.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=0,
        verdict=Verdict.ACCEPTED,
        tasks=(TaskReport(problem, Verdict.ACCEPTED, 200),),
        missing_tasks=(),
        duration_s=0.1,
    )
    with open_history(history) as store:
        store.record([report], AttemptSource.SUBMIT)


def test_yes_shows_the_reference_and_its_explanation() -> None:
    result = CliRunner().invoke(app, ["solution", "gcd", "--yes"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Greatest Common Divisor: reference solution\n")
    assert "Euclid's algorithm: replace the pair (a, b) by (b, a mod b)" in result.stdout
    reference = (REPO / "problems" / "gcd" / "reference.py").read_text()
    for line in reference.splitlines():
        assert line.rstrip() in result.stdout


def test_unsolved_without_a_terminal_asks_for_yes() -> None:
    result = CliRunner().invoke(app, ["solution", "gcd"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: you have not solved 'gcd' yet; pass --yes to see its reference anyway\n"
    )
    assert result.stdout == ""


def test_solved_problems_show_without_asking(private_history: Path) -> None:
    _accept(private_history, "gcd")
    result = CliRunner().invoke(app, ["solution", "gcd"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "def gcd(a: int, b: int) -> int:" in result.stdout
    unsolved = CliRunner().invoke(app, ["solution", "digit_sum"])
    assert unsolved.exit_code == 2


def test_an_unknown_problem_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["solution", "gdc", "--yes"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown problem 'gdc'; did you mean 'gcd'?")


def _solution_command(history: Path) -> str:
    judge = [sys.executable, "-m", "judge", "solution", "gcd"]
    return f"JUDGE_HISTORY={shlex.quote(str(history))} COLUMNS=100 " + shlex.join(judge)


@pytest.mark.parametrize(("answer", "shown"), [("y", True), ("n", False)])
def test_unsolved_in_a_real_terminal_asks_first(
    tmp_path: Path, open_terminal: OpenTerminal, answer: str, shown: bool
) -> None:
    terminal = open_terminal(_solution_command(tmp_path / "history.sqlite3"), tmp_path)
    screen = terminal.wait_for("Show the reference anyway? [y/N]:")
    assert "def gcd" not in screen  # nothing is spoiled before the answer
    terminal.keys(answer, "Enter")
    screen = terminal.wait_for("EXIT=0")
    assert ("Greatest Common Divisor: reference solution" in screen) is shown
    assert ("def gcd(a: int, b: int) -> int:" in screen) is shown


def test_end_of_input_at_the_question_shows_nothing_and_exits_1(
    tmp_path: Path, open_terminal: OpenTerminal
) -> None:
    terminal = open_terminal(_solution_command(tmp_path / "history.sqlite3"), tmp_path)
    terminal.wait_for("Show the reference anyway? [y/N]:")
    terminal.keys("C-d")
    screen = terminal.wait_for("EXIT=1")
    assert "Aborted." in screen
    assert "def gcd" not in screen and "Traceback" not in screen


@pytest.mark.parametrize("slug", sorted(problem.slug for problem in discover().problems))
def test_every_problem_explains_its_idea_invariant_and_why_it_meets_the_target(
    slug: str,
) -> None:
    """Not the complexity paragraph alone: the three parts, in order, each with its text."""
    result = CliRunner().invoke(app, ["solution", slug, "--yes"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    where = [lines.index(heading) for heading in SOLUTION_SECTIONS]
    assert where == sorted(where)
    for start, end in zip(where, [*where[1:], len(lines)], strict=True):
        assert len(" ".join(lines[start + 1 : end]).split()) >= 20  # words, not a heading alone
    target = discover_problem(slug).main_task.target.value
    assert target in result.stdout or target.replace("^", "") in result.stdout


def test_a_package_without_solution_md_falls_back_to_its_target_complexity(
    tmp_path: Path,
) -> None:
    package = tmp_path / "gcd_copy"
    shutil.copytree(REPO / "problems" / "gcd", package)
    (package / "solution.md").unlink()
    problem = replace(discover_problem("gcd"), spec_path=package / "spec.md")
    explanation = reference_solution(problem).explanation
    assert explanation == read_spec(package / "spec.md").section("Target complexity").strip()


def discover_problem(slug: str) -> Problem:
    return next(problem for problem in discover().problems if problem.slug == slug)
