"""Batches of candidates made from the problems' own files, and the programs a cluster needs."""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from waiting import within

GCD = Path(__file__).resolve().parents[2] / "problems" / "gcd"
# Fast and deterministic: no growth measured, no style review, few generated inputs.
QUICK = ["--no-complexity", "--no-style", "--examples", "20", "--sandbox", "local", "-p", "gcd"]
# How each candidate of ``make_batch`` is graded (verdict, the shrunk failing call).
EXPECTED = {
    "ada": ("accepted", ""),
    "bea": ("runtime_error", "gcd(0, 0)"),
    "cy": ("wrong_answer", "gcd(1, 1)"),
    "dan": ("wrong_answer", "gcd(0, 0)"),
    "eve": ("wrong_answer", "gcd(0, 1)"),
    "fay": ("accepted", ""),
    "gus": ("syntax_error", ""),
}


def make_batch(folder: Path, *, sleepy: int = 0) -> Path:
    """A folder of candidates: files, a folder, a renamed copy, a syntax error, a binary file.

    ``sleepy`` more candidates are right but sleep a second at import (a judging that lasts).
    """
    folder.mkdir(parents=True, exist_ok=True)
    wrong = GCD / "wrong"
    (folder / "ada.py").write_bytes((GCD / "reference.py").read_bytes())
    (folder / "bea.py").write_bytes((wrong / "remainder_check_divides_by_zero.py").read_bytes())
    (folder / "cy.py").write_bytes((wrong / "returns_wrong_variable.py").read_bytes())
    (folder / "dan.py").write_bytes((wrong / "trial_division_none_on_zero.py").read_bytes())
    (folder / "eve.py").write_bytes((wrong / "zero_has_no_divisor.py").read_bytes())
    (folder / "fay").mkdir(exist_ok=True)
    (folder / "fay" / "gcd.py").write_text(
        "def gcd(x, y):\n    while y:\n        x, y = y, x % y\n    return x\n"
    )
    (folder / "gus.py").write_text("def gcd(a, b)\n    return a\n")
    (folder / "hal.py").write_bytes(b"\x00\x01binary")
    for index in range(sleepy):
        source = (GCD / "reference.py").read_text()
        (folder / f"zz{index}.py").write_text(f"import time\ntime.sleep(1)  # {index}\n{source}")
    return folder


def judge_command(*args: str) -> list[str]:
    """The `judge` program with ``args``."""
    return [sys.executable, "-m", "judge", *args]


def read_rows(csv_path: Path) -> dict[str, dict[str, str]]:
    """results.csv by candidate."""
    with csv_path.open(newline="") as table:
        return {row["candidate"]: row for row in csv.DictReader(table)}


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LoopbackServer:
    """A real server program listening on a loopback port, its files in ``folder``."""

    program: str
    port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    def says(self, hello: bytes, reply: bytes) -> bool:
        """Whether the server answers ``hello`` with a reply that starts with ``reply``."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(hello)
                return connection.recv(16).startswith(reply)
        except OSError:
            return False


@dataclass
class RedisServer(LoopbackServer):
    """A real redis-server on a loopback port, without persistence (a restart empties it)."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                self.program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        if not within(10, self._answers):
            raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def _answers(self) -> bool:
        return self.says(b"PING\r\n", b"+PONG")


# The broker's own start script: /usr/sbin/rabbitmq-server, run as root, turns into the
# system's rabbitmq user with the system's folders.
RABBITMQ_SCRIPT = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")


@dataclass
class RabbitServer(LoopbackServer):
    """A real rabbitmq-server node of its own: its ports, its folders, its epmd (all stopped)."""

    epmd_port: int = 0

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def start(self) -> None:
        (self.folder / "enabled_plugins").write_text("[].\n")
        self.epmd_port = free_port()
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder),  # the Erlang cookie
            "RABBITMQ_NODENAME": f"judge-test-{self.port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "ERL_EPMD_PORT": str(self.epmd_port),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.folder / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(self.folder / "rabbitmq.pid"),
        }
        with (self.folder / "rabbitmq.out").open("ab") as log:
            self.process = subprocess.Popen(
                [self.program],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,  # the node and its helpers, stopped as one group
            )
        if not within(60, self._answers):
            self.stop()
            raise RuntimeError(f"rabbitmq-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            with_group(self.process, signal.SIGTERM)  # the node stops cleanly on SIGTERM
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                with_group(self.process, signal.SIGKILL)
                self.process.wait(10)
            within(10, lambda: not _group_alive(self.process.pid))  # type: ignore[union-attr]
            self.process = None
        # Erlang's port mapper daemonises out of the group: ours alone listens on epmd_port.
        for pid in _listeners(self.epmd_port):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def _answers(self) -> bool:
        return self.says(b"AMQP\x00\x00\x09\x01", b"\x01")  # the server's Connection.Start


def _listeners(port: int) -> list[int]:
    """Pids of the processes listening on loopback or any address at TCP ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    pids = []
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        with contextlib.suppress(OSError):
            if os.readlink(fd).removeprefix("socket:[").removesuffix("]") in inodes:
                pids.append(int(fd.parts[2]))
    return sorted(set(pids))


@dataclass
class Worker:
    """A real `judge worker` process, in a session of its own (so SIGKILL takes all of it)."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        if not within(60, lambda: " ready." in self.output() or self.process.poll() is not None):
            raise RuntimeError(f"worker {self.name} did not start:\n{self.output()}")
        if self.process.poll() is not None:
            raise RuntimeError(f"worker {self.name} ended:\n{self.output()}")

    def kill(self) -> None:
        with_group(self.process, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            with_group(self.process, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        # The killed session's processes (the pool's child, its sandbox) end with it.
        within(5, lambda: not _group_alive(self.process.pid))


def start_worker(
    url: str, name: str, folder: Path, *extra: str, env: dict[str, str] | None = None
) -> Worker:
    """Start `judge worker` against ``url`` with the local sandbox and one judging process,
    on every CPU of the machine (an xdist test worker is pinned to one)."""
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            judge_command(
                "worker",
                "--broker",
                url,
                "--sandbox",
                "local",
                "--concurrency",
                "1",
                "--redeliver-after",
                "4",
                "--name",
                name,
                *extra,
            ),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
            preexec_fn=_every_cpu,
        )
    return Worker(name, process, log)


def _every_cpu() -> None:
    os.sched_setaffinity(0, range(os.cpu_count() or 1))


def with_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _group_alive(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs (its zombies wait for a slow reaper)."""
    return any(
        fields[2] == str(pgid) and fields[0] not in ("Z", "X") for fields in _process_stats()
    )


def _process_stats() -> Iterator[list[str]]:
    """Each process's /proc stat fields after its name: state, ppid, pgrp, ..., then its pid."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        yield [*fields, stat.parent.name]


def wait_for(seconds: float, look, what: str):  # type: ignore[no-untyped-def]
    """``look()``'s first truthy answer within ``seconds``; AssertionError naming ``what``."""
    found = within(seconds, look)
    assert found, f"{what} did not happen within {seconds} s"
    return found


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` now (children, theirs, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for fields in _process_stats():
        children.setdefault(int(fields[1]), []).append(int(fields[-1]))
    found, frontier = [], [pid]
    while frontier:
        below = children.get(frontier.pop(), [])
        found += below
        frontier += below
    return found


def process_exists(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def cmdline(pid: int) -> str:
    """The command line of ``pid``, its arguments joined by spaces ("" once it has ended)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")
