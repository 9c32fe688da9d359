"""The engine's stages on small problems defined here, through the real local sandbox.

The shipped problems' solutions are judged in test_engine_solutions.py; these tests pin down
one behaviour each, with problems simple enough that the minimal counterexample is obvious.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import strategies as st

from judge.check import MATCHES_REFERENCE
from judge.engine import judge_submission
from judge.files import judge_file
from judge.model import Report, Verdict
from judge.problem import Example, Growth, Limits, Problem, Property, Task, TaskKind
from judge.settings import JudgeOptions
from judge.submission import read_submission
from sandbox.base import CallRequest, CallResult, Opaque, SandboxKind
from sandbox.local import LocalSandbox

# Generous per call: a loaded CI machine must not turn a slow start into a timeout.
LIMITS = Limits(time_per_call_s=2.0, memory_mb=128, output_bytes=4096, judge_budget_s=30.0)
SHORT_CALLS = Limits(time_per_call_s=0.5, memory_mb=128, output_bytes=4096, judge_budget_s=30.0)
OPTIONS = JudgeOptions(sandbox=SandboxKind.LOCAL, examples=60, complexity=False, style=False)


def _double(n: int) -> int:
    return 2 * n


def _halve(n: int) -> int:
    if n % 2:
        raise ValueError("odd")
    return n // 2


def _is_even(args: tuple[int, ...], answer: object) -> bool:
    return type(answer) is int and answer % 2 == 0


def _at_least_n(args: tuple[int, ...], answer: object) -> bool:
    return type(answer) is int and answer >= args[0]


DOUBLE = Task(
    name="double",
    params=("n",),
    reference=_double,
    arguments=st.tuples(st.integers(min_value=0, max_value=1000)),
    target=Growth.CONSTANT,
    make_input=lambda size: (size,),
    examples=(Example(args=(3,), expected=6),),
    properties=(Property("is even", _is_even), Property("is at least n", _at_least_n)),
)
HALVE = Task(
    name="halve",
    params=("n",),
    reference=_halve,
    arguments=st.tuples(st.integers(min_value=0, max_value=500).map(lambda n: 2 * n)),
    target=Growth.CONSTANT,
    make_input=lambda size: (2 * size,),
    examples=(Example(args=(4,), expected=2), Example(args=(3,), raises=ValueError)),
    required=False,
)


class _Tally:
    """Reference for the class task: add numbers, read the total."""

    def __init__(self, start: int) -> None:
        self.total = start

    def add(self, amount: int) -> None:
        self.total += amount

    def read(self) -> int:
        return self.total


_operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.tuples(st.integers(min_value=0, max_value=9))),
        st.tuples(st.just("read"), st.just(())),
    ),
    max_size=8,
).map(tuple)

TALLY = Task(
    name="Tally",
    params=("start",),
    reference=_Tally,
    arguments=st.tuples(st.tuples(st.integers(min_value=0, max_value=9)), _operations),
    target=Growth.CONSTANT,
    make_input=lambda size: ((0,), (("add", (1,)),) * size),
    kind=TaskKind.CLASS,
    methods=("add", "read"),
)


def _problem(*tasks: Task, limits: Limits = LIMITS) -> Problem:
    return Problem("numbers", "Numbers", Path(__file__), tasks, limits)


NUMBERS = _problem(DOUBLE, HALVE)


def _judge(
    tmp_path: Path, source: str, problem: Problem = NUMBERS, options: JudgeOptions = OPTIONS
) -> Report:
    path = tmp_path / "solution.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return judge_file(path, problem, options)


CORRECT = """
def double(n):
    return 2 * n

def halve(n):
    if n % 2:
        raise ValueError("odd")
    return n // 2
