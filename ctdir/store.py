"""The store: one TinyDB JSON file, written atomically under an inter-process lock.

Layout of the file (TinyDB's own: one object per table, documents by doc id)::

    {"entries": {"1": {...}, "2": {...}}, "meta": {"1": {"schema": 1}}}

It is written with sorted keys, two-space indentation and unescaped UTF-8 so
that a team can keep it in git and read the diffs. Reads take no lock: every
write replaces the file by rename, so a reader sees one whole version.
"""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ctdir.errors import InvalidInput, StoreError
from ctdir.fsutil import PRIVATE_MODE, atomic_write, remove_stale_tmp
from ctdir.model import Entry, now_iso
from ctdir.resources import data_file

if TYPE_CHECKING:
    from tinydb.table import Table

    from ctdir.index import Index

SCHEMA_VERSION = 1
ENTRIES = "entries"
META = "meta"
LOCK_TIMEOUT = 60.0


def default_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` > ``$CTDIR_DB`` > ``<user data dir>/directory.json``."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("CTDIR_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ctdir", appauthor=False)) / "directory.json"


def serialize(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def parse(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse and check a store file's bytes; StoreError if they are not a ctdir store."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        backup = backup_path(path)
        remedy = f", or restore the backup {backup}" if backup.is_file() else ""
        raise StoreError(
            f"the store {path} is not valid JSON ({exc}); it was left untouched. "
            f"Repair it by hand{remedy}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get(ENTRIES, {}), dict):
        raise StoreError(f"the store {path} is not a ctdir directory; it was left untouched")
    schema = meta_doc(data).get("schema")
    if schema != SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} has schema version {schema!r}; this ctdir reads version "
            f"{SCHEMA_VERSION}. It was left untouched"
        )
    # Checked here so that no command trips over a hand edit (or a git merge) later.
    seen: dict[str, str] = {}
    for key, doc in data.get(ENTRIES, {}).items():
        check_doc(path, key, doc, seen)
    return data


_LISTS = (("phones", dict), ("emails", str), ("languages", str))


def check_doc(path: Path, key: str, doc: Any, seen: dict[str, str]) -> None:
    """StoreError unless ``doc`` is an entry every command can handle; ``seen``: id -> key."""
    entry_id = doc.get("id") if isinstance(doc, dict) else None
    if not isinstance(entry_id, str) or not entry_id or not key.isdigit():
        raise StoreError(
            f"the store {path} has a broken entry (document {key!r}: every entry must be "
            "an object with an id, under a numeric key); it was left untouched"
        )
    assert isinstance(doc, dict)
    for field, kind in _LISTS:
        value = doc.get(field)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, kind) for v in value)
        ):
            raise StoreError(
                f"the store {path} has a broken entry (document {key}, {entry_id}: {field} "
                f"must be a list of {'phone objects' if kind is dict else 'strings'}); "
                "it was left untouched"
            )
    for phone in doc.get("phones") or []:
        if not isinstance(phone.get("number"), str):
            raise StoreError(
                f"the store {path} has a broken entry (document {key}, {entry_id}: every "
                "phone needs a number); it was left untouched"
            )
    if entry_id in seen:
        raise StoreError(
            f"the store {path} has two entries with id {entry_id!r} (documents "
            f"{seen[entry_id]} and {key}); it was left untouched. Give one a new id by hand"
        )
    seen[entry_id] = key


def meta_doc(data: dict[str, Any]) -> dict[str, Any]:
    """The one document of the meta table (schema version, retired ids)."""
    meta = data.get(META)
    first: Any = next(iter(meta.values()), {}) if isinstance(meta, dict) and meta else {}
    return first if isinstance(first, dict) else {}


def file_signature(path: Path) -> str:
    """Changes whenever the file is replaced or modified, by ctdir, an editor or git."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return ""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def stamped_for_insert(entries: list[Entry], exists: Callable[[str], bool]) -> list[Entry]:
    """Copies of new entries with created/updated set; InvalidInput for a missing or taken id."""
    now = now_iso()
    seen: set[str] = set()
    stamped = []
    for entry in entries:
        entry_id = entry.get("id")
        if not entry_id or not isinstance(entry_id, str):
            raise InvalidInput("an entry to insert has no id (give it one with stamp_new)")
        if entry_id in seen or exists(entry_id):
            raise InvalidInput(f"an entry with id {entry_id!r} already exists")
        seen.add(entry_id)
        entry = dict(entry)
        entry["created"] = entry.get("created") or now
        entry["updated"] = entry.get("updated") or entry["created"]
        stamped.append(entry)
    return stamped


class _BufferedStorage:
    """TinyDB storage holding one parsed version for a transaction; written once at the end.

    TinyDB needs only read/write/close of a storage, so this does not subclass
    ``tinydb.Storage``: importing tinydb then costs only the writing commands.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


class Transaction:
    """A read-modify-write of the store, made under the lock.

    ``added`` and ``removed`` tell ``Index.after_write`` what changed: a
    replaced entry is in both.
    """

    def __init__(self, directory: Directory, data: dict[str, Any]) -> None:
        self.directory = directory
        from tinydb import TinyDB

        self._storage = _BufferedStorage(data)
        self._db = TinyDB(storage=lambda: self._storage)
        self.table: Table = self._db.table(ENTRIES)
        self.added: list[Entry] = []
        self.removed: list[str] = []
        self.read_signature = ""
        self._index: Index | None = None
        self._doc_ids: dict[str, int] | None = None

    @property
    def data(self) -> dict[str, Any]:
        return self._storage.data

    @property
    def index(self) -> Index:
        """The search index, fresh for the version this transaction read."""
        if self._index is None:
            from ctdir.index import Index

            self._index = Index.for_data(self.directory, self._storage.data, self.read_signature)
        return self._index

    def entries(self) -> list[Entry]:
        return list(self._storage.data.get(ENTRIES, {}).values())

    def _ids(self) -> dict[str, int]:
        """Entry id -> TinyDB document id, rebuilt after each insert or removal."""
        if self._doc_ids is None:
            self._doc_ids = {
                doc["id"]: int(key) for key, doc in self._storage.data.get(ENTRIES, {}).items()
            }
        return self._doc_ids

    def _doc_id(self, entry_id: str) -> int | None:
        return self._ids().get(entry_id)

    def get(self, entry_id: str) -> Entry | None:
        doc_id = self._doc_id(entry_id)
        if doc_id is None:
            return None
        return dict(self._storage.data[ENTRIES][str(doc_id)])

    def retired_ids(self) -> list[str]:
        return list(meta_doc(self._storage.data).get("retired_ids") or [])

    def taken_ids(self) -> set[str]:
        """Ids a new entry must not get: those in use and those of removed entries."""
        return set(self._ids()) | set(self.retired_ids())

    def insert(self, entries: list[Entry]) -> None:
        """Add new entries (ids from ``stamp_new``); an id already in use is an error."""
        if not entries:
            return
        stamped = stamped_for_insert(entries, lambda i: self._doc_id(i) is not None)
        self.table.insert_multiple(stamped)
        self._doc_ids = None
        self.added.extend(stamped)

    def replace(self, entry: Entry) -> None:
        """Write a changed entry in place (same position in the file, so diffs stay small).

        ``created`` is kept from the stored version and ``updated`` set to now.
        An id not in the store is inserted instead.
        """
        doc_id = self._doc_id(entry["id"])
        if doc_id is None:
            self.insert([entry])
            return
        new = dict(entry)
        old = self._storage.data[ENTRIES][str(doc_id)]
        new["created"] = old.get("created") or new.get("created") or now_iso()
        new["updated"] = now_iso()

        def overwrite(doc: MutableMapping[str, Any]) -> None:
            doc.clear()
            doc.update(new)

        self.table.update(overwrite, doc_ids=[doc_id])
        self.added = [e for e in self.added if e["id"] != new["id"]] + [new]
        if new["id"] not in self.removed:
            self.removed.append(new["id"])

    def remove(self, entry_id: str) -> None:
        """Delete an entry; its id is retired so that no new entry ever gets it."""
        doc_id = self._doc_id(entry_id)
        if doc_id is None:
            return
        self.table.remove(doc_ids=[doc_id])
        self._doc_ids = None
        self.removed.append(entry_id)
        self.added = [e for e in self.added if e["id"] != entry_id]
        data = self._storage.data
        meta = data.setdefault(META, {})
        doc = meta.setdefault(next(iter(meta), "1"), {"schema": SCHEMA_VERSION})
        retired = doc.setdefault("retired_ids", [])
        if entry_id not in retired:
            retired.append(entry_id)
            retired.sort()  # deterministic file, readable diffs
        self._storage.dirty = True

    @property
    def dirty(self) -> bool:
        return bool(self._storage.dirty)

    @property
    def doc_ids(self) -> dict[str, str]:
        """Entry id -> TinyDB doc id, for the search index."""
        return {entry_id: str(doc_id) for entry_id, doc_id in self._ids().items()}

    def store_meta(self) -> Any:
        return self._storage.data.get(META)

    @property
    def canonical(self) -> bool:
        """Whether the file written is in the layout that SpliceTransaction edits."""
        entries = self._storage.data.get(ENTRIES)
        return (
            set(self._storage.data) == {ENTRIES, META}
            and isinstance(entries, dict)
            and bool(entries)
            and all(isinstance(d, dict) and d for d in entries.values())
        )

    def commit(self) -> None:
        self.directory.write_data(self.data)


class TakenIds:
    """Ids a new entry must not get, asked of the index one at a time.

    A set of 100,000 ids costs a third of a second to load; a new id needs one
    or two look-ups.
    """

    def __init__(self, index: Index, extra: set[str]) -> None:
        self._index = index
        self._extra = extra

    def __contains__(self, entry_id: object) -> bool:
        if entry_id in self._extra:
            return True
        return isinstance(entry_id, str) and self._index.doc_id(entry_id) is not None

    def add(self, entry_id: str) -> None:
        self._extra.add(entry_id)

    def __iter__(self) -> Iterator[str]:
        yield from self._extra
        yield from (i for i, _ in self._index.ids() if i not in self._extra)


class SpliceTransaction:
    """A transaction that edits the file in place of a whole parse and rewrite.

    Used when the search index is fresh for the store and the store is in
    ctdir's own layout: entries are looked up through the index, changes are
    kept aside, and the commit splices them into the file's bytes
    (``ctdir.rawstore.splice``) with TinyDB's document ids and ordering kept,
    so the file comes out byte for byte as a whole rewrite would make it. On
    a 100,000-entry directory this keeps ``add`` to a read and a write of the
    file instead of a parse (about 450 MB of objects) and a serialisation.
    """

    def __init__(self, directory: Directory, index: Index, signature: str) -> None:
        self.directory = directory
        self._index: Index | None = index
        self.read_signature = signature
        self._added: dict[str, Entry] = {}  # in order of their last change
        self.removed: list[str] = []
        self._meta: Any = copy.deepcopy(index.store_meta())
        self._new: dict[str, Entry] = {}  # id -> new entry
        self._changed: dict[str, Entry] = {}  # id -> replacement of a stored entry
        self._gone: set[str] = set()  # ids of stored entries removed
        self._next_doc = index.max_doc_id() + 1
        self._doc_of_new: dict[str, str] = {}
        self._removed_set: set[str] = set()

    @property
    def index(self) -> Index:
        assert self._index is not None
        return self._index

    @property
    def added(self) -> list[Entry]:
        """Entries written by this transaction, new or replaced (for the index)."""
        return list(self._added.values())

    @property
    def dirty(self) -> bool:
        return bool(self._new or self._changed or self._gone)

    def entries(self) -> list[Entry]:
        stored = [
            self._changed.get(e["id"], e) for e in self.index.select() if e["id"] not in self._gone
        ]
        return stored + list(self._new.values())

    def get(self, entry_id: str) -> Entry | None:
        if entry_id in self._new:
            return dict(self._new[entry_id])
        if entry_id in self._changed:
            return dict(self._changed[entry_id])
        if entry_id in self._gone:
            return None
        return self.index.get(entry_id)

    def _stored(self, entry_id: str) -> bool:
        return entry_id not in self._gone and self.index.doc_id(entry_id) is not None

    def retired_ids(self) -> list[str]:
        return list(meta_doc({META: self._meta}).get("retired_ids") or [])

    def taken_ids(self) -> TakenIds:
        return TakenIds(self.index, set(self._new) | set(self.retired_ids()))

    def insert(self, entries: list[Entry]) -> None:
        stamped = stamped_for_insert(entries, lambda i: i in self._new or self._stored(i))
        for entry in stamped:
            self._new[entry["id"]] = entry
            self._doc_of_new[entry["id"]] = str(self._next_doc)
            self._next_doc += 1
            self._added[entry["id"]] = entry

    def replace(self, entry: Entry) -> None:
        entry_id = entry["id"]
        old = self.get(entry_id)
        if old is None:
            self.insert([entry])
            return
        new = dict(entry)
        new["created"] = old.get("created") or new.get("created") or now_iso()
        new["updated"] = now_iso()
        if entry_id in self._new:
            self._new[entry_id] = new
        else:
            self._changed[entry_id] = new
        self._added.pop(entry_id, None)
        self._added[entry_id] = new
        if entry_id not in self._removed_set:
            self._removed_set.add(entry_id)
            self.removed.append(entry_id)

    def remove(self, entry_id: str) -> None:
        if entry_id in self._new:
            del self._new[entry_id]
            del self._doc_of_new[entry_id]
        elif self._stored(entry_id):
            self._changed.pop(entry_id, None)
            self._gone.add(entry_id)
        else:
            return
        if entry_id not in self._removed_set:
            self._removed_set.add(entry_id)
            self.removed.append(entry_id)
        self._added.pop(entry_id, None)
        doc = meta_doc({META: self._meta})
        if not doc:
            self._meta = {"1": {"schema": SCHEMA_VERSION}}
            doc = self._meta["1"]
        retired = doc.setdefault("retired_ids", [])
        if entry_id not in retired:
            retired.append(entry_id)
            retired.sort()

    @property
    def doc_ids(self) -> dict[str, str]:
        ids = {i: self.index.doc_id(i) for i in self._added if i not in self._new}
        known = {i: d for i, d in ids.items() if d is not None}
        return known | self._doc_of_new

    def store_meta(self) -> Any:
        return self._meta

    # It only ever writes the layout it was opened on (or a whole rewrite of it).
    canonical = True

    def commit(self) -> None:
        from ctdir.rawstore import render_doc, splice

        if file_signature(self.directory.path) != self.read_signature:
            # Not ctdir (it holds the lock): an editor or `git pull` wrote meanwhile.
            raise StoreError(
                f"the store {self.directory.path} was changed by another program while this "
                "command ran; nothing was written. Run the command again"
            )
        raw = self.directory.read_raw()
        replaced = {
            doc_id: render_doc(doc_id, entry)
            for entry_id, entry in self._changed.items()
            if (doc_id := self.index.doc_id(entry_id)) is not None
        }
        gone = {d for i in self._gone if (d := self.index.doc_id(i)) is not None}
        inserted = sorted(
            (self._doc_of_new[i], render_doc(self._doc_of_new[i], e), None)
            for i, e in self._new.items()
        )
        placed = [(d, r, self.index.next_doc_id_after(d)) for d, r, _ in inserted]
        chunks = splice(raw, gone, replaced, placed, self._meta, self.index.store_meta())
        if chunks is None:
            # Not the layout the index promised: apply the changes to a whole parse.
            self.directory.write_data(self._applied(parse(self.directory.path, raw)))
            return
        self.directory.write_chunks(chunks)

    def _applied(self, data: dict[str, Any]) -> dict[str, Any]:
        table = data.setdefault(ENTRIES, {})
        for doc_id, doc in list(table.items()):
            if doc.get("id") in self._gone:
                del table[doc_id]
            elif doc.get("id") in self._changed:
                table[doc_id] = self._changed[doc["id"]]
        for entry_id, entry in self._new.items():
            table[self._doc_of_new[entry_id]] = entry
        data[META] = self._meta
        return data


class Directory:
    """The directory at ``path``; created from the bundled seed on first use."""

    def __init__(self, path: Path, create_parent: bool = False) -> None:
        self.path = path
        # Only the default location (no --db, no CTDIR_DB) has its folder made for the user.
        self.create_parent = create_parent

    @property
    def index_path(self) -> Path:
        return self.path.with_name(self.path.name + ".index")

    def _check_parent(self) -> None:
        parent = self.path.parent
        if not parent.is_dir():
            raise StoreError(
                f"the folder {parent} does not exist; create it first or choose another --db path"
            )

    def ensure(self) -> None:
        """Create the store from the seed directory if it does not exist yet."""
        if self.path.exists():
            if self.path.is_dir():
                raise StoreError(f"the store path {self.path} is a folder, not a file")
            return
        if self.create_parent:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        self._check_parent()
        with self.lock():
            if not self.path.exists():
                self.write_data(self.empty_data(seed_entries()))

    def create(
        self, entries: list[Entry], *, overwrite: bool = False, retired: list[str] | None = None
    ) -> None:
        """Write a whole new store of ``entries``; an existing one only with ``overwrite``.

        The replaced store is kept as the backup, as on every write.
        """
        if self.create_parent:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_parent()
        with self.lock():
            if self.path.exists() and not overwrite:
                raise InvalidInput(
                    f"{self.path} already exists; nothing was changed",
                    ["to replace it by a backup: ctdir restore FILE"],
                )
            data = self.empty_data(entries)
            if retired:
                data[META]["1"]["retired_ids"] = sorted(set(retired))
            self.write_data(data)

    @staticmethod
    def empty_data(entries: list[Entry] | None = None) -> dict[str, Any]:
        return {
            ENTRIES: {str(i): e for i, e in enumerate(entries or [], start=1)},
            META: {"1": {"schema": SCHEMA_VERSION}},
        }

    @contextmanager
    def lock(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        lock = FileLock(str(lock_path(self.path)), timeout=LOCK_TIMEOUT, mode=PRIVATE_MODE)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"another ctdir has held the lock {lock.lock_file} for {LOCK_TIMEOUT:.0f} s"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock the store {self.path}: {exc.strerror}") from None
        try:
            yield
        finally:
            lock.release()

    def read_data(self) -> dict[str, Any]:
        self.ensure()
        return self._read()

    def _read(self) -> dict[str, Any]:
        return parse(self.path, self.read_raw())

    def read_raw(self) -> bytes:
        """The store's bytes; StoreError (one clear line) if they cannot be read."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise StoreError(
                f"the store {self.path} disappeared while being read; run the command again"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from None

    def write_data(self, data: dict[str, Any]) -> None:
        """Replace the store with ``data``; call only under ``lock()``."""
        self.write_chunks([serialize(data)])

    def write_chunks(self, chunks: list[bytes | memoryview]) -> None:
        """Replace the store with the concatenation of ``chunks``; only under ``lock()``."""
        # Under the lock every staged store or backup file is a killed writer's leftover.
        remove_stale_tmp(
            self.path,
            names=(self.path.name, backup_path(self.path).name),
            live_names=(self.index_path.name,),
        )
        real = Path(os.path.realpath(self.path))
        if real.parent != self.path.parent:  # a symlinked store is staged next to its target
            remove_stale_tmp(real, names=(real.name,))
        atomic_write(self.path, chunks, backup=backup_path(self.path))

    def entries(self) -> list[Entry]:
        return list(self.read_data().get(ENTRIES, {}).values())

    def index(self) -> Index:
        from ctdir.index import Index

        self.ensure()
        return Index.open(self)

    @contextmanager
    def transaction(self) -> Iterator[Transaction | SpliceTransaction]:
        """Lock, read once, let the caller change entries, write once if anything changed."""
        self.ensure()
        with self.lock():
            signature = file_signature(self.path)
            txn: Transaction | SpliceTransaction
            index = self._index_for_splicing(signature)
            if index is not None:
                txn = SpliceTransaction(self, index, signature)
            else:
                # _read, not read_data: ensure() would take the lock a second time.
                txn = Transaction(self, self._read())
                txn.read_signature = signature
            yield txn
            if txn.dirty:
                txn.commit()
                self._update_index(txn)

    def _index_for_splicing(self, signature: str) -> Index | None:
        """The fresh index, if the store may be edited by splicing (see SpliceTransaction)."""
        if os.environ.get("CTDIR_NO_INDEX") or os.environ.get("CTDIR_NO_SPLICE"):
            return None
        from ctdir.index import Index

        index = Index.open(self)
        if index.path is None or index.signature() != signature:
            return None
        if not index.canonical or not index.has_all_doc_ids() or index.count() == 0:
            return None
        return index

    def _update_index(self, txn: Transaction | SpliceTransaction) -> None:
        import sqlite3

        from ctdir.index import Index

        try:
            Index.after_write(self, txn)
        except (sqlite3.Error, OSError):
            # The store is written: report success, and drop an index that may
            # now be wrong (the next reader rebuilds it from the store).
            with contextlib.suppress(OSError):
                self.index_path.unlink()


def seed_entries() -> list[Entry]:
    entries: list[Entry] = orjson.loads(data_file("seed.json").read_bytes())
    return entries
