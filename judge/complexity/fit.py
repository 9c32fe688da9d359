"""Estimate a complexity class from timings of a candidate and the reference on growing inputs.

The reference is timed on the same inputs in the same run, so the ratio candidate / reference
cancels the machine's speed and the cost of big-int arithmetic: its growth says how many factors
of n the candidate is behind the target. The per-call overhead (each side's median time at the
three smallest sizes) is subtracted first, and sizes where either side is still within three
times its overhead are left out.

Real code has lower-order terms (a Python loop of n steps around an O(n) C-speed scan is
``a n + b n^2``, and the quadratic part may dominate only for large n), so the log-log slope of
the ratio undershoots. Each class G is therefore fitted as a sum of non-negative terms up to its
own extra factor: the ratio is modelled as ``c0 + c1 h1(n) + ... + ck G(n)/target(n)`` with the
factors h (1, log n, n, n log n, n^2, n^3) below G/target, by non-negative least squares on
relative errors, and G's own term must carry at least half the model at the two largest sizes
(else a tiny n^3 term would let O(n^3) fit anything O(n^2) fits). Exponential is
``c0 + c1 b^n / target(n)`` with b searched on a grid.

A posterior over the classes picks the class and gives the confidence: Gaussian residuals with
a floor on the relative error, a BIC penalty per term, and a prior against every factor of n
(and, more strongly, of log n) away from the target. Below MIN_CONFIDENCE, or when residuals
scatter beyond MAX_NOISE, the estimate is withheld and the note says why.

When the reference never rises clear of its overhead but the candidate's own time explodes,
the candidate's times alone decide between exponential and "too fast to tell".
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from judge.catalog.problem import Growth
from judge.report import Timing
from judge.wording import counted

# (power of n, power of log n) of each polynomial class.
_EXPONENTS: dict[Growth, tuple[int, int]] = {
    Growth.CONSTANT: (0, 0),
    Growth.LOGARITHMIC: (0, 1),
    Growth.LINEAR: (1, 0),
    Growth.LINEARITHMIC: (1, 1),
    Growth.QUADRATIC: (2, 0),
    Growth.CUBIC: (3, 0),
}
# The extra factors a ratio can hold, slowest first: (power of n, power of log n).
_FACTORS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (3, 0), (4, 0))

# A power of n this high in the candidate's own times is past every polynomial class.
BEYOND_POLYNOMIAL = 6.0
# A point is usable once both times stand this far above their per-call overhead.
FLOOR_MULTIPLE = 3.0
# Relative error assumed even when a fit looks perfect: timing noise, and the way caches and
# the allocator bend real running times away from the ideal curves (an O(n) Python loop gains
# ~50% per element against an O(n) C slice between n = 10^3 and 10^5).
NOISE_FLOOR = 0.15
# Residual scatter (relative) beyond which the data is called too noisy to classify.
MAX_NOISE = 0.35
# Below this confidence the estimate is withheld.
MIN_CONFIDENCE = 0.6
# A class this probable is the clear best fit: when confidence is still low, the sizes are few.
SURE_FIT = 0.9
MIN_POINTS = 4
# A class's own term must make up this share of its model at the two largest sizes: a fifth, so
# that a loop copying slices (a n + b n^2, the n^2 part half the time at n = 8192) is quadratic
# from there on, while a negligible n^3 term cannot make anything cubic.
TOP_SHARE = 0.2
# Two or more factors of n past the target, the class's own term must carry this share: caches
# bend a quadratic loop by far more than a fifth (del on a list: x6 from 4,096 items to 8,192,
# out of L1), and a fifth of n^3 then fits what is O(n^2) with a knee.
FAR_TOP_SHARE = 0.5
# The top size is an outlier when the fit of every size scatters this many times more than the
# fit without it (and that one's scatter is at least OUTLIER_FLOOR): a burst of load on its rounds.
OUTLIER_SCATTER = 2.0
OUTLIER_FLOOR = 0.05
# Prior log-odds against a class, per factor of n (and of log n) it is away from the target:
# a claim that the candidate is slower needs evidence. A log factor needs more, because caches
# and the allocator alone bend an O(n) loop by about that much over a few decades of n.
POWER_PRIOR = 1.0
LOG_PRIOR = 2.0
# "Slower than the target" needs strong evidence: the classes on the target or faster must
# hold less than this probability, and the ratio candidate / reference (both timed interleaved
# on one CPU) must have grown by at least SLOWER_RISE from the smallest usable sizes to the
# largest. Otherwise the lower end of the estimate is the target: "on target".
SLOWER_ALPHA = 0.02
SLOWER_RISE = 1.25
# A faster class holding less than this (with every class below it) is no end of the range.
RANGE_ALPHA = 0.1
# Two adjacent classes that together hold this much of the posterior are reported as a range.
RANGE_MASS = 0.9
# Exponential bases tried per unit of size (1.05 ... 100).
_BASES = tuple(math.exp(x / 8) for x in range(0, 38))[1:]


@dataclass(frozen=True, slots=True)
class GrowthEstimate:
    """The class that fits the timings best (None when they cannot tell) and how sure it is."""

    estimated: Growth | None
    confidence: float
    note: str
    points: int = 0  # how many sizes the fit used
    span: float = 1.0  # largest / smallest size the fit used
    # When two adjacent classes fit: the slower one (``estimated`` is the certain, faster end).
    upper: Growth | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence!r}")


@dataclass(frozen=True, slots=True)
class _Point:
    size: int
    ratio: float  # floor-subtracted candidate / reference
    weight: float


@dataclass(frozen=True, slots=True)
class _ModelFit:
    growth: Growth
    rss: float
    terms: int


def log2_factor(size: float) -> float:
    """A ``log n`` factor that is positive from n = 1: 1 + log2 n."""
    return 1.0 + math.log2(max(size, 1.0))


def _factor(power: int, log_power: int, size: float) -> float:
    return size**power * log2_factor(size) ** log_power


def _extra_factor(growth: Growth, target: Growth) -> tuple[int, int]:
    """G / target as (power of n, power of log n)."""
    (power, log_power), (target_power, target_log) = _EXPONENTS[growth], _EXPONENTS[target]
    return power - target_power, log_power - target_log


def _floors(timings: Sequence[Timing]) -> tuple[float, float]:
    """The per-call overhead of each side: its median time at the three smallest sizes.

    The median, not the minimum: one glitched reading near zero would make every later time
    look far above the overhead.
    """
    first = timings[:3]
    return (
        statistics.median(t.candidate_s for t in first),
        statistics.median(t.reference_s for t in first),
    )


def _usable_points(timings: Sequence[Timing]) -> list[_Point]:
    """Floor-subtracted ratios where both sides stand clear of their overhead."""
    candidate_floor, reference_floor = _floors(timings)
    points = []
    for timing in timings:
        if timing.size < 2:
            continue
        if timing.reference_s < FLOOR_MULTIPLE * reference_floor:
            continue
        if timing.candidate_s < FLOOR_MULTIPLE * candidate_floor:
            continue
        candidate_net = timing.candidate_s - candidate_floor
        reference_net = timing.reference_s - reference_floor
        # Points near a floor are less trustworthy: the subtraction there is itself noisy.
        weight = (candidate_net / timing.candidate_s) * (reference_net / timing.reference_s)
        points.append(_Point(timing.size, candidate_net / reference_net, weight))
    return points


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting; None when singular."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        if abs(rows[pivot][column]) < 1e-12:
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for row in range(column + 1, size):
            factor = rows[row][column] / rows[column][column]
            for k in range(column, size + 1):
                rows[row][k] -= factor * rows[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        tail = sum(rows[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (rows[row][size] - tail) / rows[row][row]
    return solution


@dataclass(frozen=True, slots=True)
class _Solution:
    rss: float
    terms: int
    top_share: tuple[float, ...]  # the last term's share of the model at each point


def _least_squares(
    points: Sequence[_Point], columns: Sequence[Sequence[float]]
) -> _Solution | None:
    """Least squares of the ratios on ``columns`` with relative errors; None unless all >= 0."""
    # Minimise sum w (1 - model / ratio)^2: divide every row by the ratio, then plain LSQ.
    scaled = [[column[i] / p.ratio for column in columns] for i, p in enumerate(points)]
    # Scale each column to unit size so n^3 and 1 sit in one well-conditioned system.
    norms = [max(abs(row[j]) for row in scaled) or 1.0 for j in range(len(columns))]
    design = [[row[j] / norms[j] for j in range(len(columns))] for row in scaled]
    weights = [p.weight for p in points]
    count = len(columns)
    gram = [
        [
            sum(w * row[a] * row[b] for w, row in zip(weights, design, strict=True))
            for b in range(count)
        ]
        for a in range(count)
    ]
    moments = [
        sum(w * row[a] for w, row in zip(weights, design, strict=True)) for a in range(count)
    ]
    coefficients = _solve(gram, moments)
    if coefficients is None or any(c < 0 for c in coefficients):
        return None
    fitted = [sum(c * x for c, x in zip(coefficients, row, strict=True)) for row in design]
    rss = sum(w * (1.0 - f) ** 2 for w, f in zip(weights, fitted, strict=True))
    shares = tuple(
        coefficients[-1] * row[-1] / f if f > 0 else 0.0
        for row, f in zip(design, fitted, strict=True)
    )
    return _Solution(rss, count, shares)


def _best_nonnegative(
    points: Sequence[_Point],
    lower: Sequence[Sequence[float]],
    top: Sequence[float],
    shown: int,
    share: float = TOP_SHARE,
) -> _Solution | None:
    """Smallest RSS over the non-negative fits that use ``top`` and any of ``lower``.

    The top term must carry at least ``share`` of the model at the ``shown`` largest sizes:
    a class whose defining term is negligible where it should matter most is not what the
    data shows (else a tiny n^3 term would let O(n^3) fit anything O(n) fits).
    """
    best: _Solution | None = None
    for count in range(len(lower) + 1):
        for subset in itertools.combinations(lower, count):
            solution = _least_squares(points, [*subset, top])
            if solution is None or min(solution.top_share[-shown:]) < share:
                continue
            if best is None or solution.rss < best.rss:
                best = solution
    return best


def _fit_models(points: Sequence[_Point], target: Growth) -> list[_ModelFit]:
    """Every class's best fit of the ratios, polynomial classes and exponential."""
    fits = []
    for growth in _EXPONENTS:
        extra = _extra_factor(growth, target)
        if extra < (0, 0):
            # Faster than the target: a ratio that shrinks, modelled by that one term.
            below: tuple[tuple[int, int], ...] = ()
        elif extra in _FACTORS:
            below = _FACTORS[: _FACTORS.index(extra)]
        else:
            continue
        lower = [[_factor(*f, p.size) for p in points] for f in below]
        top = [_factor(*extra, p.size) for p in points]
        share = FAR_TOP_SHARE if extra[0] >= 2 else TOP_SHARE
        fit = _best_nonnegative(points, lower, top, shown=2, share=share)
        if fit is not None:
            fits.append(_ModelFit(growth, fit.rss, fit.terms))
    exponential = _fit_exponential(points, target)
    if exponential is not None:
        fits.append(exponential)
    return fits


