"""One-shot move of judge/ into subpackages (issue 19). Run from the repository root, once."""

import re
import subprocess
import sys
from pathlib import Path

# old module (dotted) -> new module (dotted)
MOVES = {
    "judge.cli": "judge.cli.app",
    "judge.cli_authoring": "judge.cli.authoring",
    "judge.cli_options": "judge.cli.options",
    "judge.cli_sandbox": "judge.cli.sandbox_setup",
    "judge.problem": "judge.catalog.problem",
    "judge.spec": "judge.catalog.spec",
    "judge.discovery": "judge.catalog.discovery",
    "judge.problem_selection": "judge.catalog.selection",
    "judge.check": "judge.correctness.check",
    "judge.compare": "judge.catalog.compare",
    "judge.differential": "judge.correctness.differential",
    "judge.feedback": "judge.correctness.feedback",
    "judge.values": "judge.correctness.values",
    "judge.literals": "judge.correctness.literals",
    "judge.untrusted": "judge.reports.untrusted",
    "judge.complexity": "judge.complexity.measure",
    "judge.growth_fit": "judge.complexity.fit",
    "judge.hints": "judge.complexity.hints",
    "judge.input_flow": "judge.complexity.input_flow",
    "judge.style": "judge.style.review",
    "judge.lint": "judge.style.lint",
    "judge.assess": "judge.sessions.assess",
    "judge.practice": "judge.sessions.practice",
    "judge.history": "judge.sessions.history",
    "judge.solution": "judge.sessions.solution",
    "judge.files": "judge.sessions.judging",
    "judge.submission": "judge.sessions.submission",
    "judge.scaffold": "judge.authoring.scaffold",
    "judge.validate": "judge.authoring.validate",
    "judge.package_checks": "judge.authoring.package_checks",
    "judge.expectations": "judge.authoring.expectations",
    "judge.model": "judge.report",
    "judge.serialize": "judge.reports.json_report",
    "judge.html_report": "judge.reports.html",
    "judge.junit": "judge.reports.junit",
    "judge.render.terminal": "judge.reports.terminal.consoles",
    "judge.render.authoring": "judge.reports.terminal.authoring",
    "judge.render.catalog": "judge.reports.terminal.catalog",
    "judge.render.judging": "judge.reports.terminal.judging",
    "judge.render.sandbox_setup": "judge.reports.terminal.sandbox_setup",
    "judge.render.scorecard": "judge.reports.terminal.scorecard",
    "judge.render.sessions": "judge.reports.terminal.sessions",
    "judge.render": "judge.reports.terminal",
    "sandbox.local": "sandbox.local.backend",
    "sandbox.isolation": "sandbox.local.isolation",
    "sandbox.container": "sandbox.docker.backend",
    "sandbox.attach": "sandbox.docker.attach",
    "sandbox.image": "sandbox.docker.image",
    "sandbox.detach": "sandbox.docker.detach",
}
EXTRA = dict(arg.split("=") for arg in sys.argv[1:])  # new modules helpers added: old=new
MOVES.update(EXTRA)

