"""`judge submit`: exit codes, one-line errors, the terminal report and --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from judge.catalog.discovery import discover
from judge.cli.app import app
from judge.sessions.submission import MAX_SUBMISSION_BYTES

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "JUDGE_SANDBOX": ""})
FAST = ["--sandbox", "local", "--examples", "20"]
GCD = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n"


def _file(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _slugs() -> str:
    return ", ".join(sorted(discover().slugs))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("absent.py", None, "no such file: '{path}'; pass the path of your solution file"),
        ("folder", "dir", "'{path}' is a directory; pass the path of your solution file"),
        ("empty.py", b"", "'{path}' is empty; write your solution in it first"),
        ("binary.py", b"\x00\x01\x02", "'{path}' is a binary file; pass your Python source file"),
        ("latin1.py", b"# caf\xe9\n", "'{path}' is not UTF-8 text (byte 5); save it as UTF-8"),
        (
            "huge.py",
            b"#" * (MAX_SUBMISSION_BYTES + 1),
            "'{path}' is 65,537 bytes, over the 64 KiB limit for a solution; "
            "submit the one file with your solution",
        ),
    ],
)
def test_bad_files_are_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = runner.invoke(app, ["submit", str(path), *FAST])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: " + message.format(path=path) + "\n"


def test_unknown_problem_suggests_one(tmp_path: Path) -> None:
    path = _file(tmp_path, "mine.py", GCD)
    result = runner.invoke(app, ["submit", str(path), "--problem", "gdc", *FAST])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: unknown problem 'gdc'; did you mean 'gcd'? Run 'judge list' to see all problems.\n"
    )


def test_a_file_without_task_functions_asks_for_the_problem(tmp_path: Path) -> None:
    path = _file(tmp_path, "mine.py", "def solve(x):\n    return x\n")
    result = runner.invoke(app, ["submit", str(path), *FAST])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: 'mine.py' defines none of the task functions (")
    assert result.stderr.endswith(f"or pass --problem, one of: {_slugs()}\n")
    assert result.stderr.count("\n") == 1


def test_a_bad_sandbox_in_the_environment_is_a_usage_error(tmp_path: Path) -> None:
    path = _file(tmp_path, "gcd.py", GCD)
    result = runner.invoke(app, ["submit", str(path)], env={"JUDGE_SANDBOX": "vm"})
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "Error: JUDGE_SANDBOX='vm' is not a sandbox kind: use auto|docker|local; "
        "fix or unset the variable\n"
    )


def test_accepted_exits_0_and_reports_each_task(tmp_path: Path) -> None:
    path = _file(tmp_path, "solution.py", GCD)  # the problem is inferred from the function
    result = runner.invoke(app, ["submit", str(path), *FAST, "--seed", "5"])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0].split() == ["problem", "gcd"]
    assert lines[1].split() == ["file", "solution.py"]
    assert lines[2].split() == ["sandbox", "local"]
    assert "seed       5" in lines
    assert any(line.split()[:3] == ["✓", "gcd", "Accepted"] for line in lines)
    assert lines[-1] == "Verdict: Accepted"
    assert result.stderr == ""


def test_wrong_answer_exits_1_with_the_minimal_input(tmp_path: Path) -> None:
    path = _file(tmp_path, "gcd.py", GCD.replace("return a\n", "return a or None\n"))
    result = runner.invoke(app, ["submit", str(path), *FAST])
    assert result.exit_code == 1, result.output
    assert "│ input     gcd(0, 0)" in result.stdout
    assert "│ expected  0" in result.stdout
    assert "│ actual    None" in result.stdout
    assert result.stdout.endswith("Verdict: Wrong Answer\n")


def test_json_report(tmp_path: Path) -> None:
    path = _file(tmp_path, "gcd.py", GCD.replace("return a\n", "return a or None\n"))
    result = runner.invoke(app, ["submit", str(path), *FAST, "--json", "--seed", "3"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert (data["problem"], data["file"], data["seed"]) == ("gcd", "gcd.py", 3)
    assert data["sandbox"]["kind"] == "local"
    assert data["verdict"] == "wrong_answer"
    (task,) = data["tasks"]
    assert task["counterexample"]["args"] == [0, 0]
    assert (task["counterexample"]["expected"], task["counterexample"]["actual"]) == (0, None)


def test_a_judge_failure_exits_3(tmp_path: Path) -> None:
    package = tmp_path / "problems" / "broken_ref"
    package.mkdir(parents=True)
    (package / "spec.md").write_text("# Broken\n", encoding="utf-8")
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path
            from hypothesis import strategies as st
            from judge.catalog.problem import Growth, Problem, Task

            def reference(n):
                raise RuntimeError("the reference is broken")

            PROBLEM = Problem(
                slug="broken_ref",
                title="Broken reference",
                spec_path=Path(__file__).with_name("spec.md"),
                tasks=(
                    Task(
                        name="twice",
                        params=("n",),
                        reference=reference,
                        arguments=st.tuples(st.integers(0, 9)),
                        target=Growth.CONSTANT,
                        make_input=lambda size: (size,),
                    ),
                ),
            )
            """
        ),
        encoding="utf-8",
    )
    path = _file(tmp_path, "twice.py", "def twice(n):\n    return 2 * n\n")
    args = ["submit", str(path), "--problem", "broken_ref", "--problems-dir", str(package.parent)]
    result = runner.invoke(app, [*args, *FAST])
    assert result.exit_code == 3, result.output
    assert result.stdout.endswith("Verdict: Internal Error\n")


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (
            ["submit", "{path}", "--examples", "0"],
            "Invalid value for '--examples': 0 is not in the range x>=1; see `judge submit --help`",
        ),
        (
            ["submit", "{path}", "--sandbox", "vm"],
            "Invalid value for '--sandbox': 'vm' is not one of 'auto', 'docker', 'local'; "
            "see `judge submit --help`",
        ),
        (["submit"], "Missing argument 'file'; see `judge submit --help`"),
        (
            ["sumbit", "{path}"],
            "No such command 'sumbit'. Did you mean 'submit'? See `judge --help`",
        ),
        (["sandbox", "bogus"], "No such command 'bogus'; see `judge sandbox --help`"),
        (["list", "--frob"], "No such option: --frob; see `judge list --help`"),
    ],
)
def test_a_command_line_click_rejects_is_a_one_line_usage_error(
    tmp_path: Path, arguments: list[str], line: str
) -> None:
    path = _file(tmp_path, "gcd.py", GCD)
    command = [argument.format(path=path) for argument in arguments]
    result = runner.invoke(app, command, prog_name="judge")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {line}\n"


