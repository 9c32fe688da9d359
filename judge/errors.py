"""The exception tree. A verdict is never an exception: these are for the judge's own failures.

JudgeError            the CLI catches this and nothing else
  UsageError          a user mistake; the message says what to do (exit 2)
  ProblemError        a malformed problem package (exit 2)
  SandboxUnavailable  no engine, no image, no worker (exit 3)
  InternalError       a judge bug (exit 3)
"""


class JudgeError(Exception):
    """Base of every error the CLI reports as one line."""

    exit_code = 3


class UsageError(JudgeError):
    """The user asked for something that cannot be done as asked."""

    exit_code = 2


class ProblemError(JudgeError):
    """A problem package is malformed; the message names the package and what is missing."""

    exit_code = 2


class SandboxUnavailable(JudgeError):
    """The sandbox cannot run code: the judge's fault, never the candidate's."""

    exit_code = 3


class InternalError(JudgeError):
    """A bug in the judge."""

    exit_code = 3
