"""Run benchmark commands from a small process, so that each one's peak RSS is its own.

On Linux a child's ``ru_maxrss`` starts from its parent's: at exec the kernel
folds the peak of the memory image being replaced (the parent's, after vfork or
fork) into the child's figure. Spawned straight from bench/run.py, which holds a
generated directory of 100,000 entries, every command would "use" several
hundred MB. bench/run.py therefore starts this process first, while it is still
small, and has it spawn and time every command.

Protocol: one JSON request a line on stdin ({"argv", "env", "cwd", "stdout"}:
stdout is a file path or null for /dev/null), one JSON reply a line on stdout
({"wall", "cpu", "rss_kib", "code", "stderr"}).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from typing import IO, Any

STDERR_LIMIT = 64 * 1024


def run(request: dict[str, Any]) -> dict[str, Any]:
    path = request.get("stdout")
    out: int | IO[bytes] = open(path, "wb") if path else subprocess.DEVNULL  # noqa: SIM115
    try:
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                request["argv"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=request["env"],
                cwd=request["cwd"],
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            size = err.seek(0, os.SEEK_END)
            err.seek(max(0, size - STDERR_LIMIT))
            text = err.read().decode("utf-8", errors="replace")
    finally:
        if not isinstance(out, int):
            out.close()
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_kib": usage.ru_maxrss,
        "code": proc.returncode,
        "stderr": text,
    }


def main() -> None:
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(run(json.loads(line))) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
