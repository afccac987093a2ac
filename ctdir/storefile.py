"""The store file, the directory's one file of record: its canonical JSON format.

The file is TinyDB's layout (one object per table, documents by doc id)::

    {"entries": {"1": {...}, "2": {...}}, "meta": {"1": {"schema": 2}}}

written with sorted keys, two-space indentation and unescaped UTF-8, so that a
team can keep it in git and read the diffs, and so that the same data always
gives the same bytes. ``CanonicalStorage`` is the reference reader and writer
of that format (a TinyDB ``Storage``); ``render_body`` and ``snapshot_chunks``
write the same bytes from pre-rendered entries in one streaming pass, so that
a 100,000-entry store is written without building its whole object tree, and
``spliced`` gives them for a few changed entries from the old file's bytes.
``read_store`` reads it back entry by entry, type-checked (ctdir.schema).

This module knows nothing of the search index: it reads and writes files.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import hashlib
import itertools
import json
import mmap
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ctdir import schema
from ctdir.errors import StoreError
from ctdir.fsutil import atomic_write
from ctdir.inputs import special_kind
from ctdir.model import Entry

ENTRIES = "entries"
Raw = bytes | bytearray  # a store file's bytes (read into one buffer: see read_bytes)
Mapped = Raw | mmap.mmap  # or mapped (see ``mapped``)
META = "meta"
# Reads stop here: a store of 100,000 entries is about 100 MB.
MAX_STORE_BYTES = 1 << 30

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
_HEAD = b'{\n  "entries": {\n'
_EMPTY_HEAD = b'{\n  "entries": {},\n'
_DOC_START = re.compile(rb'    "(\d+)": \{\n')
_DOC_END = b"\n    }"


def serialize(data: dict[str, Any]) -> bytes:
    """The canonical bytes of a whole store (the reference for ``snapshot_chunks``)."""
    return orjson.dumps(data, option=_OPTIONS) + b"\n"


def render_body(entry: Entry) -> bytes:
    """One entry in canonical form, as the index keeps it between writes."""
    return orjson.dumps(entry, option=_OPTIONS)


def snapshot_chunks(
    blocks: Iterable[tuple[str, bytes | memoryview]], meta: dict[str, Any]
) -> Iterator[bytes]:
    """The canonical file, from (doc id, ``block_of(render_body(entry))``) in the file's order.

    The order is TinyDB's with sorted keys: doc ids compared as strings.
    Byte for byte ``serialize`` of the same data.
    """
    first = True
    # Pieces of about a megabyte: one system call each, not two per entry.
    pieces: list[bytes | memoryview] = []
    size = 0
    for doc_id, block in blocks:
        pieces.append((_HEAD if first else b",\n") + b'    "' + doc_id.encode() + b'": ')
        pieces.append(block)
        size += len(block)
        first = False
        if size > 1 << 20:
            yield b"".join(pieces)
            pieces, size = [], 0
    pieces.append(_EMPTY_HEAD if first else b"\n  },\n")
    pieces.append(orjson.dumps({META: {"1": meta}}, option=_OPTIONS)[2:] + b"\n")
    yield b"".join(pieces)


def empty_meta() -> dict[str, Any]:
    return {"retired_ids": [], "schema": schema.SCHEMA_VERSION}


# -- reading ------------------------------------------------------------------


def read_bytes(path: Path) -> bytearray:
    """The file's bytes; StoreError (one line) for anything but a readable regular file.

    A FIFO, a device or a folder is refused before it is opened for reading
    (a FIFO would block, /dev/zero never ends), and so is a file over
    ``MAX_STORE_BYTES``. A UTF-8 byte-order mark (Windows editors write one)
    is left out; the next write leaves it out of the file too.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise StoreError(
            f"the store {path} disappeared while being read; run the command again"
        ) from None
    except IsADirectoryError:
        raise StoreError(f"the store path {path} is a folder, not a file") from None
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(
                f"the store path {path} is {special_kind(info.st_mode)}, not a regular file"
            )
        if info.st_size > MAX_STORE_BYTES:
            raise StoreError(
                f"the store {path} is {info.st_size / 2**20:,.0f} MiB; ctdir reads stores of "
                f"up to {MAX_STORE_BYTES / 2**30:.0f} GiB"
            )
        # Read into one buffer of the file's size: chunks joined at the end would
        # briefly hold the file twice (200 MB for 100,000 entries).
        buffer = bytearray(info.st_size)
        view = memoryview(buffer)
        done = 0
        while done < len(buffer) and (got := os.readv(fd, [view[done:]])):
            done += got
        del view
        del buffer[done:]
        while more := os.read(fd, 1 << 20):  # it grew while read (an editor writing in place)
            buffer += more
            if len(buffer) > MAX_STORE_BYTES:
                raise StoreError(f"the store {path} grew past {MAX_STORE_BYTES} bytes while read")
        if buffer.startswith(codecs.BOM_UTF8):  # an editor's mark of UTF-8: not JSON, not data
            del buffer[: len(codecs.BOM_UTF8)]
        return buffer  # bytes-like; not copied into a bytes object, for the same reason
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    finally:
        os.close(fd)


