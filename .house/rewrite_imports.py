"""After `git merge main` brought the house move (issue 19): rewrite old module paths in the files
your branch added or changed. Run from your worktree's root: python .house/rewrite_imports.py"""

import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, ".house")
from restructure import MOVES, path_of  # noqa: E402

MOVES = {**MOVES, "judge.templates": "judge.authoring.templates"}
names = sorted(MOVES, key=len, reverse=True)
dotted = re.compile(r"(?<![\w.])\b(" + "|".join(re.escape(n) for n in names) + r")\b(?![_\w])")
slashed = {path_of(o).as_posix(): path_of(n).as_posix() for o, n in MOVES.items()}
slashed["judge/render/"] = "judge/reports/terminal/"
slashed["sandbox/Dockerfile"] = "sandbox/docker/Dockerfile"
slash = re.compile("|".join(re.escape(s) for s in sorted(slashed, key=len, reverse=True)))
# Old names that are packages now (judge.complexity, judge.style, judge.cli): a name already in
# the new layout (judge.complexity.hints) must not be moved again, so that this is idempotent.
CHILDREN = {
    old: {new_name[len(old) + 1 :].split(".")[0] for new_name in MOVES.values() if new_name.startswith(old + ".")}
    for old in MOVES
}


def moved(match: re.Match[str]) -> str:
    old = match.group(1)
    rest = re.match(r"\.(\w+)", match.string[match.end() :])
    if rest and rest.group(1) in CHILDREN[old]:
        return old
    return MOVES[old]


# Only what the merged branch brought (differs from HEAD, the house side): the house's own files
# already use the new names, and a bare package name there ("judge.cli") is not an old module.
files = subprocess.run(["git", "diff", "--name-only", "HEAD"], capture_output=True, text=True, check=True).stdout
for name in files.split():
    path = Path(name)
    if path.suffix not in {".py", ".md", ".toml", ".tmpl", ".txt"} and name != ".ci/run":
        continue
    if not path.exists():
        continue
    text = path.read_text()
    new = dotted.sub(moved, text)
    new = slash.sub(lambda m: slashed[m.group(0)], new)
    new = new.replace("from judge.render import terminal\n", "from judge.reports.terminal import consoles as terminal\n")
    new = new.replace("from sandbox import detach\n", "from sandbox.docker import detach\n")
    new = new.replace("from judge import validate as", "from judge.authoring import validate as")
    new = new.replace("from judge import assess as", "from judge.sessions import assess as")
    new = new.replace("from sandbox.choice import open_sandbox", "from judge.sandboxes import open_sandbox") if name.startswith("judge/") and name != "judge/sandboxes.py" else new
    new = re.sub(
        r"^from judge\.reports\.terminal import ((?:(?!consoles as ).)*)\bterminal\b(.*)$",
        lambda m: "from judge.reports.terminal import consoles as terminal\n"
        + (f"from judge.reports.terminal import {(m.group(1) + m.group(2)).strip(', ')}" if (m.group(1) + m.group(2)).strip(", ") else ""),
        new,
        flags=re.M,
    )
    def from_import(m: re.Match[str]) -> str:
        target = MOVES.get(f"{m.group(1)}.{m.group(2)}")
        if target is None:
            return m.group(0)
        package, _, module = target.rpartition(".")
        alias = "" if module == m.group(2) else f" as {m.group(2)}"
        return f"from {package} import {module}{alias}"

    new = re.sub(r"^from ([\w.]+) import (\w+)$", from_import, new, flags=re.M)
    if new != text:
        path.write_text(new)
        print("rewrote", name)
