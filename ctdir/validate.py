"""Checks every entry passes before it is written, whoever writes it (add, edit, import, extract).

Field libraries do the judging: phonenumbers for numbers, email-validator for
addresses (syntax only: ctdir works offline), the country table for countries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ctdir.errors import InvalidInput, UnknownCountry
from ctdir.model import KINDS, Entry, blank_entry, new_id, now_iso
from ctdir.phones import Phone, parse_phone, split_label
from ctdir.text import fold, has_control_chars

if TYPE_CHECKING:
    from ctdir.index import Index

MAX_LENGTH = {
    "name": 200,
    "title": 200,
    "organization": 200,
    "office": 200,
    "city": 100,
    "hours": 200,
    "notes": 4000,
    "source": 1000,
}
MAX_ITEMS = 20
MAX_LANGUAGE = 60
NAME_SIMILARITY = 92.0


@dataclass
class Checked:
    """A valid entry and what the user should be told about it."""

    entry: Entry
    warnings: list[str] = field(default_factory=list)


def clean_text(field_name: str, value: Any) -> str | None:
    """Trim; reject control characters and overlong text; empty becomes None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if has_control_chars(text, allow_newlines=field_name == "notes"):
        raise InvalidInput(f"{field_name} contains control characters: {text!r}")
    limit = MAX_LENGTH.get(field_name, 200)
    if len(text) > limit:
        raise InvalidInput(f"{field_name} is too long ({len(text)} characters, at most {limit})")
    return text


def resolve_country_strict(value: Any) -> str:
    from ctdir.countries import resolve_country, suggest_countries

    text = str(value or "").strip()
    if not text:
        raise InvalidInput("a country is required (a code such as MZ, or a name)")
    match = resolve_country(text)
    if match is None or match.how == "city":
        hints = [f"did you mean {m.name} ({m.code})?" for m in suggest_countries(text)]
        if match is not None:
            hints.insert(0, f"{text} is a city in {match.name} ({match.code})")
        raise UnknownCountry(f"unknown country: {text!r}", hints)
    return match.code


def check_email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"invalid email {value!r}: {exc}") from None
    return text


def check_date(value: Any) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        parsed = date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput(f"verified must be a date such as 2024-03-02, not {text!r}") from None
    if parsed > date.today():
        raise InvalidInput(f"verified date {text} is in the future")
    return parsed.isoformat()


def check_phone(value: Any, country: str) -> tuple[Phone, list[str]]:
    """A phone from text ("office: +258 ...") or a stored phone object; with its warnings."""
    from ctdir.quality import phone_warnings

    if isinstance(value, Mapping):
        number = str(value.get("number") or "")
        label = value.get("label")
    else:
        label, number = split_label(str(value))
    label = clean_text("label", label)
    if label is not None:
        label = label.lower()
    phone = parse_phone(number, country, label)
    warnings = [f"{phone['number']}: {w}" for w in phone_warnings(phone, country)]
    return phone, warnings


def _listify(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | Mapping):
        return [value]
    return list(value)


def check_entry(kind: str, values: Mapping[str, Any], base: Entry | None = None) -> Checked:
    """Validate ``values`` (over ``base`` when editing) into a whole entry.

    ``values`` holds user-level input: country in any form, phones as text or
    phone objects, emails, languages. Raises InvalidInput naming the first
    problem; nothing is written by this function.
    """
    if kind not in KINDS:
        raise InvalidInput(f"kind must be contact or hotline, not {kind!r}")
    entry = dict(base) if base else blank_entry(kind)
    entry["kind"] = kind
    warnings: list[str] = []
    for name in ("name", "title", "organization", "office", "city", "hours", "notes", "source"):
        if name in values:
            entry[name] = clean_text(name, values[name])
    if "country" in values:
        entry["country"] = resolve_country_strict(values["country"])
    country = entry.get("country")
    if not entry.get("name"):
        raise InvalidInput(f"a {kind} needs a name")
    if not country:
        raise InvalidInput(f"a {kind} needs a country")
    if "phones" in values or ("country" in values and base):
        phones = []
        for item in _listify(values.get("phones", entry.get("phones"))):
            phone, notes = check_phone(item, country)
            phones.append(phone)
            warnings.extend(notes)
        entry["phones"] = _dedupe_phones(phones)
    if "emails" in values:
        entry["emails"] = list(
            dict.fromkeys(check_email(str(e)) for e in _listify(values["emails"]))
        )
    if "languages" in values:
        entry["languages"] = [
            lang
            for lang in (clean_text("language", v) for v in _listify(values["languages"]))
            if lang
        ]
        if any(len(lang) > MAX_LANGUAGE for lang in entry["languages"]):
            raise InvalidInput(f"a language name is longer than {MAX_LANGUAGE} characters")
    if "verified" in values:
        entry["verified"] = check_date(values["verified"])
    for name in ("phones", "emails", "languages"):
        if len(entry.get(name) or []) > MAX_ITEMS:
            raise InvalidInput(f"too many {name} (at most {MAX_ITEMS})")
    if kind == "contact" and not entry["phones"] and not entry["emails"]:
        raise InvalidInput("a contact needs at least one phone number or email")
    if kind == "hotline" and not entry["phones"]:
        raise InvalidInput("a hotline needs at least one number")
    return Checked(entry, warnings)


def _dedupe_phones(phones: list[Phone]) -> list[Phone]:
    seen: set[str] = set()
    out = []
    for phone in phones:
        key = phone.get("e164") or re.sub(r"\D", "", phone["number"])
        if key not in seen:
            seen.add(key)
            out.append(phone)
    return out


def stamp_new(entry: Entry, taken: Iterable[str] = ()) -> Entry:
    """Give a new entry its id and timestamps."""
    now = now_iso()
    entry = dict(entry)
    entry["id"] = new_id(set(taken))
    entry["created"] = now
    entry["updated"] = now
    return entry


def duplicates(index: Index, entry: Entry) -> list[tuple[Entry, str]]:
    """Existing entries that ``entry`` duplicates: same number, same email, or near-same name."""
    from rapidfuzz import fuzz

    from ctdir.index import KEY_E164
    from ctdir.phones import digits

    found: dict[int, str] = {}
    for phone in entry.get("phones") or []:
        e164 = digits(phone.get("e164") or "")
        if not e164:
            continue
        for rid, stored, keykind in index.phones_with_suffix(e164):
            if stored == e164 and keykind == KEY_E164:
                found.setdefault(rid, f"same number {phone['number']}")
    for email in entry.get("emails") or []:
        for rid, _ in index.emails_matching("email", email.lower()):
            found.setdefault(rid, f"same email {email}")
    name = fold(entry.get("name") or "")
    rids = index.select_rids(country=entry.get("country"), kind=entry.get("kind"))
    for rid, other in index.by_rids(rids).items():
        if (
            rid not in found
            and fuzz.token_sort_ratio(name, fold(other.get("name") or "")) >= NAME_SIMILARITY
        ):
            found[rid] = f"same name in {entry.get('country')}: {other.get('name')}"
    docs = index.by_rids(found)
    return [
        (docs[rid], why)
        for rid, why in found.items()
        if rid in docs and docs[rid]["id"] != entry.get("id")
    ]
