"""Every output of a batch written into one folder: the table (CSV, JSON), the overview, a page
per candidate. The similar-code groups are computed here, from the files of this run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from judge.errors import UsageError
from judge.grading.batch import BatchResult
from judge.grading.fingerprint import SimilarGroup, similar_groups
from judge.grading.overview import candidate_file, candidate_html, overview_html
from judge.grading.results import results_csv, results_json


@dataclass(frozen=True, slots=True)
class WrittenReports:
    """Where each output went."""

    csv: Path
    json: Path
    overview: Path
    candidates: Path  # the folder of per-candidate pages
    groups: tuple[SimilarGroup, ...]


def write_reports(result: BatchResult, folder: Path) -> WrittenReports:
    """Write the outputs of ``result`` into ``folder`` (created if needed)."""
    groups = batch_groups(result)
    pages = folder / "candidates"
    try:
        pages.mkdir(parents=True, exist_ok=True)
        csv_path, json_path = folder / "results.csv", folder / "results.json"
        csv_path.write_text(results_csv(result), encoding="utf-8")
        json_path.write_text(results_json(result, groups), encoding="utf-8")
        overview = folder / "overview.html"
        overview.write_text(overview_html(result, groups), encoding="utf-8")
        for name in dict.fromkeys(row.candidate for row in result.rows):
            rows = [row for row in result.rows if row.candidate == name]
            page = candidate_html(name, rows, result.candidate_notes.get(name, ()))
            (pages / candidate_file(name)).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"cannot write the reports into {str(folder)!r} ({exc.strerror}); pass another --out"
        ) from exc
    return WrittenReports(csv_path, json_path, overview, pages, groups)


def batch_groups(result: BatchResult) -> tuple[SimilarGroup, ...]:
    """The similar-code groups of every problem of the batch."""
    groups: list[SimilarGroup] = []
    for problem in dict.fromkeys(row.problem for row in result.rows):
        submissions = [
            (row.candidate, row.source)
            for row in result.rows
            if row.problem == problem and row.source is not None
        ]
        groups.extend(similar_groups(problem, submissions))
    return tuple(groups)
