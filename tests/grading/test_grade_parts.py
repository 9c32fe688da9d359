"""The parts of grading that run no candidate code: layout, archive, fingerprint, store, wire."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from judge.catalog.discovery import discover, find_problem
from judge.errors import InternalError
from judge.grading.archive import MAX_MEMBER_BYTES, extracted
from judge.grading.fingerprint import fingerprint, similar_groups
from judge.grading.jobs import Graded, Job, TaskOutcome
from judge.grading.layout import EntryStatus, read_layout
from judge.grading.store import open_store
from judge.grading.versions import result_key
from judge.grading.wire import (
    WIRE_VERSION,
    job_from_wire,
    job_to_wire,
    outcome_from_wire,
    outcome_to_wire,
)
from judge.report import Verdict
from judge.settings import JudgeOptions
from sandbox.base import SandboxKind

CATALOGUE = discover()
GCD = find_problem(CATALOGUE, "gcd")
DIGITS = find_problem(CATALOGUE, "digit_sum")
CATALOGUE_ROOT = GCD.package_dir.parent
EUCLID = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n"


def statuses(root: Path) -> dict[tuple[str, str], tuple[EntryStatus, str]]:
    layout = read_layout(root, (GCD, DIGITS))
    return {
        (candidate.name, entry.problem): (entry.status, entry.issue)
        for candidate in layout.candidates
        for entry in candidate.entries
    }


def test_layout_rules_each_ambiguity_belongs_to_its_candidate(tmp_path: Path) -> None:
    (tmp_path / "ann.py").write_text(EUCLID)
    (tmp_path / "bo").mkdir()
    (tmp_path / "bo" / "gcd.py").write_text(EUCLID)
    (tmp_path / "bo" / "old").mkdir()
    (tmp_path / "cal.py").write_text(EUCLID)
    (tmp_path / "cal").mkdir()
    (tmp_path / "dee.py").symlink_to("/etc/passwd")
    (tmp_path / "eli.py").write_text("def nothing():\n    pass\n")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / ".git").mkdir()
    layout = read_layout(tmp_path, (GCD, DIGITS))
    found = statuses(tmp_path)
    assert found[("ann", "gcd")] == (EntryStatus.FOUND, "")
    assert found[("ann", "digit_sum")] == (EntryStatus.MISSING, "")
    assert found[("bo", "gcd")] == (EntryStatus.FOUND, "")
    assert found[("cal", "gcd")] == (
        EntryStatus.UNCLEAR,
        "both cal/ and cal.py exist; keep one of them",
    )
    assert found[("dee", "gcd")] == (
        EntryStatus.UNCLEAR,
        "dee.py is a symbolic link, which is never followed; copy the file in",
    )
    assert found[("eli", "gcd")] == (
        EntryStatus.UNCLEAR,
        "eli.py defines no task function of gcd, digit_sum; grade with --problem",
    )
    assert layout.ignored == ("notes.txt",)
    bo = next(candidate for candidate in layout.candidates if candidate.name == "bo")
    assert bo.notes == ("folders inside bo/ are not searched: old",)


def zip_with(path: Path, members: dict[str, bytes], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "../../etc/passwd")
    return path


def test_an_archive_extracts_only_plain_files_inside_its_folder(tmp_path: Path) -> None:
    members = {
        "ann.py": EUCLID.encode(),
        "../up.py": b"x = 1\n",
        "/abs.py": b"x = 1\n",
        "c:\\win.py": b"x = 1\n",
        "bomb.py": b"0" * (MAX_MEMBER_BYTES * 100),
    }
    archive = zip_with(tmp_path / "a.zip", members, link="lnk.py")
    with extracted(archive) as unpacked:
        names = sorted(path.name for path in unpacked.root.iterdir())
        assert names == ["ann.py", "bomb.py"]
        assert (unpacked.root / "bomb.py").stat().st_size == MAX_MEMBER_BYTES
        reasons = unpacked.not_extracted
        folder = unpacked.root
    assert set(reasons) == {"../up.py", "/abs.py", "c:\\win.py", "lnk.py"}
    assert reasons["lnk.py"] == "it is a symbolic link, which is never followed"
    assert not folder.exists()  # removed afterwards
    assert not (tmp_path / "up.py").exists()


def test_an_archive_in_one_folder_is_unwrapped(tmp_path: Path) -> None:
    archive = zip_with(tmp_path / "a.zip", {"batch/ann.py": b"x = 1\n", "batch/bo/gcd.py": b""})
    with extracted(archive) as unpacked:
        assert sorted(path.name for path in unpacked.root.iterdir()) == ["ann.py", "bo"]


def test_not_a_zip_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_text("no")
    with (
        pytest.raises(Exception, match=r"is not a readable zip archive .*pass a folder or a \.zip"),
        extracted(tmp_path / "x.zip"),
    ):
        pass


def test_renamed_and_reformatted_code_has_one_fingerprint() -> None:
    renamed = (
        '"""My gcd."""\n\n\ndef gcd(first, second):\n    """Euclid."""\n'
        "    while second:\n        first, second = second, first % second  # step\n"
        "    return first\n"
    )
    assert fingerprint(EUCLID.encode()) == fingerprint(renamed.encode())
    different = (
        "def gcd(a, b):\n    return max(d for d in range(1, a + 1) if a % d == b % d == 0)\n"
    )
    assert fingerprint(EUCLID.encode()) != fingerprint(different.encode())
    assert fingerprint(b"def (") is None


def test_similar_groups_hold_identical_and_nearly_identical_code() -> None:
    other = "def gcd(a, b):\n    import math\n    return math.gcd(a, b)\n"
    groups = similar_groups(
        "gcd",
        [("ann", EUCLID.encode()), ("bo", EUCLID.encode()), ("cy", other.encode())],
    )
    assert [(group.members, group.identical) for group in groups] == [(("ann", "bo"), True)]
    window = (CATALOGUE_ROOT / "longest_unique_substring" / "reference.py").read_text()
    guarded = window.replace(
        "    return longest", "    if not s:\n        return 0\n    return longest"
    )
    near = similar_groups("lus", [("ann", window.encode()), ("dee", guarded.encode())])
    assert [(group.members, group.identical) for group in near] == [(("ann", "dee"), False)]
    assert 0.85 <= near[0].similarity < 1.0


def graded(options: JudgeOptions) -> Graded:
    return Graded(
        key=result_key(EUCLID.encode(), GCD, options),
        verdict=Verdict.WRONG_ANSWER,
        correctness=10.0,
        complexity=0.0,
        style=8.5,
        tasks=(
            TaskOutcome(
                "gcd", Verdict.WRONG_ANSWER, "gcd(0, 0)", "gcd(0, 0) returned 1", None, None
            ),
        ),
        advice=("Handle zero.",),
        sandbox=SandboxKind.LOCAL,
        sandbox_reason="local: asked for",
        worker="w1",
        duration_s=1.5,
        report_json="{}",
    )


def test_a_result_recorded_twice_is_one_record(tmp_path: Path) -> None:
    result = graded(JudgeOptions())
    with open_store(tmp_path / "r.sqlite3") as store:
        assert store.record(result) is True
        assert store.record(result) is False  # a redelivered task
        assert store.count() == 1
        assert store.find(result.key, any_version=False) == result
        older = type(result.key)(**{**_fields(result.key), "judge_version": "0.0.9+old"})
        assert store.find(older, any_version=False) is None
        assert store.find(older, any_version=True) == result
        other_seed = result_key(EUCLID.encode(), GCD, JudgeOptions(seed=1))
        assert store.find(other_seed, any_version=True) is None
        other_stress = result_key(EUCLID.encode(), GCD, JudgeOptions(stress_examples=5))
        assert store.find(other_stress, any_version=True) is None


def _fields(key: object) -> dict[str, str]:
    return {name: getattr(key, name) for name in key.__slots__}  # type: ignore[attr-defined]


def test_jobs_and_outcomes_cross_the_wire_unchanged() -> None:
    options = JudgeOptions(seed=7, examples=33, stress_examples=11, complexity=False, style=False)
    job = Job(result_key(b"\xff\x00 bytes", GCD, options), "x.py", b"\xff\x00 bytes", options, 90.0)
    assert job_from_wire(job_to_wire(job)) == job
    result = graded(options)
    assert outcome_from_wire(outcome_to_wire(result)) == result
    with pytest.raises(InternalError, match="a malformed grading result"):
        outcome_from_wire({"wire": WIRE_VERSION, "key": {}})


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (
            ["grade", "{tmp}/nope"],
            "'{tmp}/nope' is not a folder or a .zip of candidates; see docs/grading.md",
        ),
        (
            ["grade", "{tmp}", "--broker", "http://x"],
            "broker 'http://x' is not a redis:// or amqp:// URL; pass --broker redis://HOST:6379/0",
        ),
        (
            ["worker", "--broker", "amqp://x"],
            "broker 'amqp://x' keeps no results; pass --backend redis://HOST:6379/0 too",
        ),
        (["grade", "{tmp}", "-p", "gcdd"], None),
    ],
)
def test_grading_mistakes_are_one_line_usage_errors(
    tmp_path: Path, arguments: list[str], line: str | None
) -> None:
    from typer.testing import CliRunner

    from judge.cli.app import app

    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    command = [argument.format(tmp=tmp_path) for argument in arguments]
    extra = ["--out", str(tmp_path / "out")] if command[0] == "grade" else []
    result = runner.invoke(app, [*command, *extra], prog_name="judge")
    assert result.exit_code == 2
    if line is None:  # an unknown problem: the discovery's own one-line message
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    else:
        assert result.stderr == f"Error: {line.format(tmp=tmp_path)}\n"


def test_the_progress_counts_each_verdict() -> None:
    import io

    from rich.console import Console

    from judge.grading.jobs import JobFailure
    from judge.reports.terminal.grading import GradeProgress

    console = Console(file=io.StringIO(), width=100, color_system=None)
    result = graded(JudgeOptions())
    with GradeProgress(console, get_time=lambda: 0.0) as progress:
        progress.planned(3, 2)
        progress.finished(result)
        progress.finished(result)
        progress.finished(JobFailure(result.key, "w1", "no sandbox"))
        assert progress.counts() == "Wrong Answer 2 · failed 1"
    assert "3 to judge, 2 already graded (from the store)" in console.file.getvalue()  # type: ignore[attr-defined]


def test_the_progress_bar_shows_counts_per_verdict_and_an_eta() -> None:
    import io

    from rich.console import Console

    from judge.grading.jobs import JobFailure
    from judge.reports.terminal.grading import GradeProgress

    now = [0.0]  # the bar's clock, seconds since it started
    wrong = graded(JudgeOptions())
    right = replace(wrong, verdict=Verdict.ACCEPTED)
    drawn = Console(file=io.StringIO(), width=100, color_system=None)
    quiet = Console(file=io.StringIO(), width=100, color_system=None)  # not a terminal: no live bar
    with GradeProgress(quiet, get_time=lambda: now[0]) as progress:
        progress.planned(5, 1)
        drawn.print(progress)
        for at, outcome in ((10.0, right), (14.0, wrong), (16.0, JobFailure(wrong.key, "w1", "x"))):
            now[0] = at
            progress.finished(outcome)
        now[0] = 17.0
        drawn.print(progress)
    # No estimate before a judging ends; then 2 remaining at the 1 per 3 s of the last two.
    assert drawn.file.getvalue().splitlines() == [  # type: ignore[attr-defined]
        "grading                                          0/5  0:00:00 ETA -:--:--",
        "grading ━━━━━━━━━━━━━━━━━             3/5 Accepted 1 · Wrong Answer 1 · failed 1 0:00:17"
        " ETA 0:00:06",
    ]


def test_grade_takes_the_judging_options_of_submit_and_assess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import judge.grading.batch
    from judge.cli.app import app

    seen: list[JudgeOptions] = []

    def grade_batch(
        layout: object, problems: object, options: JudgeOptions, *_: object, **__: object
    ):  # type: ignore[no-untyped-def]
        seen.append(options)
        raise KeyboardInterrupt  # no judging: the options are what this test is about

    monkeypatch.setattr(judge.grading.batch, "grade_batch", grade_batch)
    (tmp_path / "subs").mkdir()
    command = ["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "-p", "gcd"]
    stages = ["--complexity-budget", "0.5", "--no-style", "--sandbox", "local", "--seed", "9"]
    result = CliRunner().invoke(app, [*command, *stages], prog_name="judge")
    assert result.exit_code == 130, result.output
    (options,) = seen
    assert (options.complexity_budget_s, options.complexity, options.style) == (0.5, True, False)
    assert options.seed == 9
    result = CliRunner().invoke(app, [*command, "--no-complexity"], prog_name="judge")
    assert (seen[-1].complexity, seen[-1].style) == (False, True)


def test_each_task_is_sent_with_time_limits_from_its_problems_budget() -> None:
    from judge.grading.cluster import CeleryExecutor, cluster_settings
    from judge.grading.judging import time_limit_s

    sent: list[dict[str, object]] = []

    class Result:
        id = "t1"

    class App:
        def send_task(self, name: str, **options: object) -> Result:
            sent.append(options)
            return Result()

    options = JudgeOptions(complexity_budget_s=0.5)
    short, long = time_limit_s(GCD, False, 2.0), time_limit_s(GCD, True, 0.5)
    assert short == GCD.limits.judge_budget_s + 30.0
    assert long == short + 0.5 * len(GCD.tasks) * 3
    job = Job(result_key(b"x", GCD, options), "x.py", b"x", options, long)
    executor = CeleryExecutor(cluster_settings("redis://127.0.0.1:1/0"))
    pending: dict[str, Job] = {}
    executor._send(App(), [job], pending, print)  # type: ignore[arg-type]
    assert pending == {"t1": job}
    (task,) = sent
    # The soft limit ends the judging (a JobFailure); the hard one, later, its process.
    assert task["soft_time_limit"] == long
    assert task["time_limit"] == long + 15.0


@pytest.mark.parametrize(
    ("result", "issue"),
    [
        (
            {"exc_type": "TimeLimitExceeded", "exc_message": [76.0]},
            "the judging ran past its time limit of 76 s and was stopped;"
            " judge this file alone (`judge submit`) to see where the time goes",
        ),
        (
            {"exc_type": "SoftTimeLimitExceeded", "exc_message": []},
            "the judging ran past its time limit of 61 s and was stopped;"
            " judge this file alone (`judge submit`) to see where the time goes",
        ),
        (
            {"exc_type": "InternalError", "exc_message": ["a malformed grading job"]},
            "the task ended FAILURE: ['a malformed grading job']",
        ),
    ],
)
def test_a_task_that_failed_is_that_jobs_failure_saying_why(
    result: dict[str, object], issue: str
) -> None:
    from judge.grading.cluster import CeleryExecutor, cluster_settings
    from judge.grading.jobs import JobFailure

    options = JudgeOptions()
    job = Job(result_key(b"x", GCD, options), "x.py", b"x", options, 61.0)
    forgotten: list[str] = []

    class Backend:
        def get_many(self, ids: set[str], **_: object) -> list[tuple[str, dict[str, object]]]:
            return [("t1", {"status": "FAILURE", "result": result})]

        def forget(self, task_id: str) -> None:
            forgotten.append(task_id)

    class App:
        backend = Backend()

    outcomes: list[object] = []
    executor = CeleryExecutor(cluster_settings("redis://127.0.0.1:1/0"))
    executor._collect(App(), {"t1": job}, outcomes.append)  # type: ignore[arg-type]
    # The hard limit (Celery ended the process) comes 15 s after the soft one.
    assert outcomes == [JobFailure(job.key, "?", issue)]
    assert forgotten == ["t1"]
