"""The README tells the truth: its sample of the main job is what the program prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from judge.cli.app import app

REPO = Path(__file__).resolve().parents[1]
SAMPLE_HEADING = "## What the main job prints"

# What varies between machines and runs, each replaced by one placeholder: the sandbox's reason
# (engine version, or why the local sandbox), a measured growth class (or "unclear"), and every
# figure (times, input counts, points, the score, the digits of a shrunk big number).
_SANDBOX = re.compile(r"^Sandbox: .*$", re.MULTILINE)
# A class, with "+" where a slower one fits too (the assess table's range), or "unclear".
_GROWTH = re.compile(r"O\((?:[^()]|\([^()]*\))*\)\+?|\bunclear\b")
_FIGURE = re.compile(r"\d[\d,.]*")


def readme_sample() -> str:
    """The first fenced block under the README's sample heading."""
    text = (REPO / "README.md").read_text()
    section = text[text.index(SAMPLE_HEADING) :]
    return section.split("```\n", 2)[1]


def comparable(output: str) -> list[str]:
    """The output's words with the varying parts replaced; line breaks and spacing dropped, as
    a figure's width moves the table's columns and where a long line wraps."""
    output = _SANDBOX.sub("Sandbox: ~", output)
    output = _GROWTH.sub("O(~)", output)
    return _FIGURE.sub("#", output).split()


def test_the_comparison_ignores_only_what_varies() -> None:
    assert comparable("Sandbox: local: asked for\n 9.5/10  16.5 s  O(n log n)+  unclear") == [
        "Sandbox:",
        "~",
        "#/#",
        "#",
        "s",
        "O(~)",
        "O(~)",
    ]
    assert comparable("gcd(0, 0) raised") != comparable("gcd(0) raised")
    assert comparable("Accepted") != comparable("Wrong Answer")


@pytest.mark.slow
def test_the_readme_sample_is_what_the_main_job_prints(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["assess", str(REPO / "examples" / "interview"), "--no-history"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 1, result.output
    # The README runs it from the clone's root; here the folder is absolute.
    printed = result.stdout.replace(str(REPO) + "/", "")
    assert comparable(printed) == comparable(readme_sample())
