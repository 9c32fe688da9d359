"""The attempt history: every judged submission, kept in a local SQLite database.

The database lives under the user data directory (platformdirs) unless ``--history PATH`` or the
``JUDGE_HISTORY`` environment variable names another file. One attempt is one row in ``attempts``
plus one row per judged task in ``attempt_tasks``; both are written in one transaction, so a run
killed mid-write (Ctrl-C, SIGKILL, power loss) leaves either the whole attempt or nothing, and the
next run rolls the unfinished transaction back and carries on.

A `judge practice` session, solved or not, is one row in ``practice_sessions``: its full checks
are attempts too, but a session whose quick checks never passed has no attempt to show for it.

The schema version is SQLite's ``PRAGMA user_version``; an older database is brought up to date
(version 1 lacked ``practice_sessions``), and one from a newer judge is refused rather than misread.
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
from judge.report import Report, Verdict
from judge.settings import HISTORY_ENV

SCHEMA_VERSION = 2

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

# Version 2: practice sessions, solved or not (a version 1 database gets this table only).
_SESSIONS_SCHEMA = """
CREATE TABLE practice_sessions (
    id INTEGER PRIMARY KEY,
    ended_at TEXT NOT NULL,             -- ISO 8601, UTC
    problem TEXT NOT NULL,
    file TEXT NOT NULL,
    solved INTEGER NOT NULL,            -- 0 or 1
    elapsed_s REAL NOT NULL,            -- from the start to Accepted, or to the end
    checks INTEGER NOT NULL,            -- saves judged
    last_verdict TEXT                   -- Verdict value of the last check, NULL if none ran
);
CREATE INDEX sessions_by_problem ON practice_sessions (problem, ended_at);
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
    last_verdict: Verdict | None  # None: only practice sessions that judged nothing
    practice_sessions: int = 0
    practice_solved: int = 0


@dataclass(frozen=True, slots=True)
class Attempt:
    """One recorded attempt, as `judge history --export` writes it."""

    recorded_at: datetime
    source: AttemptSource
    problem: str
    file: str
    verdict: Verdict
    sandbox: str
    seed: int
    duration_s: float
    style_score: float | None
    solve_seconds: float | None


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """How one practice session ended, for the history."""

    problem: str
    file: str
    solved: bool
    elapsed_s: float
    checks: int
    last_verdict: Verdict | None


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

    def record_session(self, session: PracticeRecord, *, now: datetime | None = None) -> None:
        """Store how a practice session ended, solved or not."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO practice_sessions (ended_at, problem, file, solved, elapsed_s,"
                " checks, last_verdict) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (now or datetime.now(UTC)).isoformat(),
                    session.problem,
                    session.file,
                    int(session.solved),
                    session.elapsed_s,
                    session.checks,
                    None if session.last_verdict is None else session.last_verdict.value,
                ),
            )

    def summary(self, problem: str | None = None) -> tuple[ProblemHistory, ...]:
        """One entry per problem ever attempted or practised (only ``problem``, when given),
        by problem name."""
        where, wanted = _only(problem)
        rows = self._db.execute(
            "SELECT problem, recorded_at, verdict, style_score, solve_seconds FROM attempts"
            f"{where} ORDER BY problem, recorded_at, id",
            wanted,
        ).fetchall()
        by_problem: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            by_problem.setdefault(row["problem"], []).append(row)
        sessions = self._db.execute(
            "SELECT problem, min(ended_at) AS first, count(*) AS sessions,"
            " sum(solved) AS solved, min(CASE WHEN solved THEN elapsed_s END) AS fastest"
            " FROM practice_sessions"
            f"{where} GROUP BY problem",
            wanted,
        ).fetchall()
        practised = {row["problem"]: row for row in sessions}
        names = sorted(by_problem.keys() | practised.keys())
        return tuple(
            _summarise(name, by_problem.get(name, []), practised.get(name), self._db)
            for name in names
        )

    def attempts(self, problem: str | None = None) -> tuple[Attempt, ...]:
        """Every attempt (only at ``problem``, when given), oldest first."""
        where, wanted = _only(problem)
        rows = self._db.execute(
            "SELECT recorded_at, source, problem, file, verdict, sandbox, seed, duration_s,"
            f" style_score, solve_seconds FROM attempts{where} ORDER BY recorded_at, id",
            wanted,
        ).fetchall()
        return tuple(
            Attempt(
                recorded_at=datetime.fromisoformat(row["recorded_at"]),
                source=AttemptSource(row["source"]),
                problem=row["problem"],
                file=row["file"],
                verdict=Verdict(row["verdict"]),
                sandbox=row["sandbox"],
                seed=row["seed"],
                duration_s=row["duration_s"],
                style_score=row["style_score"],
                solve_seconds=row["solve_seconds"],
            )
            for row in rows
        )

    def forget(self, problem: str | None = None) -> int:
        """Delete every attempt and practice session (only ``problem``'s, when given); how many
        attempts and sessions went, together."""
        where, wanted = _only(problem)
        with self._transaction():
            # attempt_tasks rows go with their attempt (ON DELETE CASCADE).
            attempts = self._db.execute(f"DELETE FROM attempts{where}", wanted).rowcount
            sessions = self._db.execute(f"DELETE FROM practice_sessions{where}", wanted).rowcount
        return attempts + sessions

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


def _only(problem: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause and its parameter that keep one problem's rows, or none for all."""
    return ("", ()) if problem is None else (" WHERE problem = ?", (problem,))


def _summarise(
    problem: str,
    attempts: list[sqlite3.Row],
    sessions: sqlite3.Row | None,
    db: sqlite3.Connection,
) -> ProblemHistory:
    """Fold one problem's attempts, oldest first, and its practice sessions into its summary."""
    if not attempts:
        assert sessions is not None  # a problem is listed for its attempts or its sessions
        last = db.execute(
            "SELECT last_verdict FROM practice_sessions WHERE problem = ?"
            " ORDER BY ended_at DESC, id DESC LIMIT 1",
            (problem,),
        ).fetchone()["last_verdict"]
        return ProblemHistory(
            problem=problem,
            attempts=0,
            accepted=0,
            first_attempt_at=datetime.fromisoformat(sessions["first"]),
            first_accepted_at=None,
            attempts_to_accept=None,
            best_style_score=None,
            best_solve_seconds=sessions["fastest"],
            last_verdict=None if last is None else Verdict(last),
            practice_sessions=sessions["sessions"],
            practice_solved=sessions["solved"],
        )
    accepted_at = [
        index for index, row in enumerate(attempts) if row["verdict"] == Verdict.ACCEPTED.value
    ]
    styles = [row["style_score"] for row in attempts if row["style_score"] is not None]
    solves = [row["solve_seconds"] for row in attempts if row["solve_seconds"] is not None]
    if sessions is not None and sessions["fastest"] is not None:
        solves.append(sessions["fastest"])
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
        practice_sessions=0 if sessions is None else sessions["sessions"],
        practice_solved=0 if sessions is None else sessions["solved"],
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
        # Another judge may have migrated the schema while this one waited for the lock.
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        steps = {0: _SCHEMA + ";" + _SESSIONS_SCHEMA, 1: _SESSIONS_SCHEMA}
        if version in steps:
            for statement in steps[version].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
