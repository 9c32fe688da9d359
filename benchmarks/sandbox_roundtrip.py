"""Sandbox overheads per backend: start-up (worker or container, up to a loaded file) and the
round trip of one call to a trivial function, against the targets the issue sets.

    python benchmarks/sandbox_roundtrip.py [--calls 20000] [--starts 5] [--backend local|docker]

A backend that cannot run here (no engine, no image) is reported and skipped. The round trip is
measured as the judge calls: its thread and the worker on one CPU (sandbox/affinity.py); and,
for comparison, with the two on different CPUs. First, as the floor no sandbox can beat on this
machine, the round trip of a bare pipe echo between two Python processes (no protocol, no
isolation), both ways, measured in the same run: the targets are absolute microseconds, and
shared machines differ by several times in what a context switch costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from judge.errors import SandboxUnavailable
from sandbox.affinity import current_cpu, thread_on_cpu
from sandbox.base import CallRequest, Outcome, Sandbox, SandboxKind, SandboxLimits, Submission

TARGET_ROUND_TRIP_US = {SandboxKind.LOCAL: 50.0, SandboxKind.DOCKER: 200.0}
SOURCE = b"def add(a, b):\n    return a + b\n"
LIMITS = SandboxLimits(time_per_call_s=2.0)


def backends(chosen: str) -> list[tuple[SandboxKind, Callable[[], Sandbox]]]:
    """The backends to measure, each with a way to open a fresh sandbox of exactly that kind."""

    def local() -> Sandbox:
        from sandbox.local.backend import LocalSandbox

        return LocalSandbox(LIMITS, reason="benchmark")

    def docker() -> Sandbox:
        from sandbox.docker.backend import DockerSandbox

        return DockerSandbox(LIMITS, reason="benchmark")

    every = [(SandboxKind.LOCAL, local), (SandboxKind.DOCKER, docker)]
    return [(kind, opener) for kind, opener in every if chosen in ("all", kind.value)]


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the sorted values lie (nearest rank)."""
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


ECHO = "import os\nwhile (data := os.read(0, 4096)):\n    os.write(1, data)\n"


def measure_floor(calls: int, echo_cpu: int) -> float:
    """The median round trip (us) of 64 bytes through a bare pipe echo running on ``echo_cpu``."""
    echo = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", ECHO],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.sched_setaffinity(0, {echo_cpu}),
    )
    assert echo.stdin is not None and echo.stdout is not None
    to_echo, from_echo = echo.stdin.fileno(), echo.stdout.fileno()
    message = b"x" * 64
    round_trips = []
    for index in range(calls + 200):  # the first 200 warm up, as for the backends
        started = time.perf_counter()
        os.write(to_echo, message)
        received = b""
        while len(received) < len(message):
            received += os.read(from_echo, 4096)
        if index >= 200:
            round_trips.append(time.perf_counter() - started)
    echo.stdin.close()
    echo.wait()
    return statistics.median(round_trips) * 1e6


def round_trips(sandbox: Sandbox, calls: int) -> list[float]:
    """The sorted round trips (s) of ``calls`` calls, after a warm-up."""
    request = CallRequest("add", (1, 2))
    for _ in range(min(200, calls)):  # warm up caches and branch predictors on both sides
        sandbox.call(request)
    measured = []
    for _ in range(calls):
        started = time.perf_counter()
        result = sandbox.call(request)
        measured.append(time.perf_counter() - started)
        assert result.value == 3, result
    return sorted(measured)


def measure(
    kind: SandboxKind,
    opener: Callable[[], Sandbox],
    calls: int,
    starts: int,
    cpus: tuple[int, int | None],
    floor_us: float,
) -> None:
    """Print one backend's start-up and round-trip figures (the worker on ``cpus[1]`` for the
    comparison across CPUs, when there is a second CPU)."""
    start_times = []
    for _ in range(starts):
        with opener() as sandbox:
            started = time.perf_counter()
            loaded = sandbox.load(Submission("bench.py", SOURCE))
            start_times.append(time.perf_counter() - started)
            assert loaded.outcome is Outcome.OK, loaded
    judge_cpu, other_cpu = cpus
    with opener() as sandbox:
        sandbox.pin_to_cpu(judge_cpu)  # as judge.engine does
        sandbox.load(Submission("bench.py", SOURCE))
        one_cpu = round_trips(sandbox, calls)
        across = None
        if other_cpu is not None:
            sandbox.pin_to_cpu(other_cpu)
            across = round_trips(sandbox, calls)
        print(f"isolation: {sandbox.info.isolation}")
    median_us = statistics.median(one_cpu) * 1e6
    p99_us = percentile(one_cpu, 0.99) * 1e6
    target = TARGET_ROUND_TRIP_US[kind]
    verdict = "meets" if median_us <= target else "MISSES"
    print(
        f"{kind.value:>6}: start+load median {statistics.median(start_times) * 1e3:7.1f} ms "
        f"(best {min(start_times) * 1e3:.1f} ms, {starts} starts) | round trip over {calls} calls, "
        f"one CPU: median {median_us:6.1f} us ({median_us / floor_us:.1f}x the floor), "
        f"p99 {p99_us:7.1f} us | target <= {target:.0f} us: {verdict}"
    )
    if across is not None:
        median_across_us = statistics.median(across) * 1e6
        p99_across_us = percentile(across, 0.99) * 1e6
        print(
            f"{'':>6}  across two CPUs (for comparison): median {median_across_us:6.1f} us, "
            f"p99 {p99_across_us:7.1f} us"
        )


def main() -> None:
    """Parse the options and measure every backend asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # About a second of calls: the host's noise comes in bursts of tens of milliseconds, which
    # would decide the median of a window as short as 2000 calls.
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--backend", choices=["all", "local", "docker"], default="all")
    options = parser.parse_args()
    judge_cpu = current_cpu()
    others = sorted(os.sched_getaffinity(0) - {judge_cpu})
    cpus = (judge_cpu, others[0] if others else None)
    with thread_on_cpu(judge_cpu):
        floor_us = measure_floor(options.calls, judge_cpu)
        across = (
            ""
            if cpus[1] is None
            else f"; across two CPUs {measure_floor(options.calls, cpus[1]):6.1f} us"
        )
        print(f" floor: bare pipe echo between two processes: one CPU {floor_us:6.1f} us{across}")
        for kind, opener in backends(options.backend):
            try:
                measure(kind, opener, options.calls, options.starts, cpus, floor_us)
            except (SandboxUnavailable, ImportError) as exc:
                print(f"{kind.value:>6}: not measured: {exc}")


if __name__ == "__main__":
    main()