def check_path(path: Path) -> None:
    """StoreError unless ``path`` is missing or a regular file (a FIFO, a device, a folder)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise StoreError(f"the store path {path} is {special_kind(mode)}, not a regular file")


# (doc id, entry, its block as it stands in the file, when the layout is canonical)
Doc = tuple[str, Entry, memoryview | None]


@dataclass
class StoreData:
    """A store file's contents, checked: its meta document and its entries one at a time."""

    meta: dict[str, Any]
    count: int
    docs: Iterator[Doc]  # in doc id order (as numbers)
    # In the canonical layout: (doc id, start, end) of each entry's block in the file's
    # bytes, and a reader of some of them (checked, as ``docs``): for an index refresh.
    spans: list[tuple[str, int, int]] | None = None
    read_blocks: Callable[[Iterable[tuple[str, int, int]]], Iterator[Doc]] | None = None
    # The doc ids of blocks out of the file's order (see ``misplaced``).
    misplaced: frozenset[str] = frozenset()


def read_store(path: Path, raw: Raw) -> StoreData:
    """Check and read a store's bytes; StoreError naming the file, the entry and the field.

    A file in the canonical layout is parsed one entry at a time (a whole parse
    of 100,000 entries costs about 450 MB); any other layout (hand-formatted,
    TinyDB's own compact output) is parsed whole. Entries of an older schema
    are migrated in memory; a newer schema is refused.
    """
    layout = _scan(raw)
    if layout is None:
        data = _parse_whole(path, raw)
        tables = data.get(ENTRIES, {})
        if not isinstance(tables, dict):
            raise StoreError(
                f'the store {path} is not a ctdir directory ("entries" is not an object)'
            )
        meta = _meta(path, data.get(META))
        pairs: Iterable[tuple[str, Any, None, bool]] = (
            (k, d, None, False) for k, d in tables.items()
        )
        count = len(tables)
    else:
        spans, meta_table = layout
        meta = _meta(path, meta_table)
        view = memoryview(raw)
        version = int(meta["schema"])

        def read_blocks(some: Iterable[tuple[str, int, int]]) -> Iterator[Doc]:
            return _checked(
                path,
                ((d, *_read(path, raw, view, start, end, version)) for d, start, end in some),
                version,
            )

        # In the order of the doc ids as numbers: an index fills its pages one after another.
        ordered = sorted(spans, key=lambda span: int(span[0]))
        return StoreData(
            meta, len(spans), read_blocks(ordered), spans, read_blocks, misplaced(spans)
        )
    return StoreData(meta, count, _checked(path, pairs, int(meta["schema"])))


def block_of(body: bytes) -> bytes:
    """How ``render_body`` bytes stand in the file (one level deeper)."""
    return body.replace(b"\n", b"\n    ")


def render_block(entry: Entry) -> bytes:
    """One entry exactly as it stands in the canonical file (after its doc id)."""
    return block_of(render_body(entry))


