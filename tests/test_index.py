"""The search index is derived data: it must always answer as the store says."""

from __future__ import annotations

import contextlib
import os
import random
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest

from ctdir.index import Index, batches
from ctdir.model import blank_entry, new_id
from ctdir.search import lookup
from ctdir.store import Directory, row
from ctdir.storefile import empty_meta, read_store, serialize

GIVEN = [
    "Amina",
    "José",
    "Nguyễn",
    "Olga",
    "Ravi",
    "Chen",
    "Fatima",
    "Lukas",
    "Маша",
    "Ahmed",
    "Ana",
]
FAMILY = [
    "Okafor",
    "García",
    "Văn",
    "Ivanova",
    "Sharma",
    "Wei",
    "Haddad",
    "Novak",
    "Петрова",
    "Silva",
]
COUNTRIES = [
    ("MZ", "+258 21 "),
    ("TL", "+670 77"),
    ("MV", "+960 7"),
    ("BD", "+880 2 "),
    ("FR", "+33 1 "),
]


def random_entry(rng: random.Random, taken: set[str]) -> dict[str, Any]:
    country, prefix = rng.choice(COUNTRIES)
    kind = "hotline" if rng.random() < 0.15 else "contact"
    entry = blank_entry(kind)
    number = prefix + "".join(rng.choice("0123456789") for _ in range(6))
    digits = "".join(c for c in number if c.isdigit())
    entry.update(
        id=new_id(taken),
        name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" if kind == "contact" else "Helpline",
        organization=rng.choice(["IOM", "UNHCR", None]),
        office=rng.choice(["IOM Maputo", "IOM Dili", None]),
        country=country,
        phones=[
            {
                "number": number,
                "e164": "+" + digits,
                "label": None,
                "valid": True,
                "region": country,
                "domestic_only": False,
            }
        ],
        emails=[f"{rng.choice(['a', 'b', 'c'])}{rng.randrange(10**6)}@example.org"],
        created="2026-01-01T00:00:00Z",
        updated="2026-01-01T00:00:00Z",
    )
    taken.add(entry["id"])
    return entry


QUERIES = [
    "okafor",
    "garcia",
    "nguyen",
    "masha petrova",
    "sharma ravi",
    "mozambique",
    "TL",
    "dili",
    "helpline",
    "iom",
    "haddad fatim",
    "novka",
    "silva ana",
    "+258 21",
    "unhcr",
]


def answers(index: Index, queries: list[str]) -> list[list[tuple[str, float]]]:
    out = []
    for q in queries:
        result = lookup(index, q, limit=50)
        out.append([(m.entry["id"], m.score) for m in result.matches])
    return out


def phone_queries(entries: list[dict[str, Any]], rng: random.Random) -> list[str]:
    with_phones = [e for e in entries if e["phones"]]
    return [rng.choice(with_phones)["phones"][0]["number"] for _ in range(5)]


def fresh_build(entries: list[dict[str, Any]]) -> Index:
    rows = [row(str(n), e)[0] for n, e in enumerate(entries, start=1)]
    return Index.build(None, lambda: batches(rows), empty_meta(), "")


def test_incremental_index_equals_fresh_build_on_random_changes(directory: Directory) -> None:
    rng = random.Random(20261123)
    taken: set[str] = set()
    with directory.transaction() as txn:
        txn.insert([random_entry(rng, taken) for _ in range(300)])
    for _round in range(12):
        with directory.transaction() as txn:
            current = txn.entries()
            for victim in rng.sample(current, 5):
                txn.remove(victim["id"])
            txn.insert([random_entry(rng, taken) for _ in range(7)])
            changed = dict(rng.choice(txn.entries()))
            changed["name"] = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            txn.replace(changed)
        cached = directory.index()
        assert cached.path is not None, "the on-disk index should be in use"
        entries = list(cached.iter_all())
        stored = [e for _, e, _ in read_store(directory.path, directory.path.read_bytes()).docs]
        assert sorted(entries, key=lambda e: e["id"]) == sorted(stored, key=lambda e: e["id"])
        queries = QUERIES + phone_queries(entries, rng)
        assert answers(cached, queries) == answers(fresh_build(entries), queries)
        assert cached.count() == len(entries)
    # Row for row (each word's packed postings too), what a rebuild of the file keeps.
    kept = kept_tables(directory.index())
    assert kept["postings"] and kept["phones"] and kept["emails"]
    assert kept == kept_tables(rebuilt(directory))


