"""Real processes against one store: simultaneous writers, and writers killed mid-write.

These run ``python -m ctdir`` as a user would, so the lock, the atomic rename
and the index update are exercised across processes, not threads.
CTDIR_KILLS sets how many writers the kill test kills (default 110).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from ctdir.model import blank_entry
from ctdir.store import Directory, seed_entries
from ctdir.storefile import ENTRIES, read_store

TIMEOUT = 120


@pytest.fixture(scope="module")
def pycache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bytecode for the writers, outside the source tree, so each does not recompile ctdir."""
    return tmp_path_factory.mktemp("pycache")


def writer_env(store: Path, pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CTDIR_DB=str(store),
        CTDIR_OUTPUT="plain",
        PYTHONPYCACHEPREFIX=str(pycache),
    )
    for name in ("CTDIR_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def add_command(name: str, email: str) -> list[str]:
    return [
        sys.executable, "-m", "ctdir", "add", "contact", "--name", name, "--country", "PT",
        "--email", email, "--yes", "--force",
    ]  # fmt: skip


def add_all(names: list[str], mail: str, env: Callable[[int], dict[str, str]]) -> list[str]:
    """Start one `ctdir add` per name at once; the errors of those that failed."""
    procs = [
        subprocess.Popen(
            add_command(name, f"{mail}{i}@example.org"),
            env=env(i),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i, name in enumerate(names)
    ]
    failures = []
    for proc in procs:
        _, err = proc.communicate(timeout=TIMEOUT)
        if proc.returncode != 0:
            failures.append(err.decode())
    return failures


def stored(store: Path) -> list[dict[str, Any]]:
    # What every command reads first, with every check: it must accept the file.
    return [entry for _doc_id, entry, _block in read_store(store, store.read_bytes()).docs]


def test_twenty_adds_started_at_once_all_land(tmp_path: Path, pycache: Path) -> None:
    store = tmp_path / "directory.json"  # not there yet: the first writers also race to create it
    env = writer_env(store, pycache)
    names = [f"Simultaneous Writer {i:02d}" for i in range(20)]
    assert add_all(names, "writer", lambda _i: env) == []
    entries = stored(store)
    landed = [e["name"] for e in entries if e["name"].startswith("Simultaneous Writer")]
    assert sorted(landed) == names  # 20 of 20
    assert len({e["id"] for e in entries}) == len(entries)
    assert len(entries) == 11 + 20  # the seed and the twenty


@pytest.mark.slow
def test_adds_through_a_symlink_and_the_real_path_share_one_lock(
    tmp_path: Path, pycache: Path
) -> None:
    real = tmp_path / "team" / "directory.json"
    real.parent.mkdir()
    Directory(real).ensure()
    link = tmp_path / "mine.json"
    link.symlink_to(real)
    names = [f"Path Writer {i:02d}" for i in range(40)]
    assert add_all(names, "path", lambda i: writer_env(link if i % 2 else real, pycache)) == []
    entries = stored(real)
    assert sorted(e["name"] for e in entries if e["name"].startswith("Path Writer")) == names
    assert link.is_symlink() and len(entries) == len(seed_entries()) + 40
    # One lock and one index, named after the real file, whichever path was used.
    # Besides the test's own store, only the link: lock, backup and index are the real file's.
    assert {p.name for p in tmp_path.iterdir()} - {p.name for p in tmp_path.glob("directory*")} == {
        "mine.json",
        "team",
    }


def test_simultaneous_edits_of_one_entry_all_land(tmp_path: Path, pycache: Path) -> None:
    store = tmp_path / "directory.json"
    Directory(store).ensure()
    env = writer_env(store, pycache)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ctdir", "edit", "mz4nc8re", "--email", f"e{i}@example.org"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(8)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err.decode()
    entry = next(e for e in stored(store) if e["id"] == "mz4nc8re")
    assert sorted(entry["emails"]) == sorted(
        ["nchimedza@iom.int", *(f"e{i}@example.org" for i in range(8))]
    )


# -- killed writers -----------------------------------------------------------------------------


def make_big_store(store: Path, count: int) -> None:
    """A store large enough that a write takes long enough to be interrupted."""
    directory = Directory(store)
    directory.ensure()
    data = orjson.loads(store.read_bytes())
    rng = random.Random(7)
    for n in range(count):
        entry = blank_entry("contact")
        entry.update(
            id=f"k{n:07d}",
            name=f"Filler Person {n}",
            country=rng.choice(["PT", "MZ", "TL", "MV", "BD", "ZA"]),
            emails=[f"filler{n}@example.org"],
            notes="padding " * 40,
            created="2026-01-01T00:00:00Z",
            updated="2026-01-01T00:00:00Z",
        )
        data[ENTRIES][str(100 + n)] = entry
    store.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))


