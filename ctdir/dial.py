"""How to dial a stored number from a given country, and the local time where it rings.

phonenumbers is imported inside the functions: only output that shows numbers
pays for it, never ``--json``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ctdir.model import Entry
from ctdir.phones import Phone, national, with_extension

_UNKNOWN_ZONE = "Etc/Unknown"


def can_dial_from(phone: Phone, from_country: str) -> bool:
    """False for a number that works only inside another country (a short code)."""
    if not phone.get("domestic_only"):
        return True
    return (phone.get("region") or from_country) == from_country


def dial_format(phone: Phone, from_country: str) -> str:
    """The number as dialled from ``from_country``: phonenumbers' out-of-country format.

    ``+960 950-0125`` is ``00 960 950-0125`` from Mozambique, ``011 960 950-0125``
    from the United States and ``950-0125`` from the Maldives; an extension
    follows (``011 254 20 4444174 ext. 205``). A number that
    cannot be dialled from there, or that phonenumbers cannot read, is given as
    published (``quality.phone_problems`` says why).
    """
    e164 = phone.get("e164")
    if not e164 or not can_dial_from(phone, from_country):
        return phone["number"]
    if phone.get("domestic_only"):
        return national(phone)
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return phone["number"]
    return with_extension(
        phonenumbers.format_out_of_country_calling_number(parsed, from_country), phone
    )


def _zones_for_phone(phone: Phone) -> list[str]:
    import phonenumbers
    from phonenumbers import timezone as pn_timezone

    e164 = phone.get("e164")
    if not e164:
        return []
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return []
    return [z for z in pn_timezone.time_zones_for_number(parsed) if z != _UNKNOWN_ZONE]


def _zones_for_country(country: str | None) -> list[str]:
    """The country's zone when its calling code has only one (+670: Asia/Dili; not +1)."""
    if not country:
        return []
    import phonenumbers
    from phonenumbers.tzdata import TIMEZONE_DATA

    code = phonenumbers.country_code_for_region(country)
    zones = TIMEZONE_DATA.get(str(code), ()) if code else ()
    return list(zones) if len(zones) == 1 else []


def entry_zones(entry: Entry) -> list[str]:
    """Time zones where the entry's office is and where its numbers ring, distinct.

    The country's own zone comes first (office hours are kept there), then the
    zone of any number that rings elsewhere (IOM Maldives' Colombo line); a number
    whose prefix spans several zones adds none.
    """
    zones = _zones_for_country(entry.get("country"))
    for phone in entry.get("phones") or []:
        found = _zones_for_phone(phone)
        if len(found) == 1:
            zones.extend(found)
    return list(dict.fromkeys(zones))


def local_times(entry: Entry, now: datetime | None = None) -> list[tuple[str, datetime]]:
    """(zone name, local time) for each of ``entry_zones``; zones unknown to zoneinfo skipped."""
    from datetime import UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    moment = now if now is not None else datetime.now(tz=UTC)
    out = []
    for name in entry_zones(entry):
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue  # no tz database on this system (Windows without tzdata)
        out.append((name, moment.astimezone(zone)))
    return out


def local_time_text(entry: Entry, now: datetime | None = None) -> str | None:
    """'14:05 Tue (Asia/Dili)', one per zone, or None when no zone is known."""
    times = local_times(entry, now)
    if not times:
        return None
    return ", ".join(f"{t:%H:%M %a} ({name})" for name, t in times)


# -- numbers that may not ring from abroad ----------------------------------------------

TOLL_FREE = "toll-free"
PREMIUM_RATE = "premium-rate"
SHARED_COST = "shared-cost"
SHORT_CODE = "short-code"

_WHY = {
    TOLL_FREE: "toll-free numbers are rarely reachable from abroad",
    PREMIUM_RATE: "premium-rate numbers are often blocked from abroad, and costly",
    SHARED_COST: "shared-cost numbers are often unreachable from abroad",
    SHORT_CODE: "a short code can only be dialled inside",
}


@dataclass(frozen=True)
class DialCaveat:
    """Why one number may not ring when dialled from another country, and what to try."""

    kind: str  # TOLL_FREE, PREMIUM_RATE, SHARED_COST or SHORT_CODE
    text: str  # "toll-free numbers are rarely reachable from abroad"
    instead: tuple[str, ...] = ()  # "+960 950-0125 (hotline), on this entry"


def number_type(phone: Phone) -> str | None:
    """TOLL_FREE, PREMIUM_RATE or SHARED_COST as phonenumbers types the number, else None."""
    e164 = phone.get("e164")
    if not e164 or not phone.get("valid"):
        return None
    import phonenumbers
    from phonenumbers import PhoneNumberType

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    return {
        PhoneNumberType.TOLL_FREE: TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE: PREMIUM_RATE,
        PhoneNumberType.SHARED_COST: SHARED_COST,
    }.get(phonenumbers.number_type(parsed))


def _caveat_kind(phone: Phone, entry_country: str | None, from_country: str) -> str | None:
    home = phone.get("region") or entry_country
    if not home or home == from_country:
        return None
    if phone.get("domestic_only"):
        return SHORT_CODE
    return number_type(phone)


def _reachable(phones: Sequence[Phone], country: str | None, from_country: str) -> list[Phone]:
    return [
        p
        for p in phones
        if p.get("valid")
        and can_dial_from(p, from_country)
        and _caveat_kind(p, country, from_country) is None
    ]


def dialling_advice(
    entries: Sequence[Entry],
    from_country: str,
    hotlines_of: Callable[[str], Sequence[Entry]],
) -> dict[tuple[str, int], DialCaveat]:
    """Caveats for the numbers of ``entries`` dialled from ``from_country``.

    Keyed by (entry id, position of the phone). A toll-free, premium-rate or
    shared-cost number (phonenumbers' number type), or a short code, of another
    country gets a caveat; what to do instead is another number of the same entry
    that rings from there, else the other hotlines of the country
    (``hotlines_of(country)``), at most two.
    """
    from ctdir.quality import with_article

    advice: dict[tuple[str, int], DialCaveat] = {}
    for entry in entries:
        country = entry.get("country")
        phones: list[Phone] = list(entry.get("phones") or [])
        for pos, phone in enumerate(phones):
            kind = _caveat_kind(phone, country, from_country)
            if kind is None:
                continue
            text = _WHY[kind]
            if kind == SHORT_CODE:
                if phone.get("e164"):  # a whole number (Ghana's 0800s), not a short code
                    text = "this number can only be dialled inside"
                text += f" {with_article(phone.get('region') or country)}"
            instead = [
                f"{dial_format(p, from_country)}"
                + (f" ({p['label']})" if p.get("label") else "")
                + ", on this entry"
                for p in _reachable(phones, country, from_country)
            ]
            if not instead and country:
                for other in hotlines_of(country):
                    if other.get("id") == entry.get("id"):
                        continue
                    good = _reachable(other.get("phones") or [], country, from_country)
                    if good:
                        instead.append(f"{other.get('name')}: {dial_format(good[0], from_country)}")
            advice[(str(entry.get("id")), pos)] = DialCaveat(kind, text, tuple(instead[:2]))
    return advice


def dialled(phone: Phone, from_country: str) -> str | None:
    """The number as dialled from ``from_country``; None where it cannot be dialled from there."""
    if not can_dial_from(phone, from_country):
        return None
    if not phone.get("e164") and not phone.get("domestic_only"):
        return None  # phonenumbers could not read it: nobody knows how it is dialled
    return dial_format(phone, from_country)
