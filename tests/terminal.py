"""A real terminal for the tests of interactive commands: tmux, driven and read from outside."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import prerequisites

_SCREEN_TIMEOUT_S = 60


def tmux_program() -> str:
    """The tmux executable; skips the test without it (fails it under CI)."""
    return prerequisites.program("tmux", package="tmux", untested="the command is untested live")


class Terminal:
    """A detached tmux session running one command, read through capture-pane."""

    def __init__(self, tmux: str, command: str, cwd: Path) -> None:
        self.name = f"judge-test-{uuid.uuid4().hex[:8]}"
        # A server of its own (-L): tests running in parallel never share or stop each other's.
        self.tmux = [tmux, "-L", self.name]
        self._run("new-session", "-d", "-s", self.name, "-x", "120", "-y", "50", "-c", str(cwd))
        # remain-on-exit keeps the pane (and its last screen) after the command ends.
        self._run("set-option", "-t", self.name, "remain-on-exit", "on")
        self.keys(f"{command}; echo EXIT=$?", "Enter")

    def _run(self, *arguments: str) -> str:
        return subprocess.run(
            [*self.tmux, *arguments], capture_output=True, text=True, check=True
        ).stdout

    def screen(self) -> str:
        """The whole scrollback and the visible screen, as plain text."""
        return self._run("capture-pane", "-p", "-J", "-S", "-", "-t", self.name)

    def wait_for(self, text: str) -> str:
        """The screen once ``text`` shows up on it; fails after a bound."""
        deadline = time.monotonic() + _SCREEN_TIMEOUT_S
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed up; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        """Type ``keys`` (tmux key names: "Enter", "C-c") into the terminal."""
        self._run("send-keys", "-t", self.name, *keys)

    def close(self) -> None:
        """Stop this terminal's tmux server and everything running in it."""
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, check=False)


# The fixture `open_terminal` (tests/conftest.py): start a command in a folder, get its terminal.
OpenTerminal = Callable[[str, Path], Terminal]
