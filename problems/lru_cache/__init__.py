"""lru_cache: a least-recently-used cache driven by gets and puts (seed 000, stage 14)."""

from __future__ import annotations

from pathlib import Path

from judge.catalog.problem import Example, Growth, Problem, StressGroup, Task, TaskKind

from .properties import PROPERTIES
from .reference import LRUCache
from .strategies import (
    STRESS_FROM,
    arguments,
    in_domain,
    make_input,
    make_variant,
    operation_count,
    stress_arguments,
)

PROBLEM = Problem(
    slug="lru_cache",
    title="LRU Cache",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="LRUCache",
            params=("capacity",),
            reference=LRUCache,
            arguments=arguments(),
            # O(1) per operation: O(n) for the n operations a measured sequence holds.
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="operations",
            kind=TaskKind.CLASS,
            methods=("get", "put"),
            # The examples of spec.md's "Examples" section, in the same order.
            examples=(
                Example(
                    args=(
                        (2,),
                        (
                            ("put", (1, 1)),
                            ("put", (2, 2)),
                            ("get", (1,)),
                            ("put", (3, 3)),
                            ("get", (2,)),
                            ("put", (4, 4)),
                            ("get", (1,)),
                            ("get", (3,)),
                            ("get", (4,)),
                        ),
                    ),
                    expected=[None, None, 1, None, -1, None, -1, 3, 4],
                ),
                Example(
                    args=(
                        (2,),
                        (
                            ("put", (1, 1)),
                            ("put", (2, 2)),
                            ("put", (2, 20)),
                            ("get", (1,)),
                            ("get", (2,)),
                            ("put", (1, 10)),
                            ("put", (3, 3)),
                            ("get", (2,)),
                            ("get", (1,)),
                        ),
                    ),
                    expected=[None, None, None, 1, 20, None, None, -1, 10],
                ),
                Example(
                    args=((1,), (("put", (1, 1)), ("put", (2, 2)), ("get", (1,)), ("get", (2,)))),
                    expected=[None, None, -1, 2],
                ),
            ),
            properties=PROPERTIES,
            domain=in_domain,
            size_of=operation_count,
            stress=StressGroup(
                arguments=stress_arguments(),
                from_size=STRESS_FROM,
                sizes=f"{STRESS_FROM} to 3000 operations on caches of up to 1000 keys",
            ),
        ),
    ),
)
