"""Import: every record through the checks of ``add``, then one batch write.

Two phases. Outside the lock, each record is validated on its own
(``validate.check_entry``: country, numbers, emails), the costly part.
Under the lock, in one transaction, each record is matched against the
store (same id; same number, email or near name, as ``validate.duplicates``
judges) and against the file's earlier records, then every new entry is
inserted at once: one file write and one index update however many rows.
Matching uses keys computed once (sets of numbers and emails, per-country
name lists) so that it stays linear; ``validate.duplicates`` is asked only
about records whose name comes near one in the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ctdir.errors import InvalidInput
from ctdir.interop.records import ParsedFile, Record
from ctdir.model import TEXT_FIELDS, Entry, new_id, now_iso

if TYPE_CHECKING:
    from ctdir.store import Directory, Transaction

# An id worth keeping: short, lower-case letters and digits (what model.new_id makes,
# and the seed's hand-made ids), inner "-" or "_" allowed. A vCard's UUID or URN is
# not one and gets a new id; `show` lower-cases what it is given, so case matters.
_ID_SHAPE = re.compile(r"^[0-9a-z](?:[0-9a-z_-]{2,30})[0-9a-z]$")

ADDED, MERGED, SKIPPED, INVALID = "added", "merged", "skipped", "invalid"


@dataclass
class Outcome:
    """What happened to one record."""

    where: str
    name: str
    action: str  # ADDED, MERGED, SKIPPED or INVALID
    detail: str = ""  # the reason, or the entry it was merged into
    entry_id: str | None = None
    hints: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    outcomes: list[Outcome]
    file_warnings: list[str]
    dry_run: bool
    written: bool = False
    aborted: bool = False  # invalid records stopped it (all-or-nothing): nothing written

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def having(self, action: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.action == action]


@dataclass
class _Candidate:
    record: Record
    entry: Entry
    warnings: list[str]  # probably wrong: a number invalid today, a guessed country
    notes: list[str]  # worth knowing: a number of another country, a short code

    @cached_property
    def number_keys(self) -> list[tuple[str, ...]]:
        return _number_keys(self.entry)

    @cached_property
    def name_key(self) -> str:
        return name_key(self.entry.get("name") or "")


def detect_format(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".vcf", ".vcard")):
        return "vcard"
    return None


def sniff_format(data: bytes) -> str:
    """For stdin, which has no extension: JSON, vCard, else CSV."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{"):
        return "json"
    if b"BEGIN:VCARD" in head.upper():
        return "vcard"
    return "csv"


def read_file(data: bytes, fmt: str, source_name: str = "") -> ParsedFile:
    if fmt == "json":
        from ctdir.interop.jsonio import read_json

        return read_json(data)
    if fmt == "csv":
        from ctdir.interop.csvio import read_csv

        return read_csv(data)
    if fmt == "vcard":
        from ctdir.interop.vcard import read_vcard

        return read_vcard(data, source_name)
    raise InvalidInput(f"unknown format {fmt!r} (json, csv or vcard)")


# -- phase 1: each record on its own --------------------------------------------


