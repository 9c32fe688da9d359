"""Judging options: one frozen value, built by the CLI and passed down; no global settings."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.base import SandboxKind

# The environment variables over the config file (judge/config.py), and the file's own path.
HISTORY_ENV = "JUDGE_HISTORY"  # the history database (judge/sessions/history.py)
SANDBOX_ENV = "JUDGE_SANDBOX"
IMAGE_ENV = "JUDGE_IMAGE"
SEED_ENV = "JUDGE_SEED"
EXAMPLES_ENV = "JUDGE_EXAMPLES"
CONFIG_ENV = "JUDGE_CONFIG"


@dataclass(frozen=True, slots=True)
class JudgeOptions:
    """How thoroughly to judge one submission, and where to run it."""

    sandbox: SandboxKind = SandboxKind.AUTO
    image: str | None = None  # the Docker sandbox's image; None: judge-sandbox:<judge version>
    seed: int = 0
    examples: int = 200  # Hypothesis examples per task
    # Hypothesis examples for a task's stress group (at most ``examples``): its inputs are the
    # spec's largest, and the interview's inputs have already shown the answers right.
    stress_examples: int = 30
    complexity: bool = True
    complexity_budget_s: float = 2.0  # per task, for measuring growth
    # The CPU the judging thread and its workers share (sandbox/affinity.py); None: the one the
    # thread is on when judging starts.
    cpu: int | None = None
    style: bool = True

    def __post_init__(self) -> None:
        if self.examples < 1:
            raise ValueError(f"examples must be at least 1, got {self.examples!r}")
        if self.stress_examples < 1:
            raise ValueError(f"stress examples must be at least 1, got {self.stress_examples!r}")
        if self.complexity_budget_s <= 0:
            raise ValueError(
                f"complexity budget must be positive, got {self.complexity_budget_s!r}"
            )
