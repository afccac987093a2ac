"""Jobs shared with a forked helper (ctdir.parallel): every result once, errors in order."""

from __future__ import annotations

import os
import time

import pytest

from ctdir import parallel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this system")


def slow_square(job: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough for both processes to take jobs
    return os.getpid(), job * job


def test_every_job_is_done_once_by_one_of_two_processes() -> None:
    results = list(parallel.shared(list(range(40)), slow_square))
    assert sorted(job for job, _ in results) == list(range(40))
    assert all(square == job * job for job, (_, square) in results)
    pids = {pid for _, (pid, _) in results}
    assert os.getpid() in pids and len(pids) == 2


class Box:
    """A result marshal cannot write as it is."""

    def __init__(self, pid: int, value: int) -> None:
        self.pid, self.value = pid, value


def boxed_square(job: int) -> Box:
    time.sleep(0.01)
    return Box(os.getpid(), job * job)


def test_a_result_crosses_the_pipe_as_the_plain_data_the_caller_makes_of_it() -> None:
    results = list(
        parallel.shared(
            list(range(30)),
            boxed_square,
            lambda box: (box.pid, box.value),
            lambda data: Box(*data),
        )
    )
    assert sorted(job for job, _ in results) == list(range(30))
    assert all(isinstance(box, Box) and box.value == job * job for job, box in results)
    assert len({box.pid for _, box in results}) == 2


def test_a_result_that_cannot_cross_the_pipe_is_made_here_instead() -> None:
    results = list(parallel.shared(list(range(12)), boxed_square))
    assert sorted(job for job, _ in results) == list(range(12))
    assert {box.pid for _, box in results} == {os.getpid()}


def test_the_first_failing_jobs_error_is_raised_after_the_jobs_before_it() -> None:
    def work(job: int) -> int:
        time.sleep(0.005)
        if job in (13, 29):
            raise ValueError(f"job {job} is broken")
        return job

    seen: list[int] = []
    with pytest.raises(ValueError, match="job 13 is broken"):
        for job, _ in parallel.shared(list(range(40)), work):
            seen.append(job)
    assert set(range(13)) <= set(seen)


def test_a_helper_that_dies_leaves_its_jobs_to_this_process() -> None:
    parent = os.getpid()

    def work(job: int) -> int:
        time.sleep(0.005)
        if os.getpid() != parent:
            os._exit(3)  # the helper is killed in the middle of its first job
        return job

    results = list(parallel.shared(list(range(12)), work))
    assert sorted(job for job, _ in results) == list(range(12))


def test_without_fork_everything_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise OSError("fork: resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    results = list(parallel.shared(list(range(6)), slow_square))
    assert [job for job, _ in results] == list(range(6))
    assert {pid for _, (pid, _) in results} == {os.getpid()}


def test_stopping_early_leaves_no_helper_behind() -> None:
    results = parallel.shared(list(range(200)), slow_square)
    helper = None
    for _job, (pid, _square) in results:
        if pid != os.getpid():
            helper = pid
            break
    assert helper is not None
    results.close()  # the caller stops reading (an error, Ctrl-C)
    with pytest.raises(ChildProcessError):
        os.waitpid(helper, os.WNOHANG)  # already reaped: neither running nor a zombie


def test_with_other_threads_running_everything_is_done_here() -> None:
    import threading

    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        results = list(parallel.shared(list(range(6)), slow_square))
    finally:
        release.set()
        waiting.join()
    assert {pid for _, (pid, _) in results} == {os.getpid()}


def test_where_a_pipe_cannot_be_widened_everything_is_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fcntl

    monkeypatch.delattr(fcntl, "F_SETPIPE_SZ", raising=False)  # as on macOS
    results = list(parallel.shared(list(range(6)), slow_square))
    assert [job for job, _ in results] == list(range(6))
    assert {pid for _, (pid, _) in results} == {os.getpid()}


def test_a_message_cut_short_or_garbled_reads_as_the_helper_gone() -> None:
    import marshal
    import struct

    for sent in (
        struct.pack("Q", 1 << 62),  # a length no result has: nothing is allocated for it
        struct.pack("Q", 100) + b"short",  # the helper died mid-message
        struct.pack("Q", 3) + b"xyz",  # not marshal data
        struct.pack("Q", len(marshal.dumps((4, [1, 2])))) + marshal.dumps((4, [1, 2])),
    ):
        read, write = os.pipe()
        os.write(write, sent)
        os.close(write)
        results = parallel._Results(read, lambda data: data)
        got = results.next()
        results.close()
        assert got == ((4, [1, 2]) if sent.endswith(marshal.dumps((4, [1, 2]))) else None)
