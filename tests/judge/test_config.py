"""The config file, the JUDGE_* variables over it, options over both, and `judge config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from judge.cli.app import app
from judge.config import CommandLine, Setting, Source, user_settings
from judge.errors import UsageError
from sandbox.base import SandboxKind

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_without_a_file_or_variables_every_value_is_the_default(tmp_path: Path) -> None:
    settings = user_settings(environ={}, config_path=tmp_path / "missing.toml")
    assert settings.sandbox == Setting(SandboxKind.AUTO, Source.DEFAULT)
    assert settings.image == Setting(None, Source.DEFAULT)
    assert settings.seed == Setting(0, Source.DEFAULT)
    assert settings.examples == Setting(200, Source.DEFAULT)
    assert settings.history.source is Source.DEFAULT
    assert settings.history.value.name == "history.sqlite3"


def test_options_over_variables_over_the_file(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        '# mine\nsandbox = "local"\nimage = "mine:2"\nseed = 7\nexamples = 50\nhistory = "h.db"\n',
    )
    environ = {"JUDGE_SEED": "8", "JUDGE_IMAGE": "env:3"}
    settings = user_settings(CommandLine(seed=9), environ, path)
    assert settings.seed == Setting(9, Source.COMMAND_LINE)
    assert settings.image == Setting("env:3", Source.ENVIRONMENT, "JUDGE_IMAGE")
    assert settings.sandbox == Setting(SandboxKind.LOCAL, Source.FILE, f"{path}:2")
    assert settings.examples == Setting(50, Source.FILE, f"{path}:5")
    # A relative path in the file is from the file's folder.
    assert settings.history == Setting(tmp_path / "h.db", Source.FILE, f"{path}:6")
    options = settings.judge_options(style=False)
    assert (options.sandbox, options.image, options.seed, options.examples, options.style) == (
        SandboxKind.LOCAL,
        "env:3",
        9,
        50,
        False,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "seed = 1\nsandbox = \n",
            "{path}:2: the config file is not valid TOML (Invalid value); fix or remove that line",
        ),
        (
            "seed = 1\ncolour = 'red'\n",
            "{path}:2: unknown setting 'colour' in the config file; "
            "the settings are sandbox, image, seed, examples, history",
        ),
        ("\n\nseed = 'x'\n", "{path}:3: seed = 'x' is not an integer; fix that line"),
        ("examples = 0\n", "{path}:1: examples = 0 is not an integer >= 1; fix that line"),
        (
            "sandbox = 'podman'\n",
            "{path}:1: sandbox = 'podman' is not a sandbox kind: use auto|docker|local; "
            "fix that line",
        ),
        ("seed = true\n", "{path}:1: seed = True is not an integer; fix that line"),
    ],
)
def test_a_malformed_file_is_one_line_naming_the_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(UsageError) as raised:
        user_settings(environ={}, config_path=path)
    assert str(raised.value) == message.format(path=path)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "JUDGE_SANDBOX",
            "podman",
            "JUDGE_SANDBOX='podman' is not a sandbox kind: use auto|docker|local; "
            "fix or unset the variable",
        ),
        ("JUDGE_SEED", "x", "JUDGE_SEED='x' is not an integer; fix or unset the variable"),
        (
            "JUDGE_IMAGE",
            "a b",
            "JUDGE_IMAGE='a b' is not an image name: use NAME:TAG, as "
            "judge-sandbox:0.1.0; fix or unset the variable",
        ),
    ],
)
def test_a_bad_variable_is_a_usage_error(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        user_settings(environ={variable: value}, config_path=tmp_path / "none.toml")
    assert str(raised.value) == message


def test_judge_config_shows_each_value_and_where_it_came_from(tmp_path: Path) -> None:
    path = _file(tmp_path, "seed = 7\n")
    environ = {"JUDGE_CONFIG": str(path), "JUDGE_SANDBOX": "local"}
    result = runner.invoke(app, ["config", "--json"], env=environ)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["config_file"] == str(path)
    rows = {row["key"]: row for row in document["settings"]}
    assert rows["seed"] == {
        "key": "seed",
        "value": 7,
        "source": "file",
        "where": f"{path}:1",
        "variable": "JUDGE_SEED",
    }
    assert (rows["sandbox"]["value"], rows["sandbox"]["source"]) == ("local", "environment")
    assert (rows["image"]["value"], rows["image"]["source"]) == ("judge-sandbox:0.1.0", "default")
    table = runner.invoke(app, ["config"], env=environ).stdout
    assert f"Config file: {path}\n" in table
    assert "│ seed     │ 7" in table and f"config file ({path}:1)" in table
    assert "environment (JUDGE_SANDBOX)" in table


def test_a_command_uses_the_file_and_reports_a_bad_one_in_one_line(tmp_path: Path) -> None:
    path = _file(tmp_path, "seed = \n")
    result = runner.invoke(app, ["submit", "nothing.py"], env={"JUDGE_CONFIG": str(path)})
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:1: the config file is not valid TOML (Invalid value); "
        "fix or remove that line\n"
    )


def test_the_seed_from_the_file_reaches_the_report(tmp_path: Path) -> None:
    path = _file(tmp_path, "seed = 11\nsandbox = 'local'\nexamples = 5\n")
    (tmp_path / "gcd.py").write_text("def gcd(a, b):\n    return a\n")
    result = runner.invoke(
        app,
        ["submit", str(tmp_path / "gcd.py"), "--json", "--no-history"],
        env={"JUDGE_CONFIG": str(path)},
    )
    report = json.loads(result.stdout)
    assert (report["seed"], report["sandbox"]["kind"]) == (11, "local")
    again = runner.invoke(
        app,
        ["submit", str(tmp_path / "gcd.py"), "--json", "--no-history", "--seed", "12"],
        env={"JUDGE_CONFIG": str(path), "JUDGE_SEED": "3"},
    )
    assert json.loads(again.stdout)["seed"] == 12
