"""Measure how a task's running time grows, against the reference timed in the same run.

The candidate's task and the reference (the problem's ``reference.py``, loaded in a second worker
of the same kind) are called on inputs of growing size in ``Task.make_input``'s worst-case shape,
interleaved, in timed batches: every call of a batch gets an input of its own
(``Task.timing_input``) drawn from a secret of the measurement's own (``secret_variants``), and
every timed answer is checked against the reference's. A batch is
timed only by the judge, never by the worker: the sandbox's CPU time over it, read from outside
(sandbox/cpu_time.py), never under WALL_SHARE of the judge's wall clock around it, less an empty
exchange's cost calibrated on the reference's worker. Each side is called once first; that time
sizes the batches so that one lasts a few milliseconds. Sizes grow geometrically, in smaller
steps when the candidate's time climbs steeply, until the budget (of CPU seconds), the per-call
cap or the task's ``max_size`` stops them, or the estimate is already sure. A candidate call that
times out, raises or runs out of memory stops the growth; the estimate is made from the sizes
measured before it.
judge.complexity.fit turns the timings into a class; judge.complexity.hints adds the static hints.

Only an accepted task is measured: a wrong solution gets no complexity verdict at all.
"""

from __future__ import annotations

import itertools
import math
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from judge.catalog.checkers import run_checker
from judge.catalog.problem import Args, Growth, Problem, Task, TaskKind
from judge.complexity.fit import MIN_POINTS, GrowthEstimate, estimate_growth
from judge.complexity.hints import confirm_hints, find_hints
from judge.errors import InternalError, JudgeError
from judge.report import ComplexityReport, Hint, TaskReport, Timing, Verdict
from sandbox.affinity import current_cpu
from sandbox.base import CallRequest, CallResult, LoadStatus, Outcome, Sandbox, Submission

# One best-of-k batch should last about this long, so timer resolution and call overhead fade.
BATCH_S = 0.004
MIN_REPEAT = 3
MAX_REPEAT = 200
# What a batch spends around each call in the worker.
REPEAT_OVERHEAD_S = 1e-6
# Where the sandbox's CPU time is not complete (a local process tree, not a cgroup), a batch
# counts at least this share of the judge's wall time around it: work hidden where that reading
# cannot see it (a child the kernel reaped unseen) still shows, a quarter of it (the class
# unchanged), while three other busy processes on the same core do not inflate honest code. A
# cgroup's complete reading needs no such floor, which a loaded machine would make the measure.
WALL_SHARE = 0.25
# Empty batches timed on the reference's worker to learn what an exchange costs on its own.
CALIBRATION_BATCHES = 5
# The wall clock bounds a measurement at this many times its budget (of CPU seconds).
WALL_BOUND = 2.0
# Each size is measured in this many interleaved rounds (reference, candidate, reference, ...):
# a burst of load from elsewhere on the machine then rarely hits every round of one side, and
# the best (least disturbed) round of each side counts.
ROUNDS = 3
# A call this long is timed twice in all (see _measure_size).
LONG_CALL_S = 0.005
# Sizes grow by at most this factor per step, and by less when the candidate's time would grow
# by more than STEP_GROWTH: steep (cubic, exponential) growth still gets several sizes.
MAX_STEP = 2.0
STEP_GROWTH = 4.0
# A candidate at most this many times the reference's time at the domain's largest input, where
# the times never rose clear of the call overhead, is on target (_within_the_domain).
BOUNDED_SLOWDOWN = 3.0
BOUNDED_CONFIDENCE = 0.6
# A local power above this is read as exponential growth when sizing the next step.
STEEP_POWER = 3.0
# From the FLAT_FROM-th size on, while both sides' times stay within FLAT times their first,
# sizes grow by FLAT_STEP (not before: the call overhead hides a steep start, trial division
# x1.1 from 1 digit to 2 and 0.5 s a call at 8).
FLAT = 2.0
FLAT_STEP = 4
FLAT_FROM = 3
# One call slower than this ends the growth (and half the problem's per-call limit, if lower).
CALL_CAP_S = 0.5
# Without a bound from the task, sizes stop here (a list of 2**18 ints is ~10 MB on the wire).
DEFAULT_MAX_SIZE = 1 << 18
# Stop early once the estimate is this sure, from this many sizes spread this wide.
SURE_CONFIDENCE = 0.95
SURE_POINTS = 9
SURE_SPAN = 256
# Timed inputs are Task.make_variant's of a secret number of this many bits (secret_variants).
VARIANT_BITS = 64
_ANSWERS_CHANGED = (
    "the answers changed under measurement (at n = {size} a timed call answered "
    "other than the reference, where the untimed calls of the correctness check were right)"
)


