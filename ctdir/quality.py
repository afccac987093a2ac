"""What is suspect about an entry's numbers and dates, shown wherever entries are shown."""

from __future__ import annotations

from datetime import date

from ctdir.model import Entry
from ctdir.phones import Phone


def _country(code: str | None) -> str:
    if not code:
        return "an unknown country"
    from ctdir.countries import country_name

    try:
        return country_name(code)
    except KeyError:
        return code


def phone_warnings(phone: Phone, entry_country: str | None) -> list[str]:
    """Short warnings for one number, empty when nothing is suspect."""
    notes = []
    if phone.get("domestic_only"):
        notes.append(f"only from inside {_country(phone.get('region') or entry_country)}")
    if not phone.get("valid"):
        notes.append("not valid under today's numbering plan")
    region = phone.get("region")
    if region and entry_country and region != entry_country and not phone.get("domestic_only"):
        notes.append(f"a {_country(region)} number")
    return notes


def verified_label(entry: Entry, today: date | None = None) -> str:
    verified = entry.get("verified")
    if not verified:
        return "never verified"
    return f"verified {verified}"
