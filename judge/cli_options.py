"""What the command modules share: their common options, and the exit on a JudgeError."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from judge.errors import JudgeError
from judge.history import HISTORY_ENV
from judge.render.terminal import error
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind
from sandbox.choice import SANDBOX_ENV

if TYPE_CHECKING:
    from judge.render.terminal import Console

ProblemsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--problems-dir",
        help="Extra folder of problem packages (or one problem package); may be repeated.",
        file_okay=False,
    ),
]
HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        envvar=HISTORY_ENV,
        dir_okay=False,
        help="The history database (SQLite). Default: history.sqlite3 in the user data folder.",
    ),
]
NoHistoryOption = Annotated[
    bool, typer.Option("--no-history", help="Do not record this run in the history.")
]
SandboxOption = Annotated[
    SandboxKind | None,
    typer.Option(
        help="Where candidate code runs: auto (Docker when available, else local), docker, local. "
        f"Default: ${SANDBOX_ENV} or auto.",
        case_sensitive=False,
    ),
]
SeedOption = Annotated[
    int, typer.Option(help="Seed for the generated inputs; the same seed judges the same.")
]
ExamplesOption = Annotated[
    int, typer.Option(min=1, help="Generated inputs per task (Hypothesis examples).")
]

DEFAULT_SEED = JudgeOptions().seed
DEFAULT_EXAMPLES = JudgeOptions().examples


def fail(err_console: Console, exc: JudgeError) -> typer.Exit:
    """Print a JudgeError as one line and give the Exit to raise."""
    error(err_console, exc)
    return typer.Exit(exc.exit_code)
