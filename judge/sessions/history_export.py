"""`judge history --export`: every attempt as CSV, one a row, for a spreadsheet or a script."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from judge.sessions.history import Attempt

COLUMNS = (
    "recorded_at",
    "source",
    "problem",
    "file",
    "verdict",
    "sandbox",
    "seed",
    "duration_s",
    "style_score",
    "solve_seconds",
)


def attempts_csv(attempts: Sequence[Attempt]) -> str:
    """The attempts as CSV with a header row; an empty cell where a value was not recorded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for attempt in attempts:
        writer.writerow(
            (
                attempt.recorded_at.isoformat(),
                attempt.source.value,
                attempt.problem,
                attempt.file,
                attempt.verdict.value,
                attempt.sandbox,
                attempt.seed,
                attempt.duration_s,
                "" if attempt.style_score is None else attempt.style_score,
                "" if attempt.solve_seconds is None else attempt.solve_seconds,
            )
        )
    return out.getvalue()
