"""`judge submit` with the full report, this checkout beside another revision, in one run.

    python benchmarks/submit_against_revision.py [--against main] [--runs 7] [--problem gcd]
                                                 [--sandbox docker]

Each round runs, in turn, a fresh ``python -m judge submit reference.py --problem SLUG --sandbox
KIND --seed i --json --no-history`` (correctness, complexity and style: the full report) from
this checkout and from the revision ``--against`` (``git archive`` of it into a temporary folder,
byte-compiled as this checkout is, run by the same interpreter with that folder first on the
path). Interpreter start-up and imports are included, as a user pays them; timed until the
program exits. Through Docker, the next run starts once the last one's container is gone (its
removal is left to a detached process, which the user's prompt does not wait for). Runs side by
side see the same drift of this machine's load; the medians and the ratio are printed.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from submit_vs_baseline import _wait_for_removal  # type: ignore[import-not-found]

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("judge", "sandbox", "problems")
THIS = "this checkout"


def main() -> None:
    """Time both sides round by round and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="the git revision to compare with")
    parser.add_argument("--runs", type=int, default=7, help="rounds (round i: seed i)")
    parser.add_argument("--problem", default="gcd", help="the problem whose reference is judged")
    parser.add_argument("--sandbox", default="docker", choices=("docker", "local"))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="judge-revision-") as other:
        _extract(options.against, Path(other))
        for root in (REPO, Path(other)):
            for package in PACKAGES:
                compileall.compile_dir(root / package, quiet=1)
        sides = {THIS: REPO, options.against: Path(other)}
        times: dict[str, list[float]] = {name: [] for name in sides}
        for round_seed in range(-1, options.runs):  # round -1 warms caches, and is not counted
            for name, root in sides.items():
                seconds = _submit(root, options.problem, options.sandbox, max(round_seed, 0))
                if round_seed >= 0:
                    times[name].append(seconds)
    medians = {name: statistics.median(seconds) for name, seconds in times.items()}
    print(
        f"judge submit {options.problem}'s reference, full report, --sandbox {options.sandbox}: "
        f"median of {options.runs} interleaved runs"
    )
    for name, runs in times.items():
        spread = ", ".join(f"{seconds:.2f}" for seconds in runs)
        print(f"  {name:<16} {medians[name]:6.2f} s   ({spread})")
    print(f"  ratio            {medians[THIS] / medians[options.against]:6.2f}x")


def _extract(revision: str, into: Path) -> None:
    """The packages of ``revision``, as git has them (no working-tree changes)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, *PACKAGES],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise SystemExit(f"git archive {revision!r} failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


def _submit(root: Path, slug: str, sandbox: str, seed: int) -> float:
    """Seconds one full `judge submit` of ``slug``'s reference takes, from the code at ``root``."""
    reference = root / "problems" / slug / "reference.py"
    command = [sys.executable, "-m", "judge", "submit", str(reference), "--problem", slug]
    command += ["--sandbox", sandbox, "--seed", str(seed), "--json", "--no-history"]
    environment = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    program = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=root
    )
    _, stderr = program.communicate()
    seconds = time.perf_counter() - started
    if program.returncode != 0:
        raise SystemExit(f"judge submit failed from {root}: {stderr.decode().strip()}")
    if sandbox == "docker":
        _wait_for_removal(program.pid)
    return seconds


if __name__ == "__main__":
    main()
