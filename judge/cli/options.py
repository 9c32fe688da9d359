"""What the command modules share: their common options, and the exit on a user's mistake."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

import judge
from judge.errors import JudgeError, UsageError
from judge.settings import (
    EXAMPLES_ENV,
    HISTORY_ENV,
    IMAGE_ENV,
    SANDBOX_ENV,
    SEED_ENV,
    JudgeOptions,
)
from sandbox.base import SandboxKind

if TYPE_CHECKING:
    from judge.config import UserSettings
    from judge.reports.terminal.consoles import Console

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
        dir_okay=False,
        help=f"The history database (SQLite). Default: ${HISTORY_ENV}, the config file's "
        "`history`, else history.sqlite3 in the user data folder.",
    ),
]
NoHistoryOption = Annotated[
    bool, typer.Option("--no-history", help="Do not record this run in the history.")
]
SandboxOption = Annotated[
    SandboxKind | None,
    typer.Option(
        help="Where candidate code runs: auto (Docker when available, else local), docker, local. "
        f"Default: ${SANDBOX_ENV}, the config file's `sandbox`, else auto.",
        case_sensitive=False,
    ),
]
ImageOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME:TAG",
        help=f"The Docker sandbox's image. Default: ${IMAGE_ENV}, the config file's `image`, "
        f"else judge-sandbox:{judge.__version__}.",
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        help="Seed for the generated inputs; the same seed judges the same. "
        f"Default: ${SEED_ENV}, the config file's `seed`, else {JudgeOptions().seed}.",
    ),
]
ExamplesOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Generated inputs per task (Hypothesis examples). "
        f"Default: ${EXAMPLES_ENV}, the config file's `examples`, else {JudgeOptions().examples}.",
    ),
]
NoComplexityOption = Annotated[
    bool, typer.Option("--no-complexity", help="Skip measuring how each task's time grows.")
]
NoStyleOption = Annotated[
    bool, typer.Option("--no-style", help="Skip the style review (ruff and radon).")
]
ComplexityBudgetOption = Annotated[
    float,
    typer.Option(
        "--complexity-budget",
        metavar="SECONDS",
        min=0.1,
        help="Time to spend measuring each accepted task's growth.",
    ),
]
DEFAULT_COMPLEXITY_BUDGET = JudgeOptions().complexity_budget_s


def settings_given(
    *,
    sandbox: SandboxKind | None = None,
    image: str | None = None,
    seed: int | None = None,
    examples: int | None = None,
    history: Path | None = None,
) -> UserSettings:
    """The settings a command runs with: its options over $JUDGE_* over the config file.

    A command takes the options it needs (SandboxOption, ImageOption, SeedOption, ExamplesOption,
    HistoryOption, all None when not given) and passes them here, inside its `except JudgeError`:
    a bad variable or config file is a usage error like any other.
    """
    from judge.config import CommandLine, user_settings

    return user_settings(CommandLine(sandbox, image, seed, examples, history))


def judge_options_given(
    settings: UserSettings, no_complexity: bool, no_style: bool, complexity_budget: float
) -> JudgeOptions:
    """The judging options of submit, assess and grade: the settings, and the stages asked for
    (NoComplexityOption, NoStyleOption, ComplexityBudgetOption)."""
    return settings.judge_options(
        complexity=not no_complexity, complexity_budget_s=complexity_budget, style=not no_style
    )


def fail(err_console: Console, exc: JudgeError) -> typer.Exit:
    """Print a JudgeError as one line and give the Exit to raise."""
    # Rich is imported when there is something to print: a command's start (and its sandbox's)
    # does not wait for it.
    from judge.reports.terminal.consoles import error

    error(err_console, exc)
    return typer.Exit(exc.exit_code)


def stderr_console() -> Console:
    """A console on stderr, for a command that may never print to it."""
    from judge.reports.terminal.consoles import consoles

    return consoles()[1]


# Click's own error class (a bad option value, an unknown command), found through a public
# class: Typer has bundled its own copy of Click since 0.26, and used the click package before.
_CLICK_ERROR: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"
)


# 128 + SIGPIPE, what a shell reports for a program a closed pipe stopped (`judge submit f.py |
# head -2`): the output was cut short. Never 1, which would say "not accepted".
CLOSED_PIPE_EXIT = 128 + signal.SIGPIPE


def silence_closed_output() -> None:
    """Point stdout and stderr at /dev/null once a reader closed them: what is still buffered
    is dropped instead of failing again on the way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


class OneLineUsageErrors(TyperGroup):
    """The program's top group: a mistake Click catches in the command line (an unknown command
    or option, a value out of range) ends it the way the judge's own usage errors do, with one
    line that says what to do and exit 2, rather than Click's usage block and boxed panel."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            # Not standalone: Click raises its errors rather than printing them its own way.
            with _plain_help_when_piped() as help_settings:
                extra = {**help_settings, **extra}
                status = super().main(args, prog_name, complete_var, False, **extra)
        except _CLICK_ERROR as exc:
            # `judge` alone shows its help and nothing else: typer's panels have printed it on
            # a terminal; the plain text of a pipe is the error's message.
            if type(exc).__name__ == "NoArgsIsHelpError":
                if help_text := str(exc):
                    typer.echo(help_text)
            else:
                from judge.reports.terminal.consoles import error

                error(stderr_console(), UsageError(_usage_message(exc)))
            sys.exit(UsageError.exit_code)
        except typer.Abort:  # end of input at a prompt
            stderr_console().print("Aborted.")
            sys.exit(1)
        # A command that ends normally returns None; typer.Exit(code) comes back as its code.
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        # Caught here, inside typer: typer turns a closed pipe into exit 1.
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            silence_closed_output()
            raise typer.Exit(CLOSED_PIPE_EXIT) from None


@contextlib.contextmanager
def _plain_help_when_piped() -> Iterator[dict[str, int]]:
    """Help on a pipe or in a file is plain text, as Click writes it: no boxes padded with
    spaces to their right border, each paragraph and each option's help one line (wrapped at
    $COLUMNS only when it is set). On a terminal typer's panels stay, wrapped to its width.
    Yields the context settings that give Click that width."""
    if sys.stdout.isatty():
        yield {}
        return
    width = int(os.environ.get("COLUMNS") or 0) or PIPED_HELP_WIDTH
    rich_help = typer.core.HAS_RICH  # read by typer as it formats help
    typer.core.HAS_RICH = False
    try:
        yield {"terminal_width": width, "max_content_width": width}
    finally:
        typer.core.HAS_RICH = rich_help


# Click wraps help to a width; a pipe has none, so one beyond any paragraph of the help.
PIPED_HELP_WIDTH = 4096


def _usage_message(exc: Exception) -> str:
    """Click's message on one line, and where the command's help is."""
    message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "judge"
    if message.endswith("?"):  # Did you mean 'submit'?
        return f"{message} See `{command} --help`"
    return f"{message.rstrip('.')}; see `{command} --help`"
