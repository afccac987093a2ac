"""A git merge driver for the store: three-way, entry by entry, keyed by id.

git hands the driver three versions of the store file: the common ancestor,
ours (where the result goes) and theirs. Each entry is merged on its own: an
entry changed on one side only takes that side's version (a removal included),
entries added on either side are kept, and an entry changed differently on
both sides is a conflict. The result is serialised by ``ctdir.store`` itself,
so a clean merge is byte for byte the file ctdir would write for that data.
A conflicting entry is written twice, between git's usual ``<<<<<<<``,
``=======`` and ``>>>>>>>`` lines, for the user to keep one version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctdir.errors import InvalidInput, StoreError
from ctdir.model import Entry, same_but_updated
from ctdir.storefile import ENTRIES, META, empty_meta, read_store, render_block, serialize

_Docs = dict[str, tuple[str, Entry]]  # entry id -> (TinyDB document key, entry)


@dataclass
class MergeConflict:
    entry_id: str
    name: str
    ours: Entry | None  # None: removed on our side
    theirs: Entry | None


@dataclass
class MergeResult:
    data: bytes
    conflicts: list[MergeConflict] = field(default_factory=list)
    merged: int = 0  # entries taken from their side


def _read(path: Path, allow_empty: bool) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if allow_empty and not raw.strip():
        return {ENTRIES: {}, META: {"1": empty_meta()}}  # no common ancestor
    try:
        store = read_store(path, raw)
        entries = {doc_id: entry for doc_id, entry, _ in store.docs}
    except StoreError as exc:
        raise InvalidInput(exc.message) from None
    return {ENTRIES: entries, META: {"1": store.meta}}


def _meta_doc(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get(META) or {}
    first: Any = next(iter(meta.values()), {}) if isinstance(meta, dict) else {}
    return first if isinstance(first, dict) else {}


def _docs(data: dict[str, Any]) -> _Docs:
    return {doc["id"]: (key, doc) for key, doc in data.get(ENTRIES, {}).items()}


def _pick(base: Entry | None, ours: Entry | None, theirs: Entry | None) -> tuple[str, Entry | None]:
    """("ours" | "theirs" | "conflict", the merged entry)."""
    if ours == theirs:
        return "ours", ours
    if ours == base:
        return "theirs", theirs
    if theirs == base:
        return "ours", ours
    if ours is not None and theirs is not None and same_but_updated(ours, theirs):
        # The same edit made on both sides: keep the later stamp.
        later = max((ours, theirs), key=lambda e: str(e.get("updated") or ""))
        return ("ours" if later is ours else "theirs"), later
    return "conflict", ours


def _merged_meta(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> Any:
    b, o, t = _meta_doc(base), _meta_doc(ours), _meta_doc(theirs)
    doc: dict[str, Any] = {}
    for key in sorted(set(o) | set(t)):
        doc[key] = t.get(key) if o.get(key) == b.get(key) else o.get(key)
    # A removed id stays retired whichever side removed it.
    retired = set(o.get("retired_ids") or []) | set(t.get("retired_ids") or [])
    if retired:
        doc["retired_ids"] = sorted(retired)
    meta = ours.get(META)
    key = next(iter(meta), "1") if isinstance(meta, dict) and meta else "1"
    return {key: doc}


def merge_stores(base_path: Path, ours_path: Path, theirs_path: Path) -> MergeResult:
    """Merge three versions of a store; the bytes to write to ``ours_path``."""
    base_data = _read(base_path, allow_empty=True)
    ours_data = _read(ours_path, allow_empty=False)
    theirs_data = _read(theirs_path, allow_empty=False)
    base, ours, theirs = _docs(base_data), _docs(ours_data), _docs(theirs_data)

    entries: dict[str, Entry] = {}
    conflicts: list[MergeConflict] = []
    keys: dict[str, str] = {}  # entry id -> document key in the result
    used = {key for key, _ in ours.values()}
    next_key = max((int(k) for k in used | {k for k, _ in theirs.values()}), default=0) + 1
    merged = 0
    for entry_id in sorted(set(base) | set(ours) | set(theirs)):
        mine = ours.get(entry_id, ("", None))[1]
        other = theirs.get(entry_id, ("", None))[1]
        side, entry = _pick(base.get(entry_id, ("", None))[1], mine, other)
        if side == "conflict":
            shown = mine or other
            assert shown is not None
            conflicts.append(MergeConflict(entry_id, str(shown.get("name") or ""), mine, other))
            entry = shown
        elif side == "theirs":
            merged += 1
        if entry is None:
            continue
        if entry_id in ours:
            keys[entry_id] = ours[entry_id][0]
        else:
            key = theirs[entry_id][0]
            if key in used:
                key, next_key = str(next_key), next_key + 1
            used.add(key)
            keys[entry_id] = key
        entries[keys[entry_id]] = entry

    data = {
        ENTRIES: dict(sorted(entries.items(), key=lambda item: int(item[0]))),
        META: _merged_meta(base_data, ours_data, theirs_data),
    }
    raw = serialize(data)
    for conflict in conflicts:
        raw = _mark(raw, keys[conflict.entry_id], conflict)
    return MergeResult(raw, conflicts, merged)


def _mark(raw: bytes, key: str, conflict: MergeConflict) -> bytes:
    """Write both versions of a conflicting entry between git's conflict lines."""
    doc_key = b'    "' + key.encode() + b'": '
    # serialize() writes the canonical layout: each document is its key, then its block.
    written = doc_key + render_block(conflict.ours or conflict.theirs or {})
    start = raw.index(b"\n" + written) + 1
    end = start + len(written)
    # Each side carries the comma that joins it to its neighbours, so that keeping
    # either side alone (an empty one included) leaves valid JSON.
    if raw.startswith(b",\n", end):
        head, tail, before, after = raw[:start], raw[end + 2 :], b"", b","
    elif raw[start - 2 : start] == b",\n":  # the table's last entry: the comma before it
        head, tail, before, after = raw[: start - 2] + b"\n", raw[end + 1 :], b"    ,\n", b""
    else:  # the only entry
        head, tail, before, after = raw[:start], raw[end + 1 :], b"", b""
    label = f"entry {conflict.entry_id} ({conflict.name})".encode()

    def side(entry: Entry | None) -> bytes:
        if entry is None:
            return b""  # removed on this side: keeping this side means keeping nothing
        return before + doc_key + render_block(entry) + after + b"\n"

    def removed(entry: Entry | None) -> bytes:
        return b", removed on this side" if entry is None else b""

    block = (
        b"<<<<<<< ours: "
        + label
        + removed(conflict.ours)
        + b"\n"
        + side(conflict.ours)
        + b"=======\n"
        + side(conflict.theirs)
        + b">>>>>>> theirs: "
        + label
        + removed(conflict.theirs)
        + b"\n"
    )
    return head + block + tail
