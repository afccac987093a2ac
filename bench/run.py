"""Whole-process benchmarks of ctdir, as ratios to a floor measured in the same run.

    python bench/run.py [--sizes 10,1000,10000,100000] [--runs N] [--out bench/RESULTS.md]

Every timed command is a fresh process (what a user waits for), run with
``CTDIR_DB`` pointing at a generated store. Before every timed run of a command
the harness times the floor F, a process that only imports what any ctdir
command needs (click, rich, tinydb, rapidfuzz), so that machine noise hits
both alike; a command's ratio is its median over the median of the F runs
interleaved with it. Peak memory is each child's own ``ru_maxrss`` (os.wait4).

Each command gets one untimed warm-up run on the store first (it builds any
index ctdir keeps next to the store), then ``--runs`` timed runs. The first run
after a fresh copy of the store is reported separately as "cold (index build)".
Work files go to bench/work/ (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent

FLOOR_CODE = "import click, rich.console, rich.table, tinydb, rapidfuzz.process"
RSS_LIMIT_MB = 250.0
IMPORT_LIMIT_S = 10.0


def _rel(path: Path) -> Path:
    return path.relative_to(REPO) if REPO in path.parents else path


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Sample:
    wall: float  # seconds, spawn to reaped
    cpu: float  # the child's user + system CPU seconds
    rss_kib: int  # the child's own peak resident set (ru_maxrss, KiB on Linux)
    code: int
    stderr: str

    @property
    def rss_mb(self) -> float:
        return self.rss_kib * 1024 / 1e6


class CommandUnavailable(Exception):
    """ctdir says "No such command": this stage of ctdir does not have it yet."""


class CommandFailed(Exception):
    def __init__(self, what: str, argv: Sequence[str], sample: Sample) -> None:
        super().__init__(f"{what}: exit {sample.code}")
        self.what = what
        self.argv = list(argv)
        self.sample = sample


class Spawner:
    """Spawns and times commands from bench/_spawner.py, a process started while small.

    A child's peak RSS on Linux includes its parent's at the moment it was spawned
    (see _spawner.py); this harness grows to hold 100,000 generated entries.
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(BENCH_DIR / "_spawner.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(
        self, argv: Sequence[str], env: dict[str, str], cwd: Path, stdout: Path | None = None
    ) -> Sample:
        """Run ``argv`` to completion; wall time and the child's own peak RSS."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {
            "argv": list(argv),
            "env": env,
            "cwd": str(cwd),
            "stdout": str(stdout) if stdout else None,
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"bench/_spawner.py died (exit {self.proc.wait()})")
        reply = json.loads(line)
        return Sample(reply["wall"], reply["cpu"], reply["rss_kib"], reply["code"], reply["stderr"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def ctdir_command() -> tuple[list[str], Path]:
    """The ``ctdir`` console script beside this interpreter, else ``python -m ctdir``."""
    script = Path(sys.executable).parent / "ctdir"
    if script.exists():
        cwd = BENCH_DIR / "work"  # any folder but the source tree, which holds a ctdir/
        cwd.mkdir(exist_ok=True)
        return [str(script)], cwd
    return [sys.executable, "-m", "ctdir"], REPO  # from the source tree


class Runner:
    def __init__(self, keep_going: bool) -> None:
        self.spawner = Spawner()  # first, while this process is small
        self.ctdir, self.cwd = ctdir_command()
        self.keep_going = keep_going
        self.floors: list[Sample] = []
        self.base_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        self.base_env.pop("CTDIR_DB", None)
        self.base_env["NO_COLOR"] = "1"

    def env(self, db: Path | None) -> dict[str, str]:
        env = dict(self.base_env)
        if db is not None:
            env["CTDIR_DB"] = str(db)
        return env

    def floor(self) -> Sample:
        sample = self.spawner.run([sys.executable, "-c", FLOOR_CODE], self.env(None), self.cwd)
        if sample.code != 0:
            raise SystemExit(f"the floor command failed (exit {sample.code}):\n{sample.stderr}")
        self.floors.append(sample)
        return sample

    def run(
        self,
        what: str,
        args: Sequence[str],
        db: Path,
        stdout: Path | None = None,
        ok: Iterable[int] = (0,),
    ) -> Sample:
        argv = [*self.ctdir, *args]
        sample = self.spawner.run(argv, self.env(db), self.cwd, stdout)
        if sample.code in set(ok):
            return sample
        if sample.code == 2 and "No such command" in sample.stderr:
            raise CommandUnavailable(what)
        raise CommandFailed(what, argv, sample)

    def version(self) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [*self.ctdir, "--version"],
                capture_output=True,
                text=True,
                env=self.env(Path(tmp) / "store.json"),
                cwd=self.cwd,
                check=False,
            )
        return (out.stdout.strip() or out.stderr.strip() or "unknown").splitlines()[0]


def report_failure(exc: CommandFailed) -> None:
    log(f"\n*** FAILED: {exc.what} (exit {exc.sample.code})")
    log(f"*** command: {' '.join(exc.argv)}")
    log("*** stderr:")
    log(exc.sample.stderr.rstrip() or "(empty)")


# --------------------------------------------------------------------------- benches


@dataclass(frozen=True)
class Target:
    ratio: float | None = None
    seconds: float | None = None
    rss_mb: float | None = None

    def describe(self) -> str:
        parts = []
        if self.ratio is not None:
            parts.append(f"≤ {self.ratio:g}×F")
        if self.seconds is not None:
            parts.append(f"≤ {self.seconds:g} s")
        if self.rss_mb is not None:
            parts.append(f"≤ {self.rss_mb:g} MB")
        return ", ".join(parts) or "—"


# A check returns None when the output is right, a problem, or a remark (NOTE...).
Check = Callable[[Any], str | None]
NOTE = "note: "


@dataclass
class Bench:
    key: str
    label: str
    args: Callable[[int], list[str]]  # run number -> ctdir arguments
    target: Target | None = None
    mutates: bool = False
    check: Check | None = None  # checks the --json output of one untimed run
    check_stdout: Check | None = None  # checks the warm-up's own output (as JSON)
    verify_store: Check | None = None  # checks the store after the timed runs


@dataclass
class Result:
    key: str
    label: str
    target: Target | None
    status: str = "ok"  # "ok", "not available", "FAILED (exit N)"
    samples: list[Sample] = field(default_factory=list)
    floors: list[Sample] = field(default_factory=list)
    cold: Sample | None = None
    cold_floor: Sample | None = None
    cold_index_bytes: int | None = None  # the index ctdir left next to the store
    edited: Sample | None = None  # the run after one entry was edited by hand
    cold_store_bytes: int | None = None  # the store after the cold run
    note: str = ""
    peer: Result | None = None

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def floor_median(self) -> float:
        return statistics.median(s.wall for s in self.floors)

    @property
    def ratio(self) -> float:
        return self.median / self.floor_median

    @property
    def cpu_ratio(self) -> float:
        """CPU time over F's: less sensitive than wall time to a busy machine."""
        floor = statistics.median(s.cpu for s in self.floors)
        return statistics.median(s.cpu for s in self.samples) / floor if floor else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)

    def verdict(self) -> str:
        if self.target is None or not self.samples:
            return "—"
        misses = []
        if self.target.ratio is not None and self.ratio > self.target.ratio:
            misses.append(f"{self.ratio:.2f}×F")
        if self.target.seconds is not None and self.median > self.target.seconds:
            misses.append(f"{self.median:.2f} s")
        if self.target.rss_mb is not None and self.peak_mb > self.target.rss_mb:
            misses.append(f"{self.peak_mb:.0f} MB")
        return "yes" if not misses else "**NO** (" + ", ".join(misses) + ")"


