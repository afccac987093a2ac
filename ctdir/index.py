"""The working copy of the directory: its entries in SQLite, with what search needs.

Kept next to the store as ``<store>.index``. It holds each entry once (as
``--json`` shows it, rendered by ctdir.model), a fingerprint of the entry's
block in the store file, the words, numbers and addresses that search looks
up, and caches of display formats that the core's rules worked out. It stores
and finds; it neither formats numbers nor judges entries, and it knows
nothing of the store file: the caller (ctdir.store.Directory) hands it rows
to keep and the signature of the file version they came from.

Builds go to a temporary file renamed into place, so two processes racing to
rebuild each leave a whole index. Where the folder is not writable the index
is built in memory for the one run.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sqlite3
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ctdir import __version__
from ctdir.fsutil import remove_stale_tmp, tmp_name
from ctdir.model import Entry
from ctdir.phones import digits
from ctdir.text import fold_words

INDEX_FORMAT = "14"

# Term fields and how much a match in each counts. "email" holds the words of
# the addresses' local parts ("nchimedza", "john.smith" -> "john", "smith").
FIELD_NAMES = ("name", "office", "city", "organization", "title", "email", "country")
FIELD_WEIGHTS = (1.0, 0.9, 0.9, 0.8, 0.8, 0.85, 0.75)
FIELD_NAME = FIELD_NAMES.index("name")
FIELD_EMAIL = FIELD_NAMES.index("email")
FIELD_COUNTRY = FIELD_NAMES.index("country")

# Posting tables are clustered on their look-up key (WITHOUT ROWID): no second
# copy of them in a separate B-tree. What belongs to one entry is found by
# working its keys out again from the entry, so no index by entry is kept.
# A word's postings are one packed array (see ``_pack``): a 100,000-entry
# directory has 16,000 words but a million (word, entry) postings.
_TABLES = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE entries (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT, sortname TEXT NOT NULL, name TEXT NOT NULL, shown BLOB NOT NULL,
    fhash BLOB);
CREATE TABLE terms (term TEXT PRIMARY KEY, postings BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE vocab (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE phones (rkey TEXT, rid INTEGER, PRIMARY KEY (rkey, rid)) WITHOUT ROWID;
CREATE TABLE emails (email TEXT, rid INTEGER, domain TEXT NOT NULL,
    PRIMARY KEY (email, rid)) WITHOUT ROWID;
CREATE TABLE formats (e164 TEXT PRIMARY KEY, international TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE warnings (k TEXT PRIMARY KEY, texts BLOB NOT NULL) WITHOUT ROWID;
"""
# Created after a bulk load: building a B-tree once is far cheaper than row by row.
_INDEXES = """
CREATE UNIQUE INDEX entries_id ON entries (id);
CREATE INDEX entries_order ON entries (country, kind = 'contact', sortname, id);
CREATE INDEX emails_domain ON emails (domain);
CREATE INDEX entries_unknown ON entries (rid) WHERE fhash IS NULL;
"""
# Entries made ready for the index at a time (see ``batch``).
BATCH = 2000
# Row posting tables and their clustering keys (terms are packed: see ``_pack``).
_POSTINGS = {"phones": "rkey, rid", "emails": "email, rid"}
# A posting in a word's array: one per entry that has the word, rid << _FIELD_BITS | the
# mask of the fields it is in (bit n: FIELD_NAMES[n]). A word's df is its number of postings.
_FIELD_BITS = len(FIELD_NAMES)
# mask -> its field numbers, ascending.
_MASK_FIELDS = tuple(
    tuple(n for n in range(_FIELD_BITS) if mask >> n & 1) for mask in range(1 << _FIELD_BITS)
)
# Digits go from an address's words; dots, dashes and underscores separate them.
_LOCAL_TO_SPACE = str.maketrans("0123456789._-+", " " * 14)

