"""The directory: a store file of record and its working copy, changed under one lock.

Design (why it is built this way):

- The JSON store file (ctdir.storefile) is the one record a team keeps in git
  and edits by hand. Its format is defined once, there: canonical bytes, the
  same for the same data.
- The SQLite index (ctdir.index) is the working copy. It keeps every entry
  once, as ``--json`` shows it (so that reads and a 100,000-entry export are
  a copy), with what search looks up and a fingerprint of the entry's block
  in the file. It is derived: whenever the file changed behind ctdir's back
  (a git pull, an editor) the entries whose block changed are read and
  checked again, or the whole index is rebuilt when most did.
- A write is a transaction on the working copy, then one streaming pass that
  writes the whole file: the entries the transaction wrote are rendered
  (ctdir.storefile), every other block is copied from the old file (the
  index knows which blocks there are ctdir's own rendering), so a write never
  parses or re-renders the directory. A write of a few entries finds them in
  the old file by a binary search of its lines and copies what lies between
  as a handful of runs (``storefile.spliced``); a larger one walks every
  block. Either way the result is byte for byte what TinyDB writes for the
  same data with ``CanonicalStorage``, and the new file replaces the old one
  whole (the old one is kept as the backup). Then the index records
  the new file's signature and commits. A crash between the two leaves an
  index that no longer matches the file, so the next command refreshes it:
  the file is always the truth, and there is no in-place editing of it.
- Why not one of the simpler choices: a whole parse and rewrite of the file
  (what TinyDB does) costs 4 s and 580 MB at 100,000 entries; keeping the
  file's form and the output form both in the index costs twice the disk
  (the index must stay within 1.5 times the file); rendering the file from
  the kept entries at every write costs a second per 100,000 entries.
- Data flows one way: this module reads the file (ctdir.storefile) and hands
  rows to the index; neither of those two knows the other. Display formats
  and warnings are worked out here with the core's rules (ctdir.phones,
  ctdir.quality) and handed to the index to keep.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from ctdir import parallel, schema, storefile
from ctdir.errors import InvalidInput, StoreError
from ctdir.fsutil import atomic_write, held_lock, remove_stale_tmp
from ctdir.index import Batch, Index, Progress, Row, batch, batches
from ctdir.model import Entry, now_iso, output_json
from ctdir.resources import data_file
from ctdir.storefile import backup_path, fingerprint, render_block

LOCK_TIMEOUT = 60.0
# Entries in one part of a rebuild (see ``_batches``): the part's rows for the index
# fit in a pipe's room (ctdir.parallel.PIPE_ROOM) at about 1.3 KB an entry.
PART = 600


def default_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` > ``$CTDIR_DB`` > ``<user data dir>/directory.json``."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("CTDIR_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ctdir", appauthor=False)) / "directory.json"


def file_signature(path: Path) -> str:
    """Changes whenever the file is replaced or modified, by ctdir, an editor or git."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return ""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def prepare_display(index: Index, entries: list[Entry]) -> None:
    """Work out what showing these entries' numbers needs, with the index's help.

    International formats and the warnings of suspect numbers (which may carry
    a suggested correction) are kept in the index once worked out, so later
    runs skip phonenumbers entirely.
    """
    from ctdir.phones import format_e164, remember_formats
    from ctdir.quality import may_need_warning, phone_warnings, remember_warnings, warning_key

    wanted = {p["e164"] for e in entries for p in e.get("phones") or [] if p.get("e164")}
    suspects = {
        warning_key(p, e.get("country")): (p, e.get("country"))
        for e in entries
        for p in e.get("phones") or []
        if may_need_warning(p, e.get("country"))
    }
    found = dict(index.cached("formats", sorted(wanted)))
    remember_formats(found)
    known = {k: orjson.loads(v) for k, v in index.cached("warnings", sorted(suspects))}
    remember_warnings(known)
    fresh = [(e164, text) for e164 in wanted - found.keys() if (text := format_e164(e164))]
    worked = [
        (key, orjson.dumps(phone_warnings(phone, country)))
        for key, (phone, country) in suspects.items()
        if key not in known
    ]
    index.keep("formats", fresh)
    index.keep("warnings", worked)


