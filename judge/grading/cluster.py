"""The cluster: a Celery app whose one task judges one Job, the worker, and the Celery Executor.

Nothing lost, nothing counted twice (Celery's docs, "Should I use retry or acks_late?"):

- ``task_acks_late``: a task is acknowledged when its judging has ended, not when it arrives;
  ``task_reject_on_worker_lost``: a task whose worker process died is put back on the queue;
  ``worker_prefetch_multiplier=1``: a worker holds one task per judging process, no more.
- Redis has no acknowledgements of its own: a task a killed worker held goes back to the queue
  once its visibility timeout passes (``judge worker --redeliver-after``), whichever worker
  notices first. That timeout must be longer than the longest judging, or a slow judging is
  handed to a second worker while the first still runs; either way results are keyed
  (versions.py), so a task judged twice is stored once.
- Each task's time limits come from the job (the problem's budget): the soft one ends the
  judging (that candidate's row says so, and nothing is stored for it: a later run judges it
  again), the hard one, should the judging not end, the process. Celery's soft limit raises an
  Exception where the judging is, which an ``except Exception`` on the way (a problem's property,
  Hypothesis running the reference) would take for the candidate's failure and judge on; a task
  raises a BaseException of its own instead (``_JudgingOvertime``).

A worker with the Docker sandbox labels every container it starts with its name
(``judge.grading.worker=NAME``: ``docker ps --filter label=judge.grading.worker`` lists them), and
a starting worker removes the containers of this machine's dead workers (those whose judging
process is gone, killed with it): a SIGKILLed worker leaves nothing running for long.

The task itself is two lines that call judging.judge_job, so a worker judges as the local pool
does. A worker checks its sandbox before it takes any task, and refuses to start without one.
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judge.catalog.discovery import Catalogue
from judge.errors import SandboxUnavailable, UsageError
from judge.grading.cpus import claim_cpu
from judge.grading.jobs import Job, JobFailure, JobOutcome
from judge.grading.judging import judge_job
from judge.grading.pool import Done, Say
from judge.grading.wire import job_from_wire, job_to_wire, outcome_from_wire, outcome_to_wire
from sandbox.base import LoadStatus, Outcome, SandboxInfo, SandboxKind, SandboxLimits, Submission

if TYPE_CHECKING:
    from celery import Celery

TASK_NAME = "judge.grade"
QUEUE = "judge.grade"
# A judging runs for about a minute at most (the problem's budget and growth): ten of them.
DEFAULT_REDELIVER_AFTER_S = 600.0
# Between two looks at the results (one MGET for all pending), and at a broker that went away.
_POLL_S = 0.2
_RECONNECT_S = 1.0
# The hard limit comes this long after the soft one: time for the judging to end its sandbox.
_HARD_LIMIT_MARGIN_S = 15.0
# The label of the Docker containers a worker starts: its name.
WORKER_LABEL = "judge.grading.worker"
# What a pool process gets at a task's soft time limit (billiard.pool.SIG_SOFT_TIMEOUT).
_SOFT_LIMIT_SIGNAL = signal.SIGUSR1


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """Where the queue and the results live."""

    broker: str  # redis://HOST:6379/0 or amqp://...
    backend: str  # where results go: the broker itself when it is Redis
    redeliver_after_s: float = DEFAULT_REDELIVER_AFTER_S

    def __post_init__(self) -> None:
        if self.redeliver_after_s <= 0:
            raise ValueError(f"redeliver-after must be positive, got {self.redeliver_after_s!r}")


def cluster_settings(
    broker: str, backend: str | None = None, redeliver_after_s: float = DEFAULT_REDELIVER_AFTER_S
) -> ClusterSettings:
    """Settings for ``broker``; UsageError for a URL Celery cannot use as asked."""
    scheme = broker.split("://", 1)[0].lower() if "://" in broker else ""
    if scheme not in ("redis", "rediss", "amqp", "amqps", "pyamqp"):
        raise UsageError(
            f"broker {broker!r} is not a redis:// or amqp:// URL; pass --broker redis://HOST:6379/0"
        )
    if backend is None:
        if not scheme.startswith("redis"):
            raise UsageError(
                f"broker {broker!r} keeps no results; pass --backend redis://HOST:6379/0 too"
            )
        backend = broker
    return ClusterSettings(broker, backend, redeliver_after_s)


def celery_app(settings: ClusterSettings) -> Celery:
    """A Celery app configured for judging (see the module docstring)."""
    from celery import Celery

    app = Celery("judge", broker=settings.broker, backend=settings.backend, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        # JSON only: a message is never unpickled (anyone who reaches the broker can write one).
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        result_expires=7 * 24 * 3600,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits out a broker restart
        broker_transport_options={
            "visibility_timeout": settings.redeliver_after_s,
            # Look for tasks of dead workers often: with a short timeout they come back soon.
            "unacked_restore_interval": max(1, int(settings.redeliver_after_s / 10)),
            "unacked_restore_throttle": 1,
        },
        result_backend_transport_options={"retry_policy": {"timeout": 5.0}},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
    )
    return app


# ---- the worker ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """How a `judge worker` judges: its sandbox, problems and processes."""

    cluster: ClusterSettings
    sandbox: SandboxKind
    image: str | None  # the Docker sandbox's image; None: the default one
    concurrency: int
    problems_dirs: tuple[Path, ...] = ()
    name: str | None = None  # Celery's node name; default judge-HOST-PID


def check_sandbox(kind: SandboxKind, image: str | None = None) -> SandboxInfo:
    """The sandbox this worker judges with, shown to load a file; SandboxUnavailable if not."""
    from judge.sandboxes import open_sandbox

    probe = Submission(filename="probe.py", source=b"def probe():\n    return 1\n")
    try:
        with open_sandbox(kind, SandboxLimits(), image) as opened:
            load = opened.load(probe)
            info = opened.info
    except SandboxUnavailable as exc:
        raise SandboxUnavailable(f"this worker refuses work: {exc}") from exc
    except OSError as exc:
        raise SandboxUnavailable(
            f"this worker refuses work: the sandbox cannot start ({exc})"
        ) from exc
    if load.outcome is not Outcome.OK or load.status is not LoadStatus.OK:
        raise SandboxUnavailable(
            f"this worker refuses work: the {info.kind.value} sandbox could not load a probe file"
            f" ({load.outcome.value}: {load.detail}); run `judge sandbox status`"
        )
    return info


def run_worker(settings: WorkerSettings, say: Say) -> None:
    """Check the sandbox, then serve judging tasks until stopped (Ctrl-C, SIGTERM)."""
    from celery.signals import worker_process_init

    from judge.catalog.discovery import discover
    from judge.grading.versions import judge_version

    name = settings.name or f"judge-{socket.gethostname()}-{os.getpid()}"
    info = check_sandbox(settings.sandbox, settings.image)
    if info.kind is SandboxKind.DOCKER:
        swept = _sweep_dead_workers_containers(name)
        if swept:
            say(f"removed {swept} container(s) that dead workers left")
    catalogue = discover(settings.problems_dirs)
    app = celery_app(settings.cluster)

    # resultrepr_maxsize: the log line of a finished task shows its verdict, not the whole report.
    @app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True, resultrepr_maxsize=120)
    def grade(job: dict[str, Any]) -> dict[str, Any]:
        return outcome_to_wire(
            _judge_in_time(job_from_wire(job), catalogue, info.kind, name, settings.image)
        )

    @worker_process_init.connect(weak=False)
    def pin_process(**_: object) -> None:
        # Each judging process on a CPU of its own, across the machine, as the local pool does.
        from billiard.process import current_process

        claim_cpu(getattr(current_process(), "index", 0) or 0)

    say(
        f"judge worker {name}: sandbox {info.kind.value} ({info.reason}); judge {judge_version()};"
        f" {settings.concurrency} judging process(es); problems: {', '.join(catalogue.slugs)}"
    )
    app.worker_main(
        [
            "worker",
            f"--hostname={name}@%h",
            f"--concurrency={settings.concurrency}",
            "--pool=prefork",
            f"--queues={QUEUE}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ]
    )


class _JudgingOvertime(BaseException):
    """A task's soft time limit, raised wherever its judging is. Not an Exception: no ``except
    Exception`` on the way takes it for the candidate's failure and judges on."""


