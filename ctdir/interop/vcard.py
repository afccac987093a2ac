"""vCard: export as vCard 4.0 or 3.0 through vobject; import 2.1, 3.0 and 4.0.

A file is cut into cards here (``BEGIN:VCARD`` ... ``END:VCARD``) and each
card is parsed on its own, so one truncated or broken card is rejected with
its card and line number while the others still import. vobject is imported
only on this path (it pulls in dateutil).

Export keeps what other address books understand (FN, N, ORG, TITLE, TEL as a
``tel:`` URI, EMAIL, NOTE, ADR, CATEGORIES, KIND:org for hotlines, UID = the
entry's id) and adds ``X-CTDIR-*`` properties and parameters for the rest, so
that a ctdir-to-ctdir round trip keeps every field, the numbers as published
included. vCard 3.0, which phones' contact apps import most reliably, has no
KIND and no ``tel:`` URIs: a hotline is marked as Apple marks a company card
(``X-ABShowAs:COMPANY``) and a number is written in international format
(with its extension: ``+254 20 4444174 ext. 205``). A number that rings only
inside its country is written as dialled there, in both versions.

Phone and Apple exports group a number with its label (``item1.TEL`` and
``item1.X-ABLabel:_$!<Mobile>!$_``); the label is read with the number.
Photos are dropped before a card is parsed: ctdir keeps none, and a damaged
one must not cost the card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

import orjson

from ctdir import __version__
from ctdir.errors import InvalidInput
from ctdir.interop.records import ParsedFile, Record, decode_text, phone_label
from ctdir.model import HISTORY_FIELDS, KINDS, Entry
from ctdir.phones import extension, shown

PRODID = f"-//ctdir//ctdir {__version__}//EN"

# ctdir label -> vCard TEL TYPE, and what a foreign card's TYPE means to ctdir,
# in order of preference when a card gives several.
TEL_TYPE = {"office": "work", "work": "work", "mobile": "cell", "fax": "fax", "home": "home"}
LABEL_OF_TYPE = (
    ("cell", "mobile"),
    ("mobile", "mobile"),
    ("iphone", "mobile"),
    ("work", "office"),
    ("home", "home"),
)

_BEGIN = re.compile(r"^(?:[A-Za-z0-9-]+\.)?BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^(?:[A-Za-z0-9-]+\.)?END:VCARD\s*$", re.IGNORECASE)
_LINES = re.compile(r"\r\n|\r|\n")  # not str.splitlines: U+2028 may be data
_FN = re.compile(r"^(?:[A-Za-z0-9-]+\.)?FN(?:;[^:]*)?:(.*)$", re.IGNORECASE)
_CARET = re.compile(r"\^([\^'n])")
_QP = re.compile(r"^[^:]*QUOTED-PRINTABLE[^:]*:", re.IGNORECASE)
_AB_BUILTIN = re.compile(r"^_\$!<(.*)>!\$_$")  # Apple's own labels: _$!<Mobile>!$_
_PHOTO = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO)[;:]", re.IGNORECASE)


# -- export ---------------------------------------------------------------------


def _basic_timestamp(iso: str) -> str:
    """``2026-11-23T00:00:00Z`` -> ``20261123T000000Z`` (the form REV takes)."""
    return iso.replace("-", "").replace(":", "")


def _caret_encode(value: str) -> str:
    """RFC 6868: a parameter value cannot hold a double quote; vobject refuses one."""
    return value.replace("^", "^^").replace('"', "^'").replace("\n", "^n")


def _caret_decode(value: str | None) -> str | None:
    if value is None:
        return None
    return _CARET.sub(lambda m: {"^": "^", "'": '"', "n": "\n"}[m.group(1)], value)


def _card(entry: Entry, country_name: str, version: str = "4.0") -> Any:
    import vobject

    v4 = version == "4.0"
    card = vobject.vCard()
    card.add("version").value = version
    card.add("prodid").value = PRODID
    card.add("uid").value = entry["id"]
    name = entry.get("name") or ""
    card.add("fn").value = name
    hotline = entry.get("kind") == "hotline"
    if v4:
        card.add("kind").value = "org" if hotline else "individual"
    elif hotline:
        card.add("n").value = vobject.vcard.Name()  # N is required in 3.0
        card.add("x-abshowas").value = "COMPANY"
    if not hotline:
        words = name.split()
        family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
    organization, office = entry.get("organization"), entry.get("office")
    if organization or office:
        card.add("org").value = [organization or "", office] if office else [organization]
    if entry.get("title"):
        card.add("title").value = entry["title"]
    for phone in entry.get("phones") or []:
        line = card.add("tel")
        if v4 and phone.get("e164") and not phone.get("domestic_only"):
            # RFC 3966 keeps an extension as a parameter: tel:+254204444174;ext=205
            ext = extension(phone["number"])
            line.value = f"tel:{phone['e164']}" + (f";ext={ext}" if ext else "")
            line.encoded = True  # a URI, not text: its ";" must not be escaped
            line.params["VALUE"] = ["uri"]
        else:
            # A number that rings only inside its country is written as dialled there.
            line.value = shown(phone)
            if v4:
                line.params["VALUE"] = ["text"]
        label = phone.get("label")
        if label and label in TEL_TYPE:
            line.params["TYPE"] = [TEL_TYPE[label]]
        if label:
            line.params["X-CTDIR-LABEL"] = [_caret_encode(label)]
        line.params["X-CTDIR-NUMBER"] = [_caret_encode(phone["number"])]
    for email in entry.get("emails") or []:
        card.add("email").value = email
    if entry.get("notes"):
        card.add("note").value = entry["notes"]
    adr = card.add("adr")
    adr.value = vobject.vcard.Address(city=entry.get("city") or "", country=country_name)
    adr.params["TYPE"] = ["work"]
    card.add("categories").value = [entry.get("kind") or "contact", entry.get("country") or ""]
    for language in entry.get("languages") or []:
        card.add("x-ctdir-language").value = language
    for field in ("hours", "source", "source_date", "purpose", "verified", "created", "updated"):
        if entry.get(field):
            card.add(f"x-ctdir-{field.replace('_', '-')}").value = str(entry[field])
    for field in HISTORY_FIELDS:
        if entry.get(field):
            # Dated objects: one JSON array, as the CSV export writes them.
            card.add(f"x-ctdir-{field}").value = orjson.dumps(entry[field]).decode()
    if entry.get("updated"):
        card.add("rev").value = _basic_timestamp(str(entry["updated"]))
    return card


def export_vcard(entries: Iterable[Entry], version: str = "4.0") -> bytes:
    return b"".join(vcard_chunks(entries, version))


def vcard_chunks(entries: Iterable[Entry], version: str = "4.0") -> Iterator[bytes]:
    """The cards one at a time: a large export is never held whole."""
    from ctdir.interop.jsonio import country_label

    if version not in ("3.0", "4.0"):
        raise InvalidInput(f"vCard version must be 3.0 or 4.0, not {version!r}")
    return (
        _card(entry, country_label(entry.get("country")), version).serialize().encode()
        for entry in entries
    )


# -- import ---------------------------------------------------------------------


def split_cards(text: str) -> list[tuple[int, str | None, str]]:
    """(first line number, error or None, card text) for every card in ``text``.

    For an incomplete card the text is just its FN, to name it in the error.
    """
    cards: list[tuple[int, str | None, str]] = []
    current: list[str] | None = None
    start = 0
    in_photo = False
    for number, line in enumerate(_LINES.split(text), start=1):
        if _BEGIN.match(line):
            if current is not None:
                cards.append(
                    (start, "incomplete card: BEGIN:VCARD again before END:VCARD", _fn(current))
                )
            current, start, in_photo = [line], number, False
            continue
        if current is None:
            continue  # text between cards
        if not line.strip():
            continue
        if _PHOTO.match(line):
            in_photo = True
            continue
        if in_photo and (line[:1] in (" ", "\t") or ":" not in line):
            continue  # the photo's folded (3.0, 4.0) or indented base64 (2.1) lines
        in_photo = False
        previous = current[-1]
        if previous.endswith("=") and _QP.match(previous):
            # A vCard 2.1 quoted-printable soft line break: "=" CRLF joins the lines.
            current[-1] = previous[:-1] + line
            continue
        current.append(line)
        if _END.match(line):
            cards.append((start, None, "\r\n".join(current) + "\r\n"))
            current = None
    if current is not None:
        cards.append((start, "incomplete card: the file ends before END:VCARD", _fn(current)))
    return cards


def _fn(lines: list[str]) -> str:
    """The FN of an incomplete card, to name it in the error (unescaped roughly)."""
    for line in lines:
        match = _FN.match(line)
        if match:
            return match.group(1).replace("\\,", ",").replace("\\;", ";").strip()
    return ""


def read_vcard(data: bytes, source_name: str = "") -> ParsedFile:
    text, warnings = decode_text(data)
    cards = split_cards(text)
    if not cards:
        raise InvalidInput("no vCard in the file (no BEGIN:VCARD line)")
    records = []
    for number, (line, error, card_text) in enumerate(cards, start=1):
        record = Record(f"card {number} (line {line})")
        if error is None:
            _read_card(record, card_text, source_name)
        else:
            record.error = error
            record.values["name"] = card_text or None
        records.append(record)
    return ParsedFile(records, warnings)


def _read_card(record: Record, text: str, source_name: str) -> None:
    import vobject

    try:
        card = vobject.readOne(text, validate=False)
    # vobject raises its own errors and, on malformed values, whatever its
    # decoders raise (binascii, ValueError...): any of them rejects this card only.
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        record.error = f"cannot read the card: {reason[:200]}"
        return
    try:
        _fill(record, card.contents, source_name)
    except (AttributeError, TypeError, ValueError, IndexError) as exc:
        record.error = f"cannot read the card: {type(exc).__name__}: {exc}"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if v)
    if isinstance(value, bytes) or value is None:
        return ""
    return str(value)


def _param(line: Any, name: str) -> str | None:
    values = line.params.get(name) or []
    return str(values[0]) if values else None


def _types(line: Any) -> set[str]:
    types = {t.strip().lower() for v in line.params.get("TYPE", []) for t in str(v).split(",")}
    types.update(str(s).lower() for s in getattr(line, "singletonparams", []))
    return types


def _label_of_types(types: set[str]) -> str | None:
    for vcard_type, label in LABEL_OF_TYPE:
        if vcard_type in types:
            return label
    # "fax,voice" is a line people call too: only a fax-only number is labelled fax.
    return "fax" if "fax" in types and "voice" not in types else None


def _preferred(lines: list[Any]) -> Any | None:
    """The line without a LANGUAGE parameter (the main form), else the first."""
    for line in lines:
        if not line.params.get("LANGUAGE"):
            return line
    return lines[0] if lines else None


def _name_from_n(value: Any) -> str:
    parts = [getattr(value, attr, "") for attr in ("prefix", "given", "additional", "family")]
    parts.append(getattr(value, "suffix", ""))
    return " ".join(_text(p).strip() for p in parts if _text(p).strip())


def tel_number(value: str) -> str:
    """``tel:+1-555-555-5555;ext=12`` -> ``+1-555-555-5555 ext. 12``; text as it is."""
    value = value.strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    main, *params = value.split(";")
    number = unquote(main).strip()
    for param in params:
        key, _, ext = param.partition("=")
        if key.strip().lower() == "ext" and ext.strip():
            number += f" ext. {unquote(ext).strip()}"
    return number


def _country(contents: dict[str, list[Any]], record: Record) -> tuple[str | None, str | None]:
    """(country code, city) from what the card says, or None for the importer to decide."""
    from ctdir.countries import is_country_code, resolve_country

    categories = [
        c.strip()
        for line in contents.get("categories", [])
        for c in (line.value if isinstance(line.value, list) else str(line.value).split(","))
        if isinstance(c, str)
    ]
    code = None
    # A two-letter category is a country only on a card that also names its ctdir
    # kind: elsewhere "IT" is as likely a department as Italy.
    if {c.lower() for c in categories} & set(KINDS):
        code = next((c for c in categories if len(c) == 2 and is_country_code(c)), None)
    addresses = [a for a in contents.get("adr", []) if "home" not in _types(a)]
    city = None
    if addresses:
        address = addresses[0].value
        city = _text(getattr(address, "city", "")).strip() or None
        written = _text(getattr(address, "country", "")).strip()
        if code is None and written:
            match = resolve_country(written)
            if match is not None and match.how != "city":
                code = match.code
            else:
                record.warnings.append(f"the address country {written!r} is not one ctdir knows")
    return code, city


def _fill(record: Record, contents: dict[str, list[Any]], source_name: str) -> None:
    def first(name: str) -> str | None:
        line = _preferred(contents.get(name, []))
        text = _text(line.value).strip() if line is not None else ""
        return text or None

    kinds = [
        _text(line.value).strip().lower()
        for key in ("kind", "x-addressbookserver-kind")
        for line in contents.get(key, [])
    ]
    categories = {
        c.strip().lower()
        for line in contents.get("categories", [])
        for c in (line.value if isinstance(line.value, list) else [str(line.value)])
        if isinstance(c, str)
    }
    if "hotline" in categories:
        record.kind = "hotline"
    elif "contact" in categories:
        record.kind = "contact"
    elif {"org", "organization"} & set(kinds):
        record.kind = "hotline"
    else:
        record.kind = "contact"

    values = record.values
    name = first("fn")
    if not name:
        n_line = _preferred(contents.get("n", []))
        name = _name_from_n(n_line.value).strip() if n_line is not None else ""
    values["name"] = name or None
    if "group" in kinds:
        record.error = "a group card (KIND:group) lists members; it is not a contact or hotline"
        return
    org_line = _preferred(contents.get("org", []))
    if org_line is not None:
        parts = org_line.value if isinstance(org_line.value, list) else [org_line.value]
        parts = [_text(p).strip() for p in parts]
        values["organization"] = parts[0] if parts and parts[0] else None
        values["office"] = ", ".join(p for p in parts[1:] if p) or None
    values["title"] = first("title")
    phones = []
    # Apple and phone exports: "item1.TEL" is labelled by "item1.X-ABLabel".
    ab_labels = {
        str(line.group).lower(): _text(line.value).strip()
        for line in contents.get("x-ablabel", [])
        if getattr(line, "group", None)
    }
    for line in contents.get("tel", []):
        published = _caret_decode(_param(line, "X-CTDIR-NUMBER"))
        number = published or tel_number(_text(line.value))
        group = str(getattr(line, "group", None) or "").lower()
        label = (
            _caret_decode(_param(line, "X-CTDIR-LABEL"))
            or phone_label(_AB_BUILTIN.sub(r"\1", ab_labels.get(group, "")))
            or _label_of_types(_types(line))
        )
        if number:
            phones.append({"number": number, "label": label})
    values["phones"] = phones
    values["emails"] = [
        _text(line.value).strip() for line in contents.get("email", []) if _text(line.value).strip()
    ]
    notes = [_text(line.value).strip() for line in contents.get("note", [])]
    values["notes"] = "\n".join(n for n in notes if n) or None
    code, city = _country(contents, record)
    if code:
        values["country"] = code
    values["city"] = city
    values["languages"] = [
        _text(line.value).strip() for line in contents.get("x-ctdir-language", [])
    ]
    values["hours"] = first("x-ctdir-hours")
    values["verified"] = first("x-ctdir-verified")
    values["source_date"] = first("x-ctdir-source-date")
    values["purpose"] = first("x-ctdir-purpose")
    for field in HISTORY_FIELDS:
        packed = first(f"x-ctdir-{field}")
        if packed:
            try:
                values[field] = orjson.loads(packed)
            except orjson.JSONDecodeError:
                record.error = record.error or f"X-CTDIR-{field.upper()} is not a JSON array"
    ours = "ctdir" in (first("prodid") or "")
    source = first("x-ctdir-source")
    if source is None and not ours and source_name:
        source = f"vCard file {source_name}"
    values["source"] = source
    record.entry_id = first("uid")
    record.created = first("x-ctdir-created")
    record.updated = first("x-ctdir-updated")
