"""`python -m judge` runs the CLI."""

from judge.cli.app import run

run()
