"""Excel workbooks (.xlsx): one sheet read as a table, through openpyxl.

The workbook is opened read-only (rows stream; nothing is kept but the
values) with ``data_only=True``: a formula cell gives the value Excel saved
with it and is never evaluated. A workbook written by a program rather than
saved by a spreadsheet has formulas with no saved value: such a cell is read
a second time for its formula, and its row is reported. Columns are
recognised as in a CSV (``columns.py``); a few one-cell rows above the header
(a title, a date) are passed over, with a warning. Work is bounded, so that a hostile
or mistaken workbook gets a message rather than a hang: the unpacked size,
the rows of the sheet (empty ones included) and its columns.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from ctdir.errors import InvalidInput
from ctdir.interop.columns import UnsavedFormula, is_known, read_table
from ctdir.interop.records import ParsedFile, ReadOptions, word_key

MAX_ROWS = 100_000  # rows of the sheet, empty ones included
MAX_COLUMNS = 1_000
MAX_UNPACKED = 512 * 1024 * 1024  # bytes of XML once unzipped
MAX_TITLE_ROWS = 5  # one-cell rows above the header taken as the sheet's title


def read_xlsx(data: bytes, options: ReadOptions | None = None) -> ParsedFile:
    options = options or ReadOptions()
    formulas = _check_archive(data)
    workbook = _open(data, values=True)
    # The same workbook as formulas, to tell a formula with no saved value from an empty cell.
    as_written = _open(data, values=False) if formulas else None
    try:
        sheet = _sheet(workbook, options.sheet)
        written = _sheet(as_written, sheet.title) if as_written is not None else None
        parsed = _read_sheet(sheet, options, written)
        if options.sheet is None and len(workbook.sheetnames) > 1:
            parsed.warnings.insert(
                0,
                f"read the first sheet, {sheet.title!r}, of {len(workbook.sheetnames)} "
                "(choose another with --sheet NAME)",
            )
        return parsed
    finally:
        workbook.close()
        if as_written is not None:
            as_written.close()


def _open(data: bytes, values: bool) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    # openpyxl raises whatever its XML and zip readers raise on a damaged file
    # (KeyError for a missing part, ParseError, ValueError…): all mean "unreadable".
    except Exception as exc:
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise InvalidInput(f"cannot read the workbook: {reason}") from None


def _check_archive(data: bytes) -> bool:
    """Refuse what is not a workbook, or one too large; whether a sheet holds a formula."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        hint = "an old .xls workbook? " if data[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise InvalidInput(
            f"this is not an .xlsx workbook ({hint}save it from the spreadsheet as .xlsx or CSV)"
        ) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED:
        raise InvalidInput(
            f"the workbook unpacks to {unpacked / 2**20:,.0f} MB; ctdir reads workbooks of up "
            f"to {MAX_UNPACKED // 2**20} MB (save the contacts sheet alone, or as CSV)"
        )
    return any(
        _holds_formula(archive, info.filename)
        for info in archive.infolist()
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    )


def _holds_formula(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a sheet's XML has a formula element (read in pieces, never whole)."""
    tail = b""
    try:
        with archive.open(name) as part:
            while chunk := part.read(1 << 20):
                text = tail + chunk
                if b"<f>" in text or b"<f " in text:
                    return True
                tail = text[-3:]
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return False  # openpyxl reports the damage when it reads the workbook
    return False


def _sheet(workbook: Any, wanted: str | None) -> Any:
    names = list(workbook.sheetnames)
    if wanted is None:
        for sheet in workbook.worksheets:
            return sheet
        raise InvalidInput("the workbook has no worksheet")
    chosen = next((n for n in names if n == wanted), None) or next(
        (n for n in names if n.casefold() == wanted.strip().casefold()), None
    )
    if chosen is None:
        raise InvalidInput(
            f"no sheet named {wanted!r}", [f"the sheets are: {', '.join(repr(n) for n in names)}"]
        )
    sheet = workbook[chosen]
    if not hasattr(sheet, "iter_rows"):
        raise InvalidInput(f"sheet {chosen!r} is a chart, not a table")
    return sheet


def _rows(sheet: Any, written: Any | None) -> Iterator[tuple[int, Sequence[Any]]]:
    declared = sheet.max_row  # from the sheet's <dimension>, which may be missing or wrong
    if declared is not None and declared > MAX_ROWS:
        raise _too_many_rows(sheet)  # at once, rather than after reading MAX_ROWS rows
    # openpyxl stops at the declared last row: forget it, so that no row is dropped unseen.
    sheet.reset_dimensions()
    rows: Iterator[Sequence[Any]] = sheet.iter_rows(values_only=True)
    if written is not None:
        written.reset_dimensions()
        rows = map(_with_formulas, rows, written.iter_rows(values_only=True))
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _too_many_rows(sheet)
        if len(row) > MAX_COLUMNS and any(v is not None for v in row[MAX_COLUMNS:]):
            raise InvalidInput(
                f"sheet {sheet.title!r}, row {number}: more than {MAX_COLUMNS:,} columns; "
                "ctdir reads at most that many"
            )
        yield number, row


def _with_formulas(values: Sequence[Any], written: Sequence[Any]) -> Sequence[Any]:
    """A row's values, a formula that has no saved value standing for itself."""
    return tuple(
        UnsavedFormula(formula)
        if value is None and isinstance(formula, str) and formula.startswith("=")
        else value
        for value, formula in zip(values, written, strict=False)
    ) + tuple(values[len(written) :])


def _too_many_rows(sheet: Any) -> InvalidInput:
    return InvalidInput(
        f"sheet {sheet.title!r} has more than {MAX_ROWS:,} rows (empty formatted rows "
        f"count too); ctdir imports at most {MAX_ROWS:,} from one sheet: delete the "
        "empty rows below the table, or split it into several files"
    )


def _read_sheet(sheet: Any, options: ReadOptions, written: Any | None) -> ParsedFile:
    rows = _rows(sheet, written)
    titles: list[str] = []  # one-cell rows above the table ("Contacts, March 2025")
    for number, row in rows:
        cells = _trim(["" if v is None else str(v).strip() for v in row])
        filled = [c for c in cells if c]
        if not filled:
            continue
        if (
            len(filled) == 1
            and len(titles) < MAX_TITLE_ROWS
            and not _names_a_column(filled[0], options)
        ):
            titles.append(f"row {number}")
            continue
        records, warnings = read_table(
            cells,
            ((f"row {n}", list(values)) for n, values in rows),
            options,
            f"sheet {sheet.title!r}, row {number}",
        )
        if titles:
            warnings.insert(0, f"{', '.join(titles)} above the header read as a title, not data")
        return ParsedFile(records, warnings)
    raise InvalidInput(f"sheet {sheet.title!r} is empty (it needs a header row naming columns)")


def _names_a_column(cell: str, options: ReadOptions) -> bool:
    key = word_key(cell)
    named = {word_key(c) for c in [*options.mapping, *options.ignore]}
    return key in named or is_known(cell)


def _trim(header: list[str]) -> list[str]:
    """The header without the empty cells at its end (a formatted cell is an empty one)."""
    while header and not header[-1].strip():
        header.pop()
    return header