def _fit_exponential(points: Sequence[_Point], target: Growth) -> _ModelFit | None:
    """``c0 + c1 b^n / target(n)`` with the best base b on a grid; one more term for b."""
    power, log_power = _EXPONENTS[target]
    start = points[0].size
    constant = [1.0] * len(points)
    best: _Solution | None = None
    for base in _BASES:
        # b^(n - n0) keeps the numbers finite; the shift folds into c1.
        column = [
            math.exp(min(700.0, (p.size - start) * math.log(base)))
            / _factor(power, log_power, p.size)
            for p in points
        ]
        solution = _best_nonnegative(points, [constant], column, shown=3)
        if solution is not None and (best is None or solution.rss < best.rss):
            best = solution
    return None if best is None else _ModelFit(Growth.EXPONENTIAL, best.rss, best.terms + 1)


def _posterior(
    fits: Sequence[_ModelFit], count: int, weight: float, target: Growth
) -> tuple[list[float], float]:
    """Class probabilities (in the order of fits) and the relative noise they assume."""
    best = min(fits, key=lambda f: f.rss)
    noise = max(NOISE_FLOOR, math.sqrt(best.rss / max(weight - best.terms, 1.0)))
    penalty = 0.5 * math.log(max(count, 2))  # BIC: half log n per term
    scores = [
        -f.rss / (2 * noise**2) - penalty * f.terms + _log_prior(f.growth, target) for f in fits
    ]
    top = max(scores)
    likelihoods = [math.exp(s - top) for s in scores]
    total = sum(likelihoods)
    return [x / total for x in likelihoods], noise


