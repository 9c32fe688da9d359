"""Complexity timings a candidate cannot forge, on both backends.

Each candidate below is an honest O(n^2) solution (a slow/ solution of its problem) with a trick
that made it read "on target" or "too fast to tell" when the worker timed its own calls: a
replaced timing function, an answer cached for repeated arguments, a cheap answer given only
when it sees it is timed, the work done in a helper thread or a forked child. Timed from outside
the sandbox, on inputs that differ from call to call and with every timed answer checked, each
must still read slower than its target, or be caught changing its answers (and score no better
than the honest code).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from judge.assess import score_result
from judge.discovery import discover
from judge.files import judge_file
from judge.model import Verdict
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

ROOT = Path(__file__).resolve().parents[2]
# The honest slow solutions the tricks wrap: their code, as written by the problem's author.
SLOW = {
    "gcd": ROOT / "problems" / "gcd" / "slow" / "digit_by_digit_remainder.py",
    "most_frequent_smallest": (
        ROOT / "problems" / "most_frequent_smallest" / "slow" / "count_every_element.py"
    ),
}

PARAMS = {"gcd": "a, b", "most_frequent_smallest": "nums"}
# Tricks that wrap the slow function, renamed _honest; each defines the task's function.
FORGES_THE_CLOCK = """
    import sys, time

    _worker = sys.modules["__main__"]
    _ticks = [0]

    def _instant(*_args):
        _ticks[0] += 1
        return _ticks[0] * 1e-6

    # Every clock the worker could read now says a microsecond passed, whatever did.
    time.perf_counter = time.thread_time = time.process_time = time.monotonic = _instant
    if hasattr(_worker, "_timed_runs"):
        _slow_runs = _worker._timed_runs
        _worker._timed_runs = lambda *args: (_slow_runs(*args)[0], 1e-6)

    def {task}({params}):
        return _honest({params})
"""
CACHES_REPEATS = """
    _answers = {{}}

    def {task}({params}):
        key = repr(({params},))
        if key not in _answers:
            _answers[key] = _honest({params})
        return _answers[key]
"""
CHEAP_WHEN_TIMED = """
    import sys

    def _timed():
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_name == "_timed_runs" or frame.f_locals.get("timed") is True:
                return True
            frame = frame.f_back
        return False

    def {task}({params}):
        # The worst-case inputs it has seen answer {cheap!r}: say so at once when timed.
        return {cheap!r} if _timed() else _honest({params})
"""
IN_A_THREAD = """
    import threading

    def {task}({params}):
        box = []
        helper = threading.Thread(target=lambda: box.append(_honest({params})))
        helper.start()
        helper.join()
        return box[0]
"""
IN_A_CHILD = """
    import os

    def {task}({params}):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.write(write, repr(_honest({params})).encode())
            os._exit(0)
        os.close(write)
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        os.waitpid(pid, 0)
        return int(b"".join(chunks))
"""

CASES = [
    pytest.param("gcd", FORGES_THE_CLOCK, id="gcd-forges-the-clock"),
    pytest.param("most_frequent_smallest", FORGES_THE_CLOCK, id="mfs-forges-the-clock"),
    pytest.param("gcd", CACHES_REPEATS, id="gcd-caches-repeated-arguments"),
    pytest.param("most_frequent_smallest", CACHES_REPEATS, id="mfs-caches-repeated-arguments"),
    pytest.param(
        "gcd",
        IN_A_THREAD,
        id="gcd-in-a-helper-thread",
        # Known open (issue 16 section 2): on the local backend, the short-lived helper threads'
        # time shows only in /proc's 10 ms ticks, and the estimate can read on target.
        marks=pytest.mark.xfail(strict=False, reason="local: ended threads count in 10 ms ticks"),
    ),
    pytest.param("most_frequent_smallest", IN_A_THREAD, id="mfs-in-a-helper-thread"),
    pytest.param(
        "gcd",
        IN_A_CHILD,
        id="gcd-in-a-forked-child",
        # Known open: a fork per call dominates the small sizes and the fit can read on target.
        marks=pytest.mark.xfail(strict=False, reason="fork cost hides the growth at small n"),
    ),
    pytest.param("most_frequent_smallest", IN_A_CHILD, id="mfs-in-a-forked-child"),
]


def _candidate(tmp_path: Path, slug: str, trick: str, **fields: object) -> Path:
    honest = SLOW[slug].read_text().replace(f"def {slug}(", "def _honest(")
    path = tmp_path / f"{slug}.py"
    path.write_text(
        honest + textwrap.dedent(trick.format(task=slug, params=PARAMS[slug], **fields))
    )
    return path


def _judge(path: Path, slug: str, kind: SandboxKind):  # type: ignore[no-untyped-def]
    problem = next(problem for problem in discover().problems if problem.slug == slug)
    options = JudgeOptions(sandbox=kind, examples=40, complexity_budget_s=2.0)
    return problem, judge_file(path, problem, options)


@pytest.mark.slow
@pytest.mark.parametrize(("slug", "trick"), CASES)
def test_a_trick_does_not_make_slow_code_look_on_target(
    tmp_path: Path, sandbox_kind: SandboxKind, slug: str, trick: str
) -> None:
    path = _candidate(tmp_path, slug, trick)
    problem, report = _judge(path, slug, sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.ACCEPTED
    measured = task.complexity
    assert measured is not None and not measured.answers_changed, measured
    # Never on target, and never "too fast to tell" (what the tricks got when the worker timed
    # itself). On this shared machine a run may still end "too noisy to tell" rather than O(n^2).
    assert not measured.note.startswith("too fast"), measured.note
    on_target = measured.estimated is not None and not measured.slower_than_target
    assert not on_target, measured
    assert score_result(problem, path, report, None).score.complexity <= 10.0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("slug", "cheap"), [("gcd", 1), ("most_frequent_smallest", 0)], ids=["gcd", "mfs"]
)
def test_cheap_answers_only_when_timed_are_caught_and_score_nothing(
    tmp_path: Path, sandbox_kind: SandboxKind, slug: str, cheap: int
) -> None:
    path = _candidate(tmp_path, slug, CHEAP_WHEN_TIMED, cheap=cheap)
    problem, report = _judge(path, slug, sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.ACCEPTED  # untimed, it is the honest code
    measured = task.complexity
    assert measured is not None and measured.answers_changed, measured
    assert measured.estimated is None
    assert measured.note.startswith("not measured: the answers changed under measurement")
    result = score_result(problem, path, report, None)
    assert result.score.complexity == 0.0  # the honest O(n^2) code gets 0 too
    assert any("timed call answered otherwise" in advice.text for advice in result.losses)
