"""Repeatability of the complexity verdict: the same file, R times, quiet and under load.

    python benchmarks/repeatability.py [--repeats 20] [--sandbox local|docker] [--budget 2.0]
                                       [--only SLUG] [--no-load] [--dump FILE]

Every problem's reference and slow/ solutions and every fixture in tests/fixtures/complexity/
(the cases of benchmarks/complexity_style.py) are measured ``--repeats`` times each, first on
the machine as it is ("quiet"), then while one busy process that this benchmark starts keeps a
core spinning ("load"; it is ended before the benchmark exits). Each measurement runs
judge.complexity.measure.measure_complexity as `judge submit` does, within the budget.

The outcome of a task in one run is what the candidate reads and what the score counts: the
class (or range of classes) and whether it is slower than the target, or "unclear" when the
estimate is withheld. Printed per solution: the outcomes seen and how often. At the end, per
condition: the fraction of tasks with a single outcome over all runs (target 99%), the fraction
with a single scored outcome (on target, maybe slower, or slower by the range's faster end: what
decides the points), and the accuracy, counted on the problem authors' solutions only (references
and slow/, not the fixtures, which were written to fit the estimator): the report reads as the
expected class (ComplexityReport.reads_as; target 95%). The machine (CPU count, load average
at start) is printed first. ``--dump`` writes every run's timings as JSON lines, to try a change
of judge.complexity.fit on them.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from complexity_style import Case, cases, opener, shuffled  # noqa: E402

from judge.authoring.expectations import read_expectation  # noqa: E402
from judge.catalog.problem import Growth  # noqa: E402
from judge.complexity.measure import load_reference, measure_complexity  # noqa: E402
from judge.report import ComplexityReport  # noqa: E402
from sandbox.base import SandboxLimits, Submission  # noqa: E402

CALL_CAP_S = 0.5
# The busy process: a pure-Python spin loop, one core's worth of load.
_SPIN = "while True:\n    pass\n"


@dataclass(frozen=True, slots=True)
class Seen:
    """One task's outcome in one run."""

    shown: str  # what the report says: the class or range, and on target or slower
    scored: str  # what decides the points: on target, maybe slower, or slower and by how much
    right: bool  # the report reads as the expected class (ComplexityReport.reads_as)


def outcome(report: ComplexityReport, expected: Growth) -> Seen:
    """The outcome of one measured task, as the report shows it and as the score counts it."""
    if report.estimated is None:
        return Seen("unclear", "unclear", False)
    if report.on_target:
        scored = "on target"
    elif report.maybe_slower:
        scored = "maybe slower"  # scored as unclear
    else:
        scored = f"slower: {report.estimated.value}"  # points by the faster end
    return Seen(f"{report.shown}, {scored}", scored, report.reads_as(expected))


def measure_case(case: Case, options: argparse.Namespace, condition: str) -> dict[str, list[Seen]]:
    """Every task the case's file defines, measured ``repeats`` times in fresh workers."""
    source = case.path.read_text(encoding="utf-8")
    defined = {task.name for task in case.problem.tasks if f"def {task.name}(" in source}
    defined |= {task.name for task in case.problem.tasks if f"class {task.name}" in source}
    tasks = [task for task in case.problem.tasks if task.name in defined]
    expected_header = None if case.origin == "reference" else read_expectation(case.path).growth
    open_sandbox = opener(
        options.sandbox, SandboxLimits(time_per_call_s=case.problem.limits.time_per_call_s)
    )
    seen: dict[str, list[Seen]] = {task.name: [] for task in tasks}
    for _ in range(options.repeats):
        with open_sandbox() as candidate, open_sandbox() as reference:
            candidate.load(Submission(case.path.name, case.path.read_bytes()))
            load_reference(case.problem, reference)
            for task in tasks:
                report = measure_complexity(
                    shuffled(task) if case.shuffle else task,
                    candidate,
                    reference,
                    budget_s=options.budget,
                    call_cap_s=CALL_CAP_S,
                )
                expected = expected_header or task.target
                seen[task.name].append(outcome(report, expected))
                if options.dump:
                    _dump(options.dump, condition, case, task.name, expected, report)
    return seen


def _dump(
    path: str, condition: str, case: Case, task: str, expected: Growth, report: ComplexityReport
) -> None:
    record = {
        "condition": condition,
        "case": f"{case.problem.slug}/{case.origin}/{case.path.name}",
        "origin": case.origin,
        "task": task,
        "target": report.target.value,
        "expected": expected.value,
        "timings": [[t.size, t.candidate_s, t.reference_s] for t in report.timings],
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


@contextmanager
def busy_core() -> Iterator[None]:
    """One process spinning on a core for as long as the block runs; ended after."""
    spinner = subprocess.Popen([sys.executable, "-c", _SPIN])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


@dataclass(frozen=True, slots=True)
class Row:
    case: Case
    task: str
    seen: list[Seen]


def run(condition: str, options: argparse.Namespace) -> list[Row]:
    rows = []
    print(f"\n== {condition} ==")
    for case in cases():
        if options.only and case.problem.slug != options.only:
            continue
        started = time.perf_counter()
        for task, seen in measure_case(case, options, condition.split()[0]).items():
            rows.append(Row(case, task, seen))
            counts = collections.Counter(s.shown for s in seen)
            outcomes = "; ".join(f"{text} x{count}" for text, count in counts.most_common())
            name = f"{case.origin}/{case.path.name}" + (" (shuffled)" if case.shuffle else "")
            mark = "" if len(counts) == 1 else "  <- varies"
            print(f"{case.problem.slug:<24} {name:<34} {task:<22} {outcomes}{mark}", flush=True)
        print(f"{'':<24} ({time.perf_counter() - started:.0f} s)", flush=True)
    return rows


def summary(condition: str, rows: list[Row]) -> None:
    single = sum(len({s.shown for s in row.seen}) == 1 for row in rows)
    scored = sum(len({s.scored for s in row.seen}) == 1 for row in rows)
    authors = [s for row in rows if row.case.origin != "fixture" for s in row.seen]
    right = sum(s.right for s in authors)
    print(
        f"{condition:<6} single outcome {single}/{len(rows)} = {single / len(rows):.1%}; "
        f"single scored outcome {scored}/{len(rows)} = {scored / len(rows):.1%}; "
        f"accuracy (references and slow/) {right}/{len(authors)} = "
        f"{right / max(len(authors), 1):.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="measurements of every case")
    parser.add_argument("--sandbox", choices=("local", "docker"), default="local")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per task")
    parser.add_argument("--only", help="only this problem's solutions")
    parser.add_argument("--no-load", action="store_true", help="skip the run under load")
    parser.add_argument("--dump", help="append every run's timings to this JSON-lines file")
    options = parser.parse_args()
    one, five, fifteen = os.getloadavg()
    print(
        f"machine: {platform.node()}, {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))})"
        f", load average at start {one:.2f} {five:.2f} {fifteen:.2f}; sandbox {options.sandbox},"
        f" {options.repeats} repeats, budget {options.budget:g} s per task"
    )
    results = {"quiet": run("quiet", options)}
    if not options.no_load:
        with busy_core():
            results["load"] = run("load (one busy process on one core)", options)
    print()
    for condition, rows in results.items():
        summary(condition, rows)


if __name__ == "__main__":
    main()
