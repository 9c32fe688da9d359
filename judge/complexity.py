"""Measure how a task's running time grows, against the reference timed in the same run.

The candidate's task and the reference (the problem's ``reference.py``, loaded in a second worker
of the same kind) are called on inputs of growing size from ``Task.make_input`` (its worst-case
shape), interleaved, each time as the worker's best of k repeats. k is chosen so that one batch
lasts a few milliseconds: a microsecond-fast call timed once is mostly timer noise. Sizes grow
geometrically, in smaller steps when the candidate's time climbs steeply, until the time budget,
the per-call cap or the task's ``max_size`` stops them, or the estimate is already sure.
judge.growth_fit turns the timings into a class; judge.hints adds the static hints.

Only an accepted task is measured: a wrong solution gets no complexity verdict at all.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from judge.errors import InternalError
from judge.growth_fit import GrowthEstimate, estimate_growth
from judge.hints import confirm_hints
from judge.model import ComplexityReport, Hint, Timing
from judge.problem import Args, Growth, Problem, Task, TaskKind
from sandbox.base import CallRequest, CallResult, LoadStatus, Outcome, Sandbox, Submission

Clock = Callable[[], float]

# One best-of-k batch should last about this long, so timer resolution and call overhead fade.
BATCH_S = 0.004
MIN_REPEAT = 3
MAX_REPEAT = 2_000
# What the worker spends around each repeat (two clock reads of each kind).
REPEAT_OVERHEAD_S = 4e-6
# Each size is measured in this many interleaved rounds (reference, candidate, reference, ...):
# a burst of load from elsewhere on the machine then rarely hits both rounds of one side.
ROUNDS = 2
# Calls predicted to last this long get one round of LONG_CALL_REPEAT (see _measure_size).
LONG_CALL_S = 0.005
LONG_CALL_REPEAT = 2
# Sizes grow by at most this factor per step, and by less when the candidate's time would grow
# by more than STEP_GROWTH: steep (cubic, exponential) growth still gets several sizes.
MAX_STEP = 2.0
STEP_GROWTH = 4.0
# Without a bound from the task, sizes stop here (a list of 2**18 ints is ~10 MB on the wire).
DEFAULT_MAX_SIZE = 1 << 18
# Stop early once the estimate is this sure, from this many sizes spread this wide.
SURE_CONFIDENCE = 0.95
SURE_POINTS = 8
SURE_SPAN = 128


@dataclass(frozen=True, slots=True)
class Measurement:
    """The timings taken for one task and why growing stopped where it did."""

    timings: tuple[Timing, ...]
    stopped: str


def load_reference(problem: Problem, sandbox: Sandbox) -> None:
    """Load the problem's reference.py into ``sandbox``; InternalError when it does not load."""
    path = problem.package_dir / "reference.py"
    load = sandbox.load(Submission(filename="reference.py", source=path.read_bytes()))
    if load.outcome is not Outcome.OK or load.status is not LoadStatus.OK:
        raise InternalError(
            f"the reference of {problem.slug!r} did not load in the sandbox "
            f"({load.status.value}: {load.detail or load.error}); the problem package is wrong"
        )


def measure_complexity(
    task: Task,
    candidate: Sandbox,
    reference: Sandbox,
    *,
    budget_s: float,
    call_cap_s: float,
    hints: tuple[Hint, ...] = (),
    clock: Clock = time.monotonic,
) -> ComplexityReport:
    """Time ``task`` in both sandboxes on growing inputs and estimate its class."""
    measurement = measure_growth(
        task, candidate, reference, budget_s=budget_s, call_cap_s=call_cap_s, clock=clock
    )
    estimate = estimate_growth(measurement.timings, task.target)
    return _report(task, measurement, estimate, hints)


def _report(
    task: Task, measurement: Measurement, estimate: GrowthEstimate, hints: tuple[Hint, ...]
) -> ComplexityReport:
    timings = measurement.timings
    slowdown = None
    if timings and timings[-1].reference_s > 0:
        slowdown = timings[-1].candidate_s / timings[-1].reference_s
    note = estimate.note
    if measurement.stopped:
        note = f"{note}; {measurement.stopped}" if note else measurement.stopped
    slower = estimate.estimated is not None and estimate.estimated.rank > task.target.rank
    return ComplexityReport(
        target=task.target,
        estimated=estimate.estimated,
        confidence=estimate.confidence,
        size_unit=task.size_unit,
        timings=timings,
        slowdown=slowdown,
        note=note,
        hints=confirm_hints(hints, confirmed=slower),
    )


def measure_growth(
    task: Task,
    candidate: Sandbox,
    reference: Sandbox,
    *,
    budget_s: float,
    call_cap_s: float,
    clock: Clock = time.monotonic,
) -> Measurement:
    """Timings of both sides at geometrically growing sizes, within the budget and caps."""
    started = clock()
    max_size = task.max_size or DEFAULT_MAX_SIZE
    timings: list[Timing] = []
    size = 1
    while True:
        step_started = clock()
        args = _make_input(task, size)
        predicted = _predict(timings, size)
        timing, failure = _measure_size(task, args, size, candidate, reference, predicted)
        if failure:
            return Measurement(tuple(timings), failure)
        timings.append(timing)
        step_wall = clock() - step_started
        if size >= max_size or _sure(timings, task.target):
            return Measurement(tuple(timings), "")
        next_size = min(max_size, _next_size(timings))
        next_predicted = _predict(timings, next_size)
        if next_predicted[0] > call_cap_s:
            return Measurement(
                tuple(timings),
                f"stopped at n = {size}: the next size would take over {call_cap_s:g} s a call",
            )
        # The step's wall time (input, transport, a busy machine) scales with its calls' time.
        scale = _step_work(next_predicted) / _step_work((timing.candidate_s, timing.reference_s))
        if clock() - started + step_wall * max(scale, next_size / size) > budget_s:
            return Measurement(tuple(timings), "")
        size = next_size


