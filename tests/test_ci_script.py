""".ci/run as the README describes it: the non-root pass runs when asked for, and the tests it runs
without root are paths that exist (a rename would otherwise leave CI testing nothing there)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CI = REPO / ".ci" / "run"


def _sourced(script: str) -> str:
    """What ``script`` prints in bash once .ci/run is sourced (which only defines)."""
    completed = subprocess.run(
        ["bash", "-c", f'source "$1" && {script}', "_", str(CI)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return completed.stdout


def test_the_non_root_tests_are_paths_of_the_suite() -> None:
    paths = _sourced('printf "%s\\n" "${NON_ROOT_TESTS[@]}"').split()
    assert "tests/sandbox" in paths
    assert [path for path in paths if not (REPO / path).exists()] == []


def test_the_non_root_pass_runs_when_asked_for() -> None:
    main = _sourced("declare -f main")
    assert "${JUDGE_CI_NON_ROOT:-0} == 1" in main
    assert "non_root_newcomer" in main


def test_the_quick_start_read_by_ci_is_the_readme_s() -> None:
    commands = _sourced("REPO=$PWD; quick_start_commands").splitlines()
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev]' -e packs/classic",
        "judge assess examples/interview",
        "python -m pytest -n 2",
    ]