def test_judge_alone_shows_its_help_and_no_error() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "Commands" in result.stdout and "submit" in result.stdout
    assert "Error" not in result.output


def test_submit_has_help() -> None:
    result = runner.invoke(app, ["submit", "--help"])
    assert result.exit_code == 0
    for option in ("--problem", "--sandbox", "--seed", "--examples", "--json", "--problems-dir"):
        assert option in result.stdout


def test_judging_leaves_nothing_in_the_working_directory(tmp_path: Path) -> None:
    # Hypothesis caches under its home directory, by default ./.hypothesis of the process that
    # imports it: a fresh process, as a user runs judge, started where the solution is.
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    _file(work, "gcd.py", GCD)
    environment = {
        key: value for key, value in os.environ.items() if key != "HYPOTHESIS_STORAGE_DIRECTORY"
    }
    environment["XDG_CACHE_HOME"] = str(cache)
    command = [sys.executable, "-m", "judge", "submit", "gcd.py", *FAST, "--no-history"]
    finished = subprocess.run(
        command, cwd=work, env=environment, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert sorted(path.name for path in work.iterdir()) == ["gcd.py"]
    assert (cache / "judge" / "hypothesis").is_dir()


# Run in a fresh interpreter: what `judge submit` has imported when its sandbox starts the
# worker. Through Docker the container starts while the rest loads, so the later it is in this
# list, the less the command waits for it.
_LOADED_AT_WORKER_START = """
import sys

preloaded = set(sys.modules)  # by the interpreter's start-up (a .pth file may import some)
from sandbox.supervisor import WorkerSupervisor

start = WorkerSupervisor.prepare


def spy(self, submission):
    later = {"rich", "sqlite3", "hypothesis", "docker", "importlib.metadata", "judge.engine"}
    print("LOADED", *sorted(later.intersection(sys.modules) - preloaded), file=sys.stderr)
    return start(self, submission)


WorkerSupervisor.prepare = spy
from judge.cli.app import run

run()
"""


def test_submit_starts_the_worker_before_loading_the_screens_the_history_and_hypothesis(
    tmp_path: Path,
) -> None:
    _file(tmp_path, "gcd.py", GCD)
    command = [sys.executable, "-c", _LOADED_AT_WORKER_START, "submit", "gcd.py", *FAST]
    finished = subprocess.run(
        [*command, "--no-history"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stderr
    first_start = finished.stderr.splitlines()[0]
    assert first_start == "LOADED"  # none of them yet
    assert "Accepted" in finished.stdout  # and each was loaded when it was needed


@pytest.mark.parametrize(
    ("arguments", "status"),
    [
        (["--version"], 0),
        (["submit", "missing.py"], 2),  # a usage error: typer.Exit(2)
        (["submit", "gcd.py", "--examples", "0"], 2),  # a usage error Click finds
    ],
)
def test_the_program_exits_with_the_commands_status_and_all_its_output(
    tmp_path: Path, arguments: list[str], status: int
) -> None:
    _file(tmp_path, "gcd.py", GCD)
    finished = subprocess.run(
        [sys.executable, "-m", "judge", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == status
    if status == 0:
        assert finished.stdout.startswith("judge ")
    else:
        assert finished.stdout == "" and finished.stderr.startswith("Error: ")
        assert finished.stderr.count("\n") == 1


def test_the_json_report_reaches_a_pipe_whole(tmp_path: Path) -> None:
    # Into a pipe, stdout is block-buffered: the quick exit must flush it, or the report is lost.
    _file(tmp_path, "gcd.py", GCD)
    command = [sys.executable, "-m", "judge", "submit", "gcd.py", *FAST, "--json", "--no-history"]
    finished = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)["verdict"] == "accepted"
