"""pin_to_cpu: both sides of a growth measurement run on one CPU, replaced workers included."""

from __future__ import annotations

import os

from conftest import Harness

from sandbox.base import Outcome, SandboxKind, Submission

SOURCE = """
def add(a, b):
    return a + b

def hang():
    while True:
        pass
"""


def _worker_cpus(under_test: Harness) -> set[int]:
    """The CPUs the harness's current worker may run on, as the kernel or engine records them."""
    if under_test.kind is SandboxKind.DOCKER:
        from sandbox.docker.backend import Engine

        container_id = under_test.sandbox.container_id  # type: ignore[attr-defined]
        with Engine.connect() as engine:
            cpuset = engine.client.api.inspect_container(container_id)["HostConfig"]["CpusetCpus"]
        # An empty cpuset: no restriction, every CPU of the host.
        return (
            {int(cpu) for cpu in cpuset.split(",")} if cpuset else set(range(os.cpu_count() or 1))
        )
    return os.sched_getaffinity(under_test.sandbox.worker_pid)  # type: ignore[attr-defined]


def test_the_worker_and_its_replacement_run_on_the_pinned_cpu(harness: Harness) -> None:
    cpu = max(os.sched_getaffinity(0))
    assert harness.load(SOURCE).outcome is Outcome.OK
    harness.sandbox.pin_to_cpu(cpu)
    assert _worker_cpus(harness) == {cpu}
    assert harness.call("add", 1, 2).value == 3

    assert harness.call("hang").outcome is Outcome.TIMED_OUT  # the worker is replaced
    assert harness.call("add", 2, 3).value == 5
    assert _worker_cpus(harness) == {cpu}


def test_an_impossible_cpu_is_ignored(harness: Harness) -> None:
    assert harness.load(SOURCE).outcome is Outcome.OK
    before = _worker_cpus(harness)
    harness.sandbox.pin_to_cpu(4096)  # no such CPU: timing is only less steady, never an error
    assert harness.call("add", 1, 2).value == 3
    assert _worker_cpus(harness) == before


def test_a_worker_pinned_before_it_starts_starts_on_that_cpu(harness: Harness) -> None:
    cpu = min(os.sched_getaffinity(0))
    harness.sandbox.pin_to_cpu(cpu)  # Docker: the container is created on it
    assert harness.load(SOURCE).outcome is Outcome.OK
    assert _worker_cpus(harness) == {cpu}
    assert harness.call("add", 1, 2).value == 3


def test_an_impossible_cpu_before_the_start_still_starts_a_worker(harness: Harness) -> None:
    harness.sandbox.pin_to_cpu(4096)  # the engine refuses such a cpuset: created without one
    assert harness.load(SOURCE).outcome is Outcome.OK
    assert harness.call("add", 1, 2).value == 3


def test_pinning_a_prepared_worker_keeps_it_for_load(harness: Harness) -> None:
    harness.sandbox.prepare(Submission("solution.py", SOURCE.encode()))
    cpu = max(os.sched_getaffinity(0))
    harness.sandbox.pin_to_cpu(cpu)  # waits for the start, then pins what it started
    sandbox = harness.sandbox
    prepared = getattr(sandbox, "container_id", None) or getattr(sandbox, "worker_pid", None)
    assert harness.load(SOURCE).outcome is Outcome.OK
    assert harness.workers == {prepared}
    assert _worker_cpus(harness) == {cpu}
