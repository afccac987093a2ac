"""Type checks of stored entries and of the store's meta document, from ctdir.model's tables.

Every read of the store runs every entry through ``check_entry``: a store that
a text editor or a git merge left with a wrong-typed field is refused with one
line naming the entry and the field, before any command can trip over it.
Missing fields that may be empty (null or an empty list) are filled in; any
other missing field, and any field the model does not know, is refused.

A rebuild reads each entry of the file through ``decode_entry`` first: msgspec
parses and type-checks it in one pass against types made from the same table,
for a fraction of the cost. What it does not pass goes through ``check_entry``,
which has the last word and the messages.

Schema 1 stores (ctdir 0.1) are migrated here, in memory: see ``migrate``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ctdir.model import FIELD_TYPES, KINDS, META_TYPES, RECORD_TYPES, Entry, is_valid_id

SCHEMA_VERSION = 2

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$")
# What `ctdir verify --note` appended to notes before schema 2: "2026-05-06: called".
_VERIFY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}): (.*)$")


class Problem(ValueError):
    """What is wrong, in words that name the field: ``"name" must be text, not 5``."""


def shown(value: Any, limit: int = 60) -> str:
    """A value as it may appear in a message about a JSON file: null, true and false
    as JSON writes them, anything else repr-escaped, cut to ``limit`` characters."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_timestamp(value: Any) -> bool:
    """Whether ``value`` is a timestamp as entries keep them: date, time and zone."""
    return isinstance(value, str) and bool(_TIMESTAMP.match(value))


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_country(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 2 and _country_check()(value)


@functools.cache
def _country_check() -> Callable[[str], bool]:
    # Imported at the first check, not with this module, and not at every check (an
    # import statement costs more than the check).
    from ctdir.countries import is_country_code

    return is_country_code


# Each base type: (the Python type of its values, a test of a value of that type
# when the type is not enough, how a message names it).
_BASE: dict[str, tuple[type, Callable[[Any], Any] | None, str]] = {
    "str": (str, None, "text"),
    "bool": (bool, None, "true or false"),
    "int": (int, None, "a whole number"),
    "date": (str, _is_date, "an ISO date (YYYY-MM-DD)"),
    "timestamp": (str, _TIMESTAMP.match, "an ISO timestamp (YYYY-MM-DDTHH:MM:SSZ)"),
    "id": (str, is_valid_id, "an id of 4 to 32 lower-case letters and digits"),
    "kind": (str, KINDS.__contains__, " or ".join(repr(k) for k in KINDS)),
    "country": (str, _is_country, "an ISO 3166-1 alpha-2 country code"),
}


def _base_check(base: str) -> tuple[Callable[[Any], bool], str]:
    """(whether a value is of base type ``base``, the type in words)."""
    python_type, test, words = _BASE[base]
    if test is None:
        # type(), not isinstance(): True is an int to isinstance.
        return (lambda v: type(v) is python_type), words
    ok: Callable[[Any], Any] = _remembered(test) if base in _RECURRING else test
    return (lambda v: type(v) is python_type and bool(ok(v))), words


Check = Callable[[Any], None]


def _checker(name: str, type_: str) -> tuple[Check, Any]:
    """(check, value when missing) for one field; the check raises Problem."""
    if type_.startswith("["):
        inner = type_[1:-1]
        if inner in RECORD_TYPES:
            record = _record_checker(inner)

            def check_records(value: Any) -> None:
                if not isinstance(value, list):
                    raise Problem(f'"{name}" must be a list of {inner} objects, not {shown(value)}')
                for position, item in enumerate(value, start=1):
                    try:
                        record(item)
                    except Problem as problem:
                        raise Problem(f'"{name}" item {position}: {problem}') from None

            return check_records, list
        ok, words = _base_check(inner)

        def check_list(value: Any) -> None:
            if not isinstance(value, list):
                raise Problem(f'"{name}" must be a list, not {shown(value)}')
            for item in value:
                if not ok(item):
                    raise Problem(f'"{name}" must hold only {words}, not {shown(item)}')

        return check_list, list
    nullable = type_.endswith("?")
    base = type_.rstrip("?")
    ok, words = _base_check(base)

    def check(value: Any) -> None:
        if value is None and nullable:
            return
        if not ok(value):
            raise Problem(
                f'"{name}" must be {words}{" or null" if nullable else ""}, not {shown(value)}'
            )

    return check, (None if nullable else _REQUIRED)


_REQUIRED = object()
# Types whose values recur from entry to entry (a country, a date): each value is
# checked once per run.
_RECURRING = ("date", "kind", "country")


def _remembered(test: Callable[[str], Any]) -> Callable[[str], bool]:
    """``test`` of a text, answering at once for a text it passed before."""
    passed: set[str] = set()

    def check(value: str) -> bool:
        if value in passed:
            return True
        if not test(value):
            return False
        passed.add(value)
        return True

    return check


_ABSENT = object()
_EXACT = {"str": str, "str?": str, "bool": bool, "int": int}
# (name, the Python type that passes at once (lists: when empty), nullable, check, if missing)
Field = tuple[str, "type | None", bool, Check, Any]


def _fields(types: dict[str, str]) -> tuple[Field, ...]:
    """The checks of a table of types, with a fast path for the common cases."""
    fields = []
    for name, type_ in types.items():
        exact = list if type_.startswith("[") else _EXACT.get(type_)
        check, missing = _checker(name, type_)
        fields.append((name, exact, type_.endswith("?"), check, missing))
    return tuple(fields)


def _record_checker(record: str) -> Check:
    fields = _fields(RECORD_TYPES[record])

    def check(value: Any) -> None:
        if not isinstance(value, dict):
            raise Problem(f"a {record} must be an object, not {shown(value)}")
        _check_fields(value, fields)

    return check


def _check_fields(doc: dict[str, Any], fields: tuple[Field, ...]) -> None:
    """Check ``doc`` in place against ``fields``; fill in missing fields that may be empty."""
    # Run for every field of every entry on each rebuild: the usual cases cost one test.
    get = doc.get
    for name, exact, nullable, check, missing in fields:
        value = get(name, _ABSENT)
        if type(value) is exact and (exact is not list or not value):
            continue  # text, a flag, a number, an empty list
        if value is None and nullable:
            continue
        if value is not _ABSENT:
            check(value)
        elif missing is _REQUIRED:
            raise Problem(f'"{name}" is missing')
        else:
            doc[name] = missing() if callable(missing) else missing
    if len(doc) != len(fields):
        unknown = sorted(set(doc) - {f[0] for f in fields}, key=str)
        raise Problem(f"unknown field {shown(unknown[0])}")


_ENTRY_FIELDS = _fields(FIELD_TYPES)
_META_FIELDS = _fields(META_TYPES)


def check_entry(doc: Any) -> Entry:
    """The entry, checked and completed in place; Problem names what is wrong."""
    if not isinstance(doc, dict):
        raise Problem(f"an entry must be an object, not {shown(doc)}")
    _check_fields(doc, _ENTRY_FIELDS)
    return doc


def decode_entry(block: bytes | bytearray | memoryview) -> Entry | None:
    """The entry a block of JSON holds, if it is a whole valid entry as stored; else None.

    The quick way through a rebuild: msgspec parses and type-checks the block in
    one pass, against types made from the same table (``_decoder``), and the
    values that need more than a type (ids, codes, dates) are then checked here
    as ``check_entry`` checks them. The entry is the one ``check_entry`` would
    give, missing fields that may be empty filled in. None means nothing but
    "not on the quick way": ``check_entry`` then says what is wrong, if anything.
    """
    decode, plain, refused, tests = _decoder()
    try:
        decoded = decode(block)
    except refused:
        return None
    entry: Entry = plain(decoded)
    for name, ok in tests:
        if not ok(entry[name]):
            return None
    return entry


@functools.cache
def _decoder() -> tuple[
    Callable[[Any], Any],
    Callable[[Any], Entry],
    type[Exception],
    tuple[tuple[str, Callable[[Any], bool]], ...],
]:
    """(msgspec's decoder of an entry, its maker of plain dicts, the error it raises,
    (field, test) of the values their type does not settle)."""
    # Imported at the first rebuild, not with every command.
    import msgspec

    def annotation(type_: str) -> Any:
        base = type_.rstrip("?")
        if base.startswith("["):
            inner = base[1:-1]
            item = records[inner] if inner in RECORD_TYPES else annotation(inner)
            found: Any = list[item]  # type: ignore[valid-type]
        else:
            found = _BASE[base][0]
        return found | None if type_.endswith("?") else found

    def struct(name: str, types: dict[str, str]) -> Any:
        fields: list[Any] = []
        for field, type_ in types.items():
            missing = _checker(field, type_)[1]
            if missing is _REQUIRED:
                fields.append((field, annotation(type_)))
            elif callable(missing):
                fields.append((field, annotation(type_), msgspec.field(default_factory=missing)))
            else:
                fields.append((field, annotation(type_), missing))
        return msgspec.defstruct(name, fields, kw_only=True, forbid_unknown_fields=True)

    records = {name: struct(name, types) for name, types in RECORD_TYPES.items()}
    tests = tuple(
        (field, test) for field, type_ in FIELD_TYPES.items() if (test := _value_test(type_))
    )
    decoder = msgspec.json.Decoder(struct("entry", FIELD_TYPES))
    return decoder.decode, msgspec.to_builtins, msgspec.MsgspecError, tests


def _value_test(type_: str) -> Callable[[Any], bool] | None:
    """A test of a value of ``type_`` that has the right Python type (None: nothing to test)."""
    base = type_.rstrip("?")
    if base.startswith("["):
        inner = base[1:-1]
        if inner in RECORD_TYPES:
            tests = [(f, t) for f, t_ in RECORD_TYPES[inner].items() if (t := _value_test(t_))]
            return _records_test(tests) if tests else None
        item_test = _value_test(inner)
        return None if item_test is None else _items_test(item_test)
    test = _BASE[base][1]
    if test is None:
        return None
    ok = _remembered(test) if base in _RECURRING else test
    if type_.endswith("?"):
        return lambda value: value is None or bool(ok(value))
    return ok


def _records_test(tests: list[tuple[str, Callable[[Any], bool]]]) -> Callable[[Any], bool]:
    def test(records: list[dict[str, Any]]) -> bool:
        for record in records:
            for field, ok in tests:
                if not ok(record[field]):
                    return False
        return True

    return test


def _items_test(ok: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda items: all(ok(item) for item in items)


def check_meta(doc: Any) -> dict[str, Any]:
    """The meta document (schema version, retired ids), checked and completed in place."""
    if not isinstance(doc, dict):
        raise Problem(f"the meta document must be an object, not {shown(doc)}")
    if "schema" not in doc:
        raise Problem('"schema" is missing')
    _check_fields(doc, _META_FIELDS)
    return doc


def migrate(doc: dict[str, Any], schema: int) -> dict[str, Any]:
    """An entry of an older schema brought to ``SCHEMA_VERSION`` (in place, before the checks).

    Schema 1 -> 2: the new fields are added (null or empty); the lines that
    ``ctdir verify --note`` appended to ``notes`` ("YYYY-MM-DD: text") move to
    ``verifications``, and a ``verified`` date with no such line becomes a
    verification without a note.
    """
    if schema >= 2 or not isinstance(doc, dict):
        return doc
    doc.setdefault("source_date", None)
    doc.setdefault("purpose", None)
    doc.setdefault("accepted", [])
    history: list[dict[str, Any]] = []
    notes = doc.get("notes")
    if isinstance(notes, str):
        kept = []
        for line in notes.split("\n"):
            match = _VERIFY_LINE.match(line)
            if match and _is_date(match[1]):
                history.append({"date": match[1], "note": match[2].strip() or None})
            else:
                kept.append(line)
        doc["notes"] = "\n".join(kept).strip() or None
    verified = doc.get("verified")
    if _is_date(verified) and all(v["date"] != verified for v in history):
        history.append({"date": verified, "note": None})
    history.sort(key=lambda v: str(v["date"]))
    doc.setdefault("verifications", history)
    return doc


def line_and_column(raw: bytes | bytearray, position: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte offset ``position`` in ``raw``."""
    position = max(0, min(position, len(raw)))
    line = raw.count(b"\n", 0, position) + 1
    start = raw.rfind(b"\n", 0, position) + 1
    column = len(raw[start:position].decode("utf-8", errors="replace")) + 1
    return line, column
