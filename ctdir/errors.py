"""Domain errors. The CLI maps each to a message and an exit code."""

from __future__ import annotations


class CtdirError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 3

    def __init__(self, message: str, hints: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hints = hints or []

    @classmethod
    def with_code(cls, message: str, code: int, hints: list[str] | None = None) -> CtdirError:
        error = cls(message, hints)
        error.exit_code = code
        return error


class InvalidInput(CtdirError):
    """Bad input from the user or an imported file: nothing is written."""

    exit_code = 2


class UnknownCountry(InvalidInput):
    """A country that no table knows; ``hints`` holds suggestions."""


class UnknownEntry(InvalidInput):
    """No entry has the given id; ``hints`` holds the closest ids and names."""


class DuplicateEntry(InvalidInput):
    """The new entry duplicates an existing one."""

    def __init__(self, message: str, existing: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.existing = existing


class NotFound(CtdirError):
    """A search found nothing (grep's exit status 1)."""

    exit_code = 1


class StoreError(CtdirError):
    """The store cannot be read or written; it is never overwritten."""

    exit_code = 3
