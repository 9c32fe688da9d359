"""Fixtures for sandbox tests: every behavioural test runs on both backends.

The backend parameter (``sandbox_kind``, in tests/conftest.py, shared with the engine's tests)
skips docker when no engine answers or the image is missing, unless JUDGE_REQUIRE_DOCKER=1 (CI),
which turns that skip into a failure.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from leftovers import process_stats
from waiting import within

from sandbox.base import (
    CallRequest,
    CallResult,
    LoadResult,
    Sandbox,
    SandboxKind,
    SandboxLimits,
    Submission,
)

# Small limits keep the hostile suite fast.
TEST_LIMITS = SandboxLimits(
    time_per_call_s=1.0, memory_mb=128, output_bytes=4096, pids=32, cpus=1.0, tmpfs_mb=8
)
# What a timed-out or killed call may take beyond its limit: killing and replacing the worker.
GRACE_S = {SandboxKind.LOCAL: 0.5, SandboxKind.DOCKER: 2.0}
# How long a sandbox's killed processes may take to finish exiting after close.
EXITING_GRACE_S = 2.0


def open_backend(kind: SandboxKind, limits: SandboxLimits) -> Sandbox:
    """A sandbox of exactly this backend (no AUTO fallback)."""
    if kind is SandboxKind.DOCKER:
        from sandbox.container import DockerSandbox

        return DockerSandbox(limits, reason="test")
    from sandbox.local import LocalSandbox

    return LocalSandbox(limits, reason="test")


@dataclass
class Harness:
    """A sandbox under test that remembers every worker it ran, to check none is left."""

    sandbox: Sandbox
    kind: SandboxKind
    limits: SandboxLimits
    workers: set[object] = field(default_factory=set)
    elapsed_s: float = 0.0

    def load(self, source: str, filename: str = "solution.py") -> LoadResult:
        """Load dedented ``source``; elapsed_s says how long it took."""
        started = time.monotonic()
        try:
            return self.sandbox.load(Submission(filename, textwrap.dedent(source).encode()))
        finally:
            self.elapsed_s = time.monotonic() - started
            self._remember()

    def call(
        self, task: str, *args: object, is_class: bool = False, timed: bool = False
    ) -> CallResult:
        """Call ``task`` (timed: a batch, one argument tuple per call); elapsed_s says how long
        it took."""
        started = time.monotonic()
        request = CallRequest(task, args, is_class=is_class, timed=timed)
        try:
            return self.sandbox.call(request)
        finally:
            self.elapsed_s = time.monotonic() - started
            self._remember()

    def within_limit(self, limits: int = 1) -> bool:
        """Whether the last load or call ended within ``limits`` per-call limits plus the
        backend's grace."""
        return self.elapsed_s <= self.limits.time_per_call_s * limits + GRACE_S[self.kind]

    def _remember(self) -> None:
        worker = getattr(self.sandbox, "container_id", None) or getattr(
            self.sandbox, "worker_pid", None
        )
        if worker is not None:
            self.workers.add(worker)


@pytest.fixture
def harness(sandbox_kind: SandboxKind) -> Iterator[Harness]:
    """A sandbox of the backend under test with TEST_LIMITS; checks nothing is left after close."""
    sandbox = open_backend(sandbox_kind, TEST_LIMITS)
    under_test = Harness(sandbox, sandbox_kind, TEST_LIMITS)
    try:
        yield under_test
    finally:
        sandbox.close()
    assert leftovers(under_test) == []


def leftovers(under_test: Harness) -> list[object]:
    """Processes or containers of this sandbox still alive after close."""
    if under_test.kind is SandboxKind.DOCKER:
        from sandbox.container import Engine

        with Engine.connect() as engine:
            alive = set(engine.judge_containers())
        return sorted(
            str(c) for c in under_test.workers if any(a.startswith(str(c)) for a in alive)
        )
    from sandbox.isolation import processes_of_uid

    uid = under_test.sandbox.plan.uid  # type: ignore[attr-defined]

    def alive() -> list[int]:
        if uid is not None:
            return list(processes_of_uid(uid))
        return live_in_groups({int(str(pid)) for pid in under_test.workers})

    # A killed process namespace's init is still exiting for a moment after close (the kernel
    # tears its namespace down first): what is alive once that moment has passed is left over.
    within(EXITING_GRACE_S, lambda: not alive())
    return alive()


def live_in_groups(groups: set[int]) -> list[int]:
    """Live (not zombie) processes whose process group is one of ``groups``."""
    return [stat.pid for stat in process_stats() if stat.live and stat.pgrp in groups]
