"""The attempt history: what it stores, what it sums up, and that a killed write leaves nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from judge.cli import app as cli
from judge.cli.app import app
from judge.errors import UsageError
from judge.report import Report, StyleReport, TaskReport, Verdict
from judge.sessions import history as history_module
from judge.sessions.history import (
    SCHEMA_VERSION,
    AttemptSource,
    PracticeRecord,
    ProblemHistory,
    default_history_path,
    open_history,
)
from sandbox.base import SandboxInfo, SandboxKind

REPO = Path(__file__).resolve().parents[2]
START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def _report(problem: str, verdict: Verdict, style: float | None = None) -> Report:
    tasks = (TaskReport(problem, verdict, 40), TaskReport(f"{problem}_follow_up", verdict, 40))
    return Report(
        problem=problem,
        file=f"{problem}.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=0,
        verdict=verdict,
        tasks=tasks,
        missing_tasks=(),
        duration_s=0.25,
        style=None if style is None else StyleReport(style, (), (), (), 1, 100.0),
    )


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_summary_counts_attempts_first_accepted_best_style_and_time(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record([_report("gcd", Verdict.WRONG_ANSWER, 4.0)], AttemptSource.SUBMIT, now=START)
        history.record(
            [_report("gcd", Verdict.ACCEPTED, 6.5)],
            AttemptSource.PRACTICE,
            solve_seconds=312.0,
            now=START + timedelta(minutes=5),
        )
        history.record(
            [_report("gcd", Verdict.ACCEPTED, 9.0), _report("digit_sum", Verdict.RUNTIME_ERROR)],
            AttemptSource.ASSESS,
            now=START + timedelta(days=1),
        )
        summary = history.summary()
    assert summary == (
        ProblemHistory(
            problem="digit_sum",
            attempts=1,
            accepted=0,
            first_attempt_at=START + timedelta(days=1),
            first_accepted_at=None,
            attempts_to_accept=None,
            best_style_score=None,
            best_solve_seconds=None,
            last_verdict=Verdict.RUNTIME_ERROR,
        ),
        ProblemHistory(
            problem="gcd",
            attempts=3,
            accepted=2,
            first_attempt_at=START,
            first_accepted_at=START + timedelta(minutes=5),
            attempts_to_accept=2,
            best_style_score=9.0,
            best_solve_seconds=312.0,
            last_verdict=Verdict.ACCEPTED,
        ),
    )
    assert _rows(path, "attempt_tasks") == 8  # two tasks per attempt


def test_has_accepted(tmp_path: Path) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        history.record([_report("gcd", Verdict.WRONG_ANSWER)], AttemptSource.SUBMIT)
        assert not history.has_accepted("gcd")
        history.record([_report("gcd", Verdict.ACCEPTED)], AttemptSource.SUBMIT)
        assert history.has_accepted("gcd")
        assert not history.has_accepted("digit_sum")


def test_a_failure_during_a_write_stores_none_of_it(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"

    def reports() -> Iterator[Report]:
        yield _report("gcd", Verdict.ACCEPTED)
        raise KeyboardInterrupt  # Ctrl-C between two attempts of one assessment

    with open_history(path) as history, pytest.raises(KeyboardInterrupt):
        history.record(reports(), AttemptSource.ASSESS)
    with open_history(path) as history:
        assert history.summary() == ()
        history.record([_report("gcd", Verdict.ACCEPTED)], AttemptSource.SUBMIT)
        assert [item.attempts for item in history.summary()] == [1]


# Runs in a child process: records one attempt, and stops dead between the attempt's row and its
# task rows (the trace callback runs before each statement), inside the open transaction.
_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from test_history import _report
    from judge.sessions.history import AttemptSource, open_history
    from judge.report import Verdict

    def stall(statement):
        if statement.startswith("INSERT INTO attempt_tasks"):
            print("mid-transaction", flush=True)
            time.sleep(60)

    with open_history(Path({path!r})) as history:
        history._db.set_trace_callback(stall)
        history.record([_report("killed", Verdict.ACCEPTED)], AttemptSource.SUBMIT)
    """
)


