"""CSV in the columns of design.md, safe to open in a spreadsheet and lossless to read back.

Export neutralises cells a spreadsheet would run as a formula the OWASP way (a
leading single quote) and import undoes it, so ``=SUM(A1)`` or ``+258 21 310
779`` survives a round trip. Multi-valued cells hold ``;``-separated values;
a separator inside a value is escaped with a backslash so that nothing is lost
either. Import also takes what people write by hand or save from a
spreadsheet: missing columns, a BOM, ``;`` as the delimiter, ``label: number``
phones, commas or line breaks between phones and emails.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ctdir.errors import InvalidInput
from ctdir.interop.records import ParsedFile, Record, decode_text
from ctdir.model import STORED_FIELDS, Entry

# design.md's columns, then the timestamps that make a ctdir round trip whole.
COLUMNS = tuple(f for f in STORED_FIELDS if f not in ("created", "updated"))
EXPORT_COLUMNS = (*COLUMNS, "created", "updated")
TEXT_COLUMNS = ("name", "title", "organization", "office", "city", "hours", "notes", "source")

# What hand-made headers call the columns.
ALIASES = {
    "type": "kind",
    "uid": "id",
    "org": "organization",
    "organisation": "organization",
    "operator": "organization",
    "phone": "phones",
    "phone numbers": "phones",
    "phone number": "phones",
    "numbers": "phones",
    "number": "phones",
    "telephone": "phones",
    "tel": "phones",
    "email": "emails",
    "e-mail": "emails",
    "email addresses": "emails",
    "language": "languages",
    "note": "notes",
    "date verified": "verified",
    "last verified": "verified",
}

# Separators of values inside one cell, by column. Phones and emails never
# contain "," so hand-written "a, b" splits; a language may ("Chinese, Mandarin").
SEPARATORS = {"phones": ";,\n", "emails": ";,\n", "languages": ";\n"}
JOIN = "; "

# A cell a spreadsheet would evaluate, possibly behind quotes we added before.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_SEP_LINE = re.compile(r"^sep=(.)\s*$", re.IGNORECASE)
DELIMITERS = (",", ";", "\t")


def neutralise_cell(text: str) -> str:
    """``=1+1`` -> ``'=1+1``; ``'=x`` -> ``''=x`` so that import gives back exactly ``'=x``."""
    return "'" + text if _FORMULA.match(text) else text


def restore_cell(text: str) -> str:
    """Undo ``neutralise_cell``: one leading quote goes when a formula character follows."""
    if text.startswith("'") and _FORMULA.match(text, 1):
        return text[1:]
    return text


def join_values(values: Iterable[str], column: str) -> str:
    seps = SEPARATORS[column].replace("\n", "")
    out = []
    for value in values:
        value = value.replace("\\", "\\\\")
        for sep in seps:
            value = value.replace(sep, "\\" + sep)
        out.append(value)
    return JOIN.join(out)


def split_values(text: str, column: str) -> list[str]:
    """Split a multi-valued cell; ``\\;`` is a literal ``;`` and ``\\\\`` a backslash."""
    seps = SEPARATORS[column]
    if "\\" not in text:
        return [v.strip() for v in re.split(f"[{re.escape(seps)}]", text) if v.strip()]
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and (text[i + 1] in seps or text[i + 1] == "\\"):
            current.append(text[i + 1])
            i += 2
            continue
        if char in seps:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    items.append("".join(current))
    return [v.strip() for v in items if v.strip()]


def phone_cell(phones: Sequence[dict[str, Any]]) -> str:
    return join_values(
        (f"{p['label']}: {p['number']}" if p.get("label") else p["number"] for p in phones),
        "phones",
    )


def parse_phone_value(text: str) -> dict[str, Any]:
    """``"office: +258 21 310 779"`` -> number and label; numbers never hold a colon."""
    label, sep, number = text.rpartition(":")
    if not sep:
        return {"number": text.strip(), "label": None}
    label = label.strip()
    if label.lower() == "tel":  # a tel: URI pasted into a cell
        label = ""
    return {"number": number.strip(), "label": label or None}


# -- export ---------------------------------------------------------------------


