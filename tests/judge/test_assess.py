"""`judge assess`: finding solutions, the rubric, the advice, and the command end to end."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from terminal import OpenTerminal
from typer.testing import CliRunner

from judge.catalog.discovery import discover
from judge.catalog.problem import Growth, Problem
from judge.cli.app import app
from judge.errors import UsageError
from judge.report import (
    ComplexityReport,
    Counterexample,
    Hint,
    Report,
    ReviewComment,
    StyleReport,
    TaskReport,
    Timing,
    Verdict,
    overall_verdict,
)
from judge.reports.terminal import scorecard
from judge.sessions.assess import (
    Assessment,
    Score,
    assess,
    find_solutions,
    score_result,
    top_advice,
)
from judge.sessions.history import open_history
from judge.settings import JudgeOptions
from sandbox.base import CandidateError, SandboxInfo, SandboxKind

REPO = Path(__file__).resolve().parents[2]
EUCLID = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n"


@pytest.fixture(scope="module")
def problems() -> tuple[Problem, ...]:
    return discover().problems


def _problem(problems: tuple[Problem, ...], slug: str) -> Problem:
    return next(problem for problem in problems if problem.slug == slug)


# ---- finding solutions -------------------------------------------------------------------


def test_a_file_named_after_the_slug_wins(tmp_path: Path, problems: tuple[Problem, ...]) -> None:
    (tmp_path / "gcd.py").write_text(EUCLID)
    (tmp_path / "scratch.py").write_text(EUCLID)  # also defines gcd, but the name decides
    (tmp_path / "notes.txt").write_text("def digit_sum(n): ...")
    found = find_solutions(tmp_path, problems)
    assert [(item.problem.slug, item.path.name) for item in found] == [("gcd", "gcd.py")]


def test_otherwise_the_file_that_defines_the_task(
    tmp_path: Path, problems: tuple[Problem, ...]
) -> None:
    (tmp_path / "attempt1.py").write_text(EUCLID)
    (tmp_path / "roots.py").write_text("def digital_root(n):\n    return n\n")  # a follow-up
    (tmp_path / "broken.py").write_text("def digit_sum(:\n")  # does not parse: not a match
    found = find_solutions(tmp_path, problems)
    assert [(item.problem.slug, item.path.name) for item in found] == [
        ("digit_sum", "roots.py"),
        ("gcd", "attempt1.py"),
    ]


def test_finding_solutions_never_runs_them(tmp_path: Path, problems: tuple[Problem, ...]) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "mine.py").write_text(f"open({str(marker)!r}, 'w').close()\n" + EUCLID)
    assert [item.path.name for item in find_solutions(tmp_path, problems)] == ["mine.py"]
    assert not marker.exists()


def test_two_files_for_one_problem_leave_only_that_one_unjudged(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(EUCLID)
    (tmp_path / "b.py").write_text(EUCLID)
    (tmp_path / "digit_sum.py").write_text("def digit_sum(n):\n    return sum(map(int, str(n)))\n")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "gcd.py").write_text(EUCLID)
    result = CliRunner().invoke(
        app,
        ["assess", str(tmp_path), "--no-history", "--sandbox", "local", "--examples", "5"],
        env={"COLUMNS": "1000"},
    )
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert (
        "✗ gcd: several files define the task function gcd (a.py, b.py);"
        " rename the one to judge to gcd.py"
    ) in lines
    assert any(
        line.startswith("  ")
        and "Make gcd judgeable: several files define the task function gcd" in line
        for line in lines
    ), result.stdout
    assert (
        "Not searched (solutions are read from the folder itself, not its subfolders): old/"
    ) in lines
    assert re.search(r"digit_sum +1/1 tasks", result.stdout)


def test_an_ambiguous_problem_is_not_judged_in_the_json(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(EUCLID)
    (tmp_path / "b.py").write_text(EUCLID)
    (tmp_path / "sub").mkdir()
    result = CliRunner().invoke(
        app, ["assess", str(tmp_path), "--json", "--no-history", "--sandbox", "local"]
    )
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    gcd = next(item for item in document["problems"] if item["problem"] == "gcd")
    assert (gcd["status"], gcd["report"]) == ("not_judged", None)
    assert gcd["error"].startswith("several files define the task function gcd (a.py, b.py)")
    assert document["subfolders"] == [str(tmp_path / "sub")]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope", "no such directory: {path!r}; pass the folder that holds your"),
        (lambda d: d / "f.py", "{path!r} is not a directory; pass a folder of solutions"),
        (lambda d: d, "no solutions found in {path!r}; name each file after its problem"),
    ],
    ids=["missing", "a file", "empty"],
)
def test_assess_usage_errors_exit_2(tmp_path: Path, make, message: str) -> None:
    (tmp_path / "f.py").write_text("x = 1\n")
    path = str(make(tmp_path))
    result = CliRunner().invoke(app, ["assess", path], env={"COLUMNS": "1000"})
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: " + message.format(path=path))
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


# ---- the rubric ------------------------------------------------------------------------------


def _report(problem: str, *tasks: TaskReport, style: float | None = None, **fields) -> Report:
    comments = (ReviewComment("N806", 3, "One-letter name 'x'", "it hides the role", "Rename it"),)
    return Report(
        problem=problem,
        file=f"{problem}.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=0,
        verdict=overall_verdict([task.verdict for task in tasks])
        if tasks
        else Verdict.SYNTAX_ERROR,
        tasks=tasks,
        missing_tasks=(),
        duration_s=0.5,
        style=None if style is None else StyleReport(style, (), comments, (), 2, 80.0),
        **fields,
    )


def _measured(estimated: Growth | None, target: Growth = Growth.LINEAR) -> ComplexityReport:
    return ComplexityReport(
        target=target,
        estimated=estimated,
        confidence=0.9,
        size_unit="n",
        timings=(Timing(1000, 0.01, 0.001), Timing(8000, 0.64, 0.008)),
        slowdown=80.0,
        note="",
        hints=(Hint(7, "nums.count(x) inside the loop", "each call scans the whole list", True),),
    )


def _accepted(task: str, estimated: Growth | None = Growth.LINEAR) -> TaskReport:
    return TaskReport(task, Verdict.ACCEPTED, 200, complexity=_measured(estimated))


@pytest.mark.parametrize(
    ("estimated", "complexity_points"),
    [
        (Growth.LINEAR, 20.0),
        (Growth.LOGARITHMIC, 20.0),
        (Growth.LINEARITHMIC, 10.0),
        (Growth.QUADRATIC, 0.0),
        (None, 10.0),
    ],
)
def test_complexity_points(
    problems: tuple[Problem, ...], estimated: Growth | None, complexity_points: float
) -> None:
    problem = _problem(problems, "most_frequent_smallest")
    report = _report(problem.slug, _accepted(problem.slug, estimated), style=8.0)
    result = score_result(problem, Path("m.py"), report, None)
    assert result.score == Score(65.0, complexity_points, 8.0, stress=5.0)


@pytest.mark.parametrize(
    ("estimated", "upper", "complexity_points"),
    [
        (Growth.LOGARITHMIC, Growth.LINEAR, 20.0),  # within the target: on target
        (Growth.LINEAR, Growth.QUADRATIC, 10.0),  # from the target to slower: not shown on it
        (Growth.QUADRATIC, Growth.CUBIC, 0.0),  # its faster end two classes slower
    ],
)
def test_a_range_scores_what_is_certain(
    problems: tuple[Problem, ...], estimated: Growth, upper: Growth, complexity_points: float
) -> None:
    problem = _problem(problems, "most_frequent_smallest")
    measured = replace(_measured(estimated), estimated_upper=upper)
    task = TaskReport(problem.slug, Verdict.ACCEPTED, 200, complexity=measured)
    result = score_result(problem, Path("m.py"), _report(problem.slug, task, style=10.0), None)
    assert result.score.complexity == complexity_points
    advice = [loss for loss in result.losses if loss.points == 20.0 - complexity_points]
    if complexity_points == 10.0:
        assert advice[0].text == (
            "Make most_frequent_smallest clearly O(n): its timings fit O(n) to O(n^2)."
        )


def test_follow_ups_share_ten_points(problems: tuple[Problem, ...]) -> None:
    digit_sum = _problem(problems, "digit_sum")
    only_main = score_result(
        digit_sum, Path("d.py"), _report("digit_sum", _accepted("digit_sum")), None
    )
    assert only_main.score == Score(55.0, 20.0, 5.0, stress=5.0)  # style not reviewed: half
    assert only_main.losses[0].text == "Try the follow-up digital_root(n) of digit_sum."
    both = _report("digit_sum", _accepted("digit_sum"), _accepted("digital_root"), style=10.0)
    assert score_result(digit_sum, Path("d.py"), both, None).score.total == 100.0


def test_a_wrong_main_task_loses_correctness_and_complexity(
    problems: tuple[Problem, ...],
) -> None:
    gcd = _problem(problems, "gcd")
    wrong = TaskReport(
        "gcd", Verdict.WRONG_ANSWER, 5, Counterexample((0, 5), 5, None, None, "divides both inputs")
    )
    result = score_result(gcd, Path("gcd.py"), _report("gcd", wrong, style=6.0), None)
    assert result.score == Score(0.0, 0.0, 6.0)
    assert [(loss.points, loss.text) for loss in result.losses] == [
        (
            80.0,
            "Handle the zero case: gcd(0, 5) returned None, expected 5"
            " (broke: divides both inputs).",
        ),
        (4.0, "One-letter name 'x' (line 3) in gcd: Rename it."),
    ]


def test_a_file_that_does_not_load_scores_zero(problems: tuple[Problem, ...]) -> None:
    gcd = _problem(problems, "gcd")
    report = _report("gcd", load_error=CandidateError("SyntaxError", "invalid syntax (line 2)"))
    result = score_result(gcd, Path("gcd.py"), report, None)
    assert result.score == Score(0.0, 0.0, 0.0)
    assert result.losses[0].text == "Make gcd.py load: SyntaxError: invalid syntax (line 2)."


def test_advice_takes_the_three_biggest_losses(problems: tuple[Problem, ...]) -> None:
    mfs = _problem(problems, "most_frequent_smallest")
    gcd = _problem(problems, "gcd")
    digit_sum = _problem(problems, "digit_sum")
    deep = CandidateError("RecursionError", "maximum recursion depth exceeded", ())
    results = (
        score_result(
            mfs,
            Path("m.py"),
            _report(mfs.slug, _accepted(mfs.slug, Growth.QUADRATIC), style=9.0),
            None,
        ),
        score_result(gcd, None, None, None, directory=Path("mine")),
        score_result(
            digit_sum,
            Path("d.py"),
            _report(
                "digit_sum",
                TaskReport(
                    "digit_sum",
                    Verdict.RUNTIME_ERROR,
                    9,
                    Counterexample((10**999,), 1, None, deep, None),
                ),
                style=9.0,
            ),
            None,
        ),
    )
    assert [(advice.points, advice.text) for advice in top_advice(results)] == [
        (100.0, "Attempt gcd: there is no solution in mine (save it as gcd.py)."),
        (
            80.0,
            "Replace the recursion in digit_sum with a loop: digit_sum(1000000000…0000000000"
            " (1000 digits)) raised RecursionError: maximum recursion depth exceeded.",
        ),
        (
            20.0,
            "Bring most_frequent_smallest down to O(n): it grows like O(n^2), 80x slower than"
            " the reference at n = 8,000; line 7: nums.count(x) inside the loop, each call scans"
            " the whole list.",
        ),
    ]


# ---- the command ---------------------------------------------------------------------------


@pytest.mark.slow
def test_assess_the_interview_attempts(tmp_path: Path, private_history: Path) -> None:
    """The README's main command: what the judge would have told the interviewed candidate."""
    junit, html = tmp_path / "report.xml", tmp_path / "report.html"
    result = CliRunner().invoke(
        app,
        [
            "assess",
            str(REPO / "examples" / "interview"),
            "--sandbox",
            "local",
            "--json",
            "--junit",
            str(junit),
            "--html",
            str(html),
        ],
    )
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    by_slug = {item["problem"]: item for item in document["problems"]}
    assert by_slug["lru_cache"]["status"] == "missing"  # no code for it in the transcript
    gcd = by_slug["gcd"]["report"]
    assert gcd["verdict"] == "runtime_error"
    (gcd_task,) = gcd["tasks"]
    assert gcd_task["counterexample"]["args"] == [0, 0]
    assert gcd_task["counterexample"]["error"]["type"] == "ZeroDivisionError"
    # Right on the interview's numbers; one frame per digit fails only the stress group's.
    digit_sum = by_slug["digit_sum"]["report"]
    assert digit_sum["verdict"] == "accepted"
    stress = digit_sum["tasks"][0]["stress"]
    assert stress["verdict"] == "runtime_error"
    assert stress["counterexample"]["error"]["type"] == "RecursionError"
    assert 900 < stress["fails_from"] <= 1000
    assert by_slug["digit_sum"]["score"]["stress"] == 0.0
    assert by_slug["odd_index_chars"]["report"]["verdict"] == "wrong_answer"
    assert document["advice"][0]["text"].startswith("Attempt lru_cache")
    assert document["all_accepted"] is False
    assert 0 <= document["score"] < 50
    assert junit.read_text().startswith("<?xml")
    page = html.read_text()
    assert "gcd(0, 0) raised ZeroDivisionError" in page
    assert "no solution" in page
    with open_history(private_history) as history:
        recorded = {summary.problem for summary in history.summary()}
    assert recorded == {item["problem"] for item in document["problems"] if item["report"]}