def _ids(output: Any) -> list[str]:
    if isinstance(output, dict):
        output = [output]
    return [str(e.get("id")) for e in output if isinstance(e, dict)]


def _entries(output: Any) -> list[dict[str, Any]]:
    if isinstance(output, dict):
        for key in ("entries", "results"):
            if isinstance(output.get(key), list):
                return [e for e in output[key] if isinstance(e, dict)]
        return [output]
    return [e for e in output if isinstance(e, dict)] if isinstance(output, list) else []


def expect_ids(wanted: Sequence[str], every: bool = True) -> Check:
    def check(output: Any) -> str | None:
        got = _ids(_entries(output))
        missing = [i for i in wanted if i not in got]
        if every and missing:
            return f"missing {', '.join(missing[:5])} among {len(got)} results"
        if not every and len(missing) == len(wanted):
            return f"none of the expected entries among {len(got)} results"
        if len(wanted) == 1 and got and got[0] != wanted[0]:
            return f"{NOTE}the expected entry is result #{got.index(wanted[0]) + 1} of {len(got)}"
        return None

    return check


def expect_country(code: str, only: bool = False) -> Check:
    def check(output: Any) -> str | None:
        entries = _entries(output)
        countries = {e.get("country") for e in entries}
        if code not in countries:
            return f"no {code} entry among {len(entries)} results"
        if only and countries != {code}:
            return f"results from other countries too: {sorted(map(str, countries))[:5]}"
        return None

    return check


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count:,} {noun if count == 1 else plural}"


