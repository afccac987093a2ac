"""The data-quality report behind ``ctdir check``: every problem, with what to do.

Numbers are judged again with the installed phonenumbers ("today's numbering
plan"), not by the flags stored when they were added. Duplicates are what the
identity rules of ``ctdir.identity`` say they are (same email, same folded
name in one country and kind; similar names as possible duplicates): the
same email or name by a look-up, near names by one rapidfuzz pass over the
names of the same country and kind (so the pass grows with the square of the
largest such group: about 30 s for 6,889 contacts of one country). Every
suggested command is quoted for the shell.
Findings are suggestions; nothing here writes to the store.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ctdir.model import Entry
from ctdir.phones import Phone, unlisted_short_code, with_extension
from ctdir.quality import (
    DOMESTIC_ONLY,
    INVALID,
    STALE_DAYS,
    WRONG_COUNTRY,
    country_label,
    phone_problems,
    verified_age,
    verified_date,
    with_article,
)
from ctdir.text import fold

DUPLICATE_EMAIL = "duplicate-email"
DUPLICATE_NAME = "duplicate-name"
POSSIBLE_DUPLICATE = "possible-duplicate"
NO_CONTACT_METHOD = "no-contact-method"
NO_NUMBER = "no-number"
STALE = "stale"
NEVER_VERIFIED = "never-verified"
OLD_SOURCE = "old-source"
# A published source older than this is no longer evidence enough on its own.
SOURCE_MAX_YEARS = 5

# Findings about a pair of entries (the finding is on one, ``related`` names the other).
PAIRS = frozenset((DUPLICATE_EMAIL, DUPLICATE_NAME, POSSIBLE_DUPLICATE))

# Report order (most urgent first) and each group's heading.
ISSUES: dict[str, str] = {
    INVALID: "Numbers not valid under today's numbering plan",
    WRONG_COUNTRY: "Numbers with another country's code",
    DOMESTIC_ONLY: "Numbers that can only be dialled inside their country",
    DUPLICATE_EMAIL: "The same email on more than one entry",
    DUPLICATE_NAME: "The same name twice in one country",
    POSSIBLE_DUPLICATE: "Similar names in one country: the same entry?",
    NO_CONTACT_METHOD: "Contacts with no phone and no email",
    NO_NUMBER: "Hotlines with no number",
    STALE: "Verified more than {max_age} days ago",
    NEVER_VERIFIED: "Never verified",
    OLD_SOURCE: "Sources over {source_years} years old",
}


@dataclass(frozen=True)
class Finding:
    """One problem with one entry."""

    issue: str
    id: str
    name: str
    kind: str
    country: str
    detail: str
    action: str  # what to do, in words
    command: str | None = None  # the ctdir command that does it (shell-quoted)
    number: str | None = None  # the number as published, for number issues
    suggestion: str | None = None  # a plausible correction; never applied
    related: tuple[str, ...] = ()  # ids of the entries it duplicates
    info: bool = False  # worth knowing, not a problem: never fails the check
    accepted: dict[str, Any] | None = None  # the acknowledgement, when the problem is known

    def as_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "country_name": country_label(self.country) if self.country else "",
            "number": self.number,
            "suggestion": self.suggestion,
            "related": list(self.related),
            "detail": self.detail,
            "action": self.action,
            "command": self.command,
            "info": self.info,
            "accepted": self.accepted,
        }


@dataclass
class Report:
    findings: list[Finding]  # open findings: problems and information
    entries: int
    max_age: int
    accepted: list[Finding] = field(default_factory=list)  # known and accepted (--all)

    @property
    def clean(self) -> bool:
        """No open problem: information and accepted problems do not count."""
        return not self.problems()

    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.info]

    def groups(self, with_accepted: bool = False) -> list[tuple[str, str, list[Finding]]]:
        """(issue code, heading, findings) in report order, only non-empty groups.

        Problems first, then what is only worth knowing, then (``with_accepted``)
        the problems already accepted.
        """
        sets = [("", self.problems()), ("For information: ", [f for f in self.findings if f.info])]
        if with_accepted:
            sets.append(("Accepted: ", self.accepted))
        out = []
        for prefix, findings in sets:
            for code, heading in ISSUES.items():
                rows = [f for f in findings if f.issue == code]
                if rows:
                    text = heading.format(max_age=self.max_age, source_years=SOURCE_MAX_YEARS)
                    out.append((code, prefix + text, rows))
        return out

    def entries_with_problems(self) -> int:
        return len({f.id for f in self.problems()})


def _finding(entry: Entry, issue: str, detail: str, action: str, **extra: Any) -> Finding:
    return Finding(
        issue=issue,
        id=str(entry.get("id") or ""),
        name=str(entry.get("name") or ""),
        kind=str(entry.get("kind") or ""),
        country=str(entry.get("country") or ""),
        detail=detail,
        action=action,
        **extra,
    )


# -- numbers ----------------------------------------------------------------------


class _Judge:
    """Re-judges stored numbers with the installed phonenumbers, memoised per number."""

    def __init__(self) -> None:
        import phonenumbers
        from phonenumbers import shortnumberinfo

        self.pn = phonenumbers
        self.short = shortnumberinfo
        self.cache: dict[tuple[str | None, str, str | None], Phone] = {}

    def prime(self, entries: Sequence[Entry]) -> None:
        """Judge every number up front, in calling-code order.

        phonenumbers compiles its per-country patterns through ``re``'s cache
        (512 entries); numbers in store order thrash it across 240 countries
        (30 s for 100,000 entries), numbers grouped by country reuse it (2 s).
        """
        work = [
            (phone, entry.get("country"))
            for entry in entries
            for phone in entry.get("phones") or []
        ]
        work.sort(key=lambda pc: (pc[0].get("e164") or "", pc[1] or ""))
        for phone, country in work:
            self.current(phone, country)

    def current(self, phone: Phone, country: str | None) -> Phone:
        key = (phone.get("e164"), phone.get("number") or "", country)
        cached = self.cache.get(key)
        if cached is None:
            cached = self.cache[key] = self._judge(phone, country)
        return cached

    def _from_e164(self, e164: str) -> Any:
        """``e164`` as a PhoneNumber, as ``phonenumbers.parse`` gives it for a valid number.

        E.164 leaves little to guess: a country code of 1-3 digits and the
        national number, with parse's rule for leading zeros (Italy's 06...).
        parse may also strip a national prefix, but only from a number that is
        not valid as written, so ``_judge`` re-parses those. 5x faster than
        parse; a test compares the two on every region's examples.
        """
        pn = self.pn
        body = e164[1:]
        if not e164.startswith("+") or not body.isascii() or not body.isdigit():
            return pn.parse(e164, None)
        for length in (1, 2, 3):
            code = int(body[:length])
            if code in pn.COUNTRY_CODE_TO_REGION_CODE:
                break
        else:
            return pn.parse(e164, None)
        nsn = body[length:]
        if not 2 <= len(nsn) <= 17:
            return pn.parse(e164, None)
        number = pn.PhoneNumber(country_code=code, national_number=int(nsn))
        if len(nsn) > 1 and nsn[0] == "0":
            number.italian_leading_zero = True
            zeros = 1
            while zeros < len(nsn) - 1 and nsn[zeros] == "0":
                zeros += 1
            if zeros != 1:
                number.number_of_leading_zeros = zeros
        return number

    def _validity(self, parsed: Any) -> tuple[str | None, bool]:
        # is_valid_number would look the region up a second time: ask once.
        region: str | None = self.pn.region_code_for_number(parsed)
        if not region:
            return None, False
        return region, bool(self.pn.is_valid_number_for_region(parsed, region))

    def _judge(self, phone: Phone, country: str | None) -> Phone:
        pn = self.pn
        fresh = Phone(
            number=phone.get("number") or "",
            e164=phone.get("e164"),
            label=phone.get("label"),
            valid=False,
            region=None,
            domestic_only=False,
        )
        e164 = phone.get("e164")
        if e164:
            try:
                parsed = self._from_e164(e164)
                region, valid = self._validity(parsed)
                if not valid:
                    parsed = pn.parse(e164, None)
                    region, valid = self._validity(parsed)
            except pn.NumberParseException:
                return fresh
            fresh["valid"] = valid
            fresh["region"] = None if region in (None, "ZZ", "001") else region
            fresh["domestic_only"] = valid and not pn.can_be_internationally_dialled(parsed)
            if valid or not country:
                return fresh
        if not country:
            return fresh
        try:
            parsed = pn.parse(fresh["number"], country)
        except pn.NumberParseException:
            return fresh
        if self.short.is_valid_short_number_for_region(parsed, country):
            fresh["valid"] = fresh["domestic_only"] = True
            fresh["region"] = country
            fresh["e164"] = None
        elif not fresh["valid"] and unlisted_short_code(fresh["number"], parsed, country):
            fresh["domestic_only"] = True  # as ctdir.phones.parse_phone describes it
            fresh["region"] = country
            fresh["e164"] = None
        return fresh


def _number_findings(entry: Entry, judge: _Judge) -> Iterable[Finding]:
    country = entry.get("country")
    entry_id = entry.get("id") or ""
    current = [judge.current(stored, country) for stored in entry.get("phones") or []]
    # A short code is only worth knowing while the entry has another way in from abroad.
    from_abroad = bool(entry.get("emails")) or any(
        p["valid"] and not p["domestic_only"] for p in current
    )
    for phone in current:
        number = phone["number"]
        for problem in phone_problems(phone, country):
            fix = problem.suggestion
            # Keep the label: "office: +27 79 501 7854" is how --phone takes one. A
            # guess is never pasted over a hotline's number: a wrong one sends victims
            # to a stranger.
            label = f"{phone['label']}: " if phone.get("label") else ""
            # The new number keeps the extension of the one it replaces.
            pasted = (
                None if entry.get("kind") == "hotline" or not fix else with_extension(fix, phone)
            )
            command: str | None = _command(
                "ctdir",
                "edit",
                entry_id,
                "--remove-phone",
                number,
                "--phone",
                f"{label}{pasted or 'NUMBER'}",
            )
            if problem.issue == WRONG_COUNTRY:
                there = country_label(phone.get("region"))
                detail = (
                    f"{number} has the country code of {there}, "
                    f"but the entry is in {with_article(country)}"
                )
                if not phone.get("valid"):
                    detail += "; it is not a valid number there either"
                if fix:
                    detail += f"; {fix} is a valid number in {with_article(country)}"
                    action = f"confirm with the office; if {fix} is right, replace the number"
                else:
                    action = (
                        f"keep it if the office really uses a line in {there}; otherwise replace it"
                    )
            elif problem.issue == INVALID:
                detail = f"{number} is not valid under today's numbering plan"
                if fix:
                    detail += f"; perhaps it is now {fix} (its leading digit repeated)"
                    action = f"verify the current number first; if it is {fix}, replace it"
                else:
                    action = "find the current number and replace it"
            else:
                detail = f"{number} can be dialled {problem.text}"
                if from_abroad:
                    detail += "; the entry has another way in from abroad"
                    action = "nothing to do: callers abroad use the entry's other numbers or email"
                else:
                    detail += ", and the entry has no other way in from abroad"
                    action = "add a number that works from abroad if there is one, else accept it"
                command = (
                    None if from_abroad else f"ctdir check --accept {entry_id} {DOMESTIC_ONLY}"
                )
            yield _finding(
                entry,
                problem.issue,
                detail,
                action,
                command=command,
                number=number,
                suggestion=fix,
                info=problem.issue == DOMESTIC_ONLY and from_abroad,
            )


# -- duplicates -------------------------------------------------------------------


def _duplicate_findings(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The identity rules over the whole directory, each entry against those before it.

    The same email, or the same folded name in one country and kind, is the
    same entry twice; a similar name is a possible duplicate. A shared number
    is not reported: colleagues share switchboards, operators run several lines.
    """
    from ctdir.identity import Registry, describe

    registry = Registry()
    for entry in entries:
        same = registry.same(entry)
        entry_id = str(entry.get("id") or "")
        if same is not None:
            first = same.entry
            issue = DUPLICATE_EMAIL if same.reason.startswith("same email") else DUPLICATE_NAME
            yield _finding(
                entry,
                issue,
                f"{same.reason}: the same entry as {describe(first)}",
                f"compare with ctdir show {first.get('id')}; keep one (remove the other), "
                "or correct the one that is wrong",
                command=_command("ctdir", "show", str(first.get("id"))),
                related=(str(first.get("id")),),
            )
        for match in registry.possible(entry):
            first = match.entry
            yield _finding(
                entry,
                POSSIBLE_DUPLICATE,
                f"{entry.get('name')} looks like {describe(first)}, also in "
                f"{country_label(entry.get('country'))}",
                f"compare with ctdir show {first.get('id')}; if they are one "
                f"{entry.get('kind') or 'entry'}, remove one, else accept this finding",
                command=_command("ctdir", "check", "--accept", entry_id, POSSIBLE_DUPLICATE),
                related=(str(first.get("id")),),
            )
        registry.add(entry, entry_id)


