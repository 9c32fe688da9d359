"""End-to-end judging of each problem's reference solution, beside a conventional baseline.

    python benchmarks/submit_vs_baseline.py [--runs 5] [--examples 200] [--problem SLUG ...]

For each problem, the median wall-clock time of several rounds, each running once, in turn:

- **judge (local)** and **judge (docker)**: a fresh ``python -m judge submit reference.py
  --problem SLUG --sandbox KIND --examples N --seed S --no-complexity --no-style --json``:
  correctness only (load, spec examples, Hypothesis differential testing). Interpreter start-up
  and imports are included, as a user pays them; timed until the program exits. Through Docker
  the program leaves its container's removal to a detached process (sandbox/docker/detach.py), as
  the user's prompt does not wait for it either; the next run starts once it is done, so that it
  does not slow that one.
- **baseline**: what an Exercism-style test runner does: a fresh container from the sandbox image
  running pytest with a Hypothesis test per task over the same examples (the judge's settings and
  seed S; plus the spec examples), comparing the solution with the reference in-process. The image
  has neither pytest nor Hypothesis, so the host's installed (pure-Python) distributions of both
  and their dependencies are bind-mounted read-only and put on PYTHONPATH, with the judge's
  problem packages. Without a Docker engine the baseline is the same pytest run in a local
  subprocess (and says so).

Both sides run the judge's modules (judge, sandbox, problems) from this checkout, byte-compiled
first as an installed package is: a machine that sets PYTHONDONTWRITEBYTECODE would otherwise
compile them from source on every run, on both sides.

Round i runs every side with seed i. One seed's examples can be much larger than another's, and
Hypothesis also draws constants from the source of the modules each side has loaded, so one seed
does not quite give both sides the same examples: over several seeds, the medians compare the
same mix of small and large ones.

The target is judge / baseline <= 0.5 for every problem.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from judge.catalog.discovery import discover
from judge.catalog.problem import Problem
from judge.errors import SandboxUnavailable

TARGET_RATIO = 0.5
BASELINE = "baseline"
REPO = Path(__file__).resolve().parent.parent
# The distributions the baseline's container needs: pytest, Hypothesis and what they import.
BASELINE_DISTRIBUTIONS = (
    "pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",
    "hypothesis",
    "sortedcontainers",
)
CONTAINER_PACKAGES = "/opt/baseline-packages"
CONTAINER_SOURCE = "/opt/judge-source"
CONTAINER_BENCH = "/bench"
# How the baseline's test file learns the round's seed.
SEED_VARIABLE = "BENCH_SEED"

# One Hypothesis test per task over the task's own strategy, and the spec examples, as a
# conventional test file would have them. Hypothesis's settings mirror the judge's
# (judge.correctness.differential.hypothesis_settings); the seed is the round's, as the judge's is.
TEST_FILE = """\
import importlib.util
import os

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from judge.catalog.problem import TaskKind
from problems.{slug} import PROBLEM

_spec = importlib.util.spec_from_file_location("solution", "{solution}")
solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solution)

SETTINGS = settings(
    max_examples={examples},
    deadline=None,
    database=None,
    derandomize=False,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example
    ],
)


def answer(task, args):
    target = getattr(solution, task.name)
    if task.kind is TaskKind.CLASS:
        from sandbox.worker import drive_operations

        return drive_operations(target, *args)
    return target(*args)


def _property_test(task):
    @seed(int(os.environ["{seed_variable}"]))
    @SETTINGS
    @given(task.arguments)
    def test(args):
        assert answer(task, args) == task.expected(args)

    return test


for _task in PROBLEM.tasks:
    globals()["test_" + _task.name] = _property_test(_task)


@pytest.mark.parametrize(
    ("task", "example"), [(t, e) for t in PROBLEM.tasks for e in t.examples if e.raises is None]
)
def test_spec_example(task, example):
    assert answer(task, example.args) == example.expected
