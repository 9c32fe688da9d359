"""`judge config`: the settings every command starts from, and where each value came from."""

from __future__ import annotations

from typing import Annotated

import typer

from judge.cli.options import fail, settings_given
from judge.errors import JudgeError


def config(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the settings as JSON (docs/report-schema.md).")
    ] = False,
) -> None:
    """Show each setting (sandbox, image, seed, examples, history), its value and its source.

    Command-line options win over `JUDGE_*` environment variables, which win over the config
    file (`$JUDGE_CONFIG`, else config.toml in the user config folder), which wins over the
    built-in defaults.
    """
    from judge.reports.terminal.configuration import settings_table
    from judge.reports.terminal.consoles import consoles
    from sandbox.docker.image import default_image_name

    console, err_console = consoles()
    try:
        settings = settings_given()
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    if json_output:
        from judge.reports.json_report import settings_to_json

        typer.echo(settings_to_json(settings, default_image_name()))
    else:
        settings_table(console, settings, default_image_name())
