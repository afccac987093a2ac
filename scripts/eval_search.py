"""Search evaluation: top-1 and top-3 accuracy of ``ctdir lookup`` on its query suites.

    python scripts/eval_search.py [--verbose]

Two directories: the seed directory (data/seed.json) with
tests/eval/queries_seed.txt, and the generated "world" directory
(tests/eval/world.py, several hundred entries) with tests/eval/queries_world.txt.
Every query has its expected top result(s); a query counts at rank k when one
of them is among the first k results. ``tests/test_search_eval.py`` requires
100% at rank 1. Exits 1 when any query misses rank 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests" / "eval"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import harness  # type: ignore[import-not-found]  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="show every query")
    args = parser.parse_args()
    misses = 0
    for label, setup in (("seed", harness.seed_setup), ("world", harness.world_setup)):
        index, entries, queries = setup()
        started = time.perf_counter()
        outcomes = harness.run(index, entries, queries)
        elapsed = time.perf_counter() - started
        top1, top3 = harness.accuracy(outcomes, 1), harness.accuracy(outcomes, 3)
        print(
            f"{label:5}  {len(entries):4} entries  {len(queries):4} queries  "
            f"top-1 {top1:7.2%}  top-3 {top3:7.2%}  "
            f"({1000 * elapsed / max(len(queries), 1):.1f} ms/query)"
        )
        for o in outcomes:
            if o.rank != 1 or args.verbose:
                mark = "ok  " if o.rank == 1 else f"rank {o.rank}" if o.rank else "MISS"
                got = ", ".join(o.names[:3]) or "nothing"
                print(
                    f"  {mark:7} line {o.query.line:3} {o.query.label()} [{o.understood}] -> {got}"
                )
            misses += o.rank != 1
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
