"""What the stress groups cost: each reference judged with and without its tasks' stress groups.

Correctness only (no complexity, no style), in one process, on the backend given; the two runs
of each reference alternate round by round so that the machine's load falls on both alike.
Prints per problem the median seconds of each and the stress groups' share.

    python benchmarks/stress_group_cost.py [--sandbox local|docker] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from judge.catalog.discovery import discover
from judge.catalog.problem import Problem
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind


def _without_stress(problem: Problem) -> Problem:
    return replace(problem, tasks=tuple(replace(task, stress=None) for task in problem.tasks))


def main() -> None:
    """Judge every reference with and without stress groups and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", choices=("local", "docker"), default="local")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    options = JudgeOptions(sandbox=SandboxKind(arguments.sandbox), complexity=False, style=False)
    print(f"{'problem':<26} {'with stress':>12} {'without':>9} {'share':>7}")
    for problem in discover().problems:
        reference = problem.package_dir / "reference.py"
        timings: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(arguments.rounds):
            for stressed in (True, False):
                judged = problem if stressed else _without_stress(problem)
                started = time.perf_counter()
                judge_file(reference, judged, options)
                timings[stressed].append(time.perf_counter() - started)
        with_stress = statistics.median(timings[True])
        without = statistics.median(timings[False])
        share = (with_stress - without) / with_stress
        print(f"{problem.slug:<26} {with_stress:>11.2f}s {without:>8.2f}s {share:>7.0%}")


if __name__ == "__main__":
    main()
