"""Complexity timings a candidate cannot forge, on both backends.

Each candidate below is an honest O(n^2) solution (a slow/ solution of its problem) with a trick
that made it read "on target" or "too fast to tell" when the worker timed its own calls: a
replaced timing function, an answer cached for repeated arguments, a cheap answer given only
when it sees it is timed, the work done in a helper thread or a forked child (waited for, or
reaped by the kernel unseen). Timed from outside the sandbox (the CPU time of its cgroup, which
counts every thread and process, reaped or not), on inputs that differ from call to call and
with every timed answer checked, each must still read slower than its target, or be caught
changing its answers (and score no better than the honest code).
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from judge.catalog.discovery import discover
from judge.report import Verdict
from judge.sessions.assess import score_result
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind
from sandbox.local import cpu_cgroup as local_cgroup
from sandbox.supervisor import TIMED_BATCH_LIMITS

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
_CHILD = """
    import os, signal

    IGNORE_CHILDREN

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
        REAP
        return int(b"".join(chunks))
"""
IN_A_CHILD = _CHILD.replace("IGNORE_CHILDREN", "").replace("REAP", "os.waitpid(pid, 0)")
# A child the kernel reaps unseen: no parent ever adds its time to anything /proc shows.
IN_AN_UNWAITED_CHILD = _CHILD.replace(
    "IGNORE_CHILDREN", "signal.signal(signal.SIGCHLD, signal.SIG_IGN)"
).replace("REAP", "del pid  # the kernel reaps it")
CHILD_TRICKS = (IN_A_CHILD, IN_AN_UNWAITED_CHILD)
ELSEWHERE_TRICKS = (IN_A_THREAD, *CHILD_TRICKS)
# The least slowdown (candidate / reference at the largest size) that shows the O(n^2) work was
# counted: the honest code reads 50x to 300x there.
SLOWDOWN_SEEN = 10.0

CASES = [
    pytest.param("gcd", FORGES_THE_CLOCK, id="gcd-forges-the-clock"),
    pytest.param("most_frequent_smallest", FORGES_THE_CLOCK, id="mfs-forges-the-clock"),
    pytest.param("gcd", CACHES_REPEATS, id="gcd-caches-repeated-arguments"),
    pytest.param("most_frequent_smallest", CACHES_REPEATS, id="mfs-caches-repeated-arguments"),
    pytest.param("gcd", IN_A_THREAD, id="gcd-in-a-helper-thread"),
    pytest.param("most_frequent_smallest", IN_A_THREAD, id="mfs-in-a-helper-thread"),
    pytest.param("gcd", IN_A_CHILD, id="gcd-in-a-forked-child"),
    pytest.param("most_frequent_smallest", IN_A_CHILD, id="mfs-in-a-forked-child"),
    pytest.param("gcd", IN_AN_UNWAITED_CHILD, id="gcd-in-a-child-the-kernel-reaps"),
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
    if trick in CHILD_TRICKS and sandbox_kind is SandboxKind.LOCAL and not local_cgroup.available():
        # Without a cgroup (not root), a reaped child's time shows only in /proc's 10 ms ticks,
        # and a batch lasts a few milliseconds: only a quarter of the wall time bounds it.
        pytest.xfail("local without a cgroup: a reaped child's CPU time is counted in ticks")
    path = _candidate(tmp_path, slug, trick)
    problem, report = _judge(path, slug, sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.ACCEPTED
    measured = task.complexity
    assert measured is not None and not measured.answers_changed, measured
    # The work is counted wherever it ran: at the largest size the O(n^2) code is far behind
    # the O(n) reference (about 1x was what hidden work read when the worker timed itself).
    assert measured.slowdown is not None and measured.slowdown > SLOWDOWN_SEEN, measured
    # Never on target. On this shared machine a run may still end "too noisy to tell".
    assert not measured.on_target, measured
    assert score_result(problem, path, report, None).score.complexity <= 10.0
    if trick in ELSEWHERE_TRICKS and measured.note.startswith("too fast"):
        # Known open (judge/complexity/fit.py, the statistical decision's): the fit takes each
        # side's time at the smallest sizes as overhead, and a thread or fork per call (50 us to
        # 1.5 ms, counted) makes that floor so high that under the 2 s budget and the 0.5 s call
        # cap only 3 sizes rise 3x clear of it: no class, and half the complexity points.
        pytest.xfail(f"the fit withholds a class over a per-call thread/fork: {measured.note}")
    assert not measured.note.startswith("too fast"), measured.note


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


# It has read the problem's timed-input generator: every value about twice, the smallest value
# the answer. Such a list it answers at once by its smallest value, anything else honestly. On
# inputs whose answer is drawn (one value a third time, not the smallest), that is caught.
READS_THE_INPUT_SHAPE = """
    def most_frequent_smallest(nums):
        if len(nums) >= 16 and max(nums) - min(nums) == (len(nums) + 1) // 2 - 1:
            return min(nums)
        return _honest(nums)
"""


@pytest.mark.slow
def test_an_answer_read_off_the_timed_inputs_shape_is_caught(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    slug = "most_frequent_smallest"
    path = _candidate(tmp_path, slug, READS_THE_INPUT_SHAPE)
    problem, report = _judge(path, slug, sandbox_kind)
    (task,) = report.tasks
    assert task.verdict is Verdict.ACCEPTED  # the shortcut never fires on the drawn inputs
    measured = task.complexity
    assert measured is not None and measured.answers_changed, measured
    assert score_result(problem, path, report, None).score.complexity == 0.0


# Correct, and fast on its first timed call (the probe that sizes the batches), then it stalls
# in every timed call: a batch's deadline must not grow with the calls the probe made it ask for.
STALLS_AFTER_THE_PROBE = """
    import sys, time

    _timed_calls = [0]

    def _timed():
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_locals.get("timed") is True:
                return True
            frame = frame.f_back
        return False

    def gcd(a, b):
        if _timed():
            _timed_calls[0] += 1
            if _timed_calls[0] > 1:
                {stall}
        while b:
            a, b = b, a % b
        return abs(a)
"""
# Beyond the complexity budget and one batch's deadline: killing and replacing the worker, and
# the correctness stage (a few seconds on this shared machine).
STALL_GRACE_S = 10.0


@pytest.mark.slow
@pytest.mark.parametrize(
    "stall", ["time.sleep(10**6)", "while True: pass"], ids=["sleeps", "spins"]
)
def test_a_fast_probe_then_a_stall_holds_the_judge_one_batch_deadline_at_most(
    tmp_path: Path, sandbox_kind: SandboxKind, stall: str
) -> None:
    path = tmp_path / "gcd.py"
    path.write_text(textwrap.dedent(STALLS_AFTER_THE_PROBE.format(stall=stall)))
    problem = next(problem for problem in discover().problems if problem.slug == "gcd")
    options = JudgeOptions(sandbox=sandbox_kind, examples=40, complexity_budget_s=2.0)
    started = time.monotonic()
    report = judge_file(path, problem, options)
    elapsed = time.monotonic() - started
    (task,) = report.tasks
    assert task.verdict is Verdict.ACCEPTED  # untimed, it is a right gcd
    measured = task.complexity
    assert measured is not None
    assert measured.note.endswith("stopped at n = 1: the candidate ran past the time limit there")
    batch_deadline = TIMED_BATCH_LIMITS * problem.limits.time_per_call_s
    assert elapsed < options.complexity_budget_s + batch_deadline + STALL_GRACE_S