class _Countries:
    """Country resolution once per distinct spelling: a 10,000-row file names ~200."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, str | None] | InvalidInput] = {}

    def resolve(self, text: str) -> tuple[str, str | None]:
        """(code, a warning when the spelling was read as a typo) or InvalidInput."""
        found = self._cache.get(text)
        if found is None:
            from ctdir.validate import resolve_country_input

            try:
                match = resolve_country_input(text)
            except InvalidInput as exc:
                found = exc
            else:
                guess = f"country {text!r} read as {match.name} ({match.code})"
                found = (match.code, guess if match.how == "fuzzy" else None)
            self._cache[text] = found
        if isinstance(found, InvalidInput):
            raise InvalidInput(found.message, found.hints)  # a fresh one: no shared traceback
        return found


def _keep_phone_patterns() -> None:
    """Let phonenumbers keep its compiled patterns for the whole import.

    Numbers from many countries overflow the re module's cache (512 patterns),
    and phonenumbers then recompiles its metadata patterns for nearly every
    number: most of a large import's time.
    """
    from phonenumbers import re_util

    enable = getattr(re_util, "enable_pattern_cache", None)  # phonenumbers >= 9.0.x
    if enable is not None:
        enable()


def infer_country(phones: Iterable[Any]) -> tuple[str, str] | None:
    """(country, number) from the first phone written with a country code."""
    import phonenumbers

    from ctdir.countries import is_country_code

    for item in phones:
        number = str(item.get("number") if isinstance(item, Mapping) else item).strip()
        if ":" in number:
            number = number.rpartition(":")[2].strip()
        if not number.startswith("+"):
            continue  # without "+" the country code cannot be told from a trunk prefix
        try:
            parsed = phonenumbers.parse(re.sub(r"^\+\s*\+", "+", number), None)
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(parsed) or (
            phonenumbers.region_code_for_country_code(parsed.country_code or 0)
        )
        if region and is_country_code(region):
            return region, number
    return None


def _timestamp(value: str | None, what: str) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{what} must be an ISO timestamp such as 2024-03-02T10:00:00Z"
        ) from None
    return text


def _prepare(record: Record, default_country: str | None, countries: _Countries) -> _Candidate:
    """Validate one record into an entry without id; InvalidInput names the problem."""
    from ctdir.validate import check_entry

    if record.error:
        raise InvalidInput(record.error)
    kind = record.kind or "contact"
    values = dict(record.values)
    if not record.name:
        raise InvalidInput(f"a {kind} needs a name")
    warnings: list[str] = []
    written = str(values.pop("country", None) or "").strip()
    if written:
        country, guess = countries.resolve(written)
        if guess:
            warnings.append(guess)
    elif default_country:
        country = default_country
    else:
        inferred = infer_country(values.get("phones") or [])
        if inferred is None:
            # Say also what --country alone would not fix, so one pass finds both.
            problems = ["no country (use --country)"]
            if not values.get("phones") and (kind == "hotline" or not values.get("emails")):
                problems.insert(0, "no number" if kind == "hotline" else "no phone number or email")
            raise InvalidInput("; ".join(problems))
        country = inferred[0]
        warnings.append(f"country {country} taken from the number {inferred[1]}")
    values["country"] = country
    checked = check_entry(kind, values)
    entry = checked.entry
    entry["created"] = _timestamp(record.created, "created")
    entry["updated"] = _timestamp(record.updated, "updated")
    return _Candidate(record, entry, warnings + record.warnings + checked.warnings, checked.notes)


# -- phase 2: against the store and each other -----------------------------------


def name_key(name: str) -> str:
    """Folded words, sorted: fuzz.ratio of two keys is validate.duplicates' name score.

    (rapidfuzz's token_sort_ratio is ratio over the whitespace-split, sorted,
    space-joined strings; computing the keys once makes comparing one name
    with thousands a single call into C.)
    """
    from ctdir.text import fold

    return " ".join(sorted(fold(name).split()))


class _Names:
    """Names by country, compared as validate.duplicates compares them."""

    def __init__(self, cutoff: float) -> None:
        self.cutoff = cutoff
        self.keys: dict[str, list[str]] = {}
        self.refs: dict[str, list[Any]] = {}

    def add(self, country: str, key: str, ref: Any) -> None:
        if key:
            self.keys.setdefault(country, []).append(key)
            self.refs.setdefault(country, []).append(ref)

    def find(self, country: str, key: str) -> Any | None:
        choices = self.keys.get(country)
        if not key or not choices:
            return None
        from rapidfuzz import fuzz, process

        found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
        return self.refs[country][found[2]] if found else None


def _number_keys(entry: Entry) -> list[tuple[str, ...]]:
    """Same number or email as keys, in validate.duplicates' order of reasons.

    E.164 numbers, then short codes (the same only in the same country), then
    emails (any case). The last item of each key is what the user wrote.
    """
    from ctdir.phones import digits

    country = entry.get("country") or ""
    numbers: list[tuple[str, ...]] = []
    short: list[tuple[str, ...]] = []
    for phone in entry.get("phones") or []:
        number = str(phone.get("number") or "")
        if phone.get("e164"):
            numbers.append(("number", digits(str(phone["e164"])), number))
        elif digits(number):
            short.append(("short", country, digits(number), number))
    emails = [("email", str(e).lower(), str(e)) for e in entry.get("emails") or []]
    return numbers + short + emails


def _key_reason(key: tuple[str, ...]) -> str:
    if key[0] == "number":
        return f"same number {key[2]}"
    if key[0] == "short":
        return f"same number {key[3]} in {key[1]}"
    return f"same email {key[2]}"


class _StoreKeys:
    """The store's numbers, emails and names, so that most records need no scan.

    validate.duplicates compares a record's name with every entry of its
    country, loading each: fine for one ``add``, quadratic for an import.
    Here the same comparisons run against keys computed once: a number or
    email key names the entry at once (validate.duplicates would give it as
    the first reason), and only a record whose name comes near one in the
    store (with a margin on the score) is handed to validate.duplicates.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        from ctdir.validate import NAME_SIMILARITY

        self.keys: dict[tuple[str, ...], str] = {}
        self.names = _Names(NAME_SIMILARITY - 1.0)
        for entry in entries:
            for key in _number_keys(entry):
                self.keys.setdefault(key[:-1], entry["id"])
            if entry.get("name") and entry.get("country"):
                self.names.add(entry["country"], name_key(entry["name"]), entry["id"])

    def by_number(
        self, entry: Entry, keys: list[tuple[str, ...]] | None = None
    ) -> tuple[str, str] | None:
        """(id, reason) of the first stored entry with one of ``entry``'s numbers or emails."""
        for key in _number_keys(entry) if keys is None else keys:
            found = self.keys.get(key[:-1])
            if found is not None and found != entry.get("id"):
                return found, _key_reason(key)
        return None

    def near_name(self, entry: Entry, key: str | None = None) -> bool:
        key = name_key(entry.get("name") or "") if key is None else key
        return self.names.find(entry.get("country") or "", key) is not None


