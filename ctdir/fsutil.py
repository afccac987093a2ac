"""Atomic file writes: temporary file in the same directory, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from ctdir.errors import StoreError

PRIVATE_MODE = 0o600


@contextlib.contextmanager
def held_lock(path: Path, timeout: float, busy: str) -> Iterator[None]:
    """The inter-process lock file ``path``, held for the block; StoreError ``busy`` when
    another process holds it past ``timeout`` seconds."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=timeout, mode=PRIVATE_MODE)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(busy) from None
    except OSError as exc:
        raise StoreError(f"cannot lock {path}: {exc.strerror}") from None
    try:
        yield
    finally:
        lock.release()


# ".directory.json.<pid>.<8 hex>.tmp": what atomic_write and _keep_backup stage.
_TMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


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


def atomic_write(
    path: Path, data: bytes | Iterable[bytes | memoryview], backup: Path | None = None
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    ``data`` may be a sequence of chunks (written in order, never joined in memory).

    The previous version, if any, is kept at ``backup``. A new file is created
    readable by its owner only; an existing file keeps its mode (a team may
    have chosen it). A failure (disk full, permission) leaves the old file
    untouched and raises StoreError.
    """
    # Write through a symlink (a store kept in a dotfiles repo) rather than replace it.
    path = Path(os.path.realpath(path))
    directory = path.parent
    tmp = tmp_name(path)
    existed = True
    try:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode, existed = PRIVATE_MODE, False
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        try:
            # fchmod, not the open mode: the umask must not widen or narrow it.
            os.fchmod(fd, mode)
            for chunk in [data] if isinstance(data, bytes) else data:
                view = memoryview(chunk)
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
        reason = exc.strerror or str(exc)
        outcome = "the previous version is unchanged" if existed else "nothing was written"
        raise StoreError(f"could not write {path}: {reason}; {outcome}") from None
    except BaseException:
        # The data failed to come (bad input found late, Ctrl-C): no staged file is left.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(directory)


def _keep_backup(path: Path, backup: Path) -> None:
    staged = tmp_name(backup)
    try:
        try:
            os.link(path, staged)  # free: the backup shares the old file's blocks
        except OSError:
            shutil.copy2(path, staged)
        os.replace(staged, backup)
    except OSError:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise


def remove_stale_tmp(path: Path, names: tuple[str, ...], live_names: tuple[str, ...] = ()) -> int:
    """Delete temporary files a killed writer left next to ``path``; return how many.

    Call only under the store lock: every ``.NAME.<pid>.<hex>.tmp`` with NAME in
    ``names`` is then a leftover, since only a lock holder stages those. Files
    for ``live_names`` are staged without the lock (the search index), so they
    go only when their process is gone.
    """
    removed = 0
    try:
        scan = list(os.scandir(path.parent))
    except OSError:
        return 0
    for item in scan:
        match = _TMP.match(item.name)
        if match is None:
            continue
        name = match["name"]
        if name in live_names and _alive(int(match["pid"])):
            continue
        if name in names or name in live_names:
            with contextlib.suppress(OSError):
                os.unlink(item.path)
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its file alone
    return True
