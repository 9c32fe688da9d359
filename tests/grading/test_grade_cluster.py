"""The cluster, for real: a redis-server on a loopback port and `judge worker` processes.

Each test starts its own server and workers (fixtures in conftest.py) and stops them after.
"""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from grade_helpers import (
    EXPECTED,
    QUICK,
    RabbitServer,
    RedisServer,
    Worker,
    cmdline,
    descendants,
    judge_command,
    make_batch,
    read_rows,
    wait_for,
)
from waiting import within

pytestmark = pytest.mark.slow
_ENV = {**os.environ, "COLUMNS": "200"}
# A problem whose calls may take 120 s each, its whole judging 5 s (tests/fixtures).
OVERTIME = Path(__file__).resolve().parents[1] / "fixtures" / "overtime_problem"
# The columns that say what the judge found: the same whichever machine judged.
_FINDINGS = ("status", "verdict", "score", "failing_call", "failure", "issue")


def grade_command(submissions: Path, out: Path, *extra: str) -> list[str]:
    return judge_command("grade", str(submissions), "--out", str(out), *QUICK, *extra)


def start_coordinator(submissions: Path, out: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    """`judge grade --broker` in the background, its output (stdout and stderr) in a pipe."""
    return subprocess.Popen(
        grade_command(submissions, out, "--broker", url, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_ENV,
    )


def findings(out: Path) -> dict[str, tuple[str, ...]]:
    return {
        name: tuple(row[column] for column in _FINDINGS)
        for name, row in read_rows(out / "results.csv").items()
    }


def records(out: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(out / "results.sqlite3") as database:
        return database.execute("SELECT content_hash, count(*) FROM results GROUP BY 1").fetchall()


def test_two_workers_grade_a_batch_as_the_local_pool_does(
    tmp_path: Path, redis_server: RedisServer, workers: Callable[..., Worker]
) -> None:
    submissions = make_batch(tmp_path / "subs")
    started = [workers(redis_server.url, name) for name in ("w1", "w2")]
    local = subprocess.run(
        grade_command(submissions, tmp_path / "local"), capture_output=True, text=True, env=_ENV
    )
    assert local.returncode == 0, local.stderr
    for worker in started:
        worker.wait_ready()
    cluster = subprocess.run(
        grade_command(submissions, tmp_path / "cluster", "--broker", redis_server.url),
        capture_output=True,
        text=True,
        env=_ENV,
        timeout=300,
    )
    assert cluster.returncode == 0, cluster.stderr
    assert findings(tmp_path / "cluster") == findings(tmp_path / "local")
    rows = read_rows(tmp_path / "cluster" / "results.csv")
    assert {rows[name]["verdict"] for name in EXPECTED} == {v for v, _ in EXPECTED.values()}
    # Each worker said which sandbox it judged with, and both took work.
    assert {row["worker"] for row in rows.values() if row["worker"]} == {"w1", "w2"}
    assert {row["sandbox"] for row in rows.values() if row["sandbox"]} == {"local"}
    # The malformed file is reported for that candidate only.
    assert rows["hal"]["issue"] == "'hal.py' is a binary file; pass your Python source file"


def test_two_workers_on_one_machine_judge_on_two_cpus(
    tmp_path: Path, redis_server: RedisServer, workers: Callable[..., Worker]
) -> None:
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: two judging processes cannot have one each")
    # Their own claims folder, so that other tests' pools do not take the CPUs.
    env = {**_ENV, "XDG_RUNTIME_DIR": str(tmp_path)}
    started = [workers(redis_server.url, name, env=env) for name in ("w1", "w2")]
    for worker in started:
        worker.wait_ready()

    def pinned(worker: Worker) -> set[int]:
        found: set[int] = set()
        for pid in descendants(worker.process.pid):
            with contextlib.suppress(ProcessLookupError):  # one that ended since the listing
                cpus = os.sched_getaffinity(pid)
                found |= cpus if len(cpus) == 1 else set()
        return found

    # Each worker's one judging process pins itself as it starts; each index 0 in its own pool,
    # so by index alone both would take the same CPU.
    assert within(30, lambda: all(len(pinned(w)) == 1 for w in started)), [
        w.output() for w in started
    ]
    first, second = (pinned(w) for w in started)
    assert first.isdisjoint(second)


def kill_a_worker_mid_task(
    tmp_path: Path,
    url: str,
    workers: Callable[..., Worker],
    *extra: str,
    judging: Callable[[], object] = lambda: True,
    backend: tuple[str, ...] = (),
) -> Path:
    """Grade a batch while the only worker is SIGKILLed in the middle of a task (once
    ``judging()`` says it has started), then a survivor finishes: checked judged once each."""
    submissions = make_batch(tmp_path / "subs", sleepy=2)
    doomed = workers(url, "doomed", *backend, *extra)
    doomed.wait_ready()
    out = tmp_path / "out"
    coordinator = start_coordinator(submissions, out, url, *backend)
    try:
        wait_for(60, lambda: "Task judge.grade[" in doomed.output(), "a task reaching the worker")
        wait_for(60, judging, "the judging starting")
        doomed.kill()  # SIGKILL, the whole session: the worker, its judging process, its sandbox
        survivor = workers(url, "survivor", *backend, *extra)
        output, _ = coordinator.communicate(timeout=240)
    finally:
        coordinator.kill()
    assert coordinator.returncode == 0, output
    # The killed worker finished nothing: its task, redelivered, was judged by the survivor.
    assert "succeeded" not in doomed.output()
    rows = read_rows(out / "results.csv")
    assert all(row["status"] == "graded" for name, row in rows.items() if name != "hal")
    assert {row["worker"] for row in rows.values() if row["worker"]} == {"survivor"}
    assert "succeeded" in survivor.output()
    assert all(count == 1 for _, count in records(out))
    assert len(records(out)) == len({row["content_hash"] for row in rows.values()} - {""})
    return out


def test_a_worker_killed_mid_task_loses_nothing_and_counts_nothing_twice(
    tmp_path: Path, redis_server: RedisServer, workers: Callable[..., Worker]
) -> None:
    kill_a_worker_mid_task(tmp_path, redis_server.url, workers)


def test_rabbitmq_as_the_broker_redelivers_the_task_of_a_killed_worker(
    tmp_path: Path,
    rabbitmq_server: RabbitServer,
    redis_server: RedisServer,
    workers: Callable[..., Worker],
) -> None:
    # RabbitMQ keeps no results: they go to Redis (--backend).
    kill_a_worker_mid_task(
        tmp_path, rabbitmq_server.url, workers, backend=("--backend", redis_server.url)
    )


@pytest.mark.docker
def test_a_docker_worker_killed_mid_task_leaves_no_container(
    tmp_path: Path,
    redis_server: RedisServer,
    workers: Callable[..., Worker],
    docker_required: None,
) -> None:
    from judge.grading.cluster import WORKER_LABEL
    from sandbox.docker.backend import Engine

    def labelled(name: str) -> list[str]:
        filters = {"label": f"{WORKER_LABEL}={name}"}
        with Engine.connect() as engine:
            return [c["Id"] for c in engine.client.api.containers(all=True, filters=filters)]

    out = kill_a_worker_mid_task(
        tmp_path,
        redis_server.url,
        workers,
        "--sandbox",
        "docker",
        judging=lambda: labelled("doomed"),
    )
    assert {row["sandbox"] for row in read_rows(out / "results.csv").values()} == {"docker", ""}
    # The container of the killed judging is gone: the survivor removed it when it started.
    survivor = (tmp_path / "survivor.log").read_text()
    assert "removed 1 container(s) that dead workers left" in survivor, survivor
    assert within(30, lambda: not labelled("doomed") and not labelled("survivor")), (
        labelled("doomed"),
        (tmp_path / "survivor.log").read_text(),
    )


def test_the_coordinator_waits_out_a_redis_restart(
    tmp_path: Path, redis_server: RedisServer, workers: Callable[..., Worker]
) -> None:
    submissions = make_batch(tmp_path / "subs", sleepy=3)
    worker = workers(redis_server.url, "w1")
    worker.wait_ready()
    out = tmp_path / "out"
    coordinator = start_coordinator(submissions, out, redis_server.url)
    try:
        wait_for(60, lambda: "succeeded" in worker.output(), "a first result")
        redis_server.stop()  # no persistence: the queue and the results there are gone
        time.sleep(3)  # the coordinator looks for results five times a second
        redis_server.start()
        output, _ = coordinator.communicate(timeout=240)
    finally:
        coordinator.kill()
    assert coordinator.returncode == 0, output
    assert f"lost the broker at {redis_server.url} (" in output
    assert "waiting for it to come back; what is graded is kept (Ctrl-C stops)" in output
    assert "the broker is back: sending the " in output
    rows = read_rows(out / "results.csv")
    assert all(row["status"] == "graded" for name, row in rows.items() if name != "hal")
    assert all(count == 1 for _, count in records(out))


def test_a_worker_without_a_working_sandbox_refuses_to_start(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    finished = subprocess.run(
        judge_command("worker", "--broker", redis_server.url, "--sandbox", "docker"),
        capture_output=True,
        text=True,
        timeout=60,
        env={**_ENV, "DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock"},
    )
    assert finished.returncode == 3
    assert finished.stderr.startswith("Error: this worker refuses work: the Docker sandbox cannot")
    assert len(finished.stderr.strip().splitlines()) == 1


def test_a_judging_past_its_tasks_time_limit_is_that_candidates_failure_only(
    tmp_path: Path, redis_server: RedisServer, workers: Callable[..., Worker]
) -> None:
    submissions = tmp_path / "subs"
    submissions.mkdir()
    (submissions / "ada.py").write_text("def double(n):\n    return 2 * n\n")
    (submissions / "bob.py").write_text("def double(n):\n    return n + 3\n")
    # Within its call's 120 s, past the task's soft time limit: the budget (5 s) and 30 s. Sent
    # first: the worker's one judging process then judges the others.
    (submissions / "abe.py").write_text(
        "import time\n\n\ndef double(n):\n    time.sleep(100)\n    return 2 * n\n"
    )
    problem = ("--problems-dir", str(OVERTIME))
    # Redis hands a task out again after --redeliver-after: longer than this judging lasts.
    worker = workers(redis_server.url, "w1", *problem, "--redeliver-after", "120")
    worker.wait_ready()
    out = tmp_path / "out"
    stages = ["--no-complexity", "--no-style", "--examples", "20", "--sandbox", "local"]
    finished = subprocess.run(
        judge_command(
            "grade",
            str(submissions),
            "--out",
            str(out),
            *stages,
            "-p",
            "overtime",
            *problem,
            "--broker",
            redis_server.url,
        ),
        capture_output=True,
        text=True,
        env=_ENV,
        timeout=240,
    )
    assert finished.returncode == 0, finished.stderr
    with (out / "results.csv").open(newline="") as table:
        rows = list(csv.DictReader(table))
    assert [(row["candidate"], row["status"], row["verdict"]) for row in rows] == [
        ("abe", "failed", ""),
        ("ada", "graded", "accepted"),
        ("bob", "graded", "wrong_answer"),
    ]
    assert rows[0]["issue"] == (
        "the judging ran past its time limit of 35 s on worker 'w1' and was stopped;"
        " judge this file alone (`judge submit`) to see where the time goes"
    )
    # The two judged files are stored once each; the stopped judging not at all (judged again
    # by the next run).
    assert sorted(count for _, count in records(out)) == [1, 1]
    # The soft limit stopped the judging, once, and its sandbox with it: the hard limit (15 s
    # later) never came, and the worker took no copy of the task (it says so per task).
    log = worker.output()
    assert log.count("Soft time limit (35.0s) exceeded for judge.grade[") == 1, log
    assert "Hard time limit" not in log
    assert log.count("Task judge.grade[") == 2 * 3, log  # received and succeeded, each
    assert not [pid for pid in descendants(worker.process.pid) if "abe.py" in cmdline(pid)]
    assert worker.process.poll() is None
