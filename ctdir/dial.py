"""How to dial a stored number from a given country, and the local time where it rings."""

from __future__ import annotations

from datetime import datetime

from ctdir.phones import Phone


def dial_format(phone: Phone, from_country: str) -> str:
    """The number as dialled from ``from_country`` (phonenumbers' out-of-country format).

    A number that works only inside its own country is given as published, with
    that said plainly when the caller is elsewhere.
    """
    import phonenumbers

    region = phone.get("region")
    if phone.get("domestic_only"):
        if region and region != from_country:
            from ctdir.countries import country_name

            try:
                where = country_name(region)
            except KeyError:
                where = region
            return f"{phone['number']} (only from inside {where})"
        return phone["number"]
    e164 = phone.get("e164")
    if not e164:
        return phone["number"]
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return phone["number"]
    return phonenumbers.format_out_of_country_calling_number(parsed, from_country)


def local_time(phone: Phone, now: datetime | None = None) -> tuple[str, datetime] | None:
    """(time zone name, local time now) where the number rings, when it has one zone."""
    import phonenumbers
    from phonenumbers import timezone as pn_timezone

    e164 = phone.get("e164")
    if not e164:
        return None
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = [z for z in pn_timezone.time_zones_for_number(parsed) if z != "Etc/Unknown"]
    if len(set(zones)) != 1:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(zones[0])
    except ZoneInfoNotFoundError:
        return None
    moment = now if now is not None else datetime.now(tz=zone)
    return zones[0], moment.astimezone(zone)