def _raise_overtime(signum: int, frame: object) -> None:
    raise _JudgingOvertime


def _judge_in_time(
    job: Job, catalogue: Catalogue, sandbox: SandboxKind, worker: str, image: str | None
) -> JobOutcome:
    """judge_job, stopped by the task's soft time limit: then a JobFailure saying so."""
    # In place of Celery's handler (billiard.pool.soft_timeout_sighandler), while this job runs.
    previous = signal.signal(_SOFT_LIMIT_SIGNAL, _raise_overtime)
    try:
        return judge_job(job, catalogue, sandbox, worker, image)
    except _JudgingOvertime:  # the judging's `with` blocks have closed its sandbox
        return JobFailure(job.key, worker, overtime_message(job.time_limit_s, worker))
    finally:
        signal.signal(_SOFT_LIMIT_SIGNAL, previous)


def overtime_message(limit_s: float, worker: str | None) -> str:
    """The row's issue when a judging ran past its task's time limit of ``limit_s``."""
    where = "" if worker is None else f" on worker {worker!r}"
    return (
        f"the judging ran past its time limit of {limit_s:g} s{where} and was stopped;"
        " judge this file alone (`judge submit`) to see where the time goes"
    )


def _sweep_dead_workers_containers(name: str) -> int:
    """Label this worker's containers with ``name``; remove those dead workers left here."""
    from judge.sandboxes import mapped_errors
    from sandbox.docker.backend import Engine, label_containers

    label_containers({WORKER_LABEL: name})
    with mapped_errors(), Engine.connect() as engine:
        strays = engine.stray_containers(WORKER_LABEL)
        for container_id in strays:
            engine.remove_container(container_id)
    return len(strays)