def fingerprint(block: bytes | bytearray | memoryview) -> bytes:
    """A short digest of an entry's block: the same bytes, the same fingerprint.

    SHA-256 cut to 8 bytes: OpenSSL computes it with the processor's SHA
    instructions where there are some (most since 2017), in about half the time
    of BLAKE2b, once for each entry on a rebuild."""
    return hashlib.sha256(block).digest()[:8]


_ENTRY_LINE = re.compile(rb'\n    "(\d+)": \{\n')
_LINE_START = b'\n    "'


def misplaced(spans: list[tuple[str, int, int]]) -> frozenset[str]:
    """Doc ids whose block stands after a block it should precede.

    ctdir writes the blocks in TinyDB's order, the doc ids compared as text; a
    hand edit that moved a block leaves the file readable but out of that
    order. Such a block is not copied as it stands at the next write: the file
    is then written whole, in order.
    """
    return frozenset(
        later for (earlier, _, _), (later, _, _) in itertools.pairwise(spans) if later < earlier
    )


def blocks_by_id(raw: Raw) -> dict[str, memoryview] | None:
    """doc id -> its block in a canonical file's bytes; None for any other layout."""
    layout = _scan(raw)
    if layout is None:
        return None
    view = memoryview(raw)
    return {doc_id: view[start:end] for doc_id, start, end in layout[0]}


# -- writing a few changes --------------------------------------------------------

# Above this many changed entries a write walks every block (``blocks_by_id``) rather
# than searching for each (``spliced``): each search costs about 50 µs in a
# 100,000-entry file, the walk about half a second.
SPLICE_LIMIT = 1000


def spliced(
    raw: Mapped,
    changes: dict[str, bytes | None],
    in_file: set[str],
    meta: dict[str, Any],
) -> list[bytes | memoryview] | None:
    """The new canonical file as pieces: ``raw`` with a few entries changed.

    ``raw`` is a canonical file; ``changes`` maps doc ids to their new block
    (``render_block``) or to None for an entry that goes; ``in_file`` are the
    changed doc ids that ``raw`` holds. Every other entry is copied as it
    stands, in runs: a write of one entry costs two slices of the old file,
    not a pass over its 100,000 blocks. Each changed entry is found by a
    binary search of the file's doc id lines (they are in TinyDB's order, doc
    ids compared as strings). None when ``raw`` does not look as expected
    around a change, or when the table would be left empty: the caller then
    writes the whole file (``write``).
    """
    first = len(_HEAD) - 1  # the newline that starts the first entry's line
    end = raw.rfind(b'\n  },\n  "meta": ')  # where the last entry ends
    if raw[: len(_HEAD)] != _HEAD or end < first:
        return None
    # (where the entry's line starts or would start, its doc id, where it ends or None)
    places: list[tuple[int, str, int | None]] = []
    for doc_id in changes:
        found = _find_line(raw, doc_id, first, end)
        if found is None:
            return None
        line, exists = found
        if exists != (doc_id in in_file):
            return None
        stop = _block_end(raw, line, end) if exists else None
        if exists and stop is None:
            return None
        places.append((line, doc_id, stop))
    places.sort(key=lambda place: (place[0], place[2] is not None, place[1]))
    view = memoryview(raw)
    items: list[bytes | memoryview] = []  # runs of whole entries, and changed entries
    cursor = first + 1  # where the next entry not yet copied starts
    for line, doc_id, stop in places:
        if line + 1 > cursor:
            items.append(view[cursor : line - 1])  # the run before, without its ",\n"
        cursor = max(cursor, line + 1)
        block = changes[doc_id]
        if block is not None:
            items.append(b'    "' + doc_id.encode() + b'": ' + block)
        if stop is not None:
            cursor = stop + 2  # past the entry and the ",\n" after it
    if cursor < end:
        items.append(view[cursor:end])
    if not items:
        return None
    tail = b"\n  },\n" + orjson.dumps({META: {"1": meta}}, option=_OPTIONS)[2:] + b"\n"
    pieces: list[bytes | memoryview] = [_HEAD]
    for position, item in enumerate(items):
        if position:
            pieces.append(b",\n")
        pieces.append(item)
    pieces.append(tail)
    return pieces


