"""The graded results, in SQLite: one record per key, each written in one transaction.

The key is the file's content hash, the problem (slug and version), the judge's version and the
judging options (judge/grading/versions.py). ``record`` is INSERT OR IGNORE under that primary
key: a result that comes twice (a redelivered Celery task, two coordinators) adds no second
record. A process killed mid-write leaves the whole record or nothing: SQLite rolls an unfinished
transaction back on the next open. The journal is WAL, so a reader (a report) never blocks the
coordinator's writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from judge.errors import UsageError
from judge.grading.jobs import Graded
from judge.grading.versions import ResultKey
from judge.grading.wire import outcome_from_wire, outcome_to_wire

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE results (
    content_hash TEXT NOT NULL,         -- sha256 of the file's bytes
    problem TEXT NOT NULL,              -- slug
    problem_version TEXT NOT NULL,      -- hash of the problem package
    judge_version TEXT NOT NULL,        -- release + hash of the judge's source
    options TEXT NOT NULL,              -- hash of the judging options
    verdict TEXT NOT NULL,              -- Verdict value
    score REAL NOT NULL,                -- 0-100
    worker TEXT NOT NULL,
    graded_at TEXT NOT NULL,            -- ISO 8601, UTC
    result TEXT NOT NULL,               -- the Graded as JSON (judge/grading/wire.py)
    PRIMARY KEY (content_hash, problem, options, problem_version, judge_version)
);
"""


class ResultStore:
    """An open results database (use ``open_store``)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path

    def record(self, graded: Graded) -> bool:
        """Store ``graded`` under its key; False when that key already has a record."""
        key = graded.key
        with self._connection:  # one transaction: the whole record or nothing
            cursor = self._connection.execute(
                "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key.content_hash,
                    key.problem,
                    key.problem_version,
                    key.judge_version,
                    key.options,
                    graded.verdict.value,
                    graded.score,
                    graded.worker,
                    datetime.now(UTC).isoformat(),
                    json.dumps(outcome_to_wire(graded)),
                ),
            )
        return cursor.rowcount == 1

    def find(self, key: ResultKey, *, any_version: bool) -> Graded | None:
        """The result for ``key``; with ``any_version``, the newest for the same file, problem
        and options whatever the problem's and the judge's version."""
        where = "content_hash = ? AND problem = ? AND options = ?"
        values: tuple[str, ...] = (key.content_hash, key.problem, key.options)
        if not any_version:
            where += " AND problem_version = ? AND judge_version = ?"
            values += (key.problem_version, key.judge_version)
        row = self._connection.execute(
            f"SELECT result FROM results WHERE {where} ORDER BY graded_at DESC LIMIT 1", values
        ).fetchone()
        if row is None:
            return None
        outcome = outcome_from_wire(json.loads(row[0]))
        return outcome if isinstance(outcome, Graded) else None

    def count(self) -> int:
        """How many records the store holds."""
        return int(self._connection.execute("SELECT count(*) FROM results").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._connection.close()


@contextmanager
def open_store(path: Path) -> Iterator[ResultStore]:
    """Open (creating it if needed) the results database at ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30.0)
        connection.execute("PRAGMA journal_mode=WAL")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            with connection:
                connection.executescript(_SCHEMA)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            connection.close()
            raise UsageError(
                f"results database {str(path)!r} has schema version {version}, this judge"
                f" reads {SCHEMA_VERSION}; pass another --store"
            )
    except sqlite3.Error as exc:
        raise UsageError(
            f"cannot open the results database {str(path)!r} ({exc}); pass another --store"
        ) from exc
    store = ResultStore(connection, path)
    try:
        yield store
    finally:
        store.close()
