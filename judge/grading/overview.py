"""The HTML overview of a batch, and one HTML report per candidate.

The overview, per problem: verdict counts, the score distribution, the growth classes measured,
and the failing inputs most submissions share ("23 submissions fail gcd(0, 0)"); then the groups
of similar code. Everything that came from a candidate or the file system (names, calls,
messages) goes through ``_e``: control characters made visible, then html.escape. Self-contained:
nothing is fetched when a page is opened.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from judge.grading.batch import BatchResult, Row, RowStatus
from judge.grading.fingerprint import SimilarGroup
from judge.report import VERDICT_PRECEDENCE
from judge.reports.untrusted import visible

# The shared failing inputs listed per problem, the most common first.
COMMON_FAILURES = 10
_SCORE_BINS = 10

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 64rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.7rem; text-align: left; }
section { border-top: 2px solid #333; margin-top: 2rem; }
.bar { display: inline-block; background: #4a7; height: 0.8rem; }
code { background: #f4f4f4; padding: 0 0.2rem; }
"""


def overview_html(result: BatchResult, groups: Sequence[SimilarGroup]) -> str:
    """The whole batch on one page."""
    problems = list(dict.fromkeys(row.problem for row in result.rows))
    candidates = list(dict.fromkeys(row.candidate for row in result.rows))
    parts = [
        f"<h1>Grading: {len(candidates)} candidates, {len(problems)} problems</h1>",
        f"<p>{result.judged} judged in this run, {result.reused} reused from the store, in"
        f" {result.duration_s:.1f} s.</p>",
    ]
    for problem in problems:
        rows = [row for row in result.rows if row.problem == problem]
        parts.append(_problem_section(problem, rows))
    parts.append(_similar_section(groups))
    parts.append("<section><h2>Candidates</h2>")
    parts.append(
        _table(
            ("candidate", "report"),
            [
                (_e(name), f'<a href="candidates/{_e(candidate_file(name))}">report</a>')
                for name in candidates
            ],
        )
    )
    if result.ignored:
        parts.append(
            "<p>Ignored (not a .py file or a folder): " + _e(", ".join(result.ignored)) + "</p>"
        )
    parts.append("</section>")
    return _page("Grading overview", "".join(parts))


def candidate_html(name: str, rows: Sequence[Row], notes: Sequence[str]) -> str:
    """One candidate's page: each problem's verdict, score, failure and advice."""
    parts = [f"<h1>{_e(name)}</h1>"]
    for row in rows:
        parts.append(f"<section><h2>{_e(row.problem)}</h2>")
        graded = row.graded
        if graded is None:
            what = "no file for this problem" if row.status is RowStatus.MISSING else row.issue
            parts.append(f"<p>{_e(row.status.value.replace('_', ' '))}: {_e(what)}</p></section>")
            continue
        parts.append(
            f"<p><b>{_e(graded.verdict.title)}</b>, {graded.score:.1f} / 100 (correctness"
            f" {graded.correctness:.1f}, complexity {graded.complexity:.1f}, style"
            f" {graded.style:.1f}) &middot; {_e(row.file or '')} &middot; sandbox"
            f" {_e(graded.sandbox.value)} on {_e(graded.worker)}</p>"
        )
        parts.append(
            _table(
                ("task", "verdict", "growth", "failure"),
                [
                    (
                        _e(task.task),
                        _e(task.verdict.title),
                        _e(task.growth or ""),
                        _e(task.failure or ""),
                    )
                    for task in graded.tasks
                ],
            )
        )
        if graded.advice:
            parts.append("<p>What to work on next:</p><ul>")
            parts.extend(f"<li>{_e(text)}</li>" for text in graded.advice[:3])
            parts.append("</ul>")
        parts.append("</section>")
    if notes:
        parts.append("<section><h2>Notes</h2><ul>")
        parts.extend(f"<li>{_e(note)}</li>" for note in notes)
        parts.append("</ul></section>")
    return _page(f"Grading: {visible(name)}", "".join(parts))


