"""Whole-process timing of ``ctdir add`` next to ``ctdir lookup`` on one store.

Not a test (pytest does not collect it). Usage::

    python bench/gen.py --size 10000 --out /tmp/ctdir-gen
    python tests/time_add_vs_lookup.py /tmp/ctdir-gen/store.json --runs 11

The store is copied to a temporary folder first; every add is a new,
distinct contact (so the duplicate check runs and passes). Bytecode is cached
in the temporary folder, as it would be for an installed ctdir.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "directory.json"
        shutil.copy(args.store, store)
        env = dict(os.environ, CTDIR_DB=str(store), CTDIR_OUTPUT="plain")
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        rng = random.Random(1)

        def timed(*command: str) -> float:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "ctdir", *command], env=env,
                                  capture_output=True)  # fmt: skip
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                sys.exit(f"{command}: {done.stderr.decode()}")
            return elapsed

        def add(*extra: str) -> float:
            surname = "".join(rng.choice(string.ascii_lowercase) for _ in range(9)).title()
            phone = f"+351 21 {rng.randrange(1_000_000, 9_999_999)}"
            email = f"q.{surname.lower()}@example.org"
            return timed("add", "contact", "--name", f"Quilla {surname}", "--country", "PT",
                         "--phone", phone, "--email", email, "--yes", *extra)  # fmt: skip

        timed("lookup", "denmark")  # builds the search index: not timed
        runs: dict[str, list[float]] = {}
        for _ in range(args.runs):
            runs.setdefault("add", []).append(add())
            runs.setdefault("add --json", []).append(add("--json"))
            runs.setdefault("lookup <name>", []).append(timed("lookup", "Joko Rahman"))
            runs.setdefault("lookup <country>", []).append(timed("lookup", "denmark"))
        size = store.stat().st_size / 1e6
        print(f"store {args.store} ({size:.1f} MB); load average {os.getloadavg()[0]:.1f}")
        for name, values in runs.items():
            print(
                f"{name:18} median {statistics.median(values) * 1000:4.0f} ms"
                f"  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})"
            )


if __name__ == "__main__":
    main()
