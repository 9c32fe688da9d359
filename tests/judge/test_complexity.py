"""Complexity: the class estimate on known timings, and on real solutions in real sandboxes.

Every slow/ solution of every problem must be flagged with its declared growth, every reference
must come out on its target, and the fixtures in tests/fixtures/complexity/ with theirs. Those
measure real code in the local sandbox (the Docker run is in benchmarks/complexity_style.py and
the done-when test below), so they are marked slow.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import math
import random
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from judge.authoring.expectations import read_expectation
from judge.catalog.discovery import discover
from judge.catalog.problem import Growth, Limits, Problem, Task
from judge.cli.app import app
from judge.complexity.fit import estimate_growth
from judge.complexity.measure import load_reference, measure_accepted, measure_complexity
from judge.errors import SandboxUnavailable
from judge.report import ComplexityReport, Hint, Report, TaskReport, Timing, Verdict
from judge.reports.json_report import report_to_dict
from judge.reports.terminal import judging
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxInfo, SandboxKind, SandboxLimits, Submission
from sandbox.local.backend import LocalSandbox

ROOT = Path(__file__).resolve().parents[2]
PROBLEMS = ROOT / "problems"
FIXTURES = ROOT / "tests" / "fixtures" / "complexity"
BUDGET_S = 2.0
CALL_CAP_S = 0.5

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "JUDGE_SANDBOX": ""})


# ---- the estimate, on timings made up from known cost functions --------------------------


def _timings(
    candidate: Callable[[int], float], reference: Callable[[int], float], sizes: Iterator[int]
) -> list[Timing]:
    return [Timing(size, candidate(size), reference(size)) for size in sizes]


def _doubling(top: int) -> Iterator[int]:
    size = 1
    while size <= top:
        yield size
        size *= 2


def _linear(n: int) -> float:
    return 1e-6 + 5e-8 * n  # a call's overhead, then 50 ns per element


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        pytest.param(_linear, Growth.LINEAR, id="same-as-reference"),
        pytest.param(lambda n: 3e-6 + 4e-7 * n, Growth.LINEAR, id="slower-constant-factor"),
        pytest.param(
            lambda n: 1e-6 + 5e-8 * n + 2e-11 * n * n, Growth.QUADRATIC, id="emerging-quadratic"
        ),
        pytest.param(
            lambda n: 1e-6 + 2e-8 * n * (1 + math.log2(n)), Growth.LINEARITHMIC, id="n-log-n"
        ),
        pytest.param(lambda n: 1e-6 + 1e-7 * n + 1e-12 * n**3, Growth.CUBIC, id="cubic"),
    ],
)
def test_the_class_of_known_costs(candidate: Callable[[int], float], expected: Growth) -> None:
    estimate = estimate_growth(_timings(candidate, _linear, _doubling(1 << 16)), Growth.LINEAR)
    assert estimate.estimated is expected
    assert estimate.confidence >= 0.9


def test_machine_speed_cancels() -> None:
    def quadratic(n: int) -> float:
        return 1e-6 + 1e-9 * n * n

    slow_machine = [
        Timing(t.size, 7 * t.candidate_s, 7 * t.reference_s)
        for t in _timings(quadratic, _linear, _doubling(1 << 14))
    ]
    assert estimate_growth(slow_machine, Growth.LINEAR).estimated is Growth.QUADRATIC


def test_big_int_cost_cancels_in_the_ratio() -> None:
    # Sizes are digits and every arithmetic step costs O(digits): the reference's O(d) steps
    # take O(d^2) time, the candidate's O(d^2) steps O(d^3). One factor of n behind: O(n^2).
    timings = _timings(lambda d: 1e-6 + 1e-9 * d**3, lambda d: 1e-6 + 1e-8 * d**2, _doubling(2048))
    assert estimate_growth(timings, Growth.LINEAR).estimated is Growth.QUADRATIC


def test_exponential_while_the_reference_stays_at_its_overhead() -> None:
    timings = [Timing(digits, 2e-7 * 10**digits, 3e-7) for digits in range(1, 8)]
    estimate = estimate_growth(timings, Growth.LINEAR)
    assert estimate.estimated is Growth.EXPONENTIAL
    assert "multiplies by ~10.2 per unit of size (n = 2..7)" in estimate.note


def test_exponential_from_few_sizes_before_the_call_cap() -> None:
    # Measured in CI (a trial-division gcd): steps of one digit, then the cap. The reference
    # rose just past its floor, so the joint fit had 4 sizes spanning 2x: too few to be sure.
    measured = [(1, 3.3e-07, 1.2e-07), (2, 7.6e-07, 2.0e-07), (4, 5.05e-05, 6.0e-07)]
    measured += [(6, 3.0e-03, 6.6e-07), (7, 4.28e-02, 9.5e-07), (8, 3.858e-01, 9.5e-07)]
    estimate = estimate_growth([Timing(*point) for point in measured], Growth.LINEAR)
    assert estimate.estimated is Growth.EXPONENTIAL
    assert estimate.note.startswith("the candidate's time multiplies by ~")


def test_a_clear_fit_on_too_few_sizes_says_why_it_is_withheld() -> None:
    slower = _timings(lambda n: 1.3 * _linear(n), _linear, iter([1, 2, 4, 128, 256, 384, 512]))
    estimate = estimate_growth(slower, Growth.LINEAR)
    assert estimate.estimated is None
    assert estimate.note == "too few sizes to be sure (n = 128..512, 4 sizes): O(n) fits best"


def test_too_fast_to_tell_says_so() -> None:
    timings = [Timing(size, 2e-7, 2e-7) for size in _doubling(1 << 10)]
    estimate = estimate_growth(timings, Growth.LINEAR)
    assert estimate.estimated is None
    assert estimate.note.startswith("too fast to tell: at n = 1024 a call took 0.2 us")


def test_too_noisy_to_tell_says_so() -> None:
    noise = random.Random(5)
    timings = [
        Timing(t.size, t.candidate_s * noise.uniform(0.3, 3.0), t.reference_s)
        for t in _timings(_linear, _linear, _doubling(1 << 16))
    ]
    estimate = estimate_growth(timings, Growth.LINEAR)
    assert estimate.estimated is None
    assert estimate.note.startswith(("too noisy to tell", "inconclusive"))


def test_too_few_sizes_is_no_estimate() -> None:
    estimate = estimate_growth(_timings(_linear, _linear, iter([1, 2])), Growth.LINEAR)
    assert (estimate.estimated, estimate.note) == (None, "only 2 sizes could be measured")


# ---- real solutions in the local sandbox --------------------------------------------------


def _problems() -> dict[str, Problem]:
    return {problem.slug: problem for problem in discover().problems}


def _defined(source: str) -> set[str]:
    return {
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }


def _shuffled(task: Task) -> Task:
    """The task with its worst-case list shuffled (seeded): sorting no longer gets a free run."""

    def make_input(size: int) -> tuple[list[int]]:
        (nums,) = task.make_input(size)
        shuffled = list(nums)
        random.Random(size).shuffle(shuffled)
        return (shuffled,)

    return dataclasses.replace(task, make_input=make_input)


def _cases() -> Iterator[object]:
    """(slug, path, task name, expected class, shuffle the input) for every known solution."""
    problems = _problems()
    for path in sorted(PROBLEMS.glob("*/slow/*.py")):
        slug = path.parents[1].name
        for task in problems[slug].tasks:
            if task.name in _defined(path.read_text()):
                growth = read_expectation(path).growth
                yield pytest.param(
                    slug, path, task.name, growth, False, id=f"{slug}/slow/{path.name}"
                )
    for path in sorted(PROBLEMS.glob("*/reference.py")):
        slug = path.parent.name
        for task in problems[slug].tasks:
            yield pytest.param(
                slug, path, task.name, task.target, False, id=f"{slug}/reference/{task.name}"
            )
    for path in sorted(FIXTURES.glob("*/*.py")):
        slug = path.parent.name
        for task in problems[slug].tasks:
            if task.name in _defined(path.read_text()):
                growth = read_expectation(path).growth
                yield pytest.param(
                    slug,
                    path,
                    task.name,
                    growth,
                    False,
                    id=f"fixture/{slug}/{path.name}/{task.name}",
                )
    for path in sorted(FIXTURES.glob("shuffled/*/*.py")):
        slug = path.parent.name
        growth = read_expectation(path).growth
        yield pytest.param(
            slug,
            path,
            problems[slug].main_task.name,
            growth,
            True,
            id=f"shuffled/{slug}/{path.name}",
        )


@pytest.mark.slow
@pytest.mark.timing
@pytest.mark.parametrize(("slug", "path", "task_name", "expected", "shuffle"), list(_cases()))
def test_measured_class(
    slug: str, path: Path, task_name: str, expected: Growth, shuffle: bool
) -> None:
    problem = _problems()[slug]
    task = problem.task(task_name)
    if shuffle:
        task = _shuffled(task)
    limits = SandboxLimits(time_per_call_s=problem.limits.time_per_call_s)
    with LocalSandbox(limits) as candidate, LocalSandbox(limits) as reference:
        candidate.load(Submission(path.name, path.read_bytes()))
        load_reference(problem, reference)
        report = measure_complexity(
            task, candidate, reference, budget_s=BUDGET_S, call_cap_s=CALL_CAP_S
        )
    measured = [(t.size, t.candidate_s, t.reference_s) for t in report.timings]
    assert report.reads_as(expected), f"{report.note}; confidence {report.confidence}; {measured}"
    assert report.target is task.target
    assert report.slowdown is not None and report.timings


# ---- measuring within the engine: only accepted tasks, and failures that do not crash ------


def _double(n: int) -> int:
    return 2 * n


def _toy_problem(tmp_path: Path, reference_source: str) -> Problem:
    (tmp_path / "spec.md").write_text("# double\n")
    (tmp_path / "reference.py").write_text(reference_source)
    task = Task(
        name="double_all",
        params=("nums",),
        reference=lambda nums: [2 * n for n in nums],
        arguments=st.tuples(st.lists(st.integers())),
        target=Growth.LINEAR,
        make_input=lambda size: (list(range(size)),),
        size_unit="length",
    )
    return Problem(
        slug="double_all",
        title="Double all",
        spec_path=tmp_path / "spec.md",
        tasks=(task,),
        limits=Limits(time_per_call_s=0.5),
    )


REFERENCE = "def double_all(nums):\n    return [2 * n for n in nums]\n"


@pytest.mark.parametrize(
    ("candidate_source", "stopped"),
    [
        pytest.param(
            """
            def double_all(nums):
                if len(nums) > 64:
                    raise ValueError("too long")
                return [2 * n for n in nums]
            """,
            "stopped at n = 128: the candidate raised ValueError there",
            id="raises",
        ),
        pytest.param(
            """
            import time

            def double_all(nums):
                if len(nums) > 64:
                    time.sleep(30)
                return [2 * n for n in nums]
            """,
            "stopped at n = 128: the candidate ran past the time limit there",
            id="times-out",
        ),
    ],
)
def test_a_failing_call_stops_growing_without_crashing(
    tmp_path: Path, candidate_source: str, stopped: str
) -> None:
    problem = _toy_problem(tmp_path, REFERENCE)
    limits = SandboxLimits(time_per_call_s=0.5)
    with LocalSandbox(limits) as candidate, LocalSandbox(limits) as reference:
        candidate.load(Submission("double_all.py", textwrap.dedent(candidate_source).encode()))
        load_reference(problem, reference)
        # More than BUDGET_S: the run must reach the failing size (past n = 64) on a loaded
        # machine to test the stop at all; the budget's own stop is tested elsewhere.
        report = measure_complexity(
            problem.main_task, candidate, reference, budget_s=3 * BUDGET_S, call_cap_s=CALL_CAP_S
        )
    # The step after 64 is the one that fails; how the sizes below it were stepped depends on
    # the timings (smaller steps where the time climbs steeply).
    sizes = [t.size for t in report.timings]
    first_failing = int(report.note.rsplit("stopped at n = ", 1)[1].split(":")[0])
    assert report.note.endswith(stopped.split(": ", 1)[1])
    assert sizes == sorted(sizes) and sizes[0] == 1 and sizes[-1] <= 64 < first_failing


def test_only_accepted_tasks_are_measured(tmp_path: Path) -> None:
    problem = _toy_problem(tmp_path, REFERENCE)
    accepted = TaskReport("double_all", Verdict.ACCEPTED, 10)
    wrong = dataclasses.replace(accepted, verdict=Verdict.WRONG_ANSWER)
    source = "def double_all(nums):\n    return [n for n in nums for _ in nums][: len(nums)]\n"
    with LocalSandbox(SandboxLimits()) as candidate:
        candidate.load(Submission("double_all.py", source.encode()))
        opened: list[str] = []

        def open_reference() -> LocalSandbox:
            opened.append("reference")
            return LocalSandbox(SandboxLimits())

        assert measure_accepted(
            problem, (wrong,), candidate, source, budget_s=0.5, open_reference=open_reference
        ) == (wrong,)
        assert opened == []  # nothing accepted: no reference worker at all
        (measured,) = measure_accepted(
            problem, (accepted,), candidate, source, budget_s=0.5, open_reference=open_reference
        )
    assert opened == ["reference"]
    assert measured.complexity is not None
    assert measured.complexity.timings


def test_an_unavailable_reference_worker_is_a_note_not_a_failure(tmp_path: Path) -> None:
    problem = _toy_problem(tmp_path, REFERENCE)
    accepted = TaskReport("double_all", Verdict.ACCEPTED, 10)
    source = textwrap.dedent(
        """
        def double_all(nums):
            out = []
            for n in nums:
                out.insert(0, 2 * n)
            return out[::-1]
        """
    )

    def open_reference() -> LocalSandbox:
        raise SandboxUnavailable("no worker could start")

    with LocalSandbox(SandboxLimits()) as candidate:
        (measured,) = measure_accepted(
            problem, (accepted,), candidate, source, budget_s=0.5, open_reference=open_reference
        )
    assert measured.complexity == ComplexityReport(
        target=Growth.LINEAR,
        estimated=None,
        confidence=0.0,
        size_unit="length",
        timings=(),
        slowdown=None,
        note="not measured: no worker could start",
        hints=(
            Hint(
                line=5,
                what="`out.insert(0, 2 * n)` inside the loop over the input (line 4)",
                why="inserting at the front shifts every element: O(n) per insert "
                "(collections.deque.appendleft is O(1))",
                rule="insert-front",
            ),
        ),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    # A wrong/ file that is right but breaks a rule of the spec is Accepted: not one of these.
    [p for p in sorted(PROBLEMS.glob("*/wrong/*.py")) if not read_expectation(p).breaks],
    ids=lambda p: f"{p.parents[1].name}/{p.name}",
)
def test_a_wrong_task_gets_no_complexity_verdict(path: Path) -> None:
    problem = _problems()[path.parents[1].name]
    options = JudgeOptions(sandbox=SandboxKind.LOCAL, examples=60, complexity_budget_s=0.5)
    report = judge_file(path, problem, options)
    assert report.verdict is not Verdict.ACCEPTED
    for task in report.tasks:
        assert (task.complexity is not None) == (task.verdict is Verdict.ACCEPTED), task.task


# ---- done when: judge submit on the quadratic most_frequent_smallest ---------------------


@pytest.fixture
def quadratic_solution(tmp_path: Path) -> Path:
    source = (PROBLEMS / "most_frequent_smallest" / "slow" / "count_every_element.py").read_text()
    path = tmp_path / "most_frequent_smallest.py"
    path.write_text("".join(line for line in source.splitlines(True) if not line.startswith("#")))
    return path


@pytest.mark.slow
@pytest.mark.timing
def test_done_when_submit_flags_the_quadratic_solution(
    quadratic_solution: Path, sandbox_kind: SandboxKind
) -> None:
    args = ["submit", str(quadratic_solution), "--sandbox", sandbox_kind.value, "--examples", "50"]
    result = runner.invoke(app, [*args, "--show-reference"])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    headline = "  ⚠ most_frequent_smallest: O(n^2), target O(n) (confidence "
    assert any(line.startswith(headline) for line in lines), result.stdout
    assert "      correct, but slower than the target" in lines
    assert (
        "      likely cause, line 5: `nums.count(num)` inside the loop over the input (line 4)"
        in lines
    )
    review = lines[
        lines.index("Review  style 9.5/10 (max cyclomatic complexity 5, maintainability 67/100)") :
    ]
    assert review[:5] == [
        "Review  style 9.5/10 (max cyclomatic complexity 5, maintainability 67/100)",
        "  Strengths",
        "    • Clear names: descriptive, PEP 8 style, no builtin shadowed.",
        "    • Small, simple functions (highest cyclomatic complexity 5).",
        "    • Clean under the linters: no finding from pyflakes, pycodestyle, bugbear, pylint and "
        "the rest.",
    ]
    assert "    • line 1: no docstring on `most_frequent_smallest`" in review
    assert "  Revised example (the reference solution)" in review
    assert lines[-1] == "Verdict: Accepted"

    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    (task,) = data["tasks"]
    assert task["verdict"] == "accepted"
    assert task["complexity"]["estimated"] == "O(n^2)"
    assert task["complexity"]["target"] == "O(n)"
    assert task["complexity"]["slower_than_target"] is True
    assert [(h["rule"], h["line"], h["confirmed"]) for h in task["complexity"]["hints"]] == [
        ("count-in-loop", 5, True)
    ]
    assert data["style"]["score"] == 9.5


@pytest.mark.slow
def test_no_complexity_no_style_and_no_reference_for_a_wrong_answer(tmp_path: Path) -> None:
    path = tmp_path / "gcd.py"
    path.write_text("def gcd(a, b):\n    return a % b if b else a\n")
    result = runner.invoke(
        app, ["submit", str(path), "--sandbox", "local", "--examples", "30", "--show-reference"]
    )
    assert result.exit_code == 1
    assert "Complexity" not in result.stdout
    assert "Revised example" not in result.stdout
    assert "Review  style" in result.stdout  # style reviews any file that parses

    good = tmp_path / "good.py"
    good.write_text("def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n")
    quick = ["submit", str(good), "--problem", "gcd", "--sandbox", "local", "--examples", "30"]
    data = json.loads(
        runner.invoke(app, [*quick, "--no-complexity", "--no-style", "--json"]).stdout
    )
    assert (data["tasks"][0]["complexity"], data["style"]) == (None, None)
    data = json.loads(runner.invoke(app, [*quick, "--complexity-budget", "0.5", "--json"]).stdout)
    assert data["tasks"][0]["complexity"]["target"] == "O(n)"


# ---- rendering and JSON of a made-up measurement ------------------------------------------

MEASURED = ComplexityReport(
    target=Growth.LINEAR,
    estimated=Growth.QUADRATIC,
    confidence=0.98,
    size_unit="length",
    timings=(Timing(1024, 0.002, 0.00005), Timing(2048, 0.008, 0.0001)),
    slowdown=80.0,
    note="fitted on n = 1024..2048, 2 sizes",
    hints=(Hint(5, "`nums.count(num)` inside the loop", "O(n) per call", True, "count-in-loop"),),
)
UNCLEAR = dataclasses.replace(
    MEASURED, estimated=None, confidence=0.4, note="too fast to tell", hints=()
)


def _report(*tasks: TaskReport) -> Report:
    return Report(
        problem="most_frequent_smallest",
        file="mfs.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=0,
        verdict=Verdict.ACCEPTED,
        tasks=tasks,
        missing_tasks=(),
        duration_s=1.0,
    )


def test_the_complexity_section_reads_as_a_warning() -> None:
    report = _report(
        TaskReport("most_frequent_smallest", Verdict.ACCEPTED, 200, complexity=MEASURED),
        TaskReport("follow_up", Verdict.ACCEPTED, 200, complexity=UNCLEAR),
    )
    out = io.StringIO()
    judging.report(Console(file=out, width=100, color_system=None), report)
    text = out.getvalue()
    section = text[text.index("Complexity") : text.index("Verdict:")]
    assert [line.rstrip() for line in section.splitlines()] == [
        "Complexity",
        "  ⚠ most_frequent_smallest: O(n^2), target O(n) (confidence 0.98)",
        "      correct, but slower than the target",
        "      80x slower than the reference at n = 2,048 (length)",
        "      likely cause, line 5: `nums.count(num)` inside the loop",
        "        O(n) per call",
        "  ? follow_up: could not tell (target O(n))",
        "      too fast to tell",
    ]


def test_the_complexity_json() -> None:
    task = TaskReport("most_frequent_smallest", Verdict.ACCEPTED, 200, complexity=MEASURED)
    assert report_to_dict(_report(task))["tasks"][0]["complexity"] == {
        "target": "O(n)",
        "estimated": "O(n^2)",
        "estimated_upper": None,
        "slower_than_target": True,
        "on_target": False,
        "confidence": 0.98,
        "size_unit": "length",
        "timings": [
            {"size": 1024, "candidate_s": 0.002, "reference_s": 5e-05, "ratio": 40.0},
            {"size": 2048, "candidate_s": 0.008, "reference_s": 0.0001, "ratio": 80.0},
        ],
        "slowdown": 80.0,
        "slowdown_at_size": 2048,
        "note": "fitted on n = 1024..2048, 2 sizes",
        "answers_changed": False,
        "hints": [
            {
                "rule": "count-in-loop",
                "line": 5,
                "what": "`nums.count(num)` inside the loop",
                "why": "O(n) per call",
                "confirmed": True,
            }
        ],
    }
