"""docs/report-schema.md against the program: each documented JSON example shows every key its
table says is always present, and real `--json` output has exactly the documented keys."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from judge.cli.app import app

SCHEMA = Path(__file__).parents[2] / "docs" / "report-schema.md"
GCD = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n"
# Keys whose values are judged values (tagged objects inside), or another documented document.
_OPAQUE = {"args", "expected", "actual", "report"}
runner = CliRunner(env={"NO_COLOR": "1", "JUDGE_SANDBOX": "local"})


def _sections() -> dict[str, str]:
    """The schema document's sections by heading (## and ###)."""
    parts = re.split(r"^#{2,3} (.+)$", SCHEMA.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _documented(section: str) -> set[str]:
    """The key paths in a section's tables (a cell may list several, comma-separated)."""
    keys: set[str] = set()
    for cell in re.findall(r"^\| (`[^|]+`) \|", section, flags=re.M):
        keys.update(re.findall(r"`([^`]+)`", cell))
    return keys


def _example(section: str) -> Any:
    """The section's first JSON block, parsed (a block of one key gets braces around it)."""
    block = re.search(r"```json\n(.*?)```", section, flags=re.S)
    assert block is not None
    text = block.group(1)
    return json.loads(text if text.lstrip().startswith("{") else "{" + text + "}")


def _paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every key path in a JSON value: `a.b`, `list[].key`."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}{key}"
            yield path
            if key not in _OPAQUE:
                yield from _paths(item, path + ".")
    elif isinstance(value, list):
        for item in value:
            yield from _paths(item, prefix.removesuffix(".") + "[].")


def _objects(value: Any, prefix: str = "") -> Iterator[str]:
    """The key paths that hold an object in a JSON value ("" for the top), as _paths spells
    them but without a list's `[]`."""
    if isinstance(value, dict):
        yield prefix.removesuffix(".")
        for key, item in value.items():
            if key not in _OPAQUE:
                yield from _objects(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item, prefix.removesuffix(".") + "[].")


def _expected_in(document: Any, documented: set[str]) -> set[str]:
    """The documented keys whose object is in ``document`` (a null or empty parent has none)."""
    objects = {path.removesuffix("[]") for path in _objects(document)}
    return {
        key
        for key in documented
        if (key.rpartition(".")[0].removesuffix("[]") if "." in key else "") in objects
    }


def _parents(keys: set[str]) -> set[str]:
    """Every key and every key path above it (`sandbox` for `sandbox.kind`)."""
    found = set(keys)
    for key in keys:
        parts = re.split(r"(?=\[\]\.)|\.", key)
        for end in range(1, len(parts)):
            found.add(re.sub(r"\.\[\]", "[]", ".".join(parts[:end])).removesuffix("[]"))
    return found


SUBMIT = "The JSON document (`schema_version` 1)"
DOCUMENTS = [
    "`judge assess DIR --json`",
    "`judge history --json`",
    "`judge list --json`",
    "`judge show SLUG --json`",
    "`judge config --json`",
]


@pytest.mark.parametrize("heading", [SUBMIT, *DOCUMENTS])
def test_each_example_shows_every_key_its_table_calls_always_present(heading: str) -> None:
    section = _sections()[heading]
    shown = set(_paths(_example(section)))
    documented = _documented(section)
    assert documented - shown == set()
    assert shown - _parents(documented) == set()


def test_the_complexity_example_shows_every_key_of_its_table() -> None:
    section = _sections()["Complexity"]
    shown = {f"tasks[].{path}" for path in _paths(_example(section))}
    documented = _documented(section)
    assert documented - shown == set()
    assert shown - _parents(documented) == set()


def _all_documented() -> set[str]:
    sections = _sections()
    parts = (SUBMIT, "Complexity", "The stress group")
    return set().union(*(_documented(sections[part]) for part in parts))


def test_a_real_submit_report_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    result = runner.invoke(app, ["submit", str(tmp_path / "gcd.py"), "--json", "--examples", "20"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    real = set(_paths(document))
    documented = _all_documented()
    assert _expected_in(document, documented) - real == set()
    assert real - _parents(documented) == set()
    assert {"style", "tasks[].complexity", "tasks[].complexity.timings[].ratio"} <= real


@pytest.mark.parametrize(
    ("heading", "arguments"),
    [
        ("`judge list --json`", ["list", "--json"]),
        ("`judge show SLUG --json`", ["show", "gcd", "--json"]),
        ("`judge config --json`", ["config", "--json"]),
        ("`judge history --json`", ["history", "--json"]),
    ],
)
def test_real_output_has_exactly_the_documented_keys(
    heading: str, arguments: list[str], tmp_path: Path
) -> None:
    if arguments[0] == "history":  # one attempt, so the history has a row
        (tmp_path / "gcd.py").write_text(GCD)
        runner.invoke(
            app, ["submit", str(tmp_path / "gcd.py"), "--no-complexity", "--examples", "5"]
        )
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    real = set(_paths(document))
    documented = _documented(_sections()[heading])
    assert real - _parents(documented) == set()
    assert _expected_in(document, documented) - real == set()


def test_a_real_assessment_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    (tmp_path / "gcd.py").write_text(GCD)
    (tmp_path / "old").mkdir()
    result = runner.invoke(
        app, ["assess", str(tmp_path), "--json", "--no-complexity", "--examples", "5"]
    )
    document = json.loads(result.stdout)
    real = set(_paths(document))
    documented = _documented(_sections()["`judge assess DIR --json`"])
    assert real - _parents(documented) == set()
    assert _expected_in(document, documented) - real == set()
    assert {"problems[].report", "advice[].text"} <= real
    assert document["subfolders"] == [str(tmp_path / "old")]
