"""The problem author's commands: `judge new` scaffolds a package, `judge validate` checks it.

Like every command, these import the engine and their screens when they run, not at import.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from judge.cli.options import (
    ExamplesOption,
    ImageOption,
    ProblemsDirOption,
    SandboxOption,
    SeedOption,
    fail,
    settings_given,
)
from judge.errors import JudgeError


def new(
    slug: Annotated[
        str,
        typer.Argument(help="The new problem's slug: lower-case letters, digits, underscores."),
    ],
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            file_okay=False,
            help="Folder to create the package in. Default: ./problems when it exists, "
            "else the current folder.",
        ),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="The task's kind: function (one answer), class (method calls), checker "
            "(several right answers, or a tolerance), in-place (the changed argument is "
            "judged).",
        ),
    ] = "function",
) -> None:
    """Scaffold a problem package: spec.md, reference, strategies, properties, wrong/, slow/."""
    from judge.authoring.scaffold import (
        check_slug,
        default_parent,
        parse_kind,
        scaffold,
        validate_command,
    )
    from judge.catalog.discovery import discover
    from judge.reports.terminal import authoring
    from judge.reports.terminal.consoles import consoles

    console, err_console = consoles()
    try:
        check_slug(slug, discover())
        created = scaffold(slug, directory or default_parent(Path.cwd()), parse_kind(kind))
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    authoring.scaffolded(console, created, validate_command(created, Path.cwd()))


def validate(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SLUG_OR_PATH",
            help="Problems to check, by slug or package folder. Default: every problem.",
            show_default=False,
        ),
    ] = None,
    sandbox: SandboxOption = None,
    image: ImageOption = None,
    seed: SeedOption = None,
    examples: ExamplesOption = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Correctness checks run at once. Default: the CPU count."),
    ] = None,
    skip_growth: Annotated[
        bool,
        typer.Option(
            "--skip-growth",
            help="Do not measure growth (on a busy machine): the reference growth check and "
            "the growth of slow/ solutions are skipped; their verdicts are still checked.",
        ),
    ] = False,
    problems_dir: ProblemsDirOption = None,
) -> None:
    """Check problem packages: reference, strategies, properties, spec, wrong/ and slow/ files.

    Exits 0 when every check passes, 1 when any fails.
    """
    from judge.authoring import validate as validating
    from judge.catalog.selection import select_problems
    from judge.reports.terminal import authoring
    from judge.reports.terminal.consoles import consoles

    console, err_console = consoles()
    try:
        selection = select_problems(targets or (), problems_dir or ())
        settings = settings_given(sandbox=sandbox, image=image, seed=seed, examples=examples)
        options = settings.judge_options(complexity=not skip_growth)
        with authoring.ValidateProgressDisplay(
            err_console, validating.planned_checks(selection)
        ) as progress:
            validated = validating.validate(
                selection,
                options,
                workers=workers or os.cpu_count() or 1,
                on_result=progress.finished,
            )
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    authoring.validation(console, validated)
    raise typer.Exit(0 if validated.passed else 1)
