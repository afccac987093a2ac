"""The use cases that change the directory: add, edit, remove, verify, init, restore.

Each is one function on a ``Directory``; the CLI parses options, calls one of
them and renders what it returns. Every write goes through one transaction
(lock, read, change, atomic write); input is checked by ``ctdir.validate``
before the lock is taken and the identity rules of ``ctdir.identity`` are
applied again under it, so that a concurrent writer is never overruled.
Questions (a possible duplicate) are asked through a ``confirm`` callback
before the lock is taken: a prompt left open never holds other writers up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ctdir.errors import DuplicateEntry, InvalidInput, UnknownEntry
from ctdir.identity import POSSIBLE, Match, Registry, plausible
from ctdir.model import Entry, same_but_updated

if TYPE_CHECKING:
    from ctdir.check import Finding as CheckFinding
    from ctdir.extract import Finding
    from ctdir.index import Index
    from ctdir.interop.importer import ImportReport, Outcome
    from ctdir.interop.records import ParsedFile
    from ctdir.store import Directory
    from ctdir.validate import Checked

# Asked with the records an entry may duplicate; True lets it through.
Confirm = Callable[[Entry, list[Match]], bool]


@dataclass
class Saved:
    """An entry as written, and what the user should be told about it."""

    entry: Entry
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed: bool = True


def find_entry(index: Index, entry_id: str) -> Entry:
    """The entry with ``entry_id`` (any case); UnknownEntry with the closest ids and names."""
    entry = index.get(entry_id.strip().lower())
    if entry is None:
        from rapidfuzz import fuzz, process

        pairs = index.ids()
        close = process.extract(
            entry_id, [i for i, _ in pairs], scorer=fuzz.ratio, limit=3, score_cutoff=50
        )
        by_name = process.extract(
            entry_id, [n for _, n in pairs], scorer=fuzz.WRatio, limit=3, score_cutoff=70
        )
        hints = [f"{pairs[pos][0]}  {pairs[pos][1]}" for _, _, pos in close + by_name]
        raise UnknownEntry(
            f"no entry with id {entry_id[:60]!r}",
            ["closest:", *dict.fromkeys(hints)] if hints else ["list them: ctdir list"],
        )
    return dict(entry)


# -- duplicates -------------------------------------------------------------------


def neighbours(index: Index, entries: Sequence[Entry]) -> list[Entry]:
    """The stored entries the identity rules compare ``entries`` with, in the store's order.

    Those sharing an email with one of them, and those of the same country and
    kind as one of them (where a same or similar name can be): an import of a
    few hundred rows into 100,000 entries looks at a few countries, not at all.
    """
    rids: set[int] = set()
    for email in {str(e).lower() for entry in entries for e in entry.get("emails") or []}:
        rids.update(rid for rid, _ in index.emails_matching("email", email))
    for country, kind in {(e.get("country"), e.get("kind")) for e in entries}:
        if country:
            rids.update(index.select_rids(country=country, kind=kind))
    found = index.by_rids(rids)
    return [found[rid] for rid in sorted(found)]


def matches(candidates: Sequence[Entry], entry: Entry) -> list[Match]:
    """The entries among ``candidates`` that ``entry`` is, or may be (never itself)."""
    others = [c for c in candidates if c.get("id") != entry.get("id")]
    registry = Registry(plausible(others, entry))
    same = registry.same(entry)
    found = [same] if same is not None else []
    found += [m for m in registry.possible(entry) if same is None or m.ref != same.ref]
    return found


def _screen(
    found: list[Match],
    entry: Entry,
    *,
    confirm: Confirm | None,
    known: set[str],
) -> list[Match]:
    """The matches the user lets through; DuplicateEntry for those refused."""
    new = [m for m in found if m.ref not in known]
    if not new:
        return new
    if confirm is not None and confirm(entry, new):
        return new
    ids = ", ".join(str(m.ref) for m in new)
    kind = "may duplicate" if all(m.level == POSSIBLE for m in new) else "duplicates"
    error = DuplicateEntry(
        f"not saved: it {kind} {ids}",
        [{"id": m.ref, "why": m.reason} for m in new],
    )
    error.hints = ["save it anyway with --force, or change the existing entry: ctdir edit ID"]
    raise error


def _screen_twice(
    directory: Directory,
    entry: Entry,
    write: Callable[[Any], Entry],
    *,
    force: bool,
    confirm: Confirm | None,
    before: Entry | None = None,
) -> Entry:
    """Screen ``entry`` outside the lock (asking), then again under it, and ``write``.

    ``before``: the stored version of an edited entry; what it already met
    before the edit is not the edit's fault and is not asked about again.
    """
    known: set[str] = set()
    if not force:
        # One look-up for both: the entries the edited entry and its old version can meet.
        around = neighbours(directory.index(), [entry] if before is None else [before, entry])
        if before is not None:
            known = {str(m.ref) for m in matches(around, before)}
        accepted = _screen(matches(around, entry), entry, confirm=confirm, known=known)
        known |= {str(m.ref) for m in accepted}
    with directory.transaction() as txn:
        if not force:
            # Again under the lock: another ctdir may have written meanwhile.
            again = matches(neighbours(txn.index, [entry]), entry)
            _screen(again, entry, confirm=None, known=known)
        return write(txn)


# -- add, edit, remove, verify -------------------------------------------------------


def add_entry(
    directory: Directory,
    kind: str,
    values: Mapping[str, Any],
    *,
    force: bool = False,
    confirm: Confirm | None = None,
) -> Saved:
    """Check ``values`` as a new ``kind`` entry and add it, unless it duplicates one."""
    from ctdir.validate import check_entry, stamp_new

    checked = check_entry(kind, values)

    def write(txn: Any) -> Entry:
        entry = stamp_new(checked.entry, txn.taken_ids())
        txn.insert([entry])
        return entry

    entry = _screen_twice(directory, checked.entry, write, force=force, confirm=confirm)
    return Saved(entry, checked.warnings, checked.notes)


@dataclass
class Changes:
    """An edit: fields to set (None: unchanged, "" clears) and list items to add or take away."""

    fields: dict[str, Any] = field(default_factory=dict)
    phones: Sequence[str] = ()
    remove_phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    remove_emails: Sequence[str] = ()
    languages: Sequence[str] = ()
    remove_languages: Sequence[str] = ()
    form: dict[str, Any] | None = None  # the values changed in $EDITOR (ctdir.editform)

    def empty(self) -> bool:
        lists = [self.phones, self.remove_phones, self.emails, self.remove_emails]
        lists += [self.languages, self.remove_languages]
        no_fields = all(v is None for v in self.fields.values())
        return no_fields and not any(lists) and not self.form


def _matches_phone(phone: Mapping[str, Any], text: str, country: str | None) -> bool:
    from ctdir.phones import digits, extension

    wanted = digits(text)
    if not wanted:
        return False
    # Extensions of one switchboard are lines of their own: only the one named matches
    # (a number given without one is the switchboard itself).
    if extension(text) != extension(str(phone.get("number") or "")):
        return False
    if wanted in (digits(phone.get("number") or ""), digits(phone.get("e164") or "")):
        return True
    if phone.get("e164"):
        # "021 310 779" and "+258 21 310 779" are one number in Mozambique.
        from ctdir.phones import parse_phone

        try:
            return parse_phone(text, country).get("e164") == phone["e164"]
        except InvalidInput:
            return False
    return False


def _edit_values(entry: Entry, changes: Changes) -> dict[str, Any]:
    """The ``check_entry`` values for ``changes`` applied to ``entry``."""
    if changes.form is not None:
        return dict(changes.form)
    values: dict[str, Any] = {k: v for k, v in changes.fields.items() if v is not None}
    phones = list(entry.get("phones") or [])
    if changes.remove_phones or changes.phones:
        for text in changes.remove_phones:
            kept = [p for p in phones if not _matches_phone(p, text, entry.get("country"))]
            if len(kept) == len(phones):
                have = ", ".join(p["number"] for p in phones) or "none"
                raise InvalidInput(f"no number {text!r} on {entry['id']} (its numbers: {have})")
            phones = kept
        values["phones"] = phones + list(changes.phones)
    if changes.remove_emails or changes.emails:
        emails = list(entry.get("emails") or [])
        for text in changes.remove_emails:
            wanted = text.strip().lower().removeprefix("mailto:")
            kept = [e for e in emails if e.lower() != wanted]
            if len(kept) == len(emails):
                have = ", ".join(emails) or "none"
                raise InvalidInput(f"no email {text!r} on {entry['id']} (its emails: {have})")
            emails = kept
        values["emails"] = emails + list(changes.emails)
    if changes.remove_languages or changes.languages:
        drop = {t.strip().casefold() for t in changes.remove_languages}
        languages = [x for x in entry.get("languages") or [] if x.casefold() not in drop]
        values["languages"] = languages + list(changes.languages)
    return values


def _apply_edit(entry: Entry, changes: Changes) -> Checked:
    from ctdir.validate import check_entry

    return check_entry(entry["kind"], _edit_values(entry, changes), base=entry)


def edit_entry(
    directory: Directory,
    entry_id: str,
    changes: Changes,
    *,
    force: bool = False,
    confirm: Confirm | None = None,
) -> Saved:
    """Apply ``changes`` to an entry with the checks of add; a new duplicate is refused."""
    if changes.empty():
        raise InvalidInput("nothing to change", ["see the options: ctdir edit --help"])
    current = find_entry(directory.index(), entry_id)
    checked = _apply_edit(current, changes)
    if same_but_updated(checked.entry, current):
        return Saved(current, changed=False)

    def write(txn: Any) -> Entry:
        fresh = txn.get(current["id"])
        if fresh is None:
            raise UnknownEntry(f"entry {current['id']} was removed meanwhile; nothing changed")
        # Re-applied to the version read under the lock, so that a concurrent
        # edit of another field is not lost.
        entry = _apply_edit(fresh, changes).entry
        if same_but_updated(entry, fresh):
            return dict(fresh)
        txn.replace(entry)  # sets ``updated``
        return dict(txn.get(current["id"]) or entry)

    saved = _screen_twice(
        directory, checked.entry, write, force=force, confirm=confirm, before=current
    )
    return Saved(saved, checked.warnings, checked.notes)


def remove_entry(directory: Directory, entry_id: str) -> Entry:
    """Delete an entry; its id is retired and never given out again."""
    with directory.transaction() as txn:
        entry = txn.get(entry_id)
        if entry is None:
            raise UnknownEntry(f"entry {entry_id} was already removed")
        txn.remove(entry_id)
    return dict(entry)


def verify_entry(directory: Directory, entry_id: str, note: str | None = None) -> Entry:
    """Record that an entry was checked today: ``verified`` and a line of its history.

    The history (``verifications``: date and note) is a field of its own, so
    editing the notes never loses it.
    """
    from ctdir.validate import clean_text

    text = clean_text("notes", note)
    current = find_entry(directory.index(), entry_id)
    today = date.today().isoformat()
    with directory.transaction() as txn:
        entry = txn.get(current["id"])
        if entry is None:
            raise UnknownEntry(f"entry {current['id']} was removed meanwhile")
        entry = dict(entry)
        entry["verified"] = today
        entry["verifications"] = [
            *(entry.get("verifications") or []),
            {"date": today, "note": text},
        ]
        txn.replace(entry)
        return dict(txn.get(current["id"]) or entry)


def accept_problem(
    directory: Directory,
    entry_id: str,
    code: str,
    note: str | None,
    max_age: int | None = None,
) -> Entry:
    """Record on the entry that problem ``code``, which ``check`` finds on it now, is accepted.

    A problem the entry does not have is refused (InvalidInput, naming the ones
    it has): accepting it would silence, unseen, a problem that appears later.
    So is a finding that is only information. Accepting the same code again
    replaces the earlier acknowledgement (a new note and date), so the list
    never holds one code twice; without a new note the earlier one stays.
    ``max_age``: check's --max-age, for ``stale``.
    """
    from ctdir.check import ISSUES, PAIRS, findings_about
    from ctdir.quality import STALE_DAYS
    from ctdir.validate import clean_text

    if code not in ISSUES:
        raise InvalidInput(
            f"unknown problem code {code[:60]!r}", [f"one of: {', '.join(sorted(ISSUES))}"]
        )
    text = clean_text("notes", note)
    index = directory.index()
    current = find_entry(index, entry_id)
    age = STALE_DAYS if max_age is None else max_age
    found = findings_about(current["id"], [current], max_age=age)
    if code in PAIRS or not any(f.issue == code for f in found):
        # Duplicates, and the whole list a refusal gives, need the entries it may
        # duplicate: those the identity rules compare it with (thousands in a
        # large country, against one for the entry's own problems).
        around = neighbours(index, [current]) if current.get("country") else directory.entries()
        found = findings_about(current["id"], around, max_age=age)
    _refuse_absent(current, code, found)
    with directory.transaction() as txn:
        entry = txn.get(current["id"])
        if entry is None:
            raise UnknownEntry(f"entry {current['id']} was removed meanwhile")
        entry = dict(entry)
        earlier = [a for a in entry.get("accepted") or [] if a.get("code") == code]
        kept = [a for a in entry.get("accepted") or [] if a.get("code") != code]
        if text is None and earlier:
            text = earlier[-1].get("note")  # accepted again without a note: the note stays
        entry["accepted"] = [*kept, {"code": code, "note": text, "date": date.today().isoformat()}]
        txn.replace(entry)
        return dict(txn.get(current["id"]) or entry)


def _refuse_absent(entry: Entry, code: str, found: Sequence[CheckFinding]) -> None:
    """InvalidInput unless ``found`` holds problem ``code`` (open or already accepted)."""
    from ctdir.check import ISSUES

    if any(f.issue == code and not f.info for f in found):
        return
    who = f"{entry.get('name') or ''} [{entry['id']}]"
    info = next((f for f in found if f.issue == code), None)
    if info is not None:
        raise InvalidInput(
            f"{who} has no {code} problem, only information: nothing to accept ({info.detail})"
        )
    open_ = {f.issue for f in found if not f.info and f.accepted is None}
    codes = [c for c in ISSUES if c in open_]
    message = f"{who} has no {code} problem now: nothing to accept"
    if not codes:
        raise InvalidInput(f"{message}, and no other problem is open")
    accept = f"ctdir check --accept {entry['id']}"
    if len(codes) == 1:
        hint = f"its open problem: {codes[0]} (to accept it: {accept} {codes[0]})"
    else:
        hint = f"its open problems: {', '.join(codes)} (to accept one: {accept} CODE)"
    raise InvalidInput(f"{message}; {hint}")


def save_findings(
    directory: Directory, findings: Sequence[Finding], *, include_uncertain: bool = False
) -> tuple[ImportReport, list[Finding]]:
    """Save what ``extract`` found, with the checks and identity rules of import.

    Invalid findings are listed and the others saved (a press release is not
    all-or-nothing); each is reported by its line in the text. Findings marked
    uncertain are left out (and returned) unless ``include_uncertain``.
    """
    from ctdir.identity import describe
    from ctdir.interop.importer import SKIPPED, Outcome, import_records
    from ctdir.interop.records import ParsedFile, Record
    from ctdir.model import TEXT_FIELDS, VALUE_LIST_FIELDS

    records = []
    known: list[Outcome] = []
    left_out = [f for f in findings if f.uncertain and not include_uncertain]
    for finding in findings:
        if finding in left_out:
            continue
        entry = finding.entry
        same_line = _hotline_on_its_number(directory, finding)
        if same_line is not None:
            stored, number = same_line
            known.append(
                Outcome(
                    f"line {finding.line}",
                    entry["name"],
                    SKIPPED,
                    f"already in the directory as {describe(stored)} (the same number {number}; "
                    "the text gives this hotline no name)",
                    stored["id"],
                )
            )
            continue
        values = {
            name: entry[name]
            for name in (*TEXT_FIELDS, *VALUE_LIST_FIELDS, "country")
            if entry.get(name) not in (None, [])
        }
        records.append(Record(f"line {finding.line}", values, kind=entry.get("kind")))
    report = import_records(directory, ParsedFile(records), skip_invalid=True)
    report.outcomes = sorted(known + report.outcomes, key=lambda o: _line_number(o.where))
    return report, left_out


def _hotline_on_its_number(directory: Directory, finding: Finding) -> tuple[Entry, str] | None:
    """(the stored hotline, the number) a hotline the text gives no name is: its number."""
    entry = finding.entry
    numbers = {p.get("e164") for p in entry.get("phones") or [] if p.get("e164")}
    if not finding.named_after_number or not numbers or not entry.get("country"):
        return None
    for stored in directory.index().select(country=entry["country"], kind="hotline"):
        for phone in stored.get("phones") or []:
            if phone.get("e164") in numbers:
                return stored, str(phone.get("number"))
    return None


def _line_number(where: str) -> int:
    number = where.rpartition(" ")[2]
    return int(number) if number.isdigit() else 0


# -- a new directory, backups and restore ----------------------------------------------


def init_directory(directory: Directory, *, empty: bool = False) -> int:
    """Create the store: the seed directory, or nothing; never over an existing one."""
    from ctdir.store import seed_entries

    entries = [] if empty else seed_entries()
    directory.create(entries)
    return len(entries)


@dataclass
class RestoreReport:
    entries: list[Entry]
    problems: list[Outcome]  # records that cannot be entries: nothing was written
    warnings: list[str]  # about the file
    replaced: int  # entries the store held before
    created: bool = False  # there was no store: it was made from the file


def restore(directory: Directory, parsed: ParsedFile, *, dry_run: bool = False) -> RestoreReport:
    """Replace the whole directory by a ctdir export (JSON or CSV), ids and timestamps kept.

    All or nothing: every record passes the checks of add (numbers are judged
    again), ids must be unique, and one bad record leaves the store as it was.
    The previous store is kept as the backup; its ids stay retired, so an id
    is never given to another entry later.
    """
    from ctdir.interop.importer import INVALID, Outcome, prepare_records
    from ctdir.model import is_valid_id, new_id, now_iso
    from ctdir.store import stamped

    outcomes, candidates = prepare_records(parsed, None, country_option=False)
    problems = [o for o in outcomes if o is not None]
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for _, cand in candidates:
        entry = dict(cand.entry)
        raw_id = (cand.record.entry_id or "").strip().lower()
        where = cand.record.where
        if raw_id and not is_valid_id(raw_id):
            problems.append(Outcome(where, cand.record.name, INVALID, f"bad id {raw_id!r:.60}"))
            continue
        if raw_id in seen:
            problems.append(
                Outcome(where, cand.record.name, INVALID, f"id {raw_id} again (see {seen[raw_id]})")
            )
            continue
        if raw_id:
            seen[raw_id] = where
            entry["id"] = raw_id
        entries.append(entry)
    taken = set(seen)
    now = now_iso()
    for position, entry in enumerate(entries):
        if not entry.get("id"):
            entry["id"] = new_id(taken)
            taken.add(entry["id"])
        entries[position] = stamped(entry, now)  # as the store will keep it
    report = RestoreReport(entries, problems, parsed.warnings, 0)
    if problems:
        return report
    if not directory.path.exists():
        # A new machine: the backup becomes the directory (no seed first, no backup of one).
        report.created = True
        if not dry_run:
            directory.create(entries)
        return report
    with directory.transaction() as txn:
        report.replaced = txn.index.count()
        if not dry_run:
            txn.replace_all(entries, txn.retired_ids())
    return report


def import_bundled(directory: Directory, name: str, *, dry_run: bool = False) -> ImportReport:
    """Bring the bundled list ``name`` (``hotlines``) into an existing directory.

    Through the identity rules and ``--merge``'s rule: a bundled entry missing
    from the directory is added; one the directory has is brought up to date
    only when the bundled version is newer than the stored one, so an entry
    edited after the bundle was made keeps its edits.
    """
    from ctdir.interop.importer import import_records
    from ctdir.interop.jsonio import read_json
    from ctdir.resources import data_file

    if name != "hotlines":
        raise InvalidInput(f"no bundled list {name!r}; the bundled list is: hotlines")
    parsed = read_json(data_file(f"{name}.json").read_bytes())
    return import_records(directory, parsed, merge=True, dry_run=dry_run)