@dataclass(frozen=True, slots=True)
class Measurement:
    """The timings taken for one task and why growing stopped where it did."""

    timings: tuple[Timing, ...]
    stopped: str
    answers_changed: bool = False  # a timed answer differed from the reference's


def load_reference(problem: Problem, sandbox: Sandbox) -> None:
    """Load the problem's reference.py into ``sandbox``; InternalError when it does not load."""
    path = problem.package_dir / "reference.py"
    load = sandbox.load(Submission(filename="reference.py", source=path.read_bytes()))
    if load.outcome is not Outcome.OK or load.status is not LoadStatus.OK:
        raise InternalError(
            f"the reference of {problem.slug!r} did not load in the sandbox "
            f"({load.status.value}: {load.detail or load.error}); the problem package is wrong"
        )


def measure_accepted(
    problem: Problem,
    tasks: tuple[TaskReport, ...],
    candidate: Sandbox,
    source: str,
    *,
    budget_s: float,
    open_reference: Callable[[], Sandbox],
    cpu: int | None = None,
) -> tuple[TaskReport, ...]:
    """``tasks`` with the complexity of each accepted one measured; the others as they were.

    The reference's worker is opened (by ``open_reference``, same kind as the candidate's) only
    when some task was accepted. When it cannot be opened or loaded, or a measurement fails on
    the judge's side, the task's report says so in its note instead of failing the judging.
    """
    accepted = [task for task in tasks if task.verdict is Verdict.ACCEPTED]
    if not accepted:
        return tasks
    call_cap_s = min(CALL_CAP_S, problem.limits.time_per_call_s / 2)
    measured: dict[str, ComplexityReport] = {}
    try:
        with open_reference() as reference:
            load_reference(problem, reference)
            for report in accepted:
                task = problem.task(report.task)
                hints = find_hints(source, task.name, size_unit=task.size_unit)
                try:
                    measured[task.name] = measure_complexity(
                        task,
                        candidate,
                        reference,
                        budget_s=budget_s,
                        call_cap_s=call_cap_s,
                        hints=hints,
                        cpu=cpu,
                    )
                except JudgeError as exc:
                    measured[task.name] = unmeasured(task, hints, str(exc))
    except JudgeError as exc:
        for report in accepted:
            task = problem.task(report.task)
            if task.name not in measured:
                hints = find_hints(source, task.name, size_unit=task.size_unit)
                measured[task.name] = unmeasured(task, hints, str(exc))
    return tuple(
        replace(report, complexity=measured[report.task]) if report.task in measured else report
        for report in tasks
    )


def unmeasured(task: Task, hints: tuple[Hint, ...], why: str) -> ComplexityReport:
    """The report of a task whose growth could not be measured: the hints, and why not."""
    return ComplexityReport(
        target=task.target,
        estimated=None,
        confidence=0.0,
        size_unit=task.size_unit,
        timings=(),
        slowdown=None,
        note=f"not measured: {why}",
        hints=hints,
    )