def _log_prior(growth: Growth, target: Growth) -> float:
    """Prior log-odds of a class: every factor away from the target needs evidence."""
    if growth is Growth.EXPONENTIAL:
        return -POWER_PRIOR * 2
    power, log_power = _extra_factor(growth, target)
    return -POWER_PRIOR * abs(power) - LOG_PRIOR * abs(log_power)


def _fit_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least squares ``y = a + b x``: (slope b, residual sum of squares)."""
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    rss = sum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, rss


def _candidate_alone_exponential(timings: Sequence[Timing]) -> GrowthEstimate | None:
    """Exponential from the candidate's own times, for when the reference never leaves its floor."""
    # The floor is the fastest call, not the median of the three smallest sizes: a time that
    # multiplies by 8 per digit is already far above its overhead at the second size.
    candidate_floor = min(t.candidate_s for t in timings)
    rising = [t for t in timings if t.candidate_s >= FLOOR_MULTIPLE * candidate_floor]
    if len(rising) < 3 or rising[-1].size <= rising[0].size:
        return None
    ys = [math.log(t.candidate_s - candidate_floor) for t in rising]
    growth_slope, exponential_rss = _fit_line([float(t.size) for t in rising], ys)
    power, power_rss = _fit_line([math.log(t.size) for t in rising], ys)
    grew = rising[-1].candidate_s / rising[0].candidate_s
    # Steeper than any polynomial class over a 30-fold rise, and better fitted by an
    # exponential; or so steep (n^6 and more: the cap on a call leaves three sizes or four,
    # too few to tell the two curves apart) that exponential is the nearest class there is.
    if growth_slope <= 0 or power <= 4 or grew < 30:
        return None
    if exponential_rss >= power_rss and power <= BEYOND_POLYNOMIAL:
        return None
    # Both lines have two parameters: the odds are the likelihood ratio at the noise floor.
    odds = math.exp(min(50.0, (power_rss - exponential_rss) / (2 * NOISE_FLOOR**2)))
    confidence = min(1.0, (len(rising) - 1) / 3) * odds / (1 + odds)
    return GrowthEstimate(
        Growth.EXPONENTIAL,
        round(confidence, 2),
        f"the candidate's time multiplies by ~{math.exp(growth_slope):.3g} per unit of size "
        f"(n = {rising[0].size}..{rising[-1].size}) while the reference stays near its overhead",
        points=len(rising),
        span=rising[-1].size / rising[0].size,
    )