def _step_work(seconds: tuple[float, float]) -> float:
    """The seconds of calls one size costs when the calls take ``seconds`` (candidate, ref)."""
    candidate_s, reference_s = seconds
    long_calls = candidate_s >= LONG_CALL_S
    candidate_repeat = LONG_CALL_REPEAT if long_calls else _repeat(candidate_s)
    rounds = 1 if long_calls else ROUNDS
    return rounds * (
        candidate_repeat * (candidate_s + REPEAT_OVERHEAD_S)
        + _repeat(reference_s) * (reference_s + REPEAT_OVERHEAD_S)
    )


def _make_input(task: Task, size: int) -> Args:
    try:
        return task.make_input(size)
    except Exception as exc:  # the problem's own generator: a bug in the package
        raise InternalError(
            f"make_input({size}) of task {task.name!r} raised {exc!r}; the problem package "
            "is wrong, please report it"
        ) from exc


def _measure_size(
    task: Task,
    args: Args,
    size: int,
    candidate: Sandbox,
    reference: Sandbox,
    predicted: tuple[float, float],
) -> tuple[Timing, str]:
    """Best-of-k times of both sides at one size, interleaved; a non-empty str says why not."""
    is_class = task.kind is TaskKind.CLASS
    best_candidate, best_reference = math.inf, math.inf
    # Long calls are timed in CPU time by the worker, which a busy machine does not inflate:
    # one round of two repeats is enough, and leaves the budget for larger sizes.
    long_calls = predicted[0] >= LONG_CALL_S
    for _ in range(1 if long_calls else ROUNDS):
        # The first round's times, once known, size the second round's batches.
        reference_result = reference.call(
            CallRequest(
                task.name, args, is_class, repeat=_repeat(min(best_reference, predicted[1]))
            )
        )
        if reference_result.outcome is not Outcome.OK:
            raise InternalError(
                f"the reference of {task.name!r} failed on the size-{size} input "
                f"({reference_result.outcome.value}: {reference_result.detail}); "
                "the problem package is wrong, please report it"
            )
        best_reference = min(best_reference, _seconds(reference_result))
        repeat = LONG_CALL_REPEAT if long_calls else _repeat(min(best_candidate, predicted[0]))
        candidate_result = candidate.call(CallRequest(task.name, args, is_class, repeat=repeat))
        if candidate_result.outcome is not Outcome.OK:
            return Timing(size, 0.0, 0.0), _why_stopped(size, candidate_result)
        best_candidate = min(best_candidate, _seconds(candidate_result))
    return Timing(size, best_candidate, best_reference), ""


def _why_stopped(size: int, result: CallResult) -> str:
    what = {
        Outcome.TIMED_OUT: "ran past the time limit",
        Outcome.MEMORY_EXCEEDED: "ran out of memory",
        Outcome.RAISED: f"raised {result.error.type_name if result.error else 'an exception'}",
    }.get(result.outcome, f"ended with {result.outcome.value}")
    return f"stopped at n = {size}: the candidate {what} there"


def _seconds(result: CallResult) -> float:
    """The worker's best-of-k duration, floored at a nanosecond so logs stay finite."""
    return max(result.best_seconds, 1e-9)


def _repeat(predicted_s: float) -> int:
    """How many repeats make a batch last about BATCH_S, the worker's own cost included.

    Nothing predicted yet (the first size): the minimum, which then sizes the next round.
    """
    if predicted_s <= 0:
        return MIN_REPEAT
    return max(MIN_REPEAT, min(MAX_REPEAT, round(BATCH_S / (predicted_s + REPEAT_OVERHEAD_S))))


def _local_power(timings: list[Timing]) -> float:
    """The candidate's log-log slope between the last two sizes (1 when unknown)."""
    if len(timings) < 2:
        return 1.0
    before, last = timings[-2], timings[-1]
    return math.log(last.candidate_s / before.candidate_s) / math.log(last.size / before.size)


def _predict(timings: list[Timing], size: int) -> tuple[float, float]:
    """Expected (candidate, reference) seconds at ``size``, extrapolated with some margin."""
    if not timings:
        return 0.0, 0.0
    last = timings[-1]
    scale = size / last.size
    # At least linear: a flat stretch near the call overhead says nothing about what follows.
    candidate_power = max(1.0, _local_power(timings))
    return last.candidate_s * scale**candidate_power, last.reference_s * scale ** max(
        1.0, _reference_power(timings)
    )


def _reference_power(timings: list[Timing]) -> float:
    if len(timings) < 2:
        return 1.0
    before, last = timings[-2], timings[-1]
    return math.log(last.reference_s / before.reference_s) / math.log(last.size / before.size)


def _next_size(timings: list[Timing]) -> int:
    """The next size: up to MAX_STEP times larger, less when the candidate's time climbs fast."""
    size = timings[-1].size
    power = _local_power(timings)
    step = MAX_STEP if power <= 1 else min(MAX_STEP, STEP_GROWTH ** (1 / power))
    return max(size + 1, math.ceil(size * step))


def _sure(timings: list[Timing], target: Growth) -> bool:
    """True when more sizes would not change the estimate: sure, on enough sizes, spread wide."""
    if len(timings) < SURE_POINTS:
        return False
    estimate = estimate_growth(timings, target)
    return (
        estimate.estimated is not None
        and estimate.confidence >= SURE_CONFIDENCE
        and estimate.points >= SURE_POINTS
        and estimate.span >= SURE_SPAN
    )