def row(doc_id: str, entry: Entry, in_file: memoryview | None = None) -> tuple[Row, bytes]:
    """What the index keeps of an entry, and the entry's block as ctdir writes it.

    The fingerprint is of the block as it stands in the file: ``in_file`` for
    an entry read from a file, when that is exactly ctdir's block (a write may
    then copy it); none when it is not (a hand edit in another format: the
    next write renders it again).
    """
    block = render_block(entry)
    # bytes(view) == block: a copy, then one memcmp; a memoryview compares item by item.
    known = fingerprint(block) if in_file is None or bytes(in_file) == block else None
    return (doc_id, entry, output_json(entry), known), block


def row_read(path: Path, doc: storefile.Doc, misplaced: frozenset[str] = frozenset()) -> Row:
    """What the index keeps of an entry read from the store file ``path``; a block
    out of its place in the file (``misplaced``, see ``storefile.misplaced``) is
    kept with no fingerprint, so that the next write puts it back."""
    doc_id, entry, in_file = doc
    if in_file is None:  # the file is in another layout: every block is written anew
        return (doc_id, entry, output_json(entry), None)
    kept = row(doc_id, entry, in_file)[0]
    if kept[3] is None:  # not ctdir's own block: a hand edit may have given a field twice
        storefile.refuse_repeated_field(path, doc_id, entry, in_file)
    elif doc_id in misplaced:
        return (*kept[:3], None)
    return kept


def stamped(entry: Entry, now: str) -> Entry:
    """A copy of a new entry with ``created`` and ``updated`` set where missing."""
    entry = dict(entry)
    entry["created"] = entry.get("created") or now
    entry["updated"] = entry.get("updated") or entry["created"]
    return entry


class TakenIds:
    """Ids a new entry must not get (in use or retired), asked of the index one at a time.

    A set of 100,000 ids costs a third of a second to load; a new id needs one
    or two look-ups.
    """

    def __init__(self, index: Index, retired: set[str]) -> None:
        self._index = index
        self._extra = retired

    def __contains__(self, entry_id: object) -> bool:
        if entry_id in self._extra:
            return True
        return isinstance(entry_id, str) and self._index.doc_id(entry_id) is not None

    def add(self, entry_id: str) -> None:
        self._extra.add(entry_id)

    def __iter__(self) -> Iterator[str]:
        yield from self._extra
        yield from (i for i, _ in self._index.ids() if i not in self._extra)