# (doc id, entry, the entry as --json shows it, fingerprint of its block in the store
# file): what the index keeps of one entry.
Row = tuple[str, Entry, bytes, bytes | None]
Progress = Callable[[int, int], None]
# Works out display formats and warnings for entries (the core's rules) and
# keeps them with ``Index.cached``/``Index.keep``; see ``Index.warm_formats``.
Prepare = Callable[["Index", list[Entry]], None]


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=10, isolation_level=None)


def _version_tag() -> str:
    # The byte order too: packed postings (``_pack``) are read only where they were written.
    return f"{INDEX_FORMAT}/{__version__}/{sys.byteorder}"


def _country_words(code: str | None) -> list[str]:
    if not code:
        return []
    from ctdir.countries import country_name

    try:
        return fold_words(country_name(code))
    except KeyError:
        return []


def _folded(text: str, memo: dict[str, list[str]]) -> list[str]:
    """``fold_words(text)``, folding each space-separated token once per ``memo``.

    Names, offices and cities are made of a few thousand distinct tokens: a
    100,000-entry build folds each of them once, not once per entry.
    """
    words: list[str] = []
    for token in text.split():
        folded = memo.get(token)
        if folded is None:
            folded = memo[token] = fold_words(token)
        words.extend(folded)
    return words


# (bit, field) of the fields whose values recur whole: offices, cities, organisations, titles.
_VALUE_FIELDS = tuple(
    (1 << n, field) for n, field in enumerate(FIELD_NAMES[:FIELD_EMAIL]) if n != FIELD_NAME
)
_NAME_BIT = 1 << FIELD_NAME
_EMAIL_BIT = 1 << FIELD_EMAIL
_COUNTRY_BIT = 1 << FIELD_COUNTRY


def entry_terms(entry: Entry, memo: dict[str, list[str]] | None = None) -> set[tuple[str, int]]:
    """(folded word, field number) pairs of an entry; ``memo`` caches folding across entries."""
    memo = {} if memo is None else memo
    masks = _entry_masks(entry, memo, _folded(entry.get("name") or "", memo))
    return {(word, field) for word, mask in masks.items() for field in _MASK_FIELDS[mask]}


@functools.lru_cache(maxsize=1 << 15)
def _value_words(value: str) -> tuple[str, ...]:
    """The distinct words of an office, city, organisation or title: they recur whole."""
    return tuple(dict.fromkeys(word for word in _folded(value, {}) if len(word) > 1))


def _entry_masks(entry: Entry, memo: dict[str, list[str]], name_words: list[str]) -> dict[str, int]:
    """Folded word -> the mask of the fields it is in, given the name's folded words
    (``sort_name``'s); words of one letter are left out."""
    masks = dict.fromkeys([word for word in name_words if len(word) > 1], _NAME_BIT)
    get = masks.get
    for bit, field in _VALUE_FIELDS:
        value = entry.get(field)
        if value:
            for word in _value_words(str(value)):
                masks[word] = get(word, 0) | bit
    key = "\0" + (entry.get("country") or "")
    words = memo.get(key)
    if words is None:
        words = memo[key] = _country_words(key[1:])
    for word in words:
        masks[word] = get(word, 0) | _COUNTRY_BIT
    for email in entry.get("emails") or ():
        for word in email_words(str(email), memo):
            masks[word] = get(word, 0) | _EMAIL_BIT
    return masks


def email_words(email: str, memo: dict[str, list[str]] | None = None) -> list[str]:
    """Words of an address's local part, digits dropped: "j.smith2@x.org" -> ["smith"]."""
    local = email.rpartition("@")[0] or email
    words = _folded(local.translate(_LOCAL_TO_SPACE), {} if memo is None else memo)
    return [w for w in words if len(w) > 1]


def phone_keys(entry: Entry) -> set[str]:
    """The reversed digits of an entry's numbers, as written and in E.164 (often the same)."""
    keys: set[str] = set()
    for phone in entry.get("phones") or []:
        for text in (phone.get("number"), phone.get("e164")):
            key = digits(text or "")
            if key:
                keys.add(key[::-1])
    return keys