def export_csv(entries: Iterable[Entry]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries:
        row = []
        for column in EXPORT_COLUMNS:
            if column == "phones":
                cell = phone_cell(entry.get("phones") or [])
            elif column in SEPARATORS:
                cell = join_values(entry.get(column) or [], column)
            else:
                value = entry.get(column)
                cell = "" if value is None else str(value)
            row.append(neutralise_cell(cell))
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


# -- import ---------------------------------------------------------------------


def _column_key(cell: str) -> str | None:
    key = " ".join(restore_cell(cell).replace("_", " ").split()).lower()
    if key in EXPORT_COLUMNS:
        return key
    return ALIASES.get(key)


def _header_score(line: str, delimiter: str) -> int:
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return 0
    return sum(1 for cell in cells if _column_key(cell))


def _delimiter(text: str) -> tuple[str, int]:
    """The delimiter, and how many lines come before the header's (an Excel ``sep=`` line).

    Decided from the header (whichever delimiter splits it into the most known
    column names), which is sturdier than guessing from the data: a European
    spreadsheet's ``;`` file has commas in its cells.
    """
    stream = io.StringIO(text, newline="")
    skip = 0
    line = stream.readline()
    while line and not line.strip():
        skip += 1
        line = stream.readline()
    sep = _SEP_LINE.match(line.strip())
    if sep:
        return sep.group(1), skip + 1
    best = max(DELIMITERS, key=lambda d: _header_score(line, d))
    return best, 0


def read_csv(data: bytes) -> ParsedFile:
    text, warnings = decode_text(data)
    if "\x00" in text:
        raise InvalidInput("this is not a CSV file (it contains NUL bytes)")
    delimiter, skip = _delimiter(text)
    stream = io.StringIO(text, newline="")
    for _ in range(skip):
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter)
    records: list[Record] = []
    try:
        header: list[str] | None = None
        header_line = skip
        while header is None:
            row = next(reader, None)
            if row is None:
                raise InvalidInput("the CSV file is empty (it needs a header line naming columns)")
            if any(cell.strip() for cell in row):
                header = row
                header_line = reader.line_num + skip
        columns = [_column_key(cell) for cell in header]
        known = [c for c in columns if c]
        if not known:
            raise InvalidInput(
                f"line {header_line}: the first line must name the columns "
                f"({','.join(COLUMNS)}); found {', '.join(header)[:120]!r}"
            )
        if "name" not in known:
            raise InvalidInput(f"line {header_line}: the CSV has no name column")
        ignored = [cell.strip() for cell, key in zip(header, columns, strict=True) if not key]
        if ignored:
            warnings.append(f"ignored unknown columns: {', '.join(ignored)}")
        repeated = sorted(c for c, n in Counter(known).items() if n > 1)
        if repeated:
            raise InvalidInput(f"line {header_line}: repeated columns: {', '.join(repeated)}")
        if delimiter != ",":
            warnings.append(f"read with {delimiter!r} as the delimiter")
        while True:
            start = reader.line_num + skip + 1
            offset = stream.tell()
            row = next(reader, None)
            if row is None:
                break
            last = stream.tell() >= len(text)
            if last and reader.line_num + skip > start and text.count('"', offset) % 2:
                # csv reads an unclosed quote to the end of the file, as one cell.
                raise InvalidInput(f'line {start}: a quote (") opened here is never closed')
            if not any(cell.strip() for cell in row):
                continue
            records.append(_record(row, columns, f"line {start}"))
    except csv.Error as exc:
        raise InvalidInput(f"line {reader.line_num + skip}: cannot read the CSV: {exc}") from None
    return ParsedFile(records, warnings)


def _record(row: list[str], columns: list[str | None], where: str) -> Record:
    record = Record(where)
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
        record.error = f"{len(row)} cells, but the header names {len(columns)} columns"
    for key, raw in zip(columns, row, strict=False):
        if not key:
            continue
        # Spreadsheets on Windows may keep CR LF inside a cell; stored text never has CR.
        cell = restore_cell(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
        if key == "id":
            record.entry_id = cell or None
        elif key == "kind":
            record.kind = cell.lower() or None
        elif key in ("created", "updated"):
            setattr(record, key, cell or None)
        elif key == "phones":
            record.values["phones"] = [parse_phone_value(v) for v in split_values(cell, key)]
        elif key in SEPARATORS:
            record.values[key] = split_values(cell, key)
        else:
            record.values[key] = cell or None
    return record
