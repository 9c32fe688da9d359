"""The command line (typer): parse, call a session or the engine, render, exit code.

Imports anything in judge/; nothing imports it but judge/__main__.py.
"""
