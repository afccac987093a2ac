"""A standing attack suite: hostile stores, files, queries and paths.

Each attack must end in a clean message of one line (no traceback, no
"internal error"), the documented exit code, nothing on the terminal that can
drive it (ESC, C0, C1), and a store left exactly as it was.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdir.cli import main
from ctdir.cli.app import App
from ctdir.errors import InvalidInput
from ctdir.index import Index
from ctdir.inputs import read_bounded
from ctdir.search import MAX_QUERY, lookup
from ctdir.store import Directory
from ctdir.text import escape_controls_json, for_message, neutralise

Run = Callable[..., Result]

# A hand-edited store whose every field but the ids carries an OSC 8 hyperlink,
# a clear-screen, BEL, NUL, a C1 CSI, a bidi override and a line separator.
HOSTILE_STORE = Path(__file__).parent / "data" / "hostile_store.json"
CONTACT_ID, HOTLINE_ID = "hx7k2m9p", "hx3n4q8r"
HOSTILE = json.loads(HOSTILE_STORE.read_text())["entries"]["1"]["title"]
ADD_ADA = 'add contact --name "Ada Vell" --country MV --yes --phone'
# C0 but newline, DEL and C1, as characters; CSV and vCard end lines in CRLF.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def hostile_entry(entry_id: str, name: str) -> dict[str, object]:
    entry: dict[str, object] = json.loads(HOSTILE_STORE.read_text())["entries"]["1"]
    return entry | {"id": entry_id, "name": f"{name} {HOSTILE}"}


@pytest.fixture
def hostile_store(store_path: Path) -> Path:
    store_path.write_bytes(HOSTILE_STORE.read_bytes())
    return store_path


def run_split(
    *args: str, input: bytes | str | None = None, tty: bool | None = None, **env: str
) -> Result:
    return CliRunner().invoke(
        main, list(args), input=input, env=env, obj=App(None, interactive=tty),
        catch_exceptions=False,
    )  # fmt: skip


def assert_clean(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        found = UNSAFE.search(stream.replace("\r\n", "\n"))
        assert found is None, f"{found.group()!r} reached the terminal: {stream[:300]!r}"
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr


def assert_one_line(result: Result, code: int) -> str:
    """The exit code, and a message of one short line; returns it."""
    assert result.exit_code == code, result.stderr or result.stdout
    assert_clean(result)
    lines = result.stderr.strip().splitlines()
    assert lines, "no message"
    assert lines[-1].startswith("ctdir: ") or lines[0].startswith("ctdir: "), lines
    assert all(len(line) < 1100 for line in lines), "a message line of megabytes"
    return lines[-1] if lines[-1].startswith("ctdir: ") else lines[0]


# -- item 2: no escapes through any command ----------------------------------------

READS = [
    ("lookup", "zed"),
    ("lookup", "zed", "--json"),
    ("hotline",),
    ("hotline", "--json"),
    ("show", CONTACT_ID),
    ("show", CONTACT_ID, "--json"),
    ("list",),
    ("list", "--json"),
    ("countries",),
    ("countries", "--json"),
    ("check",),
    ("check", "--json"),
    ("export",),
    ("export", "--format", "csv"),
    ("export", "--format", "vcard"),
]


@pytest.mark.parametrize("mode", ["plain", "table"])
@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reading_a_hostile_store_prints_no_escape(
    hostile_store: Path, args: tuple[str, ...], mode: str
) -> None:
    before = hostile_store.read_bytes()
    result = run_split(*args, CTDIR_OUTPUT=mode)
    assert result.exit_code in (0, 1), result.stderr  # check exits 1: it finds problems
    assert_clean(result)
    assert hostile_store.read_bytes() == before


@pytest.mark.parametrize("mode", ["plain", "table"])
@pytest.mark.parametrize(
    "args",
    [
        (*shlex.split(ADD_ADA), "+960 300 1234", "--force"),
        ("edit", CONTACT_ID, "--title", "Lead"),
        ("verify", CONTACT_ID),
        ("remove", CONTACT_ID, "--yes"),
        ("import", "{tmp}/hostile.json", "--dry-run"),
        ("extract", "{tmp}/release.txt"),
    ],
    ids=lambda args: args[0],
)
def test_writing_to_a_hostile_store_prints_no_escape(
    hostile_store: Path, tmp_path: Path, args: tuple[str, ...], mode: str
) -> None:
    (tmp_path / "hostile.json").write_text(
        json.dumps(
            [
                {"name": "Bo Hale", "country": "MV", "phones": ["+960 300 1235"]},
                hostile_entry("hx9w9w9w", "Cy Rook"),
            ]
        )
    )
    (tmp_path / "release.txt").write_text(
        f"For more information, please contact: Ida Fenn {HOSTILE}, +960 300 1236, "
        "ifenn@example.org\n"
    )
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_split(*argv, CTDIR_OUTPUT=mode)
    assert result.exit_code in (0, 1, 2), result.stderr
    assert_clean(result)


def test_a_stored_country_code_with_escapes_is_refused_and_shown_neutralised(
    store_path: Path,
) -> None:
    data = json.loads(HOSTILE_STORE.read_text(encoding="utf-8"))
    data["entries"]["1"]["country"] = "\x1b[2J\x07"
    store_path.write_text(json.dumps(data), encoding="utf-8")
    message = assert_one_line(run_split("countries"), 3)
    assert "\\x1b[2J\\x07" in message


def test_json_output_escapes_c1_and_del_but_keeps_the_value(hostile_store: Path) -> None:
    result = run_split("show", CONTACT_ID, "--json")
    assert "\\u009b" in result.stdout
    assert json.loads(result.stdout)[0]["title"] == HOSTILE


def test_neutralise_keeps_joiners_and_hides_line_separators() -> None:
    persian = "نرگس\u200cمحمدی"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert neutralise(persian) == persian
    assert neutralise(family) == family
    assert neutralise("a\u2028b\u2029c") == "a\\u2028b\\u2029c"
    assert neutralise("a\tb\nc\x1b", multiline=True) == "a\tb\nc\\x1b"


def test_escape_controls_json_changes_no_value() -> None:
    value = {"x": "a\x7f\x85\x9b\u202e “quoted” é\u00a0b"}
    raw = json.dumps(value, ensure_ascii=False).encode()
    escaped = escape_controls_json(raw)
    assert not UNSAFE.search(escaped.decode())
    assert json.loads(escaped) == value


def test_an_error_echoing_an_argument_is_neutralised(run: Run) -> None:
    result = run_split("lookup", "x", "--kind", "a\x1b[2Jb")
    assert result.exit_code == 2
    assert_clean(result)
    assert "\\x1b[2J" in result.stderr


def test_import_summary_neutralises_the_file_name(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J\x07.csv"
    path.write_text("name,country,phones\nAda Vell,MV,+960 300 1234\n")
    result = run_split("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    assert "evil\\x1b[2J\\x07.csv: dry run" in result.stdout


# -- item 3: export -o touches only what it should ----------------------------------


@pytest.mark.parametrize("suffix", ["", ".bak", ".lock", ".index"])
def test_export_refuses_the_directory_s_own_files(
    directory: Directory, store_path: Path, suffix: str
) -> None:
    target = Path(f"{store_path}{suffix}")
    if not target.exists():
        target.write_bytes(b"kept")
    before = target.read_bytes()
    message = assert_one_line(run_split("export", "-o", str(target)), 2)
    assert "directory" in message
    assert target.read_bytes() == before


def test_export_refuses_a_symlink_to_the_store(
    directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(store_path)
    before = store_path.read_bytes()
    assert "the directory itself" in assert_one_line(run_split("export", "-o", str(link)), 2)
    assert store_path.read_bytes() == before


def test_export_through_a_symlink_writes_its_target(directory: Directory, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run_split("export", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert json.loads(target.read_text())


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_export_refuses_a_fifo_or_a_device(directory: Directory, tmp_path: Path, kind: str) -> None:
    target = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(target)
    else:
        # A device of our own: were the check to fail, only this node is replaced.
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device node needs root")
    message = assert_one_line(run_split("export", "-o", str(target)), 2)
    assert "-o -" in message


def test_export_streams_to_dash_and_to_dev_stdout(directory: Directory, tmp_path: Path) -> None:
    assert json.loads(run_split("export", "-o", "-").stdout)
    # /dev/stdout and process substitution (/dev/fd/N) name a descriptor already open.
    out = tmp_path / "out.json"
    fd = os.open(out, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        result = run_split("export", "--format", "csv", "-o", f"/dev/fd/{fd}")
    finally:
        os.close(fd)
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("id,kind,name")


def test_export_creates_a_new_file_private_and_keeps_an_existing_file_s_mode(
    directory: Directory, tmp_path: Path
) -> None:
    new = tmp_path / "new.json"
    assert run_split("export", "-o", str(new)).exit_code == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    shared = tmp_path / "shared.json"
    shared.write_text("old")
    shared.chmod(0o644)
    assert run_split("export", "-o", str(shared)).exit_code == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_a_failed_export_to_a_new_file_does_not_speak_of_a_previous_version(
    directory: Directory, tmp_path: Path
) -> None:
    message = assert_one_line(run_split("export", "-o", str(tmp_path / "no" / "out.json")), 3)
    assert "previous version" not in message
    assert "nothing was written" in message


# -- item 4: bounded work on any input ------------------------------------------------


def _cpu_seconds(index: Index, query: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(repeat):
            with contextlib.suppress(InvalidInput):
                lookup(index, query)
        best = min(best, time.process_time() - start)
    return best / repeat


# Below this, a timer measures noise rather than work.
FLOOR = 0.002


@settings(max_examples=6, deadline=None)
@given(
    unit=st.sampled_from(
        [
            "9",
            "+1 ",
            "ab",
            "zed ",
            "王伟",
            "محمد ",
            "a@iom.int ",
            "mozambique police ",
            "\x1b[2J",
            "x" * 7 + "@",
        ]
    )
)
def test_lookup_time_grows_at_most_linearly_as_the_query_doubles(unit: str) -> None:
    directory = Directory(Path(os.environ["CTDIR_DB"]))
    directory.ensure()
    index = directory.index()
    lookup(index, "warm up")
    sizes = [25 * 2**k for k in range(11)]  # 25 ... 25,600 characters, past MAX_QUERY
    times = [_cpu_seconds(index, (unit * size)[:size]) for size in sizes]
    for k in range(1, len(sizes)):
        for j in range(k):
            # Linear growth from the slowest query up to size j, with a factor 2
            # for noise; the old quadratic lookup grew 4 times with each doubling.
            allowed = 2 * (sizes[k] / sizes[j]) * max(FLOOR, *times[: j + 1])
            assert times[k] <= allowed, (unit, sizes[k], sizes[j], times)
    assert sizes[-1] > 100 * MAX_QUERY


def test_a_long_query_is_refused_without_echoing_it(run: Run) -> None:
    message = assert_one_line(run_split("lookup", "9" * 20_000), 2)
    assert "20,000 characters" in message
    assert "999999" not in message


def test_a_number_of_too_many_digits_is_refused(run: Run) -> None:
    message = assert_one_line(run_split("lookup", "+1 " + "2" * 40), 2)
    assert "too many for a phone number" in message


# -- item 5: non-regular and endless inputs ----------------------------------------


def test_read_bounded_stops_at_the_limit() -> None:
    assert read_bounded("-", 10, io.BytesIO(b"x" * 10)) == b"x" * 10
    with pytest.raises(InvalidInput, match="stdin is larger than"):
        read_bounded("-", 10, io.BytesIO(b"x" * 11))
    with pytest.raises(InvalidInput, match="is a device"):
        read_bounded("/dev/zero", 10, io.BytesIO())


def test_read_bounded_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput, match="named pipe"):
        read_bounded(str(fifo), 10, io.BytesIO())


@pytest.mark.parametrize(
    "args",
    [
        ("import", "/dev/zero", "--format", "csv"),
        ("import", "{tmp}/pipe.csv"),
        ("restore", "/dev/zero", "--format", "json", "--yes"),
        ("extract", "/dev/zero"),
        ("extract", "{tmp}/pipe.csv"),
        ("extract", "{tmp}"),
    ],
    ids=" ".join,
)
def test_special_files_are_refused(
    directory: Directory, store_path: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    before = store_path.read_bytes()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    message = assert_one_line(run_split(*argv), 2)
    assert "not a file" in message
    assert store_path.read_bytes() == before


def test_extract_from_an_endless_stdin_stops_at_its_limit(directory: Directory) -> None:
    message = assert_one_line(run_split("extract", "-", input=b"A" * 5_000_001), 2)
    assert "stdin is larger than 5 MB" in message


# -- item 6: messages that help -------------------------------------------------------


def test_for_message_shortens_long_runs_and_long_lines() -> None:
    assert for_message("short") == "short"
    shortened = for_message(f"unknown country: {'q' * 100_000!r}")
    assert len(shortened) < 300
    assert "characters left out" in shortened
    assert len(for_message("zed " * 5000)) < 1100


def test_a_huge_argument_is_not_echoed_whole(run: Run) -> None:
    message = assert_one_line(run_split("lookup", "x", "--country", "q" * 100_000), 2)
    assert "characters left out" in message


@pytest.mark.parametrize(
    ("content", "wanted"),
    [
        ("name," * 200_000 + "\nx\n", "repeated columns: name"),
        ("".join(f"c{i}," for i in range(100_000)) + "name\nAda\n", "characters left out"),
        (
            'name,country\nAda,MV\n"Bo,MV\nCy,MV\n',
            'line 3: a quote (") opened here is never closed',
        ),
    ],
    ids=["same column 200,000 times", "100,000 unknown columns", "unclosed quote"],
)
def test_bad_csv_gets_a_short_message(
    directory: Directory, store_path: Path, tmp_path: Path, content: str, wanted: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    before = store_path.read_bytes()
    result = run_split("import", str(path), "--dry-run")
    assert_clean(result)
    assert len(result.stderr) < 5000
    assert wanted in result.stderr
    assert store_path.read_bytes() == before


def test_utf16_without_a_byte_order_mark_is_read(directory: Directory, tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("name,country,phones\nAda Vell,MV,+960 300 1234\n".encode("utf-16-le"))
    result = run_split("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "no byte-order mark; read as utf-16-le" in result.stderr
    assert "1 added" in result.stdout


def test_an_unknown_phone_label_lists_the_allowed_ones(directory: Directory) -> None:
    message = assert_one_line(
        run_split(*shlex.split(ADD_ADA), "one: +960 300 1234"),
        2,
    )
    assert "unknown phone label 'one'" in message
    assert "office, mobile, hotline" in message


@pytest.mark.parametrize("kind", ["folder", "unreadable"])
def test_a_db_that_cannot_be_read_exits_3(tmp_path: Path, kind: str) -> None:
    path = tmp_path / kind
    if kind == "folder":
        path.mkdir()
    else:
        path.write_text("{}")
        path.chmod(0)
        if os.access(path, os.R_OK):
            pytest.skip("root reads any file")
    assert_one_line(run_split("--db", str(path), "list"), 3)


def test_a_broken_store_without_backup_does_not_offer_one(store_path: Path) -> None:
    store_path.write_text('{"entries": ')
    message = assert_one_line(run_split("list"), 3)
    assert "restore the backup" not in message
    store_path.with_name(store_path.name + ".bak").write_text("{}")
    assert "restore the backup" in assert_one_line(run_split("list"), 3)


def test_a_cancelled_prompt_has_its_own_exit_code(directory: Directory, store_path: Path) -> None:
    before = store_path.read_bytes()
    result = run_split("remove", "mv2ph9tn", input="", tty=True)
    assert result.exit_code == 4, result.stderr
    assert "cancelled" in result.stderr
    assert store_path.read_bytes() == before


# -- item 7: hostile files for every import format ---------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("scalar.json", "42"),
        ("hostile.json", json.dumps([{"name": HOSTILE, "country": HOSTILE}])),
        (
            "hostile.vcf",
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{HOSTILE}\r\nTEL:{HOSTILE}\r\nEND:VCARD\r\n",
        ),
        ("cut.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\n"),
        ("garbage.csv", bytes(range(256)).decode("latin-1") * 40),
        ("longcell.csv", "name,country\n" + "A" * 300_000 + ",MV\n"),
        ("hostile.csv", f"name,country,phones\n{HOSTILE},MV,{HOSTILE}\n"),
    ],
)
def test_hostile_import_files_are_refused_cleanly(
    directory: Directory, store_path: Path, tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    before = store_path.read_bytes()
    result = run_split("import", str(path))
    assert result.exit_code == 2, result.stderr
    assert_clean(result)
    assert all(len(line) < 1100 for line in result.stderr.splitlines())
    assert store_path.read_bytes() == before


def test_restore_of_a_hostile_file_leaves_the_store_alone(
    directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([hostile_entry("hx9w9w9w", "Cy Rook")]))
    before = store_path.read_bytes()
    result = run_split("restore", str(path), "--yes")
    assert result.exit_code == 2, result.stderr
    assert_clean(result)
    assert store_path.read_bytes() == before
