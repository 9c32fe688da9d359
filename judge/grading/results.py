"""The results table, one row per candidate and problem, as CSV and as JSON.

Both are documented in docs/grade-results.md; the columns are the same in both (the JSON adds
each row's task verdicts, advice and the engine's whole report, and the groups of similar code).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from judge.grading.batch import BatchResult, Row
from judge.grading.fingerprint import SimilarGroup
from judge.grading.wire import task_to_wire

SCHEMA_VERSION = 1

COLUMNS = (
    "candidate",
    "problem",
    "status",
    "file",
    "verdict",
    "score",
    "correctness",
    "complexity",
    "style",
    "growth",
    "failing_call",
    "failure",
    "issue",
    "sandbox",
    "worker",
    "content_hash",
    "problem_version",
    "judge_version",
    "reused",
    "stale",
)


def row_fields(row: Row) -> dict[str, Any]:
    """One row's columns (None where a row has no value)."""
    graded = row.graded
    main = graded.tasks[0] if graded is not None and graded.tasks else None
    failing = (
        next((task for task in graded.tasks if task.failing_call is not None), None)
        if graded is not None
        else None
    )
    return {
        "candidate": row.candidate,
        "problem": row.problem,
        "status": row.status.value,
        "file": row.file,
        "verdict": None if graded is None else graded.verdict.value,
        "score": None if graded is None else round(graded.score, 2),
        "correctness": None if graded is None else round(graded.correctness, 2),
        "complexity": None if graded is None else round(graded.complexity, 2),
        "style": None if graded is None else round(graded.style, 2),
        "growth": None if main is None else main.growth,
        "failing_call": None if failing is None else failing.failing_call,
        "failure": None if failing is None else failing.failure,
        "issue": row.issue or None,
        "sandbox": None if graded is None else graded.sandbox.value,
        "worker": None if graded is None else graded.worker,
        "content_hash": None if graded is None else graded.key.content_hash,
        "problem_version": None if graded is None else graded.key.problem_version,
        "judge_version": None if graded is None else graded.key.judge_version,
        "reused": row.reused,
        "stale": row.stale,
    }


def results_csv(result: BatchResult) -> str:
    """The table as CSV, with a header row."""
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in result.rows:
        writer.writerow(
            {name: "" if value is None else value for name, value in row_fields(row).items()}
        )
    return output.getvalue()


def results_json(result: BatchResult, groups: Sequence[SimilarGroup]) -> str:
    """The table as one JSON document, with each row's details and the similar-code groups."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "judged": result.judged,
        "reused": result.reused,
        "duration_s": round(result.duration_s, 3),
        "ignored": list(result.ignored),
        "notes": {name: list(notes) for name, notes in result.candidate_notes.items()},
        "rows": [_row_document(row) for row in result.rows],
        "similar": [
            {
                "problem": group.problem,
                "candidates": list(group.members),
                "identical": group.identical,
                "similarity": group.similarity,
            }
            for group in groups
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)


def _row_document(row: Row) -> dict[str, Any]:
    document = row_fields(row)
    graded = row.graded
    document["tasks"] = [] if graded is None else [task_to_wire(task) for task in graded.tasks]
    document["advice"] = [] if graded is None else list(graded.advice)
    document["report"] = None if graded is None else json.loads(graded.report_json)
    return document