def _command(*words: str) -> str:
    """A command line to copy, every word quoted for the shell."""
    return " ".join(shlex.quote(w) for w in words)


# -- fields and dates -------------------------------------------------------------


def _entry_findings(entry: Entry, today: date, max_age: int) -> Iterable[Finding]:
    entry_id = entry.get("id") or ""
    phones = entry.get("phones") or []
    if entry.get("kind") == "hotline" and not phones:
        yield _finding(
            entry,
            NO_NUMBER,
            "a hotline with no number",
            "add its number, or remove the hotline",
            command=_command("ctdir", "edit", entry_id, "--phone", "NUMBER"),
        )
    elif entry.get("kind") != "hotline" and not phones and not entry.get("emails"):
        yield _finding(
            entry,
            NO_CONTACT_METHOD,
            "no phone number and no email: nobody can reach this contact through ctdir",
            "add a phone number or an email",
            command=_command("ctdir", "edit", entry_id, "--phone", "NUMBER", "--email", "ADDRESS"),
        )
    yield from _source_findings(entry, today)
    verify = "check it against its source or with the office, then record that"
    command = _command("ctdir", "verify", entry_id)
    age = verified_age(entry, today)
    if age is None:
        if entry.get("verified") and verified_date(entry) is None:
            detail = f"the verified date {entry.get('verified')!r} cannot be read"
        else:
            detail = "never verified since it was added"
        yield _finding(entry, NEVER_VERIFIED, detail, verify, command=command)
    elif age > max_age:
        yield _finding(
            entry,
            STALE,
            f"last verified {verified_date(entry)}, {age} days ago",
            verify,
            command=command,
        )


