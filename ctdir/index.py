"""A derived search index kept next to the store (``<store>.index``, SQLite).

The TinyDB file is the only source of truth. The index records the file
signature (inode, size, mtime, ctime) of the version it was built from and is
rebuilt transparently whenever the store changes behind ctdir's back (an
editor, ``git pull``). ctdir's own writes update it in place under the store
lock. Builds go to a temporary file that is renamed into place, so two
processes racing to rebuild each leave a whole index. Where the folder is not
writable the index is built in memory for the one run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ctdir import __version__
from ctdir.model import Entry
from ctdir.phones import digits
from ctdir.text import fold_words

if TYPE_CHECKING:
    from ctdir.store import Directory, SpliceTransaction, Transaction

INDEX_FORMAT = "8"

# Term fields and how much a match in each counts. "email" holds the words of
# the addresses' local parts ("nchimedza", "john.smith" -> "john", "smith").
FIELD_NAMES = ("name", "office", "city", "organization", "title", "email", "country")
FIELD_WEIGHTS = (1.0, 0.9, 0.9, 0.8, 0.8, 0.85, 0.75)
FIELD_EMAIL = FIELD_NAMES.index("email")
FIELD_COUNTRY = FIELD_NAMES.index("country")

# Phone keys: digits as written, and the E.164 digits.
KEY_RAW = 0
KEY_E164 = 1

_TABLES = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE entries (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, country TEXT,
    sortname TEXT NOT NULL, name TEXT NOT NULL, doc BLOB NOT NULL, docid TEXT,
    shown BLOB NOT NULL);
CREATE TABLE terms (term TEXT NOT NULL, rid INTEGER NOT NULL, field INTEGER NOT NULL);
CREATE TABLE vocab (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE phones (rkey TEXT NOT NULL, rid INTEGER NOT NULL, keykind INTEGER NOT NULL);
CREATE TABLE emails (email TEXT NOT NULL, local TEXT NOT NULL, domain TEXT NOT NULL,
    rid INTEGER NOT NULL);
CREATE TABLE formats (e164 TEXT PRIMARY KEY, international TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE warnings (k TEXT PRIMARY KEY, texts BLOB NOT NULL) WITHOUT ROWID;
"""
# Created after a bulk load: building a B-tree once is far cheaper than row by row.
_INDEXES = """
CREATE UNIQUE INDEX entries_id ON entries (id);
CREATE INDEX entries_country ON entries (country, kind);
CREATE INDEX entries_order ON entries (country, kind = 'contact', sortname, id);
CREATE INDEX entries_docid ON entries (docid);
CREATE INDEX terms_term ON terms (term);
CREATE INDEX terms_rid ON terms (rid);
CREATE INDEX phones_rkey ON phones (rkey);
CREATE INDEX phones_rid ON phones (rid);
CREATE INDEX emails_email ON emails (email);
CREATE INDEX emails_local ON emails (local);
CREATE INDEX emails_domain ON emails (domain);
CREATE INDEX emails_rid ON emails (rid);
"""
_CHUNK = 2000
_DIGITS_TO_SPACE = str.maketrans("0123456789", " " * 10)


def _version_tag() -> str:
    return f"{INDEX_FORMAT}/{__version__}"


def _country_words(code: str | None) -> list[str]:
    if not code:
        return []
    from ctdir.countries import country_name

    try:
        return fold_words(country_name(code))
    except KeyError:
        return []


def entry_terms(entry: Entry, memo: dict[str, list[str]] | None = None) -> set[tuple[str, int]]:
    """(folded word, field number) pairs of an entry; ``memo`` caches folding across entries."""
    memo = {} if memo is None else memo
    terms: set[tuple[str, int]] = set()
    for field_no, field in enumerate(FIELD_NAMES[:FIELD_EMAIL]):
        value = entry.get(field)
        if value:
            text = str(value)
            words = memo.get(text)
            if words is None:
                words = [w for w in fold_words(text) if len(w) > 1]
                # Offices, cities, titles repeat; names mostly don't, and would only fill memory.
                if field_no != 0:
                    memo[text] = words
            terms.update((w, field_no) for w in words)
    code = entry.get("country") or ""
    key = "\0" + code
    if key not in memo:
        memo[key] = _country_words(code)
    terms.update((w, FIELD_COUNTRY) for w in memo[key])
    for email in entry.get("emails") or []:
        terms.update((w, FIELD_EMAIL) for w in email_words(str(email)))
    return terms


