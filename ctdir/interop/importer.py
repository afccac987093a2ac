"""Import: every record through the checks of ``add``, then one batch write.

Two phases. Outside the lock, each record is validated on its own
(``validate.check_entry``: country, numbers, emails), the costly part.
Under the lock, in one transaction, each record is matched against the
store and against the file's earlier records with the identity rules of
``ctdir.identity`` (same id and identity, same email, same folded name in
the same country and kind; a shared number is no identity), then every new
entry is inserted at once: one file write and one index update however many
rows. Every record that is not added as it is (skipped, merged, in conflict,
invalid, or added beside a possible duplicate) gets an outcome that names
its line or card, the reason and the entry it met.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ctdir.errors import InvalidInput
from ctdir.interop.records import ParsedFile, ReadOptions, Record
from ctdir.model import (
    STORED_FIELDS,
    TEXT_FIELDS,
    Entry,
    is_valid_id,
    new_id,
    now_iso,
)

if TYPE_CHECKING:
    from ctdir.store import Directory, Transaction


ADDED, MERGED, SKIPPED, CONFLICT, INVALID = "added", "merged", "skipped", "conflict", "invalid"


@dataclass
class Outcome:
    """What happened to one record."""

    where: str
    name: str
    action: str  # ADDED, MERGED, SKIPPED, CONFLICT or INVALID
    detail: str = ""  # the reason, and the entry it met
    entry_id: str | None = None  # the entry added, merged into, or met
    possible: bool = False  # added beside a possible duplicate (named in ``detail``)
    hints: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    outcomes: list[Outcome]
    file_warnings: list[str]
    dry_run: bool
    added: list[Entry] = field(default_factory=list)  # the new entries, as written
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


def detect_format(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".csv", ".tsv")):
        return "csv"
    if lowered.endswith((".vcf", ".vcard")):
        return "vcard"
    if lowered.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lowered.endswith((".xls", ".ods", ".numbers")):
        raise InvalidInput(
            f"{name}: ctdir reads .xlsx workbooks, not this spreadsheet format; "
            "save it as .xlsx (Excel 2007 or later) or CSV"
        )
    return None


def sniff_format(data: bytes) -> str:
    """For stdin, which has no extension: xlsx (a zip), JSON, vCard, else CSV."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{"):
        return "json"
    if b"BEGIN:VCARD" in head.upper():
        return "vcard"
    return "csv"


def read_file(
    data: bytes, fmt: str, source_name: str = "", options: ReadOptions | None = None
) -> ParsedFile:
    """The records of a file; ``options`` (columns, sheet) apply to CSV and xlsx."""
    options = options or ReadOptions()
    if fmt in ("json", "vcard") and options.any():
        raise InvalidInput(
            f"--map, --ignore-column and --sheet apply to CSV and xlsx files, not {fmt}"
        )
    if fmt == "csv" and options.sheet:
        raise InvalidInput("--sheet applies to .xlsx workbooks; a CSV file has one table")
    if fmt == "json":
        from ctdir.interop.jsonio import read_json

        return read_json(data)
    if fmt == "csv":
        from ctdir.interop.csvio import read_csv

        return read_csv(data, options)
    if fmt == "xlsx":
        from ctdir.interop.xlsx import read_xlsx

        return read_xlsx(data, options)
    if fmt == "vcard":
        from ctdir.interop.vcard import read_vcard

        return read_vcard(data, source_name)
    raise InvalidInput(f"unknown format {fmt!r} (json, csv, xlsx or vcard)")


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
    from ctdir.schema import is_timestamp

    text = value.strip()
    if not is_timestamp(text):  # the store's own rule: a row that passes here is stored
        raise InvalidInput(f"{what} must be an ISO timestamp such as 2024-03-02T10:00:00Z")
    return text


def _prepare(
    record: Record, default_country: str | None, countries: _Countries, country_option: bool
) -> _Candidate:
    """Validate one record into an entry without id; InvalidInput names the problem.

    ``country_option``: the command takes --country, so a record without a
    country is told to use it.
    """
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
            problems = ["no country (use --country)" if country_option else "no country"]
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


def merge_entries(base: Entry, incoming: Entry) -> Entry | None:
    """``base`` with its empty fields filled and new phones, emails and languages added.

    None when ``incoming`` brings nothing new. The result passes check_entry
    again (with base's country, so added numbers are read as base's).
    """
    from ctdir.phones import phone_key
    from ctdir.validate import check_entry

    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, "verified", "purpose", "source_date"):
        if not base.get(name) and incoming.get(name):
            values[name] = incoming[name]
    have = {phone_key(p) for p in base.get("phones") or []}
    phones = [p for p in incoming.get("phones") or [] if phone_key(p) not in have]
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


_STAMPS = ("id", "created", "updated")


