"""The sandbox's own exceptions: its failures, never what the candidate did (that is data).

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
