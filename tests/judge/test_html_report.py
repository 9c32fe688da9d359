"""The HTML report: self-contained, escaped, and rendered by a real headless browser."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import prerequisites
import pytest

from judge.catalog.discovery import discover
from judge.catalog.problem import Growth, Problem
from judge.report import (
    ComplexityReport,
    Counterexample,
    Hint,
    Report,
    ReviewComment,
    StyleReport,
    TaskReport,
    Timing,
    Verdict,
)
from judge.reports.html import html_report
from judge.sessions.assess import Assessment, score_result, top_advice
from sandbox.base import SandboxInfo, SandboxKind

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def problems() -> dict[str, Problem]:
    return {problem.slug: problem for problem in discover().problems}


def _report(problem: str, verdict: Verdict, *tasks: TaskReport, style: bool = False) -> Report:
    return Report(
        problem=problem,
        file=f"{problem}.py",
        sandbox=SandboxInfo(SandboxKind.LOCAL, "asked for", "process"),
        seed=3,
        verdict=verdict,
        tasks=tasks,
        missing_tasks=(),
        duration_s=2.0,
        style=StyleReport(
            7.5,
            ("Clear names",),
            (ReviewComment("B006", 4, "Mutable default", "shared between calls", "Use None"),),
            (),
            3,
            71.0,
        )
        if style
        else None,
    )


def _assessment(problems: dict[str, Problem]) -> Assessment:
    quadratic = ComplexityReport(
        target=Growth.LINEAR,
        estimated=Growth.QUADRATIC,
        confidence=0.93,
        size_unit="n",
        timings=tuple(
            Timing(size, 1e-8 * size * size, 2e-8 * size) for size in (500, 1000, 2000, 4000)
        ),
        slowdown=200.0,
        note="",
        hints=(Hint(6, "nums.count(num) in a loop", "scans the list once per element", True),),
    )
    mfs = _report(
        "most_frequent_smallest",
        Verdict.ACCEPTED,
        TaskReport("most_frequent_smallest", Verdict.ACCEPTED, 200, complexity=quadratic),
        style=True,
    )
    gcd = _report(
        "gcd",
        Verdict.WRONG_ANSWER,
        TaskReport(
            "gcd",
            Verdict.WRONG_ANSWER,
            9,
            Counterexample((0, 5), 5, None, None, "divides both inputs", stdout=HOSTILE),
        ),
    )
    results = (
        score_result(problems["gcd"], Path("s/gcd.py"), gcd, None),
        score_result(problems["lru_cache"], None, None, None, directory=Path("s")),
        score_result(problems["most_frequent_smallest"], Path(f"s/{HOSTILE}.py"), mfs, None),
    )
    return Assessment(Path("s"), results, top_advice(results, Path("s")), duration_s=4.0)


def test_the_page_holds_every_report_and_a_plot_per_measured_task(
    problems: dict[str, Problem],
) -> None:
    page = html_report(_assessment(problems))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 1  # one measured task, one plot
    assert "gcd(0, 5) returned None, expected 5 (broke: divides both inputs)" in page
    assert "no solution" in page
    assert "O(n^2) vs O(n)" in page
    assert "line 6: nums.count(num) in a loop" in page
    assert "Mutable default" in page


def test_untrusted_text_is_escaped(problems: dict[str, Problem]) -> None:
    page = html_report(_assessment(problems))
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page


def test_nothing_is_fetched_from_the_network(problems: dict[str, Problem]) -> None:
    page = html_report(_assessment(problems))
    # Links and sources are in-page anchors only; the only URLs are XML namespace names.
    assert re.findall(r'(?:src|href)="(?!#)[^"]*"', page) == []
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert "@import" not in page
    assert re.findall(r"url\((?!#)[^)]*\)", page) == []  # only clip-path="url(#id)"


def _browser() -> str:
    return prerequisites.program(
        "chromium", "chromium-browser", package="chromium", untested="the HTML is untested"
    )


def _chromium(browser: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",  # the test may run as root, where Chromium's own sandbox refuses
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )


def test_a_headless_browser_renders_verdicts_and_plots(
    tmp_path: Path, problems: dict[str, Problem]
) -> None:
    browser = _browser()
    page = tmp_path / "report.html"
    page.write_text(html_report(_assessment(problems)), encoding="utf-8")
    dom = _chromium(browser, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert "Wrong Answer" in dom
    assert "Accepted" in dom
    assert "gcd(0, 5) returned None, expected 5" in dom
    assert re.search(r"<svg[^>]*viewBox=", dom) is not None
    assert "<path" in dom  # the plot's lines and text, drawn as paths
    assert "<title>pwned</title>" not in dom  # the candidate's script never ran
    assert "<script" not in dom
    screenshot = tmp_path / "report.png"
    _chromium(
        browser,
        tmp_path / "profile",
        f"--screenshot={screenshot}",
        "--window-size=1000,1600",
        page.as_uri(),
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a page with tables and a plot, not a blank one