def _phone_key(phone: Mapping[str, Any]) -> str:
    from ctdir.phones import digits

    return str(phone.get("e164") or digits(str(phone.get("number") or "")))


def merge_entries(base: Entry, incoming: Entry) -> Entry | None:
    """``base`` with its empty fields filled and new phones, emails and languages added.

    None when ``incoming`` brings nothing new. The result passes check_entry
    again (with base's country, so added numbers are read as base's).
    """
    from ctdir.validate import check_entry

    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, "verified"):
        if not base.get(name) and incoming.get(name):
            values[name] = incoming[name]
    have = {_phone_key(p) for p in base.get("phones") or []}
    phones = [p for p in incoming.get("phones") or [] if _phone_key(p) not in have]
    if phones:
        values["phones"] = list(base.get("phones") or []) + phones
    for name in ("emails", "languages"):
        present = {v.casefold() for v in base.get(name) or []}
        new = [v for v in incoming.get(name) or [] if v.casefold() not in present]
        if new:
            values[name] = list(base.get(name) or []) + new
    if not values:
        return None
    return check_entry(base["kind"], values, base=base).entry


def _file_id(record: Record) -> str:
    # ctdir makes lower-case ids and `show` lower-cases what it is given; a
    # spreadsheet may have capitalised one.
    return (record.entry_id or "").strip().lower()


