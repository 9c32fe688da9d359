"""Polling for something the code under test makes happen in the background."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
# Long enough for a container to start on a loaded CI machine.
START_TIMEOUT_S = 30.0


def within(seconds: float, look: Callable[[], T]) -> T:
    """``look()``'s first truthy answer within ``seconds``, polled; else its last answer."""
    deadline = time.monotonic() + seconds
    while not (found := look()) and time.monotonic() < deadline:
        time.sleep(0.01)
    return found