class Transaction:
    """Changes to the directory, made under the lock on the working copy; written at the end.

    ``index`` is the working copy as changed so far (duplicate checks see the
    entries this transaction added).
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self._meta = index.store_meta()
        self.dirty = False
        self.blocks: dict[str, bytes] = {}  # doc id -> block, for entries written here
        # doc id -> whether the file held it when the transaction began, for every doc id
        # the transaction wrote or removed; None after ``replace_all`` (all of them).
        self.touched: dict[str, bool] | None = {}

    @property
    def meta(self) -> dict[str, Any]:
        return self._meta

    def entries(self) -> list[Entry]:
        """Every current entry, in the order of their doc ids."""
        return list(self.index.iter_all())

    def get(self, entry_id: str) -> Entry | None:
        return self.index.get(entry_id)

    def retired_ids(self) -> list[str]:
        return list(self._meta.get("retired_ids") or [])

    def taken_ids(self) -> TakenIds:
        """Ids a new entry must not get: those in use and those of removed entries."""
        return TakenIds(self.index, set(self.retired_ids()))

    def insert(self, entries: list[Entry]) -> None:
        """Add new entries (ids from ``stamp_new``); an id already in use is an error."""
        now = now_iso()
        rows: list[Row] = []
        seen: set[str] = set()
        next_doc = int(self.index.next_doc_id())
        for entry in entries:
            entry_id = entry.get("id")
            if not entry_id or not isinstance(entry_id, str):
                raise InvalidInput("an entry to insert has no id (give it one with stamp_new)")
            if entry_id in seen or self.index.doc_id(entry_id) is not None:
                raise InvalidInput(f"an entry with id {entry_id!r} already exists")
            seen.add(entry_id)
            rows.append(self._row(str(next_doc), _checked(stamped(entry, now))))
            self._touch(str(next_doc), False)
            next_doc += 1
        self._write_rows(rows)

    def replace(self, entry: Entry) -> None:
        """Write a changed entry in place (same position in the file, so diffs stay small).

        ``created`` is kept from the stored version and ``updated`` set to now.
        An id not in the store is inserted instead.
        """
        old = self.index.get(entry["id"])
        doc_id = self.index.doc_id(entry["id"])
        if old is None or doc_id is None:
            self.insert([entry])
            return
        new = dict(entry)
        new["created"] = old.get("created") or new.get("created") or now_iso()
        new["updated"] = now_iso()
        new = _checked(new)
        self.index.drop([entry["id"]])
        self._write_rows([self._row(doc_id, new)])
        self._touch(doc_id, True)

    def remove(self, entry_id: str) -> None:
        """Delete an entry; its id is retired so that no new entry ever gets it."""
        doc_id = self.index.doc_id(entry_id)
        if doc_id is None:
            return
        self.blocks.pop(doc_id, None)
        self.index.drop([entry_id])
        self._touch(doc_id, True)
        self._retire([entry_id])
        self.dirty = True

    def replace_all(self, entries: list[Entry], retired_ids: list[str]) -> None:
        """The whole directory becomes ``entries`` as given (timestamps kept): for restore.

        The ids of the entries that go are retired, with ``retired_ids``. The
        previous store is kept as the backup when the transaction writes.
        """
        now = now_iso()
        checked = [_checked(stamped(e, now)) for e in entries]
        ids = [e["id"] for e in checked]
        if len(set(ids)) != len(ids):
            raise InvalidInput("two entries to restore have the same id")
        gone = {i for i, _ in self.index.ids()} - set(ids)
        self.index.clear()
        self._meta["retired_ids"] = []
        self._retire(sorted((gone | set(retired_ids)) - set(ids)))
        self.blocks.clear()
        self.touched = None
        self._write_rows([self._row(str(n), e) for n, e in enumerate(checked, start=1)])
        self.dirty = True

    def _touch(self, doc_id: str, in_file: bool) -> None:
        # The first touch tells: a doc id inserted here was not in the file, unless
        # this transaction removed its entry first (the largest doc id is reused).
        if self.touched is not None:
            self.touched.setdefault(doc_id, in_file)

    def changes(self) -> tuple[dict[str, bytes | None], set[str]] | None:
        """(doc id -> new block or None if removed, the doc ids the file held) of this
        transaction's writes; None after ``replace_all``."""
        if self.touched is None:
            return None
        changes = {
            doc_id: self.blocks.get(doc_id)
            for doc_id, in_file in self.touched.items()
            if in_file or doc_id in self.blocks
        }
        return changes, {doc_id for doc_id, in_file in self.touched.items() if in_file}

    def _retire(self, ids: list[str]) -> None:
        retired = set(self._meta.get("retired_ids") or []) | set(ids)
        self._meta["retired_ids"] = sorted(retired)  # deterministic file, readable diffs
        self.index.set_store_meta(self._meta)

    def _row(self, doc_id: str, entry: Entry) -> Row:
        kept, self.blocks[doc_id] = row(doc_id, entry)
        return kept

    def _write_rows(self, rows: list[Row]) -> None:
        if rows:
            self.index.add(rows)
            self.dirty = True


def _checked(entry: Entry) -> Entry:
    """An entry about to be stored, held to the same types as a store being read."""
    try:
        return schema.check_entry(dict(entry))
    except schema.Problem as problem:
        raise InvalidInput(
            f"entry {schema.shown(entry.get('id'))} cannot be stored: {problem}"
        ) from None