def estimate_growth(timings: Sequence[Timing], target: Growth) -> GrowthEstimate:
    """The complexity class of the candidate, given timings sorted by size, against ``target``."""
    if len(timings) < MIN_POINTS:
        return GrowthEstimate(None, 0.0, f"only {counted(len(timings), 'size')} could be measured")
    points = _usable_points(timings)
    if len(points) < MIN_POINTS:
        exponential = _candidate_alone_exponential(timings)
        if exponential is not None:
            return exponential
        largest = timings[-1]
        return GrowthEstimate(
            None,
            0.0,
            f"too fast to tell: at n = {largest.size} a call took {_duration(largest.candidate_s)}"
            f" (reference {_duration(largest.reference_s)}), too close to the call overhead",
            points=len(points),
        )
    span = points[-1].size / points[0].size
    if target is Growth.EXPONENTIAL:
        return GrowthEstimate(
            None, 0.0, "the target is exponential: only the slowdown is reported", len(points), span
        )
    estimate = _estimate_points(points, timings, target)
    if len(points) > MIN_POINTS:
        # One outlying top size (a burst of load on its rounds) must not decide alone: when the
        # sizes without it fit far more tightly, they give an estimate too, and where the two
        # differ both ends are kept.
        rest = points[:-1]
        if _scatter(points, target) > OUTLIER_SCATTER * max(_scatter(rest, target), OUTLIER_FLOOR):
            without = _estimate_points(rest, timings, target)
            if estimate.estimated is None:
                return without
            if without.estimated is not None and without.estimated is not estimate.estimated:
                return _merged(estimate, without)
    return estimate


def _scatter(points: Sequence[_Point], target: Growth) -> float:
    """The relative scatter of the best fit of ``points``, with no floor."""
    fits = _fit_models(points, target)
    best = min(fits, key=lambda f: f.rss)
    return math.sqrt(best.rss / max(sum(p.weight for p in points) - best.terms, 1.0))


def _merged(first: GrowthEstimate, second: GrowthEstimate) -> GrowthEstimate:
    """One estimate spanning both: the faster lower end, the slower upper end."""
    assert first.estimated is not None and second.estimated is not None
    ends = [first.estimated, second.estimated]
    ends += [e.upper for e in (first, second) if e.upper is not None]
    lower, upper = min(ends, key=lambda g: g.rank), max(ends, key=lambda g: g.rank)
    return GrowthEstimate(
        lower,
        min(first.confidence, second.confidence),
        first.note + " (a range: the top size alone points elsewhere)",
        first.points,
        first.span,
        upper=None if upper is lower else upper,
    )


