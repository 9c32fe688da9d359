"""The ecosystem's conventions: -h and -V, shell completion, help that wraps as paragraphs,
output that pipes well (no 80-column wrap, no trailing spaces, a closed pipe is not a verdict),
`-` for standard input, --image, and assess's stage options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import judge
from judge.cli.app import app

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200", "JUDGE_SANDBOX": "local"})
GCD = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n"
FAST = ["--sandbox", "local", "--examples", "5", "--no-complexity", "--no-history"]


def _command_paths() -> list[list[str]]:
    """Every command and sub-command, as the words that name it."""
    group: Any = typer.main.get_command(app)
    paths: list[list[str]] = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a sub-app
            paths.extend([name, sub] for sub in command.commands)
        paths.append([name])
    return paths


@pytest.mark.parametrize("words", _command_paths(), ids=" ".join)
def test_every_command_takes_dash_h(words: list[str]) -> None:
    result = runner.invoke(app, [*words, "-h"], prog_name="judge")
    assert result.exit_code == 0, result.output
    assert f"Usage: judge {' '.join(words)}" in result.stdout


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_the_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert (result.exit_code, result.stdout) == (0, f"judge {judge.__version__}\n")


def _judge(*arguments: str, **options: object) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "JUDGE_SANDBOX": "local"}
    environment.pop("COLUMNS", None)
    environment.update(options.pop("env", {}))  # type: ignore[call-overload]
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "judge", *arguments],
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def test_shell_completion_completes_commands_and_options() -> None:
    program = Path(sys.executable).with_name("judge")  # the installed script: its name is judge
    if not program.is_file():
        pytest.skip(f"no judge program beside {sys.executable}")

    def complete(words: str) -> list[str]:
        environment = {
            **os.environ,
            "_JUDGE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        completed = subprocess.run(
            [str(program)], capture_output=True, text=True, env=environment, check=False
        )
        return completed.stdout.split()

    assert complete("judge su") == ["submit"]
    assert complete("judge assess --no-c") == ["--no-complexity"]


@pytest.mark.parametrize(
    ("command", "sentence"),
    [
        (
            "assess",
            "A problem's solution is the file named after it (gcd.py), else the one file that "
            "defines its task function.",
        ),
        (
            "practice",
            "Each save gets a quick check first (the spec's examples and a few generated inputs), "
            "then the full judgement once that passes.",
        ),
    ],
)
def test_help_wraps_as_paragraphs_not_at_the_docstring_line_ends(
    command: str, sentence: str
) -> None:
    result = CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"}).invoke(app, [command, "--help"])
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert any(sentence in line for line in lines), result.stdout


def test_piped_help_is_plain_text_a_paragraph_a_line_with_no_trailing_spaces() -> None:
    lines = _judge("assess", "--help").stdout.splitlines()
    assert (
        "  A problem's solution is the file named after it (gcd.py), else the one file that "
        "defines its task function. Score: each problem is worth 100 points" in "\n".join(lines)
    )
    assert [line for line in lines if line != line.rstrip()] == []
    assert not any("╭" in line or "│" in line for line in lines)  # no panels to pad
    assert any(line.lstrip().startswith("--complexity-budget SECONDS") for line in lines)
    commands = _judge("-h").stdout
    assert "Commands:" in commands and "  submit " in commands


def test_piped_help_wraps_at_columns_when_it_is_set() -> None:
    lines = _judge("assess", "-h", env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(map(len, lines)) <= 80 and len(lines) > 30
    assert [line for line in lines if line != line.rstrip()] == []


def test_piped_output_keeps_long_lines_whole_and_has_no_trailing_spaces(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    completed = _judge("submit", "gcd.py", *FAST, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    isolation = [line for line in lines if line.startswith("isolation  ")]
    assert len(isolation) == 1 and len(isolation[0]) > 200
    assert [line for line in lines if line != line.rstrip()] == []
    listing = _judge("list").stdout.splitlines()
    assert len(listing) > 5 and [line for line in listing if line != line.rstrip()] == []


def test_a_piped_failure_box_is_as_wide_as_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text("def gcd(a, b):\n    return a\n")
    completed = _judge("submit", "gcd.py", *FAST, cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    box = [line for line in completed.stdout.splitlines() if line.startswith(("╭", "│", "╰"))]
    assert box and box[0].startswith("╭─ gcd: Wrong Answer")
    # The box's lines are as long as one another and as its longest row, not the pipe's width.
    assert len({len(line) for line in box}) == 1 and len(box[0]) < 200, box[0]


def test_a_closed_pipe_exits_141_not_the_verdict(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: every write fails
    try:
        completed = _judge("submit", "gcd.py", *FAST, cwd=tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert completed.returncode == 141
    assert completed.stderr == ""  # no traceback, no "Exception ignored" on the way out
    json_completed = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m judge list --json | head -c 10 >/dev/null; "
            'echo "${PIPESTATUS[0]}"',
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json_completed.stdout.strip() in {"0", "141"}


def test_head_of_an_accepted_report_does_not_say_not_accepted(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    script = (
        f"{sys.executable} -m judge submit gcd.py {' '.join(FAST)} | head -2; "
        'echo "status=${PIPESTATUS[0]}"'
    )
    completed = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    head, status = completed.stdout.rsplit("status=", 1)
    assert head.splitlines() == ["problem    gcd", "file       gcd.py"]
    assert status.strip() in {"0", "141"}  # 141 when head closed the pipe first; never 1


def test_dash_reads_the_file_from_standard_input() -> None:
    result = runner.invoke(app, ["submit", "-", *FAST, "--json"], input=GCD)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["problem"], report["file"], report["verdict"]) == ("gcd", "stdin.py", "accepted")
    empty = runner.invoke(app, ["submit", "-", *FAST], input="")
    assert (empty.exit_code, empty.stderr) == (
        2,
        "Error: standard input is empty; write your solution in it first\n",
    )


def test_assess_skips_complexity_and_style_when_asked(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    result = runner.invoke(
        app,
        ["assess", str(tmp_path), "--json", "--no-style", *FAST],
    )
    document = json.loads(result.stdout)
    [gcd] = [item for item in document["problems"] if item["problem"] == "gcd"]
    assert gcd["report"]["verdict"] == "accepted"
    assert gcd["report"]["style"] is None
    assert gcd["report"]["tasks"][0]["complexity"] is None


def test_list_and_show_print_json() -> None:
    listing = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    gcd = next(problem for problem in listing["problems"] if problem["problem"] == "gcd")
    assert gcd["tasks"][0] == {
        "task": "gcd",
        "kind": "function",
        "params": ["a", "b"],
        "required": True,
        "target": "O(n)",
        "size_unit": "digits",
    }
    shown = json.loads(runner.invoke(app, ["show", "gcd", "--json"]).stdout)
    assert shown["sections"][0]["heading"] == "Statement"
    assert {key: shown["examples"][0][key] for key in ("task", "args", "expected", "raises")} == {
        "task": "gcd",
        "args": [48, 18],
        "expected": 6,
        "raises": None,
    }


def test_validate_points_at_a_package_folder_it_does_not_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "problems" / "myprob").mkdir(parents=True)
    (tmp_path / "problems" / "myprob" / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "myprob"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unknown problem 'myprob', but 'problems/myprob' is a problem package folder: "
        "pass its path (judge validate problems/myprob) or --problems-dir problems\n",
    )


@pytest.mark.usefixtures("docker_required")
@pytest.mark.docker
def test_the_image_option_and_variable_name_the_image(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    status = runner.invoke(app, ["sandbox", "status", "--image", "judge-sandbox:no-such-tag"])
    assert status.exit_code == 3
    assert "lacks image judge-sandbox:no-such-tag" in status.stdout
    submitted = runner.invoke(
        app,
        ["submit", str(tmp_path / "gcd.py"), "--sandbox", "docker", "--no-history"],
        env={"JUDGE_IMAGE": "judge-sandbox:no-such-tag"},
    )
    assert submitted.exit_code == 3
    assert "lacks image judge-sandbox:no-such-tag" in submitted.stderr