def _brief(value: Any) -> str:
    """A field's value in a report line: short, and "none" for an empty one."""
    if value in (None, "", []):
        return "none"
    if isinstance(value, list):
        items = [
            str(v.get("number") or v.get("date") or v.get("code") or "")
            if isinstance(v, dict)
            else str(v)
            for v in value
        ]
        text = "; ".join(items)
    else:
        text = str(value)
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _comparable(name: str, value: Any) -> Any:
    if name == "phones":  # derived parts (e164, validity) follow from the number
        return [(p.get("number"), p.get("label")) for p in value or []]
    return value or None


def changed_fields(old: Entry, new: Entry) -> list[str]:
    """What ``new`` changes of ``old``, field by field: "title 'A' -> 'B'"."""
    return [
        f"{name} {_brief(old.get(name))} -> {_brief(new.get(name))}"
        for name in STORED_FIELDS
        if name not in _STAMPS
        and _comparable(name, old.get(name)) != _comparable(name, new.get(name))
    ]


def kept_fields(base: Entry, incoming: Entry) -> list[str]:
    """The text a merge keeps although the file has another: "title 'A' (the file has 'B')"."""
    return [
        f"{name} {_brief(base[name])} (the file has {_brief(incoming[name])})"
        for name in (*TEXT_FIELDS, "purpose", "source_date")
        if base.get(name) and incoming.get(name) and base[name] != incoming[name]
    ]


def _newer(incoming: Entry, stored: Entry) -> bool:
    """Whether ``incoming`` was updated after ``stored`` (ISO timestamps, any offset)."""
    mine, theirs = incoming.get("updated"), stored.get("updated")
    if not mine:
        return False
    if not theirs:
        return True
    try:
        return datetime.fromisoformat(mine) > datetime.fromisoformat(theirs)
    except (TypeError, ValueError):
        return str(mine) > str(theirs)


def _merged(cand: _Candidate, detail: str, into: Entry) -> Outcome:
    """The outcome of a record merged into ``into``, with the record's warnings and notes."""
    return Outcome(
        cand.record.where,
        cand.entry["name"],
        MERGED,
        detail,
        into["id"],
        warnings=cand.warnings,
        notes=cand.notes,
    )


def _file_id(record: Record) -> str:
    # ctdir makes lower-case ids and `show` lower-cases what it is given; a
    # spreadsheet may have capitalised one.
    return (record.entry_id or "").strip().lower()