def test_a_writer_killed_mid_transaction_leaves_no_half_record(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record([_report("gcd", Verdict.ACCEPTED)], AttemptSource.SUBMIT)
    script = _KILLED_WRITER.format(tests=str(Path(__file__).parent), path=str(path))
    writer = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "mid-transaction\n"
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL
    with open_history(path) as history:
        assert [item.problem for item in history.summary()] == ["gcd"]
        history.record([_report("digit_sum", Verdict.ACCEPTED)], AttemptSource.SUBMIT)
        assert [item.problem for item in history.summary()] == ["digit_sum", "gcd"]
    assert _rows(path, "attempts") == 2
    assert _rows(path, "attempt_tasks") == 4


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UsageError) as caught, open_history(path):
        pass
    assert str(caught.value) == (
        f"the history at {str(path)!r} has schema version {SCHEMA_VERSION + 1}, newer than this"
        f" judge's {SCHEMA_VERSION}; upgrade judge or pass --history PATH"
    )


def test_a_file_that_is_not_a_database_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just some notes that are long enough to have a header\n" * 20)
    with pytest.raises(UsageError, match="is not a judge history database"), open_history(path):
        pass


def test_reading_a_missing_history_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "h.sqlite3"
    with open_history(path, create=False) as history:
        assert history.summary() == ()
        assert not history.has_accepted("gcd")
    assert not path.parent.exists()


