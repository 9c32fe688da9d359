"""The complexity and style stages: time per problem, and how often the class comes out right.

    python benchmarks/complexity_style.py [--runs 3] [--backend local|docker] [--budget 2.0]

For every problem's reference and slow/ solutions (written by the problem authors, not by the
complexity code's author) and every fixture in tests/fixtures/complexity/ (which were), each run:

- **complexity**: a candidate worker and a reference worker of the backend are opened and loaded,
  then judge.complexity.measure.measure_complexity runs on each task the file defines, within the
  budget; the time printed is the measurement alone (opening the two workers is printed apart);
- **style**: judge.style.review.review_style on the file (ruff as a subprocess, then radon).

The estimated class is compared with the expected one (ComplexityReport.reads_as): a
reference's task target, or the ``# growth:`` header of a slow/ or fixture file. An estimate
withheld ("could not tell") counts as wrong. The summary prints the accuracy over the authors'
solutions (the figure that matters) and over everything, and the median time of each stage.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from judge.authoring.expectations import read_expectation
from judge.catalog.discovery import discover
from judge.catalog.problem import Growth, Problem, Task
from judge.complexity.measure import load_reference, measure_complexity
from judge.style.review import review_style
from sandbox.base import Sandbox, SandboxLimits, Submission

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "complexity"
CALL_CAP_S = 0.5


@dataclass(frozen=True, slots=True)
class Case:
    """One solution file to measure, against one problem, and where it comes from."""

    problem: Problem
    path: Path
    origin: str  # "reference", "slow" or "fixture"
    shuffle: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """One task of one case in one run."""

    case: Case
    task: str
    expected: Growth
    shown: str  # the class or range the report shows, or "unclear"
    right: bool  # the report reads as the expected class
    withheld: bool  # no class at all
    confidence: float
    complexity_s: float
    style_s: float


def cases() -> Iterator[Case]:
    """Every reference, slow/ solution and complexity fixture, problem by problem."""
    problems = {problem.slug: problem for problem in discover().problems}
    for slug in sorted(problems):
        problem = problems[slug]
        yield Case(problem, problem.package_dir / "reference.py", "reference")
        for path in sorted((problem.package_dir / "slow").glob("*.py")):
            yield Case(problem, path, "slow")
        for path in sorted((FIXTURES / slug).glob("*.py")):
            yield Case(problem, path, "fixture")
        for path in sorted((FIXTURES / "shuffled" / slug).glob("*.py")):
            yield Case(problem, path, "fixture", shuffle=True)


def shuffled(task: Task) -> Task:
    """The task with its worst-case list shuffled (seeded), as the shuffled fixtures need."""

    def make_input(size: int) -> tuple[list[int]]:
        (nums,) = task.make_input(size)
        values = list(nums)
        random.Random(size).shuffle(values)
        return (values,)

    return dataclasses.replace(task, make_input=make_input)


def opener(backend: str, limits: SandboxLimits) -> Callable[[], Sandbox]:
    """A way to open a fresh sandbox of exactly this backend."""
    if backend == "docker":
        from sandbox.docker.backend import DockerSandbox

        return lambda: DockerSandbox(limits, reason="benchmark")
    from sandbox.local.backend import LocalSandbox

    return lambda: LocalSandbox(limits, reason="benchmark")


def run_case(case: Case, backend: str, budget_s: float) -> tuple[list[Outcome], float]:
    """Measure every task the case's file defines; also the time to open both workers."""
    source = case.path.read_text(encoding="utf-8")
    started = time.perf_counter()
    review_style(source, contract_names=[p for t in case.problem.tasks for p in t.params])
    style_s = time.perf_counter() - started
    defined = {
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    tasks = [task for task in case.problem.tasks if task.name in defined]
    expected_header = None if case.origin == "reference" else read_expectation(case.path).growth
    open_sandbox = opener(
        backend, SandboxLimits(time_per_call_s=case.problem.limits.time_per_call_s)
    )
    outcomes = []
    started = time.perf_counter()
    with open_sandbox() as candidate, open_sandbox() as reference:
        candidate.load(Submission(case.path.name, case.path.read_bytes()))
        load_reference(case.problem, reference)
        open_s = time.perf_counter() - started
        for task in tasks:
            measured_task = shuffled(task) if case.shuffle else task
            expected = expected_header or task.target
            started = time.perf_counter()
            report = measure_complexity(
                measured_task, candidate, reference, budget_s=budget_s, call_cap_s=CALL_CAP_S
            )
            outcomes.append(
                Outcome(
                    case,
                    task.name,
                    expected,
                    report.shown,
                    report.reads_as(expected),
                    report.estimated is None,
                    report.confidence,
                    time.perf_counter() - started,
                    style_s,
                )
            )
    return outcomes, open_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measurements of every case")
    parser.add_argument("--backend", choices=("local", "docker"), default="local")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per task")
    options = parser.parse_args()

    outcomes: list[Outcome] = []
    opens: list[float] = []
    print(
        f"{'problem':<25} {'solution':<34} {'task':<25} {'expected':<11} "
        f"{'estimated (per run)':<36} {'complexity s':>12} {'style s':>8}"
    )
    for case in cases():
        runs: list[list[Outcome]] = []
        for _ in range(options.runs):
            measured, open_s = run_case(case, options.backend, options.budget)
            runs.append(measured)
            opens.append(open_s)
        for index, first in enumerate(runs[0]):
            same_task = [run[index] for run in runs]
            outcomes += same_task
            estimates = ", ".join(f"{o.shown}{'' if o.right else '!'}" for o in same_task)
            name = f"{case.origin}/{case.path.name}" + (" (shuffled)" if case.shuffle else "")
            print(
                f"{case.problem.slug:<25} {name:<34} {first.task:<25} {first.expected.value:<11} "
                f"{estimates:<36} "
                f"{statistics.median(o.complexity_s for o in same_task):>12.2f} "
                f"{statistics.median(o.style_s for o in same_task):>8.3f}"
            )

    def accuracy(selected: list[Outcome]) -> str:
        right = sum(o.right for o in selected)
        withheld = sum(o.withheld for o in selected)
        return f"{right}/{len(selected)} = {right / len(selected):.1%} ({withheld} withheld)"

    authors = [o for o in outcomes if o.case.origin != "fixture"]
    print()
    print(f"backend {options.backend}, budget {options.budget:g} s per task, {options.runs} runs")
    print(
        f"class accuracy, slow/ and references (not written by the estimator's author): "
        f"{accuracy(authors)}"
    )
    print(f"class accuracy, everything (with tests/fixtures/complexity): {accuracy(outcomes)}")
    stage = [o.complexity_s for o in outcomes]
    print(
        f"median complexity stage per task: {statistics.median(stage):.2f} s "
        f"(max {max(stage):.2f} s); opening both workers {statistics.median(opens):.2f} s"
    )
    print(f"median style stage per file: {statistics.median(o.style_s for o in outcomes):.3f} s")


if __name__ == "__main__":
    main()