def measure_complexity(
    task: Task,
    candidate: Sandbox,
    reference: Sandbox,
    *,
    budget_s: float,
    call_cap_s: float,
    hints: tuple[Hint, ...] = (),
    cpu: int | None = None,
) -> ComplexityReport:
    """Time ``task`` in both sandboxes on growing inputs and estimate its class.

    Both workers run on one CPU (``cpu``, else the calling thread's): the cores of a shared
    machine can differ in speed by half, which would bend the ratio of the two sides.
    """
    timing_cpu = current_cpu() if cpu is None else cpu
    candidate.pin_to_cpu(timing_cpu)
    reference.pin_to_cpu(timing_cpu)
    measurement = measure_growth(
        task, candidate, reference, budget_s=budget_s, call_cap_s=call_cap_s
    )
    if measurement.answers_changed:
        # No class from timings taken while the code answered differently: it scores as the
        # slowest (judge.sessions.assess), so that gaming the timed calls never pays.
        return replace(
            unmeasured(task, hints, measurement.stopped),
            timings=measurement.timings,
            answers_changed=True,
        )
    estimate = estimate_growth(measurement.timings, task.target)
    return _report(
        task, measurement, _within_the_domain(task, measurement.timings, estimate), hints
    )


def _within_the_domain(
    task: Task, timings: tuple[Timing, ...], estimate: GrowthEstimate
) -> GrowthEstimate:
    """On target where the domain ends (``Task.max_size``: a float's 1024 bits) before the times
    rise clear of the call overhead, and the candidate is about as fast as the reference at
    the largest input there is: it is on target on every input, whatever its class would be."""
    if estimate.estimated is not None or not timings or task.max_size is None:
        return estimate
    largest = timings[-1]
    if largest.size < task.max_size or largest.reference_s <= 0:
        return estimate
    slowdown = largest.candidate_s / largest.reference_s
    if slowdown > BOUNDED_SLOWDOWN:
        return estimate
    note = (
        f"{slowdown:.1f}x the reference at the largest input ({task.size_unit} = "
        f"{largest.size:,}), too close to the call overhead to fit a class: on target there"
    )
    return replace(estimate, estimated=task.target, confidence=BOUNDED_CONFIDENCE, note=note)


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
    report = ComplexityReport(
        target=task.target,
        estimated=estimate.estimated,
        estimated_upper=estimate.upper,
        confidence=estimate.confidence,
        size_unit=task.size_unit,
        timings=timings,
        slowdown=slowdown,
        note=note,
        hints=hints,
    )
    # A hint is confirmed by what was measured: the class certainly slower than the target.
    return replace(report, hints=confirm_hints(hints, confirmed=report.slower_than_target))


def measure_growth(
    task: Task,
    candidate: Sandbox,
    reference: Sandbox,
    *,
    budget_s: float,
    call_cap_s: float,
) -> Measurement:
    """Timings of both sides at geometrically growing sizes, within the budget and caps.

    The budget counts CPU seconds the judge trusts, not the wall clock: its own thread's (making
    and sending the inputs, checking the answers) and the timed calls' (the timings). A busy
    machine stretches the wall clock, which ended the growth at smaller sizes on some runs than
    on others; the CPU seconds of the same sizes are about the same whatever else runs. The
    wall clock still bounds the whole, at WALL_BOUND times the budget.
    """
    started, started_cpu = time.monotonic(), time.thread_time()
    work = 0.0  # the timed calls' seconds so far
    overhead = calibrate(task, reference)
    variants = secret_variants()
    max_size = task.max_size or DEFAULT_MAX_SIZE
    timings: list[Timing] = []
    size = 1
    while True:
        step_started, step_cpu = time.monotonic(), time.thread_time()
        try:
            timing, failure = _measure_size(
                task, size, candidate, reference, call_cap_s, overhead, variants
            )
        except AnswersChanged:
            return Measurement(tuple(timings), _ANSWERS_CHANGED.format(size=size), True)
        if timing is not None:
            timings.append(timing)
        if failure or timing is None:
            return Measurement(tuple(timings), failure)
        step_wall = time.monotonic() - step_started
        now = (timing.candidate_s, timing.reference_s)
        step_work = _step_work(now)
        work += step_work
        step_spent = time.thread_time() - step_cpu + step_work
        if size >= max_size or _sure(timings, task.target):
            return Measurement(tuple(timings), "")
        next_size = min(max_size, _next_size(timings))
        next_predicted = _predict(timings, next_size)
        # Below the fit's fewest sizes a steep candidate (exponential: 1, 2, 3 digits) gets one
        # call up to twice the cap, still within the per-call limit: else it has no estimate.
        cap = call_cap_s * (2 if len(timings) < MIN_POINTS else 1)
        if next_predicted[0] > cap:
            return Measurement(
                tuple(timings),
                f"stopped at n = {size}: the next size would take over {call_cap_s:g} s a call",
            )
        # The step's wall time (input, transport, a busy machine) scales with its calls' time.
        # and with the inputs it builds and sends: as many as the batches hold, of their size.
        scale = _step_work(next_predicted) / step_work
        inputs = next_size * _inputs(next_predicted) / (size * _inputs(now))
        growth = max(scale, inputs)
        spent = time.thread_time() - started_cpu + work
        wall = time.monotonic() - started
        if spent + step_spent * growth > budget_s or (
            wall + step_wall * growth > WALL_BOUND * budget_s
        ):
            return Measurement(tuple(timings), "")
        size = next_size