def email_words(email: str) -> list[str]:
    """Words of an address's local part, digits dropped: "j.smith2@x.org" -> ["smith"]."""
    local = email.rpartition("@")[0] or email
    return [w for w in fold_words(local.translate(_DIGITS_TO_SPACE)) if len(w) > 1]


def phone_keys(entry: Entry) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for phone in entry.get("phones") or []:
        raw = digits(phone.get("number") or "")
        if raw:
            keys.add((raw[::-1], KEY_RAW))
        e164 = digits(phone.get("e164") or "")
        if e164:
            keys.add((e164[::-1], KEY_E164))
    return keys


class Source:
    """What an index is built from: (TinyDB doc id, entry) pairs and the store's layout."""

    def __init__(
        self, pairs: Callable[[], Iterator[tuple[str, Entry]]], canonical: bool, meta: Any
    ) -> None:
        self.pairs = pairs
        # Canonical: the file is in ctdir's own layout, so writes may splice it.
        self.canonical = canonical
        self.meta = meta

    @classmethod
    def of_data(cls, data: dict[str, Any], canonical: bool = False) -> Source:
        from ctdir.store import ENTRIES, META

        return cls(lambda: iter(data.get(ENTRIES, {}).items()), canonical, data.get(META))


def _entries_of(directory: Directory, raw: bytes) -> Source:
    """The entries of a store file's bytes, one at a time when the layout allows it."""
    from ctdir.rawstore import iter_docs, scan
    from ctdir.store import ENTRIES, META, parse

    layout = scan(raw)
    if layout is None:
        return Source.of_data(parse(directory.path, raw))
    # The same checks as a whole parse: the schema version here, each entry as it comes.
    parse(directory.path, orjson.dumps({ENTRIES: {}, META: layout.meta}))

    def pairs() -> Iterator[tuple[str, Entry]]:
        seen: dict[str, str] = {}
        return ((i, _checked(directory, i, doc, seen)) for i, doc in iter_docs(raw, layout))

    return Source(
        pairs,
        True,
        layout.meta,
    )


def _checked(directory: Directory, doc_id: str, doc: Any, seen: dict[str, str]) -> Entry:
    from ctdir.store import check_doc

    check_doc(directory.path, doc_id, doc, seen)
    return doc


def _shown(entry: Entry) -> bytes:
    """The entry as an element of a ``--json`` array, ready to paste (see ``iter_shown``)."""
    from ctdir.countries import country_label
    from ctdir.model import to_output

    body = orjson.dumps(
        to_output(entry, country_label(entry.get("country"))), option=orjson.OPT_INDENT_2
    )
    return b"  " + body.replace(b"\n", b"\n  ")


def sort_name(entry: Entry) -> str:
    return " ".join(fold_words(entry.get("name") or ""))


