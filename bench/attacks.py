"""Run the attack sweep of issue 11 against a ctdir source tree and classify each outcome.

    python bench/attacks.py [TREE]     (TREE: a ctdir checkout; default: this one)

Each attack runs ``python -m ctdir`` in a fresh folder, with the tree on PYTHONPATH,
2 GB of address space and a 60 s limit, and is classified as: ``internal`` (an
internal error, a traceback, MemoryError or a crash), ``hang`` (past the limit),
``lost`` (the store changed or went), ``escape`` (an ESC, C0 or C1 character on
stdout or stderr), ``noisy`` (a message line over 300 characters), ``unhelpful`` (the
message misses what it should say), ``code`` (another exit status than
expected) or ``ok``. Prints one line per attack, then
the counts by class and outcome.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 60
MEMORY = 2 * 1024**3
# C0 controls but newline, DEL, C1 controls, as characters of the decoded output.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# The store of tests/test_adversarial.py: every field but the ids is hostile.
HOSTILE_STORE = ROOT / "tests" / "data" / "hostile_store.json"
HOSTILE = json.loads(HOSTILE_STORE.read_text())["entries"]["1"]["title"]
ID = "hx7k2m9p"
ADD_ADA = 'add contact --name "Ada Vell" --country MV --yes --phone'
# What the message of an attack must say (a pattern searched in stderr) to help.
WANTED = {
    "csv, unclosed quote": r"line 3: .*quote",
    "csv, UTF-16 without BOM": r"(?i)utf-16",
    "add, unknown phone label": r"office, mobile",
    "broken store, no backup": r"^(?!.*restore the backup)",
    "remove with no terminal to confirm on": r"not removed.*--yes",
}


@dataclass
class Attack:
    group: str
    name: str
    args: list[str]
    expect: set[int]
    stdin: bytes | str | None = None  # bytes to feed on stdin, or "big" for 300 MB
    env: dict[str, str] = field(default_factory=dict)
    store: str = "seed"  # "seed", "hostile" or "none"
    setup: str = ""  # what to create in the folder first
    writes: bool = False  # the attack may change the store


def attacks() -> list[Attack]:
    out: list[Attack] = []
    reads = [
        ["lookup", "zed"],
        ["lookup", "quill", "--json"],
        ["hotline"],
        ["show", ID],
        ["list"],
        ["list", "--json"],
        ["countries"],
        ["check"],
        ["export"],
        ["export", "--format", "csv"],
        ["export", "--format", "vcard"],
    ]
    for mode in ("plain", "table"):
        for args in reads:
            out.append(
                Attack(
                    "hostile store",
                    f"{' '.join(args)} ({mode})",
                    args,
                    {0, 1},
                    env={"CTDIR_OUTPUT": mode},
                    store="hostile",
                )
            )
        for args, writes in (
            (["import", "seedcopy.json", "--dry-run"], False),
            (["extract", "text.txt"], False),
            (
                [*shlex.split(ADD_ADA), "+960 300 1234", "--force"],
                True,
            ),
            (["edit", ID, "--title", "Lead"], True),
            (["verify", ID], True),
            (["remove", ID, "--yes"], True),
        ):
            out.append(
                Attack(
                    "hostile store",
                    f"{args[0]} ({mode})",
                    args,
                    {0, 1, 2},
                    env={"CTDIR_OUTPUT": mode},
                    store="hostile",
                    setup="hostile-inputs",
                    writes=writes,
                )
            )
    esc_name = "evil\x1b[2J\x07.csv"
    files = [
        ("csv, a million columns", "wide.csv", ["import", "wide.csv"], {2}),
        ("csv, unclosed quote", "quote.csv", ["import", "quote.csv"], {2}),
        ("csv, UTF-16 without BOM", "utf16.csv", ["import", "utf16.csv", "--dry-run"], {0, 2}),
        ("csv, binary garbage", "garbage.csv", ["import", "garbage.csv"], {2}),
        ("csv, file name with escapes", esc_name, ["import", esc_name, "--dry-run"], {0, 2}),
        ("csv, 300,000-character cell", "longcell.csv", ["import", "longcell.csv"], {2}),
        ("json, nested 100,000 deep", "deep.json", ["import", "deep.json"], {2}),
        ("json, not a list", "scalar.json", ["import", "scalar.json"], {2}),
        ("json, hostile fields", "hostile.json", ["import", "hostile.json"], {2}),
        ("vcard, hostile fields", "hostile.vcf", ["import", "hostile.vcf"], {2}),
        ("vcard, truncated", "cut.vcf", ["import", "cut.vcf"], {2}),
        ("import /dev/zero", None, ["import", "/dev/zero", "--format", "csv"], {2}),
        ("import a FIFO", "fifo.csv", ["import", "fifo.csv"], {2}),
        ("import - of 300 MB", None, ["import", "-", "--format", "csv"], {2}),
        ("restore /dev/zero", None, ["restore", "/dev/zero", "--format", "json", "--yes"], {2}),
        ("restore, file of garbage", "garbage.csv", ["restore", "garbage.csv", "--yes"], {2}),
        ("extract /dev/zero", None, ["extract", "/dev/zero"], {2}),
        ("extract - of 300 MB", None, ["extract", "-"], {2}),
        ("extract a folder", None, ["extract", "."], {2}),
    ]
    for name, _file, args, expect in files:
        stdin = "big" if "-" in args else None
        out.append(Attack("hostile files", name, args, expect, stdin=stdin, setup="files"))
    for name, args, expect in (
        ("lookup, 20,000 digits", ["lookup", "9" * 20_000], {2}),
        ("lookup, 20,000 letters", ["lookup", "ab" * 10_000], {2}),
        ("lookup, 5,000 words", ["lookup", *(["zed"] * 5000)], {2}),
        ("lookup, escapes in the query", ["lookup", "\x1b[2Jnobody\x07"], {1}),
        ("lookup, 100,000-character --country", ["lookup", "x", "--country", "q" * 100_000], {2}),
        ("show, 100,000-character id", ["show", "z" * 100_000], {2}),
        (
            "add, unknown phone label",
            [*shlex.split(ADD_ADA), "one: +960 300 1234"],
            {2},
        ),
    ):
        out.append(Attack("hostile queries", name, args, expect))
    for name, args, expect, store in (
        ("export -o the store", ["export", "-o", "directory.json"], {2}, "seed"),
        ("export -o the backup", ["export", "-o", "directory.json.bak"], {2}, "seed"),
        ("export -o the lock", ["export", "-o", "directory.json.lock"], {2}, "seed"),
        ("export -o the index", ["export", "-o", "directory.json.index"], {2}, "seed"),
        ("export -o a symlink to the store", ["export", "-o", "link.json"], {2}, "seed"),
        ("export -o a FIFO", ["export", "-o", "fifo.csv"], {2}, "seed"),
        ("export -o a device", ["export", "-o", "device"], {2}, "seed"),
        ("--db a folder", ["--db", "folder", "list"], {3}, "none"),
        ("--db a FIFO", ["--db", "fifo.csv", "list"], {3}, "none"),
        ("--db /dev/zero", ["--db", "/dev/zero", "list"], {3}, "none"),
        ("broken store, no backup", ["list"], {3}, "broken"),
        ("remove with no terminal to confirm on", ["remove", "mv2ph9tn"], {2}, "seed"),
    ):
        answer = b"" if "remove" in name else None  # an empty stdin, not a terminal
        out.append(
            Attack(
                "hostile paths",
                name,
                args,
                expect,
                store=store,
                setup="files",
                stdin=answer,
            )
        )
    if os.geteuid() != 0:  # root reads a file of mode 0 all the same
        out.append(
            Attack(
                "hostile paths",
                "--db an unreadable file",
                ["--db", "locked.json", "list"],
                {3},
                store="none",
                setup="files",
            )
        )
    return out


def make_files(folder: Path, seed: bytes) -> None:
    (folder / "wide.csv").write_text("name," * 1_000_000 + "\nx\n")
    (folder / "quote.csv").write_text('name,country\nAda,MV\n"Bo,MV\nCy,MV\nDi,MV\n')
    (folder / "utf16.csv").write_bytes(
        "name,country,phones\nAda Vell,MV,+960 300 1234\n".encode("utf-16-le")
    )
    (folder / "garbage.csv").write_bytes(bytes(range(256)) * 400)
    (folder / "evil\x1b[2J\x07.csv").write_text("name,country,phones\nAda Vell,MV,+960 300 1234\n")
    (folder / "longcell.csv").write_text("name,country\n" + "A" * 300_000 + ",MV\n")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "scalar.json").write_text("42")
    (folder / "hostile.json").write_text(json.dumps([{"name": HOSTILE, "country": HOSTILE}]))
    (folder / "hostile.vcf").write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{HOSTILE}\r\nTEL:{HOSTILE}\r\nEND:VCARD\r\n"
    )
    (folder / "cut.vcf").write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\n")
    os.mkfifo(folder / "fifo.csv")
    # A device node of its own (as root), never /dev/null: ctdir 0.1 replaced it.
    with contextlib.suppress(PermissionError):
        os.mknod(folder / "device", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    (folder / "folder").mkdir()
    (folder / "locked.json").write_bytes(seed)
    (folder / "locked.json").chmod(0)
    (folder / "seedcopy.json").write_bytes(seed)
    (folder / "text.txt").write_text(
        f"For more information, please contact: {HOSTILE} +960 300 1234 zq@example.org\n"
    )


def make_big(path: Path) -> None:
    """300 MB of text, more than any input ctdir should read whole."""
    with open(path, "wb") as big:
        block = b"A" * (1 << 20)
        for _ in range(300):
            big.write(block)


def run(tree: Path, attack: Attack, seed: bytes, big: Path) -> tuple[str, str, float]:
    folder = Path(tempfile.mkdtemp(prefix="ctdir-attack-"))
    try:
        store = folder / "directory.json"
        if attack.store == "hostile":
            store.write_bytes(HOSTILE_STORE.read_bytes())
        elif attack.store == "seed":
            store.write_bytes(seed)
        elif attack.store == "broken":
            store.write_text('{"entries": ')
        if attack.setup:
            make_files(folder, seed)
            (folder / "link.json").symlink_to(store)
        if attack.store == "seed" and attack.setup:  # what export -o must not touch
            for name in ("directory.json.bak", "directory.json.lock"):
                (folder / name).write_bytes(seed)
        before = {
            p.name: p.read_bytes()
            for p in folder.glob("directory.json*")
            if p.is_file() and not p.name.endswith(".index")
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith("CTDIR_")}
        env |= {"PYTHONPATH": str(tree), "CTDIR_DB": str(store), **attack.env}
        stack = contextlib.ExitStack()
        feed: dict[str, object] = {"stdin": subprocess.DEVNULL}
        if attack.stdin == b"":
            feed = {"input": b""}
        elif isinstance(attack.stdin, str):
            feed = {"stdin": stack.enter_context(open(big, "rb"))}  # noqa: SIM115

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

        start = time.perf_counter()
        try:
            with stack:
                proc = subprocess.run(
                    [sys.executable, "-m", "ctdir", *attack.args],
                    cwd=folder,
                    env=env,
                    capture_output=True,
                    timeout=LIMIT_S,
                    preexec_fn=limit,
                    **feed,  # type: ignore[call-overload]
                )
        except subprocess.TimeoutExpired:
            return "hang", f"> {LIMIT_S} s", time.perf_counter() - start
        seconds = time.perf_counter() - start
        err = proc.stderr.decode("utf-8", "replace")
        text = proc.stdout.decode("utf-8", "replace") + err
        first = (err.strip().splitlines() or [""])[0][:100]
        after = {
            p.name: p.read_bytes()
            for p in folder.glob("directory.json*")
            if p.is_file() and not p.name.endswith(".index")
        }
        if proc.returncode < 0 or re.search("internal error|Traceback|MemoryError", text):
            return "internal", first, seconds
        # A lock file or a first backup may appear; what was there must stay as it was.
        if not attack.writes and any(after.get(n) != data for n, data in before.items()):
            return "lost", "the store or its backup changed", seconds
        unsafe = _UNSAFE.search(text.replace("\r\n", "\n"))  # CSV and vCard end lines in CRLF
        if unsafe:
            return "escape", repr(unsafe.group()), seconds
        if any(len(line) > 300 for line in err.splitlines()) or len(err) > 5000:
            return "noisy", f"{len(err):,} characters on stderr", seconds
        wanted = WANTED.get(attack.name)
        if wanted and not re.search(wanted, err, re.DOTALL):
            return "unhelpful", first, seconds
        if proc.returncode not in attack.expect:
            return "code", f"exit {proc.returncode}: {first}", seconds
        return "ok", first, seconds
    finally:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    tree = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    seed_folder = Path(tempfile.mkdtemp())
    env = dict(os.environ, PYTHONPATH=str(tree), CTDIR_DB=str(seed_folder / "s.json"))
    subprocess.run(
        [sys.executable, "-m", "ctdir", "init"], env=env, check=True, capture_output=True
    )
    seed = (seed_folder / "s.json").read_bytes()
    big = seed_folder / "big.bin"
    make_big(big)
    counts: Counter[tuple[str, str]] = Counter()
    for attack in attacks():
        outcome, detail, seconds = run(tree, attack, seed, big)
        counts[attack.group, outcome] += 1
        print(
            f"{outcome:8} {seconds:6.1f}s  {attack.group}: {attack.name}  [{detail!r}]", flush=True
        )
    shutil.rmtree(seed_folder)
    print()
    for (group, outcome), n in sorted(counts.items()):
        print(f"{group:16} {outcome:8} {n}")
    print(f"total {sum(counts.values())}")


if __name__ == "__main__":
    main()
