"""An entry as a text form for $EDITOR, and the form read back: TOML.

TOML rather than YAML: every value is quoted, so a number such as 1696 or
0700 066 041 stays text and a country code such as NO stays "NO" (YAML 1.1
reads them as an integer, an octal number and false); Python reads TOML with
its own ``tomllib``, so no new dependency; and a flat form of ``key = "value"``
lines is as readable as YAML. Comments tell the user what each field takes.

The form is read back into the values that changed, for
``validate.check_entry`` to judge like any other edit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from ctdir.errors import InvalidInput
from ctdir.model import STORED_FIELDS, TEXT_FIELDS, VALUE_LIST_FIELDS, Entry

# The fields a person edits, in the model's order; ids, kinds, stamps and histories are ctdir's.
FORM_FIELDS = tuple(
    f
    for f in STORED_FIELDS
    if f in TEXT_FIELDS or f in VALUE_LIST_FIELDS or f in ("country", "verified")
)
LISTS = VALUE_LIST_FIELDS

_COMMENTS = {
    "organization": "for a hotline: who runs it",
    "country": "a code (MZ) or a name in any language",
    "phones": 'as published; "office: +258 21 310 779" sets a label',
    "verified": "the date it was last checked: YYYY-MM-DD, or today",
}
ERROR_MARK = "# ! "


def _quote(text: str, multiline: bool = False) -> str:
    """A TOML basic string; with ``multiline``, newlines stay newlines (a ``\"\"\"`` string)."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n" and multiline:
            out.append("\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    body = "".join(out)
    return f'"""\n{body}"""' if multiline else f'"{body}"'


def phone_text(phone: Mapping[str, Any]) -> str:
    """``"office: +258 21 310 779"``: how --phone and the form write a phone."""
    label = phone.get("label")
    return f"{label}: {phone['number']}" if label else str(phone["number"])


def form_values(entry: Entry) -> dict[str, Any]:
    """What the form shows for each field: text (empty for none) or a list of text."""
    values: dict[str, Any] = {}
    for field in FORM_FIELDS:
        value = entry.get(field)
        if field == "phones":
            values[field] = [phone_text(p) for p in value or []]
        elif field in LISTS:
            values[field] = [str(v) for v in value or []]
        else:
            values[field] = "" if value is None else str(value)
    return values


def entry_to_form(entry: Entry) -> str:
    """The entry as a commented TOML form."""
    what = "hotline" if entry.get("kind") == "hotline" else "contact"
    lines = [
        f"# ctdir: {what} {entry.get('id') or ''}. Change what you need, save and quit.",
        '# Quit without saving to change nothing. "" empties a field; [] empties a list.',
        "",
    ]
    for field, value in form_values(entry).items():
        if isinstance(value, list):
            shown = "[]" if not value else "[\n" + "".join(f"  {_quote(v)},\n" for v in value) + "]"
        else:
            shown = _quote(value, multiline="\n" in value)
        comment = f"  # {_COMMENTS[field]}" if field in _COMMENTS else ""
        if "\n" in shown and comment:
            lines.append(comment.strip())
            comment = ""
        lines.append(f"{field} = {shown}{comment}")
    return "\n".join(lines) + "\n"


def read_form(text: str) -> dict[str, Any]:
    """The form's values; InvalidInput naming the line for TOML the form cannot be."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"the form is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(FORM_FIELDS))
    if unknown:
        raise InvalidInput(
            f"unknown field{'s' if len(unknown) > 1 else ''} in the form: {', '.join(unknown)}",
            [f"the fields are: {', '.join(FORM_FIELDS)}"],
        )
    for field, value in data.items():
        if field in LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InvalidInput(f'{field} must be a list of quoted text: ["…", "…"]')
        elif not isinstance(value, str):
            raise InvalidInput(f'{field} must be quoted text: {field} = "…"')
    return data


def form_changes(entry: Entry, text: str) -> dict[str, Any]:
    """The ``check_entry`` values for what the user changed in the form of ``entry``.

    A field left out of the form is left as it is. A phone whose line is
    unchanged is passed on as stored, so that it is not judged again.
    """
    before = form_values(entry)
    after = read_form(text)
    changes: dict[str, Any] = {}
    for field, value in after.items():
        if value == before[field]:
            continue
        if field == "phones":
            stored = {phone_text(p): p for p in entry.get("phones") or []}
            changes[field] = [stored.get(v.strip(), v) for v in value if v.strip()]
        elif field in LISTS:
            changes[field] = [v for v in value if v.strip()]
        else:
            changes[field] = value
    return changes


def with_error(text: str, message: str) -> str:
    """The user's form again, with ``message`` at the top (replacing an earlier one)."""
    kept = [line for line in text.splitlines() if not line.startswith(ERROR_MARK)]
    marks = [f"{ERROR_MARK}{line}" for line in re.split(r"\n", message) if line]
    return "\n".join([*marks, *kept]) + "\n"
