"""`judge sandbox clean` removes the containers of judge processes that are gone, and only those;
`judge sandbox status` says when there are some. Needs an engine and the image."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from judge.cli.app import app
from sandbox.docker.backend import JUDGE_LABEL, OWNER_LABEL, Engine
from sandbox.docker.image import default_image_name

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_required")]


@pytest.fixture
def engine() -> Iterator[Engine]:
    with Engine.connect() as connected:
        yield connected


def _gone_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def _labelled(engine: Engine, owner: str) -> str:
    """A stopped container carrying the judge's labels, ``owner`` as its owner label."""
    created = engine.client.api.create_container(
        default_image_name(), command=["true"], labels={JUDGE_LABEL: "1", OWNER_LABEL: owner}
    )
    return str(created["Id"])


def test_clean_removes_the_containers_of_gone_judges_and_keeps_the_others(
    engine: Engine,
) -> None:
    gone = _labelled(engine, str(_gone_pid()))
    unreadable = _labelled(engine, "not a pid")
    running_judge = _labelled(engine, str(os.getpid()))  # this test process: alive
    try:
        strays = set(engine.stray_containers())
        assert {gone, unreadable} <= strays
        assert running_judge not in strays

        status = " ".join(CliRunner().invoke(app, ["sandbox", "status"]).stdout.split())
        assert "Left behind" in status
        assert "of judge processes that are gone: run `judge sandbox clean`" in status

        result = CliRunner().invoke(app, ["sandbox", "clean"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Removed ")
        remaining = set(engine.judge_containers())
        assert gone not in remaining and unreadable not in remaining
        assert running_judge in remaining
    finally:
        for container_id in (gone, unreadable, running_judge):
            engine.remove_container(container_id)


def test_removing_a_container_that_is_gone_already_is_fine(engine: Engine) -> None:
    container_id = _labelled(engine, str(_gone_pid()))
    engine.remove_container(container_id)
    engine.remove_container(container_id)
    assert container_id not in engine.judge_containers()
