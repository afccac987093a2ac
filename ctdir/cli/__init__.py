"""The command-line layer: the only place that knows click and rich."""

from ctdir.cli import (  # noqa: F401  (registers the commands)
    backup,
    extract,
    interop,
    quality,
    read,
    sync,
    write,
)
from ctdir.cli.app import main

__all__ = ["main"]
