"""Jobs shared between this process and one forked helper: for a rebuild's second core.

Rebuilding the index of 100,000 entries is pure Python work per entry (parse,
check, render, fold words) and SQLite work in one process. ``shared`` lets a
forked copy of the process take jobs from the same list, so both cores work,
and hands every result back to the caller, which alone writes.

Results cross the pipe as ``marshal`` data, framed by their length: the caller
says how a result becomes plain data (tuples, lists, dicts, text, bytes,
numbers) and back, which costs a fraction of pickling objects.

It falls back to doing everything here whenever the helper cannot help: no
``os.fork`` (Windows), no widening a pipe (systems other than Linux, see
``_widen``), other threads running here (a fork copies only this one, and any
lock another holds), a failed fork, more than ``MAX_JOBS`` jobs,
a helper that died or hit an error (its jobs are done again here, so an error
is raised here, with its own message).
The helper never outlives the call: it is killed and reaped when the caller
stops early, and it dies on a broken pipe if this process is killed. It holds
one result at a time, so memory stays bounded.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

J = TypeVar("J")
R = TypeVar("R")

# What a result should stay under (see ``_widen``).
PIPE_ROOM = 1 << 20
# Job numbers wait in a pipe, 4 bytes each, and each process claims the next
# by reading 4 bytes: reads of a pipe are atomic, so no job is claimed twice,
# and no lock can be left held by a process that died.
_JOB = struct.Struct("I")
# Job numbers must all fit in the pipe at once (POSIX guarantees 4096 bytes).
MAX_JOBS = 4096 // _JOB.size


class _Claims:
    """Job numbers handed out one at a time to whichever process asks first."""

    def __init__(self, jobs: int) -> None:
        self._read, write = os.pipe()
        try:
            os.write(write, b"".join(_JOB.pack(job) for job in range(jobs)))
        finally:
            os.close(write)  # every job queued: an empty pipe reads as the end

    def next(self) -> int | None:
        data = os.read(self._read, _JOB.size)
        return _JOB.unpack(data)[0] if len(data) == _JOB.size else None

    def close(self) -> None:
        os.close(self._read)


def shared(
    jobs: Sequence[J],
    work: Callable[[J], R],
    plain: Callable[[R], Any] = lambda result: result,
    rebuilt: Callable[[Any], R] = lambda data: data,
) -> Iterator[tuple[int, R]]:
    """(job number, ``work(job)``) for every job, each once, in no fixed order.

    A result the helper made crosses the pipe as ``plain(result)`` (what
    ``marshal`` can write) and is handed on as ``rebuilt`` of that. When ``work``
    raises, the error raised is that of the first failing job in the list's
    order, after the results of all the jobs before it.
    """
    # Forking a process that runs other threads could copy a lock one of them holds.
    if not 2 <= len(jobs) <= MAX_JOBS or not hasattr(os, "fork") or threading.active_count() > 1:
        yield from enumerate(map(work, jobs))
        return
    try:
        claims = _Claims(len(jobs))
    except OSError:
        yield from enumerate(map(work, jobs))
        return
    try:
        yield from _with_helper(jobs, work, claims, plain, rebuilt)
    finally:
        claims.close()


def _with_helper(
    jobs: Sequence[J],
    work: Callable[[J], R],
    claims: _Claims,
    plain: Callable[[R], Any],
    rebuilt: Callable[[Any], R],
) -> Iterator[tuple[int, R]]:
    read_end, write_end = os.pipe()
    try:
        _widen(read_end)
        pid = os.fork()
    except (OSError, AttributeError):
        os.close(read_end)
        os.close(write_end)
        yield from enumerate(map(work, jobs))
        return
    if pid == 0:  # the helper: never returns into the caller's code
        os.close(read_end)
        _help(jobs, lambda job: plain(work(job)), claims, write_end)
    os.close(write_end)
    results = _Results(read_end, rebuilt)
    done: set[int] = set()
    helper_alive = True
    try:
        while True:
            # Take what the helper sent so far, then claim the next job here.
            while helper_alive and select.select([read_end], [], [], 0)[0]:
                got = results.next()
                if got is None:
                    helper_alive = False
                else:
                    done.add(got[0])
                    yield got
            job = claims.next()
            if job is None:
                break
            try:
                result = work(jobs[job])
            except Exception:
                # Stop the helper; the jobs before this one are finished here, in order,
                # so that the first failing job's error is the one raised.
                _stop(pid)
                helper_alive = False
                for earlier in range(job):
                    if earlier not in done:
                        done.add(earlier)
                        yield earlier, work(jobs[earlier])
                raise
            done.add(job)
            yield job, result
        while helper_alive and (got := results.next()) is not None:
            done.add(got[0])
            yield got
        helper_alive = False
        # A job the helper claimed but never sent (it died, or failed on it).
        for job in range(len(jobs)):
            if job not in done:
                done.add(job)
                yield job, work(jobs[job])
    finally:
        results.close()
        if helper_alive:
            _stop(pid)
        else:
            _reap(pid)


def _help(jobs: Sequence[J], work: Callable[[J], Any], claims: _Claims, write_end: int) -> None:
    """The helper's whole life: claim jobs, send their results, exit (never raise)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the helper at once
        with os.fdopen(write_end, "wb") as out:
            while (job := claims.next()) is not None:
                data = marshal.dumps((job, work(jobs[job])))
                out.write(_LENGTH.pack(len(data)))
                out.write(data)
                out.flush()
        code = 0
    finally:
        os._exit(code)  # no atexit handlers, no cleanup of the caller's locks or files


def _widen(pipe: int) -> None:
    """Room in the pipe for a whole result, so that the helper goes on to its next
    job while this process is busy. Only Linux can (``F_SETPIPE_SZ``, up to 1 MiB
    unless the system was set otherwise); elsewhere AttributeError or OSError, and
    no helper: it would mostly wait."""
    import fcntl

    fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_ROOM)


# Each message: its length, then (job number, plain result) as marshal data.
_LENGTH = struct.Struct("Q")
_LARGEST = 1 << 30


class _Results:
    """The helper's messages, read straight from the pipe (nothing is buffered
    here, so that ``select`` on the pipe says whether one is waiting)."""

    def __init__(self, fd: int, rebuilt: Callable[[Any], Any]) -> None:
        self.fd = fd
        self.rebuilt = rebuilt

    def next(self) -> tuple[int, Any] | None:
        """The next (job number, result) the helper sent; None once it is gone."""
        try:
            head = self._read(_LENGTH.size)
            size = _LENGTH.unpack(head)[0] if head is not None else 0
            # A length no result has is not one (a message cut short, then something else).
            body = self._read(size) if head is not None and size <= _LARGEST else None
            if body is None:
                return None
            job, data = marshal.loads(body)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return job, self.rebuilt(data)  # outside: a mistake there is not a helper's death

    def _read(self, size: int) -> bytearray | None:
        """Exactly ``size`` bytes; None if the pipe ends first."""
        buffer = bytearray(size)
        view = memoryview(buffer)
        done = 0
        while done < size:
            got = os.readv(self.fd, [view[done:]])
            if got == 0:
                return None
            done += got
        return buffer

    def close(self) -> None:
        os.close(self.fd)


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
