"""Fixtures for every test, and the session-end check that nothing was left running."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import leftovers
import prerequisites
import pytest
from prerequisites import DOCKER
from terminal import OpenTerminal, Terminal, tmux_program
from waiting import within

from sandbox.base import SandboxKind


@pytest.fixture(autouse=True)
def private_history(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test records its attempts in a history of its own, never in the user's."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    monkeypatch.setenv("JUDGE_HISTORY", str(path))
    return path


@pytest.fixture(autouse=True)
def no_user_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads the user's config file or their JUDGE_IMAGE/SEED/EXAMPLES."""
    monkeypatch.setenv("JUDGE_CONFIG", str(tmp_path_factory.mktemp("config") / "config.toml"))
    for variable in ("JUDGE_IMAGE", "JUDGE_SEED", "JUDGE_EXAMPLES"):
        monkeypatch.delenv(variable, raising=False)


# ---- CPUs ------------------------------------------------------------------------------------
# Judging runs its thread and its workers on the CPU the thread is on (sandbox/affinity.py):
# two xdist workers that happened to be on one CPU would then share it for a whole judging.


def pin_xdist_worker() -> None:
    """Under xdist, each worker process runs on a CPU of its own (as far as there are CPUs)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[int(worker[2:]) % len(cpus)]})


# ---- timing ---------------------------------------------------------------------------------
# Tests that classify growth by timing code: parallel workers compete for the CPU and its caches
# and bend the curves, so under xdist they skip, and CI runs them alone (pytest -m timing -n 0).


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under more than one xdist worker, skip the tests marked ``timing``."""
    if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) <= 1:
        return
    alone = pytest.mark.skip(reason="timing needs the machine to itself: pytest -m timing -n 0")
    for item in items:
        if item.get_closest_marker("timing") is not None:
            item.add_marker(alone)


# ---- the sandbox backends -------------------------------------------------------------------
# Shared by tests/sandbox and tests/judge: every behavioural test runs on both backends, and
# the docker parameter skips when no engine answers or the image is missing, unless
# JUDGE_REQUIRE_DOCKER=1 (CI), which turns that skip into a failure.


@pytest.fixture(scope="session")
def docker_unavailable() -> str | None:
    """Why the Docker backend cannot run here (None: it can). Asked once per session."""
    try:
        from sandbox.docker.backend import docker_status
    except ImportError as exc:
        return f"docker backend not importable: {exc}"
    status = docker_status()
    return None if status.usable else status.reason


@pytest.fixture(
    params=[
        pytest.param(SandboxKind.LOCAL, id="local"),
        pytest.param(SandboxKind.DOCKER, id="docker", marks=pytest.mark.docker),
    ]
)
def sandbox_kind(request: pytest.FixtureRequest, docker_unavailable: str | None) -> SandboxKind:
    """Each backend in turn."""
    kind: SandboxKind = request.param
    if kind is SandboxKind.DOCKER and docker_unavailable is not None:
        prerequisites.unavailable(f"Docker sandbox unavailable: {docker_unavailable}", DOCKER)
    return kind


@pytest.fixture(scope="session")
def docker_required(docker_unavailable: str | None) -> None:
    """Skip unless the Docker sandbox can run here; with JUDGE_REQUIRE_DOCKER=1 (CI), fail."""
    if docker_unavailable is not None:
        prerequisites.unavailable(f"Docker sandbox unavailable: {docker_unavailable}", DOCKER)


# ---- a real terminal, for interactive commands -------------------------------------------------


@pytest.fixture
def open_terminal() -> Iterator[OpenTerminal]:
    """Start ``command`` in a real terminal (tmux) in a folder; every one is closed afterwards."""
    tmux = tmux_program()
    opened: list[Terminal] = []

    def start(command: str, cwd: Path) -> Terminal:
        terminal = Terminal(tmux, command, cwd)
        opened.append(terminal)
        return terminal

    try:
        yield start
    finally:
        for terminal in opened:
            terminal.close()


# ---- nothing left behind ---------------------------------------------------------------------
# Each process that runs tests (the only one, or each xdist worker) adopts orphans and, at its
# session end, looks for live descendants and for containers labelled with its pid. A worker
# cannot fail the run itself, so it reports to the controller, which sets the exit status.
_LEFTOVERS_KEY = "judge_leftovers"
LEFTOVER_GRACE_S = 5.0
_leftover_lines = pytest.StashKey[list[str]]()
# The sandbox-owned IPC objects already there when the session began: not this session's.
_ipc_before = pytest.StashKey[frozenset[str]]()


def _is_xdist_controller(config: pytest.Config) -> bool:
    return getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    """Adopt orphans in every process that runs tests; give each xdist worker its CPU."""
    config.stash[_leftover_lines] = []
    if not _is_xdist_controller(config):
        config.stash[_ipc_before] = leftovers.sandbox_ipc_objects()
        leftovers.become_subreaper()
        pin_xdist_worker()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Find, report and kill leftovers; any at all fail the run."""
    config = session.config
    lines = config.stash[_leftover_lines]
    if not _is_xdist_controller(config):
        before = config.stash[_ipc_before]
        found = leftovers.find(os.getpid(), before)
        if found:
            # A `judge` program a test ran may have left its last container's removal to a
            # detached process (sandbox/docker/detach.py), adopted here: it gets a moment to finish.
            within(LEFTOVER_GRACE_S, lambda: not leftovers.find(os.getpid(), before))
            found = leftovers.find(os.getpid(), before)
        if found:
            leftovers.clean(found)
            lines.extend(found.describe())
        if hasattr(config, "workeroutput"):
            config.workeroutput[_LEFTOVERS_KEY] = lines
            return
    if lines:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_sep("=", "left behind after the tests (now killed)", red=True)
            for line in lines:
                reporter.write_line(line)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown without xdist
def pytest_testnodedown(node: object, error: object) -> None:
    """xdist: collect what a worker found (only called in the controller)."""
    config: pytest.Config = node.config  # type: ignore[attr-defined]
    output = getattr(node, "workeroutput", {})
    config.stash[_leftover_lines].extend(output.get(_LEFTOVERS_KEY, []))