def expect_count(size: int) -> Check:
    def check(output: Any) -> str | None:
        entries = _entries(output)
        return None if len(entries) == size else f"{len(entries)} entries exported of {size}"

    return check


def expect_added(contacts: Sequence[gen.NewContact]) -> Check:
    def check(store: Any) -> str | None:
        stored = {
            (e.get("name"), e.get("country"), tuple(e.get("emails") or ()))
            for e in (store.get("entries") or {}).values()
        }
        missing = [c.name for c in contacts if (c.name, c.country, (c.email,)) not in stored]
        return f"not in the store: {', '.join(missing)}" if missing else None

    return check


def size_benches(probes: gen.Probes, size: int, n_runs: int) -> list[Bench]:
    reads = target_reads(size)
    adds = probes.new_contacts

    def add(i: int) -> list[str]:
        c = adds[i]
        return [
            "add", "contact", "--name", c.name, "--country", c.country,
            "--phone", c.phone, "--email", c.email, "--yes",
        ]  # fmt: skip

    return [
        Bench(
            "hotline",
            f"hotline {probes.hotline_country}",
            lambda i: ["hotline", probes.hotline_country],
            reads,
            check=expect_ids(probes.hotline_ids),
        ),
        Bench(
            "lookup-surname",
            f"lookup <surname> ({probes.surname}: {_n(len(probes.surname_ids), 'entry')})",
            lambda i: ["lookup", probes.surname],
            reads,
            check=expect_ids(probes.surname_ids, every=False),
        ),
        Bench(
            "lookup-country",
            f"lookup <country name> ({probes.country_name}: {_n(probes.country_count, 'entry')})",
            lambda i: ["lookup", probes.country_name],
            reads,
            check=expect_country(probes.country_code),
        ),
        Bench(
            "lookup-phone",
            f"lookup <phone> ({probes.phone}, stored as {probes.phone_stored})",
            lambda i: ["lookup", probes.phone],
            reads,
            check=expect_ids([probes.phone_id]),
        ),
        Bench(
            "lookup-fuzzy",
            f"lookup <misspelt name> ({probes.misspelt} → {probes.misspelt_target})",
            lambda i: ["lookup", probes.misspelt],
            reads,
            check=expect_ids([probes.misspelt_id]),
        ),
        Bench(
            "show",
            f"show <id> ({probes.show_id})",
            lambda i: ["show", probes.show_id],
            reads,
            check=expect_ids([probes.show_id]),
        ),
        Bench(
            "export",
            "export --format json",
            lambda i: ["export", "--format", "json"],
            target_export(size),
            check_stdout=expect_count(size),
        ),
        Bench(
            "add",
            "add contact --name … --country … --phone … --email … --yes",
            add,
            target_add(size),
            mutates=True,
            verify_store=expect_added(adds[: 1 + n_runs]),
        ),
    ]


def seed_benches() -> list[Bench]:
    seed = Target(ratio=1.25)
    return [
        Bench(
            "seed-hotline",
            "hotline maldives",
            lambda i: ["hotline", "maldives"],
            seed,
            check=expect_country("MV", only=True),
        ),
        Bench(
            "seed-lookup",
            'lookup "East Timor"',
            lambda i: ["lookup", "East Timor"],
            seed,
            check=expect_country("TL"),
        ),
    ]


def target_reads(size: int) -> Target | None:
    if size == 10_000:
        return Target(ratio=1.5)
    if size == 100_000:
        return Target(ratio=3, rss_mb=RSS_LIMIT_MB)
    return None