# ---- the coordinator's side ----------------------------------------------------------------


class CeleryExecutor:
    """An Executor that sends each job as a Celery task and collects the results."""

    def __init__(self, settings: ClusterSettings, processes: int = 1) -> None:
        self.processes = processes  # for the progress display only: the workers decide
        self._settings = settings

    def run(self, jobs: Sequence[Job], done: Done, say: Say) -> None:
        """Send every job, then hand back each outcome as it comes; wait out a lost broker."""
        app = celery_app(self._settings)
        pending: dict[str, Job] = {}
        try:
            self._send(app, jobs, pending, say)
            while pending:
                try:
                    self._collect(app, pending, done)
                except _connection_errors() as exc:
                    self._wait_for_broker(app, exc, say)
                    resent = list(pending.values())
                    pending.clear()
                    say(f"the broker is back: sending the {len(resent)} pending judgings again")
                    self._send(app, resent, pending, say)
                time.sleep(_POLL_S)
        except KeyboardInterrupt:
            # Their results would be dropped: ask the workers not to start them.
            if pending:
                app.control.revoke(list(pending))
            raise
        finally:
            app.close()

    def _send(self, app: Celery, jobs: Sequence[Job], pending: dict[str, Job], say: Say) -> None:
        for job in jobs:
            while True:
                try:
                    result = app.send_task(
                        TASK_NAME,
                        args=[job_to_wire(job)],
                        queue=QUEUE,
                        soft_time_limit=job.time_limit_s,
                        time_limit=job.time_limit_s + _HARD_LIMIT_MARGIN_S,
                    )
                    break
                except _connection_errors() as exc:
                    self._wait_for_broker(app, exc, say)
            pending[result.id] = job

    def _collect(self, app: Celery, pending: dict[str, Job], done: Done) -> None:
        """Hand back every outcome that is ready (one round trip for all pending)."""
        for task_id, meta in app.backend.get_many(set(pending), max_iterations=1, interval=0):
            job = pending.pop(task_id, None)
            if job is None:
                continue
            if meta["status"] == "SUCCESS":
                try:
                    done(outcome_from_wire(meta["result"]))
                except Exception as exc:  # a malformed reply is that job's failure
                    done(
                        JobFailure(job.key, "?", f"a worker replied with a malformed result: {exc}")
                    )
            else:
                done(JobFailure(job.key, "?", _task_failure(job, meta)))
            app.backend.forget(task_id)

    def _wait_for_broker(self, app: Celery, exc: BaseException, say: Say) -> None:
        """Block until the broker and the result store answer again, saying so once."""
        from kombu.utils.url import maybe_sanitize_url

        where = maybe_sanitize_url(self._settings.broker)
        say(
            f"lost the broker at {where} ({type(exc).__name__}): waiting for it to come back;"
            " what is graded is kept (Ctrl-C stops)"
        )
        while True:
            time.sleep(_RECONNECT_S)
            try:
                with app.connection_for_write() as connection:
                    connection.ensure_connection(max_retries=1)
                app.backend.get_many(set(), max_iterations=1)
                client = getattr(app.backend, "client", None)
                if client is not None:
                    client.ping()
                return
            except _connection_errors():
                continue


def _task_failure(job: Job, meta: dict[str, Any]) -> str:
    """What a task that did not succeed tells its row: the time limit that ended it, or why."""
    why = meta.get("result")
    exc_type = why.get("exc_type") if isinstance(why, dict) else None
    if exc_type == "TimeLimitExceeded":  # the hard limit: Celery ended the judging process
        return overtime_message(job.time_limit_s + _HARD_LIMIT_MARGIN_S, None)
    if exc_type in ("SoftTimeLimitExceeded", _JudgingOvertime.__name__):  # in a narrow window
        return overtime_message(job.time_limit_s, None)
    text = why.get("exc_message", why) if isinstance(why, dict) else why
    return f"the task ended {meta['status']}: {text}"


@functools.cache
def _connection_errors() -> tuple[type[BaseException], ...]:
    """What a broker or result store that went away raises (imported when first needed)."""
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (OperationalError, RedisConnectionError, RedisTimeoutError, ConnectionError)
