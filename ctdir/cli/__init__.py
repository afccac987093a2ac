"""The command-line layer: the only place that knows click and rich."""

from ctdir.cli import read  # noqa: F401  (registers the reading commands)
from ctdir.cli.app import main

__all__ = ["main"]