def target_add(size: int) -> Target | None:
    if size == 10_000:
        return Target(ratio=2.5)
    if size == 100_000:
        return Target(ratio=6, rss_mb=RSS_LIMIT_MB)
    return None


def target_export(size: int) -> Target | None:
    if size == 100_000:
        return Target(ratio=5, rss_mb=RSS_LIMIT_MB)
    return None


# --------------------------------------------------------------------------- phases


@dataclass
class Section:
    title: str
    results: list[Result]
    notes: list[str] = field(default_factory=list)

    @property
    def floor_median(self) -> float | None:
        floors = [f.wall for r in self.results for f in r.floors]
        return statistics.median(floors) if floors else None


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.runs: int = args.runs
        self.work: Path = args.work
        self.runner = Runner(args.keep_going)
        self.unavailable: set[str] = set()
        self.wanted: set[str] | None = set(args.only.split(",")) if args.only else None
        self.skipped: set[str] = set(args.skip.split(",")) if args.skip else set()
        self._khard: Path | bool | None = False  # False: not tried yet
        self.cold_runs = 0
        self.peer_note = ""

    def enabled(self, key: str) -> bool:
        if key in self.skipped:
            return False
        return self.wanted is None or key in self.wanted

    # ---- one command

    def _attempt(self, result: Result, args: list[str], db: Path) -> Sample | None:
        """Run one ctdir process; None (and ``result`` marked) when it did not succeed."""
        try:
            return self.runner.run(result.label, args, db)
        except CommandUnavailable:
            result.status = "not available"
            self.unavailable.add(result.key)
            log(f"  {result.label}: not available in this ctdir (No such command)")
        except CommandFailed as exc:
            self._failed(result, exc)
        return None

    def _failed(self, result: Result, exc: CommandFailed) -> None:
        report_failure(exc)
        result.status = f"FAILED (exit {exc.sample.code})"
        if not self.args.keep_going:
            raise SystemExit(
                f"benchmark stopped: {exc.what} failed; a benchmark of an error path "
                "is worthless (use --keep-going to record it and carry on)"
            )

    def warm_up(self, bench: Bench, result: Result, db: Path) -> bool:
        """The untimed first run (builds any index); then checks the --json output."""
        if bench.key in self.unavailable:
            result.status = "not available"
            return False
        if bench.check_stdout is not None:
            out = self.work / "stdout.tmp"
            try:
                self.runner.run(bench.label, bench.args(0), db, out)
            except CommandUnavailable:
                result.status = "not available"
                self.unavailable.add(result.key)
                log(f"  {result.label}: not available in this ctdir (No such command)")
                return False
            except CommandFailed as exc:
                self._failed(result, exc)
                return False
            if out.stat().st_size > 20_000_000:  # spare the harness a 1 GB parse: count
                entries = out.read_bytes().count(b'"created":')
                output = json.dumps([{"created": 1}] * entries).encode()
            else:
                output = out.read_bytes()
            out.unlink()
            result.note = self.judge(bench, bench.check_stdout, output)
            return True
        if self._attempt(result, bench.args(0), db) is None:
            return False
        if bench.check is not None:
            result.note = self.check_output(bench, db)
        return True

    def judge(self, bench: Bench, check: Check, output: bytes) -> str:
        try:
            data = json.loads(output.decode("utf-8"))
        except ValueError as exc:
            log(f"  check FAILED for {bench.label}: output is not JSON ({exc})")
            return f"check FAILED: the output is not JSON ({exc})"
        problem = check(data)
        if problem and problem.startswith(NOTE):
            return "result checked; " + problem[len(NOTE) :]
        if problem:
            log(f"  check FAILED for {bench.label}: {problem}")
            return f"check FAILED: {problem}"
        return "result checked"

    def check_output(self, bench: Bench, db: Path) -> str:
        assert bench.check is not None
        out = self.work / "stdout.tmp"
        try:
            self.runner.run(bench.label + " --json", [*bench.args(0), "--json"], db, out)
        except (CommandFailed, CommandUnavailable) as exc:
            code = exc.sample.code if isinstance(exc, CommandFailed) else 2
            return f"could not check the result (--json run: exit {code})"
        output = out.read_bytes()
        out.unlink()
        return self.judge(bench, bench.check, output)

    def timed(self, bench: Bench, result: Result, db: Path, run: int) -> None:
        floor = self.runner.floor()
        sample = self._attempt(result, bench.args(run), db)
        if sample is not None:
            result.samples.append(sample)
            result.floors.append(floor)

    def cold(self, bench: Bench, result: Result, source: Path | None, run: int) -> None:
        """One run on a fresh copy of the store, in a fresh directory (no index yet).

        A new path every time, in case ctdir caches anything keyed by the store's path.
        """
        self.cold_runs += 1
        cold_dir = self.work / f"cold-{os.getpid()}-{self.cold_runs}"
        shutil.rmtree(cold_dir, ignore_errors=True)
        cold_dir.mkdir(parents=True)
        db = cold_dir / "store.json"
        if source is not None:
            shutil.copyfile(source, db)
            os.chmod(db, 0o600)
        floor = self.runner.floor()
        sample = self._attempt(result, bench.args(run), db)
        if sample is not None:
            result.cold, result.cold_floor = sample, floor
            index = db.with_name(db.name + ".index")
            if index.exists() and db.exists():
                result.cold_index_bytes = index.stat().st_size
                result.cold_store_bytes = db.stat().st_size
                # As a `git pull` or an editor would: one entry changes, the index stays.
                raw = db.read_bytes()
                db.write_bytes(raw.replace(b'"name": "', b'"name": "Edited ', 1))
                # (The copy never had the warm-up's contact: an add of it is new here.)
                result.edited = self._attempt(result, bench.args(0), db)
        shutil.rmtree(cold_dir, ignore_errors=True)

    # ---- one store

    def bench_store(self, name: str, benches: list[Bench], master: Path | None) -> list[Result]:
        """Warm-up, interleaved timed runs (reads, then writes), then cold runs."""
        benches = [b for b in benches if self.enabled(b.key)]
        results = {b.key: Result(b.key, b.label, b.target) for b in benches}
        warm_dir = self.work / name / "warm"
        shutil.rmtree(warm_dir, ignore_errors=True)
        warm_dir.mkdir(parents=True)
        db = warm_dir / "store.json"
        if master is not None:
            shutil.copyfile(master, db)
            os.chmod(db, 0o600)

        # Reads first, round-robin; writes after, so that they cannot disturb the reads.
        for group in ([b for b in benches if not b.mutates], [b for b in benches if b.mutates]):
            live = [b for b in group if self.warm_up(b, results[b.key], db)]
            for run in range(1, self.runs + 1):
                for bench in live:
                    if results[bench.key].status == "ok":
                        self.timed(bench, results[bench.key], db, run)
            for bench in live:
                r = results[bench.key]
                if bench.verify_store is not None and r.samples:
                    r.note = self.verify(bench, bench.verify_store, db)
                if r.samples:
                    log(
                        f"  {bench.label}: {r.median:.3f} s, F {r.floor_median:.3f} s, "
                        f"×{r.ratio:.2f}, {r.peak_mb:.0f} MB"
                    )
        for bench in benches:
            if results[bench.key].status == "ok":
                self.cold(bench, results[bench.key], master, self.runs + 1)
        return [results[b.key] for b in benches]

    def verify(self, bench: Bench, check: Check, db: Path) -> str:
        """Check the store after a write command's runs (small stores only)."""
        if db.stat().st_size > 20_000_000:
            return "not checked (store too big to parse here)"
        try:
            data = json.loads(db.read_text(encoding="utf-8"))
        except ValueError as exc:
            return f"check FAILED: the store is not JSON any more ({exc})"
        return self.judge(bench, check, json.dumps(data).encode())

    def bench_seed(self) -> Section | None:
        if not (self.enabled("seed-hotline") or self.enabled("seed-lookup")):
            return None
        log("[seed] the bundled seed directory")
        results = self.bench_store("seed", seed_benches(), None)
        notes = [
            "The store does not exist before the first run: ctdir creates it from the "
            "bundled seed; the cold run includes that."
        ]
        return Section("Seed directory (bundled, created on first run)", results, notes)

    def bench_size(self, size: int) -> Section:
        log(f"[{size}] generating {size} entries")
        started = time.perf_counter()
        directory = gen.generate(size, n_new=self.runs + 4)
        master = self.work / f"size-{size}" / "master" / "store.json"
        gen.write_store(directory.entries, master)
        gen.write_probes(directory.probes, master.with_name("probes.json"))
        log(
            f"[{size}] generated in {time.perf_counter() - started:.1f} s "
            f"({master.stat().st_size / 1e6:.1f} MB store)"
        )
        benches = size_benches(directory.probes, size, self.runs)
        results = self.bench_store(f"size-{size}", benches, master)
        p = directory.probes
        notes = [
            f"Store: {_n(size, 'entry')} ("
            f"{_n(sum(e['kind'] == 'hotline' for e in directory.entries), 'hotline')}, "
            f"{_n(len({e['country'] for e in directory.entries}), 'country')}), "
            f"{master.stat().st_size / 1e6:.1f} MB; probes in "
            f"`{_rel(master.with_name('probes.json'))}`.",
            f"`hotline {p.hotline_country}`: {_n(len(p.hotline_ids), 'hotline')}; "
            f"`lookup {p.phone}` finds {p.phone_id}; `lookup {p.misspelt}` should find "
            f"“{p.misspelt_target}” ({p.misspelt_id}).",
        ]
        if size in (1000, 10_000) and self.enabled("khard"):
            self.bench_khard(size, directory, results)
        return Section(f"{size:,} entries", results, notes)

    def bench_import(self) -> Section | None:
        if not self.enabled("import"):
            return None
        rows = self.args.import_rows
        log(f"[import] {rows} CSV rows into an empty store")
        csv_path = self.work / "import" / f"rows-{rows}.csv"
        gen.write_csv(csv_path, rows)
        result = Result(
            "import",
            f"import <{rows:,} rows csv> into an empty store",
            Target(seconds=IMPORT_LIMIT_S) if rows == 10_000 else None,
        )
        args = ["import", str(csv_path)]
        for run in range(self.runs + 1):
            run_dir = self.work / "import" / "store"
            shutil.rmtree(run_dir, ignore_errors=True)
            db = run_dir / "store.json"
            gen.write_empty_store(db)
            if run == 0:  # warm-up, and a check that every row landed
                if self._attempt(result, args, db) is None:
                    break
                stored = len(json.loads(db.read_text(encoding="utf-8")).get("entries", {}))
                result.note = (
                    "every row imported"
                    if stored == rows
                    else f"check FAILED: {stored} entries stored for {rows} rows"
                )
                continue
            floor = self.runner.floor()
            sample = self._attempt(result, args, db)
            if sample is None:
                break
            result.samples.append(sample)
            result.floors.append(floor)
        if result.samples:
            log(f"  {result.label}: {result.median:.2f} s, {result.peak_mb:.0f} MB")
        return Section(
            "Import",
            [result],
            [f"`{_rel(csv_path)}`: {rows} rows, a fresh empty store each run."],
        )

    # ---- peer

    def bench_khard(self, size: int, directory: gen.Directory, results: list[Result]) -> None:
        khard = self.khard()
        target = next((r for r in results if r.key == "lookup-surname"), None)
        if khard is None or target is None:
            return
        vdir = self.work / f"size-{size}" / "vcards"
        shutil.rmtree(vdir, ignore_errors=True)
        gen.write_vcards(directory.entries, vdir)
        config = self.work / f"size-{size}" / "khard.conf"
        config.write_text(
            f"[addressbooks]\n[[bench]]\npath = {vdir}\n\n[general]\ndefault_action = list\n"
            "editor = true\nmerge_editor = true\n",
            encoding="utf-8",
        )
        surname = directory.probes.surname
        argv = [str(khard), "-c", str(config), "--skip-unparsable", "list", surname]
        peer = Result("khard", f"khard list {surname}", None)
        env = self.runner.env(None)
        for run in range(self.runs + 1):
            floor = self.runner.floor() if run else None
            sample = self.runner.spawner.run(argv, env, self.work)
            if sample.code != 0:
                log(f"  khard failed (exit {sample.code}); peer column skipped:\n{sample.stderr}")
                return
            if floor is not None:
                peer.samples.append(sample)
                peer.floors.append(floor)
        target.peer = peer
        log(f"  peer {peer.label}: {peer.median:.3f} s, ×{peer.ratio:.2f}, {peer.peak_mb:.0f} MB")

    def khard(self) -> Path | None:
        """khard installed in its own venv under bench/work/, or None (skipped)."""
        if self._khard is not False:
            return self._khard if isinstance(self._khard, Path) else None
        venv = self.work / "khard-venv"
        exe = venv / "bin" / "khard"
        self._khard = None
        if not exe.exists():
            log("[peer] installing khard into bench/work/khard-venv (skipped if it fails)")
            try:
                subprocess.run(
                    [sys.executable, "-m", "venv", str(venv)],
                    check=True, capture_output=True, timeout=120,
                )  # fmt: skip
                subprocess.run(
                    [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "khard"],
                    check=True, capture_output=True, timeout=300,
                )  # fmt: skip
            except (subprocess.SubprocessError, OSError) as exc:
                log(f"[peer] khard not installed ({exc}); no peer column")
                self.peer_note = f"khard could not be installed ({type(exc).__name__})."
                return None
        if exe.exists():
            self._khard = exe
            version = subprocess.run(
                [str(exe), "--version"], capture_output=True, text=True, check=False
            )
            self.peer_note = f"Peer: {(version.stdout or version.stderr).strip()}."
        return exe if exe.exists() else None


