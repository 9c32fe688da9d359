"""The local sandbox's memory cgroup: found under the judge's own cgroup, v1 or v2, limited, and
refused (with the reason) where the OS does not let the judge make one.

v2 runs on a directory laid out as cgroupfs lays it out (the machine the tests run on may have
v1 only); v1, when this machine has it and the tests run as root, on the real one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sandbox.local.memory_cgroup import (
    NAME_PREFIX,
    CgroupVersion,
    MemoryCgroup,
    NoCgroup,
    create_memory_cgroup,
    find_hierarchy,
)

LIMIT = 96 * 1024 * 1024


def fake_v2(tmp_path: Path, subtree_control: str) -> tuple[Path, Path, Path]:
    """A cgroup2 mount at tmp_path/cg with the judge in /judge.slice: (mountinfo, membership,
    the judge's cgroup)."""
    own = tmp_path / "cg" / "judge.slice"
    own.mkdir(parents=True)
    (own / "cgroup.controllers").write_text("cpu io memory pids\n")
    (own / "cgroup.subtree_control").write_text(subtree_control)
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        f"25 1 0:22 / {tmp_path}/cg rw,nosuid - cgroup2 cgroup2 rw\n"
        "26 1 0:23 / /proc rw - proc proc rw\n"
    )
    membership = tmp_path / "cgroup"
    membership.write_text("0::/judge.slice\n")
    return mountinfo, membership, own


def make_in(child_files: Path) -> None:
    """What the kernel puts in a new v2 cgroup, made as soon as the judge makes the directory."""
    for name in ("cgroup.procs", "memory.max", "memory.swap.max", "memory.oom.group"):
        (child_files / name).write_text("")
    (child_files / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n")


@pytest.mark.parametrize("delegated", ["memory pids\n", ""], ids=["delegated", "enabled-now"])
def test_v2_makes_a_child_of_the_judges_cgroup_with_every_limit(
    tmp_path: Path, delegated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mountinfo, membership, own = fake_v2(tmp_path, delegated)
    real_mkdir = Path.mkdir

    def mkdir_like_cgroupfs(self: Path, mode: int = 0o777, *args: object) -> None:
        real_mkdir(self, mode)
        make_in(self)

    monkeypatch.setattr(Path, "mkdir", mkdir_like_cgroupfs)
    made = create_memory_cgroup(LIMIT, mountinfo=mountinfo, membership=membership)
    assert isinstance(made, MemoryCgroup)
    assert (made.version, made.path.parent) == (CgroupVersion.V2, own)
    assert made.path.name.startswith(f"{NAME_PREFIX}{os.getpid()}-")
    assert [(made.path / name).read_text() for name in ("memory.max", "memory.swap.max")] == [
        str(LIMIT),
        "0",
    ]
    assert (made.path / "memory.oom.group").read_text() == "1"
    assert made.oom_kills() == 2
    if not delegated:
        assert (own / "cgroup.subtree_control").read_text() == "+memory"
    assert made.enter_path == str(made.path / "cgroup.procs")
    assert made.describe() == (
        "memory cgroup (v2): 96 MiB for the whole sandbox, shared memory and tmpfs counted, no swap"
    )
    made.remove()


def test_v2_that_will_not_delegate_memory_is_no_cgroup_with_the_reason(tmp_path: Path) -> None:
    mountinfo, membership, own = fake_v2(tmp_path, "")
    (own / "cgroup.subtree_control").unlink()
    (own / "cgroup.subtree_control").mkdir()  # the write fails, as EBUSY would
    made = create_memory_cgroup(LIMIT, mountinfo=mountinfo, membership=membership)
    assert isinstance(made, NoCgroup)
    assert made.reason.startswith(
        f"the judge's cgroup '{own}' does not delegate the memory controller ("
    )
    assert list(own.glob(f"{NAME_PREFIX}*")) == []


def test_a_hierarchy_without_the_memory_controller_is_no_cgroup(tmp_path: Path) -> None:
    mountinfo, membership, own = fake_v2(tmp_path, "")
    (own / "cgroup.controllers").write_text("cpu pids\n")  # memory bound to v1 (hybrid)
    assert find_hierarchy(mountinfo, membership) == NoCgroup(
        "no memory controller is mounted for the judge's cgroup"
    )


def test_v1_mounts_are_found_with_the_judges_memory_cgroup(tmp_path: Path) -> None:
    own = tmp_path / "memory" / "sessions" / "one"
    own.mkdir(parents=True)
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        f"32 31 0:29 / {tmp_path}/cpu rw - cgroup cgroup rw,cpu\n"
        f"35 31 0:32 / {tmp_path}/memory rw,relatime - cgroup cgroup rw,memory\n"
        f"41 31 0:38 / {tmp_path}/unified rw - cgroup2 cgroup2 rw\n"
    )
    membership = tmp_path / "cgroup"
    membership.write_text("5:cpu,cpuacct:/\n4:memory:/sessions/one\n0::/\n")
    found = find_hierarchy(mountinfo, membership)
    assert not isinstance(found, NoCgroup)
    assert (found.version, found.own) == (CgroupVersion.V1, own)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a v1 cgroup takes root")
def test_a_real_v1_cgroup_is_limited_and_removed() -> None:
    found = find_hierarchy()
    if isinstance(found, NoCgroup) or found.version is not CgroupVersion.V1:
        pytest.skip("no v1 memory controller here")
    made = create_memory_cgroup(LIMIT)
    assert isinstance(made, MemoryCgroup)
    try:
        assert int((made.path / "memory.limit_in_bytes").read_text()) == LIMIT
        swap = made.path / "memory.memsw.limit_in_bytes"
        assert not swap.exists() or int(swap.read_text()) == LIMIT
        assert made.oom_kills() == 0 and made.processes() == []
    finally:
        made.remove()
    assert not made.path.exists()
    made.remove()  # idempotent
