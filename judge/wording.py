"""The words and numbers every report shares, so that the terminal, HTML and JUnit agree.

Vocabulary: a task's *spec examples* are the worked examples of its spec; its *generated
inputs* are the ones Hypothesis draws. A report counts *inputs*: every call a task was judged
on, spec examples and generated inputs together.
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 input``, ``0 inputs``, ``22 inputs``: the count with its noun, singular only for 1."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def inputs_text(count: int) -> str:
    """How many inputs a task was judged on (spec examples and generated inputs)."""
    return counted(count, "input")


def style_text(score: float) -> str:
    """A style score out of 10, exactly: it moves in quarter points (``9.25/10``, ``9.5/10``)."""
    return f"{score:.2f}".rstrip("0").rstrip(".") + "/10"


def points_text(points: float) -> str:
    """Points of the total score, one decimal as the total shows them: ``+16.7 points``."""
    return f"+{points:.1f} " + ("point" if f"{points:.1f}" == "1.0" else "points")
