"""A program for test_grade_local: a LocalPool of two processes judges four files, and it prints
(JSON) the CPUs it was allowed, each pool process's CPUs as read while the pool ran, and the
verdicts. A program of its own, so that the pool's processes, its resource tracker and the wider
CPU set all end with it (an xdist test worker is pinned to one CPU)."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

from judge.catalog.discovery import discover, find_problem
from judge.grading.jobs import Graded, Job, JobOutcome
from judge.grading.pool import LocalPool
from judge.grading.versions import result_key
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

GCD = Path(__file__).resolve().parents[2] / "problems" / "gcd"


def pool_processes() -> dict[int, list[int]]:
    """The pool's processes (this program's only children), and the CPUs each may run on."""
    found = {}
    for process in multiprocessing.active_children():
        if process.pid is not None:
            try:
                found[process.pid] = sorted(os.sched_getaffinity(process.pid))
            except ProcessLookupError:
                continue
    return found


def main() -> None:
    os.sched_setaffinity(0, range(os.cpu_count() or 1))  # the kernel keeps the cpuset's only
    problem = find_problem(discover(), "gcd")
    options = JudgeOptions(sandbox=SandboxKind.LOCAL, examples=20, complexity=False, style=False)
    sources = [(GCD / "reference.py").read_bytes() + f"# {index}\n".encode() for index in range(4)]
    jobs = [
        Job(result_key(source, problem, options), f"c{index}.py", source, options, 60.0)
        for index, source in enumerate(sources)
    ]
    verdicts: list[str] = []
    seen: dict[int, list[int]] = {}

    def done(outcome: JobOutcome) -> None:
        verdicts.append(outcome.verdict.value if isinstance(outcome, Graded) else outcome.message)
        # While the pool runs: each process as it pinned itself before its first job (the
        # second may still be starting when the first judging ends).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = pool_processes()
            if len(found) == 2 and all(len(cpus) == 1 for cpus in found.values()):
                break
            time.sleep(0.05)
        seen.update(found)

    LocalPool(2).run(jobs, done, lambda message: print(message, file=sys.stderr))
    allowed = sorted(os.sched_getaffinity(0))
    json.dump({"allowed": allowed, "pinned": list(seen.values()), "verdicts": verdicts}, sys.stdout)


if __name__ == "__main__":
    main()
