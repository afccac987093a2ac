"""JSON: an array of entry objects, the output schema of design.md (as ``ctdir list --json``).

Import also takes a ctdir store file (``{"entries": {...}}``) so that one
team's directory can be merged into another's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from ctdir.countries import country_label
from ctdir.errors import InvalidInput
from ctdir.interop.records import ParsedFile, Record, decode_text
from ctdir.model import HISTORY_FIELDS, TEXT_FIELDS, Entry, to_output
from ctdir.text import escape_controls_json

# Output-only fields that an exported file carries and import ignores.
OUTPUT_ONLY = ("country_name", "score")
KNOWN = (
    "id",
    "kind",
    "country",
    "phones",
    "emails",
    "languages",
    "verified",
    "source_date",
    "purpose",
    "verifications",
    "accepted",
    "created",
    "updated",
    *TEXT_FIELDS,
    *OUTPUT_ONLY,
)


def json_array_chunks(objects: Iterable[dict[str, Any]], batch: int = 512) -> Iterator[bytes]:
    """``orjson.dumps(list(objects), OPT_INDENT_2) + b"\\n"``, a few hundred objects at a time.

    An export of 100,000 entries then never holds them all, nor all their text.
    """
    it = iter(objects)
    first = True
    while chunk := list(itertools.islice(it, batch)):
        body = orjson.dumps(chunk, option=orjson.OPT_INDENT_2)
        # "[\n  {...},\n  {...}\n]" -> its objects, joined to the next batch by ",\n".
        yield (b"[\n" if first else b",\n") + escape_controls_json(body[2:-2])
        first = False
    yield b"[]\n" if first else b"\n]\n"


def json_array_of_shown(shown: Iterable[bytes], batch: int = 1024) -> Iterator[bytes]:
    """The JSON array of entries as the index keeps them (``Index.iter_shown``).

    Byte for byte ``json_array_chunks`` of the same entries: each element indented
    one level, as orjson indents the elements of an array.
    """
    it = iter(shown)
    first = True
    while chunk := list(itertools.islice(it, batch)):
        body = b",\n".join(b"  " + element.replace(b"\n", b"\n  ") for element in chunk)
        yield (b"[\n" if first else b",\n") + escape_controls_json(body)
        first = False
    yield b"[]\n" if first else b"\n]\n"


def export_json_chunks(entries: Iterable[Entry]) -> Iterator[bytes]:
    """Byte for byte what ``ctdir list --json`` prints for the same entries."""
    return json_array_chunks(to_output(e, country_label(e.get("country"))) for e in entries)


def export_json(entries: Iterable[Entry]) -> bytes:
    return b"".join(export_json_chunks(entries))


def read_json(data: bytes) -> ParsedFile:
    text, warnings = decode_text(data)
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc}") from None
    if isinstance(parsed, dict) and "entries" in parsed:
        parsed = parsed["entries"]
        if isinstance(parsed, dict):  # a store file: documents by TinyDB id
            parsed = list(parsed.values())
    if not isinstance(parsed, list):
        raise InvalidInput(
            "a JSON import must be an array of entry objects "
            "(as written by ctdir export --format json)"
        )
    unknown: set[str] = set()
    records = []
    for number, item in enumerate(parsed, start=1):
        record = Record(f"entry {number}")
        if isinstance(item, dict):
            _fill(record, item)
            unknown.update(k for k in item if k not in KNOWN)
        else:
            record.error = f"not an object but {type(item).__name__}"
        records.append(record)
    if unknown:
        warnings.append(f"ignored unknown fields: {', '.join(sorted(unknown))}")
    return ParsedFile(records, warnings)


def _text(record: Record, item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    record.error = record.error or f"{key} must be text, not {type(value).__name__}"
    return None


def _list(record: Record, item: dict[str, Any], key: str) -> list[Any]:
    value = item.get(key)
    if value is None:
        return []
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        record.error = record.error or f"{key} must be a list, not {type(value).__name__}"
        return []
    for element in value:
        ok = isinstance(element, str) or (
            key == "phones" and isinstance(element, dict) and isinstance(element.get("number"), str)
        )
        if not ok:
            record.error = record.error or f"{key} holds an unreadable value: {element!r:.60}"
            return []
    return value


def _fill(record: Record, item: dict[str, Any]) -> None:
    record.entry_id = _text(record, item, "id")
    record.kind = _text(record, item, "kind")
    record.created = _text(record, item, "created")
    record.updated = _text(record, item, "updated")
    for key in (*TEXT_FIELDS, "country", "verified", "source_date", "purpose"):
        if key in item:
            record.values[key] = _text(record, item, key)
    for key in ("phones", "emails", "languages"):
        if key in item:
            record.values[key] = _list(record, item, key)
    for key in HISTORY_FIELDS:
        if key in item:
            record.values[key] = item[key]  # check_entry judges each item
