"""The command-line layer: the only place that knows click and rich."""

from ctdir.cli import backup, extract, interop, quality, read, write  # noqa: F401  (registers the commands)
from ctdir.cli.app import main

__all__ = ["main"]
