"""The attempt history: every judged submission, kept in a local SQLite database.

The database lives under the user data directory (platformdirs) unless ``--history PATH`` or the
``JUDGE_HISTORY`` environment variable names another file. One attempt is one row in ``attempts``
plus one row per judged task in ``attempt_tasks``; both are written in one transaction, so a run
killed mid-write (Ctrl-C, SIGKILL, power loss) leaves either the whole attempt or nothing, and the
next run rolls the unfinished transaction back and carries on.

The schema version is SQLite's ``PRAGMA user_version``; a database from a newer judge is refused
rather than misread.
"""

from __future__ import annotations

import enum
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from judge.config import default_history_file
from judge.errors import UsageError
from judge.model import Report, Verdict
from judge.settings import HISTORY_ENV

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,          -- ISO 8601, UTC
    source TEXT NOT NULL,               -- AttemptSource value
    problem TEXT NOT NULL,
    file TEXT NOT NULL,
    verdict TEXT NOT NULL,              -- Verdict value
    sandbox TEXT NOT NULL,
    seed INTEGER NOT NULL,
    duration_s REAL NOT NULL,
    style_score REAL,                   -- NULL when style was not reviewed
    solve_seconds REAL                  -- practice only: time from start to Accepted
);
CREATE TABLE attempt_tasks (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    task TEXT NOT NULL,
    verdict TEXT NOT NULL,
    examples_run INTEGER NOT NULL,
    estimated TEXT,                     -- Growth value, NULL when not measured or unclear
    target TEXT,
    PRIMARY KEY (attempt_id, task)
);
CREATE INDEX attempts_by_problem ON attempts (problem, recorded_at);
"""


class AttemptSource(enum.Enum):
    """Which command judged the attempt."""

    SUBMIT = "submit"
    ASSESS = "assess"
    PRACTICE = "practice"


@dataclass(frozen=True, slots=True)
class ProblemHistory:
    """What the history says about one problem."""

    problem: str
    attempts: int
    accepted: int
    first_attempt_at: datetime
    first_accepted_at: datetime | None
    attempts_to_accept: int | None  # attempts up to and including the first accepted one
    best_style_score: float | None
    best_solve_seconds: float | None  # fastest practice session that ended Accepted
    last_verdict: Verdict


def default_history_path(environ: Mapping[str, str] = os.environ) -> Path:
    """``$JUDGE_HISTORY`` when set, else history.sqlite3 in the user data directory."""
    if override := environ.get(HISTORY_ENV):
        return Path(override)
    return default_history_file()


class History:
    """An open history database; use ``open_history`` to get one."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    def record(
        self,
        reports: Iterable[Report],
        source: AttemptSource,
        *,
        solve_seconds: float | None = None,
        now: datetime | None = None,
    ) -> None:
        """Store the reports as attempts, all or none of them (one transaction)."""
        recorded_at = (now or datetime.now(UTC)).isoformat()
        with self._transaction():
            for report in reports:
                cursor = self._db.execute(
                    "INSERT INTO attempts (recorded_at, source, problem, file, verdict, sandbox,"
                    " seed, duration_s, style_score, solve_seconds)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        recorded_at,
                        source.value,
                        report.problem,
                        report.file,
                        report.verdict.value,
                        report.sandbox.kind.value,
                        report.seed,
                        report.duration_s,
                        None if report.style is None else report.style.score,
                        solve_seconds,
                    ),
                )
                for task in report.tasks:
                    complexity = task.complexity
                    self._db.execute(
                        "INSERT INTO attempt_tasks"
                        " (attempt_id, task, verdict, examples_run, estimated, target)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            cursor.lastrowid,
                            task.task,
                            task.verdict.value,
                            task.examples_run,
                            None
                            if complexity is None or complexity.estimated is None
                            else complexity.estimated.value,
                            None if complexity is None else complexity.target.value,
                        ),
                    )

    def summary(self) -> tuple[ProblemHistory, ...]:
        """One entry per problem ever attempted, by problem name."""
        rows = self._db.execute(
            "SELECT problem, recorded_at, verdict, style_score, solve_seconds FROM attempts"
            " ORDER BY problem, recorded_at, id"
        ).fetchall()
        by_problem: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            by_problem.setdefault(row["problem"], []).append(row)
        return tuple(_summarise(problem, attempts) for problem, attempts in by_problem.items())

    def has_accepted(self, problem: str) -> bool:
        """True once any attempt at ``problem`` was Accepted."""
        row = self._db.execute(
            "SELECT 1 FROM attempts WHERE problem = ? AND verdict = ? LIMIT 1",
            (problem, Verdict.ACCEPTED.value),
        ).fetchone()
        return row is not None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so two judges writing at once queue on
        # the busy timeout instead of failing half-way through an attempt.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def _summarise(problem: str, attempts: list[sqlite3.Row]) -> ProblemHistory:
    """Fold one problem's attempts, oldest first, into its summary."""
    accepted_at = [
        index for index, row in enumerate(attempts) if row["verdict"] == Verdict.ACCEPTED.value
    ]
    styles = [row["style_score"] for row in attempts if row["style_score"] is not None]
    solves = [row["solve_seconds"] for row in attempts if row["solve_seconds"] is not None]
    first = accepted_at[0] if accepted_at else None
    return ProblemHistory(
        problem=problem,
        attempts=len(attempts),
        accepted=len(accepted_at),
        first_attempt_at=datetime.fromisoformat(attempts[0]["recorded_at"]),
        first_accepted_at=None
        if first is None
        else datetime.fromisoformat(attempts[first]["recorded_at"]),
        attempts_to_accept=None if first is None else first + 1,
        best_style_score=max(styles, default=None),
        best_solve_seconds=min(solves, default=None),
        last_verdict=Verdict(attempts[-1]["verdict"]),
    )


@contextmanager
def open_history(path: Path, *, create: bool = True) -> Iterator[History]:
    """Open (and, with ``create``, make) the history database at ``path``.

    With ``create=False`` a missing file reads as an empty history and nothing is written to disk.
    """
    if not create and not path.exists():
        connection = sqlite3.connect(":memory:", isolation_level=None)
    else:
        if path.is_dir():
            raise UsageError(f"history path {str(path)!r} is a directory; pass a file path")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: the module's implicit transactions are off, so every
            # transaction is the explicit BEGIN ... COMMIT in History._transaction.
            connection = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(
                f"cannot open the history at {str(path)!r} ({exc}); pass --history PATH"
            ) from exc
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, path)
        yield History(connection, path)
    except sqlite3.DatabaseError as exc:
        raise UsageError(
            f"the history at {str(path)!r} is not a judge history database ({exc});"
            " pass --history PATH to use another file"
        ) from exc
    finally:
        connection.close()


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Create the schema in a new database; refuse one written by a newer judge."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise UsageError(
            f"the history at {str(path)!r} has schema version {version}, newer than this judge's"
            f" {SCHEMA_VERSION}; upgrade judge or pass --history PATH"
        )
    if version == SCHEMA_VERSION:
        return
    # Statements one by one, not executescript: that commits first, outside this transaction.
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another judge may have created the schema while this one waited for the lock.
        if connection.execute("PRAGMA user_version").fetchone()[0] == 0:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
