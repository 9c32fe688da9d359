"""What a problem author runs: `judge new` (scaffold, templates) and `judge validate`.

Imports the sessions' file judging, the stages and the catalogue; the CLI and renderers import it.
"""
