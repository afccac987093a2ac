"""The store file: canonical bytes, type checks of hand edits, schema migration, odd paths."""

from __future__ import annotations

import os
import random
import stat
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit import stdout_json

from ctdir import schema, storefile
from ctdir.errors import InvalidInput, StoreError
from ctdir.model import blank_entry, new_id
from ctdir.schema import SCHEMA_VERSION
from ctdir.store import Directory, backup_path, bundled
from ctdir.storefile import ENTRIES, META, serialize

ADD = ["add", "contact", "--name", "Kwame Asante", "--country", "GH"]
ADD += ["--email", "ka@example.org", "--yes"]


def person(rng: random.Random, taken: set[str]) -> dict[str, Any]:
    entry = blank_entry("contact")
    entry.update(
        id=new_id(taken),
        name=rng.choice(["Ama Boateng", "Zoë Okonkwo-Ibe", "Nguyễn Thị Lan", "Иван Кузнецов"]),
        country=rng.choice(["GH", "NG", "VN", "RU"]),
        emails=[f"p{rng.randrange(10**6)}@example.org"],
        notes=rng.choice([None, 'quote " and \\ backslash', "tab\there"]),
        created="2026-01-02T03:04:05Z",
        updated="2026-01-02T03:04:05Z",
    )
    taken.add(entry["id"])
    return entry


# -- the format ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=30), st.randoms(use_true_random=False))
def test_streamed_file_is_byte_for_byte_the_whole_serialisation(n: int, rng: random.Random) -> None:
    taken: set[str] = set()
    entries = {str(i): person(rng, taken) for i in rng.sample(range(1, 200), n)}
    meta = {"retired_ids": sorted(new_id() for _ in range(rng.randrange(3))), "schema": 2}
    rows = sorted((k, storefile.render_block(e)) for k, e in entries.items())
    streamed = b"".join(storefile.snapshot_chunks(rows, meta))
    assert streamed == serialize({ENTRIES: entries, META: {"1": meta}})


def test_writes_equal_tinydb_applying_the_same_changes(tmp_path: Path) -> None:
    """ctdir's transactions give the bytes TinyDB gives with the reference storage."""
    from tinydb import TinyDB

    from ctdir.storefile import CanonicalStorage

    rng = random.Random(7)
    taken: set[str] = set()
    ours = Directory(tmp_path / "ours.json")
    ours.create(bundled("seed"))
    theirs = tmp_path / "theirs.json"
    theirs.write_bytes(ours.path.read_bytes())
    for _round in range(6):
        # A new TinyDB each time, as each ctdir command is a new process.
        db = TinyDB(theirs, storage=CanonicalStorage)
        table = db.table(ENTRIES)
        new = [person(rng, taken) for _ in range(rng.randrange(1, 12))]
        with ours.transaction() as txn:
            txn.insert(new)
        table.insert_multiple(new)
        victim = rng.choice(table.all())
        picked = rng.choice(table.all())
        changed = {**picked, "title": "Liaison Officer"}
        with ours.transaction() as txn:
            txn.remove(victim["id"])
            if changed["id"] != victim["id"]:
                txn.replace(changed)
                changed["updated"] = txn.get(changed["id"])["updated"]  # type: ignore[index]
        table.remove(doc_ids=[victim.doc_id])
        if changed["id"] != victim["id"]:
            table.update(changed, doc_ids=[picked.doc_id])
        meta = db.table(META)
        retired = sorted([*meta.get(doc_id=1)["retired_ids"], victim["id"]])  # type: ignore[index]
        meta.update({"retired_ids": retired}, doc_ids=[1])
        assert ours.path.read_bytes() == theirs.read_bytes()


def test_directory_create_refuses_to_overwrite(tmp_path: Path) -> None:
    directory = Directory(tmp_path / "d.json")
    directory.create([])
    assert directory.entries() == []
    with pytest.raises(InvalidInput, match="already exists"):
        directory.create(bundled("seed"))
    directory.create(bundled("seed"), overwrite=True)
    assert {e["id"] for e in directory.entries()} == {e["id"] for e in bundled("seed")}


