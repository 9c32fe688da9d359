"""Give sandbox/ its own exception tree (issue 19). Run from the repository root after restructure.py."""

import re
from pathlib import Path

RENAMES = {"InternalError": "SandboxInternalError", "UsageError": "SandboxUsageError"}
ERRORS = '''"""The sandbox's own exceptions: its failures, never what the candidate did (that is data).

SandboxError              base; the judge maps each to its own tree at one boundary
  SandboxUnavailable      no engine, no image, no worker could start: not the candidate's fault
  SandboxUsageError       asked for what cannot be done as asked (a user's mistake)
  SandboxInternalError    the judge's side broke the protocol's own rules (a bug)

sandbox/ imports nothing from judge/: judge/sandboxes.py is where these become judge.errors.
"""


class SandboxError(Exception):
    """Base of every exception the sandbox raises."""


class SandboxUnavailable(SandboxError):
    """The sandbox cannot run code: no engine, no image, no worker."""


class SandboxUsageError(SandboxError):
    """The caller asked for something that cannot be done as asked; the message says what to do."""


class SandboxInternalError(SandboxError):
    """A bug on the judge's side of the sandbox."""
'''


def rewrite(path: Path) -> None:
    text = path.read_text()
    match = re.search(r"^from judge\.errors import ([\w, ]+)$", text, re.M)
    if not match:
        return
    names = [name.strip() for name in match.group(1).split(",")]
    if not set(names) <= {"InternalError", "UsageError", "SandboxUnavailable"}:
        print(f"{path}: imports {names}: map by hand")
        return
    new_names = ", ".join(sorted(RENAMES.get(name, name) for name in names))
    text = text.replace(match.group(0), f"from sandbox.errors import {new_names}")
    for old, new in RENAMES.items():
        if old in names:
            text = re.sub(rf"(?<![\w.]){old}\b", new, text)
    path.write_text(text)


def main() -> None:
    Path("sandbox/errors.py").write_text(ERRORS)
    for path in [*Path("sandbox").glob("**/*.py"), *Path("tests/sandbox").glob("*.py")]:
        if path.name != "errors.py":
            rewrite(path)


if __name__ == "__main__":
    main()
