"""Atomic file writes: temporary file in the same directory, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from ctdir.errors import StoreError

PRIVATE_MODE = 0o600


def fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry reaches the disk.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, backup: Path | None = None) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    The previous version, if any, is kept at ``backup``. A failure (disk full,
    permission) leaves the old file untouched and raises StoreError.
    """
    directory = path.parent
    tmp = directory / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = PRIVATE_MODE
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if backup is not None and path.exists():
            _keep_backup(path, backup)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"could not write {path}: {exc.strerror or exc}") from None
    fsync_dir(directory)


def _keep_backup(path: Path, backup: Path) -> None:
    staged = backup.parent / f".{backup.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        os.link(path, staged)  # free: the backup shares the old file's blocks
    except OSError:
        shutil.copy2(path, staged)
    os.replace(staged, backup)
