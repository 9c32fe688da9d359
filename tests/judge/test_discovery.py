"""Discovery finds built-in, installed and extra problems, and reports broken packages by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from judge.catalog.discovery import (
    BUILTIN_PACK,
    BrokenProblem,
    Catalogue,
    chosen_problems,
    discover,
    find_problem,
)
from judge.errors import UsageError

FIXTURES = Path(__file__).parent.parent / "fixtures"
ECHO_PACKAGE = FIXTURES / "echo_problem"

# The exact built-in set. Update it when a problem is added.
BUILTIN_SLUGS = {
    "gcd",
    "most_frequent_smallest",
    "longest_unique_substring",
    "digit_sum",
    "odd_index_chars",
    "lru_cache",
}
# The classic pack (packs/classic), which the README's set-up command installs: an installed
# pack, discovered through its entry points. Update it when a problem is added there.
CLASSIC_SLUGS = {
    "binary_search",
    "coin_change",
    "integer_sqrt",
    "kth_largest",
    "merge_intervals",
    "min_stack",
    "valid_parentheses",
}


def _package(root: Path, name: str, init: str, spec: str | None = "# Title\n") -> Path:
    """Write a problem package folder with the given __init__.py (and spec.md unless None)."""
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(init, encoding="utf-8")
    if spec is not None:
        (package / "spec.md").write_text(spec, encoding="utf-8")
    return package


def _echo_copy(root: Path, name: str, slug: str = "echo") -> Path:
    """A working copy of the echo fixture package, under another folder name and slug."""
    package = root / name
    shutil.copytree(ECHO_PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    init = package / "__init__.py"
    init.write_text(init.read_text().replace('slug="echo"', f"slug={slug!r}"), encoding="utf-8")
    return package


def _new_slugs(catalogue: Catalogue) -> set[str]:
    """Slugs beyond the built-in ones."""
    return set(catalogue.slugs) - set(discover().slugs)


def _broken_from(catalogue: Catalogue, prefix: str) -> tuple[BrokenProblem, ...]:
    """The broken entries from one source (a tmp folder, entry points), not from built-ins."""
    return tuple(item for item in catalogue.broken if item.name.startswith(prefix))


def test_discovers_exactly_the_builtin_problems_and_the_classic_pack() -> None:
    catalogue = discover()
    builtin = {p.slug for p in catalogue.problems if catalogue.pack_of(p) == BUILTIN_PACK}
    assert builtin == BUILTIN_SLUGS
    classic = {p.slug for p in catalogue.problems if catalogue.pack_of(p) == "classic"}
    # Other helpers add problems to the pack too: the pack holds at least these.
    assert classic >= CLASSIC_SLUGS
    assert set(catalogue.slugs) == builtin | classic
    assert catalogue.installed_packs == ("classic",)
    assert catalogue.broken == ()


def test_the_default_set_is_the_builtin_problems_and_packs_are_chosen_by_name() -> None:
    catalogue = discover()
    assert {p.slug for p in chosen_problems(catalogue, (), ())} == BUILTIN_SLUGS
    classic = chosen_problems(catalogue, ("classic",), ())
    assert {p.slug for p in classic} >= CLASSIC_SLUGS
    assert not {p.slug for p in classic} & BUILTIN_SLUGS
    # --pack and --problem add up, in catalogue order, each problem once.
    mixed = chosen_problems(catalogue, ("classic",), ("gcd", "min_stack"))
    wanted = {p.slug for p in classic} | {"gcd"}
    assert [p.slug for p in mixed] == [slug for slug in catalogue.slugs if slug in wanted]
    assert [p.slug for p in chosen_problems(catalogue, (), ("min_stack", "gcd"))] == [
        "gcd",
        "min_stack",
    ]
    assert [p.slug for p in chosen_problems(catalogue, (BUILTIN_PACK,), ())] == [
        p.slug for p in chosen_problems(catalogue, (), ())
    ]


def test_an_unknown_pack_or_problem_is_a_usage_error_naming_the_packs() -> None:
    catalogue = discover()
    with pytest.raises(
        UsageError, match="unknown pack 'clasic'; the packs are 'builtin', 'classic'"
    ):
        chosen_problems(catalogue, ("clasic",), ())
    with pytest.raises(UsageError, match="did you mean 'min_stack'"):
        chosen_problems(catalogue, (), ("min_stak",))


def test_a_problems_dir_problem_is_of_its_folder_and_in_the_default_set(tmp_path: Path) -> None:
    _echo_copy(tmp_path, "echo")
    catalogue = discover([tmp_path])
    echo = find_problem(catalogue, "echo")
    assert catalogue.pack_of(echo) == str(tmp_path)
    assert echo in chosen_problems(catalogue, (), ())


def test_broken_packages_are_reported_by_name_and_reason(tmp_path: Path) -> None:
    _package(tmp_path, "bad_syntax", "def broken(:\n")
    _package(tmp_path, "missing_import", "import no_such_module_for_judge_tests\n")
    _package(tmp_path, "no_problem", "TITLE = 'nothing here'\n")
    no_spec = _echo_copy(tmp_path, "no_spec", slug="echo_without_spec")
    (no_spec / "spec.md").unlink()
    _package(tmp_path, "not_a_problem", "PROBLEM = 42\n")
    _echo_copy(tmp_path, "working")
    unfinished = tmp_path / "unfinished"
    unfinished.mkdir()
    (unfinished / "spec.md").write_text("# Unfinished\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # neither a package nor an unfinished one: ignored

    catalogue = discover([tmp_path])

    assert catalogue.slugs[-1] == "echo"
    assert _new_slugs(catalogue) == {"echo"}
    broken = {item.name: item.reason for item in _broken_from(catalogue, str(tmp_path))}
    assert broken.pop(str(tmp_path / "bad_syntax")).startswith(
        "import failed: SyntaxError: invalid syntax"
    )
    assert broken == {
        str(tmp_path / "missing_import"): (
            "import failed: ModuleNotFoundError: No module named 'no_such_module_for_judge_tests'"
        ),
        str(tmp_path / "no_problem"): "__init__.py defines no PROBLEM",
        str(no_spec): f"spec.md missing (expected at {no_spec.resolve() / 'spec.md'})",
        str(tmp_path / "not_a_problem"): "PROBLEM is not a judge.catalog.problem.Problem but a int",
        str(unfinished): "no __init__.py (it must define PROBLEM)",
    }


def test_a_single_package_folder_loads_with_its_relative_imports() -> None:
    catalogue = discover([ECHO_PACKAGE])
    echo = find_problem(catalogue, "echo")
    assert echo.main_task.expected(("hi",)) == "hi"
    assert echo.spec_path == ECHO_PACKAGE.resolve() / "spec.md"
    assert _broken_from(catalogue, str(ECHO_PACKAGE)) == ()


def test_a_folder_without_problem_packages_is_reported(tmp_path: Path) -> None:
    catalogue = discover([tmp_path])
    assert _broken_from(catalogue, str(tmp_path)) == (
        BrokenProblem(
            str(tmp_path),
            "no problem packages here (a problem package is a folder with __init__.py)",
        ),
    )


def test_a_missing_problems_dir_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(UsageError) as caught:
        discover([missing])
    assert str(caught.value) == (
        f"problems directory {str(missing)!r} does not exist; "
        "pass a folder of problem packages or one problem package"
    )


def test_a_duplicate_slug_is_broken_and_the_first_one_wins(tmp_path: Path) -> None:
    first = _echo_copy(tmp_path, "a_echo")
    second = _echo_copy(tmp_path, "b_echo")
    shutil.copytree(
        Path(__file__).parents[2] / "problems" / "digit_sum",
        tmp_path / "c_digit_sum",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    catalogue = discover([tmp_path])
    assert catalogue.slugs.count("echo") == 1
    assert find_problem(catalogue, "echo").spec_path == first.resolve() / "spec.md"
    assert find_problem(catalogue, "digit_sum").spec_path.parent.parent.name == "problems"
    assert _broken_from(catalogue, str(tmp_path)) == (
        BrokenProblem(str(second), f"duplicate slug 'echo', already defined by {first}"),
        BrokenProblem(
            str(tmp_path / "c_digit_sum"),
            "duplicate slug 'digit_sum', already defined by problems.digit_sum",
        ),
    )


def test_discovering_again_reads_the_package_as_it_is_now(tmp_path: Path) -> None:
    package = _echo_copy(tmp_path, "echo_problem")
    assert find_problem(discover([tmp_path]), "echo").main_task.expected(("ab",)) == "ab"
    reference = package / "reference.py"
    reference.write_text(reference.read_text().replace("return text", "return text * 2"))
    assert find_problem(discover([tmp_path]), "echo").main_task.expected(("ab",)) == "abab"


def test_entry_points_load_problems_and_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist_info = tmp_path / "judge_test_problems-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: judge-test-problems\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(
        "[judge.problems]\n"
        "echo = echo_problem\n"
        "echo_object = echo_problem:PROBLEM\n"
        "missing = no_such_module_for_judge_tests\n"
        "reference_module = echo_problem.reference\n",
        encoding="utf-8",
    )
    builtin = set(discover().slugs)
    monkeypatch.syspath_prepend(str(FIXTURES))
    monkeypatch.syspath_prepend(str(tmp_path))

    catalogue = discover()

    assert set(catalogue.slugs) - builtin == {"echo"}
    assert find_problem(catalogue, "echo").spec_path == ECHO_PACKAGE / "spec.md"
    # The pack is the distribution's name less "judge-".
    assert catalogue.pack_of(find_problem(catalogue, "echo")) == "test-problems"
    assert _broken_from(catalogue, "entry point") == (
        BrokenProblem(
            "entry point echo_object (echo_problem:PROBLEM)",
            "duplicate slug 'echo', already defined by entry point echo (echo_problem)",
        ),
        BrokenProblem(
            "entry point missing (no_such_module_for_judge_tests)",
            "import failed: ModuleNotFoundError: No module named 'no_such_module_for_judge_tests'",
        ),
        BrokenProblem(
            "entry point reference_module (echo_problem.reference)",
            "reference.py defines no PROBLEM",
        ),
    )


@pytest.fixture(name="catalogue")
def _catalogue() -> Catalogue:
    return discover([ECHO_PACKAGE])


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        (
            "gdc",
            "unknown problem 'gdc'; did you mean 'gcd'? Run 'judge list' to see all problems.",
        ),
        (
            "odd_index",
            "unknown problem 'odd_index'; did you mean 'odd_index_chars'?"
            " Run 'judge list' to see all problems.",
        ),
        ("knapsack", "unknown problem 'knapsack'. Run 'judge list' to see all problems."),
    ],
)
def test_an_unknown_slug_suggests_the_closest(
    catalogue: Catalogue, slug: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        find_problem(catalogue, slug)
    assert str(caught.value) == message


def test_several_close_slugs_are_all_suggested(tmp_path: Path) -> None:
    _echo_copy(tmp_path, "one", slug="echo_one")
    _echo_copy(tmp_path, "two", slug="echo_two")
    with pytest.raises(UsageError) as caught:
        find_problem(discover([tmp_path]), "echo_on")
    assert str(caught.value) == (
        "unknown problem 'echo_on'; did you mean 'echo_one' or 'echo_two'?"
        " Run 'judge list' to see all problems."
    )


def test_a_known_slug_is_found(catalogue: Catalogue) -> None:
    assert find_problem(catalogue, "digit_sum").title == "Digit sum"
