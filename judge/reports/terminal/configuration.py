"""`judge config`: each setting, its value, and where that value came from."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from judge.config import Source, UserSettings, setting_text


def settings_table(console: Console, settings: UserSettings, default_image: str) -> None:
    """One row per setting: key, value, source (and which variable or line), its variable."""
    state = "" if settings.config_path.is_file() else " (not there: every value is a default)"
    console.print(Text(f"Config file: {settings.config_path}{state}"), soft_wrap=True)
    table = Table(title=None)
    for column in ("Setting", "Value", "From", "Variable"):
        table.add_column(column, no_wrap=True)
    for key, variable, setting in settings.rows():
        shown = setting_text(setting.value, default_image)
        source = setting.source.value
        if setting.source is not Source.DEFAULT and setting.where:
            source = f"{source} ({setting.where})"
        table.add_row(key, Text(shown), Text(source), variable)
    console.print(table)
