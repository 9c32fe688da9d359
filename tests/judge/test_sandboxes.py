"""The boundary: every sandbox exception becomes the judge's of the same meaning and exit code."""

from __future__ import annotations

import pytest

from judge import errors
from judge.sandboxes import mapped_errors, open_sandbox
from sandbox import errors as sandbox_errors
from sandbox.base import SandboxKind, SandboxLimits

NO_ENGINE = "unix:///nonexistent/docker.sock"


@pytest.mark.parametrize(
    ("raised", "expected", "exit_code"),
    [
        (sandbox_errors.SandboxUnavailable, errors.SandboxUnavailable, 3),
        (sandbox_errors.SandboxUsageError, errors.UsageError, 2),
        (sandbox_errors.SandboxInternalError, errors.InternalError, 3),
        (sandbox_errors.SandboxError, errors.InternalError, 3),
    ],
)
def test_a_sandbox_exception_is_mapped_with_its_message_and_cause(
    raised: type[sandbox_errors.SandboxError], expected: type[errors.JudgeError], exit_code: int
) -> None:
    with pytest.raises(expected) as caught, mapped_errors():
        raise raised("what happened")
    assert type(caught.value) is expected
    assert str(caught.value) == "what happened"
    assert isinstance(caught.value.__cause__, raised)
    assert caught.value.exit_code == exit_code


def test_docker_without_an_engine_reaches_the_judge_as_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCKER_HOST", NO_ENGINE)
    with pytest.raises(errors.SandboxUnavailable) as caught:
        open_sandbox(SandboxKind.DOCKER, SandboxLimits(time_per_call_s=1.0))
    assert caught.value.exit_code == 3
    assert "no Docker engine answers" in str(caught.value)
