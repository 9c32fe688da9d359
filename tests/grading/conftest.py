"""Fixtures of the grading tests: a real redis-server, and real `judge worker` processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import prerequisites
import pytest
from grade_helpers import (
    RABBITMQ_SCRIPT,
    RabbitServer,
    RedisServer,
    Worker,
    free_port,
    start_worker,
)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own on a free loopback port, stopped after the test."""
    program = prerequisites.program(
        "redis-server", package="redis-server", untested="the cluster is not tested"
    )
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(program, free_port(), folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def rabbitmq_server(tmp_path: Path) -> Iterator[RabbitServer]:
    """A rabbitmq-server node of the test's own on free loopback ports, stopped after the test
    (it takes some 5 s to start: one test uses it)."""
    # Debian installs it in /usr/sbin, which a user's PATH (and CI's) does not hold.
    program = prerequisites.program(
        "rabbitmq-server",
        "/usr/sbin/rabbitmq-server",
        package="rabbitmq-server",
        untested="RabbitMQ is not tested",
    )
    folder = tmp_path / "rabbitmq"
    folder.mkdir()
    server = RabbitServer(
        str(RABBITMQ_SCRIPT) if RABBITMQ_SCRIPT.exists() else program, free_port(), folder
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start `judge worker` processes; every one is stopped after the test."""
    started: list[Worker] = []

    def start(url: str, name: str, *extra: str, env: dict[str, str] | None = None) -> Worker:
        worker = start_worker(url, name, tmp_path, *extra, env=env)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