@contextlib.contextmanager
def mapped(path: Path) -> Iterator[mmap.mmap | None]:
    """The file's bytes mapped read-only (for ``spliced``: no copy of what is kept), or
    None when it cannot be mapped."""
    try:
        with open(path, "rb") as file:
            raw = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # an empty file cannot be mapped
        yield None
        return
    try:
        yield raw
    finally:
        # Views still held (by an error's traceback) keep it mapped until they go.
        with contextlib.suppress(BufferError):
            raw.close()


def _find_line(raw: Mapped, doc_id: str, first: int, end: int) -> tuple[int, bool] | None:
    """(where ``doc_id``'s line starts, True) or (where it would go, False); None if unsure.

    A line is where its newline is. Entry lines are the only lines indented by
    four spaces before a quote, so the next one after any byte is one search.
    """
    best = end + 1  # after the last entry: where the newline of its ",\n" would be
    low, high = first, end
    while low < high:
        middle = (low + high) // 2
        # The first line that starts in [middle, high), wherever its text ends.
        line = raw.find(_LINE_START, middle, high + len(_LINE_START) - 1)
        if line < 0:
            high = middle
            continue
        match = _ENTRY_LINE.match(raw, line)
        if match is None:
            return None
        found = match.group(1).decode()
        if found == doc_id:
            return line, True
        if found > doc_id:
            best, high = line, middle
        else:
            low = line + 1
    return best, False


def _block_end(raw: Mapped, line: int, end: int) -> int | None:
    """Where the entry whose line starts at ``line`` ends (after its closing brace)."""
    stop = raw.find(_DOC_END, line + 1, end + 1)
    if stop < 0:
        return None
    stop += len(_DOC_END)
    if stop != end and raw[stop : stop + 2] != b",\n":
        return None
    return stop


def _checked(
    path: Path, pairs: Iterable[tuple[str, Any, memoryview | None, bool]], version: int
) -> Iterator[Doc]:
    """(doc id, entry, block) of (doc id, document, block, whether it is checked already)."""
    unique = Unique(path)
    for doc_id, doc, block, checked in pairs:
        if not doc_id.isdigit():
            problem = f"its document key {schema.shown(doc_id)} is not a number"
            raise _broken(path, _which(doc_id, doc), problem)
        unique.key(doc_id)
        if checked:
            entry = doc
        else:
            entry_id = doc.get("id") if isinstance(doc, dict) else None
            try:
                entry = schema.check_entry(schema.migrate(doc, version))
            except schema.Problem as problem:
                raise _broken(path, _which(doc_id, {"id": entry_id}), str(problem)) from None
        unique.entry(doc_id, entry["id"])
        yield doc_id, entry, block


