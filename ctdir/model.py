"""The entry model: one kind of document for contacts and hotlines.

Entries are plain dicts (as stored by TinyDB); this module names their fields,
makes ids and timestamps, and turns a stored entry into the output schema.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Container
from datetime import UTC, datetime
from typing import Any

Entry = dict[str, Any]

KINDS = ("contact", "hotline")

# Field order of the JSON output schema (design.md); country_name is output only.
FIELDS = (
    "id",
    "kind",
    "name",
    "title",
    "organization",
    "office",
    "city",
    "country",
    "country_name",
    "phones",
    "emails",
    "hours",
    "languages",
    "notes",
    "source",
    "source_date",
    "purpose",
    "verified",
    "verifications",
    "accepted",
    "created",
    "updated",
)
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


# The lists a user writes values into; the others are histories ctdir keeps.
VALUE_LIST_FIELDS = ("phones", "emails", "languages")
HISTORY_FIELDS = ("verifications", "accepted")
STORED_FIELDS = tuple(f for f in FIELDS if f != "country_name")

# Lower-case letters and digits without look-alikes (no 0/o, 1/l/i).
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
ID_LENGTH = 8
# What an id may be (new ones, hand-made ones such as the seed's, ids kept
# through an import): 4 to 32 lower-case letters and digits, nothing a shell
# would read as anything but one word.
_ID_SHAPE = re.compile(r"[0-9a-z]{4,32}")


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


def to_output(entry: Entry, country_name: str) -> Entry:
    """The entry as the JSON output schema shows it (fields in schema order)."""
    # A comprehension, not a loop with branches: export runs this 100,000 times.
    out: Entry = {field: entry.get(field) for field in FIELDS}
    out["country_name"] = country_name
    for field in LIST_FIELDS:
        out[field] = list(out[field] or ())
    return out
