"""Checks every entry passes before it is written, whoever writes it (add, edit, import, extract).

Field libraries do the judging: phonenumbers for numbers, email-validator for
addresses (syntax only: ctdir works offline), the country table for countries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ctdir.errors import InvalidInput, UnknownCountry
from ctdir.model import (
    FIELD_TYPES,
    HISTORY_FIELDS,
    KINDS,
    RECORD_TYPES,
    VALUE_LIST_FIELDS,
    Entry,
    blank_entry,
    new_id,
    now_iso,
)
from ctdir.phones import PHONE_LABELS, Phone, parse_phone, phone_key, split_label

if TYPE_CHECKING:
    from ctdir.countries import CountryMatch

MAX_LENGTH = {
    "name": 200,
    "title": 200,
    "organization": 200,
    "office": 200,
    "city": 100,
    "hours": 200,
    "notes": 4000,
    "source": 1000,
    "language": 60,
    "purpose": 40,
    "label": 40,
}
MAX_ITEMS = 20
MAX_HISTORY = 1000

# Joiners that Persian, Indic scripts and emoji sequences need inside words;
# every other format character (bidi overrides, zero-width spaces, tags) can
# hide or reorder text and is refused.
_JOINERS = frozenset("\u200c\u200d")
# "tel:+258..." (RFC 3966 links) and "Tel. +258..." as pasted from web pages.
_PHONE_PREFIX = re.compile(r"^(?:tel|telephone|phone)\s*[.:]?\s*(?=[+(\d])", re.IGNORECASE)
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$", re.IGNORECASE)
# "one: +960 ..." : a word before a colon and a number, where a label would be.
_UNKNOWN_LABEL = re.compile(r"^\s*([^\W\d_][\w -]{0,30}?)\s*:\s*(?=[+(\d])")


@dataclass
class Checked:
    """A valid entry and what the user should be told about it.

    ``warnings``: accepted but probably wrong (a number invalid today).
    ``notes``: accepted and worth knowing (a number of another country,
    a short code, a country name read through a typo).
    """

    entry: Entry
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _bad_char(text: str, multiline: bool) -> str | None:
    """The first character a stored field must not hold, or None."""
    for char in text:
        if multiline and char in "\n\t":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Zl", "Zp") or (category == "Cf" and char not in _JOINERS):
            return char
    return None


def clean_text(field_name: str, value: Any) -> str | None:
    """Trim; reject control characters and overlong text; empty becomes None."""
    if value is None:
        return None
    text = str(value)
    multiline = field_name == "notes"
    if multiline:
        # Pasted Windows text: CRLF is a newline, not a control character.
        text = text.replace("\r\n", "\n")
    text = text.strip()
    if not text:
        return None
    bad = _bad_char(text, multiline)
    if bad is not None:
        what = "control or invisible formatting characters"
        raise InvalidInput(f"{field_name} contains {what} (U+{ord(bad):04X}): {text!r}")
    limit = MAX_LENGTH.get(field_name, 200)
    if len(text) > limit:
        raise InvalidInput(f"{field_name} is too long ({len(text)} characters, at most {limit})")
    return text


def resolve_country_input(value: Any) -> CountryMatch:
    """A country as a user types it (code, name, alias, typo) -> its match; never a city.

    A city is refused rather than guessed: "Georgetown" is in two countries.
    Interactive prompts may accept a city after asking (see the CLI).
    """
    from ctdir.countries import resolve_country, suggest_countries

    text = str(value or "").strip()
    if not text:
        raise InvalidInput("a country is required (a code such as MZ, or a name)")
    match = resolve_country(text)
    if match is None or match.how == "city":
        if match is not None:
            hints = [f"{match.city or text} is a city in {match.name} ({match.code})"]
        else:
            hints = [f"did you mean {m.name} ({m.code})?" for m in suggest_countries(text)]
        raise UnknownCountry(f"unknown country: {text!r}", hints)
    return match


def resolve_country_strict(value: Any) -> str:
    return resolve_country_input(value).code


def check_email(value: str) -> str:
    """The address as typed (trimmed, without ``mailto:``), or InvalidInput with the reason."""
    from email_validator import EmailNotValidError, validate_email

    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    if not text:
        raise InvalidInput("empty email address")
    try:
        # Syntax only: no DNS lookups, ctdir works offline.
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"invalid email {text!r}: {exc}") from None
    return text


def check_date(value: Any, field_name: str = "verified") -> str | None:
    """A date (``2024-03-02``, an ISO timestamp, or ``today``), not in the future."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if text.lower() == "today":
        return date.today().isoformat()
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text).date()
        except ValueError:
            raise InvalidInput(
                f"{field_name} must be a date such as 2024-03-02 (or 'today'), not {text[:60]!r}"
            ) from None
    if parsed > date.today():
        raise InvalidInput(f"{field_name} date {text} is in the future")
    return parsed.isoformat()