def _step_work(seconds: tuple[float, float]) -> float:
    """The seconds of calls one size costs when the calls take ``seconds`` (candidate, ref)."""
    candidate_s, reference_s = seconds
    long_calls = candidate_s >= LONG_CALL_S
    candidate_repeat = 1 if long_calls else _repeat(candidate_s)
    rounds = 1 if long_calls else ROUNDS
    probes = candidate_s + reference_s
    return probes + rounds * (
        candidate_repeat * (candidate_s + REPEAT_OVERHEAD_S)
        + _repeat(reference_s) * (reference_s + REPEAT_OVERHEAD_S)
    )


def secret_variants() -> Iterator[int]:
    """Variant numbers in [0, 2**64) from the operating system's secret randomness, drawn anew for
    each call. Nothing the candidate sees predicts them: a file that read the problems'
    generators cannot build the timed inputs ahead and answer them from a table. They are never
    sent to the sandbox or reported (an input is, and a seed does not follow from it), and a
    report does not depend on them: every variant is an input of the same size and cost
    (``Task.make_variant``'s contract), so the same file, seed and judge give the same outcome.
    """
    while True:
        yield secrets.randbits(VARIANT_BITS)


def _inputs(seconds: tuple[float, float]) -> int:
    """How many inputs one size builds when the calls take ``seconds`` (candidate, ref)."""
    return max(_repeat(seconds[0]), _repeat(seconds[1])) * ROUNDS


def _timing_input(task: Task, size: int, variant: int) -> Args:
    try:
        return task.timing_input(size, variant)
    except Exception as exc:  # the problem's own generator: a bug in the package
        raise InternalError(  # the variant is the measurement's secret: not in the message
            f"a size-{size} timed input of task {task.name!r} raised {exc!r}; "
            "the problem package is wrong, please report it"
        ) from exc


@dataclass(frozen=True, slots=True)
class Overhead:
    """What one timed exchange costs with no call in it, on the reference's trusted worker."""

    cpu_s: float | None  # None: the sandbox's CPU time cannot be read here (wall time is used)
    wall_s: float
    cpu_complete: bool = False  # the CPU time counts everything (a cgroup): no wall floor


class AnswersChanged(Exception):
    """The candidate's answer to a timed call differs from the reference's on the same input."""


def calibrate(task: Task, reference: Sandbox) -> Overhead:
    """The cheapest of a few empty timed batches on the reference's worker, measured as every
    batch is. The candidate's own worker is not asked: it could inflate the figure removed."""
    results = [_timed(task, reference, ()) for _ in range(CALIBRATION_BATCHES)]
    for result in results:
        if result.outcome is not Outcome.OK:
            raise InternalError(
                f"an empty timed batch failed on the reference's worker ({result.outcome.value}: "
                f"{result.detail}); please report it"
            )
    cpu = [result.cpu_seconds for result in results]
    return Overhead(
        cpu_s=None if None in cpu else min(c for c in cpu if c is not None),
        wall_s=min(result.wall_seconds for result in results),
        cpu_complete=all(result.cpu_complete for result in results),
    )


