"""judge: a live-coding exercise judge."""

from sandbox import __version__ as __version__  # one version for the distribution

__all__ = ["__version__"]