def _email_rows(entry: Entry, rid: int) -> set[tuple[str, int, str]]:
    rows = set()
    for email in entry.get("emails") or []:
        lowered = email.lower()
        rows.add((lowered, rid, lowered.rpartition("@")[2]))
    return rows


def sort_name(entry: Entry, memo: dict[str, list[str]] | None = None) -> str:
    return " ".join(_folded(entry.get("name") or "", {} if memo is None else memo))


def _pack(codes: Iterable[int]) -> bytes:
    """A word's postings as kept: rid << _FIELD_BITS | mask, ascending, 8 bytes each in
    this machine's byte order (an index from a machine of the other order is rebuilt)."""
    return array("Q", sorted(codes)).tobytes()


def _unpack(blob: bytes) -> array[int]:
    return array("Q", blob)


def _postings_rows(term: str, codes: array[int]) -> Iterator[tuple[str, int, int]]:
    """A word's packed postings as (term, rid, field) rows."""
    mask = (1 << _FIELD_BITS) - 1
    return (
        (term, code >> _FIELD_BITS, field) for code in codes for field in _MASK_FIELDS[code & mask]
    )


def _entry(shown: bytes) -> Entry:
    """An entry from the form kept (the output schema's: ``country_name`` is output only)."""
    entry: Entry = orjson.loads(shown)
    del entry["country_name"]
    return entry


def _parsed(shown: Iterator[bytes], batch: int = 512) -> Iterator[Entry]:
    """The entries of many kept forms, parsed a few hundred at a time (one call each)."""
    while chunk := list(itertools.islice(shown, batch)):
        entries = orjson.loads(b"[" + b",".join(chunk) + b"]")
        for entry in entries:
            del entry["country_name"]
        yield from entries


@dataclass
class Batch:
    """Rows of some entries, made ready for the index's tables (it can be made in
    another process and sent over a pipe: see ``plain``)."""

    entries: list[tuple[int, str, str, str | None, str, str, bytes, bytes | None]]
    postings: dict[str, array[int]]  # word -> its postings (see _FIELD_BITS), one per entry
    phones: list[tuple[str, int]]
    emails: list[tuple[str, int, str]]

    def plain(self) -> tuple[Any, ...]:
        """The batch as plain data (what ``marshal`` writes); ``from_plain`` reads it."""
        postings = {term: codes.tobytes() for term, codes in self.postings.items()}
        return self.entries, postings, self.phones, self.emails

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> Batch:
        entries, postings, phones, emails = data
        return cls(entries, {t: array("Q", codes) for t, codes in postings.items()}, phones, emails)


def batch(rows: Iterable[Row], memo: dict[str, list[str]] | None = None) -> Batch:
    """The index's rows for these entries; ``memo`` caches folding across batches."""
    memo = {} if memo is None else memo
    entries = []
    postings: defaultdict[str, array[int]] = defaultdict(_codes)
    phones: list[tuple[str, int]] = []
    emails: list[tuple[str, int, str]] = []
    for docid, entry, shown, fhash in rows:
        rid = int(docid)  # the row id is the store file's document id
        name = entry.get("name") or ""
        name_words = _folded(name, memo)
        entries.append(
            (
                rid,
                entry["id"],
                entry.get("kind") or "contact",
                entry.get("country"),
                " ".join(name_words),  # sort_name
                name,
                shown,
                fhash,
            )
        )
        base = rid << _FIELD_BITS
        for term, mask in _entry_masks(entry, memo, name_words).items():
            postings[term].append(base | mask)
        phones.extend((key, rid) for key in phone_keys(entry))
        emails.extend(_email_rows(entry, rid))
    return Batch(entries, dict(postings), phones, emails)


def _codes() -> array[int]:
    return array("Q")


def batches(rows: Iterable[Row], size: int = BATCH) -> Iterator[Batch]:
    """``batch`` of ``size`` rows at a time."""
    memo: dict[str, list[str]] = {}
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield batch(chunk, memo)


# SQLite's least limit on the values of one statement (SQLITE_MAX_VARIABLE_NUMBER
# before 3.32).
_MAX_VALUES = 999


