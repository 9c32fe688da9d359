"""The one place that picks a sandbox backend, and says why it picked it.

AUTO means Docker when an engine answers and holds the image, else the local process sandbox.
The Docker backend (sandbox/docker/backend.py, the only importer of the docker SDK) is imported
lazily: a machine without the SDK or without an engine still gets the local sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sandbox.base import Sandbox, SandboxKind, SandboxLimits
from sandbox.errors import SandboxUnavailable

if TYPE_CHECKING:
    from sandbox.docker.backend import Engine


@dataclass(frozen=True, slots=True)
class BackendChoice:
    """The backend a kind resolves to on this machine right now, and the reason."""

    kind: SandboxKind  # DOCKER or LOCAL, never AUTO
    reason: str


def choose_backend(kind: SandboxKind, image: str | None = None) -> BackendChoice:
    """Resolve ``kind`` here and now (Docker with ``image``, None: the default image);
    SandboxUnavailable when DOCKER is asked for but cannot run."""
    choice, engine = _resolve(kind, image)
    if engine is not None:
        engine.close()
    return choice


def open_sandbox(kind: SandboxKind, limits: SandboxLimits, image: str | None = None) -> Sandbox:
    """A sandbox of the resolved backend (Docker runs ``image``, None: the default one), its
    info.reason saying why that one."""
    choice, engine = _resolve(kind, image)
    if engine is not None:
        from sandbox.docker.backend import DockerSandbox

        return DockerSandbox(limits, reason=choice.reason, image=image, engine=engine)
    from sandbox.local.backend import LocalSandbox

    return LocalSandbox(limits, reason=choice.reason)


def _resolve(kind: SandboxKind, image: str | None) -> tuple[BackendChoice, Engine | None]:
    """The choice, with the engine still connected when it is Docker (the caller closes it)."""
    if kind is SandboxKind.LOCAL:
        return BackendChoice(SandboxKind.LOCAL, "local: asked for"), None
    try:
        from sandbox.docker.backend import usable_engine
    except ImportError as exc:
        engine, why = None, f"docker backend not available ({exc})"
    else:
        engine, status = usable_engine(image=image)
        why = status.reason
    if engine is not None:
        return BackendChoice(SandboxKind.DOCKER, f"docker: {why}"), engine
    if kind is SandboxKind.DOCKER:
        hint = "" if "judge sandbox build" in why or "dockerd" in why else _DOCKER_HINT
        raise SandboxUnavailable(f"the Docker sandbox cannot run: {why}{hint}")
    return BackendChoice(SandboxKind.LOCAL, f"local: {why}"), None


_DOCKER_HINT = "; start dockerd and run `judge sandbox build`, or use --sandbox local"
