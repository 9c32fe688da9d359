"""Problem packs: a separate distribution adds problems through the `judge.problems` entry points,
and every command sees them (here `judge list` and `judge submit`, in a process of their own)."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

PACK = Path(__file__).parents[1] / "fixtures" / "pack"
CORRECT = "def count_vowels(text):\n    return sum(char in 'aeiouAEIOU' for char in text)\n"
LOWER_CASE_ONLY = "def count_vowels(text):\n    return sum(char in 'aeiou' for char in text)\n"


def _judge(python: Path | str, cwd: Path, *args: str, pythonpath: str = "") -> tuple[int, str]:
    """Run the judge CLI with ``python``; (exit status, stdout)."""
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    if pythonpath:
        environment["PYTHONPATH"] = pythonpath
    done = subprocess.run(
        [str(python), "-m", "judge", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


def _sees_the_pack(python: Path | str, tmp_path: Path, pythonpath: str = "") -> None:
    """`judge list` shows the pack's problem, and `judge submit` judges files against it."""
    status, listed = _judge(python, tmp_path, "list", pythonpath=pythonpath)
    assert status == 0
    assert "│ count_vowels " in listed and "Count Vowels" in listed
    # Named after the problem, so `submit` infers it.
    (tmp_path / "count_vowels.py").write_text(CORRECT)
    submit = ("submit", "count_vowels.py", "--sandbox", "local", "--no-history")
    status, report = _judge(python, tmp_path, *submit, pythonpath=pythonpath)
    assert status == 0, report
    assert "Verdict: Accepted" in report
    (tmp_path / "count_vowels.py").write_text(LOWER_CASE_ONLY)
    status, report = _judge(python, tmp_path, *submit, pythonpath=pythonpath)
    assert status == 1, report
    assert "count_vowels('A')" in report and "Verdict: Wrong Answer" in report


def test_the_pack_is_not_there_without_its_distribution(tmp_path: Path) -> None:
    status, listed = _judge(sys.executable, tmp_path, "list")
    assert status == 0 and "count_vowels" not in listed


def test_a_pack_registered_through_its_metadata_is_seen(tmp_path: Path) -> None:
    """What an installed distribution amounts to: a dist-info with entry points on sys.path."""
    site = tmp_path / "site"
    dist_info = site / "judge_pack_example-0.1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: judge-pack-example\nVersion: 0.1.0\n"
    )
    (dist_info / "entry_points.txt").write_text(
        "[judge.problems]\ncount_vowels = judge_pack_example.count_vowels\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    _sees_the_pack(sys.executable, work, pythonpath=os.pathsep.join([str(site), str(PACK)]))


@pytest.mark.slow
def test_a_pack_installed_with_pip_is_seen(tmp_path: Path) -> None:
    """Build and install the pack offline into a virtual environment that also sees the judge."""
    source = tmp_path / "pack"
    # A copy: building writes build/ and *.egg-info next to the sources.
    shutil.copytree(
        PACK, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info")
    )
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    # It sees the judge's own environment (a venv or not: wherever this interpreter finds
    # the judge, pip, setuptools and wheel), its .pth files included, and installs into itself.
    (site_packages,) = (environment / "lib").glob("python3*/site-packages")
    judges = [*site.getsitepackages(), site.getusersitepackages()]
    lines = [f"import site; site.addsitedir({path!r})" for path in judges if Path(path).is_dir()]
    (site_packages / "judge-environment.pth").write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    installed = list((environment / "lib").glob("python3*/site-packages/judge_pack_example"))
    assert installed, "the pack was not installed into the virtual environment"
    work = tmp_path / "work"
    work.mkdir()
    _sees_the_pack(python, work)


CLASSIC = Path(__file__).parents[2] / "packs" / "classic"


def test_the_classic_pack_declares_an_entry_point_for_each_of_its_problems() -> None:
    """A problem folder added to packs/classic without its entry point would never be found."""
    import tomllib

    declared = tomllib.loads((CLASSIC / "pyproject.toml").read_text())["project"]["entry-points"][
        "judge.problems"
    ]
    folders = {
        package.name
        for package in (CLASSIC / "judge_classic").iterdir()
        if (package / "__init__.py").is_file()
    }
    assert declared == {slug: f"judge_classic.{slug}" for slug in sorted(folders)}


def test_the_readme_set_up_installs_the_classic_pack() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    (setup,) = [line for line in readme.splitlines() if line.endswith("# set up, once")]
    assert "pip install -e '.[dev]' -e packs/classic" in setup
