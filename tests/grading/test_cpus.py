"""CPU claims across the machine (judge/grading/cpus.py): each claimer is a real process, on
every CPU this machine has (an xdist worker is pinned to one), with its claims folder in tmp_path
(XDG_RUNTIME_DIR), so that nothing else's claims count."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Widens its CPUs, claims one, prints it and its affinity, and holds the claim until stdin ends.
_CLAIMER = """
import os, sys
os.sched_setaffinity(0, range(os.cpu_count() or 1))
from judge.grading.cpus import claim_cpu
cpu = claim_cpu(int(sys.argv[1]))
print(cpu, sorted(os.sched_getaffinity(0)), flush=True)
sys.stdin.read()
"""

ALL_CPUS = list(range(os.cpu_count() or 1))


class Claimer:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        assert process.stdout is not None
        line = process.stdout.readline().split(maxsplit=1)
        assert line, f"the claimer printed nothing (exit {process.wait(10)})"
        self.cpu = int(line[0])
        self.affinity = line[1].strip()


@pytest.fixture
def claim(tmp_path: Path) -> Iterator[Callable[..., Claimer]]:
    started: list[subprocess.Popen[str]] = []
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}

    def start(index: int = 0) -> Claimer:
        process = subprocess.Popen(
            [sys.executable, "-c", _CLAIMER, str(index)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        started.append(process)
        return Claimer(process)

    yield start
    for process in started:
        process.kill()
        process.wait(10)


needs_two = pytest.mark.skipif(len(ALL_CPUS) < 2, reason="one CPU: no two claims can differ")


@needs_two
def test_two_claimers_get_two_cpus_each_pinned_to_its_own(claim: Callable[..., Claimer]) -> None:
    # Both with index 0, as two `judge worker`s' first pool processes are.
    first, second = claim(0), claim(0)
    assert first.cpu != second.cpu
    assert first.affinity == f"[{first.cpu}]" and second.affinity == f"[{second.cpu}]"
    # From the last CPU down, as the sandbox's CpuPool hands them out.
    assert first.cpu == ALL_CPUS[-1]


@needs_two
def test_a_killed_claimer_frees_its_cpu(claim: Callable[..., Claimer]) -> None:
    first = claim()
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    # The kernel dropped the lock with the process: the next claimer gets the same CPU, not
    # the one a stale claim would leave it.
    assert claim().cpu == first.cpu


def test_more_claimers_than_cpus_all_get_one_and_share_evenly(
    claim: Callable[..., Claimer],
) -> None:
    claimers = [claim() for _ in range(len(ALL_CPUS) + 1)]
    counts = collections.Counter(c.cpu for c in claimers)
    assert set(counts) == set(ALL_CPUS)
    assert sorted(counts.values()) == [1] * (len(ALL_CPUS) - 1) + [2]


def test_a_planted_claims_folder_is_not_used(claim: Callable[..., Claimer], tmp_path: Path) -> None:
    # Someone else's folder (a link to it) in the claims' place: the claim falls back to the
    # process's index in its own pool, and no lock file is made through the link.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "judge-cpus").symlink_to(elsewhere)
    claimers = [claim(index) for index in range(2)]
    downward = ALL_CPUS[::-1]
    assert [c.cpu for c in claimers] == [downward[i % len(downward)] for i in range(2)]
    assert list(elsewhere.iterdir()) == []