def test_replace_all_keeps_timestamps_and_retires_what_goes(directory: Directory) -> None:
    rng = random.Random(3)
    incoming = [person(rng, set()) for _ in range(3)]
    incoming[0]["updated"] = "2020-05-06T07:08:09Z"
    with directory.transaction() as txn:
        txn.replace_all(incoming, retired_ids=["zzzz9999"])
    assert directory.entries() == [*incoming]
    with directory.transaction() as txn:
        assert set(txn.retired_ids()) == {e["id"] for e in bundled("seed")} | {"zzzz9999"}
    # The previous store is the backup.
    old = orjson.loads(backup_path(directory.path).read_bytes())
    assert len(old[ENTRIES]) == len(bundled("seed"))


def test_entries_that_do_not_fit_the_model_are_never_stored(directory: Directory) -> None:
    before = directory.path.read_bytes()
    bad = {**blank_entry("contact"), "id": "abcd2345", "name": "X", "country": "GH", "phones": "1"}
    with pytest.raises(InvalidInput, match='"phones" must be a list'), directory.transaction() as t:
        t.insert([bad])
    assert directory.path.read_bytes() == before


# -- hand-edited and merged stores -------------------------------------------------------------


def edited(store: Path, doc: str, field: str, value: Any) -> bytes:
    data = orjson.loads(store.read_bytes())
    if doc == "meta":
        data[META]["1"][field] = value
    else:
        data[ENTRIES][doc][field] = value
    raw = serialize(data)
    store.write_bytes(raw)
    return raw


@pytest.mark.parametrize(
    ("doc", "field", "value", "words"),
    [
        ("1", "name", 5, '"name" must be text, not 5'),
        ("1", "title", True, '"title" must be text or null, not true'),
        ("2", "country", 7, '"country" must be an ISO 3166-1 alpha-2 country code, not 7'),
        ("3", "country", "QQ", '"country" must be an ISO'),
        ("meta", "retired_ids", None, '"retired_ids" must be a list, not null'),
        ("meta", "schema", "2", '"schema" must be a whole number'),
        ("4", "phones", [{"number": 5}], '"phones" item 1: "number" must be text'),
        ("4", "phones", ["+258 1"], '"phones" item 1: a phone must be an object'),
        ("5", "emails", "a@b.org", '"emails" must be a list'),
        ("5", "verified", "last week", '"verified" must be an ISO date'),
        ("6", "kind", "person", '"kind" must be'),
        ("6", "created", None, '"created" must be an ISO timestamp'),
        ("7", "colour", "red", "unknown field 'colour'"),
        ("7", "id", "tl5as9fv;touch /tmp/PWNED;#", '"id" must be an id'),
    ],
)
def test_a_wrong_field_is_named_in_one_line_and_nothing_is_written(
    run: Any, store_path: Path, doc: str, field: str, value: Any, words: str
) -> None:
    Directory(store_path).ensure()
    raw = edited(store_path, doc, field, value)
    result = run(*ADD)
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert words in line and str(store_path) in line, line
    assert "internal error" not in line and "Traceback" not in result.output
    if doc != "meta":
        entry_id = orjson.loads(raw)[ENTRIES][doc]["id"]
        assert repr(entry_id)[:59] in line or "entry (document" in line
    assert store_path.read_bytes() == raw
    assert not backup_path(store_path).exists()


def test_a_missing_comma_gives_the_line_and_column(run: Any, store_path: Path) -> None:
    Directory(store_path).ensure()
    text = store_path.read_text()
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if '"name": "Nely Chimedza"' in line)
    lines[at] = lines[at].rstrip(",")
    store_path.write_text("\n".join(lines))
    result = run("lookup", "maldives")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert f"is not valid JSON at line {at + 2}, column" in line and str(store_path) in line


def test_stray_bytes_give_the_line_and_column(run: Any, store_path: Path) -> None:
    Directory(store_path).ensure()
    raw = store_path.read_bytes()
    at = raw.index(b'"Nely')
    store_path.write_bytes(raw[:at] + b"\xff\xfe" + raw[at:])
    result = run("list")
    assert result.exit_code == 3
    line_no = raw[:at].count(b"\n") + 1
    assert f"line {line_no}, column" in result.stderr and "not UTF-8" in result.stderr