def check_phone(value: Any, country: str) -> tuple[Phone, list[str], list[str]]:
    """A phone from text ("office: +258 ...") or a stored phone object; with warnings and notes.

    Letters are accepted only in a vanity number (416-222-TIPS) that dials a
    valid number: otherwise they are a typo (O for 0, l for 1) or stray text.
    """
    if isinstance(value, Mapping):
        number = str(value.get("number") or "")
        label = value.get("label")
    else:
        label, number = split_label(str(value))
        number = _PHONE_PREFIX.sub("", number)
        unknown = _UNKNOWN_LABEL.match(number) if label is None else None
        if unknown:
            raise InvalidInput(
                f"unknown phone label {unknown.group(1)!r}: use one of "
                f"{', '.join(PHONE_LABELS)}, as in 'office: +258 21 310 779'"
            )
    label = clean_text("label", label)
    if label is not None:
        label = label.lower()
    if _bad_char(number, multiline=False) is not None:
        raise InvalidInput(f"not a phone number (control characters): {number!r}")
    phone = parse_phone(number, country, label)
    has_letters = any(c.isalpha() for c in _EXTENSION.sub("", phone["number"]))
    if has_letters and not phone["valid"]:
        raise InvalidInput(
            f"not a phone number: {phone['number']!r} (letters are accepted only in a vanity "
            "number such as 416-222-TIPS that dials a valid number)"
        )
    # The same rules and words as the marks on results and `ctdir check`.
    from ctdir.quality import WRONG_COUNTRY, phone_problems, with_article

    warnings, notes = [], []
    for problem in phone_problems(phone, country):
        text = f"{phone['number']}: {problem.text}"
        if problem.issue == WRONG_COUNTRY:
            what, sep, fix = problem.text.partition("; perhaps ")
            where = f", while the entry is in {with_article(country)}"
            text = f"{phone['number']}: {what}{where}{sep}{fix}"
        if phone["valid"] or phone["domestic_only"]:
            notes.append(text)  # a real line elsewhere, or a short code: worth knowing
        else:
            warnings.append(f"{text} (kept as published; check it before relying on it)")
    return phone, warnings, notes


# The keys of each history item, and which must be a date.
# The keys of each history's items, from the model's record types.
_HISTORY_KEYS = {name: tuple(RECORD_TYPES[FIELD_TYPES[name][1:-1]]) for name in HISTORY_FIELDS}


def _history(name: str, value: Any) -> list[dict[str, Any]]:
    """A verification history or the accepted problems, as stored: checked item by item."""
    items = []
    for item in _listify(value):
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{name} must hold objects, not {type(item).__name__}")
        keys = _HISTORY_KEYS[name]
        unknown = set(item) - set(keys)
        if unknown:
            raise InvalidInput(f"{name}: unknown keys {', '.join(sorted(map(str, unknown)))}")
        clean: dict[str, Any] = {}
        for key in keys:
            if key == "date":
                clean[key] = check_date(item.get(key), f"{name} date")
                if clean[key] is None:
                    raise InvalidInput(f"{name}: every item needs a date")
            else:
                clean[key] = clean_text("notes", item.get(key))
        if name == "accepted" and not clean["code"]:
            raise InvalidInput("accepted: every item needs a code")
        items.append(clean)
    if len(items) > MAX_HISTORY:
        raise InvalidInput(f"too many {name} (at most {MAX_HISTORY})")
    return items


