"""The trust boundary: candidate code runs only through a Sandbox.

The lowest layer: it imports nothing from judge/ (tests/test_layers.py). Its own exceptions are in
sandbox/errors.py; the judge maps them in judge/sandboxes.py.
"""

# The distribution's version (pyproject.toml reads it from here; judge.__version__ is this one).
# It lives at the lowest layer because the sandbox image is tagged with it: read here it costs
# nothing, where importlib.metadata costs ~20 ms before a container starts.
__version__ = "0.1.0"