def candidate_file(name: str) -> str:
    """A file name for the candidate's page that no candidate name can turn into a path."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:60].lstrip(".") or "candidate"
    return f"{safe}-{hashlib.sha256(name.encode()).hexdigest()[:8]}.html"


def common_failures(rows: Iterable[Row]) -> list[tuple[str, int]]:
    """Failing calls shared by two or more submissions, the most common first."""
    counts = Counter(
        task.failing_call
        for row in rows
        if row.graded is not None
        for task in row.graded.tasks[:1]  # the main task's: what most submissions get wrong
        if task.failing_call is not None
    )
    return [(call, count) for call, count in counts.most_common(COMMON_FAILURES) if count > 1]


def _problem_section(problem: str, rows: Sequence[Row]) -> str:
    graded = [row.graded for row in rows if row.graded is not None]
    statuses = Counter(row.status for row in rows)
    verdicts = Counter(result.verdict for result in graded)
    parts = [f"<section><h2>{_e(problem)}</h2>"]
    parts.append(
        f"<p>{statuses[RowStatus.GRADED]} graded, {statuses[RowStatus.MISSING]} missing,"
        f" {statuses[RowStatus.NOT_GRADED]} not gradable, {statuses[RowStatus.FAILED]} failed.</p>"
    )
    parts.append("<h3>Verdicts</h3>")
    parts.append(
        _table(
            ("verdict", "submissions"),
            [
                (_e(verdict.title), str(verdicts[verdict]))
                for verdict in VERDICT_PRECEDENCE[::-1]
                if verdicts[verdict]
            ],
        )
    )
    parts.append("<h3>Scores</h3>")
    bins = Counter(min(int(result.score // _SCORE_BINS), _SCORE_BINS - 1) for result in graded)
    most = max(bins.values(), default=1)
    parts.append(
        _table(
            ("score", "submissions", ""),
            [
                (
                    _score_bin(index),
                    str(bins[index]),
                    f'<span class="bar" style="width:{12 * bins[index] / most:.2f}rem"></span>',
                )
                for index in range(_SCORE_BINS)
            ],
        )
    )
    growth = Counter(
        (result.tasks[0].growth or "not measured") for result in graded if result.tasks
    )
    parts.append("<h3>Growth of the main task</h3>")
    parts.append(
        _table(
            ("class", "submissions"),
            [(_e(name), str(count)) for name, count in growth.most_common()],
        )
    )
    shared = common_failures(rows)
    if shared:
        parts.append("<h3>Failing inputs submissions share</h3><ul>")
        parts.extend(
            f"<li>{count} submissions fail <code>{_e(call)}</code></li>" for call, count in shared
        )
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _score_bin(index: int) -> str:
    """The bin's label: 0-9, 10-19, ... and 90-100 (a perfect score joins the last)."""
    low = index * _SCORE_BINS
    high = 100 if index == _SCORE_BINS - 1 else low + _SCORE_BINS - 1
    return f"{low}-{high}"


def _similar_section(groups: Sequence[SimilarGroup]) -> str:
    if not groups:
        return "<section><h2>Similar code</h2><p>No two submissions are alike.</p></section>"
    rows = [
        (
            _e(group.problem),
            _e(", ".join(group.members)),
            "identical" if group.identical else f"nearly ({group.similarity:.0%} alike)",
        )
        for group in groups
    ]
    return (
        "<section><h2>Similar code</h2><p>Identical once names, docstrings and constants are"
        " erased, or nearly so.</p>" + _table(("problem", "candidates", "how"), rows) + "</section>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{_e(name)}</th>" for name in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>\n"
    )


def _e(text: str) -> str:
    """Text for the page: control characters made visible, then escaped."""
    return html.escape(visible(text, multiline=True), quote=True)
