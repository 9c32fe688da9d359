"""Everything the user sees on a terminal. The only module that imports rich."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from judge.errors import JudgeError


def error(console: Console, exc: JudgeError) -> None:
    """One line: what went wrong and what to do. The message may hold untrusted text."""
    console.print(Text("Error: ", style="bold red") + Text(str(exc)))
