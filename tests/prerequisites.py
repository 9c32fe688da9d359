"""What a test needs from the machine: skipped where it is missing, failed where CI requires it.

CI sets JUDGE_REQUIRE_DOCKER=1 (the Docker engine and the sandbox image) and
JUDGE_REQUIRE_PROGRAMS=1 (chromium, tmux, redis-server), so a test that would silently skip
there fails.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

DOCKER = "JUDGE_REQUIRE_DOCKER"
PROGRAMS = "JUDGE_REQUIRE_PROGRAMS"


def unavailable(message: str, required_by: str) -> NoReturn:
    """Skip the running test, or fail it when the environment variable ``required_by`` is 1."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{message} ({required_by}=1)")
    pytest.skip(message)


def program(*names: str, package: str, untested: str) -> str:
    """The path of the first of ``names`` on PATH; otherwise skip (or fail under CI)."""
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    unavailable(f"{names[0]} is not installed (apt-get install {package}); {untested}", PROGRAMS)
