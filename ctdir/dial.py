"""How to dial a stored number from a given country, and the local time where it rings.

phonenumbers is imported inside the functions: only output that shows numbers
pays for it, never ``--json``.
"""

from __future__ import annotations

from datetime import datetime

from ctdir.model import Entry
from ctdir.phones import Phone

_UNKNOWN_ZONE = "Etc/Unknown"


def can_dial_from(phone: Phone, from_country: str) -> bool:
    """False for a number that works only inside another country (a short code)."""
    if not phone.get("domestic_only"):
        return True
    return (phone.get("region") or from_country) == from_country


def dial_format(phone: Phone, from_country: str) -> str:
    """The number as dialled from ``from_country``: phonenumbers' out-of-country format.

    ``+960 950-0125`` is ``00 960 950-0125`` from Mozambique, ``011 960 950-0125``
    from the United States and ``950-0125`` from the Maldives. A number that
    cannot be dialled from there, or that phonenumbers cannot read, is given as
    published (``quality.phone_problems`` says why).
    """
    e164 = phone.get("e164")
    if not e164 or not can_dial_from(phone, from_country):
        return phone["number"]
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return phone["number"]
    if phone.get("domestic_only"):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_out_of_country_calling_number(parsed, from_country)


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
