"""Writes that splice the store file must give exactly what a whole rewrite gives."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from test_index import random_entry

from ctdir.store import Directory, SpliceTransaction, Transaction


def fill(directory: Directory, n: int, rng: random.Random, taken: set[str]) -> None:
    with directory.transaction() as txn:
        txn.insert([random_entry(rng, taken) for _ in range(n)])


def apply_ops(txn: Transaction | SpliceTransaction, ops: list[tuple[str, object]]) -> None:
    for op, arg in ops:
        if op == "insert":
            txn.insert([arg])  # type: ignore[list-item]
        elif op == "remove":
            txn.remove(arg)  # type: ignore[arg-type]
        else:
            txn.replace(arg)  # type: ignore[arg-type]


@pytest.mark.parametrize(("seed", "most"), [(s, 6) for s in range(8)] + [(8, 80), (9, 80)])
def test_splice_equals_whole_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, most: int
) -> None:
    # Up to 6 changes a round locate documents one by one; 80 make splice scan the file.
    rng = random.Random(seed)
    taken: set[str] = set()
    spliced = Directory(tmp_path / "a.json")
    spliced.ensure()
    fill(spliced, rng.randrange(1, 40) if most < 10 else 150, rng, taken)
    whole = Directory(tmp_path / "b.json")
    shutil.copy(spliced.path, whole.path)
    for _round in range(4):
        ids = [e["id"] for e in spliced.entries()]
        ops: list[tuple[str, object]] = []
        for _ in range(rng.randrange(1, most)):
            choice = rng.random()
            if choice < 0.4 or not ids:
                ops.append(("insert", random_entry(rng, taken)))
            elif choice < 0.7:
                victim = ids.pop(rng.randrange(len(ids)))
                ops.append(("remove", victim))
            else:
                pick = rng.choice(ids)
                changed = dict(next(e for e in spliced.entries() if e["id"] == pick))
                changed["name"] = f"Renamed {rng.randrange(10**6)}"
                ops.append(("replace", changed))
        spliced.index()  # fresh index: the splice path is open
        with spliced.transaction() as txn:
            assert isinstance(txn, SpliceTransaction)
            apply_ops(txn, ops)
        monkeypatch.setenv("CTDIR_NO_SPLICE", "1")
        with whole.transaction() as txn:
            assert isinstance(txn, Transaction)
            apply_ops(txn, ops)
        monkeypatch.delenv("CTDIR_NO_SPLICE")
        a, b = spliced.path.read_bytes(), whole.path.read_bytes()
        # Timestamps of replaced entries differ by the clock; compare all else.
        assert _without_updated(a) == _without_updated(b)


def _without_updated(raw: bytes) -> bytes:
    import re

    return re.sub(rb'"updated": "[^"]*"', b'"updated": ""', raw)


def test_splice_path_never_parses_the_whole_store(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctdir.store

    directory.index()

    def no_parse(*args: object) -> None:
        raise AssertionError("the whole store was parsed")

    monkeypatch.setattr(ctdir.store, "parse", no_parse)
    rng = random.Random(5)
    with directory.transaction() as txn:
        assert isinstance(txn, SpliceTransaction)
        txn.insert([random_entry(rng, set())])
        txn.remove("mz4nc8re")
    monkeypatch.undo()
    monkeypatch.setenv("CTDIR_DB", str(directory.path))
    entries = directory.entries()
    assert len(entries) == 11
    assert all(e["id"] != "mz4nc8re" for e in entries)
    assert "mz4nc8re" in directory.read_data()["meta"]["1"]["retired_ids"]


def test_hand_formatted_store_is_rewritten_whole(directory: Directory) -> None:
    import json

    data = directory.read_data()
    directory.path.write_text(json.dumps(data, indent=4), encoding="utf-8")
    directory.index()
    with directory.transaction() as txn:
        assert isinstance(txn, Transaction)  # not ctdir's layout: no splicing
        txn.remove("mz4nc8re")
    directory.index()
    with directory.transaction() as txn:
        assert isinstance(txn, SpliceTransaction)  # ctdir's layout again


def test_a_table_ctdir_does_not_know_survives_writes(directory: Directory) -> None:
    from ctdir.store import serialize

    data = directory.read_data()
    data["zzz"] = {"1": {"kept": True}}
    directory.path.write_bytes(serialize(data))
    for entry_id in ("mz4nc8re", "tl5as9fv"):
        directory.index()
        with directory.transaction() as txn:
            txn.remove(entry_id)
    assert directory.read_data()["zzz"] == {"1": {"kept": True}}
    assert len(directory.entries()) == 9


def test_store_changed_by_another_program_during_a_write(directory: Directory) -> None:
    from ctdir.errors import StoreError

    directory.index()
    before = None
    changed = pytest.raises(StoreError, match="changed by another program")
    with changed, directory.transaction() as txn:
        assert isinstance(txn, SpliceTransaction)
        txn.remove("mz4nc8re")
        # An editor saves the file while the command runs (editors take no lock).
        text = directory.path.read_text(encoding="utf-8").replace("Nely", "Nelly")
        directory.path.write_text(text, encoding="utf-8")
        before = directory.path.read_bytes()
    assert directory.path.read_bytes() == before  # the editor's version stands