def _listify(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | Mapping):
        return [value]
    return list(value)


def check_entry(kind: str, values: Mapping[str, Any], base: Entry | None = None) -> Checked:
    """Validate ``values`` (over ``base`` when editing) into a whole entry.

    ``values`` holds user-level input: country in any form, phones as text or
    phone objects, emails, languages. When editing, ``values["phones"]`` is the
    whole new list; a new country re-checks the stored numbers against it.
    Raises InvalidInput naming the first problem; nothing is written here.
    """
    if kind not in KINDS:
        raise InvalidInput(f"kind must be contact or hotline, not {kind!r}")
    entry = dict(base) if base else blank_entry(kind)
    entry["kind"] = kind
    checked = Checked(entry)
    for name in ("name", "title", "organization", "office", "city", "hours", "notes", "source"):
        if name in values:
            entry[name] = clean_text(name, values[name])
    old_country = entry.get("country")
    if "country" in values:
        match = resolve_country_input(values["country"])
        if match.how == "fuzzy":
            checked.notes.append(
                f"country {str(values['country']).strip()!r} read as {match.name} ({match.code})"
            )
        entry["country"] = match.code
    country = entry.get("country")
    if not entry.get("name"):
        raise InvalidInput(f"a {kind} needs a name")
    if not country:
        raise InvalidInput(f"a {kind} needs a country")
    if "phones" in values or (base and country != old_country):
        # Tell the user about new numbers only; an edit of the title should not
        # repeat what was said when the number was added.
        known = {p["number"] for p in (base or {}).get("phones") or []}
        recheck = bool(base) and country != old_country
        phones = []
        for item in _listify(values.get("phones", entry.get("phones"))):
            phone, warnings, notes = check_phone(item, country)
            phones.append(phone)
            if recheck or phone["number"] not in known:
                checked.warnings.extend(warnings)
                checked.notes.extend(notes)
        entry["phones"] = _dedupe_phones(phones)
    if "emails" in values:
        emails: dict[str, str] = {}
        for item in _listify(values["emails"]):
            email = check_email(str(item))
            emails.setdefault(email.lower(), email)
        entry["emails"] = list(emails.values())
    if "languages" in values:
        languages: dict[str, str] = {}
        for item in _listify(values["languages"]):
            language = clean_text("language", item)
            if language:
                languages.setdefault(language.casefold(), language)
        entry["languages"] = list(languages.values())
    for name in ("verified", "source_date"):
        if name in values:
            entry[name] = check_date(values[name], name)
    for name in HISTORY_FIELDS:
        if name in values:
            entry[name] = _history(name, values[name])
    if "purpose" in values:
        purpose = clean_text("purpose", values["purpose"])
        entry["purpose"] = purpose.lower() if purpose else None
    for name in VALUE_LIST_FIELDS:
        if len(entry.get(name) or []) > MAX_ITEMS:
            raise InvalidInput(f"too many {name} (at most {MAX_ITEMS})")
    if kind == "contact" and not entry["phones"] and not entry["emails"]:
        raise InvalidInput("a contact needs at least one phone number or email")
    if kind == "hotline" and not entry["phones"]:
        raise InvalidInput("a hotline needs at least one number")
    return checked


def _dedupe_phones(phones: list[Phone]) -> list[Phone]:
    seen: set[str] = set()
    out = []
    for phone in phones:
        key = phone_key(phone)
        if key not in seen:
            seen.add(key)
            out.append(phone)
    return out


def stamp_new(entry: Entry, taken: Container[str] = frozenset()) -> Entry:
    """Give a new entry its id and timestamps.

    Pass ``Transaction.taken_ids()`` as ``taken``: it holds the ids of removed
    entries too, so that an id is never reused.
    """
    now = now_iso()
    entry = dict(entry)
    entry["id"] = new_id(taken)
    entry["created"] = now
    entry["updated"] = now
    return entry
