"""The judge's side of the trust boundary: where sandbox exceptions become the judge's.

sandbox/ raises its own small tree (sandbox/errors.py) and knows nothing of the judge's; every
sandbox the judge opens goes through open_sandbox here, so each of its calls maps them in one
place, as httpx maps httpcore's exceptions in its transport. mapped_errors() serves the few
other entry points (building the image, asking the engine).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from judge.errors import InternalError, JudgeError, SandboxUnavailable, UsageError
from sandbox.choice import open_sandbox as open_backend
from sandbox import errors as sandbox_errors
from sandbox.base import (
    CallRequest,
    CallResult,
    LoadResult,
    Sandbox,
    SandboxInfo,
    SandboxKind,
    SandboxLimits,
    Submission,
)

_MAPPING: tuple[tuple[type[sandbox_errors.SandboxError], type[JudgeError]], ...] = (
    (sandbox_errors.SandboxUnavailable, SandboxUnavailable),
    (sandbox_errors.SandboxUsageError, UsageError),
    (sandbox_errors.SandboxInternalError, InternalError),
)


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Re-raise a sandbox exception as the judge's of the same meaning (the cause kept)."""
    try:
        yield
    except sandbox_errors.SandboxError as exc:
        judge_error = next(
            (theirs for ours, theirs in _MAPPING if isinstance(exc, ours)), InternalError
        )
        raise judge_error(str(exc)) from exc


def open_sandbox(kind: SandboxKind, limits: SandboxLimits) -> Sandbox:
    """A sandbox of the resolved backend whose every call raises only judge errors."""
    with mapped_errors():
        return _Mapped(open_backend(kind, limits))


class _Mapped:
    """A Sandbox that forwards to the backend's, mapping what it raises."""

    def __init__(self, inner: Sandbox) -> None:
        self._inner = inner
        self.info: SandboxInfo = inner.info

    def prepare(self, submission: Submission) -> None:
        with mapped_errors():
            self._inner.prepare(submission)

    def load(self, submission: Submission) -> LoadResult:
        with mapped_errors():
            return self._inner.load(submission)

    def call(self, request: CallRequest) -> CallResult:
        with mapped_errors():
            return self._inner.call(request)

    def pin_to_cpu(self, cpu: int) -> None:
        with mapped_errors():
            self._inner.pin_to_cpu(cpu)

    def close(self) -> None:
        with mapped_errors():
            self._inner.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