def test_hand_edit_of_the_store_is_seen(directory: Directory) -> None:
    assert [m.entry["name"] for m in lookup(directory.index(), "chimedza").matches] == [
        "Nely Chimedza"
    ]
    data = orjson.loads(directory.path.read_bytes())
    for entry in data["entries"].values():
        if entry["name"] == "Nely Chimedza":
            entry["name"] = "Nely Chimedzo"  # same length: same file size
    text = serialize(data)
    stat = directory.path.stat()
    with open(directory.path, "r+b") as handle:  # in place, as an editor might
        handle.write(text)
        handle.truncate()
    os.utime(directory.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    names = [m.entry["name"] for m in lookup(directory.index(), "chimedzo").matches]
    assert names == ["Nely Chimedzo"]


def test_replaced_store_is_seen(directory: Directory, tmp_path: Path) -> None:
    # `git pull` or a copy replaces the file: a new inode.
    directory.index()
    other = Directory(tmp_path / "elsewhere.json")
    Directory(other.path).create([], overwrite=True)
    with other.transaction() as txn:
        txn.insert([random_entry(random.Random(1), set())])
    os.replace(other.path, directory.path)
    assert directory.index().count() == 1


def test_ctdir_writes_keep_the_cache_file_fresh(directory: Directory) -> None:
    index = directory.index()
    assert index.path is not None
    before = index.path.stat().st_ino
    with directory.transaction() as txn:
        txn.remove("mz4nc8re")
    again = directory.index()
    assert again.path is not None and again.path.stat().st_ino == before  # updated in place
    assert again.get("mz4nc8re") is None
    assert not lookup(again, "chimedza").matches


def test_corrupt_or_foreign_index_file_is_rebuilt(directory: Directory) -> None:
    directory.index()
    directory.index_path.write_bytes(b"this is not sqlite")
    assert directory.index().count() == 11
    assert directory.index().get("tl5as9fv") is not None


def test_unwritable_folder_falls_back_to_memory(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    real_connect = sqlite3.connect

    def refuse_files(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if target != ":memory:":
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", refuse_files)
    index = directory.index()
    assert index.path is None
    assert [m.entry["name"] for m in lookup(index, "komenda").matches] == ["Heather Komenda"]


def test_racing_builders_leave_a_whole_index(directory: Directory) -> None:
    errors: list[BaseException] = []
    entries = directory.entries()
    from ctdir.store import file_signature

    signature = file_signature(directory.path)
    rows = [row(str(n), e)[0] for n, e in enumerate(entries, start=1)]

    def build() -> None:
        try:
            for _ in range(5):
                Index.build(
                    directory.index_path, lambda: batches(rows), empty_meta(), signature
                ).close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    index = directory.index()
    assert index.path is not None and index.count() == 11
    assert not list(directory.path.parent.glob(".*.tmp"))


def test_broken_store_leaves_no_index_copy_and_index_is_private(directory: Directory) -> None:
    import stat

    from ctdir.errors import StoreError

    index = directory.index()
    assert index.path is not None
    assert stat.S_IMODE(index.path.stat().st_mode) == 0o600
    raw = directory.path.read_bytes().replace(b'"id": "tl8hk2cz"', b'"id": "tl5as9fv"')
    directory.path.write_bytes(raw)  # two entries with one id, in ctdir's own layout
    with pytest.raises(StoreError, match="two entries with id tl5as9fv"):
        directory.index()
    assert not list(directory.path.parent.glob(".*.tmp"))


def test_a_few_changes_outside_ctdir_refresh_the_index_in_place(directory: Directory) -> None:
    rng = random.Random(11)
    taken: set[str] = set()
    with directory.transaction() as txn:
        txn.insert([random_entry(rng, taken) for _ in range(400)])
    index = directory.index()
    assert index.path is not None
    inode = index.path.stat().st_ino
    # As a `git pull` might: one entry edited, one removed, one added, ids retired.
    data = orjson.loads(directory.path.read_bytes())
    docs = data["entries"]
    edited_id = docs["7"]["id"]
    docs["7"]["name"] = "Ngozi Adeyemi-Okoro"
    removed_id = docs.pop("12")["id"]
    docs["999"] = {**random_entry(rng, taken), "name": "Tendai Mukarati"}
    data["meta"]["1"]["retired_ids"] = sorted([removed_id, *data["meta"]["1"]["retired_ids"]])
    directory.path.write_bytes(serialize(data))
    calls: list[int] = []
    refreshed = Directory(directory.path, progress=lambda d, t: calls.append(d)).index()
    assert calls == []  # no rebuild
    assert refreshed.path is not None and refreshed.path.stat().st_ino == inode
    assert [m.entry["id"] for m in lookup(refreshed, "adeyemi okoro").matches] == [edited_id]
    assert [m.entry["name"] for m in lookup(refreshed, "mukarati").matches] == ["Tendai Mukarati"]
    assert refreshed.get(removed_id) is None
    assert refreshed.store_meta()["retired_ids"] == data["meta"]["1"]["retired_ids"]
    fresh = fresh_build(
        [e for _, e, _ in read_store(directory.path, directory.path.read_bytes()).docs]
    )
    queries = [*QUERIES, "adeyemi", "tendai"]
    assert answers(refreshed, queries) == answers(fresh, queries)
    # And the next write starts from it: the file comes out as TinyDB would write it.
    with directory.transaction() as txn:
        txn.remove(edited_id)
    del docs["7"]
    data["meta"]["1"]["retired_ids"] = sorted([edited_id, *data["meta"]["1"]["retired_ids"]])
    assert directory.path.read_bytes() == serialize(data)


def test_an_entry_edited_into_a_duplicate_id_is_refused_after_a_refresh(
    directory: Directory,
) -> None:
    from ctdir.errors import StoreError

    directory.index()
    data = orjson.loads(directory.path.read_bytes())
    data["entries"]["3"]["id"] = data["entries"]["1"]["id"]
    directory.path.write_bytes(serialize(data))
    with pytest.raises(StoreError, match="two entries with id"):
        directory.index()


def test_an_index_that_cannot_be_written_is_replaced_by_a_write(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    old = directory.index()
    assert old.path is not None
    inode = old.path.stat().st_ino
    refused: list[int] = []
    begin = Index.begin

    def read_only_once(self: Index) -> None:
        if not refused:
            refused.append(1)
            raise sqlite3.OperationalError("attempt to write a readonly database")
        begin(self)

    monkeypatch.setattr(Index, "begin", read_only_once)
    with directory.transaction() as txn:
        txn.remove("mz4nc8re")
    assert refused and directory.index_path.stat().st_ino != inode
    assert directory.index().get("mz4nc8re") is None
    assert b'"id": "mz4nc8re"' not in directory.path.read_bytes()


def kept_tables(index: Index) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the index keeps for search, as sorted rows (postings unpacked)."""
    conn = index.conn
    words = [term for (term,) in conn.execute("SELECT term FROM vocab")]
    return {
        "postings": sorted(index.postings_of(words)),
        "vocab": sorted(conn.execute("SELECT term, df FROM vocab")),
        "words with postings": sorted(conn.execute("SELECT term FROM terms")),
        "phones": sorted(conn.execute("SELECT * FROM phones")),
        "emails": sorted(conn.execute("SELECT * FROM emails")),
        "entries": sorted(conn.execute("SELECT * FROM entries")),
    }


def rebuilt(directory: Directory) -> Index:
    """A new index of the store file as it stands, built as the first command would."""
    with contextlib.suppress(FileNotFoundError):
        directory.index_path.unlink()
    return directory.index()


def fill(directory: Directory, parts: int, seed: int) -> None:
    """Random entries enough for ``parts`` parts of a rebuild (ctdir.store.PART each)."""
    from ctdir import store

    rng = random.Random(seed)
    taken: set[str] = set()
    with directory.transaction() as txn:
        txn.insert([random_entry(rng, taken) for _ in range(parts * store.PART)])


def test_a_rebuild_in_parts_on_two_cores_equals_one_in_one_piece(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctdir import parallel

    fill(directory, 3, seed=5)
    calls: list[int] = []
    shared = parallel.shared

    def counted(jobs: Any, work: Any, *wire: Any) -> Any:
        calls.append(len(jobs))
        return shared(jobs, work, *wire)

    monkeypatch.setattr(parallel, "shared", counted)
    in_parts = kept_tables(rebuilt(directory))
    assert calls and calls[0] > 1
    monkeypatch.setattr(parallel, "MAX_JOBS", 1)  # too many parts to share: all here
    assert kept_tables(rebuilt(directory)) == in_parts


@pytest.mark.parametrize("across_parts", [False, True])
def test_one_id_twice_is_found_within_a_part_and_across_parts(
    directory: Directory, across_parts: bool
) -> None:
    from ctdir import store
    from ctdir.errors import StoreError

    first, second = (3, 3 * store.PART - 5) if across_parts else (1, 2)
    fill(directory, 3, seed=9)
    data = orjson.loads(directory.path.read_bytes())
    docs = data["entries"]
    docs[str(second)]["id"] = docs[str(first)]["id"]
    docs[str(second + 2)]["kind"] = "leaflet"  # a broken entry after the second one
    directory.path.write_bytes(serialize(data))
    duplicate = docs[str(first)]["id"]
    with pytest.raises(StoreError) as error:
        rebuilt(directory)
    assert f"two entries with id {duplicate} (documents {first} and {second})" in str(error.value)
    assert not list(directory.path.parent.glob(".*.tmp"))


def test_a_build_that_fails_halfway_on_disk_is_done_whole_in_memory(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    fill(directory, 2, seed=3)
    expected = kept_tables(rebuilt(directory))
    written: list[int] = []
    write = Index._write

    def full_disk_once(self: Index, part: Any, schema: str) -> None:
        written.append(1)
        if len(written) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        write(self, part, schema)

    monkeypatch.setattr(Index, "_write", full_disk_once)
    index = rebuilt(directory)
    assert index.path is None
    assert kept_tables(index) == expected
    assert not list(directory.path.parent.glob(".*.tmp"))


@pytest.mark.parametrize("count", [0, 1, 332, 333, 334, 1006])
def test_rows_are_written_many_a_statement_each_once_in_order(count: int) -> None:
    import sqlite3

    from ctdir.index import _insert_rows

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a TEXT, b INTEGER, c BLOB)")
    rows = [(f"k{i}", i, bytes([i % 256])) for i in range(count)]  # 333 rows fill a statement
    _insert_rows(conn, "main.t", rows)
    assert conn.execute("SELECT a, b, c FROM t ORDER BY rowid").fetchall() == rows
