"""The differential stage: Hypothesis draws inputs, the candidate must answer as the reference does.

Hypothesis runs here, in the judge's process; every example is one call to the sandbox. When a
call fails, Hypothesis shrinks the input, and since it only replays inputs that are simpler than
the best failure so far, the last failure recorded is the minimal one (it replays that one last).

Hypothesis's shrinker is a local search: where it ends depends on the failure it started from,
and so on the seed. Once the seeded search finds a failure, a few more searches with fixed seeds
find and shrink it again from other starting points, and the smallest of their failures is
reported: the same for every seed (see ``_RESHRINK_SEEDS``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace

import hypothesis
import platformdirs
from hypothesis import HealthCheck, Phase, Verbosity
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Flaky, FlakyStrategyDefinition, HypothesisException
from hypothesis.reporting import with_reporter
from hypothesis.strategies import SearchStrategy

from judge.catalog.problem import Args, Group, Task
from judge.correctness.check import (
    Failure,
    SlowestCall,
    call_task,
    check_answer,
    reference_answer,
    slower,
)
from judge.correctness.literals import NO_LITERALS, Literals, with_literals
from judge.correctness.values import value_repr
from judge.errors import InternalError, JudgeError
from judge.report import Verdict
from judge.settings import JudgeOptions
from judge.wording import counted
from sandbox.base import Outcome, Sandbox

Clock = Callable[[], float]

# Verdicts that say how long or how big a call was, not what it answered: when Hypothesis finds
# them flaky (a call near the time limit finishes on the replay), the limit was still broken.
_LIMIT_VERDICTS = frozenset(
    {
        Verdict.TIME_LIMIT_EXCEEDED,
        Verdict.MEMORY_LIMIT_EXCEEDED,
        Verdict.OUTPUT_LIMIT_EXCEEDED,
    }
)

# Failures worth shrinking again from other starting points: answers, not limits (each limit
# costs a whole time limit to replay) and not instability (a replay may not show it again).
_RESHRINK_VERDICTS = frozenset({Verdict.WRONG_ANSWER, Verdict.RUNTIME_ERROR})
# The fixed seeds of the searches that shrink a failure again, and the inputs each may try to
# find it: over gcd's wrong answers, five starting points reach the minimal input that one
# seed's shrink misses about half the time, at 15 to 55 calls each.
_RESHRINK_SEEDS = (0, 1, 2, 3, 4)
_RESHRINK_EXAMPLES = 50


@dataclass(frozen=True, slots=True)
class DifferentialResult:
    """What the differential stage found for one task."""

    calls: int  # calls made to the candidate, shrinking included
    failure: Failure | None  # the minimal failure found, or None
    note: str = ""  # why the search stopped before Hypothesis finished, if it did
    slowest: SlowestCall | None = None  # the call that took longest on the judge's clock
    out_of_budget: bool = False  # the budget ran out before the search could finish


def hypothesis_settings(options: JudgeOptions) -> hypothesis.settings:
    """The one place Hypothesis is configured for judging.

    No example database (a judge keeps no state between runs), no deadline (the sandbox enforces
    time per call), no explain phase (it replays extra calls only to word a test report), and
    quiet: Hypothesis must not print to the user's terminal. The seed is applied beside these
    settings in ``_seeded_test``.
    """
    return hypothesis.settings(
        max_examples=options.examples,
        database=None,
        deadline=None,
        derandomize=False,  # reproducible through hypothesis.seed(options.seed) instead
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
        # Every example crosses a process boundary, and problems generate big ints and long
        # strings on purpose: these checks would flag the judge's design, not a problem bug.
        suppress_health_check=(
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ),
    )


def keep_hypothesis_files_private() -> None:
    """Hypothesis's caches go to the judge's cache folder, not to ``.hypothesis/`` in the cwd.

    With no example database Hypothesis still writes caches (the constants of local modules,
    Unicode tables) under its home directory, by default in the current directory: wherever
    the user runs ``judge``. HYPOTHESIS_STORAGE_DIRECTORY, when set, still wins.
    """
    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        cache = platformdirs.user_cache_path("judge", appauthor=False)
        set_hypothesis_home_dir(cache / "hypothesis")


class _CandidateFailed(Exception):
    """Raised inside the Hypothesis test when a call fails, so that Hypothesis shrinks it."""


class _StopSearch(BaseException):
    """Aborts Hypothesis at once (it lets BaseException through): budget spent or judge fault."""

    def __init__(self, fault: JudgeError | None = None) -> None:
        super().__init__()
        self.fault = fault


def run_differential(
    task: Task,
    sandbox: Sandbox,
    options: JudgeOptions,
    deadline: float,
    clock: Clock,
    literals: Literals = NO_LITERALS,
    group: Group = Group.INTERVIEW,
) -> DifferentialResult:
    """Test ``task`` on Hypothesis's inputs of ``group`` until it fails, or ``options.examples``
    pass.

    Stops early, keeping the smallest failure found so far, once ``clock()`` passes
    ``deadline`` or when a call times out while Hypothesis shrinks (each timeout costs a whole
    time limit). A failure is then found and shrunk again from fixed seeds, and the smallest of
    those is reported, whatever ``options.seed`` (the seeded one when none of them finds it). A
    JudgeError from the sandbox or the reference is raised, never blamed on the candidate. The
    candidate's ``literals`` are mixed into the inputs where the task's domain allows
    (judge.correctness.literals).
    """
    seeded = _search(task, sandbox, options, deadline, clock, literals, group)
    if seeded.failure is None or seeded.failure.verdict not in _RESHRINK_VERDICTS:
        return seeded
    calls, slowest = seeded.calls, seeded.slowest
    again: list[DifferentialResult] = []
    for seed in _RESHRINK_SEEDS:
        if clock() >= deadline:
            break
        fixed = replace(options, seed=seed, examples=min(options.examples, _RESHRINK_EXAMPLES))
        result = _search(task, sandbox, fixed, deadline, clock, literals, group)
        calls += result.calls
        if result.slowest is not None:
            slowest = slower(slowest, result.slowest.args, result.slowest.seconds)
        if result.failure is not None and result.failure.verdict in _RESHRINK_VERDICTS:
            again.append(result)
    smallest = min(again, key=lambda result: failure_size(result.failure), default=seeded)
    return replace(smallest, calls=calls, slowest=slowest)


def failure_size(failure: Failure | None) -> tuple[int, str]:
    """How big a failing input is, as shown: the shorter source text, then the first in order."""
    if failure is None:
        return (0, "")
    shown = value_repr(failure.counterexample.args)
    return (len(shown), shown)


def _search(
    task: Task,
    sandbox: Sandbox,
    options: JudgeOptions,
    deadline: float,
    clock: Clock,
    literals: Literals,
    group: Group,
) -> DifferentialResult:
    """One Hypothesis search seeded by ``options.seed``: see ``run_differential``."""
    calls = 0
    failures: list[Failure] = []
    slowest: SlowestCall | None = None

    def one_call(args: Args) -> None:
        nonlocal calls, slowest
        if clock() >= deadline:
            raise _StopSearch()
        try:
            expected = reference_answer(task, args)
            result = call_task(sandbox, task, args)
        except JudgeError as exc:
            raise _StopSearch(exc) from None
        calls += 1
        slowest = slower(slowest, args, result.wall_seconds)
        failure = check_answer(task, args, expected, result)
        if failure is None:
            return
        shrinking = bool(failures)  # Hypothesis stops generating at the first failure
        failures.append(failure)
        if shrinking and result.outcome is Outcome.TIMED_OUT:
            # Each timeout costs a whole time limit: this input, smaller than the last failure,
            # ends shrinking.
            raise _StopSearch()
        # Raised from this one line, never inside an except block, so that Hypothesis sees one
        # kind of failure and shrinks to the smallest input of any verdict.
        raise _CandidateFailed()

    test = _seeded_test(one_call, with_literals(task, literals, group), options)
    try:
        with with_reporter(_discard):
            test()
    except _StopSearch as stop:
        if stop.fault is not None:
            raise stop.fault from None
        return replace(_stopped(calls, failures), slowest=slowest)
    except _CandidateFailed:
        return DifferentialResult(calls, failures[-1], slowest=slowest)
    except FlakyStrategyDefinition as exc:
        raise InternalError(f"the strategy for {task.name!r} is not deterministic: {exc}") from exc
    except Flaky as exc:
        if not failures:
            raise InternalError(f"Hypothesis reported {task.name!r} flaky: {exc}") from exc
        return DifferentialResult(calls, _flaky(failures[-1]), slowest=slowest)
    except HypothesisException as exc:
        raise InternalError(f"Hypothesis could not test {task.name!r}: {exc}") from exc
    except Exception as exc:  # a crash inside Hypothesis itself (seen while shrinking)
        if not failures:
            raise InternalError(f"Hypothesis failed testing {task.name!r}: {exc!r}") from exc
        note = f"shrinking stopped early (Hypothesis failed: {exc!r:.100}): "
        note += "this is the smallest failing input found"
        return DifferentialResult(calls, failures[-1], note, slowest)
    return DifferentialResult(calls, None, slowest=slowest)


def _seeded_test(  # type: ignore[no-untyped-def]
    one_call: Callable[[Args], None], arguments: SearchStrategy[Args], options: JudgeOptions
):
    """``one_call`` as a Hypothesis test over ``arguments``, seeded by ``options.seed``."""
    keep_hypothesis_files_private()
    test = hypothesis.given(arguments)(one_call)
    test = hypothesis_settings(options)(test)
    return hypothesis.seed(options.seed)(test)


def _stopped(calls: int, failures: list[Failure]) -> DifferentialResult:
    """The result of a search cut short: by a timeout while shrinking, or by the budget."""
    if not failures:
        note = f"the time budget ran out after {counted(calls, 'generated input')}"
        return DifferentialResult(calls, None, note, out_of_budget=True)
    note = "shrinking stopped early to bound judging time: this is the smallest failing input found"
    return DifferentialResult(calls, failures[-1], note)


def _flaky(failure: Failure) -> Failure:
    """The failure Hypothesis could not reproduce: a limit stays broken, an answer is unstable."""
    if failure.verdict in _LIMIT_VERDICTS:
        return failure
    detail = "gave a different result when called again with the same input"
    counterexample = replace(failure.counterexample, detail=detail)
    return Failure(Verdict.NONDETERMINISTIC, counterexample)


def _discard(_text: object) -> None:
    """Hypothesis's reporter while judging: its "Falsifying example" lines are not for users."""
