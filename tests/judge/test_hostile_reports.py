"""Hostile submissions through the `judge` program on both backends: each gets its verdict,
within a bound on the wall time, with no traceback, and every report it writes is whole and
shows the candidate's text with its control characters made visible (a wide terminal: no
line of the report wraps).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from leftovers import judge_containers
from waiting import within

from sandbox.base import SandboxKind

# A candidate that replaces the worker's encoder sends any reply the JSON framing allows.
FORGED = """
import __main__
def gcd(a, b):
    __main__.encode_value = lambda value: {encoded}
    return 0
"""
ESCAPES = "\\x1b[2J\\x1b[H\\x1b[1;32mAccepted\\x1b]0;owned\\x07\\r\\u202e"
# A lone surrogate cannot be printed (stdout is UTF-8), but it can be raised.
ANSI = f"""
def gcd(a, b):
    print("{ESCAPES}")
    raise ValueError("{ESCAPES}\\ud800")
"""
FD_EXHAUSTION = """
import os, sys
def gcd(a, b):
    del sys.modules["traceback"]  # the worker must import it again, with no descriptor left
    while True:
        try:
            os.open("/dev/null", os.O_RDONLY)
        except OSError:
            raise ValueError("out of descriptors")
"""


def judge(
    path: Path, kind: SandboxKind, *extra: str, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `judge submit` on ``path`` for gcd; the finished process and its wall time."""
    command = [sys.executable, "-m", "judge", "submit", str(path), "--sandbox", kind.value]
    command += ["--no-complexity", "--no-history", "--examples", "20", *extra]
    environment = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}
    started = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=environment, check=False
    )
    return done, time.monotonic() - started


def verdict_of(path: Path, kind: SandboxKind, bound_s: float) -> dict:  # type: ignore[type-arg]
    """The --json report of judging ``path`` for gcd, checked for no traceback and the bound."""
    done, elapsed = judge(path, kind, "--problem", "gcd", "--json", "--no-style")
    assert "Traceback" not in done.stderr, done.stderr
    assert elapsed < bound_s
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def solution(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "solution.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("encoded", "verdict", "detail"),
    [
        (
            '{"d": [[{"i": hex(i * (2**61 - 1))}, 0] for i in range(1, 100_001)]}',
            "output_limit_exceeded",
            "keys with one hash",
        ),
        ('{"f": "0x1p99999"}', "runtime_error", "a float out of range"),
    ],
    ids=["colliding-dict", "float-overflow"],
)
def test_a_forged_reply_gets_its_verdict_in_bounded_time(
    tmp_path: Path, sandbox_kind: SandboxKind, encoded: str, verdict: str, detail: str
) -> None:
    report = verdict_of(solution(tmp_path, FORGED.format(encoded=encoded)), sandbox_kind, 60)
    (task,) = report["tasks"]
    assert task["verdict"] == verdict
    assert detail in task["counterexample"]["detail"]


def test_a_huge_int_answer_is_wrong_and_shown_by_its_digits(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    path = solution(tmp_path, "def gcd(a, b):\n    return 1 << 7_500_000\n")
    report = verdict_of(path, sandbox_kind, 60)
    (task,) = report["tasks"]
    actual = task["counterexample"]["actual"]
    assert task["verdict"] == "wrong_answer"
    assert actual["repr"] == "9278544585…8987109376 (2257725 digits)"
    assert int(actual["hex"], 16) == 1 << 7_500_000
    done, elapsed = judge(path, sandbox_kind, "--problem", "gcd")
    assert (done.returncode, "Traceback" in done.stderr) == (1, False)
    assert "9278544585…8987109376 (2257725 digits)" in done.stdout
    assert elapsed < 60


def test_a_file_nested_too_deeply_to_parse_is_judged(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    path = solution(tmp_path, "x = " + "-" * 3000 + "1\ndef gcd(a, b):\n    return a\n")
    done, elapsed = judge(path, sandbox_kind, "--problem", "gcd")
    assert (done.returncode, "Traceback" in done.stderr, elapsed < 60) == (1, False, True)
    assert "the file is nested too deeply for Python to compile" in done.stdout
    assert "the style review could not read the file" in done.stdout
    assert "Verdict: Syntax Error" in done.stdout
    without_problem, _ = judge(path, sandbox_kind)
    assert (without_problem.returncode, without_problem.stdout) == (2, "")
    assert without_problem.stderr.startswith(
        "Error: cannot tell which problem 'solution.py' solves (it does not parse)"
    )


def test_using_up_every_file_descriptor_is_the_candidates_failure(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    report = verdict_of(solution(tmp_path, FD_EXHAUSTION), sandbox_kind, 60)
    (task,) = report["tasks"]
    assert task["verdict"] == "runtime_error"
    assert task["counterexample"]["detail"] == (
        "the code used up every file descriptor, so the worker could not reply"
    )


def test_escapes_and_surrogates_in_candidate_text_are_shown_visible_everywhere(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    path = solution(tmp_path, ANSI)
    done, elapsed = judge(path, sandbox_kind, "--problem", "gcd")
    assert (done.returncode, "Traceback" in done.stderr, elapsed < 60) == (1, False, True)
    visible = "\\x1b[2J\\x1b[H\\x1b[1;32mAccepted\\x1b]0;owned\\x07\\r\\u202e"
    assert f"ValueError: {visible}\\ud800" in done.stdout
    assert f"stdout  {visible}" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\r" not in done.stdout
    html, junit = tmp_path / "report.html", tmp_path / "report.xml"
    command = [sys.executable, "-m", "judge", "assess", str(tmp_path), "--sandbox"]
    command += [sandbox_kind.value, "--no-history", "--html", str(html), "--junit", str(junit)]
    assessed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert (assessed.returncode, "Traceback" in assessed.stderr) == (1, False)
    for written in (html.read_text(encoding="utf-8"), junit.read_text(encoding="utf-8")):
        assert f"{visible}\\ud800" in written
        assert "\x1b" not in written and "\ud800" not in written
    assert "\x1b" not in assessed.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


# A child left in a container that timed out keeps knocking on every socket path the judge
# uses, while that container is removed in the background and its replacement starts.
SQUATTER = """
import math, os, socket, time
def gcd(a, b):
    if 1000 < a < 10**19:  # a drawn input, never a spec example
        if os.fork() == 0:
            while True:
                for path in ("/judge-socket/worker.sock", "/judge/worker.sock"):
                    try:
                        socket.socket(socket.AF_UNIX).connect(path)
                    except OSError:
                        time.sleep(0.0002)
        time.sleep(100)
    return math.gcd(a, b)
"""


@pytest.mark.docker
def test_a_child_left_in_a_timed_out_container_cannot_make_it_the_judges_fault(
    tmp_path: Path, docker_required: None
) -> None:
    path = solution(tmp_path, SQUATTER)
    command = [sys.executable, "-m", "judge", "submit", str(path), "--problem", "gcd"]
    command += ["--sandbox", "docker", "--json", "--no-style", "--no-complexity", "--no-history"]
    started = time.monotonic()
    judging = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = judging.communicate(timeout=120)
    elapsed = time.monotonic() - started
    assert (judging.returncode, "Traceback" in stderr, elapsed < 60) == (1, False, True), stderr
    (task,) = json.loads(stdout)["tasks"]
    assert (task["verdict"], task["counterexample"]["detail"]) == (
        "time_limit_exceeded",
        "no reply within 2 s",
    )
    # Every container it started is removed, by itself or the detached removals it left.
    assert within(10, lambda: not judge_containers(judging.pid)), judge_containers(judging.pid)
