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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from ctdir.errors import InvalidInput
from ctdir.interop.columns import SEPARATORS, is_known, read_table
from ctdir.interop.records import ParsedFile, ReadOptions, decode_text
from ctdir.model import HISTORY_FIELDS, STORED_FIELDS, Entry

# design.md's columns, then the timestamps that make a ctdir round trip whole.
COLUMNS = tuple(f for f in STORED_FIELDS if f not in ("created", "updated"))
EXPORT_COLUMNS = (*COLUMNS, "created", "updated")
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


def phone_cell(phones: Sequence[dict[str, Any]]) -> str:
    return join_values(
        (f"{p['label']}: {p['number']}" if p.get("label") else p["number"] for p in phones),
        "phones",
    )


# -- export ---------------------------------------------------------------------


def export_csv(entries: Iterable[Entry]) -> bytes:
    return b"".join(csv_chunks(entries))


def csv_chunks(entries: Iterable[Entry], rows_per_chunk: int = 1000) -> Iterator[bytes]:
    """The CSV file in pieces of ``rows_per_chunk`` rows: a large export is never held whole."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for position, entry in enumerate(entries, start=1):
        row = []
        for column in EXPORT_COLUMNS:
            if column == "phones":
                cell = phone_cell(entry.get("phones") or [])
            elif column in HISTORY_FIELDS:
                # Dated objects: a JSON array in the cell, exact both ways.
                items = entry.get(column) or []
                cell = orjson.dumps(items).decode() if items else ""
            elif column in SEPARATORS:
                cell = join_values(entry.get(column) or [], column)
            else:
                value = entry.get(column)
                cell = "" if value is None else str(value)
            row.append(neutralise_cell(cell))
        writer.writerow(row)
        if position % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# -- import ---------------------------------------------------------------------


def _header_score(line: str, delimiter: str) -> int:
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return 0
    return sum(1 for cell in cells if is_known(restore_cell(cell)))


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


def read_csv(data: bytes, options: ReadOptions | None = None) -> ParsedFile:
    text, warnings = decode_text(data)
    if "\x00" in text:
        raise InvalidInput("this is not a CSV file (it contains NUL bytes)")
    delimiter, skip = _delimiter(text)
    stream = io.StringIO(text, newline="")
    for _ in range(skip):
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header: list[str] | None = None
        header_line = skip
        while header is None:
            row = next(reader, None)
            if row is None:
                raise InvalidInput("the CSV file is empty (it needs a header line naming columns)")
            if any(cell.strip() for cell in row):
                header = [restore_cell(cell) for cell in row]
                header_line = reader.line_num + skip
        if not any(is_known(cell) for cell in header):
            raise InvalidInput(
                f"line {header_line}: the first line must name the columns "
                f"({','.join(COLUMNS)}); found {', '.join(header)[:120]!r}"
            )

        def rows() -> Iterator[tuple[str, list[str]]]:
            while True:
                start = reader.line_num + skip + 1
                offset = stream.tell()
                row = next(reader, None)
                if row is None:
                    return
                last = stream.tell() >= len(text)
                if last and reader.line_num + skip > start and text.count('"', offset) % 2:
                    # csv reads an unclosed quote to the end of the file, as one cell.
                    raise InvalidInput(f'line {start}: a quote (") opened here is never closed')
                yield f"line {start}", [restore_cell(cell) for cell in row]

        records, sheet_warnings = read_table(
            header, rows(), options or ReadOptions(), f"line {header_line}"
        )
    except csv.Error as exc:
        raise InvalidInput(f"line {reader.line_num + skip}: cannot read the CSV: {exc}") from None
    warnings.extend(sheet_warnings)
    if delimiter != ",":
        warnings.append(f"read with {delimiter!r} as the delimiter")
    return ParsedFile(records, warnings)