def _estimate_points(
    points: Sequence[_Point], timings: Sequence[Timing], target: Growth
) -> GrowthEstimate:
    span = points[-1].size / points[0].size
    sizes = f"n = {points[0].size}..{points[-1].size}, {len(points)} sizes"
    fits = _fit_models(points, target)
    probabilities, noise = _posterior(fits, len(points), sum(p.weight for p in points), target)
    ranked = sorted(zip(probabilities, fits, strict=True), key=lambda pf: -pf[0])
    (best_p, best), (second_p, second) = ranked[0], ranked[1]
    # Few points, or a narrow span of sizes, cannot be trusted fully whatever the fit says.
    evidence = min(1.0, (len(points) - 2) / 3) * min(1.0, math.log2(span) / 3)
    if noise > MAX_NOISE:
        # An exploding candidate against a reference near its floor scatters the ratio's fit
        # (no polynomial class fits it), while its own times show the explosion plainly.
        exponential = _candidate_alone_exponential(timings)
        if exponential is not None and exponential.confidence >= MIN_CONFIDENCE:
            return exponential
        return GrowthEstimate(
            None,
            round(best_p * evidence, 2),
            f"too noisy to tell: timings scatter by ~{noise:.0%} ({sizes})",
            len(points),
            span,
        )
    decided = _decide(points, fits, probabilities, target, evidence)
    if decided is None or decided[2] < MIN_CONFIDENCE:
        # A candidate whose time explodes leaves few sizes, within a narrow span, before the
        # per-call cap: too little for the joint fit, and its own times may still be plain.
        exponential = _candidate_alone_exponential(timings)
        if exponential is not None and exponential.confidence >= MIN_CONFIDENCE:
            return exponential
        confidence = round(best_p * evidence, 2)
        if best_p >= SURE_FIT:
            note = f"too few sizes to be sure ({sizes}): {best.growth.value} fits best"
        else:
            note = (
                f"inconclusive: {best.growth.value} ({best_p:.0%}) and {second.growth.value} "
                f"({second_p:.0%}) fit about as well ({sizes})"
            )
        return GrowthEstimate(None, min(confidence, MIN_CONFIDENCE - 0.01), note, len(points), span)
    lower, upper, confidence = decided
    note = f"fitted on {sizes}"
    if upper is not None:
        note = f"{lower.value} to {upper.value} fit ({sizes}); the faster is counted"
    return GrowthEstimate(
        lower, round(min(1.0, confidence), 2), note, len(points), span, upper=upper
    )


def _ranked_classes(growths: Sequence[Growth]) -> list[Growth]:
    return sorted(set(growths), key=lambda g: g.rank)


def _decide(
    points: Sequence[_Point],
    fits: Sequence[_ModelFit],
    probabilities: Sequence[float],
    target: Growth,
    evidence: float,
) -> tuple[Growth, Growth | None, float] | None:
    """(lower, upper or None, confidence) from the posterior, or None when it cannot tell.

    The lower end is what is certain: the fastest class that the posterior cannot rule out
    (less than SLOWER_ALPHA on the classes faster than it are ruled out), never above the target
    unless the ratio itself rose (SLOWER_RISE). The upper end is the best class when it differs.
    """
    mass = dict(zip((f.growth for f in fits), probabilities, strict=True))
    order = _ranked_classes(list(mass))
    best = max(order, key=lambda g: mass[g])
    # The lower end: the fastest class that still holds RANGE_ALPHA with all below it; above
    # the target, the classes on the target or faster must hold under SLOWER_ALPHA, and the
    # ratio must have risen.
    lower = next(g for g in order if sum(mass[h] for h in order if h.rank <= g.rank) >= RANGE_ALPHA)
    if lower.rank > target.rank and target in mass:
        on_target = sum(mass[g] for g in order if g.rank <= target.rank)
        if on_target >= SLOWER_ALPHA or not _ratio_rose(points):
            lower = target
    if best.rank < lower.rank:
        best = lower
    held = sum(mass[g] for g in order if lower.rank <= g.rank <= best.rank)
    if best is lower:
        if mass[lower] * evidence >= MIN_CONFIDENCE:
            return lower, None, mass[lower] * evidence
        # Not sure of one class: the next slower one may make up a range that is.
        above = [g for g in order if g.rank > lower.rank]
        if not above:
            return lower, None, mass[lower] * evidence
        best = above[0]
        held = mass[lower] + mass[best]
    if held < RANGE_MASS and held * evidence < MIN_CONFIDENCE:
        return None
    return lower, best, held * evidence


def _ratio_rose(points: Sequence[_Point]) -> bool:
    """Whether candidate / reference grew clearly: the top two sizes against the bottom two."""
    low = statistics.median(p.ratio for p in points[:2])
    high = statistics.median(p.ratio for p in points[-2:])
    return high >= SLOWER_RISE * low


def _duration(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} us"
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"
