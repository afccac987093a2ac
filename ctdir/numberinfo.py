"""What a number nobody recorded is: "a mobile number in Kenya (Safaricom)".

phonenumbers' offline data does the work: the number type, the geocoder (the
area a fixed line rings in) and the carrier a mobile prefix was allocated to.
Imported only on the path that needs it: a reverse lookup that found nothing.
"""

from __future__ import annotations

from ctdir.countries import country_label
from ctdir.errors import InvalidInput
from ctdir.phones import parse_phone

_TYPES = {
    0: "a landline number",
    1: "a mobile number",
    2: "a landline or mobile number",
    3: "a toll-free number",
    4: "a premium-rate number",
    5: "a shared-cost number",
    6: "an internet (VoIP) number",
    7: "a personal number",
    8: "a pager number",
    9: "a company number (UAN)",
    10: "a voicemail number",
}


def describe_number(text: str, country: str | None = None) -> str | None:
    """Say what ``text`` is as a phone number, or None when it is not one.

    ``country`` (alpha-2) reads a number written without its country code, as
    ``lookup --country`` does. A number that is not valid today says so.
    """
    import phonenumbers
    from phonenumbers import carrier, geocoder

    from ctdir.quality import with_article

    try:
        phone = parse_phone(text, country)
    except InvalidInput:
        return None
    if phone["domestic_only"] and not phone["e164"]:
        return f"a short code in {with_article(phone['region'] or country)}"
    if not phone["e164"]:
        return None
    parsed = phonenumbers.parse(phone["e164"], None)
    region = phone["region"]
    if not phone["valid"]:
        if region:
            return f"not a valid number in {with_article(region)} under today's numbering plan"
        return "not a valid number under today's numbering plan"
    kind = _TYPES.get(phonenumbers.number_type(parsed), "a number")
    where = with_article(region) if region else "an international service"
    out = f"{kind} in {where}"
    area = geocoder.description_for_number(parsed, "en")
    if area and area not in (country_label(region), where):
        out += f", {area}"
    operator = carrier.name_for_number(parsed, "en")
    if operator:
        out += f" ({operator})"
    return out