class Directory:
    """The directory at ``path``; created from the bundled seed on first use.

    ``progress`` is told (done, total) while the working copy is rebuilt from
    the file (the first command after a git pull or a hand edit).
    """

    def __init__(
        self, path: Path, create_parent: bool = False, progress: Progress | None = None
    ) -> None:
        self.path = path
        # Only the default location (no --db, no CTDIR_DB) has its folder made for the user.
        self.create_parent = create_parent
        self.progress = progress

    @property
    def real_path(self) -> Path:
        """The store file itself, symlinks resolved: what locks and staged files are named after."""
        return Path(os.path.realpath(self.path))

    @property
    def index_path(self) -> Path:
        real = self.real_path
        return real.with_name(real.name + ".index")

    def _check_parent(self) -> None:
        # The folder the file will really be in: a symlink's target's, for a dangling link.
        parent = self.real_path.parent
        if not parent.is_dir():
            link = f" ({self.path} points into it)" if self.path.is_symlink() else ""
            raise StoreError(
                f"the folder {parent} does not exist{link}; create it first or choose another "
                "--db path"
            )

    def ensure(self) -> None:
        """Create the store from the seed directory if it does not exist yet."""
        storefile.check_path(self.path)
        if self.path.exists():
            return
        self._make_parent()
        with self.lock():
            if not self.path.exists():
                self._write_new(seed_entries())

    def _make_parent(self) -> None:
        if self.create_parent:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        self._check_parent()

    def create(self, entries: list[Entry], overwrite: bool = False) -> None:
        """Write a new store holding ``entries``; StoreError if one exists, unless ``overwrite``."""
        storefile.check_path(self.path)
        self._make_parent()
        with self.lock():
            if self.path.exists() and not overwrite:
                raise InvalidInput(
                    f"a directory already exists at {self.path}; it was left as it is",
                    ["to replace it by a backup: ctdir restore FILE"],
                )
            self._write_new(entries)

    def _write_new(self, entries: list[Entry]) -> None:
        now = now_iso()
        checked = [_checked(stamped(e, now)) for e in entries]
        blocks = sorted((str(n), render_block(e)) for n, e in enumerate(checked, start=1))
        self._write_file(storefile.snapshot_chunks(blocks, storefile.empty_meta()))

    def _write_file(self, chunks: Iterable[bytes | memoryview]) -> None:
        """Replace the store file with these bytes; call only under ``lock()``."""
        real = self.real_path
        # Under the lock every staged store or backup file is a killed writer's leftover.
        remove_stale_tmp(
            real, names=(real.name, backup_path(real).name), live_names=(self.index_path.name,)
        )
        atomic_write(real, chunks, backup=backup_path(real))

    @contextmanager
    def lock(self) -> Iterator[None]:
        path = lock_path(self.real_path)
        busy = f"another ctdir has held the lock {path} for {LOCK_TIMEOUT:.0f} s"
        with held_lock(path, LOCK_TIMEOUT, busy):
            yield

    def entries(self) -> list[Entry]:
        return list(self.index().iter_all())

    def index(self) -> Index:
        """The working copy, fresh for the store file as it is now (rebuilt if stale)."""
        self.ensure()
        return self._fresh_index()

    def _fresh_index(self) -> Index:
        with _collector_paused():
            return self._load_index()

    def _load_index(self) -> Index:
        real = self.real_path
        for _attempt in range(3):
            signature = file_signature(real)
            existing = Index.open_fresh(self.index_path, signature)
            if existing is not None:
                existing.prepare = prepare_display
                return existing
            raw = storefile.read_bytes(real)
            if file_signature(real) == signature:
                break
        else:
            signature = ""  # the store keeps changing under us: answer from what we read last
        store = storefile.read_store(real, raw)
        # Entries of an older schema were migrated as read: the next write says so.
        store.meta["schema"] = schema.SCHEMA_VERSION
        refreshed = self._refresh(store, raw, signature)
        if refreshed is not None:
            refreshed.prepare = prepare_display
            return refreshed
        read = [store]

        def parts() -> Iterator[Batch]:
            # The file as read; again, if a first build failed halfway (a full disk).
            return _batches(real, read.pop() if read else storefile.read_store(real, raw))

        index = Index.build(
            self.index_path,
            parts,
            store.meta,
            signature,
            store.count,
            self.progress,
        )
        index.prepare = prepare_display
        return index

    def _refresh(
        self, store: storefile.StoreData, raw: storefile.Raw, signature: str
    ) -> Index | None:
        """The index brought up to date with the entries that changed, if few did.

        After a `git pull` or a hand edit most entries stand in the file byte for
        byte as the index keeps them: only the others are read, checked and
        indexed again. None when a whole rebuild is due (no index, another
        layout, many changes, or anything unexpected: the rebuild then decides).
        """
        if store.spans is None or store.read_blocks is None or not signature:
            return None
        index = Index.open_fresh(self.index_path, None)
        if index is None:
            return None
        spans = {doc_id: (doc_id, start, end) for doc_id, start, end in store.spans}
        if len(spans) != len(store.spans):
            index.close()  # a document key twice: the rebuild reads everything and says so
            return None
        limit = max(len(spans) // 5, 50)
        changed: list[tuple[str, int, int]] = []  # blocks to read from the file
        gone: list[str] = []  # ids of entries to forget
        for doc_id, entry_id, body in index.kept():  # body: the fingerprint of the block
            span = spans.pop(doc_id, None)
            if (
                span is not None
                and body is not None
                and doc_id not in store.misplaced
                and fingerprint(raw[span[1] : span[2]]) == body
            ):
                continue
            gone.append(entry_id)
            if span is not None:
                changed.append(span)
            if len(gone) > limit:
                index.close()
                return None
        changed.extend(spans.values())  # doc ids the index never had
        if len(changed) > limit:
            index.close()
            return None
        rows = [
            row_read(self.real_path, doc, store.misplaced) for doc in store.read_blocks(changed)
        ]
        try:
            index.begin()
            if index.signature() != signature:  # not already done by another process
                index.drop(gone)
                index.add(rows)
                index.set_store_meta(store.meta)
                index.set_signature(signature)
            index.commit()
        except sqlite3.Error:
            index.rollback()
            index.close()
            return None
        return index

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, let the caller change entries, write the file once if anything changed."""
        self.ensure()
        with self.lock():
            index = self._fresh_index()
            try:
                index.begin()
            except sqlite3.Error:
                # An index ctdir cannot write to (a read-only or damaged file): it is
                # derived, so a new one replaces it (or one in memory, for this run).
                index.close()
                with contextlib.suppress(OSError):
                    self.index_path.unlink()
                index = self._fresh_index()
                index.begin()
            txn = Transaction(index)
            try:
                yield txn
                if txn.dirty:
                    self._write(index, txn)
                    self._record(index)
                else:
                    index.rollback()
            except BaseException:
                index.rollback()
                raise

    def _write(self, index: Index, txn: Transaction) -> None:
        """Write the file for the transaction: a few changes spliced into the old
        file's bytes, or every block in one pass (``_blocks``)."""
        real = self.real_path
        changed = txn.changes()
        if changed is not None and len(changed[0]) <= storefile.SPLICE_LIMIT:
            # Only a file the index knows block by block (the version it was built
            # for, every block ctdir's own rendering) is spliced.
            with storefile.mapped(real) as raw:
                known = not index.has_unknown_blocks()
                if raw is not None and known and file_signature(real) == index.signature():
                    pieces = storefile.spliced(raw, *changed, txn.meta)
                    if pieces is not None:
                        self._write_file(pieces)
                        del pieces  # views of the mapped file: let go before it is unmapped
                        return
        redone: list[tuple[bytes, str]] = []
        blocks = self._blocks(index, txn.blocks, redone)
        self._write_file(storefile.snapshot_chunks(blocks, txn.meta))
        index.set_fingerprints(redone)

    def _blocks(
        self, index: Index, fresh: dict[str, bytes], redone: list[tuple[bytes, str]]
    ) -> Iterator[tuple[str, bytes | memoryview]]:
        """Every entry's block for the new file, in its order: written here, or kept.

        An entry this transaction did not write stands in the file as it was:
        its block is copied from the file when the index has a fingerprint for
        it, that is when it is ctdir's own rendering (always, but after a hand
        edit in another format); else it is rendered again, and ``redone``
        collects the new fingerprints.
        """
        old = storefile.blocks_by_id(storefile.read_bytes(self.real_path)) or {}
        for doc_id, known in index.fingerprints():
            new = fresh.get(doc_id)
            kept = old.get(doc_id)
            if new is not None:
                yield doc_id, new
            elif kept is not None and known is not None:
                # ctdir's own block, as the index knows (the file is the version it was
                # built for): a view of the old file, copied once, into the new one.
                yield doc_id, kept
            else:
                new = render_block(index.entry_at(doc_id))
                redone.append((fingerprint(new), doc_id))
                yield doc_id, new

    def _record(self, index: Index) -> None:
        """After a write: the working copy now matches the new file."""
        try:
            index.set_signature(file_signature(self.real_path))
            index.commit()
        except sqlite3.Error:
            # The store is written: report success, and drop an index that may
            # now be wrong (the next reader rebuilds it from the store).
            index.rollback()
            if index.path is not None:
                with contextlib.suppress(OSError):
                    index.path.unlink()


def _batches(path: Path, store: storefile.StoreData) -> Iterator[Batch]:
    """The index's rows of every entry of the file, made on two cores when it can.

    A file in the canonical layout is read in parts, shared with a helper
    process (ctdir.parallel); the parts' document keys and entry ids are then
    checked against each other here, as a reading in one piece would have.
    """
    if store.spans is None or store.read_blocks is None:
        yield from batches(row_read(path, doc) for doc in store.docs)
        return
    read = store.read_blocks
    ordered = sorted(store.spans, key=lambda span: int(span[0]))
    jobs = [ordered[start : start + PART] for start in range(0, len(ordered), PART)]
    memo: dict[str, list[str]] = {}

    def work(job: list[tuple[str, int, int]]) -> Batch:
        return batch((row_read(path, doc, store.misplaced) for doc in read(job)), memo)

    ids: dict[int, list[str]] = {}  # job -> the ids of its entries
    try:
        for job, part in parallel.shared(jobs, work, Batch.plain, Batch.from_plain):
            ids[job] = [kept[1] for kept in part.entries]
            yield part
    except StoreError:
        # Every part before the broken one was read: a duplicate there, or in the
        # broken part before its broken entry, is what a reading in one piece meets first.
        broken = min(set(range(len(jobs))) - ids.keys())
        unique = _check_unique(path, jobs, ids, until=broken)
        for doc_id, entry, _block in read(jobs[broken]):
            unique.key(doc_id)
            unique.entry(doc_id, entry["id"])
        raise
    _check_unique(path, jobs, ids, until=len(jobs))


def _check_unique(
    path: Path, jobs: list[list[tuple[str, int, int]]], ids: dict[int, list[str]], until: int
) -> storefile.Unique:
    """The document keys and entry ids of the first ``until`` parts, checked in order."""
    unique = storefile.Unique(path)
    for job in range(until):
        for (doc_id, _start, _end), entry_id in zip(jobs[job], ids[job], strict=True):
            unique.key(doc_id)
            unique.entry(doc_id, entry_id)
    return unique


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off (as it was after).

    Reading 100,000 entries makes millions of dicts and lists that live a
    moment and never form cycles; each 700 of them set the collector off on
    all that is alive: a rebuild spent a sixth of its time in it.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def seed_entries() -> list[Entry]:
    """What a new directory holds: the seed directory and the bundled hotlines."""
    return bundled("seed") + bundled("hotlines")


def bundled(name: str) -> list[Entry]:
    """A bundled list of entries (data/NAME.json)."""
    entries: list[Entry] = orjson.loads(data_file(f"{name}.json").read_bytes())
    return entries
