"""Phone numbers: parse with phonenumbers, store as published, describe for output.

``phonenumbers`` costs ~30 ms to import, so it is imported inside the functions
that need it; searching and printing use what the index precomputed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from ctdir.errors import InvalidInput

PHONE_LABELS = ("office", "mobile", "hotline", "fax", "home", "work", "other")

_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(?P<ext>\d{1,6})\s*$", re.IGNORECASE)
_VANITY = re.compile(r"^[\d\s().+\-/]*\d[\d\s().+\-/]*[A-Za-z]{2,}[A-Za-z\d\s\-]*$")
_ALLOWED = re.compile(r"^[\d\s().+\-/]+$")
# "1-800-222-TIPS (8477)": a vanity word followed by its own digits in brackets.
_SPELLED_OUT = re.compile(r"(?P<word>[A-Za-z]{2,})\s*\((?P<digits>\d{2,})\)\s*$")
_KEYPAD = {
    c: str(n)
    for n, letters in enumerate(["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"])
    for c in letters
}


def _without_spelled_digits(number: str) -> str:
    """``"1-800-222-TIPS (8477)"`` -> ``"1-800-222-TIPS"``: the digits in brackets are
    the word on the keypad, not more of the number. Anything else is left as is."""
    m = _SPELLED_OUT.search(number)
    if m and "".join(_KEYPAD[c] for c in m.group("word").lower()) == m.group("digits"):
        return number[: m.start("word") + len(m.group("word"))]
    return number


class Phone(TypedDict):
    number: str
    e164: str | None
    label: str | None
    valid: bool
    region: str | None
    domestic_only: bool


_NON_DIGITS = re.compile(r"\D+")


_ASCII_NON_DIGITS = bytes(c for c in range(128) if not 0x30 <= c <= 0x39)


def digits(text: str) -> str:
    """The digits of ``text`` (any script's), nothing else."""
    if text.isascii():  # the usual case, twice per number of every entry on a rebuild
        return text.encode("ascii").translate(None, _ASCII_NON_DIGITS).decode("ascii")
    return _NON_DIGITS.sub("", text)


# Text of digits and "/", "-", "." that is a time or a date, not a number: a hotline's
# availability ("24/7", "24x7", "24/7/365", "24 h") or a date ("2024-05-01",
# "01/05/2024", "1.5.2024") or a time of day ("12:30", "09:00-17:00").
_AVAILABILITY = re.compile(
    r"^(?:24\s*[/x×]\s*7(?:\s*/\s*365)?|7\s*[/x×]\s*24|24\s*/\s*365"
    r"|24\s*(?:h|hrs?|hours?|std|heures|horas|ore)\.?)$",
    re.IGNORECASE,
)
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-–]\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$")
_DAY_FIRST_DATE = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)$"
)


def not_a_number(text: str) -> str | None:
    """What ``text`` is instead of a phone number ("a date"), or None."""
    if _AVAILABILITY.match(text):
        return "a time of availability (it belongs in the hours)"
    if _TIME.match(text):
        return "a time of day"
    iso = _ISO_DATE.match(text)
    if iso and 1 <= int(iso["m"]) <= 12 and 1 <= int(iso["d"]) <= 31:
        return "a date"
    dated = _DAY_FIRST_DATE.match(text)
    if dated:
        # 05/01/2024 is a date whether the day or the month comes first.
        low, high = sorted((int(dated["a"]), int(dated["b"])))
        if 1 <= low <= 12 and high <= 31:
            return "a date"
    return None


def check_phone_text(raw: str) -> str:
    """Return the number trimmed, or raise InvalidInput if it cannot be a number."""
    number = " ".join(raw.split())
    if not number:
        raise InvalidInput("empty phone number")
    if not any(c.isdigit() for c in number):
        raise InvalidInput(f"not a phone number (no digits): {raw!r}")
    instead = not_a_number(number)
    if instead:
        raise InvalidInput(f"not a phone number: {raw!r} is {instead}")
    body = _without_spelled_digits(_EXTENSION.sub("", number))
    if not _ALLOWED.match(body) and not _VANITY.match(body):
        raise InvalidInput(
            f"not a phone number: {raw!r} (only digits, spaces, + ( ) - . / and a "
            "trailing vanity word such as 416-222-TIPS are allowed)"
        )
    if len(digits(body)) < 3:
        raise InvalidInput(f"too few digits for a phone number: {raw!r}")
    if len(digits(body)) > 17:
        raise InvalidInput(f"too many digits for a phone number: {raw!r}")
    return number