# --------------------------------------------------------------------------- report


def _fmt_s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def section_markdown(section: Section) -> list[str]:
    lines = [f"## {section.title}", ""]
    lines += [f"- {note}" for note in section.notes]
    if section.notes:
        lines.append("")
    has_peer = any(r.peer is not None for r in section.results)
    head = (
        "| command | median s | spread (min–max) s | ratio to F | peak RSS MB | target | met? "
        "| CPU ratio |"
    )
    rule = "|---|---:|---:|---:|---:|---|---|---:|"
    if has_peer:
        head += " peer: khard (median s, ratio to F, MB) |"
        rule += "---|"
    lines += [head, rule]
    for r in section.results:
        if not r.samples:
            row = f"| `{r.label}` | {r.status} | | | | {(r.target or Target()).describe()} | — | |"
        else:
            walls = [s.wall for s in r.samples]
            spread = f"{_fmt_s(min(walls))}–{_fmt_s(max(walls))}"
            status = "" if r.status == "ok" else f" ({r.status})"
            row = (
                f"| `{r.label}`{status} | {_fmt_s(r.median)} | {spread} | {r.ratio:.2f} | "
                f"{r.peak_mb:.0f} | {(r.target or Target()).describe()} | {r.verdict()} | "
                f"{r.cpu_ratio:.2f} |"
            )
        if has_peer:
            p = r.peer
            row += (
                f" `{p.label}`: {_fmt_s(p.median)} s, {p.ratio:.2f}, {p.peak_mb:.0f} MB |"
                if p is not None and p.samples
                else " |"
            )
        lines.append(row)
    notes = [f"- `{r.label}`: {r.note}" for r in section.results if r.note]
    if notes:
        lines += [
            "",
            "Result checks (reads: one untimed `--json` run; export: the warm-up's output; "
            "add: the store afterwards; import: the store after the warm-up):",
            "",
            *notes,
        ]
    colds = [r for r in section.results if r.cold is not None]
    if colds:
        floor = section.floor_median or 1.0
        lines += [
            "",
            "Cold (index build): the first run after a fresh copy of the store "
            f"(one run each; ratio to this section's F median, {_fmt_s(floor)} s). Index: "
            "the size of the index file the run left, and its ratio to the store's size "
            "after the run. After a hand edit: the next run, once one entry of that store "
            "was changed in the file (as a `git pull` or an editor does). Targets at "
            "100,000 entries: ≤ 5 s and ≤ 250 MB, index ≤ 1.5× the store.",
            "",
            "| command | cold (index build) s | ratio to F | peak RSS MB | index MB | "
            "index / store | CPU s | after a hand edit s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in colds:
            assert r.cold is not None
            size, ratio = "—", "—"
            if r.cold_index_bytes is not None and r.cold_store_bytes:
                size = f"{r.cold_index_bytes / 1e6:.1f}"
                ratio = f"{r.cold_index_bytes / r.cold_store_bytes:.2f}"
            lines.append(
                f"| `{r.label}` | {_fmt_s(r.cold.wall)} | {r.cold.wall / floor:.2f} | "
                f"{r.cold.rss_mb:.0f} | {size} | {ratio} | {r.cold.cpu:.2f} | "
                f"{_fmt_s(r.edited.wall) + ' s' if r.edited else '—'} |"
            )
    lines.append("")
    return lines


def write_report(path: Path, harness: Harness, sections: list[Section], started: float) -> None:
    floors = harness.runner.floors
    f_med = statistics.median(f.wall for f in floors) if floors else float("nan")
    f_min = min((f.wall for f in floors), default=float("nan"))
    f_max = max((f.wall for f in floors), default=float("nan"))
    f_rss = max((f.rss_mb for f in floors), default=float("nan"))
    ctdir = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(harness.runner.ctdir))
    lines = [
        "# ctdir benchmarks",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} "
        f"(took {(time.perf_counter() - started) / 60:.1f} min)",
        f"- Machine: {os.cpu_count()} CPUs (os.cpu_count()), {platform.system()} "
        f"{platform.machine()}, {platform.processor() or platform.platform()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- ctdir: {harness.runner.version()} (run as `{ctdir}`)",
        f'- Floor F: `python -c "{FLOOR_CODE}"`: median **{_fmt_s(f_med)} s** over '
        f"{len(floors)} runs (min–max {_fmt_s(f_min)}–{_fmt_s(f_max)}), peak RSS {f_rss:.0f} MB",
        f"- Runs: {harness.runs} timed runs per command after 1 untimed warm-up; "
        "one F run just before every timed run.",
        "",
        "Method: each command is a whole process (`CTDIR_DB=<store>`, `NO_COLOR=1`, "
        "stdout to /dev/null), timed from spawn to exit; its ratio is its median over the "
        "median of the F runs interleaved with it. Spread is min–max of the timed runs. "
        "Peak RSS is the child's own `ru_maxrss` from `os.wait4`, the largest of the "
        "timed runs (MB = 10^6 bytes). CPU ratio: median user+system CPU seconds over "
        "F's, a cross-check that a busy machine disturbs less (targets use wall time). "
        "Read commands run round-robin on one warm store; `add` runs after them (each run "
        "adds a new contact). `import` loads a fresh empty store each run. Targets: seed "
        "reads ≤ 1.25×F; 10,000 entries: reads ≤ 1.5×F, add ≤ 2.5×F; 100,000: reads ≤ "
        "3×F, add ≤ 6×F, export ≤ 5×F, peak RSS ≤ 250 MB, the first run after the store "
        "changed (cold) ≤ 5 s, its index ≤ 1.5× the store; import of 10,000 CSV rows ≤ 10 "
        "s.",
        "",
    ]
    if harness.unavailable:
        lines += [
            "Not available in this ctdir (No such command): "
            + ", ".join(sorted(harness.unavailable))
            + ".",
            "",
        ]
    if harness.peer_note:
        lines += [harness.peer_note, ""]
    for section in sections:
        lines += section_markdown(section)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


