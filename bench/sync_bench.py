"""Time `ctdir sync` against a local Radicale: a first sync of N entries, then a no-change sync.

Each figure is also given as a ratio to a baseline measured in the same run
(one PROPFIND Depth 0 on the address book, the cheapest CardDAV request), so
that runs on machines of different speeds can be compared.

Usage::

    python bench/sync_bench.py [--size 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen
import localdav

from ctdir.carddav import Client
from ctdir.store import Directory
from ctdir.sync import sync

USER, PASSWORD = "bench", "bench-password"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        server = localdav.start(root / "dav", {USER: PASSWORD})
        try:
            url = server.new_book(USER)
            store_path = root / "directory.json"
            gen.write_store(gen.generate(args.size).entries, store_path)
            directory = Directory(store_path)

            with Client(url, USER, PASSWORD) as client:
                baseline = statistics.median(
                    timed(client.tag) for _ in range(max(args.repeat, 5) * 4)
                )
            first_report = None

            def first() -> None:
                nonlocal first_report
                first_report = sync(directory, url, USER, PASSWORD)

            first_time = timed(first)
            assert first_report is not None and not first_report.interrupted
            no_change = statistics.median(
                timed(lambda: sync(directory, url, USER, PASSWORD)) for _ in range(args.repeat)
            )
            other = Directory(root / "other.json")
            gen.write_empty_store(other.path)
            down_time = timed(lambda: sync(other, url, USER, PASSWORD))
        finally:
            server.stop()

    print(f"baseline: one PROPFIND Depth 0       {baseline * 1000:8.1f} ms")
    print(
        f"first sync up, {args.size} entries      {first_time:8.2f} s   "
        f"({first_time / baseline:,.0f}x baseline; {first_report.requests} requests)"
    )
    print(
        f"first sync down, {args.size} entries    {down_time:8.2f} s   "
        f"({down_time / baseline:,.0f}x baseline)"
    )
    print(
        f"no-change sync (median of {args.repeat})     {no_change * 1000:8.1f} ms   "
        f"({no_change / baseline:,.1f}x baseline)"
    )


if __name__ == "__main__":
    main()