class Unique:
    """The document keys and entry ids of a store read so far: a second of either is an error.

    ``read_blocks`` checks the blocks it reads; a caller reading a file in parts
    checks the parts' keys and ids with one of these.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: set[str] = set()
        self.ids: dict[str, str] = {}

    def key(self, doc_id: str) -> None:
        if doc_id in self.keys:  # two branches merged by git, each with its new entry under one key
            raise StoreError(
                f"the store {self.path} has two entries under the document key {doc_id}; it "
                "was left untouched. Give one of them a number no other entry has"
            )
        self.keys.add(doc_id)

    def entry(self, doc_id: str, entry_id: str) -> None:
        if entry_id in self.ids:
            raise StoreError(
                f"the store {self.path} has two entries with id {entry_id} (documents "
                f"{self.ids[entry_id]} and {doc_id}); it was left untouched. Give one a new id "
                "by hand"
            )
        self.ids[entry_id] = doc_id


def repeated_field(block: Raw | memoryview) -> str | None:
    """The first field that one object of ``block`` gives twice, if any.

    JSON readers keep the last of the two without a word: a hand edit or a
    merge that kept both lines would lose a value. ctdir's own rendering never
    holds one, so only the blocks that are not it, and files in another layout,
    are looked at (it costs a slow parse).
    """
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if not found:
            seen: set[str] = set()
            for key, _value in items:
                if key in seen:
                    found.append(key)
                    break
                seen.add(key)
        return dict(items)

    try:
        json.loads(bytes(block), object_pairs_hook=pairs)
    except ValueError:
        return None  # not JSON: the reader says so
    return found[0] if found else None


def refuse_repeated_field(path: Path, doc_id: str, entry: Entry, block: memoryview) -> None:
    """StoreError naming the entry when one of its objects gives a field twice."""
    repeated = repeated_field(block)
    if repeated is not None:
        problem = f"{schema.shown(repeated)} is given twice; keep one"
        raise _broken(path, _which(doc_id, entry), problem)


def _which(doc_id: str, doc: Any) -> str:
    entry_id = doc.get("id") if isinstance(doc, dict) else None
    return f"entry {schema.shown(entry_id)}" if entry_id else f"entry (document {doc_id!r})"


def _broken(path: Path, where: str, problem: str) -> StoreError:
    return StoreError(
        f"the store {path} has a broken {where}: {problem}; it was left untouched. Repair it "
        f"by hand{_or_backup(path)}"
    )


def backup_path(path: Path) -> Path:
    """Where the previous version of the store is kept at every write."""
    return path.with_name(path.name + ".bak")


def _or_backup(path: Path) -> str:
    backup = backup_path(path)
    return f", or restore the backup {backup}" if backup.exists() else ""


def _meta(path: Path, table: Any) -> dict[str, Any]:
    """The one meta document, checked; a newer schema is refused."""
    if table is None:
        raise _broken(path, "meta table", '"meta" is missing')
    if not isinstance(table, dict) or len(table) != 1:
        raise _broken(path, "meta table", '"meta" must hold exactly one document')
    doc = next(iter(table.values()))
    version = doc.get("schema") if isinstance(doc, dict) else None
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > schema.SCHEMA_VERSION
    ):
        raise StoreError(
            f"the store {path} has schema version {version}; this ctdir reads versions up to "
            f"{schema.SCHEMA_VERSION}. Upgrade ctdir; the store was left untouched"
        )
    try:
        checked = schema.check_meta(doc)
    except schema.Problem as problem:
        raise _broken(path, "meta document", str(problem)) from None
    if checked["schema"] < 1:
        raise _broken(path, "meta document", f'"schema" {checked["schema"]} is not a version')
    return checked


def _syntax_error(path: Path, raw: Raw, exc: orjson.JSONDecodeError, offset: int = 0) -> StoreError:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line, column = schema.line_and_column(raw, bad.start)
        reason = "bytes that are not UTF-8"
    else:
        # orjson counts characters within what it was given: add where that starts.
        line, column = exc.lineno, exc.colno
        if offset:
            before = raw[:offset]
            line += before.count(b"\n")
            if exc.lineno == 1:
                column += len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace"))
        reason = exc.msg
    if _CONFLICT.search(raw):
        # What `git merge` leaves where both sides changed the same lines.
        return StoreError(
            f"the store {path} holds git conflict markers (<<<<<<<, =======, >>>>>>>) from a "
            f"merge; it was left untouched. Resolve the conflict, or merge entry by entry "
            f"with `ctdir merge-driver` (see the README){_or_backup(path)}"
        )
    return StoreError(
        f"the store {path} is not valid JSON at line {line}, column {column} ({reason}); it "
        f"was left untouched. Repair it by hand{_or_backup(path)}"
    )


_CONFLICT = re.compile(rb"^<<<<<<< ", re.MULTILINE)


def _parse_whole(path: Path, raw: Raw) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _syntax_error(path, raw, exc) from None
    repeated = repeated_field(raw)
    if repeated is not None:
        raise _broken(path, "object", f"{schema.shown(repeated)} is given twice; keep one")
    if not isinstance(data, dict):
        raise StoreError(f"the store {path} is not a ctdir directory (not a JSON object)")
    unknown = sorted(set(data) - {ENTRIES, META})
    if unknown:
        raise StoreError(
            f"the store {path} is not a ctdir directory (unknown table {schema.shown(unknown[0])})"
        )
    return data


def _read(
    path: Path, raw: Raw, view: memoryview, start: int, end: int, version: int
) -> tuple[Any, memoryview, bool]:
    """(the document of a canonical block, the block, whether it is a checked entry already).

    Most blocks of a store are valid entries: ``schema.decode_entry`` reads and
    checks them at once. Any other block (an older schema, a hand edit gone
    wrong) is parsed here and checked by ``_checked``, which says what is wrong.
    """
    block = view[start:end]
    if version == schema.SCHEMA_VERSION:
        entry = schema.decode_entry(block)
        if entry is not None:
            return entry, block, True
    return _loads(path, raw, view, start, end), block, False


def _loads(path: Path, raw: Raw, view: memoryview, start: int, end: int) -> Any:
    try:
        return orjson.loads(view[start:end])
    except orjson.JSONDecodeError as exc:
        raise _syntax_error(path, raw, exc, start) from None


def _scan(raw: Raw) -> tuple[list[tuple[str, int, int]], Any] | None:
    """((doc id, start, end) of each entry's object, meta table) in the canonical layout.

    In that layout each entry starts with a line ``    "<doc id>": {`` and ends
    with a line ``    }``: string values never hold a raw newline and
    everything inside an entry is indented deeper. Anything else gives None.
    """
    if raw.startswith(_EMPTY_HEAD):
        return _with_meta(raw, [], len(_EMPTY_HEAD) - 2)
    if not raw.startswith(_HEAD):
        return None
    spans: list[tuple[str, int, int]] = []
    pos = len(_HEAD)
    while True:
        match = _DOC_START.match(raw, pos)
        if match is None:
            return None
        end = raw.find(_DOC_END, match.end() - 2)
        if end < 0:
            return None
        end += len(_DOC_END)
        spans.append((match.group(1).decode(), match.end() - 2, end))
        if raw.startswith(b",\n", end):
            pos = end + 2
        elif raw.startswith(b"\n  }", end):
            return _with_meta(raw, spans, end + 4)
        else:
            return None


def _with_meta(raw: Raw, spans: list[tuple[str, int, int]], after: int) -> Any:
    # What follows the entries table must be `,\n  "meta": {...}\n}` and nothing else.
    tail = raw[after:]
    if not tail.startswith(b",\n"):
        return None
    try:
        rest = orjson.loads(b"{" + tail[1:])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(rest, dict) or set(rest) != {META}:
        return None
    return spans, rest[META]


def __getattr__(name: str) -> Any:
    # tinydb is imported only by what uses the reference storage: not by every lookup.
    if name == "CanonicalStorage":
        return _canonical_storage()
    raise AttributeError(name)


@functools.cache
def _canonical_storage() -> type:
    from tinydb import Storage

    class CanonicalStorage(Storage):
        """TinyDB's storage of a ctdir store: the reference reader and writer of the format.

        ``TinyDB(path, storage=CanonicalStorage)`` reads a store with every check
        and writes it in canonical form, atomically. ctdir itself writes through
        ``write``, which gives the same bytes from pre-rendered entries.
        """

        def __init__(self, path: str | os.PathLike[str]) -> None:
            self.path = Path(path)

        def read(self) -> dict[str, dict[str, Any]] | None:
            try:
                raw = read_bytes(self.path)
            except StoreError:
                if not self.path.exists():
                    return None
                raise
            store = read_store(self.path, raw)
            return {ENTRIES: {d: e for d, e, _ in store.docs}, META: {"1": store.meta}}

        def write(self, data: dict[str, dict[str, Any]]) -> None:
            atomic_write(self.path, serialize(data))

    return CanonicalStorage
