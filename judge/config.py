"""The defaults people set once, and where each value came from.

Four layers, each over the one before: the judge's built-in defaults, the config file (TOML,
``$JUDGE_CONFIG`` or ``config.toml`` in the user config folder: ``~/.config/judge/`` on Linux,
``$XDG_CONFIG_HOME/judge/`` when that is set), the ``JUDGE_*`` environment variables, and the
command line. Every key is optional::

    sandbox = "local"            # auto, docker or local
    image = "judge-sandbox:0.1.0"
    seed = 7
    examples = 500
    history = "~/judge-history.sqlite3"   # relative to the config file's folder

A malformed file, an unknown key or a bad value is a UsageError that names the file and the line.
"""

from __future__ import annotations

import enum
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import platformdirs

from judge.errors import UsageError
from judge.settings import (
    CONFIG_ENV,
    EXAMPLES_ENV,
    HISTORY_ENV,
    IMAGE_ENV,
    SANDBOX_ENV,
    SEED_ENV,
    JudgeOptions,
)
from sandbox.base import SandboxKind

T = TypeVar("T")


class Source(enum.Enum):
    """Where a setting's value came from, weakest first."""

    DEFAULT = "built-in default"
    FILE = "config file"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command line"


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One setting's value, its source, and where in that source (a variable, a file's line)."""

    value: T
    source: Source
    where: str = ""


@dataclass(frozen=True, slots=True)
class CommandLine:
    """What the user passed on the command line; None for every option left out."""

    sandbox: SandboxKind | None = None
    image: str | None = None
    seed: int | None = None
    examples: int | None = None
    history: Path | None = None


@dataclass(frozen=True, slots=True)
class UserSettings:
    """The settings a command runs with, each with its source."""

    config_path: Path
    sandbox: Setting[SandboxKind]
    image: Setting[str | None]  # None: the judge's own, judge-sandbox:<judge version>
    seed: Setting[int]
    examples: Setting[int]
    history: Setting[Path]

    def judge_options(self, **stages: Any) -> JudgeOptions:
        """JudgeOptions with these settings; ``stages`` sets the rest (complexity, style...)."""
        return JudgeOptions(
            sandbox=self.sandbox.value,
            image=self.image.value,
            seed=self.seed.value,
            examples=self.examples.value,
            **stages,
        )

    def rows(self) -> tuple[tuple[str, str, Setting[Any]], ...]:
        """(key, environment variable, setting) for every setting, in the file's order."""
        return (
            ("sandbox", SANDBOX_ENV, self.sandbox),
            ("image", IMAGE_ENV, self.image),
            ("seed", SEED_ENV, self.seed),
            ("examples", EXAMPLES_ENV, self.examples),
            ("history", HISTORY_ENV, self.history),
        )


def setting_text(value: object, default_image: str) -> str:
    """A setting's value as the user writes it: a kind by its name, None (the image) as default."""
    if value is None:
        return default_image
    return value.value if isinstance(value, enum.Enum) else str(value)


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$JUDGE_CONFIG`` when set, else config.toml in the user config folder."""
    environ = os.environ if environ is None else environ
    if override := environ.get(CONFIG_ENV):
        return Path(override).expanduser()
    return platformdirs.user_config_path("judge", appauthor=False) / "config.toml"


def user_settings(
    command_line: CommandLine = CommandLine(),
    environ: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> UserSettings:
    """The settings a command runs with: command line over environment over file over default."""
    environ = os.environ if environ is None else environ
    path = config_path or default_config_path(environ)
    in_file = _read_file(path)
    defaults = JudgeOptions()

    def layered(
        key: str, env: str, typed: Callable[[object], T], option: T | None, default: T
    ) -> Setting[T]:
        # A value from the command line was checked by its option already.
        if option is not None:
            return Setting(option, Source.COMMAND_LINE)
        if raw := environ.get(env, "").strip():
            try:
                return Setting(typed(raw), Source.ENVIRONMENT, env)
            except ValueError as exc:
                raise UsageError(f"{env}={raw!r} {exc}; fix or unset the variable") from None
        if key in in_file:
            value, line = in_file[key]
            try:
                return Setting(typed(value), Source.FILE, f"{path}:{line}")
            except ValueError as exc:
                raise UsageError(f"{path}:{line}: {key} = {value!r} {exc}; fix that line") from None
        return Setting(default, Source.DEFAULT)

    history = layered("history", HISTORY_ENV, _path, command_line.history, default_history_file())
    if history.source is Source.FILE and not history.value.is_absolute():
        # A relative path in the file is from the file's folder, not from wherever judge runs.
        history = replace(history, value=path.parent / history.value)
    return UserSettings(
        config_path=path,
        sandbox=layered("sandbox", SANDBOX_ENV, _sandbox, command_line.sandbox, defaults.sandbox),
        image=layered("image", IMAGE_ENV, _image, command_line.image, None),
        seed=layered("seed", SEED_ENV, _seed, command_line.seed, defaults.seed),
        examples=layered(
            "examples", EXAMPLES_ENV, _examples, command_line.examples, defaults.examples
        ),
        history=history,
    )


def default_history_file() -> Path:
    """Where the history lives unless told: history.sqlite3 in the user data folder."""
    return platformdirs.user_data_path("judge", appauthor=False) / "history.sqlite3"


_KEYS = ("sandbox", "image", "seed", "examples", "history")


def _read_file(path: Path) -> dict[str, tuple[object, int]]:
    """The file's keys, each with its value and line; {} when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"cannot read the config file {str(path)!r} ({exc}); fix or remove it"
        ) from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position in the message: "Invalid value (at line 2, column 5)".
        found = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(exc))
        what, line = (found.group(1), found.group(2)) if found else (str(exc), "?")
        raise UsageError(
            f"{path}:{line}: the config file is not valid TOML ({what}); fix or remove that line"
        ) from None
    lines = text.splitlines()
    keys: dict[str, tuple[object, int]] = {}
    for key, value in document.items():
        line = _line_of(key, lines)
        if key not in _KEYS:
            raise UsageError(
                f"{path}:{line}: unknown setting {key!r} in the config file; "
                f"the settings are {', '.join(_KEYS)}"
            )
        keys[key] = (value, line)
    return keys


def _line_of(key: str, lines: list[str]) -> int:
    """The line (from 1) that sets the top-level ``key``; tomllib does not say where it was."""
    quoted = "|".join(re.escape(form) for form in (key, f'"{key}"', f"'{key}'"))
    pattern = re.compile(rf"^\s*(?:{quoted})\s*[=.]")
    for number, line in enumerate(lines, start=1):
        if pattern.match(line) or line.strip() == f"[{key}]":
            return number
    return 1


def _sandbox(value: object) -> SandboxKind:
    if isinstance(value, str):
        try:
            return SandboxKind(value.strip().lower())
        except ValueError:
            pass
    raise ValueError(f"is not a sandbox kind: use {'|'.join(kind.value for kind in SandboxKind)}")


def _image(value: object) -> str:
    if isinstance(value, str) and value.strip() and not any(c.isspace() for c in value.strip()):
        return value.strip()
    raise ValueError("is not an image name: use NAME:TAG, as judge-sandbox:0.1.0")


def _integer(value: object, minimum: int | None) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if number is None or (minimum is not None and number < minimum):
        raise ValueError(
            "is not an integer" if minimum is None else f"is not an integer >= {minimum}"
        )
    return number


def _seed(value: object) -> int:
    return _integer(value, None)


def _examples(value: object) -> int:
    return _integer(value, 1)


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("is not a file path")
    return Path(value).expanduser()