def _timed(task: Task, sandbox: Sandbox, inputs: tuple[Args, ...]) -> CallResult:
    is_class = task.kind is TaskKind.CLASS
    request = CallRequest(task.name, inputs, is_class, timed=True, in_place=task.in_place_positions)
    return sandbox.call(request)


def _batch_seconds(result: CallResult, calls: int, overhead: Overhead) -> float:
    """Seconds per call of a batch, by the judge's readings less the calibrated overhead: the
    sandbox's CPU time; when that reading is not complete, never under WALL_SHARE of the judge's
    wall clock around it; without one, the wall clock."""
    wall = result.wall_seconds - overhead.wall_s
    if result.cpu_seconds is None or overhead.cpu_s is None:
        spent = wall
    elif result.cpu_complete and overhead.cpu_complete:
        spent = result.cpu_seconds - overhead.cpu_s
    else:
        spent = max(result.cpu_seconds - overhead.cpu_s, wall * WALL_SHARE)
    return max(spent, 0.0) / calls + 1e-9  # floored at a nanosecond so logs stay finite


def _measure_size(
    task: Task,
    size: int,
    candidate: Sandbox,
    reference: Sandbox,
    call_cap_s: float,
    overhead: Overhead,
    variants: Iterator[int],
) -> tuple[Timing | None, str]:
    """Seconds per call of both sides at one size, interleaved (None when the candidate failed),
    and why growing stops here ("" when it need not).

    Every call gets an input of its own (``Task.timing_input``), so a remembered answer serves
    no other call, and the candidate's answers are checked against the reference's on the same
    inputs (AnswersChanged). Each side is first called once, which sizes the batches that follow.
    """

    def inputs(count: int) -> tuple[Args, ...]:
        return tuple(_timing_input(task, size, next(variants)) for _ in range(count))

    def reference_batch(batch: tuple[Args, ...]) -> tuple[tuple[object, ...], float]:
        result = _timed(task, reference, batch)
        if result.outcome is not Outcome.OK or not _answers(result.value, len(batch)):
            raise InternalError(
                f"the reference of {task.name!r} failed on a size-{size} input "
                f"({result.outcome.value}: {result.detail}); "
                "the problem package is wrong, please report it"
            )
        return result.value, _batch_seconds(result, len(batch), overhead)

    def candidate_batch(
        batch: tuple[Args, ...], expected: tuple[object, ...]
    ) -> tuple[CallResult, float]:
        result = _timed(task, candidate, batch)
        if result.outcome is not Outcome.OK:
            return result, 0.0
        if not _answers(result.value, len(batch)) or not all(
            run_checker(task.checker, args, want, got).accepted
            for args, want, got in zip(batch, expected, result.value, strict=True)
        ):
            raise AnswersChanged(f"n = {size}")
        return result, _batch_seconds(result, len(batch), overhead)

    probe_input = inputs(1)
    expected, reference_probe = reference_batch(probe_input)
    probe, candidate_probe = candidate_batch(probe_input, expected)
    if probe.outcome is not Outcome.OK:
        return None, _why_stopped(size, probe)
    if candidate_probe > call_cap_s:
        return Timing(size, candidate_probe, reference_probe), (
            f"stopped at n = {size}: a call took {candidate_probe:.2g} s"
        )
    # A single short call reads mostly the exchange's own jitter (tens of microseconds, above or
    # below the calibrated overhead): it sizes the batches, and counts only when long. A long
    # call is timed in CPU time, which a busy machine does not inflate: one more call is enough,
    # and leaves the budget for larger sizes.
    long_calls = candidate_probe >= LONG_CALL_S
    best_candidate = candidate_probe if long_calls else math.inf
    best_reference = reference_probe if reference_probe >= LONG_CALL_S else math.inf
    for _ in range(1 if long_calls else ROUNDS):
        candidate_calls = 1 if long_calls else _repeat(min(best_candidate, candidate_probe))
        # The reference answers the candidate's inputs too, and more when it is quicker.
        batch = inputs(max(candidate_calls, _repeat(min(best_reference, reference_probe))))
        expected, reference_s = reference_batch(batch)
        best_reference = min(best_reference, reference_s)
        result, candidate_s = candidate_batch(batch[:candidate_calls], expected[:candidate_calls])
        if result.outcome is not Outcome.OK:
            return None, _why_stopped(size, result)
        best_candidate = min(best_candidate, candidate_s)
    return Timing(size, best_candidate, best_reference), ""