PACKAGES = {
    "judge/cli": "The command line (typer): parse, call a session or the engine, render, exit code.\n\nImports anything in judge/; nothing imports it but judge/__main__.py.",
    "judge/catalog": "The problem catalogue: the problem model, spec.md reading, discovery, selection.\n\nImports only judge's root modules and sandbox/ (for the value types); everything above reads it.",
    "judge/correctness": "The correctness stage: spec examples, differential testing, comparison, values, feedback wording.\n\nImports the catalogue, the report model and sandbox/; never a session, the CLI or a renderer.",
    "judge/complexity": "The complexity stage: growth measurement against the reference, the fit, static hints.\n\nImports the catalogue, the report model and sandbox/; never a session, the CLI or a renderer.",
    "judge/style": "The style stage: ruff and radon on the source, as a reviewer's notes. Never runs the code.\n\nImports the report model only.",
    "judge/sessions": "What a candidate runs: one file judged, a folder assessed, practice, history, solutions.\n\nImports the engine, the stages and the catalogue; the CLI and the renderers import it.",
    "judge/authoring": "What a problem author runs: `judge new` (scaffold, templates) and `judge validate`.\n\nImports the sessions' file judging, the stages and the catalogue; the CLI and renderers import it.",
    "judge/reports": "Renderings of what the judge found: terminal (the only rich importer), HTML, JUnit, JSON.\n\nImports anything but the CLI; only the CLI (and tests) import it.",
    "sandbox/local": "The local process sandbox: the worker in a restricted process on this machine.\n\nImports sandbox's shared modules (base, wire, supervisor) only.",
    "sandbox/docker": "The Docker sandbox: the engine, the image, the container's socket. The only docker SDK user.\n\nImports sandbox's shared modules (base, wire, supervisor) only.",
    "judge/reports/terminal": "Everything the user sees on a terminal: the only package that imports rich.\n\nOne module per group of screens, so that a command imports only what it shows.",
}


def path_of(dotted: str, package: bool = False) -> Path:
    return Path(*dotted.split(".")) if package else Path(*dotted.split(".")).with_suffix(".py")


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True)


def main() -> None:
    for folder in PACKAGES:
        Path(folder).mkdir(parents=True, exist_ok=True)
    # judge/render/__init__.py becomes judge/reports/terminal/__init__.py
    if Path("judge/render/__init__.py").exists():
        git("mv", "judge/render/__init__.py", "judge/reports/terminal/__init__.py")
    for old, new in MOVES.items():
        source, target = path_of(old), path_of(new)
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            git("mv", str(source), str(target))
    if Path("judge/render").exists():
        subprocess.run(["rm", "-rf", "judge/render"], check=True)
    if Path("sandbox/Dockerfile").exists():
        git("mv", "sandbox/Dockerfile", "sandbox/docker/Dockerfile")
    if Path("judge/templates").exists():
        git("mv", "judge/templates", "judge/authoring/templates")
    for folder, doc in PACKAGES.items():
        init = Path(folder) / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{doc}\n"""\n')
            git("add", str(init))
    # rewrite references, longest names first so judge.render.x wins over judge.render
    names = sorted(MOVES, key=len, reverse=True)
    dotted = re.compile(r"(?<![\w.])\b(" + "|".join(re.escape(n) for n in names) + r")\b(?![_\w])")
    slashed = {path_of(o).as_posix(): path_of(n).as_posix() for o, n in MOVES.items()}
    slashed["judge/templates"] = "judge/authoring/templates"
    slashed["judge/render/"] = "judge/reports/terminal/"
    slashed["sandbox/Dockerfile"] = "sandbox/docker/Dockerfile"
    slash = re.compile("|".join(re.escape(s) for s in sorted(slashed, key=len, reverse=True)))
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True)
    for name in files.stdout.split():
        path = Path(name)
        if path.suffix not in {".py", ".md", ".toml", ".tmpl", ".txt", ".cfg"} and name != ".ci/run":
            continue
        if not path.exists():
            continue
        text = path.read_text()
        new = dotted.sub(lambda m: MOVES[m.group(1)], text)
        new = slash.sub(lambda m: slashed[m.group(0)], new)
        new = new.replace("from judge.render import terminal\n", "from judge.reports.terminal import consoles as terminal\n")
        new = new.replace("from sandbox import detach\n", "from sandbox.docker import detach\n")
        new = new.replace("from judge import validate as", "from judge.authoring import validate as")
        new = new.replace("from judge import assess as", "from judge.sessions import assess as")
        new = new.replace('resources.files("judge") / "templates"', 'resources.files("judge.authoring") / "templates"')
        new = new.replace('resources.files("sandbox").joinpath("Dockerfile")', 'resources.files("sandbox.docker").joinpath("Dockerfile")')
        new = new.replace('judge = ["templates/problem/', '"judge.authoring" = ["templates/problem/')
        if new != text:
            path.write_text(new)


if __name__ == "__main__":
    main()
