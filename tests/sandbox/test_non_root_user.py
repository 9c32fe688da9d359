"""The local sandbox as a newcomer runs it: a real non-root user, a venv in its home or in /tmp.

A venv under /tmp is hidden by the sandbox's private /tmp unless the sandbox brings the
interpreter's installation back (sandbox/local/isolation.py); these tests make the user and its
venvs for real (useradd, python -m venv), so they need root to set up and then run as that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="making a user takes root"),
    pytest.mark.skipif(shutil.which("useradd") is None, reason="no useradd"),
    pytest.mark.skipif(not os.path.exists(SYSTEM_PYTHON), reason=f"no {SYSTEM_PYTHON}"),
]

# Judged in the user's own local sandbox: load a gcd, call it, say what came back and how.
SCRIPT = """
import sys
from sandbox.base import CallRequest, SandboxLimits, Submission
from sandbox.local.backend import LocalSandbox
limits = SandboxLimits(time_per_call_s=2.0, memory_mb=128, output_bytes=4096, pids=16, tmpfs_mb=8)
with LocalSandbox(limits) as local:
    source = b"def gcd(a, b):\\n    return a if b == 0 else gcd(b, a % b)\\n"
    load = local.load(Submission("gcd.py", source))
    result = local.call(CallRequest("gcd", (48, 18)))
    print(load.status.value, result.outcome.value, result.value, sep="|")
    print(local.info.isolation)
"""


@pytest.fixture(scope="module")
def newcomer() -> Iterator[pwd.struct_passwd]:
    """A fresh user with a home of its own, removed (home included) afterwards."""
    name = f"judgenew{os.getpid() % 100000}"
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", name], check=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["pkill", "-KILL", "-u", name], check=False)
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def _as(user: pwd.struct_passwd, *command: str, **extra: str) -> subprocess.CompletedProcess[str]:
    environment = {"HOME": user.pw_dir, "PATH": "/usr/bin:/bin", **extra}
    return subprocess.run(
        command,
        user=user.pw_uid,
        group=user.pw_gid,
        extra_groups=[],
        env=environment,
        cwd=user.pw_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize("where", ["home", "/tmp", "/var/tmp"])
def test_a_non_root_user_judges_from_a_venv_in_its_home_or_in_tmp(
    newcomer: pwd.struct_passwd, where: str
) -> None:
    """The user's venv starts the worker wherever it lives (/tmp and /var/tmp are covered in
    the sandbox, and the venv is brought back), and the call is answered."""
    parent = Path(newcomer.pw_dir) if where == "home" else Path(tempfile.mkdtemp(dir=where))
    os.chown(parent, newcomer.pw_uid, newcomer.pw_gid)
    try:
        # The judge's packages, where the user can read them (a clone may sit under /root).
        code = parent / "code"
        for package in ("sandbox", "judge"):
            shutil.copytree(
                REPO / package, code / package, ignore=shutil.ignore_patterns("__pycache__")
            )
        subprocess.run(
            ["chown", "-R", f"{newcomer.pw_uid}:{newcomer.pw_gid}", str(code)], check=True
        )
        venv = parent / "venv"
        made = _as(newcomer, SYSTEM_PYTHON, "-m", "venv", "--without-pip", str(venv))
        assert made.returncode == 0, made.stderr
        done = _as(newcomer, str(venv / "bin" / "python"), "-c", SCRIPT, PYTHONPATH=str(code))
        assert done.returncode == 0, done.stderr
        answer, isolation = done.stdout.splitlines()[:2]
        assert answer == "ok|ok|6"
        assert "runs as the judge's own user (not root" in isolation
        assert "private /tmp: yes" in isolation
        # The judge may not make a memory cgroup as this user: the line says what that leaves.
        assert "no memory cgroup (cannot make a cgroup in " in isolation
        assert "and the sum over several processes are not limited" in isolation
    finally:
        if where != "home":
            shutil.rmtree(parent, ignore_errors=True)
