"""The command line: parse, call the engine, render, exit code. Nothing else lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from judge import render
from judge.errors import JudgeError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    help="Judge live-coding exercises: correctness, complexity and style.",
)
sandbox_app = typer.Typer(no_args_is_help=True, help="Build and inspect the sandbox.")
app.add_typer(sandbox_app, name="sandbox")

ProblemsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--problems-dir",
        help="Extra folder of problem packages (or one problem package); may be repeated.",
        file_okay=False,
    ),
]


def _consoles() -> tuple[Console, Console]:
    """The one stdout console and the one stderr console of this invocation."""
    return Console(), Console(stderr=True)


def _fail(err_console: Console, exc: JudgeError) -> typer.Exit:
    """Print a JudgeError as one line and give the Exit to raise."""
    render.error(err_console, exc)
    return typer.Exit(exc.exit_code)