def _answers(value: object, calls: int) -> bool:
    """Whether a batch's value is one answer per call, as the worker must send it."""
    return type(value) is tuple and len(value) == calls


def _why_stopped(size: int, result: CallResult) -> str:
    what = {
        Outcome.TIMED_OUT: "ran past the time limit",
        Outcome.MEMORY_EXCEEDED: "ran out of memory",
        Outcome.RAISED: f"raised {result.error.type_name if result.error else 'an exception'}",
    }.get(result.outcome, f"ended with {result.outcome.value}")
    return f"stopped at n = {size}: the candidate {what} there"


def _repeat(predicted_s: float) -> int:
    """How many repeats make a batch last about BATCH_S, the worker's own cost included."""
    return max(MIN_REPEAT, min(MAX_REPEAT, round(BATCH_S / (predicted_s + REPEAT_OVERHEAD_S))))


def _local_power(timings: list[Timing]) -> float:
    """The candidate's log-log slope between the last two sizes (1 when unknown)."""
    if len(timings) < 2:
        return 1.0
    return _power(timings[-2], timings[-1])


def _power(before: Timing, after: Timing) -> float:
    """The candidate's log-log slope from ``before`` to ``after``."""
    return math.log(after.candidate_s / before.candidate_s) / math.log(after.size / before.size)


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
    first, last = timings[0], timings[-1]
    flat = max(last.candidate_s / first.candidate_s, last.reference_s / first.reference_s) < FLAT
    if len(timings) >= FLAT_FROM and flat:
        # Both sides still at their per-call overhead: those sizes only set the floor, and the
        # budget is better spent where the times grow. A rise within FLAT may still be the
        # start of b ** n (trial division: x1.7 from 1 digit to 2, 1.1 s at 8): the jump stops
        # where that would multiply the time by STEP_GROWTH.
        return min(size * FLAT_STEP, _exponential_step(size, _base_log(first, last)))
    power = _local_power(timings)
    step = MAX_STEP if power <= 1 else min(MAX_STEP, STEP_GROWTH ** (1 / power))
    next_size = max(size + 1, math.ceil(size * step))
    steps = list(itertools.pairwise(timings[-3:]))
    if any(_power(before, after) > STEEP_POWER for before, after in steps):
        # Steeper than a polynomial would be, in either of the last two steps (an input's cost
        # can vary about its size's: trial division x9 from 4 digits to 5, x1.7 to 6): read as
        # b ** n at its steepest, the size that multiplies the time by STEP_GROWTH is nearer,
        # and an exploding candidate gets the sizes its fit needs before the call cap and the
        # time limit (1 to 8 bits flat, then 32, 36, 40, not 32, 40 and the cap).
        base_log = max(_base_log(before, after) for before, after in steps)
        next_size = min(next_size, _exponential_step(size, base_log))
    return next_size


def _base_log(before: Timing, after: Timing) -> float:
    """ln b of the candidate's time read as b ** n from ``before`` to ``after``."""
    return math.log(after.candidate_s / before.candidate_s) / (after.size - before.size)


def _exponential_step(size: int, base_log: float) -> int:
    """The size at which a time growing as b ** n (``base_log`` = ln b) has grown STEP_GROWTH
    times from ``size``'s; no bound (sys.maxsize) when it does not grow."""
    if base_log <= 0:
        return sys.maxsize
    return size + max(1, math.ceil(math.log(STEP_GROWTH) / base_log))


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
