"""What a candidate runs: one file judged, a folder assessed, practice, history, solutions.

Imports the engine, the stages and the catalogue; the CLI and the renderers import it.
"""