def test_default_path_env_override_and_user_data_dir(tmp_path: Path) -> None:
    assert default_history_path({"JUDGE_HISTORY": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    default = default_history_path({})
    assert default.name == "history.sqlite3"
    assert default.parent.name == "judge"


def test_history_command_table_and_json(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record(
            [_report("gcd", Verdict.ACCEPTED, 7.25)],
            AttemptSource.PRACTICE,
            solve_seconds=95.0,
            now=START,
        )
    runner = CliRunner()
    table = runner.invoke(app, ["history", "--history", str(path)], env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    lines = [line.rstrip() for line in table.output.splitlines()]
    assert lines[5].split() == ["gcd", "1", *_local(START), "7.25/10", "none"]
    assert lines[6].split() == ["Accepted", "1", "#1"]
    as_json = runner.invoke(app, ["history", "--json"], env={"JUDGE_HISTORY": str(path)})
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output) == {
        "schema_version": 1,
        "history": str(path),
        "problems": [
            {
                "problem": "gcd",
                "attempts": 1,
                "accepted": 1,
                "first_attempt_at": "2024-05-01T09:00:00+00:00",
                "first_accepted_at": "2024-05-01T09:00:00+00:00",
                "attempts_to_accept": 1,
                "best_style_score": 7.25,
                "best_solve_seconds": 95.0,
                "last_verdict": "accepted",
                "practice_sessions": 0,
                "practice_solved": 0,
            }
        ],
    }


def test_history_command_with_no_history_yet(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    result = CliRunner().invoke(app, ["history", "--history", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert result.output == f"No attempts recorded yet in {path}.\n"
    assert not path.exists()


def test_history_command_on_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["history", "--history", str(tmp_path)])
    assert result.exit_code == 2


def test_submit_records_the_attempt(tmp_path: Path, private_history: Path) -> None:
    solution = tmp_path / "gcd.py"
    solution.write_text("def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n")
    result = CliRunner().invoke(
        app, ["submit", str(solution), "--sandbox", "local", "--examples", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    with open_history(private_history) as history:
        (summary,) = history.summary()
    assert (summary.problem, summary.attempts, summary.last_verdict) == ("gcd", 1, Verdict.ACCEPTED)
    again = CliRunner().invoke(
        app, ["submit", str(solution), "--sandbox", "local", "--examples", "5", "--no-history"]
    )
    assert again.exit_code == 0, again.output
    with open_history(private_history) as history:
        assert [item.attempts for item in history.summary()] == [1]


def _local(when: datetime) -> list[str]:
    return when.astimezone().strftime("%Y-%m-%d %H:%M").split()


LONGEST = "longest_unique_substring"


def test_at_80_columns_no_cell_wraps_and_slugs_are_whole(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        verdicts = [Verdict.MEMORY_LIMIT_EXCEEDED] * 1000 + [Verdict.ACCEPTED] * 234
        reports = [_report(LONGEST, verdict, 9.25) for verdict in verdicts]
        history.record(reports, AttemptSource.SUBMIT, now=START)
        history.record_session(
            PracticeRecord(LONGEST, "l.py", True, 3725.0, 12, Verdict.ACCEPTED), now=START
        )
        history.record_session(
            PracticeRecord("gcd", "g.py", False, 60.0, 3, Verdict.RUNTIME_ERROR), now=START
        )
    result = CliRunner().invoke(app, ["history", "--history", str(path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert "…" not in result.output
    assert max(len(line) for line in lines[1:-2]) <= 80  # the title holds the (long) path
    # Two lines a problem, each cell whole: a practice-only problem, then the busiest one.
    assert lines[5].split() == ["gcd", "0", "not", "yet", "1", "session"]
    assert lines[6].split() == ["Runtime", "Error", "0", "—"]
    assert lines[7].split() == [LONGEST, "1234", *_local(START), "9.25/10", "1", "session"]
    assert lines[8].split() == ["Accepted", "234", "#1001", "1:02:05"]
    assert lines[-2:] == [
        "Solved in: the fastest `judge practice` session that ended Accepted; — when none",
        "did (sessions stopped unsolved are counted, not timed).",
    ]


def test_a_practice_session_stopped_unsolved_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record_session(PracticeRecord("gcd", "g.py", False, 42.0, 2, Verdict.WRONG_ANSWER))
        (summary,) = history.summary()
    assert (summary.problem, summary.attempts, summary.practice_sessions) == ("gcd", 0, 1)
    assert (summary.practice_solved, summary.last_verdict) == (0, Verdict.WRONG_ANSWER)
    assert summary.best_solve_seconds is None


def test_a_version_1_history_gains_practice_sessions_and_keeps_its_attempts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as connection:
        for statement in history_module._SCHEMA.split(";"):
            connection.execute(statement)
        connection.execute(
            "INSERT INTO attempts (recorded_at, source, problem, file, verdict, sandbox, seed,"
            " duration_s) VALUES (?, 'submit', 'gcd', 'gcd.py', 'accepted', 'local', 0, 0.5)",
            (START.isoformat(),),
        )
        connection.execute("PRAGMA user_version = 1")
    with open_history(path) as history:
        history.record_session(PracticeRecord("gcd", "g.py", True, 5.0, 1, Verdict.ACCEPTED))
        (summary,) = history.summary()
    assert (summary.attempts, summary.practice_sessions, summary.practice_solved) == (1, 1, 1)


def _two_problems(path: Path) -> None:
    with open_history(path) as history:
        history.record([_report("gcd", Verdict.ACCEPTED, 9.5)], AttemptSource.SUBMIT, now=START)
        history.record(
            [_report("odd_index_chars", Verdict.WRONG_ANSWER)], AttemptSource.ASSESS, now=START
        )


def test_history_of_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _two_problems(path)
    runner = CliRunner()
    result = runner.invoke(app, ["history", "gcd", "--json", "--history", str(path)])
    assert [item["problem"] for item in json.loads(result.output)["problems"]] == ["gcd"]
    nothing = runner.invoke(app, ["history", "lru_cache", "--history", str(path)])
    assert nothing.output == f"No attempts at lru_cache recorded yet in {path}.\n"


def test_export_writes_every_attempt_as_csv(tmp_path: Path) -> None:
    path, exported = tmp_path / "h.sqlite3", tmp_path / "attempts.csv"
    _two_problems(path)
    result = CliRunner().invoke(app, ["history", "--export", str(exported), "--history", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 2 attempts to {exported}.\n"
    assert exported.read_text().splitlines() == [
        "recorded_at,source,problem,file,verdict,sandbox,seed,duration_s,style_score,solve_seconds",
        "2024-05-01T09:00:00+00:00,submit,gcd,gcd.py,accepted,local,0,0.25,9.5,",
        "2024-05-01T09:00:00+00:00,assess,odd_index_chars,odd_index_chars.py,wrong_answer,local,"
        "0,0.25,,",
    ]


def test_reset_asks_first_and_refuses_without_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _two_problems(path)
    runner = CliRunner()
    refused = runner.invoke(app, ["history", "--reset", "--history", str(path)])
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Error: resetting deletes every attempt and practice session in {str(path)!r};"
        " pass --yes to do it\n"
    )
    with open_history(path) as history:
        assert len(history.summary()) == 2


def test_reset_deletes_once_told_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "h.sqlite3"
    _two_problems(path)
    runner = CliRunner()
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    declined = runner.invoke(app, ["history", "--reset", "--history", str(path)], input="n\n")
    assert declined.output.endswith("Nothing deleted.\n")
    one = runner.invoke(app, ["history", "gcd", "--reset", "--yes", "--history", str(path)])
    assert one.output == f"Deleted 1 record from {path}.\n"
    with open_history(path) as history:
        assert [summary.problem for summary in history.summary()] == ["odd_index_chars"]
    asked = runner.invoke(app, ["history", "--reset", "--history", str(path)], input="y\n")
    assert asked.output.startswith(f"Delete every attempt and practice session in {path}?")
    assert asked.output.endswith(f"Deleted 1 record from {path}.\n")
    assert _rows(path, "attempts") == _rows(path, "attempt_tasks") == 0
