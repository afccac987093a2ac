"""The command-line layer: the only place that knows click and rich."""

from ctdir.cli import extract, interop, quality, read, sync, write  # noqa: F401  (registers the commands)
from ctdir.cli.app import main

__all__ = ["main"]
