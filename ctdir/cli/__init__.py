"""The command-line layer: the only place that knows click and rich.

Each command's module is imported when the command runs (``COMMAND_MODULES``).
"""

from ctdir.cli.app import main

__all__ = ["main"]