class _Matcher:
    """Decides, record by record, with the identity rules, what becomes of each."""

    def __init__(self, txn: Transaction, merge: bool, entries: Sequence[Entry]) -> None:
        from ctdir.core import neighbours
        from ctdir.identity import Registry

        self.txn = txn
        self.merge = merge
        # The stored entries the file's records can meet (``entries``: the records).
        self.store = Registry(neighbours(txn.index, entries))
        self.file = Registry()  # the file's records already placed
        self.taken = txn.taken_ids()  # asked of the index one id at a time
        self.retired = set(txn.retired_ids())
        self.new: list[Entry] = []  # in file order
        self.new_where: list[str] = []
        self.changed: dict[str, Entry] = {}  # existing id -> its new version
        self.file_ids: dict[str, int] = {}  # id in the file -> its position among the new
        self.now = now_iso()

    def _current(self, entry_id: str) -> Entry | None:
        return self.changed.get(entry_id) or self.txn.get(entry_id)

    def _describe_new(self, position: int) -> str:
        return f"{self.new[position]['name']} ({self.new_where[position]} of this file)"

    def place(self, cand: _Candidate) -> Outcome:
        from ctdir.identity import conflict_reason, describe, same_identity

        where, name, entry = cand.record.where, cand.entry["name"], cand.entry
        raw_id = _file_id(cand.record)
        stored = self._current(raw_id) if raw_id else None
        if stored is not None:
            if not same_identity(stored, entry):
                return Outcome(where, name, CONFLICT, conflict_reason(stored, entry), raw_id)
            return self._same_entry(cand, stored, f"same id {raw_id}")
        if raw_id in self.file_ids:
            earlier = self.new[self.file_ids[raw_id]]
            if not same_identity(earlier, entry):
                return Outcome(where, name, CONFLICT, conflict_reason(earlier, entry), raw_id)
            return self._same_in_file(cand, self.file_ids[raw_id], f"same id {raw_id}")
        match = self.store.same(entry)
        if match is not None:
            current = self._current(match.ref) or match.entry
            return self._same_entry(cand, current, match.reason)
        match = self.file.same(entry)
        if match is not None:
            return self._same_in_file(cand, match.ref, match.reason)
        outcome = self._add(cand)
        near = [
            f"{describe(self._current(m.ref) or m.entry)} ({m.reason})"
            for m in self.store.possible(entry)
        ] + [f"{self._describe_new(m.ref)} ({m.reason})" for m in self.file.possible(entry)]
        if near:
            outcome.detail = "added; possible duplicate of " + "; ".join(near)
            outcome.possible = True
        return outcome

    def _same_entry(self, cand: _Candidate, stored: Entry, reason: str) -> Outcome:
        from ctdir.identity import describe

        where, name = cand.record.where, cand.entry["name"]
        met = describe(stored)
        if not self.merge:
            return Outcome(
                where, name, SKIPPED, f"already in the directory as {met} ({reason})", stored["id"]
            )
        if cand.entry.get("updated") and _file_id(cand.record) == stored["id"]:
            # A ctdir export of the same entry: the later version wins, whole.
            if not _newer(cand.entry, stored):
                return Outcome(
                    where, name, SKIPPED, f"{met} is as new or newer ({reason})", stored["id"]
                )
            updated = {**cand.entry, "id": stored["id"], "created": stored.get("created")}
            self.changed[stored["id"]] = updated
            # The file's version wins whole: say what of the stored one it replaces.
            changes = "; ".join(changed_fields(stored, updated)) or "no field changed"
            return _merged(cand, f"into {met} as its newer version ({reason}): {changes}", stored)
        try:
            merged = merge_entries(stored, cand.entry)
        except InvalidInput as exc:
            return Outcome(where, name, INVALID, f"cannot merge into {met}: {exc.message}")
        kept = "".join(f"; kept {k}" for k in kept_fields(stored, cand.entry))
        if merged is None:
            return Outcome(
                where, name, SKIPPED, f"{met} has it all already ({reason}){kept}", stored["id"]
            )
        merged["updated"] = self.now
        self.changed[stored["id"]] = merged
        added = "; ".join(changed_fields(stored, merged))
        return _merged(cand, f"into {met} ({reason}): {added}{kept}", stored)

    def _same_in_file(self, cand: _Candidate, position: int, reason: str) -> Outcome:
        where, name = cand.record.where, cand.entry["name"]
        met = self._describe_new(position)
        if not self.merge:
            return Outcome(where, name, SKIPPED, f"the same entry as {met} ({reason})")
        try:
            merged = merge_entries(self.new[position], cand.entry)
        except InvalidInput as exc:
            return Outcome(where, name, INVALID, f"cannot merge into {met}: {exc.message}")
        if merged is None:
            return Outcome(where, name, SKIPPED, f"the same entry as {met}, nothing new ({reason})")
        self.new[position] = merged
        return _merged(cand, f"into {met} ({reason})", merged)

    def _add(self, cand: _Candidate) -> Outcome:
        entry = dict(cand.entry)
        raw_id = _file_id(cand.record)
        warnings = list(cand.warnings)
        if raw_id and is_valid_id(raw_id) and raw_id not in self.taken:
            entry_id = raw_id  # a round trip keeps ids
        else:
            if raw_id in self.retired:
                warnings.append(f"id {raw_id} belonged to a removed entry; given a new id")
            entry_id = new_id(self.taken)
        self.taken.add(entry_id)
        entry["id"] = entry_id
        entry["created"] = entry.get("created") or self.now
        entry["updated"] = entry.get("updated") or entry["created"]
        position = len(self.new)
        self.new.append(entry)
        self.new_where.append(cand.record.where)
        if raw_id:
            self.file_ids[raw_id] = position
        self.file.add(entry, position)
        return Outcome(
            cand.record.where,
            entry["name"],
            ADDED,
            "",
            entry_id,
            warnings=warnings,
            notes=cand.notes,
        )


# -- the whole import --------------------------------------------------------------


def prepare_records(
    parsed: ParsedFile, default_country: str | None, country_option: bool
) -> tuple[list[Outcome | None], list[tuple[int, _Candidate]]]:
    """Check every record on its own: an INVALID outcome, or a candidate at its position.

    ``country_option``: the command takes --country (a record without one says so).
    """
    _keep_phone_patterns()
    countries = _Countries()
    outcomes: list[Outcome | None] = []
    candidates: list[tuple[int, _Candidate]] = []
    for record in parsed.records:
        try:
            candidate = _prepare(record, default_country, countries, country_option)
        except InvalidInput as exc:
            outcomes.append(
                Outcome(record.where, record.name, INVALID, exc.message, hints=exc.hints)
            )
            continue
        candidates.append((len(outcomes), candidate))
        outcomes.append(None)
    return outcomes, candidates


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
    outcomes, candidates = prepare_records(parsed, default_country, country_option=True)
    report = ImportReport([], parsed.warnings, dry_run)
    with directory.transaction() as txn:
        matcher = _Matcher(txn, merge, [c.entry for _, c in candidates])
        for position, candidate in candidates:
            outcomes[position] = matcher.place(candidate)
        report.outcomes = [o for o in outcomes if o is not None]
        report.aborted = bool(report.count(INVALID)) and not skip_invalid
        if dry_run or report.aborted:
            return report
        txn.insert(matcher.new)
        report.added = matcher.new
        for entry in matcher.changed.values():
            txn.replace(entry)
    return report


# -- one record at a time (CardDAV sync) --------------------------------------------


def check_record(record: Record) -> tuple[Entry, list[str]]:
    """One record through import's checks: (entry without id, warnings and notes).

    InvalidInput names the problem (a card with no country, a bad number).
    """
    candidate = _prepare(record, None, _Countries(), country_option=False)
    return candidate.entry, candidate.warnings + candidate.notes
