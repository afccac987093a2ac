"""Time ``ctdir import`` of a .xlsx workbook against the same rows as CSV, in one run.

    python bench/import_xlsx.py                 # 10,000 rows, 3 timed runs each
    python bench/import_xlsx.py --rows 2000 --runs 5

The rows are bench/gen.py's import rows (unique names, numbers and emails);
the workbook has the CSV's columns and cells (all text, as a sheet typed or
pasted by hand), written with openpyxl. Each run
imports into a fresh empty store; the CSV run is the baseline, so the ratio
says what reading a workbook costs over reading the same table as text.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gen
from run import ctdir_command


def write_xlsx(source: Path, target: Path) -> None:
    import openpyxl

    # Not write-only: like Excel, the full writer records the sheet's <dimension>,
    # without which openpyxl reads a sheet once more to size it.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    with source.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    book.save(target)


def time_import(command: list[str], cwd: Path, path: Path, work: Path, runs: int) -> list[float]:
    times = []
    for number in range(runs + 1):  # the first run warms the disk cache; not counted
        store = work / f"store-{path.suffix[1:]}-{number}.json"
        gen.write_empty_store(store)
        env = {**os.environ, "CTDIR_DB": str(store)}
        started = time.perf_counter()
        done = subprocess.run(
            [*command, "import", str(path)], cwd=cwd, env=env, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"ctdir import {path.name} failed:\n{done.stderr[-2000:]}")
        if number:
            times.append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    command, cwd = ctdir_command()
    cwd.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "rows.csv"
        gen.write_csv(csv_path, args.rows)
        xlsx_path = work / "rows.xlsx"
        write_xlsx(csv_path, xlsx_path)
        csv_times = time_import(command, cwd, csv_path, work, args.runs)
        xlsx_times = time_import(command, cwd, xlsx_path, work, args.runs)
    csv_median, xlsx_median = statistics.median(csv_times), statistics.median(xlsx_times)
    print(f"import of {args.rows:,} rows, median of {args.runs} runs, into an empty store")
    print(f"  CSV  {csv_median:6.2f} s")
    print(f"  xlsx {xlsx_median:6.2f} s  ({xlsx_median / csv_median:.2f} x the CSV)")


if __name__ == "__main__":
    main()