class Index:
    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    # -- opening and building -------------------------------------------------

    @classmethod
    def open(cls, directory: Directory) -> Index:
        """An index fresh for the store as it is now; rebuilt if it is stale."""
        from ctdir.store import file_signature

        for _attempt in range(3):
            signature = file_signature(directory.path)
            existing = cls._open_existing(directory.index_path, signature)
            if existing is not None:
                return existing
            directory.ensure()
            raw = directory.read_raw()
            if file_signature(directory.path) == signature:
                break
        else:
            signature = ""  # the store keeps changing under us: answer from what we read last
        return cls._build(directory, _entries_of(directory, raw), signature)

    @classmethod
    def for_data(cls, directory: Directory, data: dict[str, Any], signature: str) -> Index:
        """Inside a transaction: the index for ``data``, the version read under the lock."""
        from ctdir.store import ENTRIES

        existing = cls._open_existing(directory.index_path, signature)
        if existing is not None:
            return existing
        del ENTRIES
        return cls._build(directory, Source.of_data(data), signature)

    @classmethod
    def after_write(cls, directory: Directory, txn: Transaction | SpliceTransaction) -> None:
        """Bring the on-disk index up to date with a write made under the lock."""
        from ctdir.store import file_signature

        index = txn._index
        if index is None or index.path is None:
            index = cls._open_existing(directory.index_path, txn.read_signature)
        elif index.signature() != txn.read_signature:
            index = None
        if index is None:
            return  # stale or missing: the next reader rebuilds it
        try:
            doc_ids = txn.doc_ids  # before the removals below: it may ask the index
            with index.conn:
                index._remove_ids(txn.removed + [e["id"] for e in txn.added])
                index._insert((doc_ids.get(e["id"]), e) for e in txn.added)
                index._set_meta("signature", file_signature(directory.path))
                index._set_meta("canonical", "1" if txn.canonical else "0")
                index._set_meta("store_meta", orjson.dumps(txn.store_meta()).decode())
        except sqlite3.Error:
            # A failed update must not leave a wrong index that claims to be fresh.
            with contextlib.suppress(OSError):
                directory.index_path.unlink()

    @classmethod
    def in_memory(cls, data: dict[str, Any]) -> Index:
        """An index of ``data`` that lives only in this process (no cache file)."""
        from ctdir.store import ENTRIES

        del ENTRIES
        conn = sqlite3.connect(":memory:")
        cls._fill(conn, Source.of_data(data), "")
        return cls(conn, None)

    @classmethod
    def _open_existing(cls, path: Path, signature: str) -> Index | None:
        if os.environ.get("CTDIR_NO_INDEX"):
            return None
        if not signature or not path.exists():
            return None
        try:
            conn = sqlite3.connect(path, timeout=10, isolation_level=None)
            conn.execute("BEGIN")
            row = conn.execute("SELECT v FROM meta WHERE k = 'signature'").fetchone()
            tag = conn.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
            conn.execute("COMMIT")
        except sqlite3.Error:
            return None
        if row is None or row[0] != signature or tag is None or tag[0] != _version_tag():
            conn.close()
            return None
        conn.isolation_level = "DEFERRED"
        return cls(conn, path)

    @classmethod
    def _build(cls, directory: Directory, source: Source, signature: str) -> Index:
        if os.environ.get("CTDIR_NO_INDEX"):
            conn = sqlite3.connect(":memory:")
            cls._fill(conn, source, signature)
            return cls(conn, None)
        target = directory.index_path
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            # Created private before SQLite opens it: the index holds the directory's data.
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            conn = sqlite3.connect(tmp)
            try:
                cls._fill(conn, source, signature)
            finally:
                conn.close()
            os.replace(tmp, target)
            return cls(sqlite3.connect(target, timeout=10), target)
        except (sqlite3.Error, OSError):
            # A read-only folder or a full disk: index in memory for this run.
            with contextlib.suppress(OSError):
                tmp.unlink()
        except BaseException:
            # A broken store (StoreError) or an interrupt: leave no half-built copy behind.
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        conn = sqlite3.connect(":memory:")
        cls._fill(conn, source, signature)
        return cls(conn, None)

    @staticmethod
    def _fill(conn: sqlite3.Connection, source: Source, signature: str) -> None:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_TABLES)
        index = Index(conn, None)
        df: dict[str, int] = {}
        memo: dict[str, list[str]] = {}
        pairs = source.pairs()
        with conn:
            while chunk := list(itertools.islice(pairs, _CHUNK)):
                index._insert(chunk, df, memo)
            conn.executemany("INSERT INTO vocab (term, df) VALUES (?, ?)", df.items())
            conn.executescript(_INDEXES)
            index._set_meta("signature", signature)
            index._set_meta("version", _version_tag())
            index._set_meta("canonical", "1" if source.canonical else "0")
            index._set_meta("store_meta", orjson.dumps(source.meta).decode())
        conn.execute("PRAGMA journal_mode = DELETE")

    # -- writing ------------------------------------------------------------------

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, value))

    def _insert(
        self,
        entries: Iterable[tuple[str | None, Entry]],
        df: dict[str, int] | None = None,
        memo: dict[str, list[str]] | None = None,
    ) -> None:
        """Add entries; with ``df`` the caller collects document frequencies itself (bulk)."""
        conn = self.conn
        counts: dict[str, int] = {} if df is None else df
        terms: list[tuple[str, int, int]] = []
        phones: list[tuple[str, int, int]] = []
        emails: list[tuple[str, str, str, int]] = []
        cursor = conn.execute("SELECT COALESCE(MAX(rid), 0) FROM entries")
        rid = int(cursor.fetchone()[0])
        rows = []
        for docid, entry in entries:
            rid += 1
            rows.append(
                (
                    rid,
                    entry["id"],
                    entry.get("kind") or "contact",
                    entry.get("country"),
                    sort_name(entry),
                    entry.get("name") or "",
                    orjson.dumps(entry),
                    docid,
                    _shown(entry),
                )
            )
            pairs = entry_terms(entry, memo)
            terms.extend((term, rid, field) for term, field in pairs)
            for term in {t for t, _ in pairs}:
                counts[term] = counts.get(term, 0) + 1
            phones.extend((key, rid, kind) for key, kind in phone_keys(entry))
            for email in entry.get("emails") or []:
                lowered = email.lower()
                local, _, domain = lowered.rpartition("@")
                emails.append((lowered, local, domain, rid))
        conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO terms VALUES (?, ?, ?)", terms)
        conn.executemany("INSERT INTO phones VALUES (?, ?, ?)", phones)
        conn.executemany("INSERT INTO emails VALUES (?, ?, ?, ?)", emails)
        if df is None:
            conn.executemany(
                "INSERT INTO vocab (term, df) VALUES (?, ?) "
                "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
                counts.items(),
            )

    def _remove_ids(self, ids: Sequence[str]) -> None:
        conn = self.conn
        for entry_id in ids:
            row = conn.execute("SELECT rid FROM entries WHERE id = ?", (entry_id,)).fetchone()
            if row is None:
                continue
            rid = row[0]
            for (term,) in conn.execute(
                "SELECT DISTINCT term FROM terms WHERE rid = ?", (rid,)
            ).fetchall():
                conn.execute("UPDATE vocab SET df = df - 1 WHERE term = ?", (term,))
            conn.execute("DELETE FROM vocab WHERE df <= 0")
            for table in ("terms", "phones", "emails", "entries"):
                conn.execute(f"DELETE FROM {table} WHERE rid = ?", (rid,))

    def warm_formats(self, entries: Iterable[Entry]) -> None:
        """Make what showing these entries' numbers needs ready: formats and warnings.

        International formats and the warnings of suspect numbers (which may carry
        a suggested correction) are kept in the index once worked out, so later
        runs skip phonenumbers entirely. Keeping them is best effort: a read-only
        folder or a busy index only costs the work again next time.
        """
        from ctdir.phones import format_e164, remember_formats
        from ctdir.quality import may_need_warning, phone_warnings, remember_warnings, warning_key

        shown = list(entries)
        wanted = {p["e164"] for e in shown for p in e.get("phones") or [] if p.get("e164")}
        suspects = {
            warning_key(p, e.get("country")): (p, e.get("country"))
            for e in shown
            for p in e.get("phones") or []
            if may_need_warning(p, e.get("country"))
        }
        found = dict(self._cached("formats", "e164", "international", sorted(wanted)))
        remember_formats(found)
        cached = self._cached("warnings", "k", "texts", sorted(suspects))
        known = {k: orjson.loads(v) for k, v in cached}
        remember_warnings(known)
        fresh = [(e164, text) for e164 in wanted - found.keys() if (text := format_e164(e164))]
        worked = [
            (key, orjson.dumps(phone_warnings(phone, country)))
            for key, (phone, country) in suspects.items()
            if key not in known
        ]
        if not fresh and not worked:
            return
        with contextlib.suppress(sqlite3.Error), self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO formats VALUES (?, ?)", fresh)
            self.conn.executemany("INSERT OR REPLACE INTO warnings VALUES (?, ?)", worked)

    def _cached(self, table: str, key: str, value: str, keys: list[str]) -> list[tuple[Any, Any]]:
        rows: list[tuple[Any, Any]] = []
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows.extend(
                self.conn.execute(
                    f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({marks})", chunk
                ).fetchall()
            )
        return rows

    # -- reading ------------------------------------------------------------------

    def signature(self) -> str:
        return self._meta("signature")

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    @property
    def canonical(self) -> bool:
        """Whether the indexed store file is in ctdir's own layout (see ctdir.rawstore)."""
        return self._meta("canonical") == "1"

    def store_meta(self) -> Any:
        """The store's meta table as indexed (schema version, retired ids)."""
        return orjson.loads(self._meta("store_meta") or "null")

    def doc_id(self, entry_id: str) -> str | None:
        row = self.conn.execute("SELECT docid FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def max_doc_id(self) -> int:
        row = self.conn.execute("SELECT MAX(CAST(docid AS INTEGER)) FROM entries").fetchone()
        return int(row[0] or 0)

    def next_doc_id_after(self, doc_id: str) -> str | None:
        """The smallest doc id above ``doc_id`` in the file's (string) order."""
        row = self.conn.execute(
            "SELECT MIN(docid) FROM entries WHERE docid > ?", (doc_id,)
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def has_all_doc_ids(self) -> bool:
        row = self.conn.execute("SELECT 1 FROM entries WHERE docid IS NULL LIMIT 1").fetchone()
        return row is None

    def close(self) -> None:
        self.conn.close()

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def _docs(self, sql: str, params: Sequence[Any] = ()) -> list[Entry]:
        return [orjson.loads(row[0]) for row in self.conn.execute(sql, params)]

    def get(self, entry_id: str) -> Entry | None:
        docs = self._docs("SELECT doc FROM entries WHERE id = ?", (entry_id,))
        return docs[0] if docs else None

    def by_rids(self, rids: Iterable[int]) -> dict[int, Entry]:
        wanted = list(rids)
        found: dict[int, Entry] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rid, doc in self.conn.execute(
                f"SELECT rid, doc FROM entries WHERE rid IN ({marks})", chunk
            ):
                found[rid] = orjson.loads(doc)
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

    def _in_order(self, column: str, country: str | None, kind: str | None) -> sqlite3.Cursor:
        """``column`` of the filtered entries in display order (by country, hotlines first)."""
        where, params = self._filter(country, kind)
        return self.conn.execute(
            f"SELECT {column} FROM entries {where} "
            "ORDER BY country, kind = 'contact', sortname, id",
            params,
        )

    def select(self, country: str | None = None, kind: str | None = None) -> list[Entry]:
        """Entries in display order: by country, hotlines first, then by name."""
        return list(self.iter_select(country, kind))

    def iter_select(self, country: str | None = None, kind: str | None = None) -> Iterator[Entry]:
        """Like ``select``, one entry at a time (an export of 100,000 stays small)."""
        return (orjson.loads(row[0]) for row in self._in_order("doc", country, kind))

    def iter_shown(self, country: str | None = None, kind: str | None = None) -> Iterator[bytes]:
        """The entries of ``select`` as elements of a ``--json`` array, already serialised.

        Exporting 100,000 entries is then a copy, not a parse and a serialisation each.
        """
        return (row[0] for row in self._in_order("shown", country, kind))

    def select_rids(self, country: str | None = None, kind: str | None = None) -> list[int]:
        where, params = self._filter(country, kind)
        return [r for (r,) in self.conn.execute(f"SELECT rid FROM entries {where}", params)]

    def coverage(self) -> list[tuple[str, int, int]]:
        """(country, contacts, hotlines) for every country with an entry."""
        rows = self.conn.execute(
            "SELECT country, SUM(kind = 'contact'), SUM(kind = 'hotline') FROM entries "
            "GROUP BY country ORDER BY country"
        )
        return [(str(c), int(n), int(h)) for c, n, h in rows]

    def ids(self) -> list[tuple[str, str]]:
        """(id, name) of every entry."""
        return [(str(i), str(n)) for i, n in self.conn.execute("SELECT id, name FROM entries")]

    def phones_with_suffix(self, suffix: str) -> list[tuple[int, str, int]]:
        """(rid, digits, key kind) of stored numbers whose digits end with ``suffix``."""
        rev = suffix[::-1]
        rows = self.conn.execute(
            "SELECT rid, rkey, keykind FROM phones WHERE rkey >= ? AND rkey < ?",
            (rev, rev + ":"),
        )
        return [(rid, rkey[::-1], kind) for rid, rkey, kind in rows]

    def emails_matching(self, column: str, value: str) -> list[tuple[int, str]]:
        assert column in ("email", "local", "domain")
        rows = self.conn.execute(f"SELECT rid, email FROM emails WHERE {column} = ?", (value,))
        return [(int(r), str(e)) for r, e in rows]

    def entry_terms(self, rids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
        out: dict[int, list[tuple[str, int]]] = {}
        for start in range(0, len(rids), 500):
            chunk = list(rids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for rid, term, field in self.conn.execute(
                f"SELECT rid, term, field FROM terms WHERE rid IN ({marks})", chunk
            ):
                out.setdefault(rid, []).append((term, field))
        return out

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
                out.extend(
                    self.conn.execute("SELECT term, rid, field FROM terms WHERE term = ?", (term,))
                )
            return out
        wanted = set(terms)
        for rid, pairs in self.entry_terms(list(rids)).items():
            out.extend((term, rid, field) for term, field in pairs if term in wanted)
        return out

    def some_postings(self, terms: Sequence[str], limit: int) -> list[tuple[str, int, int]]:
        """Up to ``limit`` (term, rid, field) rows for ``terms``, in index order (cheap, stable)."""
        marks = ",".join("?" * len(terms))
        return self.conn.execute(
            f"SELECT term, rid, field FROM terms WHERE term IN ({marks}) LIMIT ?", (*terms, limit)
        ).fetchall()

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