def test_a_long_hostile_id_is_escaped_and_cut(run: Any, store_path: Path) -> None:
    Directory(store_path).ensure()
    edited(store_path, "1", "id", "\x1b[2J" + "x" * 500)
    result = run("list")
    assert result.exit_code == 3
    assert "\x1b" not in result.stderr and "x" * 100 not in result.stderr
    assert "\\x1b[2J" in result.stderr


def _edit(doc: dict[str, Any], field: str, how: str, value: Any, extra: str) -> None:
    """A hand edit of one field: its value changed ("type"), the field dropped, or a
    field the schema does not know added ("extra"); anything else leaves it alone."""
    if how == "type":
        doc[field] = value
    elif how == "drop":
        del doc[field]
    elif how == "extra":
        doc[extra] = value


MUTATIONS = st.sampled_from(["type", "drop", "extra", "comma", "bytes", "cut", "meta"])
VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.integers(min_value=0, max_value=9), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(min_value=0, max_value=9), max_size=2),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutation=MUTATIONS, value=VALUES, pick=st.integers(min_value=0, max_value=10**6))
def test_any_edit_reads_cleanly_or_is_refused_in_one_line(
    tmp_path: Path, mutation: str, value: Any, pick: int
) -> None:
    path = tmp_path / f"m{pick}.json"
    path.unlink(missing_ok=True)
    Directory(path).create(bundled("seed"))
    raw = path.read_bytes()
    data = orjson.loads(raw)
    docs = list(data[ENTRIES].values())
    doc = docs[pick % len(docs)]
    field = sorted(doc)[pick % len(doc)]
    _edit(doc, field, mutation, value, f"x{pick % 7}")
    if mutation == "meta":
        data[META]["1"][["schema", "retired_ids"][pick % 2]] = value
    if mutation in ("type", "drop", "extra", "meta"):
        raw = serialize(data)
    elif mutation == "comma":
        commas = [i for i, b in enumerate(raw) if b == ord(",")]
        at = commas[pick % len(commas)]
        raw = raw[:at] + raw[at + 1 :]
    elif mutation == "bytes":
        at = pick % len(raw)
        raw = raw[:at] + bytes([pick % 256, (pick // 256) % 256]) + raw[at:]
    else:
        raw = raw[: pick % len(raw)]
    path.write_bytes(raw)
    directory = Directory(path)
    try:
        entries = directory.entries()
    except StoreError as error:
        assert "\n" not in error.message and str(path) in error.message
    else:
        assert all(isinstance(e["name"], str) for e in entries)
    assert path.read_bytes() == raw


# -- the quick read of an entry (msgspec) must judge as the checks do ------------------------------

TRICKY = st.sampled_from(
    [
        "2023-02-30",  # a date of the right shape that does not exist
        "2026-01-02",
        "2026-01-02T03:04:05Z",
        "2026-01-02T03:04:05Z\n",
        "2026-01-02 03:04:05",
        "ABCD",  # not an id (upper case)
        "abcd1234",
        "XX",  # not a country
        "GH",
        "gh",
        "hotline",
        "Contact",
        "",
        "\u202e",
    ]
)


def _quick_doc(rng: random.Random) -> tuple[dict[str, Any], list[Any]]:
    """A valid entry, and the path of a place in it: a field, or a field of one of its records."""
    doc = orjson.loads(storefile.render_body(rng.choice(bundled("seed") + bundled("hotlines"))))
    field = rng.choice(sorted(doc))
    items = doc[field] if isinstance(doc[field], list) else []
    records = [r for r in items if isinstance(r, dict)]
    if records and rng.random() < 0.6:
        record = rng.randrange(len(records))
        return doc, [field, record, rng.choice(sorted(records[record]))]
    return doc, [field]


def _checked_or_refused(block: bytes) -> Any:
    try:
        return schema.check_entry(orjson.loads(block))
    except (orjson.JSONDecodeError, schema.Problem):
        return "refused"


@settings(max_examples=400, deadline=None)
@given(
    how=st.sampled_from(["same", "type", "drop", "extra", "bytes", "twice"]),
    value=st.one_of(VALUES, TRICKY),
    rng=st.randoms(use_true_random=False),
)
def test_the_quick_read_gives_what_the_checks_give_or_steps_aside(
    how: str, value: Any, rng: random.Random
) -> None:
    doc, place = _quick_doc(rng)
    *outer, last = place
    holder: Any = doc
    for key in outer:
        holder = holder[key]
    _edit(holder, last, how, value, f"x{rng.randrange(3)}")
    block = storefile.render_body(doc)
    if how == "bytes":
        at = rng.randrange(len(block))
        block = block[:at] + bytes([rng.randrange(256)]) + block[at + rng.randrange(2) :]
    elif how == "twice":  # one field written twice: the last one counts, as orjson reads it
        block = b'{"' + last.encode() + b'": ' + orjson.dumps(value) + b", " + block[1:]
    quick = schema.decode_entry(block)
    judged = _checked_or_refused(block)
    if how == "same":
        assert quick is not None, "a valid entry goes the quick way"
    if quick is not None:
        assert judged != "refused" and quick == judged


def test_the_quick_tests_of_a_list_judge_each_item() -> None:
    dates = schema._value_test("[date]")
    assert dates is not None
    assert dates([]) and dates(["2026-01-02", "2025-12-31"])
    assert not dates(["2026-01-02", "2023-02-30"])
    assert schema._value_test("[str]") is None  # the type says it all


def test_a_rebuild_of_a_store_ctdir_wrote_takes_the_quick_way_for_every_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(8)
    taken: set[str] = set()
    path = tmp_path / "d.json"
    Directory(path).create([person(rng, taken) for _ in range(50)])
    slow: list[Any] = []
    checks = schema.check_entry
    monkeypatch.setattr(schema, "check_entry", lambda doc: slow.append(doc) or checks(doc))
    Path(f"{path}.index").unlink(missing_ok=True)
    assert len(Directory(path).entries()) == 50
    assert slow == []
    # A hand edit that breaks one entry takes that entry, and only it, the slow way.
    raw = path.read_bytes().replace(b'"name": "', b'"name": 7, "was": "', 1)
    path.write_bytes(raw)
    with pytest.raises(StoreError, match='"name" must be text'):
        Directory(path).entries()
    assert len(slow) == 1


def test_every_bundled_entry_goes_the_quick_way() -> None:
    for entry in bundled("seed") + bundled("hotlines"):
        assert schema.decode_entry(storefile.render_block(entry)) == schema.check_entry(entry)


# -- schema versions -----------------------------------------------------------------------------


def schema_1_store(path: Path) -> None:
    entries = bundled("seed")
    first = dict(entries[0])
    for field in ("source_date", "purpose", "verifications", "accepted"):
        first.pop(field, None)
    first["verified"] = "2026-03-04"
    first["notes"] = (
        "Met at the Nairobi workshop.\n2026-02-01: called, still valid\n2026-03-04: emailed"
    )
    entries[0] = first
    data = {ENTRIES: {str(i): e for i, e in enumerate(entries, 1)}, META: {"1": {"schema": 1}}}
    path.write_bytes(serialize(data))


def test_a_schema_1_store_is_migrated_and_written_as_schema_2(run: Any, store_path: Path) -> None:
    schema_1_store(store_path)
    before = store_path.read_bytes()
    shown = orjson.loads(run("show", "mv7tq2ka", "--json").stdout)[0]
    assert shown["notes"] == "Met at the Nairobi workshop."
    assert shown["verifications"] == [
        {"date": "2026-02-01", "note": "called, still valid"},
        {"date": "2026-03-04", "note": "emailed"},
    ]
    assert shown["source_date"] is None and shown["accepted"] == []
    assert store_path.read_bytes() == before  # reading writes nothing
    assert run("edit", "mv7tq2ka", "--title", "Field Officer").exit_code == 0
    data = orjson.loads(store_path.read_bytes())
    assert data[META]["1"]["schema"] == SCHEMA_VERSION == 2
    assert all("verifications" in e for e in data[ENTRIES].values())


def test_a_newer_schema_is_refused_and_left_alone(run: Any, store_path: Path) -> None:
    raw = serialize({ENTRIES: {}, META: {"1": {"schema": SCHEMA_VERSION + 1}}})
    store_path.write_bytes(raw)
    result = run(*ADD)
    assert result.exit_code == 3 and "schema version 3" in result.stderr
    assert store_path.read_bytes() == raw


# -- paths that are not store files ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "folder", "/dev/zero", "/dev/null"])
def test_a_path_that_is_not_a_regular_file_is_refused_at_once(
    run: Any, tmp_path: Path, kind: str
) -> None:
    if kind == "fifo":
        target = tmp_path / "pipe.json"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "folder.json"
        target.mkdir()
    else:
        target = Path(kind)
    for args in (["list"], ADD):
        result = run("--db", str(target), *args)
        assert result.exit_code == 3
        [line] = result.stderr.splitlines()
        assert "not a regular file" in line or "is a folder" in line
    if kind == "fifo":
        assert stat.S_ISFIFO(target.stat().st_mode)


def test_a_dangling_link_into_a_missing_folder_creates_nothing(run: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "deep"
    link = tmp_path / "links" / "directory.json"
    link.parent.mkdir()
    link.symlink_to(missing / "store.json")
    for args in (["lookup", "kenya"], ADD):
        result = run("--db", str(link), *args)
        assert result.exit_code == 3
        [line] = result.stderr.splitlines()
        assert f"the folder {missing} does not exist" in line
    assert not (tmp_path / "nowhere").exists()
    assert link.is_symlink()


def test_a_store_over_the_size_limit_is_refused(
    run: Any, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Directory(store_path).ensure()
    monkeypatch.setattr(storefile, "MAX_STORE_BYTES", 1000)
    result = run("list")
    assert result.exit_code == 3 and "ctdir reads stores of up to" in result.stderr


# -- progress while the working copy is rebuilt ----------------------------------------------------


def test_a_rebuild_reports_progress_to_the_end(tmp_path: Path) -> None:
    rng = random.Random(5)
    taken: set[str] = set()
    path = tmp_path / "d.json"
    Directory(path).create([person(rng, taken) for _ in range(4500)])
    calls: list[tuple[int, int]] = []
    Directory(path, progress=lambda done, total: calls.append((done, total))).index()
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] > 4500
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    calls.clear()
    Directory(path, progress=lambda done, total: calls.append((done, total))).index()
    assert calls == []  # fresh: nothing to rebuild


def test_a_hand_formatted_entry_comes_out_canonical_at_the_next_write(
    directory: Directory,
) -> None:
    directory.index()
    raw = directory.path.read_bytes()
    # Valid JSON, same data, not ctdir's spacing: as an editor might leave it.
    edited = raw.replace(b'"city": "Dili",', b'"city":   "Dili"  ,', 1)
    assert edited != raw
    directory.path.write_bytes(edited)
    with directory.transaction() as txn:
        txn.remove("mz4nc8re")
    data = orjson.loads(raw)
    data[ENTRIES] = {k: e for k, e in data[ENTRIES].items() if e["id"] != "mz4nc8re"}
    data[META]["1"]["retired_ids"] = ["mz4nc8re"]
    assert directory.path.read_bytes() == serialize(data)


def test_json_output_is_what_rendering_each_entry_gives(directory: Directory) -> None:
    from ctdir.interop.jsonio import export_json, json_array_of_shown

    rng = random.Random(9)
    with directory.transaction() as txn:
        txn.insert([person(rng, set()) for _ in range(60)])
    index = directory.index()
    for country, kind in [(None, None), ("GH", None), (None, "hotline"), ("ZZ", None)]:
        shown = b"".join(json_array_of_shown(index.iter_shown(country, kind), 7))
        assert shown == export_json(index.iter_select(country, kind))


@pytest.mark.parametrize(
    ("indexed", "compact", "edit"),
    [
        (False, False, (b'"name": "', b'"name": "Other Name",\n      "name": "')),
        (True, False, (b'"name": "', b'"name": "Other Name",\n      "name": "')),
        (True, False, (b'"country": "', b'"country": "XX",\n      "country": "')),
        (False, False, (b'"number": "', b'"number": "+1 555 0100",\n          "number": "')),
        (False, True, (b'"name":"', b'"name":"Other Name","name":"')),
    ],
)
def test_a_field_given_twice_in_one_entry_is_refused_not_half_read(
    run: Any, store_path: Path, indexed: bool, compact: bool, edit: tuple[bytes, bytes]
) -> None:
    """JSON readers keep the second of two values silently; a merge that kept both
    lines would lose the first at the next write."""
    Directory(store_path).create(bundled("seed")[:3], overwrite=True)
    if indexed:
        assert run("list").exit_code == 0
    raw = store_path.read_bytes()
    if compact:  # another layout, read whole (TinyDB's own compact output)
        raw = orjson.dumps(orjson.loads(raw))
    edited = raw.replace(*edit, 1) if compact else raw.replace(edit[0], edit[1], 1)
    assert edited != raw
    store_path.write_bytes(edited)
    for command in (["list"], ADD):
        result = run(*command)
        assert result.exit_code == 3, result.output
        field = edit[0].split(b'"')[1].decode()
        assert f"'{field}' is given twice; keep one" in result.stderr
        assert result.stderr.count("\n") == 1
        assert store_path.read_bytes() == edited


@pytest.mark.parametrize("indexed", [False, True])
def test_a_block_moved_by_hand_is_put_back_in_order_at_the_next_write(
    run: Any, store_path: Path, indexed: bool
) -> None:
    rng = random.Random(4)
    taken: set[str] = set()
    Directory(store_path).create([person(rng, taken) for _ in range(120)], overwrite=True)
    if indexed:
        assert run("list").exit_code == 0
    raw = store_path.read_bytes()
    start, end = raw.index(b'    "50": {'), raw.index(b'    "51": {')
    moved = raw[start:end]  # block 50 and the comma after it
    first = raw.index(b'    "1": {')
    edited = raw[:first] + moved + raw[first:start] + raw[end:]
    assert edited != raw and orjson.loads(edited) == orjson.loads(raw)
    store_path.write_bytes(edited)
    assert run("list").exit_code == 0  # readable as it is
    assert run(*ADD).exit_code == 0
    written = store_path.read_bytes()
    assert written == serialize(orjson.loads(written))  # the canonical bytes, in order


@pytest.mark.parametrize("indexed", [False, True])
def test_two_entries_under_one_document_key_are_refused(
    run: Any, store_path: Path, indexed: bool
) -> None:
    """What git leaves when two branches each added an entry and both were kept;
    with an index of the file before (only the changed entries are read) or none."""
    Directory(store_path).create(bundled("seed")[:2], overwrite=True)
    if indexed:
        assert run("list").exit_code == 0
    raw = store_path.read_bytes()
    first = raw.index(b'    "1": {')
    second = raw.index(b'    "2": {')
    copy = raw[first:second].replace(b'"1": {', b'"2": {').replace(b"mv7tq2ka", b"zz7tq2ka")
    duplicated = raw[:second] + copy + raw[second:]
    store_path.write_bytes(duplicated)
    result = run("list")
    assert result.exit_code == 3
    assert "two entries under the document key 2" in result.stderr
    assert store_path.read_bytes() == duplicated


# -- a write of a few entries: the old file's bytes, spliced -------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_a_spliced_file_is_byte_for_byte_the_whole_serialisation(rng: random.Random) -> None:
    taken: set[str] = set()
    # Doc ids of one to three digits: "10" sorts before "9", "100" between "10" and "11".
    keys = rng.sample(range(1, 400), rng.randrange(1, 25))
    entries = {str(k): person(rng, taken) for k in keys}
    meta = {"retired_ids": [], "schema": 2}
    raw = serialize({ENTRIES: entries, META: {"1": meta}})
    changes: dict[str, bytes | None] = {}
    after = dict(entries)
    for doc_id in rng.sample(sorted(entries), rng.randrange(0, len(entries) + 1)):
        if rng.random() < 0.5:
            after.pop(doc_id)
            changes[doc_id] = None
        else:
            after[doc_id] = person(rng, taken)
            changes[doc_id] = storefile.render_block(after[doc_id])
    for doc_id in rng.sample(range(1, 1200), rng.randrange(0, 6)):
        if str(doc_id) not in entries:
            after[str(doc_id)] = person(rng, taken)
            changes[str(doc_id)] = storefile.render_block(after[str(doc_id)])
    meta = {"retired_ids": sorted(rng.sample(sorted(taken), min(2, len(taken)))), "schema": 2}
    in_file = {d for d in changes if d in entries}
    pieces = storefile.spliced(raw, changes, in_file, meta)
    if not after:
        assert pieces is None  # an empty table: written whole
        return
    assert pieces is not None
    assert b"".join(pieces) == serialize({ENTRIES: after, META: {"1": meta}})


def test_a_file_not_as_the_index_knows_it_is_never_spliced() -> None:
    rng = random.Random(3)
    taken: set[str] = set()
    entries = {str(k): person(rng, taken) for k in (1, 2, 3)}
    meta = {"retired_ids": [], "schema": 2}
    raw = serialize({ENTRIES: entries, META: {"1": meta}})
    new = storefile.render_block(person(rng, taken))
    # The index says doc 2 is in the file, but it is not there (or the reverse).
    assert storefile.spliced(raw, {"4": new}, {"4"}, meta) is None
    assert storefile.spliced(raw, {"2": new}, set(), meta) is None
    # Not the canonical layout (TinyDB's compact output, a hand-formatted file).
    compact = orjson.dumps({ENTRIES: entries, META: {"1": meta}})
    assert storefile.spliced(compact, {"2": new}, {"2"}, meta) is None
    squeezed = raw.replace(b'\n    "2": {\n', b'\n    "2":{\n')
    assert storefile.spliced(squeezed, {"2": new}, {"2"}, meta) is None


def test_a_write_of_one_entry_copies_the_rest_without_reading_each_block(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(11)
    with directory.transaction() as txn:
        txn.insert([person(rng, set()) for _ in range(300)])

    def refuse(raw: Any) -> None:
        raise AssertionError("every block of the file was looked up")

    monkeypatch.setattr(storefile, "blocks_by_id", refuse)
    before = orjson.loads(directory.path.read_bytes())
    new = person(rng, set())
    with directory.transaction() as txn:
        txn.insert([new])
        txn.remove(before[ENTRIES]["17"]["id"])
    data = orjson.loads(directory.path.read_bytes())
    last = str(max(int(k) for k in before[ENTRIES]) + 1)
    assert data[ENTRIES][last]["id"] == new["id"]
    assert "17" not in data[ENTRIES]
    assert directory.path.read_bytes() == serialize(data)


def test_a_store_saved_with_a_byte_order_mark_is_read_and_written_without_it(
    run: Any, store_path: Path
) -> None:
    """Windows editors may save UTF-8 with a byte-order mark: the same data, read as such."""
    run("list")
    raw = store_path.read_bytes()
    edited = raw.replace(b'"city": "Dili"', '"city": "Díli"'.encode())
    store_path.write_bytes(b"\xef\xbb\xbf" + edited)
    shown = run("show", "tl5as9fv", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert stdout_json(shown)[0]["city"] == "Díli"
    assert run("verify", "tl5as9fv").exit_code == 0
    written = store_path.read_bytes()
    assert written.startswith(b"{\n")
    assert written == serialize(orjson.loads(written))  # canonical again
    dili = [e for e in orjson.loads(written)[ENTRIES].values() if e["id"] == "tl5as9fv"]
    assert dili[0]["city"] == "Díli" and dili[0]["verified"]


def test_git_conflict_markers_are_named_as_such(run: Any, store_path: Path) -> None:
    raw = store_path.read_bytes()
    at = raw.index(b'      "name": ')
    line_end = raw.index(b"\n", at) + 1
    conflicted = (
        raw[:at]
        + b"<<<<<<< HEAD\n"
        + raw[at:line_end]
        + b"=======\n"
        + raw[at:line_end].replace(b'": "', b'": "Dr. ', 1)
        + b">>>>>>> theirs\n"
        + raw[line_end:]
    )
    store_path.write_bytes(conflicted)
    result = run("list")
    assert result.exit_code == 3
    assert "git conflict markers" in result.stderr and "ctdir merge-driver" in result.stderr
    assert result.stderr.count("\n") == 1
    assert store_path.read_bytes() == conflicted