def _source_findings(entry: Entry, today: date) -> Iterable[Finding]:
    """A bundled or imported entry whose published source is old: verify before relying on it."""
    text = entry.get("source_date")
    try:
        published = date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        published = None
    if published is None:
        return
    # Once someone has checked the entry, its verification date is what ages (STALE).
    if (today - published).days > SOURCE_MAX_YEARS * 365.25 and not verified_date(entry):
        yield _finding(
            entry,
            OLD_SOURCE,
            f"source over {SOURCE_MAX_YEARS} years old ({published.isoformat()}): verify before "
            "relying on it",
            "call the number or find a newer source, then record that",
            command=_command("ctdir", "verify", str(entry.get("id") or ""), "--note", "WHAT"),
        )


# -- the report -------------------------------------------------------------------


def check_entries(
    entries: Sequence[Entry], today: date | None = None, max_age: int = STALE_DAYS
) -> Report:
    """Every problem in ``entries``, in report order (issue, then country, then name)."""
    today = today or date.today()
    judge = _Judge()
    judge.prime(entries)
    findings: list[Finding] = []
    for entry in entries:
        findings.extend(_number_findings(entry, judge))
        findings.extend(_entry_findings(entry, today, max_age))
    findings.extend(_duplicate_findings(entries))
    order = {code: i for i, code in enumerate(ISSUES)}
    labels: dict[str, str] = {}
    names: dict[str, str] = {}

    def key(f: Finding) -> tuple[int, str, str, str]:
        # Memoised: a large report has one finding or more per entry.
        label = labels.get(f.country) or labels.setdefault(f.country, country_label(f.country))
        name = names.get(f.id) or names.setdefault(f.id, fold(f.name))
        return order[f.issue], label, name, f.id

    findings.sort(key=key)
    open_, accepted = _split_accepted(findings, entries)
    return Report(open_, len(entries), max_age, accepted)