# --------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if part:
            value = int(part[:-1]) * 1000 if part.lower().endswith("k") else int(part)
            if value < 2:
                raise argparse.ArgumentTypeError("sizes must be at least 2")
            sizes.append(value)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Whole-process benchmarks of ctdir as ratios to an import floor.",
        epilog="Keys for --only/--skip: seed-hotline, seed-lookup, hotline, lookup-surname, "
        "lookup-country, lookup-phone, lookup-fuzzy, show, export, add, import, khard.",
    )
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10,1000,10000,100000"))
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (7)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "work")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--only", default="", help="comma-separated keys to run")
    parser.add_argument("--skip", default="", help="comma-separated keys to leave out")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="record a failing command as FAILED and carry on (default: stop loudly)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    harness = Harness(args)
    log(f"ctdir: {' '.join(harness.runner.ctdir)}; {harness.runner.version()}")
    sections: list[Section] = []
    seed = harness.bench_seed()
    if seed is not None:
        sections.append(seed)
    for size in args.sizes:
        sections.append(harness.bench_size(size))
    imported = harness.bench_import()
    if imported is not None:
        sections.append(imported)
    write_report(args.out, harness, sections, started)
    harness.runner.spawner.close()
    log(f"wrote {args.out}")
    failed = [r.label for s in sections for r in s.results if r.status.startswith("FAILED")]
    if failed:
        log("FAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
