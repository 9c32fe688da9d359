"""`judge new`: the scaffold imports, is discovered, and fails `judge validate` with messages
that say what to write; and docs/adding-a-problem.md, followed literally, works."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from judge.authoring.validate import CheckStatus, validate
from judge.catalog.discovery import discover
from judge.catalog.problem import Growth
from judge.catalog.selection import select_problems
from judge.cli.app import app
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

GUIDE = Path(__file__).parents[2] / "docs" / "adding-a-problem.md"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
LOCAL = JudgeOptions(sandbox=SandboxKind.LOCAL, examples=50)
SCAFFOLD_FILES = (
    "__init__.py",
    "properties.py",
    "reference.py",
    "slow/slower.py",
    "solution.md",
    "spec.md",
    "strategies.py",
    "wrong/mistake.py",
)


def _new(folder: Path, slug: str = "my_problem") -> Path:
    result = runner.invoke(app, ["new", slug, "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / slug


def test_new_writes_the_package_and_says_what_to_do_next(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "my_problem", "--dir", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    package = tmp_path / "mine" / "my_problem"
    listed = "".join(f"  {name}\n" for name in SCAFFOLD_FILES)
    assert result.stdout == (
        f"Created problem package my_problem in {package}\n{listed}\n"
        "Next: replace every TODO(author) and write every stub that raises NotImplementedError "
        "(docs/adding-a-problem.md walks through it), then run\n"
        f"  judge validate {package.resolve()}\n"
        "It fails, and says what is left to do, until the package is complete.\n"
    )
    written = sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
    assert written == sorted(SCAFFOLD_FILES)


def test_the_scaffold_imports_and_is_discovered_with_problems_dir(tmp_path: Path) -> None:
    _new(tmp_path)
    catalogue = discover([tmp_path])
    assert catalogue.broken == ()
    (problem,) = [p for p in catalogue.problems if p.slug == "my_problem"]
    assert [task.name for task in problem.tasks] == ["my_problem"]
    assert problem.main_task.target is Growth.LINEAR
    result = runner.invoke(app, ["list", "--problems-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "│ my_problem " in result.stdout


@pytest.mark.parametrize("has_problems_folder", [True, False])
def test_new_defaults_to_the_problems_folder_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_problems_folder: bool
) -> None:
    if has_problems_folder:
        (tmp_path / "problems").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", "my_problem"])
    assert result.exit_code == 0, result.output
    where = Path("problems", "my_problem") if has_problems_folder else Path("my_problem")
    assert (tmp_path / where / "spec.md").is_file()
    assert f"  judge validate {where}\n" in result.stdout


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        (
            "My-Problem",
            "invalid problem slug 'My-Problem'; use lower-case letters, digits and underscores, "
            "starting with a letter (it names a Python package)",
        ),
        (
            "2sum",
            "invalid problem slug '2sum'; use lower-case letters, digits and underscores, "
            "starting with a letter (it names a Python package)",
        ),
        (
            "class",
            "invalid problem slug 'class'; use lower-case letters, digits and underscores, "
            "starting with a letter (it names a Python package)",
        ),
        ("gcd", "a problem called 'gcd' already exists; choose another slug"),
    ],
)
def test_a_bad_slug_is_one_line_and_exit_2(tmp_path: Path, slug: str, message: str) -> None:
    result = runner.invoke(app, ["new", slug, "--dir", str(tmp_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "my_problem").mkdir()
    result = runner.invoke(app, ["new", "my_problem", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {str(tmp_path / 'my_problem')!r} already exists; choose another slug or folder\n"
    )
    assert list((tmp_path / "my_problem").iterdir()) == []


def _details(package: Path) -> dict[str, tuple[CheckStatus, str]]:
    validation = validate(select_problems([str(package)]), LOCAL, workers=1)
    return {result.check: (result.status, result.detail) for result in validation.results}


def test_the_scaffold_fails_validate_with_what_to_write(tmp_path: Path) -> None:
    details = _details(_new(tmp_path))
    spec_status, spec_detail = details["spec.md"]
    assert spec_status is CheckStatus.FAILED
    assert spec_detail.splitlines() == [
        "spec.md: fill in section 'Statement': what `my_problem(nums)` returns, "
        "in the words you would use with a candidate.",
        "spec.md: fill in section 'Examples': your examples; keep `examples=` in `__init__.py` "
        "the same, in the same order.",
        "spec.md: fill in section 'Clarifications': the questions a candidate asks "
        "(or should ask), with their answers.",
        "spec.md: fill in section 'Constraints': the input domain (sizes, value ranges) "
        "and the time limit per call.",
        "spec.md: fill in section 'Target complexity': the complexity you expect, "
        "and the worst-case input it is measured on.",
        "spec.md: fill in section 'Follow-ups': what to ask once the candidate's solution "
        "is accepted.",
    ]
    assert details["TODO markers"] == (
        CheckStatus.FAILED,
        "__init__.py:23: set the target complexity that spec.md states.\n"
        "properties.py:14: add the properties that pin a correct answer down.\n"
        "slow/slower.py:3: why this correct solution is slower than the target; "
        "rename the file after it\n"
        "strategies.py:12: draw your problem's inputs, with its edge cases likely.\n"
        "strategies.py:19: build the input of `size` elements that slow solutions are "
        "slowest on.\n"
        "wrong/mistake.py:2: the mistake this solution makes, in one line; "
        "rename the file after it",
    )
    unimplemented = (
        "reference.py: implement the function my_problem (it raises NotImplementedError)"
    )
    assert details["reference examples"] == (CheckStatus.FAILED, unimplemented)
    assert details["reference properties"] == (CheckStatus.FAILED, unimplemented)
    assert details["strategies"][0] is CheckStatus.PASSED
    waiting = "skipped until the reference passes its examples and properties"
    for check in ("reference growth", "wrong/mistake.py", "slow/slower.py"):
        assert details[check] == (CheckStatus.SKIPPED, waiting)


def test_with_a_reference_the_stubs_say_what_to_write(tmp_path: Path) -> None:
    package = _new(tmp_path)
    reference = package / "reference.py"
    reference.write_text(
        reference.read_text().replace(
            'raise NotImplementedError("write the reference solution of my_problem")',
            "return sum(nums)",
        )
    )
    details = _details(package)
    # The scaffold's example still expects 0: the reference answers 6.
    assert details["reference examples"] == (
        CheckStatus.FAILED,
        "my_problem([3, 1, 2]): the reference returned 6, but the example expects 0",
    )
    assert details["reference properties"][0] is CheckStatus.PASSED
    assert details["wrong/mistake.py"] == (
        CheckStatus.SKIPPED,
        "skipped until the reference passes its examples and properties",
    )


def test_the_cli_exits_1_on_the_scaffold(tmp_path: Path) -> None:
    package = _new(tmp_path)
    result = runner.invoke(app, ["validate", str(package), "--sandbox", "local"])
    assert result.exit_code == 1, result.output
    assert "reference.py: implement the function my_problem" in result.stdout
    assert "Invalid: fix the failed checks, then validate again." in result.stdout


# ---- the guide, followed literally ------------------------------------------------------------

_DIRECTIVE = re.compile(r"<!-- guide: (?P<kind>file|exit) (?P<value>\S+) -->")
_FENCE = re.compile(r"(?P<fence>`{3,})(?P<info>\S*)")


def _guide_steps(text: str) -> list[tuple[str, str, str]]:
    """(kind, value, block) for every fenced block of the guide, in order.

    kind is "file" (write the block to value), "exit" (run the block's commands; the last must
    exit with value) or "" (a plain block: console blocks are run and must succeed).
    """
    steps: list[tuple[str, str, str]] = []
    lines = text.splitlines()
    directive: tuple[str, str] = ("", "")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if match := _DIRECTIVE.fullmatch(line.strip()):
            directive = (match["kind"], match["value"])
            continue
        fence = _FENCE.fullmatch(line.strip())
        if fence is None:
            continue
        body: list[str] = []
        while lines[index].strip() != fence["fence"]:
            body.append(lines[index])
            index += 1
        index += 1
        kind, value = directive
        if kind == "file" or fence["info"] == "console":
            steps.append((kind or "exit", value or "0", "\n".join(body) + "\n"))
        directive = ("", "")
    return steps


@pytest.mark.slow
def test_following_the_guide_literally_works(tmp_path: Path) -> None:
    steps = _guide_steps(GUIDE.read_text(encoding="utf-8"))
    assert [kind for kind, _, _ in steps].count("file") == 9
    environment = {**os.environ, "JUDGE_SANDBOX": "local", "COLUMNS": "200"}
    outputs: list[str] = []
    for kind, value, block in steps:
        if kind == "file":
            target = tmp_path / value
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block, encoding="utf-8")
            continue
        commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
        for number, command in enumerate(commands, start=1):
            argv = shlex.split(command)
            if argv[0] == "judge":
                argv = [sys.executable, "-m", "judge", *argv[1:]]
            done = subprocess.run(
                argv, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600
            )
            wanted = int(value) if number == len(commands) else 0
            assert done.returncode == wanted, (command, done.stdout, done.stderr)
            outputs.append(done.stdout)
    # new, validate (fails), rm, validate (passes), submit
    assert len(outputs) == 5
    assert "reference.py: implement the function max_subarray_sum" in outputs[1]
    assert "Valid." in outputs[3]
    assert "Accepted" in outputs[4]
    wrong = tmp_path / "my-problems" / "max_subarray_sum" / "wrong" / "starts_from_zero.py"
    done = subprocess.run(
        [sys.executable, "-m", "judge", "submit", str(wrong), "--problem", "max_subarray_sum"]
        + ["--problems-dir", "my-problems", "--no-history"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr
    # The guide promises the smallest failing input.
    assert "max_subarray_sum([-1])" in done.stdout


@pytest.mark.parametrize(
    ("kind", "declares"),
    [
        ("function", ("exact", ())),
        ("class", ("exact", ())),
        ("checker", ("unordered", ())),
        ("in-place", ("exact", ("nums",))),
    ],
)
def test_each_kind_scaffolds_a_package_that_imports_and_still_fails_validate(
    tmp_path: Path, kind: str, declares: tuple[str, tuple[str, ...]]
) -> None:
    result = runner.invoke(app, ["new", "my_problem", "--kind", kind, "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    catalogue = discover([tmp_path])
    assert catalogue.broken == ()
    (problem,) = [p for p in catalogue.problems if p.slug == "my_problem"]
    task = problem.main_task
    assert (task.checker.kind, task.in_place) == declares
    assert (task.kind.value == "class") is (kind == "class")
    assert "TODO(author)" in (tmp_path / "my_problem" / "__init__.py").read_text("utf-8")


def test_an_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "my_problem", "--kind", "bogus", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown task kind 'bogus'; use one of: function, class, checker, in-place" in (
        result.output
    )
