"""`judge practice`: the starter file, the session loop, and the command in a real terminal."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import OpenTerminal

from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Problem, TaskKind
from judge.errors import UsageError
from judge.report import Report, Verdict
from judge.sessions.history import open_history
from judge.sessions.judging import judge_file
from judge.sessions.practice import (
    FAST_EXAMPLES,
    CheckStage,
    PracticeSession,
    ensure_starter,
    fast_options,
    starter_source,
)
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

WRONG_GCD = "def gcd(a, b):\n    if a % b == 0:\n        return b\n    return gcd(b, a % b)\n"
EUCLID = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n"


@pytest.fixture(scope="module")
def gcd() -> Problem:
    return find_problem(discover(), "gcd")


# ---- the starter file ------------------------------------------------------------------------


@pytest.mark.parametrize("problem", discover().problems, ids=lambda problem: problem.slug)
def test_every_starter_compiles_and_names_the_main_task(problem: Problem) -> None:
    source = starter_source(problem, "Do the thing.\n\nMore detail that is left out.")
    compile(source, f"{problem.slug}.py", "exec")
    main = problem.main_task
    keyword = "class" if main.kind is TaskKind.CLASS else "def"
    assert f"{keyword} {main.name}(" in source or f"{keyword} {main.name}:" in source
    assert "Do the thing." in source
    assert "More detail" not in source
    for follow_up in problem.tasks:
        if not follow_up.required:
            assert f"#   def {follow_up.name}(" in source


def test_the_gcd_starter(gcd: Problem) -> None:
    assert starter_source(gcd, "Write `gcd(a, b)`.") == (
        '"""Greatest Common Divisor: practice file for `judge practice gcd`."""\n'
        "\n"
        "\n"
        "def gcd(a, b):\n"
        '    """Write `gcd(a, b)`.\n'
        "\n"
        "    Examples:\n"
        "        gcd(48, 18) == 6\n"
        "        gcd(17, 5) == 1\n"
        "        gcd(0, 5) == 5\n"
        "        gcd(0, 0) == 0\n"
        "        gcd(100000000000000000000, 10000000000) == 10000000000\n"
        '    """\n'
        "    raise NotImplementedError\n"
    )


def test_an_existing_file_is_never_overwritten(tmp_path: Path, gcd: Problem) -> None:
    mine = tmp_path / "gcd.py"
    mine.write_text(EUCLID)
    assert ensure_starter(mine, gcd, "Statement.") is False
    assert mine.read_text() == EUCLID
    fresh = tmp_path / "sub" / "new.py"
    assert ensure_starter(fresh, gcd, "Statement.") is True
    assert fresh.read_text() == starter_source(gcd, "Statement.")
    with pytest.raises(UsageError, match="is a directory"):
        ensure_starter(tmp_path, gcd, "Statement.")


def test_the_quick_check_is_small() -> None:
    options = JudgeOptions(sandbox=SandboxKind.LOCAL, seed=4, examples=500)
    assert fast_options(options) == JudgeOptions(
        sandbox=SandboxKind.LOCAL, seed=4, examples=FAST_EXAMPLES, complexity=False, style=False
    )


# ---- the session loop --------------------------------------------------------------------


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class RecordingView:
    """A PracticeView that remembers what the session told it."""

    def __init__(self) -> None:
        self.events: list[tuple[str, CheckStage | None, Verdict | str | None]] = []

    def checking(self, stage: CheckStage) -> None:
        self.events.append(("checking", stage, None))

    def checked(self, stage: CheckStage, report: Report) -> None:
        self.events.append(("checked", stage, report.verdict))

    def unjudgeable(self, message: str) -> None:
        self.events.append(("unjudgeable", None, message))


