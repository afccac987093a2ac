"""The entry model: one kind of document for contacts and hotlines.

Entries are plain dicts (as stored by TinyDB); this module names their fields,
makes ids and timestamps, and turns a stored entry into the output schema.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable, Container
from datetime import UTC, datetime
from typing import Any

Entry = dict[str, Any]

KINDS = ("contact", "hotline")

TEXT_FIELDS = ("name", "title", "organization", "office", "city", "hours", "notes", "source")
LIST_FIELDS = ("phones", "emails", "languages", "verifications", "accepted")
# What a hotline is for, and how output names it: a child helpline is never
# shown as a trafficking hotline.
PURPOSES = {
    "trafficking": "trafficking hotline",
    "police": "police line",
    "emergency": "emergency line",
    "labour": "labour line",
    "migrants": "migrants' line",
    "women": "women's helpline",
    "children": "child helpline",
    "victims": "victims' helpline",
    "human_rights": "human rights line",
}


def kind_label(entry: Entry) -> str:
    """ "hotline", "child helpline", "contact": what the entry is, in words."""
    if entry.get("kind") != "hotline":
        return "contact"
    purpose = str(entry.get("purpose") or "")
    return PURPOSES.get(purpose, f"{purpose} line" if purpose else "hotline")


def purpose_rank(entry: Entry) -> int:
    """Where a hotline stands among its country's: those for trafficking first, then
    those of no stated purpose, then lines for other purposes (police, children)."""
    purpose = entry.get("purpose")
    return 0 if purpose == "trafficking" else 1 if not purpose else 2


# The lists a user writes values into; the others are histories ctdir keeps.
VALUE_LIST_FIELDS = ("phones", "emails", "languages")
HISTORY_FIELDS = ("verifications", "accepted")

# The one table of stored types: every read of the store checks every entry
# against it (ctdir.schema). A type is "str", "bool", "int", "date" (ISO date),
# "timestamp" (ISO date and time), "id" (4 to 32 of ID_CHARS), "kind" (KINDS), "country"
# (an ISO 3166-1 alpha-2 code ctdir knows); "?" after it allows null; "[x]" is a
# list of x, where x may also name a record below.
FIELD_TYPES: dict[str, str] = {
    "id": "id",
    "kind": "kind",
    "name": "str",
    "title": "str?",
    "organization": "str?",
    "office": "str?",
    "city": "str?",
    "country": "country",
    "phones": "[phone]",
    "emails": "[str]",
    "hours": "str?",
    "languages": "[str]",
    "notes": "str?",
    "source": "str?",
    "source_date": "date?",
    "purpose": "str?",  # what a hotline is for: "trafficking", "police", "children"
    "verified": "date?",  # the last verification
    "verifications": "[verification]",  # every verification, oldest first
    "accepted": "[acceptance]",  # data-quality problems acknowledged by `check --accept`
    "created": "timestamp",
    "updated": "timestamp",
}
RECORD_TYPES: dict[str, dict[str, str]] = {
    "phone": {
        "number": "str",
        "e164": "str?",
        "label": "str?",
        "valid": "bool",
        "region": "str?",
        "domestic_only": "bool",
    },
    "verification": {"date": "date", "note": "str?"},
    "acceptance": {"code": "str", "note": "str?", "date": "date"},
}
# What an entry holds, in the order of the JSON output schema (design.md), which adds
# country_name (output only) after country.
STORED_FIELDS = tuple(FIELD_TYPES)
_COUNTRY_AT = STORED_FIELDS.index("country") + 1
FIELDS = (*STORED_FIELDS[:_COUNTRY_AT], "country_name", *STORED_FIELDS[_COUNTRY_AT:])
# The store's one meta document.
META_TYPES: dict[str, str] = {"schema": "int", "retired_ids": "[id]"}

# Lower-case letters and digits without look-alikes (no 0/o, 1/l/i) for new ids;
# a stored id (the seed's, an imported one) may use any of ID_CHARS.
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
ID_LENGTH = 8
# What an id may be (new ones, hand-made ones such as the seed's, ids kept
# through an import): 4 to 32 lower-case letters and digits, nothing a shell
# would read as anything but one word.
_ID_SHAPE = re.compile(f"[{ID_CHARS}]{{4,32}}")


def is_valid_id(text: str) -> bool:
    return _ID_SHAPE.fullmatch(text) is not None


def new_id(taken: Container[str] = frozenset()) -> str:
    while True:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
        if candidate not in taken:
            return candidate


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def blank_entry(kind: str) -> Entry:
    entry: Entry = {field: None for field in STORED_FIELDS}
    entry["kind"] = kind
    for field in LIST_FIELDS:
        entry[field] = []
    return entry


def same_but_updated(a: Entry, b: Entry) -> bool:
    """Whether two versions of an entry differ in nothing but ``updated``."""
    return {k: v for k, v in a.items() if k != "updated"} == {
        k: v for k, v in b.items() if k != "updated"
    }


PHONE_FIELDS = tuple(RECORD_TYPES["phone"])


def output_json(entry: Entry) -> bytes:
    """The entry as ``--json`` shows it (orjson, two-space indent, schema order)."""
    dumps, indent, country_label = _output_tools()
    return dumps(to_output(entry, country_label(entry.get("country"))), option=indent)


@functools.cache
def _output_tools() -> tuple[Callable[..., bytes], int, Callable[[str | None], str]]:
    """What ``output_json`` needs, imported at its first call (not with this module):
    an import statement in the function would cost a sixth of its time on a rebuild."""
    import orjson

    from ctdir.countries import country_label

    return orjson.dumps, orjson.OPT_INDENT_2, country_label


def to_output(entry: Entry, country_name: str) -> Entry:
    """The entry as the JSON output schema shows it (fields in schema order)."""
    # A copy of a dict of the schema's fields, filled by update(): C code, with no
    # rehashing as it grows (a rebuild and an export run this 100,000 times). An
    # entry with a field the schema does not know (never one that was checked) is
    # taken field by field instead, so that the unknown field stays out.
    out = _OUTPUT.copy()
    out.update(entry)
    if len(out) != len(_OUTPUT):
        out = {field: entry.get(field) for field in FIELDS}
    out["country_name"] = country_name
    for field in LIST_FIELDS:
        out[field] = list(out[field] or ())
    # Phone objects in one order, however the entry was built (a parse, a read of
    # the file): the same entry always prints the same bytes.
    out["phones"] = [_phone_output(phone) for phone in out["phones"]]
    return out


_OUTPUT: Entry = dict.fromkeys(FIELDS)
_PHONE_OUTPUT: dict[str, Any] = dict.fromkeys(PHONE_FIELDS)


def _phone_output(phone: dict[str, Any]) -> dict[str, Any]:
    out = _PHONE_OUTPUT.copy()
    out.update(phone)
    if len(out) != len(_PHONE_OUTPUT):
        out = {k: phone.get(k) for k in PHONE_FIELDS}
    return out
