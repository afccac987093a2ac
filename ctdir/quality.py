"""What is suspect about an entry's numbers and dates.

Shown inline wherever entries are shown (lookup, hotline, show, add's warnings)
and reported in full by ``ctdir check`` (``ctdir.check``), so both say the same.
The display path works from the stored phone flags; phonenumbers is imported
only for a number that is already suspect (to look for a correction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ctdir.model import Entry
from ctdir.phones import Phone, digits, not_a_number

# Verified longer ago than this many days is "stale" (check's default --max-age).
STALE_DAYS = 365

INVALID = "invalid-number"
WRONG_COUNTRY = "wrong-country"
DOMESTIC_ONLY = "domestic-only"


@dataclass(frozen=True)
class PhoneProblem:
    """One suspect number: an issue code, the inline mark, and a possible correction."""

    issue: str
    text: str  # "a Kazakhstan number (not valid there either); perhaps +27 79 501 7854"
    suggestion: str | None = None  # international format; a suggestion, never applied


def country_label(code: str | None) -> str:
    from ctdir.countries import country_label as label

    return label(code, "an unknown country")


# Countries named with an article in running text: "only from inside the Maldives".
_WITH_THE_CODES = (
    "AE AX BS CC CD CF CG CK CZ DO FK FO GB GM GS HM IM KM KY LA MH MP MV NL PH SB SC SY "
    "TC TF UM US VA VG VI"
)
_WITH_THE = frozenset(_WITH_THE_CODES.split())


def with_article(code: str | None) -> str:
    """The country's name as running text uses it: 'the Maldives', 'Mozambique'."""
    name = country_label(code)
    return f"the {name}" if code in _WITH_THE else name


def phone_problems(phone: Phone, entry_country: str | None) -> list[PhoneProblem]:
    """What is wrong with one stored number, at most one problem per number.

    A number with another country's code is reported as that (with a suggested
    correction when one is valid) rather than also as invalid: one fix mends both.
    """
    region = phone.get("region")
    instead = not_a_number(phone.get("number") or "")
    if instead:
        # Stored before ctdir refused it ("24/7" typed as a number).
        return [PhoneProblem(INVALID, f"not a phone number: {instead}")]
    if phone.get("domestic_only"):
        where = with_article(region or entry_country)
        return [PhoneProblem(DOMESTIC_ONLY, f"only from inside {where}")]
    if region and entry_country and region != entry_country and _other_code(region, entry_country):
        # A number valid where its code says is most likely a real line there
        # (a regional office): only a number that is valid nowhere gets a guess.
        found = [] if phone.get("valid") else suggest_country_fix(phone, entry_country)
        there = country_label(region)
        text = f"{'an' if there[:1] in ('A', 'E', 'I', 'O') else 'a'} {there} number"
        if not phone.get("valid"):
            text += " (not valid there either)"
        if found:
            text += f"; perhaps {' or '.join(found[:2])}"
        return [PhoneProblem(WRONG_COUNTRY, text, found[0] if found else None)]
    if not phone.get("valid"):
        fix = suggest_missing_digit(phone, entry_country)
        text = "not valid under today's numbering plan"
        if fix:
            text += f"; perhaps {fix}"
        return [PhoneProblem(INVALID, text, fix)]
    return []


# Warnings already worked out, filled from the search index so that showing a
# suspect number need not import phonenumbers to find its suggested correction.
_WARNINGS: dict[str, list[str]] = {}


# Part of every warning key: changed with the rules below, it makes the texts an
# existing index keeps miss, so that they are worked out again.
WARNING_RULES = "2"


def warning_key(phone: Phone, entry_country: str | None) -> str:
    """Everything a number's warnings depend on, the rules' version included."""
    return "|".join(
        str(v)
        for v in (
            WARNING_RULES,
            entry_country,
            phone.get("number"),
            phone.get("e164"),
            bool(phone.get("valid")),
            phone.get("region"),
            bool(phone.get("domestic_only")),
        )
    )


def may_need_warning(phone: Phone, entry_country: str | None) -> bool:
    """Cheap pre-check: False means phone_warnings is surely empty."""
    return bool(
        phone.get("domestic_only")
        or not phone.get("valid")
        or (phone.get("region") and entry_country and phone.get("region") != entry_country)
        or not_a_number(phone.get("number") or "")
    )


