"""`judge list` and `judge show`: the problem catalogue on the command line."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

from typer.testing import CliRunner

from judge.catalog.discovery import discover, find_problem
from judge.catalog.spec import REQUIRED_SECTIONS
from judge.cli.app import app

FIXTURES = Path(__file__).parent.parent / "fixtures"

# A wide, colourless terminal: rows are not wrapped and the text compares plainly.
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})


def _words(text: str) -> str:
    """Text with its whitespace collapsed, so rich's line wrapping does not matter."""
    return " ".join(text.split())


def test_list_shows_every_problem_with_its_tasks() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    catalogue = discover()
    lines = result.stdout.splitlines()
    for problem in catalogue.problems:
        # The slug heads the row of the main task; the title comes on the line below.
        index = next(i for i, line in enumerate(lines) if f"│ {problem.slug} " in line)
        assert f"│ {problem.main_task.name} " in lines[index]
        assert problem.main_task.target.value in lines[index]
        assert f"│ {problem.title} " in lines[index + 1]
        # The last column says which pack the problem comes from.
        assert lines[index].rstrip(" │").endswith(catalogue.pack_of(problem))
    assert any(line.rstrip(" │").endswith(" classic") for line in lines)
    assert "digital_root (follow-up)" in result.stdout
    assert "odd_index_chars_per_word (follow-up)" in result.stdout
    expected_warnings = "".join(
        f"Warning: skipped problem package {item.name}: {item.reason}\n"
        for item in catalogue.broken
    )
    assert result.stderr == expected_warnings


def test_show_renders_the_spec() -> None:
    result = runner.invoke(app, ["show", "gcd"])
    assert result.exit_code == 0, result.output
    shown = _words(result.stdout)
    assert find_problem(discover(), "gcd").title in shown
    for heading in REQUIRED_SECTIONS:
        assert heading in shown
    assert "common divisor" in shown.lower()
    assert ">>> gcd(48, 18) 6" in shown
    assert result.stderr == ""


def test_show_renders_follow_ups() -> None:
    result = runner.invoke(app, ["show", "digit_sum"])
    assert result.exit_code == 0, result.output
    assert "Now sum the digits again, and again, until one digit is left" in _words(result.stdout)


def test_show_an_unknown_slug_suggests_the_closest() -> None:
    result = runner.invoke(app, ["show", "gdc"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: unknown problem 'gdc'; did you mean 'gcd'? Run 'judge list' to see all problems.\n"
    )


def test_a_broken_package_in_problems_dir_is_a_warning(tmp_path: Path) -> None:
    shutil.copytree(
        FIXTURES / "echo_problem", tmp_path / "echo", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "__init__.py").write_text("")
    result = runner.invoke(app, ["list", "--problems-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "│ echo " in result.stdout
    assert "│ Echo " in result.stdout
    assert "│ digit_sum " in result.stdout
    warning = (
        f"Warning: skipped problem package {tmp_path / 'empty'}: __init__.py defines no PROBLEM\n"
    )
    assert warning in result.stderr


def test_show_a_problem_from_problems_dir() -> None:
    result = runner.invoke(app, ["show", "echo", "--problems-dir", str(FIXTURES / "echo_problem")])
    assert result.exit_code == 0, result.output
    assert "returns text unchanged" in _words(result.stdout)


def test_a_missing_problems_dir_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = runner.invoke(app, ["list", "--problems-dir", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: problems directory {str(missing)!r} does not exist;"
        " pass a folder of problem packages or one problem package\n"
    )


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"judge {metadata.version('judge')}\n"


def test_list_json_names_each_problem_s_pack() -> None:
    import json

    listing = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    packs = {problem["problem"]: problem["pack"] for problem in listing["problems"]}
    assert packs["gcd"] == "builtin" and packs["lru_cache"] == "builtin"
    assert packs["min_stack"] == "classic" and packs["coin_change"] == "classic"