"""


def main() -> None:
    """Measure every problem asked for and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--examples", type=int, default=200, help="Hypothesis examples per task")
    parser.add_argument("--problem", action="append", help="only this problem (repeatable)")
    options = parser.parse_args()
    for package in ("judge", "sandbox", "problems"):
        compileall.compile_dir(REPO / package, quiet=1)
    problems = [p for p in discover().problems if not options.problem or p.slug in options.problem]
    docker_reason = _docker_unavailable()
    kinds = ["local"] if docker_reason else ["local", "docker"]
    baseline_kind = "local subprocess" if docker_reason else "container"
    print(
        f"{options.runs} runs each (round i: seed i), median; {options.examples} examples per task"
    )
    if docker_reason:
        print(
            f"Docker unavailable ({docker_reason}): judge on local only, baseline in a subprocess"
        )
    header = f"{'problem':<26}" + "".join(f"{'judge ' + kind:>15}" for kind in kinds)
    print(header + f"{'baseline (' + baseline_kind + ')':>30}" + "  ratio (judge/baseline)")
    removals: list[float] = []  # seconds from a Docker judge's exit to its container's removal
    for problem in problems:
        with _baseline_runner(problem, options.examples, docker=not docker_reason) as baseline:
            runners = {
                kind: _judge_runner(problem, kind, options.examples, removals) for kind in kinds
            }
            medians = _interleaved_medians(options.runs, {**runners, BASELINE: baseline})
        baseline_s = medians.pop(BASELINE)
        ratios = ", ".join(
            f"{kind} {seconds / baseline_s:.2f}x "
            f"({'meets' if seconds / baseline_s <= TARGET_RATIO else 'MISSES'} <= {TARGET_RATIO}x)"
            for kind, seconds in medians.items()
        )
        cells = "".join(f"{seconds:>14.2f}s" for seconds in medians.values())
        print(f"{problem.slug:<26}{cells}{baseline_s:>29.2f}s  {ratios}", flush=True)
    if removals:
        after_ms = statistics.median(removals) * 1000
        print(
            f"judge docker: its container was removed a median of {after_ms:.0f} ms after the "
            "judge exited (by a detached process; not timed, the prompt does not wait for it)"
        )


# A runner runs its command once, with the seed given, and returns the wall-clock seconds a user
# waits for it.
Runner = Callable[[int], float]


def _interleaved_medians(runs: int, runners: dict[str, Runner]) -> dict[str, float]:
    """Each runner's median seconds over ``runs`` rounds (round i: seed i), after a warm-up.

    A round runs each once, in turn: this machine's load drifts over minutes, and runs measured
    side by side see the same drift, where blocks of runs one after the other would not.
    """
    for run_once in runners.values():
        run_once(runs)  # page cache, image layers, bytecode: every later run finds them warm
    times: dict[str, list[float]] = {name: [] for name in runners}
    for round_seed in range(runs):
        for name, run_once in runners.items():
            times[name].append(run_once(round_seed))
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def _timed(run: Callable[[int], None]) -> Runner:
    """A runner that times all of ``run``."""

    def run_once(seed: int) -> float:
        started = time.perf_counter()
        run(seed)
        return time.perf_counter() - started

    return run_once