# -- acknowledgements -----------------------------------------------------------------


def findings_about(
    entry_id: str,
    entries: Sequence[Entry],
    today: date | None = None,
    max_age: int = STALE_DAYS,
) -> list[Finding]:
    """The findings on ``entry_id`` among ``entries``, open and accepted, in report order.

    A duplicate is a finding on the later entry of a pair; it concerns the
    earlier one as well (either may accept it). ``entries``: the entry and
    those the identity rules compare it with, in store order.
    """
    report = check_entries(entries, today, max_age)
    return [
        f
        for f in report.findings + report.accepted
        if f.id == entry_id or (f.issue in PAIRS and entry_id in f.related)
    ]


def _split_accepted(
    findings: list[Finding], entries: Sequence[Entry]
) -> tuple[list[Finding], list[Finding]]:
    """(open findings, accepted findings): an entry's ``accepted`` codes silence its findings."""
    known: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in entries:
        for item in entry.get("accepted") or []:
            if isinstance(item, dict) and item.get("code"):
                known[(str(entry.get("id") or ""), str(item["code"]))] = item
    open_, accepted = [], []
    for f in findings:
        item = known.get((f.id, f.issue))
        if item is None and f.issue in PAIRS:
            # A pair is accepted on either of its two entries.
            item = next((known[(r, f.issue)] for r in f.related if (r, f.issue) in known), None)
        if item is None:
            open_.append(f)
        else:
            accepted.append(replace(f, accepted=dict(item)))
    return open_, accepted
