"""The one place that picks a sandbox backend, and says why it picked it.

AUTO means Docker when an engine answers and holds the image, else the local process sandbox.
The Docker backend (sandbox/container.py, the only importer of the docker SDK) is imported
lazily: a machine without the SDK or without an engine still gets the local sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from judge.errors import SandboxUnavailable, UsageError
from sandbox.base import Sandbox, SandboxKind, SandboxLimits

SANDBOX_ENV = "JUDGE_SANDBOX"


@dataclass(frozen=True, slots=True)
class BackendChoice:
    """The backend a kind resolves to on this machine right now, and the reason."""

    kind: SandboxKind  # DOCKER or LOCAL, never AUTO
    reason: str


def default_kind(environ: Mapping[str, str] | None = None) -> SandboxKind:
    """The kind JUDGE_SANDBOX names (auto when unset); UsageError for anything else."""
    value = (os.environ if environ is None else environ).get(SANDBOX_ENV, "").strip().lower()
    if not value:
        return SandboxKind.AUTO
    try:
        return SandboxKind(value)
    except ValueError:
        valid = "|".join(kind.value for kind in SandboxKind)
        raise UsageError(f"{SANDBOX_ENV}={value!r} is not a sandbox kind: use {valid}") from None


def choose_backend(kind: SandboxKind) -> BackendChoice:
    """Resolve ``kind`` here and now; SandboxUnavailable when DOCKER is asked for but cannot run."""
    if kind is SandboxKind.LOCAL:
        return BackendChoice(SandboxKind.LOCAL, "local: asked for")
    usable, why = _docker_usable()
    if usable:
        return BackendChoice(SandboxKind.DOCKER, f"docker: {why}")
    if kind is SandboxKind.DOCKER:
        hint = "" if "judge sandbox build" in why or "dockerd" in why else _DOCKER_HINT
        raise SandboxUnavailable(f"the Docker sandbox cannot run: {why}{hint}")
    return BackendChoice(SandboxKind.LOCAL, f"local: {why}")


def open_sandbox(kind: SandboxKind, limits: SandboxLimits) -> Sandbox:
    """A sandbox of the resolved backend, its info.reason saying why that one."""
    choice = choose_backend(kind)
    if choice.kind is SandboxKind.DOCKER:
        from sandbox.container import DockerSandbox

        return DockerSandbox(limits, reason=choice.reason)
    from sandbox.local import LocalSandbox

    return LocalSandbox(limits, reason=choice.reason)


_DOCKER_HINT = "; start dockerd and run `judge sandbox build`, or use --sandbox local"


def _docker_usable() -> tuple[bool, str]:
    """Whether Docker can run here, and why (saying what to do when it cannot)."""
    try:
        from sandbox.container import docker_status
    except ImportError as exc:
        return False, f"docker backend not available ({exc})"
    status = docker_status()
    return status.usable, status.reason