def _judge_runner(problem: Problem, kind: str, examples: int, removals: list[float]) -> Runner:
    """One end-to-end `judge submit` of the problem's reference, in a fresh process; through
    Docker, how long its container outlived it goes to ``removals``."""
    command = [
        sys.executable,
        "-m",
        "judge",
        "submit",
        str(problem.package_dir / "reference.py"),
        "--problem",
        problem.slug,
        "--sandbox",
        kind,
        "--examples",
        str(examples),
        "--no-complexity",
        "--no-style",
        "--no-history",
        "--json",
    ]

    def run_once(seed: int) -> float:
        started = time.perf_counter()
        program = subprocess.Popen(
            [*command, "--seed", str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        _, stderr = program.communicate()
        seconds = time.perf_counter() - started
        if program.returncode != 0:
            raise SystemExit(f"judge submit failed on {problem.slug}: {stderr.decode().strip()}")
        if kind == "docker":
            exited = time.perf_counter()
            _wait_for_removal(program.pid)
            removals.append(time.perf_counter() - exited)
        return seconds

    return run_once


def _wait_for_removal(judge_pid: int) -> None:
    """Until the containers the judge process ``judge_pid`` started are gone."""
    from sandbox.docker.backend import Engine

    deadline = time.monotonic() + 60
    with Engine.connect() as engine:
        while engine.judge_containers(judge_pid):
            if time.monotonic() > deadline:
                raise SystemExit(f"judge process {judge_pid} left its container behind")
            time.sleep(0.01)


@contextmanager
def _baseline_runner(problem: Problem, examples: int, *, docker: bool) -> Iterator[Runner]:
    """pytest + Hypothesis over the reference, in a container (or a local subprocess)."""
    bench = Path(tempfile.mkdtemp(prefix="judge-baseline-"))
    try:
        bench.chmod(0o755)  # the container's user is not the owner
        shutil.copyfile(problem.package_dir / "reference.py", bench / "solution.py")
        solution_dir = CONTAINER_BENCH if docker else str(bench)
        test = TEST_FILE.format(
            slug=problem.slug,
            solution=f"{solution_dir}/solution.py",
            examples=examples,
            seed_variable=SEED_VARIABLE,
        )
        (bench / "test_solution.py").write_text(test, encoding="utf-8")
        for path in bench.iterdir():
            path.chmod(0o644)
        yield _timed(_container_run(bench) if docker else _subprocess_run(bench))
    finally:
        shutil.rmtree(bench, ignore_errors=True)


def _pytest_command(python: str, test_dir: str) -> list[str]:
    # No cache, no bytecode: the root file system of the container is read-only.
    return [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{test_dir}/test_solution.py"]


def _subprocess_run(bench: Path) -> Callable[[int], None]:
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    environment["PYTHONPATH"] = str(REPO)

    def run_once(seed: int) -> None:
        finished = subprocess.run(
            _pytest_command(sys.executable, str(bench)),
            capture_output=True,
            text=True,
            env={**environment, SEED_VARIABLE: str(seed)},
            cwd=bench,
            check=False,
        )
        if finished.returncode != 0:
            raise SystemExit(f"baseline failed:\n{finished.stdout[-2000:]}")

    return run_once


def _container_run(bench: Path) -> Callable[[int], None]:
    from sandbox.docker.backend import SANDBOX_PYTHON, Engine
    from sandbox.docker.image import default_image_name

    engine = Engine.connect()
    volumes = {str(bench): {"bind": CONTAINER_BENCH, "mode": "ro"}}
    for source, target in _package_mounts():
        volumes[str(source)] = {"bind": target, "mode": "ro"}
    for package in ("judge", "problems", "sandbox"):
        volumes[str(REPO / package)] = {"bind": f"{CONTAINER_SOURCE}/{package}", "mode": "ro"}
    environment = {
        "PYTHONPATH": f"{CONTAINER_PACKAGES}:{CONTAINER_SOURCE}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }

    def run_once(seed: int) -> None:
        # Hardened like the judge's own containers, so both pay the same start-up.
        container = engine.client.containers.create(
            default_image_name(),
            _pytest_command(SANDBOX_PYTHON, CONTAINER_BENCH),
            environment={**environment, SEED_VARIABLE: str(seed)},
            volumes=volumes,
            user="65534:65534",
            working_dir="/tmp",
            network_mode="none",
            read_only=True,
            tmpfs={"/tmp": "size=16m"},
            mem_limit="256m",
            cap_drop=["ALL"],
            security_opt=["no-new-privileges"],
        )
        try:
            container.start()
            status = container.wait()
            if status["StatusCode"] != 0:
                logs = container.logs().decode(errors="replace")
                raise SystemExit(f"baseline container failed:\n{logs[-2000:]}")
        finally:
            container.remove(force=True)

    return run_once


def _package_mounts() -> Iterator[tuple[Path, str]]:
    """Each top-level file or folder of the baseline's distributions, and where it goes."""
    seen: set[str] = set()
    for name in BASELINE_DISTRIBUTIONS:
        distribution = importlib.metadata.distribution(name)
        for file in distribution.files or ():
            top = file.parts[0]
            if top in seen or top == ".." or top.endswith(".pth") or "__pycache__" in top:
                continue
            seen.add(top)
            source = Path(str(distribution.locate_file(top)))
            if source.exists():
                yield source, f"{CONTAINER_PACKAGES}/{top}"


def _docker_unavailable() -> str | None:
    """Why the Docker runs cannot happen here, or None."""
    try:
        from sandbox.docker.backend import docker_status
    except ImportError as exc:
        return f"docker backend not importable: {exc}"
    try:
        status = docker_status()
    except SandboxUnavailable as exc:
        return str(exc)
    return None if status.usable else status.reason


if __name__ == "__main__":
    main()