class _Matcher:
    """Decides, record by record, whether each is new, a duplicate, or a merge."""

    def __init__(self, txn: Transaction, merge: bool) -> None:
        from ctdir.validate import NAME_SIMILARITY

        self.txn = txn
        self.merge = merge
        # Opened even when no duplicate check needs it: the write then updates
        # it in place, and the next lookup finds it fresh.
        self.index = txn.index
        self.store = _StoreKeys(txn.entries())
        self.taken = set(txn.taken_ids())
        self.retired = set(txn.retired_ids())
        self.new: list[Entry] = []  # in file order
        self.new_where: list[str] = []
        self.merged: dict[str, Entry] = {}  # existing id -> merged version
        # Earlier records of the file: -> ("new", position in self.new) or ("old", id).
        self.by_key: dict[tuple[str, ...], tuple[str, Any]] = {}
        self.by_file_id: dict[str, tuple[str, Any]] = {}
        self.names = _Names(NAME_SIMILARITY)
        self.now = now_iso()

    def _describe(self, target: tuple[str, Any]) -> str:
        where, ref = target
        if where == "new":
            entry = self.new[ref]
            return f"{entry['name']} ({self.new_where[ref]} of this file)"
        entry = self.merged.get(ref) or self.txn.get(ref) or {"name": "?"}
        return f"{entry['name']} [{ref}]"

    def _target(self, cand: _Candidate) -> tuple[tuple[str, Any], str, bool] | None:
        """(the entry ``cand`` duplicates, why, whether only by name), or None."""
        raw_id = _file_id(cand.record)
        entry = cand.entry
        if raw_id:
            if self.txn.get(raw_id) is not None:
                return ("old", raw_id), f"same id {raw_id}", False
            if raw_id in self.by_file_id:
                return self.by_file_id[raw_id], f"same id {raw_id}", False
        found = self.store.by_number(entry, cand.number_keys)
        if found is not None:
            return ("old", found[0]), found[1], False
        if self.store.near_name(entry, cand.name_key):
            from ctdir.validate import duplicates

            # No number or email in common (by_number found none): a name match.
            for existing, why in duplicates(self.index, entry):
                return ("old", existing["id"]), why, True
        for key in cand.number_keys:
            if key[:-1] in self.by_key:
                return self.by_key[key[:-1]], _key_reason(key), False
        country = entry.get("country") or ""
        target = self.names.find(country, cand.name_key)
        if target is not None:
            return target, f"same name in {country}", True
        return None

    def _register(self, cand: _Candidate, target: tuple[str, Any]) -> None:
        raw_id = _file_id(cand.record)
        if raw_id:
            self.by_file_id.setdefault(raw_id, target)
        for key in cand.number_keys:
            self.by_key.setdefault(key[:-1], target)

    def _add(self, cand: _Candidate) -> Outcome:
        entry = dict(cand.entry)
        raw_id = _file_id(cand.record)
        warnings = list(cand.warnings)
        if raw_id and _ID_SHAPE.match(raw_id) and raw_id not in self.taken:
            entry_id = raw_id  # a round trip keeps ids
        else:
            if raw_id in self.retired:
                warnings.append(f"id {raw_id} belonged to a removed entry; given a new id")
            entry_id = new_id(self.taken)  # not validate.stamp_new: it copies `taken` per call
        self.taken.add(entry_id)
        entry["id"] = entry_id
        entry["created"] = entry.get("created") or self.now
        entry["updated"] = entry.get("updated") or entry["created"]
        self.new.append(entry)
        self.new_where.append(cand.record.where)
        target = ("new", len(self.new) - 1)
        self._register(cand, target)
        self.names.add(entry.get("country") or "", cand.name_key, target)
        return Outcome(
            cand.record.where,
            entry["name"],
            ADDED,
            "",
            entry_id,
            warnings=warnings,
            notes=cand.notes,
        )

    def place(self, cand: _Candidate) -> Outcome:
        found = self._target(cand)
        if found is None:
            return self._add(cand)
        target, reason, by_name = found
        self._register(cand, target)
        where, name = cand.record.where, cand.entry["name"]
        described = self._describe(target)
        if not self.merge:
            return Outcome(where, name, SKIPPED, f"duplicate of {described}: {reason}")
        if by_name:
            # Two people may share a name; merging one's numbers into the other's
            # entry would send a caller to the wrong person. Skip, and say so.
            return Outcome(
                where,
                name,
                SKIPPED,
                f"possible duplicate of {described}: {reason}; not merged, as they share "
                "no number, email or id (add it with `ctdir add --force` if it is someone else)",
            )
        kind, ref = target
        base = self.new[ref] if kind == "new" else self.merged.get(ref) or self.txn.get(ref)
        assert base is not None
        try:
            merged = merge_entries(base, cand.entry)
        except InvalidInput as exc:
            return Outcome(where, name, INVALID, f"cannot merge into {described}: {exc.message}")
        if merged is None:
            return Outcome(
                where, name, SKIPPED, f"duplicate of {described} ({reason}), nothing new"
            )
        if kind == "new":
            self.new[ref] = merged
        else:
            self.merged[ref] = merged
        return Outcome(
            where,
            name,
            MERGED,
            f"into {described} ({reason})",
            merged["id"],
            warnings=cand.warnings,
            notes=cand.notes,
        )


# -- the whole import --------------------------------------------------------------


def import_records(
    directory: Directory,
    parsed: ParsedFile,
    *,
    default_country: str | None = None,
    merge: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Check every record, then add, merge or skip each in one transaction.

    All-or-nothing unless ``skip_invalid``: one invalid record and nothing is
    written (the report lists every problem). ``dry_run`` never writes.
    """
    _keep_phone_patterns()
    countries = _Countries()
    outcomes: list[Outcome | None] = []
    candidates: list[tuple[int, _Candidate]] = []
    for record in parsed.records:
        try:
            candidate = _prepare(record, default_country, countries)
        except InvalidInput as exc:
            outcomes.append(
                Outcome(record.where, record.name, INVALID, exc.message, hints=exc.hints)
            )
            continue
        candidates.append((len(outcomes), candidate))
        outcomes.append(None)

    report = ImportReport([], parsed.warnings, dry_run)
    with directory.transaction() as txn:
        matcher = _Matcher(txn, merge)
        for position, candidate in candidates:
            outcomes[position] = matcher.place(candidate)
        report.outcomes = [o for o in outcomes if o is not None]
        report.aborted = bool(report.count(INVALID)) and not skip_invalid
        if dry_run or report.aborted:
            return report
        txn.insert(matcher.new)
        for entry in matcher.merged.values():
            txn.replace(entry)
        report.written = bool(matcher.new or matcher.merged)
    return report