def remember_warnings(known: dict[str, list[str]]) -> None:
    _WARNINGS.update(known)


def phone_warnings(phone: Phone, entry_country: str | None) -> list[str]:
    """Short inline warnings for one number, empty when nothing is suspect."""
    if not may_need_warning(phone, entry_country):
        return []
    key = warning_key(phone, entry_country)
    known = _WARNINGS.get(key)
    if known is None:
        known = _WARNINGS[key] = [p.text for p in phone_problems(phone, entry_country)]
    return known


def _other_code(region: str, entry_country: str) -> bool:
    """True when the two countries have different calling codes.

    A Jersey office with a London number (+44 both) has the right country code.
    """
    import phonenumbers

    theirs = phonenumbers.country_code_for_region(region)
    ours = phonenumbers.country_code_for_region(entry_country)
    return bool(theirs and ours and theirs != ours)


def _valid_in(candidate: str, country: str) -> str | None:
    """``candidate`` ("+27795017854") in international format if valid in ``country``."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    if phonenumbers.region_code_for_number(parsed) != country:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def suggest_country_fix(phone: Phone, country: str) -> list[str]:
    """Valid numbers of ``country`` that the published number plausibly meant.

    Tried in order: the entry's country code in place of the written one; the
    written digits after a country code that lost its first digits (``+ 7 795…``
    for ``+27 795…``); the country code missing; a trunk 0 left in.
    """
    import phonenumbers

    cc = phonenumbers.country_code_for_region(country)
    if not cc:
        return []
    code = str(cc)
    written = digits(phone.get("number") or "")
    nsn = ""
    e164 = phone.get("e164")
    if e164:
        try:
            nsn = phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
        except phonenumbers.NumberParseException:
            nsn = ""
    candidates = []
    if nsn:
        candidates.append(code + nsn)
    lost = (code[:k] + written for k in range(1, len(code)) if written.startswith(code[k:]))
    candidates.extend(lost)
    candidates.append(code + written)
    if written.startswith("0"):
        candidates.append(code + written.lstrip("0"))
    found = (_valid_in("+" + c, country) for c in dict.fromkeys(candidates))
    return list(dict.fromkeys(f for f in found if f))


def suggest_missing_digit(phone: Phone, country: str | None) -> str | None:
    """The number a plan change of the known kind would have made of an outdated one.

    Plans that run out of numbers lengthen a range by repeating its leading
    digit (Timor-Leste's mobiles in 2012: +670 723 1576 became +670 7723 1576).
    Only that candidate is tried: another digit put in front often makes some
    stranger's valid number (Pakistan's UAN hotline 111-247-786 would become
    the mobile +92 311 1247786), a guess rather than a correction.
    """
    e164 = phone.get("e164")
    region = phone.get("region") or country
    if not e164 or not region:
        return None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    nsn = phonenumbers.national_significant_number(parsed)
    if not nsn:
        return None
    return _valid_in(f"+{parsed.country_code}{nsn[0]}{nsn}", region)


def verified_date(entry: Entry) -> date | None:
    value = entry.get("verified")
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def verified_age(entry: Entry, today: date | None = None) -> int | None:
    """Days since the entry was last verified; None when never (or unreadably) verified."""
    when = verified_date(entry)
    if when is None:
        return None
    return ((today or date.today()) - when).days


def is_stale(entry: Entry, today: date | None = None, max_age: int = STALE_DAYS) -> bool:
    age = verified_age(entry, today)
    return age is not None and age > max_age


def _ago(days: int) -> str:
    if days >= 2 * 365:
        return f"over {days // 365} years ago"
    if days >= 365:
        return "over a year ago"
    if days >= 60:
        return f"over {days // 30} months ago"
    return f"{days} days ago"


def verified_label(entry: Entry, today: date | None = None, max_age: int = STALE_DAYS) -> str:
    """'never verified', 'verified 2024-03-02', or 'verified 2023-01-05, over a year ago'."""
    when = verified_date(entry)
    if when is None:
        return "never verified"
    age = ((today or date.today()) - when).days
    if age > max_age:
        return f"verified {when.isoformat()}, {_ago(age)}"
    return f"verified {when.isoformat()}"


def needs_attention(entry: Entry, today: date | None = None) -> bool:
    """Never verified or stale: shown in a warning colour."""
    return verified_date(entry) is None or is_stale(entry, today)
