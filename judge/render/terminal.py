"""The consoles, and the pieces every screen shares: the error line, verdict colours, eliding."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from judge.errors import JudgeError
from judge.model import Verdict
from judge.untrusted import visible

# Longest value, and longest output, shown before the middle is elided.
VALUE_LIMIT = 200
OUTPUT_LIMIT = 1000

FAILED_STYLE = "bold red"
_VERDICT_STYLES = {
    Verdict.ACCEPTED: "bold green",
    Verdict.NONDETERMINISTIC: "bold yellow",
    Verdict.INTERNAL_ERROR: "bold magenta",
}


def consoles() -> tuple[Console, Console]:
    """The one stdout console and the one stderr console of a command."""
    return Console(), Console(stderr=True)


def error(console: Console, exc: JudgeError) -> None:
    """One line: what went wrong and what to do. The message may hold untrusted text."""
    # soft_wrap: the line stays one line however narrow the terminal, so scripts can match it.
    console.print(Text("Error: ", style="bold red") + Text(visible(str(exc))), soft_wrap=True)


def elide(text: str, limit: int = VALUE_LIMIT, *, multiline: bool = False) -> str:
    """Untrusted ``text`` as shown: its middle cut when over ``limit`` (both ends of a long value
    matter), its control characters made visible (judge/untrusted.py)."""
    if len(text) > limit:
        marker = f" … ({len(text) - limit} more characters) … "
        head = (limit + 1) // 2
        text = text[:head] + marker + text[len(text) - limit // 2 :]
    return visible(text, multiline=multiline)


def verdict_text(verdict: Verdict) -> Text:
    """The verdict spelled out, in its colour."""
    return Text(verdict.title, style=_VERDICT_STYLES.get(verdict, FAILED_STYLE))


def progress_bars(console: Console, *, transient: bool = False) -> Progress:
    """The progress display of long commands: spinner, description, bar, n/total, elapsed.

    Only on a terminal: a log or a pipe gets the final report alone, not the bars' last frame.
    """
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
        disable=not console.is_terminal,
    )