def test_assess_accepted_set_exits_0_with_table(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(EUCLID)
    result = CliRunner().invoke(
        app,
        ["assess", str(tmp_path), "--sandbox", "local", "--examples", "5", "--no-history"],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    assert f"Assessment of {tmp_path}" in result.stdout
    lines = result.stdout.splitlines()
    gcd_row = next(index for index, line in enumerate(lines) if line.split()[:1] == ["gcd"])
    assert "1/1 tasks" in lines[gcd_row]
    assert lines[gcd_row + 1].split()[0] == "Accepted"
    missing = sorted(p.slug for p in discover().default_set if p.slug != "gcd")
    assert f"No solution for: {', '.join(missing)}" in result.stdout
    assert "Score: " in result.stdout
    assert result.stderr == ""  # not a terminal: no progress bars, only the report


def test_assess_a_failing_set_exits_1(tmp_path: Path) -> None:
    shutil.copy(REPO / "examples" / "interview" / "gcd.py", tmp_path / "gcd.py")
    result = CliRunner().invoke(
        app,
        ["assess", str(tmp_path), "--sandbox", "local", "--examples", "20", "--no-history"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1, result.output
    assert "✗ gcd: gcd(0, 0) raised ZeroDivisionError: integer modulo by zero" in result.stdout
    assert "2. Handle the zero case: gcd(0, 0) raised ZeroDivisionError" in result.stdout
    missing = ", ".join(p.slug for p in discover().default_set if p.slug != "gcd")
    assert f"1. Attempt the problems with no solution in {tmp_path}: {missing}" in result.stdout


def test_assess_refuses_a_report_path_in_a_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(EUCLID)
    target = tmp_path / "no" / "r.xml"
    result = CliRunner().invoke(app, ["assess", str(tmp_path), "--junit", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write {str(target)!r}: its folder does not exist; create it first\n"
    )


def test_the_summary_renders_as_plain_text(problems: tuple[Problem, ...]) -> None:
    gcd = _problem(problems, "gcd")
    mfs = _problem(problems, "most_frequent_smallest")
    wrong = TaskReport("gcd", Verdict.WRONG_ANSWER, 5, Counterexample((0, 5), 5, None, None, None))
    results = (
        score_result(gcd, Path("gcd.py"), _report("gcd", wrong), None),
        score_result(
            mfs,
            Path("m.py"),
            _report(mfs.slug, _accepted(mfs.slug, Growth.QUADRATIC), style=9.0),
            None,
        ),
    )
    assessed = Assessment(Path("mine"), results, top_advice(results, Path("mine")), 1.0)
    console = Console(file=io.StringIO(), width=120, color_system=None)
    scorecard.assessment(console, assessed)
    lines = [line.rstrip() for line in console.file.getvalue().splitlines()]
    assert lines[:11] == [
        "Assessment of mine",
        "Sandbox: asked for",
        "",
        " Problem",
        "   Verdict               Tests       Growth       Style   Time  Points",
        " " + "─" * 69,
        " gcd                     0/1 tasks                       0.5 s       5",
        "   Wrong Answer          5 inputs",
        " most_frequent_smallest  1/1 tasks   O(n^2)        9/10  0.5 s      79",
        "   Accepted              200 inputs  target O(n)",
        "",
    ]
    # Each step's points are what it adds to the total, the mean over the two problems.
    assert lines[11:] == [
        "✗ gcd: gcd(0, 5) returned None, expected 5",
        "Score: 42.0 / 100",
        "What to work on next:",
        "  1. Handle the zero case: gcd(0, 5) returned None, expected 5. (+40.0 points)",
        "  2. Bring most_frequent_smallest down to O(n): it grows like O(n^2), 80x slower than the"
        " reference at n = 8,000; line",
        "     7: nums.count(x) inside the loop, each call scans the whole list. (+10.0 points)",
        "  3. One-letter name 'x' (line 3) in most_frequent_smallest: Rename it. (+0.5 points)",
    ]


def test_the_summary_names_each_sandbox_that_judged(problems: tuple[Problem, ...]) -> None:
    """As submit's header does; two lines, with their problems, if the sandbox changed midway."""
    gcd, mfs = _problem(problems, "gcd"), _problem(problems, "most_frequent_smallest")
    docker = SandboxInfo(SandboxKind.DOCKER, "docker: the engine holds the image", "container")
    local = replace(_report("gcd", _accepted("gcd")), sandbox=docker)
    results = (
        score_result(gcd, Path("gcd.py"), local, None),
        score_result(mfs, Path("m.py"), _report(mfs.slug, _accepted(mfs.slug)), None),
    )
    console = Console(file=io.StringIO(), width=120, color_system=None)
    scorecard.assessment(console, Assessment(Path("mine"), results, (), 1.0))
    assert console.file.getvalue().splitlines()[1:3] == [
        "Sandbox: docker: the engine holds the image (gcd)",
        "Sandbox: asked for (most_frequent_smallest)",
    ]


@pytest.mark.parametrize("verdict", list(Verdict))
def test_at_80_columns_every_verdict_and_header_stays_whole(
    problems: tuple[Problem, ...], verdict: Verdict
) -> None:
    # The longest slug, a four-digit input count and a three-digit time: the widest row.
    problem = max(problems, key=lambda candidate: len(candidate.slug))
    task = TaskReport(
        problem.main_task.name, verdict, 1053, complexity=_measured(Growth.LINEARITHMIC)
    )
    report = replace(_report(problem.slug, task, style=9.5), duration_s=111.6)
    others = [candidate for candidate in problems if candidate is not problem]
    results = (
        score_result(problem, Path("mine.py"), report, None),
        score_result(others[0], Path("theirs.py"), None, "the sandbox failed"),
        score_result(others[1], None, None, None),
    )
    console = Console(file=io.StringIO(), width=80, color_system=None)
    scorecard.assessment(console, Assessment(Path("mine"), results, (), 1.0))
    lines = [line.rstrip() for line in console.file.getvalue().splitlines()]
    assert "…" not in "\n".join(lines)
    headers = lines[3].split() + lines[4].split()
    assert headers == ["Problem", "Verdict", "Tests", "Growth", "Style", "Time", "Points"]
    passed = "1/1" if verdict is Verdict.ACCEPTED else "0/1"
    points = f"{results[0].score.total:.0f}"
    row = [problem.slug, passed, "tasks", "O(n", "log", "n)", "9.5/10", "111.6", "s", points]
    assert lines[6].split() == row
    # The verdict on a line of its own, then the next column: neither cut nor wrapped.
    assert re.fullmatch(rf"   {re.escape(verdict.title)}  +1053 inputs  +target O\(n\)", lines[7])
    assert [lines[9].strip(), lines[11].strip()] == ["not judged", "no solution"]


def test_solutions_judged_at_once_measure_growth_on_different_cpus(
    tmp_path: Path, problems: tuple[Problem, ...]
) -> None:
    cpus = sorted(os.sched_getaffinity(0))
    for problem in problems[:4]:
        (tmp_path / f"{problem.slug}.py").write_text(f"def {problem.main_task.name}(): pass\n")
    both_running = threading.Barrier(2, timeout=10)
    running: dict[int, int] = {}  # cpu -> solutions judged on it right now
    seen: list[tuple[int | None, int]] = []
    lock = threading.Lock()

    def judge_file(path: Path, problem: Problem, options: JudgeOptions) -> Report:
        assert options.cpu is not None
        with lock:
            running[options.cpu] = running.get(options.cpu, 0) + 1
            seen.append((options.cpu, running[options.cpu]))
        both_running.wait()  # two judges at once, every time
        with lock:
            running[options.cpu] -= 1
        raise UsageError("not judged in this test")

    assess(tmp_path, problems[:4], JudgeOptions(), judge_file, workers=2)
    assert len(seen) == 4
    assert {cpu for cpu, _ in seen} <= set(cpus)
    if len(cpus) >= 2:
        assert all(at_once == 1 for _, at_once in seen)  # never two judges on one CPU


@pytest.mark.slow
def test_the_progress_bars_leave_the_screen_when_the_summary_comes(
    tmp_path: Path, open_terminal: OpenTerminal
) -> None:
    """On a terminal the bars show while judging; once it ends only the report stays."""
    (tmp_path / "gcd.py").write_text(EUCLID)
    judge = [sys.executable, "-m", "judge", "assess", str(tmp_path), "--sandbox", "local"]
    command = shlex.join([*judge, "--examples", "20", "--no-history"])
    terminal = open_terminal(command, tmp_path)
    screen = terminal.wait_for("EXIT=0")
    assert f"Assessment of {tmp_path}" in screen
    assert "Score: " in screen
    # The bars' rows: "judging" over the whole set, then one per file with its name.
    assert "judging" not in screen
    assert "gcd gcd.py" not in screen and "gcd Accepted" not in screen


def _assessed_slugs(tmp_path: Path, *options: str) -> str:
    """What `judge assess` says of a folder with no solutions: the files it looked for, one per
    problem of the chosen set (nothing is judged)."""
    result = CliRunner().invoke(app, ["assess", str(tmp_path), "--no-history", *options])
    assert result.exit_code == 2, result.output
    return " ".join(result.stderr.split())


def _files(slugs: list[str]) -> str:
    return "(" + ", ".join(f"{slug}.py" for slug in slugs) + ")"


def test_assess_scores_the_builtin_problems_unless_a_pack_or_problem_is_chosen(
    tmp_path: Path,
) -> None:
    catalogue = discover()
    builtin = [p.slug for p in catalogue.problems if catalogue.pack_of(p) == "builtin"]
    classic = [p.slug for p in catalogue.problems if catalogue.pack_of(p) == "classic"]
    assert classic, "the classic pack is not installed (pip install -e packs/classic)"
    assert _files(builtin) in _assessed_slugs(tmp_path)
    assert _files(classic) in _assessed_slugs(tmp_path, "--pack", "classic")
    chosen = _assessed_slugs(tmp_path, "--problem", "min_stack", "--problem", "gcd")
    assert _files(["gcd", "min_stack"]) in chosen
    both = _assessed_slugs(tmp_path, "--pack", "builtin", "--problem", "coin_change")
    assert _files([slug for slug in catalogue.slugs if slug in {*builtin, "coin_change"}]) in both
    assert "unknown pack 'nope'" in _assessed_slugs(tmp_path, "--pack", "nope")
