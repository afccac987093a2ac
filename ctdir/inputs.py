"""Reading what the user hands in (a file, or stdin): bounded, and never a device by mistake.

``ctdir import /dev/zero`` or ``import -`` of a 3 GB stream must end in a
message, not in MemoryError; a FIFO that nobody writes to must not hang the
command. Every input is read through ``read_bounded``.
"""

from __future__ import annotations

import os
import re
import stat
from typing import BinaryIO

from ctdir.errors import InvalidInput

MB = 1_000_000

# Descriptors the shell opened for this command: /dev/stdout, and process
# substitution (/dev/fd/63). Writing to or reading from them is streaming.
_STREAM_NAME = re.compile(r"/dev/(?:stdin|stdout|stderr|fd/\d+)|/proc/self/fd/\d+")


def is_stream_name(name: str) -> bool:
    """``-``, ``/dev/stdout``, ``/dev/fd/63``...: a stream, not a file to keep."""
    return name == "-" or _STREAM_NAME.fullmatch(name) is not None


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(file: str, limit: int, stdin: BinaryIO) -> bytes:
    """The bytes of ``file`` (``-``: ``stdin``); InvalidInput past ``limit`` bytes.

    A folder, FIFO, device or socket is refused unless it is a stream the
    shell opened (``is_stream_name``); to read one, redirect it to ``-``.
    """
    if file == "-":
        data = stdin.read(limit + 1)
    else:
        try:
            # Non-blocking: opening a FIFO nobody writes to would wait forever.
            fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise InvalidInput(f"cannot read {file}: {exc.strerror or exc}") from None
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None and not is_stream_name(file):
            os.close(fd)
            raise InvalidInput(
                f"{file} is {kind}, not a file; to read from it, use - and redirect: "
                f"ctdir ... - < {file}"
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as stream:
            try:
                data = stream.read(limit + 1)
            except OSError as exc:
                raise InvalidInput(f"cannot read {file}: {exc.strerror or exc}") from None
    if len(data) > limit:
        name = "stdin" if file == "-" else file
        raise InvalidInput(
            f"{name} is larger than {limit // MB:,} MB, the most ctdir reads; is it the right file?"
        )
    return data
