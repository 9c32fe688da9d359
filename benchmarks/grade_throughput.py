"""Grading throughput: the local pool beside one and two Celery workers, on this machine.

    python benchmarks/grade_throughput.py [--count 240] [--examples 50] [--complexity]

The batch is ``--count`` candidates, one file each, made from every problem's reference, wrong/
and slow/ files in turn; each file gets a comment of its own, so that every one is judged (the
store would judge identical files once). Every configuration grades the same batch into a fresh
store with the same options (the local sandbox, no style review, growth only with
``--complexity``):

- **local pool, 1 / 2 processes**: `judge grade` on this machine (judge/grading/pool.py);
- **1 worker, 2 workers**: a real redis-server on a loopback port and `judge worker` processes
  with one judging process each; the coordinator sends each judging as a Celery task.

Printed side by side: submissions per minute, and the queue's cost per task at the same number
of judging processes, ``(cluster wall - local wall) x processes / count`` in ms. That difference
also holds whatever else slowed the machine between the runs, so each run also says how long each
judging process spent per task outside the judging itself (``around``: wall x processes minus the
judgings' own durations, per task), and the queue's own share is the cluster's ``around`` less the
pool's, as a part of the wall time per task. The target: the
queue costs under 5% of the local pool's throughput, and throughput grows with workers until the
machine's cores are used.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from judge.catalog.discovery import discover
from judge.grading.batch import grade_batch
from judge.grading.cluster import CeleryExecutor, cluster_settings
from judge.grading.jobs import Graded, JobOutcome
from judge.grading.layout import read_layout
from judge.grading.pool import Executor, LocalPool
from judge.grading.store import open_store
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind


@dataclass(frozen=True, slots=True)
class Measured:
    """One configuration's run."""

    name: str
    processes: int
    wall_s: float
    graded: int
    judging_s: float  # the judgings' own time, summed (each outcome's duration_s)

    @property
    def per_minute(self) -> float:
        return self.graded / self.wall_s * 60

    @property
    def around_ms(self) -> float:
        """Per task, what its judging process spent outside the judging itself: handing the job
        over and the outcome back (the queue, for a worker; the pool's pipes, locally)."""
        return (self.wall_s * self.processes - self.judging_s) / self.graded * 1000


class _Quiet:
    """A batch.Progress that says nothing, and adds up how long the judgings took."""

    def __init__(self) -> None:
        self.judging_s = 0.0

    def planned(self, to_judge: int, reused: int) -> None:
        """Nothing to show."""

    def finished(self, outcome: JobOutcome) -> None:
        """Nothing to show."""
        if isinstance(outcome, Graded):
            self.judging_s += outcome.duration_s

    def say(self, message: str) -> None:
        print(f"  ({message})", file=sys.stderr)


def make_batch(folder: Path, count: int) -> None:
    """``count`` candidate files from the problems' own reference, wrong/ and slow/ files."""
    sources = []
    for problem in discover().problems:
        package = problem.package_dir
        for path in [package / "reference.py", *sorted(package.glob("wrong/*.py"))]:
            sources.append(path.read_text())
        sources.extend(path.read_text() for path in sorted(package.glob("slow/*.py")))
    for index in range(count):
        source = sources[index % len(sources)]
        (folder / f"candidate{index:04d}.py").write_text(f"{source}\n# candidate {index}\n")


def measure(
    name: str, processes: int, executor: Executor, folder: Path, options: JudgeOptions
) -> Measured:
    problems = discover().problems
    layout = read_layout(folder, problems)
    with tempfile.TemporaryDirectory() as scratch, open_store(Path(scratch) / "r.sqlite3") as store:
        started = time.monotonic()
        progress = _Quiet()
        result = grade_batch(layout, problems, options, store, executor, progress)
        wall = time.monotonic() - started
    return Measured(name, processes, wall, result.judged, progress.judging_s)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    program = shutil.which("redis-server")
    if program is None:
        raise SystemExit("redis-server is not installed: apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def judge_workers(url: str, count: int, folder: Path) -> Iterator[None]:
    started = []
    for index in range(count):
        log = folder / f"worker{index}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "judge",
                    "worker",
                    "--broker",
                    url,
                    "--sandbox",
                    "local",
                    "--concurrency",
                    "1",
                    "--name",
                    f"bench{index}",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append((process, log))
    try:
        for process, log in started:
            deadline = time.monotonic() + 60
            while " ready." not in log.read_text(errors="replace"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"a worker did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=240, help="candidates in the batch")
    parser.add_argument("--examples", type=int, default=50, help="generated inputs per task")
    parser.add_argument("--complexity", action="store_true", help="also measure growth")
    arguments = parser.parse_args()
    # A `timeout` that ends the run still stops the redis-server and the workers (finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    options = JudgeOptions(
        sandbox=SandboxKind.LOCAL,
        examples=arguments.examples,
        complexity=arguments.complexity,
        style=False,
    )
    cpus = len(os.sched_getaffinity(0))
    print(f"{arguments.count} submissions, {arguments.examples} examples per task, {cpus} CPUs")
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as scratch:
        folder = Path(scratch) / "batch"
        folder.mkdir()
        make_batch(folder, arguments.count)
        runs = [
            measure("local pool", 1, LocalPool(1), folder, options),
            measure("local pool", 2, LocalPool(2), folder, options),
        ]
        with redis_server(Path(scratch)) as url:
            for workers in (1, 2):
                with judge_workers(url, workers, Path(scratch)):
                    executor = CeleryExecutor(cluster_settings(url), workers)
                    runs.append(measure(f"{workers} worker(s)", workers, executor, folder, options))
    local = {run.processes: run for run in runs if run.name == "local pool"}
    header = (
        "configuration",
        "processes",
        "wall s",
        "per minute",
        "vs local",
        "queue ms/task",
        "around ms/task",
        "queue % (own)",
    )
    print(f"{header[0]:<16}" + "".join(f"{name:>16}" for name in header[1:]))
    for run in runs:
        base = local[run.processes]
        ratio = run.per_minute / base.per_minute
        overhead = (run.wall_s - base.wall_s) * run.processes / run.graded * 1000
        # The queue's own cost, from the same run's judging times: load on the machine that
        # slows every judging between the local and the cluster runs does not count.
        own = (run.around_ms - base.around_ms) / (run.wall_s * run.processes / run.graded * 1000)
        cells = (
            run.processes,
            f"{run.wall_s:.1f}",
            f"{run.per_minute:.1f}",
            f"{ratio:.2f}",
            "" if run is base else f"{overhead:.1f}",
            f"{run.around_ms:.1f}",
            "" if run is base else f"{own * 100:.1f}",
        )
        print(f"{run.name:<16}" + "".join(f"{cell:>16}" for cell in cells))


if __name__ == "__main__":
    main()
