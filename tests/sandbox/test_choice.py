"""Picking a backend: AUTO's fallback, and DOCKER's refusal."""

from __future__ import annotations

import pytest

from sandbox.base import SandboxKind, SandboxLimits
from sandbox.choice import BackendChoice, choose_backend, open_sandbox
from sandbox.errors import SandboxUnavailable
from sandbox.local.backend import LocalSandbox

LIMITS = SandboxLimits(time_per_call_s=1.0)

NO_ENGINE = "unix:///nonexistent/docker.sock"


def test_local_is_local_without_asking_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", NO_ENGINE)
    assert choose_backend(SandboxKind.LOCAL) == BackendChoice(SandboxKind.LOCAL, "local: asked for")


def test_auto_falls_back_to_local_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", NO_ENGINE)
    choice = choose_backend(SandboxKind.AUTO)
    assert choice.kind is SandboxKind.LOCAL
    assert choice.reason.startswith(f"local: no Docker engine answers at {NO_ENGINE}")
    with open_sandbox(SandboxKind.AUTO, LIMITS) as sandbox:
        assert isinstance(sandbox, LocalSandbox)
        assert sandbox.info.kind is SandboxKind.LOCAL
        assert sandbox.info.reason == choice.reason
        assert "weaker than Docker" in sandbox.info.isolation


def test_docker_without_an_engine_is_unavailable_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCKER_HOST", NO_ENGINE)
    with pytest.raises(SandboxUnavailable) as raised:
        choose_backend(SandboxKind.DOCKER)
    message = str(raised.value)
    assert message.startswith(
        f"the Docker sandbox cannot run: no Docker engine answers at {NO_ENGINE}"
    )
    assert "dockerd" in message and "\n" not in message


@pytest.mark.docker
@pytest.mark.usefixtures("docker_required")
def test_auto_picks_docker_when_it_can_run() -> None:
    choice = choose_backend(SandboxKind.AUTO)
    assert choice.kind is SandboxKind.DOCKER
    assert choice.reason.startswith("docker: Docker ")
    with open_sandbox(SandboxKind.AUTO, LIMITS) as sandbox:
        assert sandbox.info.kind is SandboxKind.DOCKER
        assert sandbox.info.reason == choice.reason