"""


def test_correct_solution_is_accepted_on_every_task(tmp_path: Path) -> None:
    report = _judge(tmp_path, CORRECT)
    assert report.verdict is Verdict.ACCEPTED
    assert [(t.task, t.verdict, t.counterexample) for t in report.tasks] == [
        ("double", Verdict.ACCEPTED, None),
        ("halve", Verdict.ACCEPTED, None),
    ]
    assert report.tasks[0].examples_run > OPTIONS.examples // 2
    assert report.missing_tasks == ()
    assert report.problem == "numbers"
    assert report.file == "solution.py"
    assert report.seed == 0
    assert report.sandbox.kind is SandboxKind.LOCAL
    assert report.load_error is None
    assert 0 < report.duration_s < 10


def test_wrong_answer_is_shrunk_to_the_minimal_input(tmp_path: Path) -> None:
    report = _judge(tmp_path, "def double(n):\n    return 2 * n if n < 10 else 3 * n\n")
    assert report.verdict is Verdict.WRONG_ANSWER
    (task,) = report.tasks
    assert task.verdict is Verdict.WRONG_ANSWER
    example = task.counterexample
    assert example is not None
    assert (example.args, example.expected, example.actual) == ((10,), 20, 30)
    assert example.broken_property == MATCHES_REFERENCE
    assert example.error is None
    assert report.missing_tasks == ("halve",)


def test_the_first_broken_property_is_named(tmp_path: Path) -> None:
    report = _judge(tmp_path, "def double(n):\n    return 2 * n + 1 if n > 4 else 2 * n\n")
    example = report.tasks[0].counterexample
    assert example is not None
    assert (example.args, example.actual, example.broken_property) == ((5,), 11, "is even")


def test_the_same_seed_gives_the_same_counterexample(tmp_path: Path) -> None:
    source = "def double(n):\n    return 2 * n if n % 7 != 3 else 0\n"
    first = _judge(tmp_path, source).tasks[0].counterexample
    again = _judge(tmp_path, source).tasks[0].counterexample
    assert first == again
    assert first is not None and first.args[0] % 7 == 3


@pytest.mark.parametrize(
    ("returned", "actual"),
    [
        ("n == 0 or 2 * n", True),  # bool is not int: double(0) answers True
        ("float(2 * n)", 0.0),
        ("[2 * n]", [0]),
        ("(x for x in [2 * n])", Opaque("generator")),
        ("None", None),
    ],
)
def test_answers_of_the_wrong_type_are_wrong(tmp_path: Path, returned: str, actual: object) -> None:
    report = _judge(tmp_path, f"def double(n):\n    return {returned}\n")
    example = report.tasks[0].counterexample
    assert report.verdict is Verdict.WRONG_ANSWER
    assert example is not None
    assert (example.args, example.expected, example.actual) == ((0,), 0, actual)
    assert example.broken_property == "is even"


def test_an_exception_is_a_runtime_error_with_the_candidates_traceback(tmp_path: Path) -> None:
    report = _judge(tmp_path, "def double(n):\n    return 2 * n + 0 // (n % 2)\n")
    example = report.tasks[0].counterexample
    assert report.verdict is Verdict.RUNTIME_ERROR
    assert example is not None and example.error is not None
    assert example.args == (0,)  # every even n fails; the spec's 3 does not
    assert (example.error.type_name, example.error.message) == (
        "ZeroDivisionError",
        "integer division or modulo by zero",
    )
    assert example.error.traceback == (
        '  File "solution.py", line 2, in double',
        "    return 2 * n + 0 // (n % 2)",
    )


def test_what_the_candidate_printed_during_the_failing_call_is_kept(tmp_path: Path) -> None:
    source = """
    import sys
    def double(n):
        print("[red]doubling[/red]", n)
        print("oops", file=sys.stderr)
        return 2 * n if n < 3 else 0
    """
    example = _judge(tmp_path, source).tasks[0].counterexample
    assert example is not None
    assert example.args == (3,)
    assert (example.stdout, example.stderr) == ("[red]doubling[/red] 3\n", "oops\n")


def test_a_spec_example_that_must_raise(tmp_path: Path) -> None:
    returns = _judge(tmp_path, CORRECT.replace('raise ValueError("odd")', "return 0"))
    halve = returns.tasks[1]
    assert halve.verdict is Verdict.WRONG_ANSWER
    assert halve.counterexample is not None
    assert halve.counterexample.args == (3,)
    assert (
        halve.counterexample.detail == "expected ValueError to be raised, but it returned a value"
    )
    other = _judge(tmp_path, CORRECT.replace('raise ValueError("odd")', "raise TypeError"))
    assert other.tasks[1].verdict is Verdict.WRONG_ANSWER
    assert other.tasks[1].counterexample is not None
    assert other.tasks[1].counterexample.error is not None
    assert other.tasks[1].counterexample.error.type_name == "TypeError"


def test_a_builtin_subclass_of_the_expected_exception_is_accepted(tmp_path: Path) -> None:
    # UnicodeDecodeError subclasses ValueError; the sandbox reports it by name only.
    source = CORRECT.replace('raise ValueError("odd")', 'b"\\xff".decode()')
    assert _judge(tmp_path, source).tasks[1].verdict is Verdict.ACCEPTED


def test_answers_that_differ_for_the_same_input_are_nondeterministic(tmp_path: Path) -> None:
    # Wrong the first time it sees an input, right after that: Hypothesis's replay passes.
    source = """
    seen = set()
    def double(n):
        if n in seen:
            return 2 * n
        seen.add(n)
        return -1
    """
    report = _judge(tmp_path, source)
    (task,) = report.tasks
    assert report.verdict is Verdict.NONDETERMINISTIC
    assert task.counterexample is not None
    assert task.counterexample.actual == -1
    assert task.counterexample.detail == (
        "gave a different result when called again with the same input"
    )


@pytest.mark.slow
def test_a_timeout_ends_shrinking_and_shows_the_input(tmp_path: Path) -> None:
    started = time.monotonic()
    source = "def double(n):\n    while n > 500:\n        pass\n    return 2 * n\n"
    report = _judge(tmp_path, source, _problem(DOUBLE, limits=SHORT_CALLS))
    elapsed = time.monotonic() - started
    (task,) = report.tasks
    assert report.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert task.counterexample is not None
    assert task.counterexample.args[0] > 500
    assert task.counterexample.detail == "no reply within 0.5 s"
    # At most the first timeout and one while shrinking, each one time limit plus a restart.
    assert elapsed < 5
    assert task.note in (
        "",
        "shrinking stopped early to bound judging time: this is the smallest failing input found",
    )


@pytest.mark.slow
def test_the_time_budget_bounds_a_slow_but_correct_solution(tmp_path: Path) -> None:
    problem = _problem(DOUBLE, limits=Limits(time_per_call_s=2.0, judge_budget_s=1.5))
    started = time.monotonic()
    source = "import time\ndef double(n):\n    time.sleep(0.05)\n    return 2 * n\n"
    report = _judge(tmp_path, source, problem)
    elapsed = time.monotonic() - started
    (task,) = report.tasks
    # Not shown correct for want of budget: never Accepted.
    assert task.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert 5 < task.examples_run < OPTIONS.examples
    generated = task.examples_run - len(DOUBLE.examples)
    assert task.note == f"the time budget ran out after {generated} generated inputs"
    assert task.counterexample is not None and task.counterexample.over_budget
    assert elapsed < 1.5 + 0.1 + 2  # the budget, one call, and starting the worker


def test_output_and_memory_limits(tmp_path: Path) -> None:
    printing = _judge(tmp_path, "def double(n):\n    print('x' * 10_000)\n    return 2 * n\n")
    assert printing.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    hungry = _judge(tmp_path, "def double(n):\n    return len([0] * 10**9)\n")
    assert hungry.verdict is Verdict.MEMORY_LIMIT_EXCEEDED
    for report in (printing, hungry):
        assert report.tasks[0].counterexample is not None
        assert report.tasks[0].counterexample.args == (0,)


def test_exiting_inside_a_call_is_a_runtime_error(tmp_path: Path) -> None:
    report = _judge(tmp_path, "import os\ndef double(n):\n    os._exit(3)\n")
    example = report.tasks[0].counterexample
    assert report.verdict is Verdict.RUNTIME_ERROR
    assert example is not None and "3" in example.detail


@pytest.mark.parametrize(
    ("source", "verdict", "error_type"),
    [
        ("def double(n)\n    return n\n", Verdict.SYNTAX_ERROR, "SyntaxError"),
        ("import no_such_module\n", Verdict.RUNTIME_ERROR, "ModuleNotFoundError"),
        ("raise ValueError('at import')\n", Verdict.RUNTIME_ERROR, "ValueError"),
    ],
)
def test_a_file_that_does_not_load(
    tmp_path: Path, source: str, verdict: Verdict, error_type: str
) -> None:
    report = _judge(tmp_path, source)
    assert report.verdict is verdict
    assert [(t.task, t.verdict, t.examples_run) for t in report.tasks] == [("double", verdict, 0)]
    assert report.load_error is not None
    assert report.load_error.type_name == error_type


def test_missing_main_task_still_judges_the_follow_ups(tmp_path: Path) -> None:
    source = CORRECT.replace("def double(n):", "def twice(n):")
    report = _judge(tmp_path, source)
    assert report.verdict is Verdict.MISSING_FUNCTION
    assert [(t.task, t.verdict) for t in report.tasks] == [
        ("double", Verdict.MISSING_FUNCTION),
        ("halve", Verdict.ACCEPTED),
    ]
    assert (
        report.tasks[0].note == "the file does not define 'double': define the function double(n)"
    )


@pytest.mark.parametrize(
    ("definition", "note"),
    [
        (
            "def double(n, m):",
            "double(n, m) takes 2 parameters; the task is the function double(n)",
        ),
        ("def double():", "double() takes 0 parameters; the task is the function double(n)"),
        (
            "class double:\n    def __init__(self, n):",
            "'double' is a class, but the task is the function double(n)",
        ),
    ],
)
def test_wrong_shape_is_a_missing_function(tmp_path: Path, definition: str, note: str) -> None:
    report = _judge(
        tmp_path,
        f"{definition}\n        pass\n" if "class" in definition else f"{definition}\n    pass\n",
    )
    assert report.verdict is Verdict.MISSING_FUNCTION
    assert report.tasks[0].note == note
    assert report.tasks[0].examples_run == 0


def test_a_reference_that_fails_is_an_internal_error_not_the_candidates(tmp_path: Path) -> None:
    broken = Task(
        name="double",
        params=("n",),
        reference=lambda n: 1 // 0,
        arguments=st.tuples(st.integers(0, 10)),
        target=Growth.CONSTANT,
        make_input=lambda size: (size,),
    )
    report = _judge(tmp_path, CORRECT, _problem(broken))
    assert report.verdict is Verdict.INTERNAL_ERROR
    assert report.tasks[0].counterexample is None
    assert report.tasks[0].note.startswith("the reference for 'double' raised ZeroDivisionError")


TALLY_PROBLEM = _problem(TALLY)


def test_a_class_task_is_driven_by_operations(tmp_path: Path) -> None:
    correct = """
    class Tally:
        def __init__(self, start):
            self.total = start
        def add(self, amount):
            self.total += amount
        def read(self):
            return self.total
    """
    assert _judge(tmp_path, correct, TALLY_PROBLEM).verdict is Verdict.ACCEPTED
    forgets_start = correct.replace("self.total = start", "self.total = 0")
    report = _judge(tmp_path, forgets_start, TALLY_PROBLEM)
    (task,) = report.tasks
    assert task.kind is TaskKind.CLASS
    assert task.verdict is Verdict.WRONG_ANSWER
    assert task.counterexample is not None
    assert task.counterexample.args == ((1,), (("read", ()),))
    assert (task.counterexample.expected, task.counterexample.actual) == ([1], [0])
    assert task.counterexample.detail == "operation 1, read(), answered differently"


def test_hypothesis_prints_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    _judge(tmp_path, "def double(n):\n    return 0\n")
    assert capfd.readouterr() == ("", "")


def test_judge_submission_uses_the_callers_sandbox(tmp_path: Path) -> None:
    path = tmp_path / "solution.py"
    path.write_text(CORRECT, encoding="utf-8")
    with LocalSandbox(LIMITS.for_sandbox(), reason="held by the caller") as sandbox:
        first = judge_submission(read_submission(path), NUMBERS, OPTIONS, sandbox)
        second = judge_submission(read_submission(path), NUMBERS, OPTIONS, sandbox)
    assert first.verdict is second.verdict is Verdict.ACCEPTED
    assert first.sandbox.reason == "held by the caller"


class _CpuRecordingSandbox(LocalSandbox):
    """Records, at every call, the CPUs the calling thread and the worker may run on."""

    def __init__(self) -> None:
        super().__init__(LIMITS.for_sandbox(), reason="recording CPUs")
        self.seen: list[tuple[frozenset[int], frozenset[int]]] = []

    def call(self, request: CallRequest) -> CallResult:
        result = super().call(request)
        assert self.worker_pid is not None
        caller = frozenset(os.sched_getaffinity(0))
        self.seen.append((caller, frozenset(os.sched_getaffinity(self.worker_pid))))
        return result


@pytest.mark.parametrize("cpu", [None, max(os.sched_getaffinity(0))], ids=["current", "given"])
def test_the_judging_thread_and_the_worker_share_one_cpu(tmp_path: Path, cpu: int | None) -> None:
    path = tmp_path / "solution.py"
    path.write_text(CORRECT, encoding="utf-8")
    allowed = os.sched_getaffinity(0)
    with _CpuRecordingSandbox() as sandbox:
        report = judge_submission(
            read_submission(path), NUMBERS, replace(OPTIONS, cpu=cpu), sandbox
        )
    assert report.verdict is Verdict.ACCEPTED
    assert len(sandbox.seen) > OPTIONS.examples
    (shared,) = set(sandbox.seen)  # the same pair at every call ...
    assert shared[0] == shared[1] and len(shared[0]) == 1  # ... one CPU, the same for both
    assert cpu is None or shared[0] == {cpu}
    assert os.sched_getaffinity(0) == allowed  # the thread is free again afterwards


FREEZE_COUNTS = """
import gc, sys
from pathlib import Path
from judge.discovery import discover, find_problem
from judge.files import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

gcd = find_problem(discover(), "gcd")
options = JudgeOptions(sandbox=SandboxKind.LOCAL, examples=20, complexity=False, style=False)
counts = [gc.get_freeze_count()]
for _ in range(2):
    assert judge_file(gcd.package_dir / "reference.py", gcd, options).verdict.value == "accepted"
    garbage = [[]]
    garbage[0].append(garbage)  # a cycle made between judgings: the next must not freeze it
    del garbage
    counts.append(gc.get_freeze_count())
print(counts)
"""


def test_only_the_first_judging_of_a_process_freezes_the_heap() -> None:
    # What is loaded then lives as long as the process; a second freeze would pin the garbage
    # of every judging before it, for good, in a long practice session.
    finished = subprocess.run(
        [sys.executable, "-c", FREEZE_COUNTS], capture_output=True, text=True, check=True
    )
    before, after_first, after_second = ast.literal_eval(finished.stdout.strip())
    assert before == 0
    assert after_first > 1000  # the modules, the problem set, Hypothesis
    assert after_second == after_first
