"""ctdir.store and ctdir.fsutil: atomic writes, backups, modes, refusal to overwrite."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import orjson
import pytest

import ctdir.fsutil
from ctdir.errors import InvalidInput, StoreError
from ctdir.fsutil import atomic_write, remove_stale_tmp
from ctdir.store import Directory, backup_path, bundled, lock_path
from ctdir.storefile import ENTRIES, META, serialize
from ctdir.validate import check_entry, stamp_new


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def new_contact(name: str = "Ana Silva", email: str = "ana@example.org") -> dict[str, Any]:
    return check_entry("contact", {"name": name, "country": "PT", "emails": [email]}).entry


def add(directory: Directory, entry: dict[str, Any]) -> dict[str, Any]:
    with directory.transaction() as txn:
        stamped = stamp_new(entry, txn.taken_ids())
        txn.insert([stamped])
    return stamped


def ids(directory: Directory) -> set[str]:
    return {e["id"] for e in directory.entries()}


# -- files and modes ----------------------------------------------------------------------


def test_store_backup_and_lock_are_private(directory: Directory) -> None:
    add(directory, new_contact())
    assert mode(directory.path) == 0o600
    assert mode(backup_path(directory.path)) == 0o600
    assert mode(lock_path(directory.path)) == 0o600


def test_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        atomic_write(tmp_path / "f.json", b"{}")
    finally:
        os.umask(old)
    assert mode(tmp_path / "f.json") == 0o600


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new", backup=backup_path(path))
    assert mode(path) == 0o640
    assert path.read_bytes() == b"new"
    assert backup_path(path).read_bytes() == b"old"


def test_backup_is_the_previous_version(directory: Directory) -> None:
    before = directory.path.read_bytes()
    add(directory, new_contact())
    assert backup_path(directory.path).read_bytes() == before
    middle = directory.path.read_bytes()
    add(directory, new_contact("Rui Costa", "rui@example.org"))
    assert backup_path(directory.path).read_bytes() == middle


def test_file_is_deterministic_and_readable(directory: Directory) -> None:
    add(directory, new_contact("Zoë Ñúñez", "zoe@example.org"))
    raw = directory.path.read_bytes()
    assert "Zoë Ñúñez".encode() in raw  # UTF-8, not \u escapes
    data = orjson.loads(raw)
    assert raw == orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def test_a_symlinked_store_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "repo" / "directory.json"
    real.parent.mkdir()
    home = tmp_path / "home"  # beside the test's own store, which stays out of this
    home.mkdir()
    link = home / "directory.json"
    directory = Directory(real)
    directory.ensure()
    link.symlink_to(real)
    add(Directory(link), new_contact())
    assert link.is_symlink()
    assert len(Directory(real).entries()) == len(directory.entries())
    assert any(e["name"] == "Ana Silva" for e in Directory(real).entries())
    # Lock, backup and index belong to the real file: one of each, whatever the path.
    assert sorted(p.name for p in home.iterdir()) == ["directory.json"]
    assert {p.name for p in real.parent.iterdir()} == {
        "directory.json",
        "directory.json.bak",
        "directory.json.index",
        "directory.json.lock",
    }
    assert Directory(link).index_path == directory.index_path


def test_nothing_is_written_when_nothing_changed(directory: Directory) -> None:
    before = directory.path.stat()
    with directory.transaction() as txn:
        txn.get("mz4nc8re")
    after = directory.path.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_an_error_inside_a_transaction_writes_nothing(directory: Directory) -> None:
    before = directory.path.read_bytes()
    with pytest.raises(RuntimeError), directory.transaction() as txn:
        txn.remove("mz4nc8re")
        raise RuntimeError("boom")
    assert directory.path.read_bytes() == before


# -- stores that must not be written over ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"entries": {', "is not valid JSON"),
        (b"", "is not valid JSON"),
        (b"\xff\xfe garbage", "is not valid JSON"),
        (b"[1, 2, 3]", "is not a ctdir directory"),
        (b'{"entries": {}, "meta": {"1": {"schema": 99}}}', "schema version 99"),
        (b'{"entries": {}}', '"meta" is missing'),
        (b'{"entries": {"1": {"name": "no id"}}, "meta": {"1": {"schema": 1}}}', "broken entry"),
        (b'{"entries": {"1": [1]}, "meta": {"1": {"schema": 1}}}', "broken entry"),
        (
            serialize(
                {
                    ENTRIES: {"1": bundled("seed")[0], "2": bundled("seed")[0]},
                    META: {"1": {"schema": 1}},
                }
            ),
            "two entries with id mv7tq2ka (documents 1 and 2)",
        ),
    ],
)
def test_unreadable_store_is_reported_and_never_written(
    store_path: Path, content: bytes, message: str
) -> None:
    store_path.write_bytes(content)
    directory = Directory(store_path)
    with pytest.raises(StoreError) as info, directory.transaction() as txn:
        txn.insert([stamp_new(new_contact())])
    assert message in info.value.message
    assert str(store_path) in info.value.message
    assert store_path.read_bytes() == content
    assert not backup_path(store_path).exists()


def test_the_reference_storage_reads_and_writes_the_same_bytes(directory: Directory) -> None:
    from tinydb import TinyDB

    from ctdir.storefile import CanonicalStorage

    raw = directory.path.read_bytes()
    db = TinyDB(directory.path, storage=CanonicalStorage)
    assert len(db.table(ENTRIES)) == len(bundled("seed"))
    db.storage.write(db.storage.read())
    assert directory.path.read_bytes() == raw


# -- failed writes ------------------------------------------------------------------------------


def enospc(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("call", ["write", "fsync", "replace", "link"])
def test_a_failed_write_leaves_the_old_file_intact(
    directory: Directory, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    add(directory, new_contact())  # so that a backup exists too
    before = directory.path.read_bytes()
    backup_before = backup_path(directory.path).read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(ctdir.fsutil.os, call, enospc)
        if call == "link":
            patch.setattr(ctdir.fsutil.shutil, "copy2", enospc)
        with pytest.raises(StoreError, match="No space left on device"):
            add(directory, new_contact("Rui Costa", "rui@example.org"))
    assert directory.path.read_bytes() == before
    assert backup_path(directory.path).read_bytes() == backup_before
    assert not [p for p in directory.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_short_write_is_completed(directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def dribble(fd: int, data: Any) -> int:
        return real_write(fd, bytes(data[:7]))

    with monkeypatch.context() as patch:
        patch.setattr(ctdir.fsutil.os, "write", dribble)
        added = add(directory, new_contact())
    assert added["id"] in ids(directory)


# -- transactions -------------------------------------------------------------------------------


def test_insert_refuses_an_id_in_use(directory: Directory) -> None:
    with pytest.raises(InvalidInput, match="already exists"), directory.transaction() as txn:
        txn.insert([{**new_contact(), "id": "mz4nc8re"}])
    with pytest.raises(InvalidInput, match="no id"), directory.transaction() as txn:
        txn.insert([new_contact()])


def test_replace_keeps_created_and_position_and_sets_updated(directory: Directory) -> None:
    keys_before = list(orjson.loads(directory.path.read_bytes())[ENTRIES])
    with directory.transaction() as txn:
        entry = txn.get("mz4nc8re")
        assert entry is not None
        created = entry["created"]
        entry["title"] = "Programme Officer"
        entry["created"] = "1999-01-01T00:00:00Z"  # a caller cannot change it
        txn.replace(entry)
    data = orjson.loads(directory.path.read_bytes())
    assert list(data[ENTRIES]) == keys_before
    saved = next(e for e in data[ENTRIES].values() if e["id"] == "mz4nc8re")
    assert saved["title"] == "Programme Officer"
    assert saved["created"] == created
    assert saved["updated"] > created


def test_removed_ids_are_retired_and_never_reused(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with directory.transaction() as txn:
        txn.remove("mz4nc8re")
        assert "mz4nc8re" in txn.taken_ids()
    with directory.transaction() as txn:
        assert txn.retired_ids() == ["mz4nc8re"]
        assert "mz4nc8re" in txn.taken_ids()
    # Even a random generator that keeps proposing the retired id cannot reuse it.
    proposals = iter(["mz4nc8re", "mz4nc8re", "zz9zz9zz"])
    monkeypatch.setattr(
        "ctdir.validate.new_id", lambda taken: next(p for p in proposals if p not in taken)
    )
    added = add(directory, new_contact())
    assert added["id"] == "zz9zz9zz"
    assert "mz4nc8re" not in ids(directory)


def test_stale_temporary_files_are_cleared_under_the_lock(directory: Directory) -> None:
    folder = directory.path.parent
    stale = [
        folder / ".directory.json.999999.0badf00d.tmp",
        folder / ".directory.json.bak.999999.0badf00d.tmp",
        folder / ".directory.json.index.999999.0badf00d.tmp",
    ]
    live_index = folder / f".directory.json.index.{os.getpid()}.12345678.tmp"
    unrelated = folder / ".notes.txt.999999.0badf00d.tmp"
    for path in [*stale, live_index, unrelated]:
        path.write_bytes(b"partial")
    add(directory, new_contact())
    assert not any(p.exists() for p in stale)
    assert live_index.exists() and unrelated.exists()


def test_remove_stale_tmp_without_a_folder(tmp_path: Path) -> None:
    assert remove_stale_tmp(tmp_path / "missing" / "x.json", names=("x.json",)) == 0
