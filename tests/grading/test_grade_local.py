"""`judge grade` on this machine: the outputs, reuse of stored results, and interruptions."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from grade_helpers import (
    EXPECTED,
    QUICK,
    descendants,
    judge_command,
    make_batch,
    process_exists,
    read_rows,
    wait_for,
)
from waiting import within

from judge.grading.jobs import Graded
from judge.grading.wire import outcome_from_wire

pytestmark = pytest.mark.slow


def grade(submissions: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        judge_command("grade", str(submissions), "--out", str(out), *QUICK, *extra),
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def stored(out: Path) -> int:
    """How many results the run's store holds (0 before it has its table)."""
    try:
        with sqlite3.connect(out / "results.sqlite3") as database:
            return int(database.execute("SELECT count(*) FROM results").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_a_batch_is_graded_reported_and_not_judged_again(tmp_path: Path) -> None:
    submissions = make_batch(tmp_path / "subs")
    (submissions / "ida.py").write_text(
        "def gcd(p, q):\n    '''Copied, renamed.'''\n    while q:\n        p, q = q, p % q\n"
        "    return p\n"
    )
    out = tmp_path / "out"
    first = grade(submissions, out)
    assert first.returncode == 0, first.stderr
    rows = read_rows(out / "results.csv")
    for name, (verdict, call) in EXPECTED.items():
        assert (rows[name]["verdict"], rows[name]["failing_call"]) == (verdict, call), name
    # The binary file is that candidate's problem only, said in one line.
    assert rows["hal"]["status"] == "not_graded"
    assert rows["hal"]["issue"] == "'hal.py' is a binary file; pass your Python source file"
    overview = (out / "overview.html").read_text()
    assert "2 submissions fail <code>gcd(0, 0)</code>" in overview
    document = json.loads((out / "results.json").read_text())
    # fay's folder solution and ida's copy differ from the reference only by names and a docstring.
    identical = [group["candidates"] for group in document["similar"] if group["identical"]]
    assert ["ada", "fay", "ida"] in identical
    assert len(list((out / "candidates").glob("*.html"))) == len(rows)
    assert stored(out) == 8  # one record per distinct file: hal's is never judged

    again = grade(submissions, out)
    assert again.returncode == 0, again.stderr
    assert "0 to judge" in again.stdout
    assert read_rows(out / "results.csv")["bea"]["reused"] == "True"


def test_a_killed_run_keeps_what_it_graded_and_the_next_run_grades_the_rest(
    tmp_path: Path,
) -> None:
    submissions = make_batch(tmp_path / "subs", sleepy=4)
    out = tmp_path / "out"
    running = subprocess.Popen(
        judge_command("grade", str(submissions), "--out", str(out), *QUICK, "--jobs", "1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(120, lambda: stored(out) >= 2, "2 stored")
    finally:
        os.killpg(running.pid, signal.SIGKILL)
        running.wait(10)
    kept = stored(out)
    finished = grade(submissions, out)
    assert finished.returncode == 0, finished.stderr
    rows = read_rows(out / "results.csv")
    assert sum(row["reused"] == "True" for row in rows.values()) >= kept
    assert all(row["status"] == "graded" for name, row in rows.items() if name != "hal")
    with sqlite3.connect(out / "results.sqlite3") as database:
        keys = database.execute("SELECT content_hash, count(*) FROM results GROUP BY 1").fetchall()
    assert all(count == 1 for _, count in keys)  # no second record of anything


def test_a_hostile_zip_is_graded_for_what_it_safely_holds(tmp_path: Path) -> None:
    batch = make_batch(tmp_path / "subs")
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(batch.rglob("*.py")):
            zipped.write(path, "wrapper/" + path.relative_to(batch).as_posix())
        zipped.writestr("wrapper/../../escaped.py", "def gcd(a, b):\n    return 1\n")
        link = zipfile.ZipInfo("wrapper/lou.py")
        link.external_attr = 0o120777 << 16
        zipped.writestr(link, "/etc/passwd")
        zipped.writestr("wrapper/max.py", b"#" * 50_000_000)  # inflates to 50 MB
    out = tmp_path / "out"
    finished = grade(archive, out)
    assert finished.returncode == 0, finished.stderr
    rows = read_rows(out / "results.csv")
    assert rows["ada"]["verdict"] == "accepted"
    assert rows["lou"]["status"] == "not_graded"
    assert "symbolic link" in rows["lou"]["issue"]
    assert rows["max"]["issue"].startswith("'max.py' is 65,537 bytes, over the 64 KiB limit")
    assert not (tmp_path / "escaped.py").exists()
    assert "escaped" not in rows


def start_grade(submissions: Path, out: Path) -> subprocess.Popen[str]:
    """`judge grade` on one judging process, in a session of its own (a terminal's job)."""
    return subprocess.Popen(
        judge_command("grade", str(submissions), "--out", str(out), *QUICK, "--jobs", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def whole_records(out: Path) -> list[tuple[str, str]]:
    """(content hash, judge version) of every record, each checked whole: it decodes."""
    with sqlite3.connect(out / "results.sqlite3") as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        found = database.execute("SELECT content_hash, judge_version, result FROM results")
        records = []
        for content_hash, version, result in found.fetchall():
            assert isinstance(outcome_from_wire(json.loads(result)), Graded)
            records.append((content_hash, version))
    return records


def test_ctrl_c_keeps_every_whole_result_and_regrade_judges_older_versions_again(
    tmp_path: Path,
) -> None:
    submissions = make_batch(tmp_path / "subs", sleepy=4)
    out = tmp_path / "out"
    running = start_grade(submissions, out)
    try:
        wait_for(120, lambda: stored(out) >= 2, "2 stored")
        os.killpg(running.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole job
        _, err = running.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, signal.SIGKILL)
    assert running.returncode == 130, err
    assert "Interrupted: every result graded so far is stored; run again to go on." in err
    kept = whole_records(out)
    assert 2 <= len(kept) < 11  # 7 distinct files and 4 sleepy ones: it stopped before the end
    rest = grade(submissions, out)
    assert rest.returncode == 0, rest.stderr
    assert f"{11 - len(kept)} to judge, " in rest.stdout
    assert len(whole_records(out)) == 11

    # Results of an older judge are reused, marked stale; --regrade judges them again.
    with sqlite3.connect(out / "results.sqlite3") as database:
        database.execute(
            "UPDATE results SET judge_version = '0.0.1+old',"
            " result = json_set(result, '$.key.judge_version', '0.0.1+old') WHERE rowid = 1"
        )
    again = grade(submissions, out)
    assert "0 to judge, " in again.stdout
    assert sum(row["stale"] == "True" for row in read_rows(out / "results.csv").values()) >= 1
    regraded = grade(submissions, out, "--regrade")
    assert regraded.returncode == 0, regraded.stderr
    assert "1 to judge, " in regraded.stdout
    assert all(row["stale"] == "False" for row in read_rows(out / "results.csv").values())
    versions = [version for _, version in whole_records(out)]
    assert len(versions) == 12 and versions.count("0.0.1+old") == 1  # the old one is kept


def test_a_killed_coordinator_leaves_no_judging_process_behind(tmp_path: Path) -> None:
    submissions = make_batch(tmp_path / "subs", sleepy=4)
    out = tmp_path / "out"
    running = start_grade(submissions, out)
    try:
        wait_for(120, lambda: stored(out) >= 1, "a first result")
        below = wait_for(30, lambda: descendants(running.pid), "the pool's processes")
        os.kill(running.pid, signal.SIGKILL)  # the coordinator alone: no signal reaches its pool
        running.wait(10)
        left = within(20, lambda: not [pid for pid in below if process_exists(pid)])
        assert left, f"still running after the coordinator's death: {below}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, signal.SIGKILL)


def test_the_local_pool_pins_each_judging_process_to_a_cpu_of_its_own(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("pool_pinning.py"))],
        capture_output=True,
        text=True,
        timeout=180,
        # Its own claims folder: other tests' pools do not take its CPUs.
        env={**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)},
    )
    assert finished.returncode == 0, finished.stderr
    seen = json.loads(finished.stdout)
    allowed = seen["allowed"]
    if len(allowed) < 2:
        pytest.skip("one CPU: two judging processes cannot have one each")
    assert seen["verdicts"] == ["accepted"] * 4
    # Two processes, each on a CPU of its own: the last two the pool may use (as CpuPool).
    assert sorted(seen["pinned"]) == [[allowed[-2]], [allowed[-1]]]
