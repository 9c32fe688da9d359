"""The growth verdict's decision on synthetic timings: stable under noise, fair when unsure.

Each test builds the timings a measurement would return (a per-call overhead, then a cost model
for the candidate and for the reference, with seeded multiplicative noise) and checks what
judge.complexity.fit.estimate_growth decides, and what the report and the score make of it.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable

import pytest

from judge.catalog.discovery import discover
from judge.catalog.problem import Growth
from judge.complexity.fit import GrowthEstimate, estimate_growth
from judge.complexity.measure import _next_size, _within_the_domain
from judge.report import ComplexityReport, Timing

OVERHEAD_S = 2e-6
SIZES = tuple(2**k for k in range(15))  # 1 .. 16384, as the size schedule doubles


def timings(
    candidate: Callable[[int], float],
    reference: Callable[[int], float],
    *,
    noise: float = 0.0,
    seed: int = 0,
    sizes: tuple[int, ...] = SIZES,
) -> list[Timing]:
    rng = random.Random(seed)

    def jitter() -> float:
        return 1.0 + rng.uniform(0.0, noise)  # noise only ever slows a reading down

    return [
        Timing(n, (OVERHEAD_S + candidate(n)) * jitter(), (OVERHEAD_S + reference(n)) * jitter())
        for n in sizes
    ]


def linear(n: int) -> float:
    return 1e-7 * n


def report_of(estimate: GrowthEstimate, target: Growth) -> ComplexityReport:
    return ComplexityReport(
        target=target,
        estimated=estimate.estimated,
        confidence=estimate.confidence,
        size_unit="length",
        timings=(),
        slowdown=None,
        note=estimate.note,
        estimated_upper=estimate.upper,
    )


def test_noisy_linear_timings_give_one_class_on_every_seed() -> None:
    seen = set()
    for seed in range(60):
        estimate = estimate_growth(timings(linear, linear, noise=0.3, seed=seed), Growth.LINEAR)
        seen.add((estimate.estimated, estimate.upper))
    assert seen == {(Growth.LINEAR, None)}


def test_noisy_quadratic_timings_are_slower_on_every_seed() -> None:
    def quadratic(n: int) -> float:
        return 1e-7 * n + 1e-9 * n * n

    seen = set()
    for seed in range(60):
        estimate = estimate_growth(timings(quadratic, linear, noise=0.3, seed=seed), Growth.LINEAR)
        seen.add(estimate.estimated)
    assert seen == {Growth.QUADRATIC}


def slice_copy(n: int) -> float:
    """A Python loop of n steps around a C-speed copy of the rest: a n + b n^2, the quadratic
    part a quarter of the time at n = 2048, half of it at 8192."""
    return 3e-7 * n + 5e-11 * n * n


@pytest.mark.parametrize("largest", [8192, 16384])
def test_a_loop_copying_slices_is_quadratic_at_every_largest_size(largest: int) -> None:
    sizes = tuple(n for n in SIZES if n <= largest)
    estimate = estimate_growth(timings(slice_copy, linear, sizes=sizes), Growth.LINEAR)
    assert estimate.estimated is Growth.QUADRATIC, estimate.note


@pytest.mark.parametrize("largest", [2048, 4096])
def test_a_slice_copy_still_mostly_linear_is_a_range_on_target(largest: int) -> None:
    # Where the n^2 part is not yet half the time the evidence is not strong: on target (from
    # n = 4096, where it is 40%, a range from the target up), never withheld.
    sizes = tuple(n for n in SIZES if n <= largest)
    estimate = estimate_growth(timings(slice_copy, linear, sizes=sizes), Growth.LINEAR)
    assert estimate.estimated is Growth.LINEAR, estimate.note
    if largest >= 4096:
        assert estimate.upper is not None and estimate.upper.rank > Growth.LINEAR.rank


@pytest.mark.parametrize("spike", [3.0, 6.0])
def test_one_spiked_top_size_is_tolerated(spike: float) -> None:
    clean = timings(linear, linear, noise=0.05, seed=1)
    top = clean[-1]
    spiked = [*clean[:-1], Timing(top.size, top.candidate_s * spike, top.reference_s)]
    estimate = estimate_growth(spiked, Growth.LINEAR)
    report = report_of(estimate, Growth.LINEAR)
    assert estimate.estimated is Growth.LINEAR, estimate.note
    assert not report.slower_than_target


def test_ambiguous_evidence_is_on_target() -> None:
    # The ratio creeps up by 20% over four decades of n, within what caches alone do: not the
    # strong evidence "slower than the target" needs.
    def creeping(n: int) -> float:
        return 1e-7 * n * (1.0 + 0.05 * (n.bit_length() / 15) * 4)

    for seed in range(20):
        estimate = estimate_growth(timings(creeping, linear, noise=0.15, seed=seed), Growth.LINEAR)
        report = report_of(estimate, Growth.LINEAR)
        assert not report.slower_than_target, (seed, estimate)
        assert estimate.estimated is not None, estimate.note


def test_a_range_reads_as_two_classes_and_is_on_target_only_when_both_are() -> None:
    straddling = report_of(
        GrowthEstimate(Growth.LINEAR, 0.8, "", upper=Growth.LINEARITHMIC), Growth.LINEAR
    )
    assert straddling.shown == "O(n) to O(n log n)"
    assert not straddling.slower_than_target
    # A slower class fits too: "on target" is not shown (a fork per call leaves such ranges).
    assert straddling.maybe_slower and not straddling.on_target
    within = report_of(
        GrowthEstimate(Growth.LOGARITHMIC, 0.8, "", upper=Growth.LINEAR), Growth.LINEAR
    )
    assert within.on_target and not within.maybe_slower
    above = report_of(GrowthEstimate(Growth.QUADRATIC, 0.8, "", upper=Growth.CUBIC), Growth.LINEAR)
    assert above.slower_than_target and not above.maybe_slower and not above.on_target
    single = report_of(GrowthEstimate(Growth.QUADRATIC, 0.9, ""), Growth.LINEAR)
    assert single.shown == "O(n^2)"
    assert single.slower_than_target and not single.on_target


def test_an_exploding_candidate_gets_sizes_a_few_steps_apart() -> None:
    # Flat (at its overhead) to 8 bits, then 10 ms at 32: as b ** n that is x1.47 a bit, so
    # the next size that quadruples the time is 4 bits on, where n ** 6.6 would put it at 40.
    flat = [Timing(size, 1e-6, 1e-6) for size in (1, 2, 8)]
    assert _next_size([*flat, Timing(32, 1e-2, 1e-6)]) == 36
    # A quadratic keeps its power-law step (x4 in time is x2 in size).
    quadratic = [Timing(1024, 1e-3, 1e-4), Timing(2048, 4e-3, 2e-4)]
    assert _next_size(quadratic) == 4096


@pytest.mark.parametrize(
    ("top", "slowdown", "on_target"),
    [(1024, 1.2, True), (1024, 5.0, False), (512, 1.2, False)],
    ids=["as-fast-at-the-domain-end", "slower-there", "the-domain-goes-on"],
)
def test_a_bounded_domain_too_fast_to_fit_is_judged_at_its_largest_input(
    top: int, slowdown: float, on_target: bool
) -> None:
    task = dataclasses.replace(
        next(p for p in discover().problems if p.slug == "gcd").main_task, max_size=1024
    )
    sizes = [size for size in (1, 4, 16, 64, 256, 512, 1024) if size <= top]
    flat = [Timing(size, 3e-6 * slowdown, 3e-6) for size in sizes]
    estimate = estimate_growth(flat, task.target)
    assert estimate.estimated is None and estimate.note.startswith("too fast to tell")
    judged = _within_the_domain(task, tuple(flat), estimate)
    assert (judged.estimated is task.target) is on_target, judged.note


def test_an_exploding_candidate_is_exponential_when_the_ratio_fit_scatters() -> None:
    # The reference jumps about above its floor (a float of bits: a few microseconds), so no
    # class fits the ratio; the candidate's own times double every two bits.
    sizes = (1, 2, 8, 32, 36, 40, 44, 46)
    reference = (1e-6, 1e-6, 1e-6, 8e-6, 30e-6, 6e-6, 40e-6, 9e-6)
    candidate = (1e-6, 1e-6, 1.2e-6, *(1e-6 * 2 ** (n / 2) for n in sizes[3:]))
    measured = [Timing(n, c, r) for n, c, r in zip(sizes, candidate, reference, strict=True)]
    estimate = estimate_growth(measured, Growth.LINEAR)
    assert estimate.estimated is Growth.EXPONENTIAL, estimate.note


def test_a_step_that_exploded_before_a_milder_one_still_sizes_the_next() -> None:
    # Trial division's cost varies about its size's: x92 from 2 digits to 4, x9 to 5, x1.7 to
    # 6. Sized by the last step alone the next would be 10 digits, past the time limit.
    measured = [
        Timing(1, 6e-7, 5e-7),
        Timing(2, 1.7e-6, 7e-7),
        Timing(4, 7.5e-5, 7e-7),
        Timing(5, 6.9e-4, 8e-7),
        Timing(6, 1.17e-3, 1e-6),
    ]
    assert _next_size(measured) == 7


def test_a_rise_within_the_flat_band_still_bounds_the_jump() -> None:
    # x1.7 from 1 digit to 4 is "flat" (under FLAT), but as b ** n it is x4 by 12 digits: the
    # jump stops there, not at 16.
    rising = [Timing(1, 9.6e-7, 7.2e-7), Timing(2, 9.6e-7, 6e-7), Timing(4, 1.64e-6, 6e-7)]
    assert _next_size(rising) == 12
    # Sides at their overhead, a few percent apart, jump by FLAT_STEP.
    flat = [Timing(1, 1e-6, 1e-6), Timing(2, 1.02e-6, 1e-6), Timing(4, 1.05e-6, 1e-6)]
    assert _next_size(flat) == 16


def test_two_sizes_at_the_overhead_do_not_jump() -> None:
    # The overhead hides a steep start: trial division read x1.1 from 1 digit to 2, then took
    # 0.53 s a call at 8. From two sizes the step stays MAX_STEP.
    assert _next_size([Timing(1, 1.38e-6, 7.5e-7), Timing(2, 1.52e-6, 5e-7)]) == 4


def test_a_quadratic_with_a_cache_knee_is_not_cubic() -> None:
    # CI's deletes_even_chars (del chars[i], O(n^2) against an O(n) target): x6 from 4,096
    # items to 8,192 as the list leaves L1, and a reference that rose x1.6 on its last doubling.
    # A fifth of n^3 fitted that knee; read as cubic it was, twice.
    sizes = (1, 2, 8, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 14003, 24834, 47838, 95310)
    candidate = _seconds(
        "3.95e-7 4.24e-7 4.51e-7 1.17e-6 1.85e-6 3.51e-6 7.42e-6 1.67e-5 4.06e-5"
        " 1.09e-4 3.10e-4 1.86e-3 6.81e-3 2.29e-2 8.55e-2 0.339"
    )
    reference = _seconds(
        "3.04e-7 2.75e-7 3.16e-7 3.74e-7 4.11e-7 7.04e-7 9.58e-7 1.80e-6 3.27e-6"
        " 6.81e-6 1.27e-5 2.65e-5 4.51e-5 8.89e-5 1.91e-4 2.98e-4"
    )
    measured = [Timing(*t) for t in zip(sizes, candidate, reference, strict=True)]
    estimate = estimate_growth(measured, Growth.LINEAR)
    assert estimate.estimated is Growth.QUADRATIC and estimate.upper is None, estimate.note


def _seconds(text: str) -> list[float]:
    return [float(x) for x in text.split()]