def test_a_session_turns_green_when_the_file_is_fixed(tmp_path: Path, gcd: Problem) -> None:
    solution = tmp_path / "gcd.py"
    solution.write_text(WRONG_GCD)
    clock = FakeClock()
    recorded: list[tuple[Verdict, float | None]] = []
    session = PracticeSession(
        gcd,
        solution,
        JudgeOptions(sandbox=SandboxKind.LOCAL, examples=30),
        judge_file,
        clock,
        lambda report, solved_in: recorded.append((report.verdict, solved_in)),
    )

    def saves() -> Iterator[object]:
        clock.now += 60.0
        solution.write_text("")  # an editor truncating the file before writing it
        yield "save 1"
        clock.now += 65.0
        solution.write_text(EUCLID)
        yield "save 2"
        raise AssertionError("the session goes on after Accepted")

    view = RecordingView()
    result = session.run(saves(), view, check_first=True)
    assert (result.solved, result.elapsed_s, result.checks) == (True, 125.0, 3)
    assert result.report is not None and result.report.verdict is Verdict.ACCEPTED
    assert recorded == [(Verdict.ACCEPTED, 125.0)]
    assert view.events[:2] == [
        ("checking", CheckStage.FAST, None),
        ("checked", CheckStage.FAST, Verdict.RUNTIME_ERROR),
    ]
    assert view.events[2][:2] == ("checking", CheckStage.FAST)
    assert view.events[3][0] == "unjudgeable"
    assert "is empty; write your solution in it first" in str(view.events[3][2])
    assert view.events[4:] == [
        ("checking", CheckStage.FAST, None),
        ("checked", CheckStage.FAST, Verdict.ACCEPTED),
        ("checking", CheckStage.FULL, None),
        ("checked", CheckStage.FULL, Verdict.ACCEPTED),
    ]


def test_a_session_that_runs_out_of_saves_is_not_solved(tmp_path: Path, gcd: Problem) -> None:
    solution = tmp_path / "gcd.py"
    solution.write_text(WRONG_GCD)
    clock = FakeClock()
    session = PracticeSession(
        gcd, solution, JudgeOptions(sandbox=SandboxKind.LOCAL, examples=10), judge_file, clock
    )
    clock.now += 5.0
    result = session.run(iter(()), RecordingView(), check_first=True)
    assert (result.solved, result.elapsed_s, result.checks, result.report) == (False, 5.0, 1, None)


# ---- the command in a real terminal ------------------------------------------------------


def _practice_command(history: Path, *arguments: str) -> str:
    judge = [sys.executable, "-m", "judge", "practice", *arguments]
    return f"JUDGE_HISTORY={shlex.quote(str(history))} " + shlex.join(judge)


@pytest.mark.slow
def test_practice_gcd_turns_green_in_a_real_terminal(
    tmp_path: Path, open_terminal: OpenTerminal
) -> None:
    history = tmp_path / "history.sqlite3"
    solution = tmp_path / "gcd.py"
    command = _practice_command(
        history, "gcd", str(solution), "--sandbox", "local", "--examples", "30"
    )
    terminal = open_terminal(command, tmp_path)
    started = time.monotonic()
    screen = terminal.wait_for("every save is judged. Ctrl-C stops.")
    assert f"Created {solution}" in screen
    assert "def gcd(a, b):" in solution.read_text()
    terminal.wait_for("waiting for a save")

    # Each text waited for appears once, after the save: the live timer redraws the screen in
    # place, so a position in an earlier capture would not mark "after" reliably.
    solution.write_text(WRONG_GCD)
    terminal.wait_for("quick check: Runtime Error")
    # The failure's panel is drawn after the status line: waited for, not caught half drawn.
    screen = terminal.wait_for("ZeroDivisionError")
    assert "gcd(0, 0)" in screen

    solution.write_text(EUCLID)
    screen = terminal.wait_for("EXIT=0")
    assert "full check: Accepted" in screen
    assert "Solved gcd in 00:" in screen
    assert "Traceback" not in screen
    with open_history(history) as store:
        (summary,) = store.summary()
    assert summary.problem == "gcd"
    assert summary.best_solve_seconds is not None
    assert 0 < summary.best_solve_seconds < time.monotonic() - started


@pytest.mark.slow
def test_ctrl_c_stops_practice_cleanly(tmp_path: Path, open_terminal: OpenTerminal) -> None:
    history = tmp_path / "history.sqlite3"
    solution = tmp_path / "gcd.py"
    solution.write_text(WRONG_GCD)
    command = _practice_command(history, "gcd", str(solution), "--sandbox", "local")
    terminal = open_terminal(command, tmp_path)
    terminal.wait_for("quick check: Runtime Error")  # an existing file is judged at once
    terminal.keys("C-c")
    screen = terminal.wait_for("EXIT=130")
    assert "Stopped after 00:" in screen
    assert "gcd is not solved yet." in screen
    assert "Traceback" not in screen
    # The session is history although its quick check never passed: counted, not timed.
    with open_history(history) as store:
        (summary,) = store.summary()
    assert (summary.problem, summary.attempts) == ("gcd", 0)
    assert (summary.practice_sessions, summary.practice_solved) == (1, 0)
    assert (summary.last_verdict, summary.best_solve_seconds) == (Verdict.RUNTIME_ERROR, None)
