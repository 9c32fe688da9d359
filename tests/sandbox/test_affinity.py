"""sandbox/affinity.py: the judging thread's CPU, pinned and given back; CPUs for threads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from sandbox.affinity import CpuPool, current_cpu, thread_on_cpu


def test_the_current_cpu_is_one_the_thread_may_use() -> None:
    allowed = os.sched_getaffinity(0)
    assert current_cpu() in allowed
    with thread_on_cpu(min(allowed)):
        assert current_cpu() == min(allowed)  # pinned: it can only be running there


def test_a_pinned_thread_and_the_processes_it_starts_run_on_one_cpu_until_released() -> None:
    allowed = os.sched_getaffinity(0)
    cpu = max(allowed)
    with thread_on_cpu(cpu):
        assert os.sched_getaffinity(0) == {cpu}
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert child.stdout.strip() == f"[{cpu}]"
    assert os.sched_getaffinity(0) == allowed


def test_threads_started_while_pinned_share_the_pin_and_later_ones_do_not() -> None:
    allowed = os.sched_getaffinity(0)
    seen: list[set[int]] = []
    with thread_on_cpu(max(allowed)):
        other = threading.Thread(target=lambda: seen.append(os.sched_getaffinity(0)))
        other.start()
        other.join()
    # A thread started while pinned inherits the pin; one started after does not.
    assert seen == [{max(allowed)}]
    after = threading.Thread(target=lambda: seen.append(os.sched_getaffinity(0)))
    after.start()
    after.join()
    assert seen[1] == allowed


def test_a_cpu_that_cannot_be_used_leaves_the_thread_where_it_was() -> None:
    allowed = os.sched_getaffinity(0)
    with thread_on_cpu(4096):
        assert os.sched_getaffinity(0) == allowed
    assert os.sched_getaffinity(0) == allowed


def test_concurrent_leases_hold_different_cpus() -> None:
    allowed = os.sched_getaffinity(0)
    pool = CpuPool(2)
    with pool.lease() as first, pool.lease() as second:
        assert {first, second} <= allowed
        if len(allowed) >= 2:
            assert first != second
    with pool.lease() as again:  # given back: leased again
        assert again in {first, second}