@dataclass
class Writer:
    proc: subprocess.Popen[bytes]
    name: str
    at_write: bool  # kill as soon as its temporary copy of the store appears
    at: float  # otherwise kill at this time.monotonic()
    began: float
    ended: float = 0.0


def staged_by(store: Path, pid: int, names: list[str]) -> bool:
    """Whether process ``pid`` has a temporary copy of the store (or its backup) on disk."""
    prefixes = (f".{store.name}.{pid}.", f".{store.name}.bak.{pid}.")
    return any(n.startswith(prefixes) and n.endswith(".tmp") for n in names)


def test_writers_killed_at_random_moments_lose_nothing_reported(
    tmp_path: Path, pycache: Path
) -> None:
    kills_wanted = int(os.environ.get("CTDIR_KILLS", "110"))
    store = tmp_path / "directory.json"
    make_big_store(store, 3000)
    env = writer_env(store, pycache)
    # Build the search index once, and time a whole add to aim the kills.
    subprocess.run(
        [sys.executable, "-m", "ctdir", "lookup", "mozambique"], env=env, capture_output=True
    )
    started = time.monotonic()
    first = subprocess.run(
        add_command("Timing Writer", "timing@example.org"), env=env, capture_output=True
    )
    assert first.returncode == 0
    spans = [time.monotonic() - started]
    rng = random.Random(int(os.environ.get("CTDIR_KILL_SEED", "0")) or None)

    reported: set[str] = {"Timing Writer"}
    kills = mid_write = serial = 0
    deadline = time.monotonic() + 300
    while kills < kills_wanted:
        assert time.monotonic() < deadline, f"only {kills} kills in 300 s"
        span = sorted(spans)[len(spans) // 2]
        batch: list[Writer] = []
        for _ in range(3):
            serial += 1
            name = f"Killable Writer {serial}"
            proc = subprocess.Popen(
                add_command(name, f"killable{serial}@example.org"),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            # Kill at any time in the writer's life, or right as its temporary
            # copy of the store appears (mid-write); leave a few alone, so that
            # there are reported adds to look for.
            roll = rng.random()
            began = time.monotonic()
            at = began + (rng.uniform(0.0, 1.6 * span) if roll < 0.85 else 3600.0)
            batch.append(Writer(proc, name, at_write=roll < 0.4, at=at, began=began))
        while any(w.proc.poll() is None for w in batch):
            now = time.monotonic()
            names = os.listdir(tmp_path)
            for w in batch:
                if w.proc.poll() is not None:
                    w.ended = w.ended or now
                    continue
                writing = staged_by(store, w.proc.pid, names)
                if (w.at_write and writing) or (not w.at_write and now >= w.at):
                    w.proc.send_signal(signal.SIGKILL)
                    w.proc.wait()
                    mid_write += staged_by(store, w.proc.pid, os.listdir(tmp_path))
            time.sleep(0.001)
        for w in batch:
            _, err = w.proc.communicate()
            if w.proc.returncode == -signal.SIGKILL:
                kills += 1
            else:
                assert w.proc.returncode == 0, err.decode()
                reported.add(w.name)
                spans.append((w.ended or time.monotonic()) - w.began)
        # After every batch: the store parses and holds every reported add.
        missing = reported - {e["name"] for e in stored(store)}
        assert not missing, f"reported added but missing: {sorted(missing)}"

    # A normal write afterwards works and clears what the killed writers left.
    final = subprocess.run(
        add_command("Final Writer", "final@example.org"), env=env, capture_output=True
    )
    assert final.returncode == 0
    entries = stored(store)
    assert reported | {"Final Writer"} <= {e["name"] for e in entries}
    assert len({e["id"] for e in entries}) == len(entries)
    staged = [
        n
        for n in os.listdir(tmp_path)
        if n.startswith(f".{store.name}.") and n.endswith(".tmp") and ".index." not in n
    ]
    assert staged == []
    found = subprocess.run(
        [sys.executable, "-m", "ctdir", "lookup", "Final Writer", "--json"],
        env=env,
        capture_output=True,
    )
    assert found.returncode == 0 and b"final@example.org" in found.stdout
    assert mid_write > 0
    print(
        f"\nkill test: {kills} writers killed ({mid_write} of them mid-write, with a "
        f"half-written temporary file), {len(reported)} adds reported and all present, "
        f"{serial + 2} writers in all"
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_writer_told_to_stop_while_it_waits_ends_cleanly_and_writes_nothing(
    tmp_path: Path, pycache: Path, signum: int
) -> None:
    from filelock import FileLock

    from ctdir.store import lock_path

    store = tmp_path / "d.json"
    Directory(store).create(seed_entries())
    before = store.read_bytes()
    with FileLock(str(lock_path(store))):  # another writer holds the store
        proc = subprocess.Popen(
            [
                *[sys.executable, "-m", "ctdir", "add", "contact", "--name", "Kofi Mensah"],
                *["--country", "GH", "--email", "km@example.org", "--yes"],
            ],
            env=writer_env(store, pycache),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(3)  # started, and waiting for the lock
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=TIMEOUT)
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum, err
    assert err.decode().strip() == f"ctdir: stopped by {name}"
    assert store.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_rebuild_stopped_midway_leaves_no_staged_index(tmp_path: Path) -> None:
    from ctdir.cli.app import Stopped, _stop_cleanly_on

    store = tmp_path / "d.json"
    Directory(store).create([_person(i) for i in range(3000)])
    old = signal.getsignal(signal.SIGTERM)
    _stop_cleanly_on(signal.SIGTERM)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= total // 2 and any(tmp_path.glob(".*.index.*.tmp")):
            os.kill(os.getpid(), signal.SIGTERM)  # stop half way, the index being staged

    try:
        with pytest.raises(Stopped):
            Directory(store, progress=progress).index()
    finally:
        signal.signal(signal.SIGTERM, old)
    assert seen and seen[-1] < 3000
    assert not list(tmp_path.glob(".*.tmp"))
    assert not (tmp_path / "d.json.index").exists()


def test_what_a_killed_rebuild_left_goes_at_the_next_one(tmp_path: Path) -> None:
    store = tmp_path / "d.json"
    Directory(store).create(seed_entries())
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id that is no longer in use
    left = tmp_path / f".d.json.index.{dead.pid}.0badcafe.tmp"
    left.write_bytes(b"half an index")
    ours = tmp_path / f".d.json.index.{os.getpid()}.0badcafe.tmp"  # a live builder's
    ours.write_bytes(b"being built")
    assert Directory(store).entries()
    assert not left.exists() and ours.exists()


def _person(i: int) -> dict[str, Any]:
    entry = blank_entry("contact")
    entry.update(
        id=f"p{i:07d}",
        name=f"Person {i}",
        country="GH",
        emails=[f"p{i}@example.org"],
        created="2026-01-02T03:04:05Z",
        updated="2026-01-02T03:04:05Z",
    )
    return entry
