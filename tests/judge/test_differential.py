"""Hypothesis's settings for judging, kept in one place."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, Verbosity

from judge.correctness.differential import hypothesis_settings
from judge.settings import JudgeOptions


def test_settings_follow_the_options() -> None:
    settings = hypothesis_settings(JudgeOptions(examples=37, seed=5))
    assert settings.max_examples == 37


def test_settings_keep_no_state_and_print_nothing() -> None:
    settings = hypothesis_settings(JudgeOptions())
    assert settings.database is None  # a judge keeps nothing between runs
    assert settings.deadline is None  # the sandbox enforces time per call
    assert settings.print_blob is False
    assert settings.verbosity is Verbosity.quiet
    assert settings.report_multiple_bugs is False  # one failure, shrunk as far as it goes
    assert settings.derandomize is False  # seeded by hypothesis.seed(options.seed) instead
    assert tuple(settings.phases) == (Phase.explicit, Phase.generate, Phase.shrink)


def test_settings_tolerate_sandbox_latency_and_big_inputs() -> None:
    suppressed = set(hypothesis_settings(JudgeOptions()).suppress_health_check)
    assert {HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example} == (
        suppressed
    )