def _insert_rows(conn: sqlite3.Connection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """``rows`` into ``table``, as many a statement as its values allow: executemany
    takes one step (and hands Python's lock back and forth) for each row, which is
    most of what a rebuild's 400,000 small rows cost."""
    if not rows:
        return
    width = len(rows[0])
    per = max(1, _MAX_VALUES // width)
    whole = len(rows) - len(rows) % per
    if whole:
        statement = _insert_statement(table, width, per)
        for start in range(0, whole, per):
            conn.execute(statement, [value for row in rows[start : start + per] for value in row])
    if whole < len(rows):
        conn.executemany(_insert_statement(table, width, 1), rows[whole:])


@functools.lru_cache(maxsize=32)
def _insert_statement(table: str, width: int, count: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return f"INSERT INTO {table} VALUES " + ", ".join([row] * count)


class Index:
    """An open index. ``prepare`` works out display formats (see ``warm_formats``)."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, prepare: Prepare | None = None
    ) -> None:
        self.conn = conn
        self.path = path
        self.prepare = prepare

    # -- opening and building -------------------------------------------------

    @classmethod
    def open_fresh(cls, path: Path, signature: str | None) -> Index | None:
        """The index at ``path`` if it was built for the file version ``signature``.

        ``signature`` None: whatever version it was built for (to bring it up to date).
        """
        if signature == "" or not path.exists():
            return None
        try:
            conn = _connect(path)
            conn.execute("BEGIN")
            row = conn.execute("SELECT v FROM meta WHERE k = 'signature'").fetchone()
            tag = conn.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
            conn.execute("COMMIT")
        except sqlite3.Error:
            return None
        fresh = signature is None or (row is not None and row[0] == signature)
        if not fresh or tag is None or tag[0] != _version_tag():
            conn.close()
            return None
        return cls(conn, path)

    @classmethod
    def build(
        cls,
        path: Path | None,
        parts: Callable[[], Iterable[Batch]],
        store_meta: dict[str, Any],
        signature: str,
        total: int = 0,
        progress: Progress | None = None,
    ) -> Index:
        """A new index at ``path`` (renamed into place), or in memory, of the rows made
        ready by ``batch`` (in any process; ``batches`` of the rows in this one):
        ``parts()`` gives them, once more if a file fails halfway.

        ``path`` None, a read-only folder or a full disk: in memory, for this run.
        """
        if path is not None:
            # What a killed rebuild left (SIGKILL gives it no time to clean up).
            remove_stale_tmp(path, names=(), live_names=(path.name,))
            tmp = tmp_name(path)
            try:
                # Created private before SQLite opens it: the index holds the directory's data.
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                conn = sqlite3.connect(tmp)
                try:
                    cls._fill(conn, iter(parts()), store_meta, signature, total, progress)
                finally:
                    conn.close()
                os.replace(tmp, path)
                return cls(_connect(path), path)
            except (sqlite3.Error, OSError):
                with contextlib.suppress(OSError):
                    tmp.unlink()
            except BaseException:
                # A broken store (StoreError) or an interrupt: leave no half-built copy behind.
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
        conn = sqlite3.connect(":memory:", isolation_level=None)
        cls._fill(conn, iter(parts()), store_meta, signature, total, progress)
        return cls(conn, None)

    @staticmethod
    def _fill(
        conn: sqlite3.Connection,
        parts: Iterator[Batch],
        store_meta: dict[str, Any],
        signature: str,
        total: int,
        progress: Progress | None,
    ) -> None:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        # Entries of about a kilobyte waste less of a 16 KiB page than of a 4 KiB one.
        conn.execute("PRAGMA page_size = 16384")
        conn.executescript(_TABLES)
        # Postings go to unordered scratch tables first, then into their clustered
        # tables in key order: SQLite's sort, then B-trees filled page after page.
        conn.execute("PRAGMA temp_store = FILE")
        for table in _POSTINGS:
            conn.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM main.{table} WHERE 0")
        index = Index(conn, None)
        done = 0
        report = progress or (lambda _done, _total: None)
        # Sorting numbers and addresses and building the B-trees at the end take about a
        # fifth of the time: the last step.
        steps = total + total // 4
        report(0, steps)
        # A word's postings, gathered over the whole build and written once each at the end.
        postings: dict[str, array[int]] = {}
        conn.execute("BEGIN")
        for part in parts:
            index._write(part, "temp")
            for term, codes in part.postings.items():
                known = postings.get(term)
                if known is None:
                    postings[term] = codes
                else:
                    known.extend(codes)
            done += len(part.entries)
            report(min(done, total), steps)
        done = total
        for table, key in _POSTINGS.items():
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM temp.{table} ORDER BY {key}")
            conn.execute(f"DROP TABLE temp.{table}")
            done += (steps - total) // 4
            report(done, steps)
        words = sorted(postings)
        conn.executemany("INSERT INTO vocab VALUES (?, ?)", ((w, len(postings[w])) for w in words))
        conn.executemany(
            "INSERT INTO terms VALUES (?, ?)", ((w, _pack(postings.pop(w))) for w in words)
        )
        report(done + (steps - total) // 4, steps)
        conn.executescript(_INDEXES)  # commits
        report(steps, steps)
        conn.execute("BEGIN")
        index._set_meta("version", _version_tag())
        index.set_store_meta(store_meta)
        index.set_signature(signature)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = DELETE")

    # -- writing (the caller holds the store's lock and brackets with begin/commit) ----

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, value))

    def set_signature(self, signature: str) -> None:
        """Record the version of the store file the rows now match."""
        self._set_meta("signature", signature)

    def set_store_meta(self, meta: dict[str, Any]) -> None:
        self._set_meta("store_meta", orjson.dumps(meta).decode())

    def add(self, rows: Sequence[Row]) -> None:
        """Keep new entries (their ids and doc ids must be new)."""
        self._insert(rows)

    def clear(self) -> None:
        """Forget every entry (the display caches stay)."""
        for table in ("entries", "terms", "vocab", "phones", "emails"):
            self.conn.execute(f"DELETE FROM {table}")

    def drop(self, entry_ids: Iterable[str]) -> None:
        """Forget entries, and every word, number and address that found them."""
        conn = self.conn
        gone: dict[str, set[int]] = {}  # word -> its postings to remove
        for entry_id in entry_ids:
            row = conn.execute(
                "SELECT rid, shown FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                continue
            rid, entry = row[0], _entry(row[1])
            masks = _entry_masks(entry, {}, _folded(entry.get("name") or "", {}))
            for term, mask in masks.items():
                gone.setdefault(term, set()).add(rid << _FIELD_BITS | mask)
            conn.executemany(
                "DELETE FROM phones WHERE rkey = ? AND rid = ?",
                [(key, rid) for key in phone_keys(entry)],
            )
            conn.executemany(
                "DELETE FROM emails WHERE email = ? AND rid = ?",
                [(email, rid) for email, *_ in _email_rows(entry, rid)],
            )
            conn.execute("DELETE FROM entries WHERE rid = ?", (rid,))
        for term, codes in gone.items():
            kept = [c for c in self._postings(term) if c not in codes]
            if kept:
                conn.execute("UPDATE terms SET postings = ? WHERE term = ?", (_pack(kept), term))
            else:
                conn.execute("DELETE FROM terms WHERE term = ?", (term,))
        conn.executemany(
            "UPDATE vocab SET df = df - ? WHERE term = ?", [(len(c), t) for t, c in gone.items()]
        )
        conn.execute("DELETE FROM vocab WHERE df <= 0")

    def _postings(self, term: str) -> array[int]:
        row = self.conn.execute("SELECT postings FROM terms WHERE term = ?", (term,)).fetchone()
        return _unpack(row[0]) if row else array("Q")

    def _insert(self, rows: Iterable[Row]) -> None:
        part = batch(rows)
        self._write(part, "main")
        conn = self.conn
        conn.executemany(
            "INSERT INTO vocab (term, df) VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
            [(term, len(codes)) for term, codes in part.postings.items()],
        )
        for term, codes in part.postings.items():
            codes.extend(self._postings(term))
            conn.execute("INSERT OR REPLACE INTO terms VALUES (?, ?)", (term, _pack(codes)))

    def _write(self, part: Batch, schema: str) -> None:
        """Keep a batch's entries, numbers and addresses (in ``schema``: main or temp)."""
        _insert_rows(self.conn, "main.entries", part.entries)
        _insert_rows(self.conn, f"{schema}.phones", part.phones)
        _insert_rows(self.conn, f"{schema}.emails", part.emails)

    def next_doc_id(self) -> str:
        """TinyDB's next document id: one more than the largest."""
        row = self.conn.execute("SELECT MAX(rid) FROM entries").fetchone()
        return str(int(row[0] or 0) + 1)

    def kept(self) -> Iterator[tuple[str, str, bytes | None]]:
        """(doc id, entry id, fingerprint) of every entry, in no particular order."""
        return iter(self.conn.execute("SELECT CAST(rid AS TEXT), id, fhash FROM entries"))

    def fingerprints(self) -> list[tuple[str, bytes | None]]:
        """(doc id, fingerprint of its block) of every entry, in the store file's order."""
        # TinyDB's keys are strings, and the file sorts them as strings: "10" before "9".
        rows = self.conn.execute("SELECT CAST(rid AS TEXT) AS k, fhash FROM entries ORDER BY k")
        return rows.fetchall()

    def entry_at(self, doc_id: str) -> Entry:
        row = self.conn.execute(
            "SELECT shown FROM entries WHERE rid = ?", (int(doc_id),)
        ).fetchone()
        return _entry(row[0])

    def has_unknown_blocks(self) -> bool:
        """Whether an entry's block in the file is not known (not ctdir's own rendering)."""
        row = self.conn.execute("SELECT 1 FROM entries WHERE fhash IS NULL LIMIT 1").fetchone()
        return row is not None

    def set_fingerprints(self, pairs: Iterable[tuple[bytes, str]]) -> None:
        self.conn.executemany("UPDATE entries SET fhash = ? WHERE rid = ?", pairs)

    # -- display formats the core worked out (see warm_formats) -------------------

    def warm_formats(self, entries: Iterable[Entry]) -> None:
        """Make what showing these entries' numbers needs ready (formats and warnings)."""
        if self.prepare is not None:
            self.prepare(self, list(entries))

    def cached(self, table: str, keys: Sequence[str]) -> list[tuple[str, Any]]:
        """(key, value) kept in ``formats`` (e164 -> text) or ``warnings`` (key -> JSON)."""
        key, value = {"formats": ("e164", "international"), "warnings": ("k", "texts")}[table]
        rows: list[tuple[str, Any]] = []
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows.extend(
                self.conn.execute(
                    f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({marks})",
                    chunk,
                ).fetchall()
            )
        return rows

    def keep(self, table: str, pairs: Sequence[tuple[str, Any]]) -> None:
        """Keep worked-out values (best effort: a read-only or busy index only costs time)."""
        assert table in ("formats", "warnings")
        if not pairs:
            return
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("BEGIN")
            try:
                self.conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", pairs)
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                self.rollback()
                raise

    # -- reading ------------------------------------------------------------------

    def signature(self) -> str:
        """The version of the store file the rows match (see ``set_signature``)."""
        return self._meta("signature")

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def store_meta(self) -> dict[str, Any]:
        """The store's meta document as kept (schema version, retired ids)."""
        meta: dict[str, Any] = orjson.loads(self._meta("store_meta") or "{}")
        return meta

    def doc_id(self, entry_id: str) -> str | None:
        row = self.conn.execute("SELECT rid FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        self.conn.close()

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def get(self, entry_id: str) -> Entry | None:
        row = self.conn.execute("SELECT shown FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else _entry(row[0])

    def by_rids(self, rids: Iterable[int]) -> dict[int, Entry]:
        wanted = list(rids)
        found: dict[int, Entry] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rid, shown in self.conn.execute(
                f"SELECT rid, shown FROM entries WHERE rid IN ({marks})", chunk
            ):
                found[rid] = _entry(shown)
        return found

    @staticmethod
    def _filter(country: str | None, kind: str | None) -> tuple[str, list[str]]:
        """A WHERE clause (or nothing) for the country and kind filters, with its parameters."""
        clauses, params = [], []
        if country:
            clauses.append("country = ?")
            params.append(country)
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params

    def select(self, country: str | None = None, kind: str | None = None) -> list[Entry]:
        """Entries in display order: by country, hotlines first, then by name."""
        return list(self.iter_select(country, kind))

    def iter_select(self, country: str | None = None, kind: str | None = None) -> Iterator[Entry]:
        """Like ``select``, one entry at a time (an export of 100,000 stays small)."""
        return _parsed(self.iter_shown(country, kind))

    def iter_shown(self, country: str | None = None, kind: str | None = None) -> Iterator[bytes]:
        """The entries of ``select`` as ``--json`` shows them, as kept: an export is a copy."""
        where, params = self._filter(country, kind)
        if not country:
            # Most of the file is read: mapped, not a system call per page (a third
            # of the time). Not for every query: mapped pages count as memory.
            self.conn.execute("PRAGMA mmap_size = 536870912")
        rows = self.conn.execute(
            f"SELECT shown FROM entries {where} ORDER BY country, kind = 'contact', sortname, id",
            params,
        )
        return (shown for (shown,) in rows)

    def iter_all(self) -> Iterator[Entry]:
        """Every entry, in the order of their doc ids as numbers."""
        return _parsed(shown for (shown,) in self.conn.execute("SELECT shown FROM entries"))

    def select_rids(self, country: str | None = None, kind: str | None = None) -> list[int]:
        where, params = self._filter(country, kind)
        return [r for (r,) in self.conn.execute(f"SELECT rid FROM entries {where}", params)]

    def coverage(self) -> list[tuple[str, int, int]]:
        """(country, contacts, hotlines) for every country with an entry."""
        # Only what entries_order holds (a hotline is any entry not a contact): SQLite
        # reads that index alone, not the entries (0.02 s instead of 0.5 s at 100,000).
        rows = self.conn.execute(
            "SELECT country, SUM(kind = 'contact'), COUNT(*) - SUM(kind = 'contact') "
            "FROM entries GROUP BY country ORDER BY country"
        )
        return [(str(c), int(n), int(h)) for c, n, h in rows]

    def ids(self) -> list[tuple[str, str]]:
        """(id, name) of every entry."""
        return [(str(i), str(n)) for i, n in self.conn.execute("SELECT id, name FROM entries")]

    def phones_with_suffix(self, suffix: str) -> list[tuple[int, str]]:
        """(rid, digits) of stored numbers whose digits end with ``suffix``."""
        rev = suffix[::-1]
        rows = self.conn.execute(
            "SELECT rid, rkey FROM phones WHERE rkey >= ? AND rkey < ?", (rev, rev + ":")
        )
        return [(rid, rkey[::-1]) for rid, rkey in rows]

    def emails_matching(self, column: str, value: str) -> list[tuple[int, str]]:
        assert column in ("email", "local", "domain")
        if column == "local":
            # The addresses that start with "value@": a range of the table's own key.
            rows = self.conn.execute(
                "SELECT rid, email FROM emails WHERE email >= ? AND email < ?",
                (value + "@", value + "@\U0010ffff"),
            )
            return [(int(r), str(e)) for r, e in rows if e.rpartition("@")[0] == value]
        rows = self.conn.execute(f"SELECT rid, email FROM emails WHERE {column} = ?", (value,))
        return [(int(r), str(e)) for r, e in rows]

    def entry_terms(self, rids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
        """rid -> (term, field) pairs, worked out again from the entries."""
        memo: dict[str, list[str]] = {}
        return {rid: sorted(entry_terms(e, memo)) for rid, e in self.by_rids(rids).items()}

    # -- reading for search (ctdir.search): bounded lookups, never a full scan ------

    def term_df(self, term: str) -> int | None:
        row = self.conn.execute("SELECT df FROM vocab WHERE term = ?", (term,)).fetchone()
        return int(row[0]) if row else None

    def terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """(term, df) of terms that extend ``prefix``, shortest first."""
        return self.conn.execute(
            "SELECT term, df FROM vocab WHERE term > ? AND term < ? "
            "ORDER BY length(term), term LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        ).fetchall()

    def terms_starting(self, initial: str, min_len: int, max_len: int) -> list[tuple[str, int]]:
        """(term, df) of terms beginning with ``initial`` within a length range.

        A range of the vocabulary's primary key: a share of it, not all of it.
        """
        return self.conn.execute(
            "SELECT term, df FROM vocab WHERE term >= ? AND term < ? "
            "AND length(term) BETWEEN ? AND ? ORDER BY term",
            (initial, initial + "\uffff", min_len, max_len),
        ).fetchall()

    def postings_of(
        self, terms: Sequence[str], rids: Sequence[int] | None = None
    ) -> list[tuple[str, int, int]]:
        """(term, rid, field) for ``terms``, all of them or only those of ``rids``."""
        out: list[tuple[str, int, int]] = []
        if rids is None:
            for term in terms:
                out.extend(_postings_rows(term, self._postings(term)))
            return out
        wanted = set(terms)
        for rid, pairs in self.entry_terms(list(rids)).items():
            out.extend((term, rid, field) for term, field in pairs if term in wanted)
        return out

    def some_postings(self, terms: Sequence[str], limit: int) -> list[tuple[str, int, int]]:
        """Up to ``limit`` (term, rid, field) rows for ``terms``, in index order (cheap, stable)."""
        out: list[tuple[str, int, int]] = []
        for term in sorted(set(terms)):
            if len(out) >= limit:
                break
            out.extend(
                itertools.islice(_postings_rows(term, self._postings(term)), limit - len(out))
            )
        return out

    def sort_keys(self, rids: Iterable[int]) -> dict[int, tuple[str, str, str, str, str]]:
        """rid -> (id, kind, country, sortname, name): what ranking and filtering need."""
        wanted = list(rids)
        out: dict[int, tuple[str, str, str, str, str]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rid, *rest in self.conn.execute(
                f"SELECT rid, id, kind, COALESCE(country, ''), sortname, name FROM entries "
                f"WHERE rid IN ({marks})",
                chunk,
            ):
                out[rid] = (rest[0], rest[1], rest[2], rest[3], rest[4])
        return out

    def email_domains(self) -> list[str]:
        """Every domain of an address in the directory, sorted (for "did you mean")."""
        rows = self.conn.execute("SELECT DISTINCT domain FROM emails ORDER BY domain")
        return [str(d) for (d,) in rows]

    def rids_at_domain(
        self,
        domain: str,
        among: Sequence[int] | None = None,
        limit: int | None = None,
        kind: str | None = None,
        country: str | None = None,
    ) -> set[int]:
        """Entries with an address at ``domain``: those of ``among``, or up to ``limit``."""
        if among is not None:
            found: set[int] = set()
            for start in range(0, len(among), 500):
                chunk = list(among[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self.conn.execute(
                    f"SELECT rid FROM emails WHERE domain = ? AND rid IN ({marks})",
                    (domain, *chunk),
                )
                found.update(r for (r,) in rows)
            return found
        clauses, params = ["m.domain = ?"], [domain]
        if kind:
            clauses.append("e.kind = ?")
            params.append(kind)
        if country:
            clauses.append("e.country = ?")
            params.append(country)
        join = " JOIN entries e ON e.rid = m.rid" if kind or country else ""
        rows = self.conn.execute(
            f"SELECT DISTINCT m.rid FROM emails m{join} WHERE {' AND '.join(clauses)} LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return {r for (r,) in rows}
