"""prepare(): the worker starts before load(), for a container in the background; both backends."""

from __future__ import annotations

import dataclasses
import os
import signal

import pytest
from conftest import TEST_LIMITS, Harness, open_backend
from leftovers import process_stat
from waiting import START_TIMEOUT_S, within

from sandbox.base import LoadStatus, Outcome, Sandbox, SandboxKind, Submission
from sandbox.errors import SandboxUnavailable

FIRST = Submission("first.py", b"def answer():\n    return 'first'\n")
SECOND = Submission("second.py", b"def answer():\n    return 'second'\n")
EDITED = b"def answer():\n    return 'edited'\n"


def started_worker(sandbox: Sandbox) -> object:
    """The worker a prepare() started (a container id, or a pid), once it exists."""
    worker = within(
        START_TIMEOUT_S,
        lambda: getattr(sandbox, "container_id", None) or getattr(sandbox, "worker_pid", None),
    )
    assert worker is not None, f"no worker started within {START_TIMEOUT_S} s of prepare()"
    return worker


def prepare_first(harness: Harness) -> object:
    """Prepare FIRST; the worker that started, remembered for the fixture's leftover check."""
    harness.sandbox.prepare(FIRST)
    prepared = started_worker(harness.sandbox)
    harness.workers.add(prepared)
    return prepared


@pytest.mark.parametrize(
    ("loaded", "answer"),
    [
        pytest.param(FIRST, "first", id="as-prepared"),
        pytest.param(Submission(FIRST.filename, EDITED), "edited", id="saved-again-meanwhile"),
    ],
)
def test_load_takes_the_worker_prepared_for_the_file_with_its_content_at_load(
    harness: Harness, loaded: Submission, answer: str
) -> None:
    prepared = prepare_first(harness)
    assert harness.sandbox.load(loaded).status is LoadStatus.OK
    assert harness.call("answer").value == answer
    assert harness.workers == {prepared}


def test_preparing_the_same_file_twice_starts_one_worker(harness: Harness) -> None:
    prepared = prepare_first(harness)
    harness.sandbox.prepare(Submission(FIRST.filename, FIRST.source))
    assert harness.sandbox.load(FIRST).status is LoadStatus.OK
    assert harness.workers == {prepared}


def test_a_prepared_worker_that_died_waiting_is_replaced_not_blamed(harness: Harness) -> None:
    prepared = prepare_first(harness)
    # Pinning waits for the start to end (to pin what it started): the worker is up and waiting.
    harness.sandbox.pin_to_cpu(min(os.sched_getaffinity(0)))
    kill_worker(harness.kind, prepared)
    assert harness.sandbox.load(FIRST).status is LoadStatus.OK
    assert harness.call("answer").value == "first"
    assert len(harness.workers) == 2


def test_preparing_after_a_judging_replaces_its_worker_before_the_next_load(
    harness: Harness,
) -> None:
    assert harness.load(FIRST.source.decode(), FIRST.filename).status is LoadStatus.OK
    (last,) = harness.workers
    harness.sandbox.prepare(FIRST)  # what judge practice does as a check ends
    assert harness.sandbox.load(FIRST).status is LoadStatus.OK
    assert harness.call("answer").value == "first"
    (current,) = harness.workers - {last}
    assert not alive(harness.kind, last)
    assert alive(harness.kind, current)


def alive(kind: SandboxKind, worker: object) -> bool:
    """Whether a worker's container exists, or its process lives (a zombie does not)."""
    if kind is SandboxKind.DOCKER:
        from sandbox.docker.backend import Engine

        with Engine.connect() as engine:
            return any(found.startswith(str(worker)) for found in engine.judge_containers())
    stat = process_stat(int(str(worker)))
    return stat is not None and stat.live


def kill_worker(kind: SandboxKind, worker: object) -> None:
    """Kill a worker from outside, as the kernel or an engine restart might; return once dead."""
    if kind is SandboxKind.DOCKER:
        from sandbox.docker.backend import Engine

        with Engine.connect() as engine:
            engine.client.api.kill(str(worker))  # returns once the container has stopped
        return
    os.kill(int(str(worker)), signal.SIGKILL)
    assert within(START_TIMEOUT_S, lambda: not alive(kind, worker)), f"{worker} outlived SIGKILL"


def test_loading_another_file_replaces_the_prepared_worker(harness: Harness) -> None:
    prepared = prepare_first(harness)
    assert harness.sandbox.load(SECOND).status is LoadStatus.OK
    result = harness.call("answer")
    assert (result.outcome, result.value) == (Outcome.OK, "second")
    assert prepared in harness.workers and len(harness.workers) == 2  # neither is left: fixture


def test_closing_a_sandbox_never_loaded_stops_its_prepared_worker(harness: Harness) -> None:
    prepare_first(harness)
    # The fixture closes the sandbox and checks that the worker is gone.


def unstartable(kind: SandboxKind) -> Sandbox:
    """A sandbox whose worker cannot start: the engine refuses a container under 6 MB, and the
    local backend gets a Python that does not exist."""
    if kind is SandboxKind.DOCKER:
        return open_backend(kind, dataclasses.replace(TEST_LIMITS, memory_mb=1))
    sandbox = open_backend(kind, TEST_LIMITS)
    sandbox.plan = dataclasses.replace(sandbox.plan, python="/nonexistent/python3")  # type: ignore[attr-defined]
    return sandbox


def test_a_start_that_fails_is_reported_by_load_and_leaves_nothing(
    sandbox_kind: SandboxKind,
) -> None:
    with unstartable(sandbox_kind) as sandbox:
        sandbox.prepare(FIRST)  # the failure is load()'s to report, not prepare()'s
        with pytest.raises(SandboxUnavailable):
            sandbox.load(FIRST)
        assert getattr(sandbox, "container_id", None) is None
        assert getattr(sandbox, "worker_pid", None) is None


def test_a_start_that_failed_unseen_does_not_fail_close(sandbox_kind: SandboxKind) -> None:
    sandbox = unstartable(sandbox_kind)
    sandbox.prepare(FIRST)
    sandbox.close()  # no SandboxUnavailable: nobody asked for that worker
    sandbox.close()