def parse_phone(raw: str, country: str | None, label: str | None = None) -> Phone:
    """Describe ``raw`` as a phone object; the number is kept exactly as given.

    ``country`` (ISO alpha-2) is the default region for numbers written without
    a country code. A number that parses but is not valid today gets
    ``valid: False``; a short code dialable only inside its country gets
    ``domestic_only: True`` and no ``e164``.
    """
    import phonenumbers
    from phonenumbers import shortnumberinfo

    number = check_phone_text(raw)
    # "++41 ..." is a common paste error; "+ 93 (0) 700..." carries a trunk 0.
    cleaned = re.sub(r"^\+\s*\+", "+", _without_spelled_digits(number))
    try:
        parsed = phonenumbers.parse(cleaned, country)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"not a phone number: {raw!r} ({exc})") from None
    region = phonenumbers.region_code_for_number(parsed)
    valid = phonenumbers.is_valid_number(parsed)
    domestic_only = False
    e164: str | None = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if not valid and country and shortnumberinfo.is_valid_short_number_for_region(parsed, country):
        valid = True
        domestic_only = True
        region = country
        e164 = None
    elif not valid and country and unlisted_short_code(cleaned, parsed, country):
        # A short code the metadata does not list (its short-number lists are
        # partial): not known to be valid, but surely dialled only inside.
        domestic_only = True
        region = country
        e164 = None
    elif valid and not phonenumbers.can_be_internationally_dialled(parsed):
        domestic_only = True
    if region in (None, "ZZ", "001"):
        region = None
    return Phone(
        number=number,
        e164=e164,
        label=label,
        valid=bool(valid),
        region=region,
        domestic_only=domestic_only,
    )


def phone_key(phone: Mapping[str, Any]) -> str:
    """What makes two phone objects one line: the E.164 form and the extension, else
    the digits (two extensions of one switchboard are two lines)."""
    number = str(phone.get("number") or "")
    e164 = phone.get("e164")
    if not e164:
        return digits(number)
    ext = extension(number)
    return f"{e164};ext={ext}" if ext else str(e164)


def unlisted_short_code(written: str, parsed: Any, country: str) -> bool:
    """Whether a number not valid as a line is a short code the metadata does not list.

    phonenumbers' short-number lists are partial (Thailand's 1300, the 116
    numbers): a number written without a country code, of six digits or fewer
    or of a short-number length for ``country``, is dialled only inside it.
    """
    from phonenumbers import shortnumberinfo

    if written.lstrip().startswith("+"):
        return False
    return len(digits(written)) <= 6 or bool(
        shortnumberinfo.is_possible_short_number_for_region(parsed, country)
    )


def split_label(text: str) -> tuple[str | None, str]:
    """``"office: +258 21 310 779"`` -> ``("office", "+258 21 310 779")``."""
    head, sep, tail = text.partition(":")
    if sep and head.strip().lower() in PHONE_LABELS:
        return head.strip().lower(), tail.strip()
    return None, text.strip()


# E.164 -> international format, filled from the search index so that showing
# results need not import phonenumbers (~20 ms) for numbers already formatted once.
_INTERNATIONAL: dict[str, str] = {}


def remember_formats(formats: dict[str, str]) -> None:
    _INTERNATIONAL.update(formats)


def extension(number: str) -> str | None:
    """``"+254 20 4444 174 ext. 205"`` -> ``"205"``: the extension written after a number.

    E.164 has no room for one, so it is read from the number as published
    (``ext``, ``extension``, ``x`` or ``#`` and up to six digits at the end).
    """
    m = _EXTENSION.search(" ".join(number.split()))
    return m.group("ext") if m else None


def without_extension(number: str) -> str:
    """``"+254 20 4444174 ext. 205"`` -> ``"+254 20 4444174"``."""
    return _EXTENSION.sub("", " ".join(number.split()))


def with_extension(text: str, phone: Mapping[str, Any]) -> str:
    """``text`` (the number formatted from its E.164) followed by the published extension."""
    ext = extension(str(phone.get("number") or ""))
    return f"{text} ext. {ext}" if ext else text


def international(phone: Phone) -> str:
    """The number in international format, or as published when that is all we know.

    A number that is not valid today is shown as published: phonenumbers can
    only group the digits of a valid one ("+670 7231576" helps nobody). An
    extension is kept: ``+254 20 4444174 ext. 205``.
    """
    e164 = phone.get("e164")
    formatted = format_e164(e164) if e164 and phone.get("valid") else None
    return with_extension(formatted, phone) if formatted else phone["number"]


def national(phone: Phone) -> str:
    """The number as dialled inside its own country.

    As published when it was written that way (``0800 800 800``), else in
    phonenumbers' national format; as published when it does not parse.
    """
    number = phone["number"]
    e164 = phone.get("e164")
    if not e164 or not number.lstrip().startswith(("+", "00")):
        return number
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return number
    return with_extension(
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL), phone
    )


def shown(phone: Phone) -> str:
    """The number as a caller who does not say where they are should see it.

    International format, except for a number that rings only inside its
    country: that one is shown as dialled there (``+233 80 080 0800`` cannot
    be dialled from anywhere; ``0800 800 800`` works inside Ghana).
    """
    if phone.get("domestic_only"):
        return national(phone)
    return international(phone)


def format_e164(e164: str) -> str | None:
    """``"+25821310779"`` -> ``"+258 21 310 779"``; None if it does not parse."""
    if e164 in _INTERNATIONAL:
        return _INTERNATIONAL[e164]
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    _INTERNATIONAL[e164] = formatted
    return formatted
