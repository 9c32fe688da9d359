"""The consoles, and the pieces every screen shares: the error line, verdict colours, eliding."""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO

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
from judge.report import Verdict
from judge.reports.untrusted import visible

# Longest value, and longest output, shown before the middle is elided.
VALUE_LIMIT = 200
OUTPUT_LIMIT = 1000

FAILED_STYLE = "bold red"
_VERDICT_STYLES = {
    Verdict.ACCEPTED: "bold green",
    Verdict.NONDETERMINISTIC: "bold yellow",
    Verdict.INTERNAL_ERROR: "bold magenta",
}


# A pipe or a file has no width: its lines are as long as they are (`grep` and `cut` read
# whole lines), up to this, far beyond the longest the reports make (values are elided at 200
# characters, outputs at 1000). $COLUMNS, when set, still wins.
PIPE_WIDTH = 4096


class JudgeConsole(Console):
    """A rich Console whose closed pipe is an error the program handles (exit 141), not rich's
    own exit 1, which would read as a verdict (judge/cli/options.py)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def consoles() -> tuple[Console, Console]:
    """The one stdout console and the one stderr console of a command."""
    return _console(stderr=False), _console(stderr=True)


def _console(*, stderr: bool) -> Console:
    """A console on a terminal as rich makes it; on a pipe or a file, no wrapping at 80 columns
    and no trailing spaces (the padding of table cells)."""
    console = JudgeConsole(stderr=stderr)
    if console.is_terminal:
        return console
    stream = sys.stderr if stderr else sys.stdout
    width = None if os.environ.get("COLUMNS") else PIPE_WIDTH
    return JudgeConsole(file=TrimmedLines(stream), width=width)  # type: ignore[arg-type]


class TrimmedLines(io.TextIOBase):
    """A text stream that writes each line to ``stream`` without its trailing spaces; a line's
    unfinished end waits for the rest of it (or for flush)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._stream.fileno()

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        if lines:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending)
            self._pending = ""
        self._stream.flush()


def error(console: Console, exc: JudgeError) -> None:
    """One line: what went wrong and what to do. The message may hold untrusted text."""
    # soft_wrap: the line stays one line however narrow the terminal, so scripts can match it.
    console.print(Text("Error: ", style="bold red") + Text(visible(str(exc))), soft_wrap=True)


def elide(text: str, limit: int = VALUE_LIMIT, *, multiline: bool = False) -> str:
    """Untrusted ``text`` as shown: its middle cut when over ``limit`` (both ends of a long value
    matter), its control characters made visible (judge/reports/untrusted.py)."""
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
